//! A drawn frame as a standalone SVG picture, for slides and posts: every row's backgrounds
//! as rectangles (a run of equal background one rectangle), its symbols as monospace text
//! placed cell by cell (a wide symbol takes two cells), the terminal's colours as xterm
//! shows them on a dark background.

use super::frame_text::visible;
use ratatui::buffer::{Buffer, Cell};
use ratatui::style::{Color, Modifier};
use std::fmt::Write as _;
use unicode_width::UnicodeWidthStr;

/// Width of a cell in pixels (0.6 of the font size: a monospace advance).
pub const CELL_WIDTH: u32 = 9;
/// Height of a cell in pixels.
pub const CELL_HEIGHT: u32 = 18;
/// The font size in pixels.
const FONT_SIZE: u32 = 15;
/// From a cell's top to the text's baseline, in pixels.
const BASELINE: u32 = 14;
/// The terminal's default background (`Color::Reset` behind a cell).
pub const DEFAULT_BG: (u8, u8, u8) = (0, 0, 0);
/// The terminal's default foreground (`Color::Reset` for a symbol).
pub const DEFAULT_FG: (u8, u8, u8) = (229, 229, 229);
/// How much of a dim symbol's colour shows (the rest is the background).
const DIM_OPACITY: f32 = 0.6;
/// The fonts asked for, first found first: common monospace fonts with box drawing and
/// braille, then CJK ones for the Japanese tour.
const FONTS: &str = "'DejaVu Sans Mono', 'Menlo', 'Consolas', 'Noto Sans Mono CJK JP', \
                     'Noto Sans CJK JP', monospace";

/// The SVG document of `buf`.
pub fn document(buf: &Buffer) -> String {
    let area = buf.area;
    let (width, height) = (
        u32::from(area.width) * CELL_WIDTH,
        u32::from(area.height) * CELL_HEIGHT,
    );
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" \
         width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">"
    );
    let _ = writeln!(
        svg,
        "<rect width=\"{width}\" height=\"{height}\" fill=\"{}\"/>",
        hex(DEFAULT_BG)
    );
    for y in area.top()..area.bottom() {
        backgrounds(buf, y, &mut svg);
    }
    let _ = writeln!(
        svg,
        "<g font-family=\"{FONTS}\" font-size=\"{FONT_SIZE}\" xml:space=\"preserve\">"
    );
    for y in area.top()..area.bottom() {
        symbols(buf, y, &mut svg);
    }
    svg.push_str("</g>\n</svg>\n");
    svg
}

/// The colours a terminal shows for `cell`: foreground and background after reversal,
/// the terminal's defaults for `Color::Reset`.
pub fn shown(cell: &Cell) -> ((u8, u8, u8), (u8, u8, u8)) {
    let fg = rgb(cell.fg).unwrap_or(DEFAULT_FG);
    let bg = rgb(cell.bg).unwrap_or(DEFAULT_BG);
    if cell.modifier.contains(Modifier::REVERSED) {
        (bg, fg)
    } else {
        (fg, bg)
    }
}

/// The rectangles of row `y`: one per run of cells showing the same background, except the
/// default one (the picture's own background).
fn backgrounds(buf: &Buffer, y: u16, svg: &mut String) {
    let mut run: Option<(u32, u32, (u8, u8, u8))> = None;
    let flush = |run: Option<(u32, u32, (u8, u8, u8))>, svg: &mut String| {
        if let Some((x, cells, bg)) = run.filter(|&(_, _, bg)| bg != DEFAULT_BG) {
            let _ = writeln!(
                svg,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{CELL_HEIGHT}\" fill=\"{}\"/>",
                x * CELL_WIDTH,
                u32::from(y - buf.area.y) * CELL_HEIGHT,
                cells * CELL_WIDTH,
                hex(bg)
            );
        }
    };
    for (x, cell) in visible(buf, y) {
        let x = u32::from(x - buf.area.x);
        let cells = cells(cell);
        let (_, bg) = shown(cell);
        match &mut run {
            Some((start, length, colour)) if *colour == bg && *start + *length == x => {
                *length += cells;
            }
            _ => {
                flush(run, svg);
                run = Some((x, cells, bg));
            }
        }
    }
    flush(run, svg);
}

/// How a symbol is drawn: colour, opacity, weight, slant, decoration.
#[derive(Clone, Copy, PartialEq)]
struct Ink {
    fill: (u8, u8, u8),
    dim: bool,
    bold: bool,
    italic: bool,
    underline: bool,
    crossed: bool,
}

impl Ink {
    /// The ink of `cell`'s symbol.
    fn of(cell: &Cell) -> Self {
        let has = |m| cell.modifier.contains(m);
        Self {
            fill: shown(cell).0,
            dim: has(Modifier::DIM),
            bold: has(Modifier::BOLD),
            italic: has(Modifier::ITALIC),
            underline: has(Modifier::UNDERLINED),
            crossed: has(Modifier::CROSSED_OUT),
        }
    }

    /// The attributes of a `<text>` drawn with this ink.
    fn attributes(self) -> String {
        let mut attributes = format!(" fill=\"{}\"", hex(self.fill));
        if self.dim {
            let _ = write!(attributes, " fill-opacity=\"{DIM_OPACITY}\"");
        }
        if self.bold {
            attributes.push_str(" font-weight=\"bold\"");
        }
        if self.italic {
            attributes.push_str(" font-style=\"italic\"");
        }
        match (self.underline, self.crossed) {
            (true, true) => attributes.push_str(" text-decoration=\"underline line-through\""),
            (true, false) => attributes.push_str(" text-decoration=\"underline\""),
            (false, true) => attributes.push_str(" text-decoration=\"line-through\""),
            (false, false) => {}
        }
        attributes
    }
}

