//! Glyphs, colours and boxes, each in a Unicode/colour and an ASCII/monochrome form.

use crate::tui::config::Options;
use plateau_core::raster::{BANDS, Glyphs, Mark};
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::{bar, border};
use ratatui::widgets::Block;

/// Racer colours (xterm-256), chosen to stand out from the blue–red contour ramp.
const RACER_COLORS: [u8; 9] = [231, 51, 201, 226, 46, 208, 159, 219, 250];

/// Racer glyphs after the first (which is the core's current-position mark `@`).
const RACER_GLYPHS: [char; 8] = ['#', '%', '&', '$', '+', '=', '~', '!'];

/// Box corners and edges drawn with `+`, `-` and `|`.
const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

/// Sparkline bars in ASCII.
const ASCII_BARS: bar::Set = bar::Set {
    full: "#",
    seven_eighths: "#",
    three_quarters: "=",
    five_eighths: "=",
    half: "-",
    three_eighths: "-",
    one_quarter: "_",
    one_eighth: "_",
    empty: " ",
};

/// The glyph of racer `index`.
pub fn racer_glyph(index: usize) -> char {
    match index.checked_sub(1) {
        None => Mark::Current.glyph(false),
        Some(i) => RACER_GLYPHS[i % RACER_GLYPHS.len()],
    }
}

/// The colour of racer `index` (plain text without colour).
pub fn racer_style(options: Options, index: usize) -> Style {
    if options.color {
        Style::new().fg(Color::Indexed(RACER_COLORS[index % RACER_COLORS.len()]))
    } else {
        Style::new()
    }
}

/// The style of a racer's current-position marker: bold, and reversed without colour so
/// it stands out from the level digits.
pub fn marker_style(options: Options, index: usize) -> Style {
    let style = racer_style(options, index).add_modifier(Modifier::BOLD);
    if options.color {
        style
    } else {
        style.add_modifier(Modifier::REVERSED)
    }
}

/// The xterm-256 colour index of a contour band: a perceptually ordered ramp from deep
/// blue (low loss) through green and yellow to red (high loss).
pub fn band_color(band: u8) -> u8 {
    const RAMP: [u8; BANDS as usize] = [17, 19, 26, 31, 36, 71, 107, 143, 179, 167];
    RAMP[usize::from(band.min(BANDS - 1))]
}

/// How the contour is drawn: braille isolines need Unicode and colour (the level is shown
/// by colour); otherwise the level digits carry it.
pub fn glyphs(options: Options) -> Glyphs {
    if options.ascii || !options.color {
        Glyphs::Digits
    } else {
        Glyphs::Braille
    }
}

/// The colour of contour band `band`.
pub fn band_style(options: Options, band: Option<u8>) -> Style {
    match band {
        Some(b) if options.color => Style::new().fg(Color::Indexed(band_color(b))),
        _ => Style::new(),
    }
}

/// The style of notices (divergence, refused operations).
pub fn notice_style(options: Options) -> Style {
    let style = Style::new().add_modifier(Modifier::BOLD);
    if options.color {
        style.fg(Color::Indexed(203))
    } else {
        style
    }
}

/// Dim text (labels, hidden racers).
pub fn dim(options: Options) -> Style {
    if options.color {
        Style::new().fg(Color::Indexed(245))
    } else {
        Style::new()
    }
}

/// A bordered box in the right character set.
pub fn block(options: Options) -> Block<'static> {
    let block = Block::bordered();
    if options.ascii {
        block.border_set(ASCII_BORDER)
    } else {
        block
    }
}

/// Sparkline bars in the right character set.
pub fn bars(options: Options) -> bar::Set<'static> {
    if options.ascii {
        ASCII_BARS
    } else {
        bar::NINE_LEVELS
    }
}

/// `text` with characters outside ASCII replaced when drawing in ASCII (`·` → `*`, `−` →
/// `-`, `x²` → `x^2`, `←` → `Left`, anything else → `?`).
pub fn text(options: Options, text: &str) -> String {
    const SUPERSCRIPTS: &str = "⁰¹²³⁴⁵⁶⁷⁸⁹";
    if !options.ascii || text.is_ascii() {
        return text.to_owned();
    }
    text.chars()
        .map(|c| match c {
            c if c.is_ascii() => c.to_string(),
            '·' | '×' => "*".to_owned(),
            '−' | '–' | '—' => "-".to_owned(),
            '≈' => "~".to_owned(),
            '←' => "Left".to_owned(),
            '→' => "Right".to_owned(),
            '↑' => "Up".to_owned(),
            '↓' => "Down".to_owned(),
            c => match SUPERSCRIPTS.chars().position(|s| s == c) {
                Some(digit) => format!("^{digit}"),
                None => "?".to_owned(),
            },
        })
        .collect()
}

/// A symbol in its Unicode or ASCII spelling.
pub fn pick(options: Options, unicode: &'static str, ascii: &'static str) -> &'static str {
    if options.ascii { ascii } else { unicode }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_band_has_a_distinct_colour() {
        let colours: std::collections::BTreeSet<u8> = (0..BANDS).map(band_color).collect();
        assert_eq!(colours.len(), usize::from(BANDS));
    }
}
