//! Colours that moved by less than a perceptible step keep the value last drawn. When the
//! map's plane follows a run, every shaded cell shifts its 24-bit colour by a little, and
//! redrawing each one costs a colour escape; a cell whose symbol and attributes are the same
//! and whose colours moved by at most [`STEP`] in each channel is left as it was drawn, so
//! the screen stays within that step of the picture while writing only what changed.

use ratatui::buffer::Buffer;
use ratatui::style::Color;

/// The largest change of a red, green or blue channel (of 255) that is not redrawn.
pub const STEP: u8 = 4;

/// Gives the cells of `next` whose change from `last` is below a perceptible step the
/// colours of `last` (nothing when the two differ in size).
pub fn settle(last: &Buffer, next: &mut Buffer) {
    if last.area != next.area {
        return;
    }
    for (old, new) in last.content.iter().zip(next.content.iter_mut()) {
        if old.symbol() == new.symbol()
            && old.modifier == new.modifier
            && close(old.fg, new.fg)
            && close(old.bg, new.bg)
        {
            new.fg = old.fg;
            new.bg = old.bg;
        }
    }
}

/// Whether `a` and `b` are the same colour or 24-bit colours within [`STEP`] in each channel.
fn close(a: Color, b: Color) -> bool {
    match (a, b) {
        (Color::Rgb(r1, g1, b1), Color::Rgb(r2, g2, b2)) => {
            r1.abs_diff(r2) <= STEP && g1.abs_diff(g2) <= STEP && b1.abs_diff(b2) <= STEP
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    #[test]
    fn a_small_shift_keeps_the_last_colour_and_a_larger_one_is_drawn() {
        let mut last = Buffer::empty(Rect::new(0, 0, 3, 1));
        last.set_string(0, 0, "abc", Style::new().bg(Color::Rgb(100, 100, 100)));
        let mut next = Buffer::empty(Rect::new(0, 0, 3, 1));
        next.set_string(0, 0, "ab", Style::new().bg(Color::Rgb(104, 96, 100)));
        next.set_string(2, 0, "c", Style::new().bg(Color::Rgb(105, 100, 100)));
        settle(&last, &mut next);
        assert_eq!(next[(0, 0)].bg, Color::Rgb(100, 100, 100));
        assert_eq!(next[(1, 0)].bg, Color::Rgb(100, 100, 100));
        assert_eq!(next[(2, 0)].bg, Color::Rgb(105, 100, 100));
    }

    #[test]
    fn a_changed_symbol_or_a_palette_colour_is_always_drawn() {
        let mut last = Buffer::empty(Rect::new(0, 0, 2, 1));
        last.set_string(0, 0, "ab", Style::new().bg(Color::Rgb(100, 100, 100)));
        last[(1, 0)].set_bg(Color::Indexed(22));
        let mut next = Buffer::empty(Rect::new(0, 0, 2, 1));
        next.set_string(0, 0, "xb", Style::new().bg(Color::Rgb(101, 100, 100)));
        next[(1, 0)].set_bg(Color::Indexed(23));
        settle(&last, &mut next);
        assert_eq!(next[(0, 0)].bg, Color::Rgb(101, 100, 100));
        assert_eq!(next[(1, 0)].bg, Color::Indexed(23));
    }
}
