//! The help overlay (`?`): every key of the main screen, from the keymap, and how to read
//! the charts.

use crate::tui::app::App;
use crate::tui::app::Mode;
use crate::tui::app::keymap;
use crate::tui::derive::layout::centered;
use crate::tui::theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};

/// Notes under the key table.
const NOTES: [&str; 3] = [
    "charts: whole run, log(loss - L*) (symlog if < 0), log |grad|; x: log steps",
    "shaded: stalled; tags o n l h r e: optimizer kick lr hyper reset escape",
    "o O [ ] act on the selected racer (v selects the next one)",
];

/// Width of the key column.
const KEY_WIDTH: usize = 12;

/// Width of a column of keys and descriptions.
const COLUMN_WIDTH: usize = 38;

/// Draws the overlay centred in `area`.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let options = app.options();
    let keys: Vec<(String, &str)> = keymap::bindings(Mode::Normal)
        .map(|b| (theme::text(options, &b.label()), b.help))
        .collect();
    let one_column_fits = usize::from(area.height) >= keys.len() + 2 * NOTES.len() + 3;
    let columns: usize = if area.width >= 78 || !one_column_fits {
        2
    } else {
        1
    };
    let rows = keys.len().div_ceil(columns);
    let width = (columns * COLUMN_WIDTH + 2).min(usize::from(area.width));
    // The notes, after a blank line, as many as fit above the bottom line.
    let room = usize::from(area.height.saturating_sub(1));
    let mut height = rows + 2;
    let mut notes_shown = 0;
    for n in NOTES {
        let more =
            (n.len() + 1).div_ceil(width.saturating_sub(2).max(1)) + usize::from(notes_shown == 0);
        if height + more > room {
            break;
        }
        height += more;
        notes_shown += 1;
    }
    let height = height as u16;
    let popup = centered(area, width as u16, height);
    let key_style = Style::new().add_modifier(Modifier::BOLD);
    Clear.render(popup, buf);
    let block = theme::block(options).title(Line::styled(" keys ", key_style));
    let inner = block.inner(popup);
    block.render(popup, buf);
    let [table, notes] =
        Layout::vertical([Constraint::Length(rows as u16 + 1), Constraint::Fill(1)]).areas(inner);
    let cells = Layout::horizontal(vec![Constraint::Fill(1); columns]).split(table);
    for (column, chunk) in cells.iter().zip(keys.chunks(rows)) {
        let lines: Vec<Line> = chunk
            .iter()
            .map(|(key, what)| {
                Line::from(vec![
                    Span::styled(format!(" {key:<KEY_WIDTH$}"), key_style),
                    Span::raw(theme::text(options, what)),
                ])
            })
            .collect();
        Paragraph::new(lines).render(*column, buf);
    }
    let lines: Vec<Line> = (NOTES.iter().take(notes_shown))
        .map(|n| Line::styled(format!(" {n}"), theme::dim(options)))
        .collect();
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(notes, buf);
}