/// The `<text>` elements of row `y`: one per run of symbols in the same ink (blank cells
/// leave gaps in a run, not breaks), every character placed at its cell's column.
fn symbols(buf: &Buffer, y: u16, svg: &mut String) {
    let baseline = u32::from(y - buf.area.y) * CELL_HEIGHT + BASELINE;
    let mut run: Option<(Ink, Vec<u32>, String)> = None;
    let flush = |run: Option<(Ink, Vec<u32>, String)>, svg: &mut String| {
        if let Some((ink, xs, text)) = run {
            let xs: Vec<String> = xs.iter().map(u32::to_string).collect();
            let _ = writeln!(
                svg,
                "<text x=\"{}\" y=\"{baseline}\"{}>{text}</text>",
                xs.join(" "),
                ink.attributes()
            );
        }
    };
    for (x, cell) in visible(buf, y) {
        let symbol = cell.symbol();
        if symbol.trim().is_empty() || cell.modifier.contains(Modifier::HIDDEN) {
            continue;
        }
        let ink = Ink::of(cell);
        if run.as_ref().is_some_and(|(current, _, _)| *current != ink) {
            flush(run.take(), svg);
        }
        let (_, xs, text) = run.get_or_insert_with(|| (ink, Vec::new(), String::new()));
        let left = u32::from(x - buf.area.x) * CELL_WIDTH;
        for c in symbol.chars() {
            xs.push(left);
            escape(c, text);
        }
    }
    flush(run, svg);
}

/// The cells `cell`'s symbol covers (a wide symbol two).
fn cells(cell: &Cell) -> u32 {
    cell.symbol().width().max(1) as u32
}

/// `c` as XML character data.
fn escape(c: char, text: &mut String) {
    match c {
        '&' => text.push_str("&amp;"),
        '<' => text.push_str("&lt;"),
        '>' => text.push_str("&gt;"),
        c => text.push(c),
    }
}

/// `rgb` as `#rrggbb`.
pub fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The RGB colour xterm shows for `color`; `None` for the terminal's default.
pub fn rgb(color: Color) -> Option<(u8, u8, u8)> {
    Some(match color {
        Color::Reset => return None,
        Color::Rgb(r, g, b) => (r, g, b),
        Color::Indexed(i) => indexed(i),
        Color::Black => indexed(0),
        Color::Red => indexed(1),
        Color::Green => indexed(2),
        Color::Yellow => indexed(3),
        Color::Blue => indexed(4),
        Color::Magenta => indexed(5),
        Color::Cyan => indexed(6),
        Color::Gray => indexed(7),
        Color::DarkGray => indexed(8),
        Color::LightRed => indexed(9),
        Color::LightGreen => indexed(10),
        Color::LightYellow => indexed(11),
        Color::LightBlue => indexed(12),
        Color::LightMagenta => indexed(13),
        Color::LightCyan => indexed(14),
        Color::White => indexed(15),
    })
}

/// xterm's 16 system colours.
const SYSTEM: [(u8, u8, u8); 16] = [
    (0, 0, 0),
    (205, 0, 0),
    (0, 205, 0),
    (205, 205, 0),
    (0, 0, 238),
    (205, 0, 205),
    (0, 205, 205),
    (229, 229, 229),
    (127, 127, 127),
    (255, 0, 0),
    (0, 255, 0),
    (255, 255, 0),
    (92, 92, 255),
    (255, 0, 255),
    (0, 255, 255),
    (255, 255, 255),
];

/// The RGB colour of xterm-256 colour `i`: the system colours, the 6×6×6 cube, the greys.
fn indexed(i: u8) -> (u8, u8, u8) {
    match i {
        0..=15 => SYSTEM[usize::from(i)],
        16..=231 => {
            let level = |v: u8| if v == 0 { 0 } else { 55 + 40 * v };
            let v = i - 16;
            (level(v / 36), level(v / 6 % 6), level(v % 6))
        }
        232..=255 => {
            let grey = 8 + 10 * (i - 232);
            (grey, grey, grey)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    #[test]
    fn xterm_colours_are_xterms() {
        assert_eq!(indexed(16), (0, 0, 0));
        assert_eq!(indexed(22), (0, 95, 0));
        assert_eq!(indexed(17), (0, 0, 95));
        assert_eq!(indexed(231), (255, 255, 255));
        assert_eq!(indexed(196), (255, 0, 0));
        assert_eq!(indexed(244), (128, 128, 128));
        assert_eq!(indexed(255), (238, 238, 238));
    }

    #[test]
    fn equal_backgrounds_in_a_row_are_one_rectangle() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 6, 1));
        let teal = Style::new().bg(Color::Rgb(0, 128, 128));
        buf.set_string(0, 0, "ab", teal);
        buf.set_string(2, 0, "平", teal);
        buf.set_string(4, 0, "c", Style::new().bg(Color::Indexed(22)));
        let svg = document(&buf);
        assert!(
            svg.contains("<rect x=\"0\" y=\"0\" width=\"36\" height=\"18\" fill=\"#008080\"/>"),
            "{svg}"
        );
        assert!(
            svg.contains("<rect x=\"36\" y=\"0\" width=\"9\" height=\"18\" fill=\"#005f00\"/>"),
            "{svg}"
        );
        assert!(
            svg.contains("<text x=\"0 9 18 36\" y=\"14\" fill=\"#e5e5e5\">ab平c</text>"),
            "{svg}"
        );
    }

    #[test]
    fn reversed_cells_swap_their_colours() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 1, 1));
        buf.set_string(0, 0, "<", Style::new().reversed());
        let svg = document(&buf);
        assert!(svg.contains("fill=\"#e5e5e5\"/>"), "{svg}");
        assert!(svg.contains("fill=\"#000000\">&lt;</text>"), "{svg}");
    }
}
