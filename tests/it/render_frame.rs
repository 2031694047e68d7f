//! `plateau render` is the explorer's map: its `--color always` text, read back by a
//! terminal emulator, equals the map of the explorer's first frame cell for cell, and its
//! `--format svg` picture is well-formed XML whose cells show the buffer's colours.

use crate::cli_support::{plateau, stderr, stdout};
use crate::tui_support::app;
use clap::Parser;
use plateau::cli::{Cli, Command, frame, svg};
use plateau::tui::derive::Derived;
use plateau::tui::theme::Options;
use plateau::tui::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use std::collections::HashMap;

/// The explorer's screen of `plateau ARGS` after `steps` steps on a `cols × rows` terminal,
/// in 256 colours, and the box its map is drawn in.
fn explorer(args: &[&str], steps: u64, cols: u16, rows: u16) -> (Buffer, ratatui::layout::Rect) {
    let mut app = app(args, true);
    app.advance(steps);
    let mut derived = Derived::new();
    let mut terminal = Terminal::new(TestBackend::new(cols, rows)).expect("test terminal");
    terminal
        .draw(|frame| ui::draw(&app, &mut derived, frame))
        .expect("draw");
    let block = derived.areas().expect("laid out").map.block;
    (terminal.backend().buffer().clone(), block)
}

/// `color` as the emulator reports it after crossterm wrote it.
fn emulated(color: Color) -> vt100::Color {
    match color {
        Color::Reset => vt100::Color::Default,
        Color::Indexed(i) => vt100::Color::Idx(i),
        Color::Rgb(r, g, b) => vt100::Color::Rgb(r, g, b),
        named => panic!("a named colour {named:?}: the map uses the 256 colours or RGB"),
    }
}

/// Checks that `render --color always` prints the map of the explorer's first frame for
/// `plateau ARGS` after `steps` steps, on a 100×32 terminal.
fn render_equals_explorer(args: &[&str], steps: u64) {
    let (screen, block) = explorer(args, steps, 100, 32);
    let (width, height) = (block.width.to_string(), (block.height + 1).to_string());
    let steps_text = steps.to_string();
    let mut words = vec!["render", "--color", "always", "--width", &width];
    words.extend(["--height", &height, "--steps", &steps_text]);
    words.extend(args);
    let o = plateau(&words);
    assert!(o.status.success(), "{}", stderr(&o));
    // A row more than printed: the last line's newline does not scroll the frame.
    let size = |n: u16| std::num::NonZeroU16::new(n).expect("not empty");
    let mut terminal = vt100::Parser::new(size(block.height + 2), size(block.width), 0);
    terminal.process(stdout(&o).replace('\n', "\r\n").as_bytes());
    let shown = terminal.screen();
    let mut compared = 0;
    for y in 0..block.height {
        for x in 0..block.width {
            let want = &screen[(block.x + x, block.y + y)];
            let got = shown.cell(y + 1, x).expect("a cell");
            if got.is_wide_continuation() {
                continue;
            }
            let symbol = match got.contents() {
                "" => " ",
                s => s,
            };
            let at = format!("{args:?} at ({x}, {y})");
            assert_eq!(symbol, want.symbol(), "{at}");
            assert_eq!(got.fgcolor(), emulated(want.fg), "{at}");
            assert_eq!(got.bgcolor(), emulated(want.bg), "{at}");
            let has = |m| want.modifier.contains(m);
            // The emulator keeps one intensity: the last of bold and dim set (crossterm
            // writes dim after bold).
            let dim = has(Modifier::DIM);
            assert_eq!(got.bold(), has(Modifier::BOLD) && !dim, "{at}");
            assert_eq!(got.dim(), dim, "{at}");
            assert_eq!(got.italic(), has(Modifier::ITALIC), "{at}");
            assert_eq!(got.underline(), has(Modifier::UNDERLINED), "{at}");
            assert_eq!(got.inverse(), has(Modifier::REVERSED), "{at}");
            compared += 1;
        }
    }
    assert!(compared > 2000, "{compared} cells");
}

#[test]
fn render_in_colour_is_the_explorers_first_frame() {
    render_equals_explorer(&["-l", "neuron", "-o", "sgd"], 0);
}

#[test]
fn render_in_colour_is_the_explorers_frame_after_a_race() {
    render_equals_explorer(&["-l", "himmelblau", "-o", "sgd", "-o", "adam"], 60);
}

#[test]
fn render_without_colour_stays_plain_text() {
    let o = plateau(&["render", "-l", "neuron", "-o", "sgd", "--color", "never"]);
    let out = stdout(&o);
    assert!(!out.contains('\x1b'), "{out}");
    assert_eq!(out.lines().count(), 24);
    assert!(out.lines().all(|l| l == l.trim_end()), "{out}");
    assert!(out.starts_with("neuron | sgd lr="), "{out}");
}

