//! Shared helpers of the explorer tests: an app from command-line words, and its screen as
//! text on ratatui's `TestBackend` (no terminal needed).

use clap::Parser;
use plateau::cli::Cli;
use plateau::tui::app::App;
use plateau::tui::derive::Derived;
use plateau::tui::theme::Options;
use plateau::tui::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// An explorer for `plateau ARGS...`, colour on or off.
pub fn app(args: &[&str], color: bool) -> App {
    let cli = Cli::try_parse_from(std::iter::once("plateau").chain(args.iter().copied()))
        .expect("valid command line");
    let options = Options {
        truecolor: false,
        ascii: cli.explore.screen.ascii,
        color,
    };
    let session = cli.explore.setup.setup().resolve().expect("valid setup");
    App::new(session, options).expect("app")
}

/// The screen of `app` on a `cols × rows` terminal, one quoted line per row.
pub fn screen(app: &App, cols: u16, rows: u16) -> String {
    draw(app, &mut Derived::new(), cols, rows)
}

/// The screen of `app` on a `cols × rows` terminal drawn with the view state `screen` (kept
/// between frames, as the event loop keeps it), one quoted line per row.
pub fn draw(app: &App, screen: &mut Derived, cols: u16, rows: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(cols, rows)).expect("test terminal");
    terminal
        .draw(|frame| ui::draw(app, screen, frame))
        .expect("draw");
    terminal.backend().to_string()
}

/// An explorer for `plateau ARGS...` drawn with `options` (e.g. 24-bit colour).
pub fn app_with(args: &[&str], options: Options) -> App {
    let cli = Cli::try_parse_from(std::iter::once("plateau").chain(args.iter().copied()))
        .expect("valid command line");
    let session = cli.explore.setup.setup().resolve().expect("valid setup");
    App::new(session, options).expect("app")
}

/// Which colour of a cell [`colours`] maps.
#[derive(Clone, Copy)]
pub enum Layer {
    /// The cell's background: the shading, the singular greys, the markers' black.
    Background,
    /// The cell's foreground: isolines, marks, trails, arrows, text.
    Foreground,
}

/// The `layer` colour of every cell of `app`'s screen (`cols × rows`) as text: one symbol
/// per distinct colour in order of first appearance (` ` for the terminal's default), one
/// quoted line per row, then what each symbol stands for. Text snapshots drop colour; this
/// keeps it, so that a shading, a dimmed region or a marker's background shows in review.
pub fn colours(app: &App, cols: u16, rows: u16, layer: Layer) -> String {
    use ratatui::style::Color;
    const SYMBOLS: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut terminal = Terminal::new(TestBackend::new(cols, rows)).expect("test terminal");
    terminal
        .draw(|frame| ui::draw(app, &mut Derived::new(), frame))
        .expect("draw");
    let buffer = terminal.backend().buffer();
    let mut seen: Vec<Color> = Vec::new();
    let mut text = String::new();
    for y in 0..rows {
        text.push('"');
        for x in 0..cols {
            let cell = &buffer[(x, y)];
            let colour = match layer {
                Layer::Background => cell.bg,
                Layer::Foreground => cell.fg,
            };
            if colour == Color::Reset {
                text.push(' ');
                continue;
            }
            let index = match seen.iter().position(|c| *c == colour) {
                Some(i) => i,
                None => {
                    seen.push(colour);
                    seen.len() - 1
                }
            };
            text.push(SYMBOLS.chars().nth(index).unwrap_or('?'));
        }
        text.push_str("\"\n");
    }
    for (symbol, colour) in SYMBOLS.chars().zip(&seen) {
        text.push_str(&format!("{symbol} = {colour:?}\n"));
    }
    text
}
