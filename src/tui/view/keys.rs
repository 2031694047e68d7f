//! The bottom line: the latest notice, then a one-line key hint.

use super::theme;
use crate::tui::action::Mode;
use crate::tui::app::App;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// The key hint, most useful keys first (the line is cut at the screen's edge).
const HINT: &str = "Space run  s step  n kick  o optimizer  [ ] lr  < > speed  Tab landscape  \
                    p pick  e formula  m race  r reset  ? help  click start  q quit";

/// The key hint while the formula editor is open.
const EDIT_HINT: &str = "Enter apply  Esc cancel  Left Right Home End move  Ctrl-U delete before \
                         cursor";

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
    let hint = match app.mode() {
        Mode::Edit => EDIT_HINT,
        _ => HINT,
    };
    spans.push(Span::styled(hint, theme::dim(options)));
    Line::from(spans).render(area, buf);
}
