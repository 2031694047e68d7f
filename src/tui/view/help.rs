//! The help overlay (`?`): every key, and how the sparklines are scaled.

use super::theme;
use crate::tui::app::App;
use crate::tui::layout::centered;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};

/// Every key and what it does.
const KEYS: [(&str, &str); 22] = [
    ("Space", "run / pause"),
    ("s .", "one step"),
    ("n", "noise kick, radius sigma"),
    ("N", "continuous noise on/off"),
    ("{ }", "sigma halve / double"),
    ("o O", "next / prev optimizer"),
    ("Tab S-Tab", "next / prev landscape"),
    ("p", "landscape picker"),
    ("e", "edit the formula"),
    ("[ ]", "lr halve / double"),
    ("< >", "slower / faster"),
    ("+ = -", "zoom in / out"),
    ("arrows hjkl", "pan"),
    ("0", "reset view"),
    ("r", "reset run to its start"),
    ("c", "clear trails"),
    ("m", "race mode on/off"),
    ("1-9", "show / hide racer"),
    ("v", "select next racer"),
    ("click", "new start there"),
    ("?", "this help (Esc closes)"),
    ("q Esc C-c", "quit"),
];

/// Notes under the key table.
const NOTES: [&str; 2] = [
    "sparklines: whole run, log10 |grad| and log10(loss - best min)",
    "o O [ ] act on the selected racer (v selects the next one)",
];

/// Width of the key column.
const KEY_WIDTH: usize = 12;

/// Width of a column of keys and descriptions.
const COLUMN_WIDTH: usize = 38;

/// Draws the overlay centred in `area`.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let options = app.options();
    let one_column_fits = usize::from(area.height) >= KEYS.len() + 2 * NOTES.len() + 3;
    let columns: usize = if area.width >= 78 || !one_column_fits {
        2
    } else {
        1
    };
    let rows = KEYS.len().div_ceil(columns);
    let width = (columns * COLUMN_WIDTH + 2).min(usize::from(area.width));
    let note_rows: usize = NOTES
        .iter()
        .map(|n| (n.len() + 1).div_ceil(width.saturating_sub(2).max(1)))
        .sum();
    let height = (rows + note_rows + 3) as u16;
    let popup = centered(area, width as u16, height);
    let key_style = Style::new().add_modifier(Modifier::BOLD);
    Clear.render(popup, buf);
    let block = theme::block(options).title(Line::styled(" keys ", key_style));
    let inner = block.inner(popup);
    block.render(popup, buf);
    let [table, notes] =
        Layout::vertical([Constraint::Length(rows as u16 + 1), Constraint::Fill(1)]).areas(inner);
    let cells = Layout::horizontal(vec![Constraint::Fill(1); columns]).split(table);
    for (column, chunk) in cells.iter().zip(KEYS.chunks(rows)) {
        let lines: Vec<Line> = chunk
            .iter()
            .map(|(key, what)| {
                Line::from(vec![
                    Span::styled(format!(" {key:<KEY_WIDTH$}"), key_style),
                    Span::raw(*what),
                ])
            })
            .collect();
        Paragraph::new(lines).render(*column, buf);
    }
    let lines: Vec<Line> = NOTES
        .iter()
        .map(|n| Line::styled(format!(" {n}"), theme::dim(options)))
        .collect();
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(notes, buf);
}

#[cfg(test)]
mod tests {
    use super::KEYS;
    use crate::tui::action::{Mode, action_for};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    /// The key presses a help entry's key column names (a click is a mouse action).
    fn presses(column: &str) -> Vec<KeyEvent> {
        let plain = |code| KeyEvent::new(code, KeyModifiers::NONE);
        column
            .split_whitespace()
            .flat_map(|token| match token {
                "Space" => vec![plain(KeyCode::Char(' '))],
                "Tab" => vec![plain(KeyCode::Tab)],
                "S-Tab" => vec![KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)],
                "Esc" => vec![plain(KeyCode::Esc)],
                "C-c" => vec![KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)],
                "arrows" => [KeyCode::Up, KeyCode::Down, KeyCode::Left, KeyCode::Right]
                    .into_iter()
                    .map(plain)
                    .collect(),
                "1-9" => ('1'..='9').map(|c| plain(KeyCode::Char(c))).collect(),
                "click" => Vec::new(),
                word => word.chars().map(|c| plain(KeyCode::Char(c))).collect(),
            })
            .collect()
    }

    #[test]
    fn every_key_in_the_help_is_bound() {
        for (column, meaning) in KEYS {
            let keys = presses(column);
            assert!(!keys.is_empty() || column == "click", "{column}");
            for key in keys {
                assert!(
                    action_for(key, Mode::Normal).is_some(),
                    "help says {column:?} does {meaning:?}, but {key:?} is not bound"
                );
            }
        }
    }
}
