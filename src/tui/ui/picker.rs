//! The picker overlay (`p` landscapes, `P` optimizers, `T` the tour's chapters): the filter
//! typed so far and the matching names; inside the tour, in the tour's language.

use crate::tui::app::named_keys;
use crate::tui::app::{Pick, Picker};
use crate::tui::derive::layout::centered;
use crate::tui::theme;
use crate::tui::theme::Options;
use crate::tui::tour::{Lang, UI, fill, hint_word};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

/// The narrowest picker box.
const MIN_WIDTH: u16 = 34;

/// Columns of the box around a name: the borders and the `" > "` before it, a space after.
const NAME_MARGIN: usize = 6;

/// Draws the picker centred in `area`, its words in `lang` (the tour's language, English
/// outside the tour).
pub fn render(picker: &Picker, options: Options, lang: Lang, area: Rect, buf: &mut Buffer) {
    let matches = picker.matches();
    // As wide as the widest of all the names, so that the box keeps its width while typing.
    let widest = (picker.names().iter())
        .map(|name| name.width())
        .max()
        .unwrap_or(0);
    let width = u16::try_from(widest + NAME_MARGIN).map_or(u16::MAX, |w| w.max(MIN_WIDTH));
    let popup = centered(area, width, matches.len().max(1) as u16 + 4);
    Clear.render(popup, buf);
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let title = match picker.pick() {
        Pick::Landscape => hint_word(lang, "landscape"),
        Pick::Optimizer => hint_word(lang, "optimizer"),
        Pick::Schedule => hint_word(lang, "schedule"),
        Pick::Chapter => UI.list_title.get(lang),
    };
    let block = theme::block(options)
        .title(Line::styled(format!(" {title} "), bold))
        .title_bottom(Line::styled(
            format!(" {} ", fill(UI.list_keys.get(lang), &named_keys::values())),
            theme::dim(options),
        ));
    let inner = block.inner(popup);
    block.render(popup, buf);
    let visible = usize::from(inner.height.saturating_sub(2));
    let first = picker.selected().saturating_sub(visible.saturating_sub(1));
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!(" {}: ", UI.filter.get(lang)), theme::dim(options)),
            Span::styled(format!("{}_", picker.filter()), bold),
        ]),
        Line::raw(""),
    ];
    if matches.is_empty() {
        lines.push(Line::styled(
            format!("  {}", UI.no_match.get(lang)),
            theme::dim(options),
        ));
    }
    for (i, name) in matches.iter().enumerate().skip(first).take(visible) {
        lines.push(if i == picker.selected() {
            Line::styled(format!(" > {name}"), bold.add_modifier(Modifier::REVERSED))
        } else {
            Line::raw(format!("   {name}"))
        });
    }
    Paragraph::new(lines).render(inner, buf);
}
