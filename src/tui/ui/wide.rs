//! Wide (two-column) characters between frames. ratatui's diff skips the cell behind a wide
//! character, so when text with Japanese characters changes, a terminal may keep halves of
//! the old characters and garble the new text. The changed stretch of such a row is first
//! drawn blank, in a frame of its own, with every cell written whatever the last frame had
//! there.

use ratatui::buffer::{Buffer, Cell, CellDiffOption};
use std::ops::Range;
use unicode_width::UnicodeWidthStr;

/// A stretch of one screen row: its row and its columns.
pub type Stretch = (u16, Range<u16>);

/// Whether a cell holds a wide character.
fn is_wide(cell: &Cell) -> bool {
    cell.symbol().width() > 1
}

/// Whether any cell of `buf` holds a wide character.
pub fn any(buf: &Buffer) -> bool {
    buf.content.iter().any(is_wide)
}

/// In each screen row that differs between `last` and `next` and holds a wide character in
/// either, the stretch from the first to the last changed cell, one more column either side
/// (the other half of a wide character there); none when the two are not the same size (the
/// screen is redrawn whole then).
pub fn changed(last: &Buffer, next: &Buffer) -> Vec<Stretch> {
    let area = last.area;
    if area != next.area || area.width == 0 {
        return Vec::new();
    }
    let width = usize::from(area.width);
    let rows = last.content.chunks(width).zip(next.content.chunks(width));
    (rows.zip(area.top()..))
        .filter(|((old, new), _)| old.iter().chain(*new).any(is_wide))
        .filter_map(|((old, new), y)| {
            let differs = |i: &usize| old[*i] != new[*i];
            let first = (0..width).find(differs)?;
            let last = (0..width).rfind(differs)?;
            let from = u16::try_from(first.saturating_sub(1)).ok()?;
            let to = u16::try_from((last + 2).min(width)).ok()?;
            Some((y, area.left() + from..area.left() + to))
        })
        .collect()
}

/// Draws the stretches `stretches` of `buf` blank, every cell to be written.
pub fn blank(stretches: &[Stretch], buf: &mut Buffer) {
    let area = buf.area;
    for (y, columns) in stretches {
        if !(area.top()..area.bottom()).contains(y) {
            continue;
        }
        for x in columns
            .clone()
            .filter(|x| (area.left()..area.right()).contains(x))
        {
            let cell = &mut buf[(x, *y)];
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
    fn only_the_changed_stretch_of_rows_with_wide_characters_is_blanked() {
        let last = buffer(&["ab    ", "日本  ", "cd    ", "a本日b"]);
        let next = buffer(&["ax    ", "日本  ", "cd    ", "a本x b"]);
        // Row 0 changed but is narrow; row 1 is wide but unchanged; in row 3 only cell 3
        // changed (日 → x; the cell behind 日 is blank in both), so columns 2 to 4 are
        // blanked: one more either side.
        assert_eq!(changed(&last, &next), [(3, 2..5)]);
        let other = Buffer::empty(Rect::new(0, 0, 7, 4));
        assert!(changed(&last, &other).is_empty(), "another size");
        assert!(any(&last) && !any(&buffer(&["ab"])));
    }

    #[test]
    fn blank_stretches_are_written_whatever_was_there() {
        let mut buf = buffer(&["日本", "ab  "]);
        blank(&[(0, 0..2), (7, 0..4)], &mut buf);
        assert_eq!(buf, {
            let mut b = buffer(&["  本", "ab  "]);
            for x in 0..2 {
                b[(x, 0)].set_diff_option(CellDiffOption::AlwaysUpdate);
            }
            b
        });
    }
}
