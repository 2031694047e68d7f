//! The bottom line: the latest notice, then the key hints of the live key table (from the
//! keymap), cut at the screen's edge.

use super::theme;
use crate::tui::app::App;
use crate::tui::input::keymap;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// Draws the bottom line.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let options = app.options();
    let mut spans = Vec::new();
    if let Some(notice) = app.notice() {
        spans.push(Span::styled(
            format!("{}  ", theme::text(options, notice)),
            theme::notice_style(options),
        ));
    }
    let hints = keymap::hints(app.mode()).join("  ");
    spans.push(Span::styled(
        theme::text(options, &hints),
        theme::dim(options),
    ));
    Line::from(spans).render(area, buf);
}
