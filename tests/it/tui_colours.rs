//! The explorer's colours, which text snapshots drop: the shading of the map, the singular
//! region (dimmed in 24-bit colour, hatched over its shading in 256 colours), the markers' black background, the arrows' inks, in 256 colours (whose
//! palette is small enough to snapshot) and in 24-bit colour (checked by assertions).

use crate::tui_support::{Layer, app, app_with, colours, screen};
use plateau::tui::app::Action;
use plateau::tui::theme::Options;
use ratatui::style::Color;

const TRUECOLOR: Options = Options {
    ascii: false,
    color: true,
    truecolor: true,
};

/// The symbols of `grid`'s legend whose colour satisfies `wanted`.
fn symbols(grid: &str, wanted: impl Fn(&str) -> bool) -> Vec<char> {
    grid.lines()
        .filter_map(|l| l.split_once(" = "))
        .filter(|(_, colour)| wanted(colour))
        .filter_map(|(symbol, _)| symbol.chars().next())
        .collect()
}

/// The map's cells of a default 80x24 screen: rows 1..20, columns 4..49.
fn map_cells(grid: &str) -> Vec<Vec<char>> {
    (grid.lines().skip(1).take(19))
        .map(|l| l.trim_matches('"').chars().skip(4).take(45).collect())
        .collect()
}

fn grey(colour: &str) -> bool {
    let index = colour
        .strip_prefix("Indexed(")
        .and_then(|c| c.strip_suffix(')'))
        .and_then(|c| c.parse::<u8>().ok());
    index.is_some_and(|i| i >= 232)
}

/// The map cells of a default 80x24 screen that hold the singular hatching `╱`.
fn hatched(app: &plateau::tui::app::App) -> Vec<(usize, usize)> {
    let text = screen(app, 80, 24);
    let cells = map_cells(&text);
    let mut found = Vec::new();
    for (y, row) in cells.iter().enumerate() {
        for (x, c) in row.iter().enumerate() {
            if *c == '╱' {
                found.push((x, y));
            }
        }
    }
    found
}

/// Over SSH the explorer falls back to 256 colours: the singular region (the top half of
/// neuron's map) keeps its loss shading, hatched, instead of turning a flat grey.
#[test]
fn the_map_is_shaded_everywhere_and_the_singular_region_hatched_in_256_colours() {
    let app = app(&[], true);
    let grid = colours(&app, 80, 24, Layer::Background);
    let bands = symbols(&grid, |c| {
        c.starts_with("Indexed(") && !grey(c) && c != "Indexed(16)"
    });
    assert!(bands.len() >= 8, "most of the ten bands show:\n{grid}");
    assert!(
        symbols(&grid, grey).is_empty(),
        "no grey hides the shading:\n{grid}"
    );
    let hatch = hatched(&app);
    assert!(hatch.len() > 50, "neuron's singular region is hatched");
    // Every map cell is shaded by a band (or the marker's black), hatched cells too.
    let cells = map_cells(&grid);
    for row in &cells {
        assert!(row.iter().all(|c| *c != ' '), "{row:?}\n{grid}");
    }
    for (x, y) in hatch {
        assert!(
            bands.contains(&cells[y][x]),
            "({x}, {y}) keeps its band\n{grid}"
        );
    }
    insta::assert_snapshot!(grid);
}

#[test]
fn arrows_trails_and_marks_have_their_own_inks() {
    let mut app = app(&[], true);
    for _ in 0..30 {
        app.update(Action::Step);
    }
    insta::assert_snapshot!(colours(&app, 80, 24, Layer::Foreground));
}

#[test]
fn racers_in_one_cell_sit_side_by_side_on_black() {
    let mut app = app(
        &["-l", "bowl", "-o", "newton", "-o", "sfn", "-o", "adam"],
        true,
    );
    for _ in 0..3000 {
        app.update(Action::Step);
    }
    let grid = colours(&app, 80, 24, Layer::Background);
    let black = symbols(&grid, |c| c == "Indexed(16)");
    assert_eq!(black.len(), 1, "{grid}");
    let three = format!("{0}{0}{0}", black[0]);
    assert!(
        map_cells(&grid)
            .iter()
            .any(|r| r.iter().collect::<String>().contains(&three)),
        "three markers side by side:\n{grid}\n{}",
        screen(&app, 80, 24)
    );
}

#[test]
fn in_24_bit_colour_the_shading_is_smooth_and_the_singular_region_dimmed() {
    let app = app_with(&[], TRUECOLOR);
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("terminal");
    terminal
        .draw(|f| plateau::tui::ui::draw(&app, &mut plateau::tui::derive::Derived::new(), f))
        .expect("draw");
    let buffer = terminal.backend().buffer();
    // Which cells are singular: those hatched in 256 colours (every third diagonal of the
    // region); regular, those with no hatching within two columns.
    let hatch = hatched(&app_with(
        &[],
        Options {
            truecolor: false,
            ..TRUECOLOR
        },
    ));
    let (mut singular, mut regular) = (Vec::new(), Vec::new());
    for y in 0..19usize {
        for x in 0..45usize {
            if let Color::Rgb(r, g, b) = buffer[(x as u16 + 4, y as u16 + 1)].bg {
                let rgb = [f64::from(r), f64::from(g), f64::from(b)];
                let near = |dx: usize| {
                    hatch.contains(&(x + dx, y)) || hatch.contains(&(x.wrapping_sub(dx), y))
                };
                if hatch.contains(&(x, y)) {
                    singular.push(rgb);
                } else if !(near(1) || near(2)) {
                    regular.push(rgb);
                }
            }
        }
    }
    let mut distinct: Vec<[u64; 3]> = (singular.iter().chain(&regular))
        .map(|c| c.map(|v| v as u64))
        .collect();
    distinct.sort_unstable();
    distinct.dedup();
    assert!(
        distinct.len() > 40,
        "a smooth ramp: {} colours",
        distinct.len()
    );
    assert!(!singular.is_empty() && !regular.is_empty());
    // Dimmed: darker and greyer (channels closer together) on average than the rest.
    let mean = |cells: &[[f64; 3]], f: &dyn Fn(&[f64; 3]) -> f64| {
        cells.iter().map(f).sum::<f64>() / cells.len() as f64
    };
    let light = |c: &[f64; 3]| c.iter().sum::<f64>() / 3.0;
    let spread = |c: &[f64; 3]| {
        c.iter().copied().fold(0.0, f64::max) - c.iter().copied().fold(255.0, f64::min)
    };
    assert!(mean(&singular, &light) < 0.8 * mean(&regular, &light));
    assert!(mean(&singular, &spread) < 0.8 * mean(&regular, &spread));
}

#[test]
fn flat_cells_are_marked_in_every_palette() {
    for (options, glyph) in [
        (TRUECOLOR, '░'),
        (
            Options {
                truecolor: false,
                ..TRUECOLOR
            },
            '░',
        ),
        (
            Options {
                color: false,
                truecolor: false,
                ascii: false,
            },
            '░',
        ),
        (
            Options {
                color: false,
                truecolor: false,
                ascii: true,
            },
            '~',
        ),
    ] {
        let args: &[&str] = if options.ascii { &["--ascii"] } else { &[] };
        let text = screen(&app_with(args, options), 80, 24);
        let map: String = text.lines().skip(1).take(19).collect();
        assert!(map.contains(glyph), "{glyph}:\n{text}");
    }
}