/// The `RenderArgs` of `plateau render ARGS`.
fn render_args(args: &[&str]) -> plateau::cli::RenderArgs {
    let words = ["plateau", "render"]
        .into_iter()
        .chain(args.iter().copied());
    match Cli::parse_from(words).command {
        Some(Command::Render(args)) => args,
        _ => unreachable!("a render command line"),
    }
}

/// The colours `svg` paints: the fill of each cell's background (the last rectangle over
/// its centre wins, as in the picture) and of each symbol placed in it.
fn painted(svg: &str, cols: u16, rows: u16) -> (Vec<String>, HashMap<(u32, u32), String>) {
    let document = roxmltree::Document::parse(svg).expect("well-formed XML");
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    let number = |node: roxmltree::Node, name: &str| -> u32 {
        node.attribute(name)
            .map_or(0, |v| v.parse().expect("a whole number"))
    };
    let (cw, ch) = (svg::CELL_WIDTH, svg::CELL_HEIGHT);
    let mut backgrounds = vec![String::new(); usize::from(cols) * usize::from(rows)];
    let mut symbols = HashMap::new();
    for node in root.descendants().filter(|n| n.is_element()) {
        let fill = node.attribute("fill").unwrap_or_default().to_owned();
        match node.tag_name().name() {
            "rect" => {
                let (x, y) = (number(node, "x"), number(node, "y"));
                let (w, h) = (number(node, "width"), number(node, "height"));
                assert!(x % cw == 0 && w % cw == 0 && y % ch == 0 && h % ch == 0);
                for row in y / ch..(y + h) / ch {
                    for col in x / cw..(x + w) / cw {
                        backgrounds[(row * u32::from(cols) + col) as usize] = fill.clone();
                    }
                }
            }
            "text" => {
                let row = number(node, "y") / ch;
                let xs = node.attribute("x").expect("placed");
                let text = node.text().expect("symbols");
                let xs: Vec<u32> = xs.split(' ').map(|x| x.parse().expect("x")).collect();
                assert_eq!(xs.len(), text.chars().count(), "{text}");
                for (x, c) in xs.iter().zip(text.chars()) {
                    assert_eq!(x % cw, 0);
                    let at = symbols.entry((x / cw, row)).or_insert_with(String::new);
                    at.push(c);
                    at.push_str(&format!("@{fill}"));
                }
            }
            _ => {}
        }
    }
    (backgrounds, symbols)
}

/// Checks that the SVG of `plateau render ARGS` is well-formed and shows every cell of the
/// frame's buffer in the buffer's colours.
fn svg_shows_the_buffer(args: &[&str]) {
    let args = render_args(args);
    let text = plateau::cli::render_frame(&args).expect("renders");
    let options = Options {
        ascii: args.ascii,
        color: true,
        truecolor: true,
    };
    let buf = frame(&args, options).expect("drawn");
    let (cols, rows) = (buf.area.width, buf.area.height);
    let (backgrounds, symbols) = painted(&text, cols, rows);
    let mut placed = 0;
    for y in 0..rows {
        for x in 0..cols {
            let cell = &buf[(x, y)];
            let (fg, bg) = svg::shown(cell);
            let at = (u32::from(x), u32::from(y));
            let drawn = &backgrounds[usize::from(y) * usize::from(cols) + usize::from(x)];
            let want = svg::hex(bg);
            // A wide symbol's second cell shows the first's background.
            let hidden = x > 0 && unicode_width(buf[(x - 1, y)].symbol()) == 2;
            if !hidden {
                assert_eq!(*drawn, want, "background at {at:?}");
            }
            if !hidden && !cell.symbol().trim().is_empty() {
                let want = format!("{}@{}", cell.symbol(), svg::hex(fg));
                assert_eq!(symbols.get(&at), Some(&want), "symbol at {at:?}");
                placed += 1;
            }
        }
    }
    assert!(placed > 500, "{placed} symbols");
    assert!(text.len() < 200_000, "{} bytes", text.len());
}

/// Display width of a symbol.
fn unicode_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

#[test]
fn render_svg_is_xml_in_the_buffers_colours() {
    svg_shows_the_buffer(&[
        "-l", "neuron", "-o", "sgd", "--steps", "200", "--format", "svg",
    ]);
    svg_shows_the_buffer(&[
        "-l",
        "himmelblau",
        "-o",
        "adam",
        "-o",
        "sgd",
        "--steps",
        "80",
        "--width",
        "100",
        "--height",
        "30",
        "--format",
        "svg",
    ]);
}

#[test]
fn render_svg_without_colour_is_white_on_black_text() {
    let o = plateau(&[
        "render", "-l", "bowl", "--format", "svg", "--color", "never",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let svg = stdout(&o);
    roxmltree::Document::parse(&svg).expect("well-formed XML");
    assert_eq!(
        svg.matches("<rect").count(),
        1,
        "only the picture's background"
    );
}
