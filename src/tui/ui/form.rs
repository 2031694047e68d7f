//! The hyperparameter form overlay (`H`): one row per hyperparameter of the selected
//! optimizer with its value and one for its schedule (a long value wraps under itself), the
//! selected row's help under the table, and while a row is edited its one-line editor and the
//! reason a value was refused.

use super::readout;
use crate::tui::app::{Field, Form};
use crate::tui::derive::layout::centered;
use crate::tui::theme;
use crate::tui::theme::Options;
use plateau_core::optim::Value;
use plateau_core::text::format;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

/// Width of the form box.
const WIDTH: u16 = 58;

/// Width of the name column.
const NAME_WIDTH: usize = 28;

/// A value as the form shows it: numbers in short form, the rest as written.
fn shown(value: &Field) -> String {
    match value {
        Field::Hyper(Value::Float(v)) => format::short(*v, 4),
        Field::Hyper(Value::Pair(a, b)) => {
            format!("{},{}", format::short(*a, 4), format::short(*b, 4))
        }
        other => other.text(),
    }
}

/// `value` in lines of at most `width` characters: broken at spaces, and a word longer than
/// the column (a schedule's `ReduceLROnPlateau(factor=0.5,`) broken where the column ends.
fn column(value: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for line in readout::wrap(value, width) {
        let chars: Vec<char> = line.chars().collect();
        lines.extend(chars.chunks(width).map(|c| c.iter().collect::<String>()));
    }
    lines
}

/// Draws the form centred in `area`.
pub fn render(form: &Form, options: Options, area: Rect, buf: &mut Buffer) {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let inner_width = usize::from(WIDTH.min(area.width).saturating_sub(4));
    let mut lines: Vec<Line> = Vec::new();
    let value_width = inner_width.saturating_sub(NAME_WIDTH + 1).max(1);
    for (i, row) in form.rows().iter().enumerate() {
        let selected = i == form.selected();
        let value = match (selected, form.editing()) {
            (true, Some(editor)) => format!("{}_", editor.text()),
            _ => shown(&row.value),
        };
        for (k, part) in column(&value, value_width).iter().enumerate() {
            let name = if k == 0 { row.name } else { "" };
            let text = format!(" {name:<NAME_WIDTH$}{part}");
            lines.push(if selected {
                Line::styled(text, bold.add_modifier(Modifier::REVERSED))
            } else {
                Line::raw(text)
            });
        }
    }
    lines.push(Line::raw(""));
    let (note, style) = match form.error() {
        Some(error) => (error.to_owned(), theme::notice_style(options)),
        None => (
            form.rows()[form.selected()].help.to_owned(),
            theme::dim(options),
        ),
    };
    for line in readout::wrap(&theme::text(options, &note), inner_width) {
        lines.push(Line::styled(format!(" {line}"), style));
    }
    let hint = if form.editing().is_some() {
        " Enter apply, Esc cancel "
    } else {
        " Enter edit, Esc close "
    };
    let popup = centered(area, WIDTH, lines.len() as u16 + 2);
    Clear.render(popup, buf);
    let block = theme::block(options)
        .title(Line::from(vec![
            Span::styled(" hyperparameters of ", bold),
            Span::styled(format!("{} ", form.optimizer()), bold),
        ]))
        .title_bottom(Line::styled(hint, theme::dim(options)));
    Paragraph::new(lines).block(block).render(popup, buf);
}
