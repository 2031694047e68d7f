//! A drawn frame as lines of text: the symbols alone, or written through ratatui's crossterm
//! backend — the explorer's own buffer-to-terminal path — so that `plateau render --color
//! always` carries the same foreground, background and attributes the explorer writes.

use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::buffer::{Buffer, Cell};
use ratatui::crossterm::cursor::MoveTo;
use ratatui::crossterm::queue;
use std::io;
use unicode_width::UnicodeWidthStr;

/// The cells of row `y` of `buf` that a terminal shows, with their columns: a cell hidden
/// behind a wide symbol before it is left out (as ratatui's own buffer diff leaves it out).
pub fn visible(buf: &Buffer, y: u16) -> impl Iterator<Item = (u16, &Cell)> {
    let area = buf.area;
    let mut hidden = 0usize;
    (area.left()..area.right()).filter_map(move |x| {
        let cell = &buf[(x, y)];
        if hidden > 0 {
            hidden -= 1;
            return None;
        }
        hidden = cell.symbol().width().saturating_sub(1);
        Some((x, cell))
    })
}

/// The rows of `buf` as plain text, trailing blanks trimmed.
pub fn plain(buf: &Buffer) -> Vec<String> {
    let area = buf.area;
    (area.top()..area.bottom())
        .map(|y| {
            let line: String = visible(buf, y).map(|(_, cell)| cell.symbol()).collect();
            line.trim_end().to_owned()
        })
        .collect()
}

/// The rows of `buf` as the crossterm backend writes them: each row's cells handed to
/// [`CrosstermBackend::draw`] as one run, so that it sets the colours and attributes as in
/// the explorer and resets them at the row's end. The backend starts every run with a
/// cursor move to its first cell; a line printed where the cursor already is drops it.
pub fn ansi(buf: &Buffer) -> io::Result<Vec<String>> {
    let mut home = Vec::new();
    queue!(home, MoveTo(0, 0))?;
    let area = buf.area;
    (area.top()..area.bottom())
        .map(|y| {
            let mut bytes = Vec::new();
            // Numbered from 0 without gaps: one run, one cursor move, however wide the
            // symbols.
            let run = visible(buf, y)
                .zip(0u16..)
                .map(|((_, cell), x)| (x, 0, cell));
            CrosstermBackend::new(&mut bytes).draw(run)?;
            let line = bytes.strip_prefix(home.as_slice()).ok_or_else(|| {
                io::Error::other("the crossterm backend did not start the row with a move")
            })?;
            String::from_utf8(line.to_vec()).map_err(io::Error::other)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Style};

    #[test]
    fn a_wide_symbol_hides_the_cell_after_it() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 6, 1));
        buf.set_string(0, 0, "a平b", Style::new());
        let columns: Vec<u16> = visible(&buf, 0).map(|(x, _)| x).collect();
        assert_eq!(columns, [0, 1, 3, 4, 5]);
        assert_eq!(plain(&buf), ["a平b"]);
    }

    #[test]
    fn a_row_keeps_its_background_and_ends_reset() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 3, 2));
        buf.set_string(
            0,
            1,
            "xy",
            Style::new().fg(Color::Indexed(17)).bg(Color::Indexed(22)),
        );
        let lines = ansi(&buf).expect("written");
        assert_eq!(lines[0], "   \x1b[39m\x1b[49m\x1b[59m\x1b[0m");
        assert_eq!(
            lines[1],
            "\x1b[38;5;17;48;5;22mxy\x1b[39;49m \x1b[39m\x1b[49m\x1b[59m\x1b[0m"
        );
        assert!(!lines[1].contains("\x1b[1;1H"));
    }
}
