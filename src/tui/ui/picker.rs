//! The picker overlay (`p` landscapes, `P` optimizers): the filter typed so far and the
//! matching names.

use super::layout::centered;
use super::theme;
use crate::tui::app::{Pick, Picker};
use crate::tui::config::Options;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

/// Width of the picker box.
const WIDTH: u16 = 34;

/// Draws the picker centred in `area`.
pub fn render(picker: &Picker, options: Options, area: Rect, buf: &mut Buffer) {
    let matches = picker.matches();
    let popup = centered(area, WIDTH, matches.len().max(1) as u16 + 4);
    Clear.render(popup, buf);
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let block = theme::block(options)
        .title(Line::styled(
            match picker.pick() {
                Pick::Landscape => " landscape ",
                Pick::Optimizer => " optimizer ",
                Pick::Chapter => " chapter ",
            },
            bold,
        ))
        .title_bottom(Line::styled(
            " Enter take, Esc cancel ",
            theme::dim(options),
        ));
    let inner = block.inner(popup);
    block.render(popup, buf);
    let visible = usize::from(inner.height.saturating_sub(2));
    let first = picker.selected().saturating_sub(visible.saturating_sub(1));
    let mut lines = vec![
        Line::from(vec![
            Span::styled(" filter: ", theme::dim(options)),
            Span::styled(format!("{}_", picker.filter()), bold),
        ]),
        Line::raw(""),
    ];
    if matches.is_empty() {
        lines.push(Line::styled("  no match", theme::dim(options)));
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
