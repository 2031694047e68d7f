//! Wide (two-column) characters between frames. ratatui's diff skips the cell behind a wide
//! character, so when a row that held Japanese text changes, a terminal may keep halves of
//! the old characters and garble the new text. Such rows are first drawn blank, in a frame
//! of their own, with every cell written whatever the last frame had there.

use ratatui::buffer::{Buffer, CellDiffOption};
use unicode_width::UnicodeWidthStr;

/// Whether any cell of `buf` holds a wide character.
pub fn any(buf: &Buffer) -> bool {
    buf.content.iter().any(|cell| cell.symbol().width() > 1)
}

/// The rows (screen rows) that differ between `last` and `next` and hold a wide character
/// in either; none when the two are not the same size (the screen is redrawn whole then).
pub fn changed_rows(last: &Buffer, next: &Buffer) -> Vec<u16> {
    if last.area != next.area || last.area.width == 0 {
        return Vec::new();
    }
    let width = usize::from(last.area.width);
    let wide = |row: &[ratatui::buffer::Cell]| row.iter().any(|c| c.symbol().width() > 1);
    (last.content.chunks(width).zip(next.content.chunks(width)))
        .zip(last.area.top()..)
        .filter(|((old, new), _)| old != new && (wide(old) || wide(new)))
        .map(|(_, y)| y)
        .collect()
}

/// Draws the screen rows `rows` of `buf` blank, every cell to be written.
pub fn blank(rows: &[u16], buf: &mut Buffer) {
    let area = buf.area;
    for &y in rows
        .iter()
        .filter(|&&y| y >= area.top() && y < area.bottom())
    {
        for x in area.left()..area.right() {
            let cell = &mut buf[(x, y)];
            cell.reset();
            cell.set_diff_option(CellDiffOption::AlwaysUpdate);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    fn buffer(lines: &[&str]) -> Buffer {
        Buffer::with_lines(lines.iter().copied())
    }

    #[test]
    fn only_changed_rows_with_wide_characters_are_blanked() {
        let last = buffer(&["ab  ", "日本", "cd  ", "本日"]);
        let next = buffer(&["ax  ", "日本", "cd  ", "本x "]);
        // Row 0 changed but is narrow; row 1 is wide but unchanged; row 3 both.
        assert_eq!(changed_rows(&last, &next), [3]);
        let other = Buffer::empty(Rect::new(0, 0, 5, 4));
        assert!(changed_rows(&last, &other).is_empty(), "another size");
        assert!(any(&last) && !any(&buffer(&["ab"])));
    }

    #[test]
    fn blank_rows_are_written_whatever_was_there() {
        let mut buf = buffer(&["日本", "ab  "]);
        blank(&[0, 7], &mut buf);
        assert_eq!(buf, {
            let mut b = buffer(&["    ", "ab  "]);
            for x in 0..4 {
                b[(x, 0)].set_diff_option(CellDiffOption::AlwaysUpdate);
            }
            b
        });
    }
}
