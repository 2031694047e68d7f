//! The bottom line: the latest notice, then the key hints of the live key table (from the
//! keymap) that fit, by priority: help and quit always; inside the tour, in its language.

use crate::tui::app::App;
use crate::tui::app::keymap;
use crate::tui::theme;
use crate::tui::tour;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

/// Draws the bottom line.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let options = app.options();
    let mut spans = Vec::new();
    let mut width = usize::from(area.width);
    if let Some(notice) = app.notice() {
        let notice = format!("{}  ", theme::text(options, notice));
        width = width.saturating_sub(notice.width());
        spans.push(Span::styled(notice, theme::notice_style(options)));
    }
    // Inside the tour the words are in the tour's language.
    let lang = app.tour().map(|t| t.lang);
    let word = |en: &'static str| lang.map_or(en, |lang| tour::hint_word(lang, en));
    let hints = keymap::fitting_hints(app.mode(), width, &word).join("  ");
    spans.push(Span::styled(
        theme::text(options, &hints),
        theme::dim(options),
    ));
    Line::from(spans).render(area, buf);
}
