//! Glyphs, colours and boxes, each in a Unicode/colour and an ASCII/monochrome form.

use plateau_core::many::minima::Status;
use plateau_core::picture::raster::{BANDS, Glyphs, Mark};
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;
use ratatui::widgets::Block;

/// How the explorer draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// ASCII characters only.
    pub ascii: bool,
    /// Use colour.
    pub color: bool,
    /// Use 24-bit colour (where the terminal says it has it); 256 colours otherwise.
    pub truecolor: bool,
}

/// The palette drawn with, in words: what a recording's title states.
pub fn palette_name(options: Options) -> &'static str {
    match (options.color, options.truecolor) {
        (false, _) => "no colour",
        (true, false) => "256 colours",
        (true, true) => "24-bit colour",
    }
}

/// Racer colours (xterm-256), chosen to stand out from the blue–red contour ramp.
const RACER_COLORS: [u8; 9] = [231, 51, 201, 226, 46, 208, 159, 219, 250];

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

/// The marker of racer `index`: the core's current-position mark `@` when one optimizer
/// runs; in a race its number (the key that shows or hides it), which no shading, isoline
/// or trail glyph uses.
pub fn racer_glyph(race: bool, index: usize) -> char {
    match u32::try_from(index + 1)
        .ok()
        .and_then(|n| char::from_digit(n, 10))
    {
        Some(digit) if race => digit,
        _ => Mark::Current.glyph(false),
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

/// The style of a racer's current-position marker: bold on black over the shading, and
/// reversed without colour so it stands out from the level digits.
pub fn marker_style(options: Options, index: usize) -> Style {
    let style = racer_style(options, index).add_modifier(Modifier::BOLD);
    if options.color {
        style.bg(Color::Indexed(16))
    } else {
        style.add_modifier(Modifier::REVERSED)
    }
}

/// Trail glyphs without colour, one set per racer so that racers' trails differ (recent,
/// older).
const MONO_TRAILS: [(char, char); 9] = [
    ('●', '•'),
    ('◆', '◇'),
    ('▪', '▫'),
    ('★', '☆'),
    ('■', '□'),
    ('▲', '△'),
    ('♦', '◊'),
    ('◉', '◎'),
    ('▼', '▽'),
];

/// ASCII trail glyphs without colour, one letter per racer (recent and older alike): none
/// is a shading-ramp glyph, a mark, an arrow or a digit.
const ASCII_TRAILS: [char; 9] = ['o', 'x', 'z', 'w', 'n', 'u', 'k', 'y', 'e'];

/// The glyph of racer `index`'s trail: the same dots for every racer in colour (the colour
/// tells them apart), a glyph of its own without colour.
pub fn trail_glyph(options: Options, index: usize, recent: bool) -> char {
    let (new, old) = match (options.color, options.ascii) {
        (true, false) => ('•', '·'),
        (true, true) => ('o', '.'),
        (false, false) => MONO_TRAILS[index % MONO_TRAILS.len()],
        (false, true) => {
            let letter = ASCII_TRAILS[index % ASCII_TRAILS.len()];
            (letter, letter)
        }
    };
    if recent { new } else { old }
}

/// The ink of isolines over a basin map's colours.
pub const BASIN_INK: Color = Color::Indexed(236);

/// `unicode`, or `ascii` when drawing in ASCII.
pub fn pick_char(options: Options, unicode: char, ascii: char) -> char {
    if options.ascii { ascii } else { unicode }
}

/// The style of the end point of an escape ensemble's copy: bright and bold.
pub fn copy_style(options: Options) -> Style {
    let style = Style::new().add_modifier(Modifier::BOLD);
    if options.color {
        style.fg(Color::Indexed(219))
    } else {
        style
    }
}

/// The style of a flat cell's mark: light and bold, to stand out on any shade.
pub fn flat_style(options: Options) -> Style {
    if options.color {
        Style::new()
            .fg(Color::Indexed(255))
            .add_modifier(Modifier::BOLD)
    } else {
        Style::new()
    }
}

/// The styles of the arrows at the marker: −∇L, the step taken, negative curvature.
pub fn arrow_styles(options: Options) -> (Style, Style, Style) {
    if !options.color {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        return (bold, Style::new(), Style::new());
    }
    let fg = |c: u8| {
        Style::new()
            .fg(Color::Indexed(c))
            .add_modifier(Modifier::BOLD)
    };
    (fg(231), fg(213), fg(196))
}

/// The shading palette, low loss to high: blue, teal, green, yellow, orange. Its lightness
/// (CIE L*) rises from 39 to 81 and back to 74 at the top, so that even the lowest band
/// stays visible on a black and on a white terminal.
const PALETTE: [(u8, u8, u8); 10] = [
    (0x3d, 0x5a, 0x98),
    (0x3a, 0x70, 0xaa),
    (0x35, 0x87, 0xb3),
    (0x34, 0x9d, 0xb0),
    (0x42, 0xb0, 0xa0),
    (0x66, 0xbf, 0x88),
    (0x97, 0xc9, 0x6c),
    (0xc9, 0xce, 0x5c),
    (0xec, 0xc6, 0x5c),
    (0xf4, 0xa3, 0x5e),
];

/// The xterm-256 colours nearest to [`PALETTE`], one per band (distinct).
const PALETTE_256: [u8; 10] = [61, 67, 73, 72, 71, 107, 149, 185, 221, 215];

/// The xterm-256 colour index of a contour band (the 256-colour palette).
pub fn band_color(band: u8) -> u8 {
    PALETTE_256[usize::from(band.min(BANDS - 1))]
}

/// The RGB colour at fraction `t` (0 to 1) of the palette, interpolated between its
/// anchors.
fn palette_rgb(t: f32) -> (u8, u8, u8) {
    let x = t.clamp(0.0, 1.0) * (PALETTE.len() - 1) as f32;
    let i = (x.floor() as usize).min(PALETTE.len() - 2);
    let f = x - i as f32;
    let (a, b) = (PALETTE[i], PALETTE[i + 1]);
    let mix = |p: u8, q: u8| (f32::from(p) + (f32::from(q) - f32::from(p)) * f).round() as u8;
    (mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// The background of a contour cell: the palette colour of its level (continuous in
/// truecolor, by band in 256 colours); `None` without colour or where the landscape is
/// undefined.
pub fn shade(options: Options, band: Option<u8>, level: Option<f32>) -> Option<Color> {
    if !options.color {
        return None;
    }
    if options.truecolor {
        let (r, g, b) = palette_rgb(level?);
        Some(Color::Rgb(r, g, b))
    } else {
        Some(Color::Indexed(band_color(band?)))
    }
}

/// The shading of a singular cell in 24-bit colour: its level's colour, dimmed and greyed
/// a little, so the hue still reads. `None` without colour and in 256 colours, whose
/// nearest colours to a dimmed shade are greys that would hide the loss: a hatching
/// ([`SINGULAR`], [`hatch_style`]) over the unchanged shading marks it there.
pub fn singular_shade(options: Options, level: Option<f32>) -> Option<Color> {
    if !options.color || !options.truecolor {
        return None;
    }
    let (r, g, b) = palette_rgb(level?);
    let grey = f32::from((u16::from(r) + u16::from(g) + u16::from(b)) / 3);
    // A third of the way to grey, then a quarter darker: the hue still reads.
    let mix = |c: u8| ((f32::from(c) * 0.67 + grey * 0.33) * 0.72).round() as u8;
    Some(Color::Rgb(mix(r), mix(g), mix(b)))
}

/// The style of the singular hatching ([`SINGULAR`]): in 256 colours a light grey over the
/// cell's own shading, apart from the dark isolines; without colour plain.
pub fn hatch_style(options: Options) -> Style {
    if options.color {
        Style::new().fg(Color::Indexed(254))
    } else {
        Style::new()
    }
}

/// The foreground drawn over a shaded cell (isolines, the flat and singular marks): a
/// darker tone of its shade, so lines read on every band.
pub fn ink(options: Options, band: Option<u8>, level: Option<f32>) -> Style {
    if !options.color {
        return Style::new();
    }
    let darker = |(r, g, b): (u8, u8, u8)| {
        let d = |c: u8| (f32::from(c) * 0.42).round() as u8;
        Color::Rgb(d(r), d(g), d(b))
    };
    match (options.truecolor, band, level) {
        (true, _, Some(t)) => Style::new().fg(darker(palette_rgb(t))),
        (false, Some(b), _) => Style::new().fg(Color::Indexed(if b < 5 { 17 } else { 22 })),
        _ => Style::new(),
    }
}

/// The density ramp of a monochrome map: one glyph per band, lighter to denser.
const RAMP: [char; 10] = [' ', '.', '.', ':', ':', '-', '=', '+', '*', '#'];

/// The glyph of band `band` on a monochrome map (a density ramp).
pub fn ramp(band: u8) -> char {
    RAMP[usize::from(band.min(BANDS - 1))]
}

/// How the contour is drawn: braille isolines need Unicode and colour; in ASCII the level
/// digits mark them (without colour the density ramp replaces both).
pub fn glyphs(options: Options) -> Glyphs {
    if options.ascii || !options.color {
        Glyphs::Digits
    } else {
        Glyphs::Braille
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

/// The colours of the minima in turn: 24-bit, and a bright and a dark shade of 256.
const MINIMUM_COLOURS: [((u8, u8, u8), u8, u8); 8] = [
    ((86, 156, 214), 75, 25),
    ((230, 145, 56), 208, 130),
    ((106, 190, 106), 77, 28),
    ((200, 110, 200), 170, 90),
    ((80, 200, 200), 44, 30),
    ((220, 200, 80), 185, 100),
    ((220, 90, 90), 167, 88),
    ((150, 130, 220), 141, 60),
];

/// The colours of runs that ended in no minimum: stalled, not converged, diverged.
const OTHER_COLOURS: [((u8, u8, u8), u8, u8); 3] = [
    ((120, 120, 120), 245, 241),
    ((60, 60, 60), 238, 236),
    ((120, 30, 30), 88, 52),
];

/// The colour of a basin map's status (without the brightness of its steps): 24-bit, and a
/// bright and a dark shade of the 256 colours. One palette for the explorer's basin layer
/// and `plateau basins --color always`, so a basin has one colour in both.
pub fn basin_colours(status: Status) -> ((u8, u8, u8), u8, u8) {
    match status {
        Status::Minimum(i) => MINIMUM_COLOURS[i % MINIMUM_COLOURS.len()],
        Status::Stalled => OTHER_COLOURS[0],
        Status::NotConverged => OTHER_COLOURS[1],
        Status::Diverged => OTHER_COLOURS[2],
    }
}

/// The glyph of a flat cell on the map, and its ASCII form.
pub const FLAT: (char, char) = ('░', '~');

/// The glyph of a singular cell on the map, and its ASCII form, where the shading cannot be
/// dimmed instead (256 colours, no colour): drawn on every third diagonal, a hatching that
/// leaves the shading visible and uses no glyph of the shading ramp or the trails.
pub const SINGULAR: (char, char) = ('╱', '/');

/// `text` with characters outside ASCII replaced when drawing in ASCII (`·` → `*`, `−` →
/// `-`, `x²` → `x^2`, `←` → `Left`, anything else → `?`).
pub fn text(options: Options, text: &str) -> String {
    const SUPERSCRIPTS: &str = "⁰¹²³⁴⁵⁶⁷⁸⁹";
    if !options.ascii || text.is_ascii() {
        return text.to_owned();
    }
    // Words first: the gradient, and an assignment arrow (a lone ← is the key).
    let text = text.replace("∇L", "grad").replace(" ← ", " <- ");
    text.chars()
        .map(|c| match c {
            c if c.is_ascii() => c.to_string(),
            '\u{a0}' => " ".to_owned(),
            '·' | '×' => "*".to_owned(),
            '−' | '–' | '—' => "-".to_owned(),
            '≈' => "~".to_owned(),
            '…' => "...".to_owned(),
            '∇' => "grad".to_owned(),
            'θ' => "theta".to_owned(),
            'σ' => "sigma".to_owned(),
            'λ' => "lambda".to_owned(),
            '√' => "sqrt".to_owned(),
            c if c == FLAT.0 => FLAT.1.to_string(),
            c if c == SINGULAR.0 => SINGULAR.1.to_string(),
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

    /// Without colour a trail never looks like the density ramp (`.` `:` …) or its `·`.
    #[test]
    fn monochrome_trails_are_apart_from_the_density_ramp() {
        let ramp: Vec<char> = (0..BANDS).map(ramp).collect();
        for ascii in [false, true] {
            let options = Options {
                ascii,
                color: false,
                truecolor: false,
            };
            for index in 0..9 {
                for recent in [true, false] {
                    let glyph = trail_glyph(options, index, recent);
                    assert!(
                        !ramp.contains(&glyph) && glyph != '·',
                        "{glyph} (racer {index})"
                    );
                }
            }
        }
    }

    #[test]
    fn every_band_has_a_distinct_colour() {
        let colours: std::collections::BTreeSet<u8> = (0..BANDS).map(band_color).collect();
        assert_eq!(colours.len(), usize::from(BANDS));
    }
}
