//! Shared helpers of the explorer tests: an app from command-line words, and its screen as
//! text on ratatui's `TestBackend` (no terminal needed).

use clap::Parser;
use plateau::cli::Cli;
use plateau::tui::action::Action;
use plateau::tui::app::{App, Options};
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
    App::new(cli.explore.setup.resolve().expect("valid setup"), options).expect("app")
}

/// The screen of `app` on a `cols × rows` terminal, one quoted line per row.
pub fn screen(app: &mut App, cols: u16, rows: u16) -> String {
    app.update(Action::Resize(cols, rows));
    let mut terminal = Terminal::new(TestBackend::new(cols, rows)).expect("test terminal");
    terminal
        .draw(|frame| plateau::tui::view::view(app, frame))
        .expect("draw");
    terminal.backend().to_string()
}
