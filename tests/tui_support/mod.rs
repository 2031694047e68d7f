//! Shared helpers of the explorer tests: an app from command-line words, and its screen as
//! text on ratatui's `TestBackend` (no terminal needed).

use clap::Parser;
use plateau::cli::Cli;
use plateau::tui::app::App;
use plateau::tui::config::Options;
use plateau::tui::ui::{self, Screen};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// An explorer for `plateau ARGS...`, colour on or off.
pub fn app(args: &[&str], color: bool) -> App {
    let cli = Cli::try_parse_from(std::iter::once("plateau").chain(args.iter().copied()))
        .expect("valid command line");
    let options = Options {
        ascii: cli.explore.ascii,
        color,
    };
    let session = cli.explore.setup.setup().resolve().expect("valid setup");
    App::new(session, options).expect("app")
}

/// The screen of `app` on a `cols × rows` terminal, one quoted line per row.
#[allow(dead_code)]
pub fn screen(app: &App, cols: u16, rows: u16) -> String {
    draw(app, &mut Screen::new(), cols, rows)
}

/// The screen of `app` on a `cols × rows` terminal drawn with the view state `screen` (kept
/// between frames, as the event loop keeps it), one quoted line per row.
#[allow(dead_code)]
pub fn draw(app: &App, screen: &mut Screen, cols: u16, rows: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(cols, rows)).expect("test terminal");
    terminal
        .draw(|frame| ui::draw(app, screen, frame))
        .expect("draw");
    terminal.backend().to_string()
}
