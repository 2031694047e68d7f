//! The interactive explorer: `plateau` with no subcommand.
//!
//! Elm style: [`app::App`] holds the state and changes only through
//! [`app::App::update`] (user actions, mapped from keys and mouse in [`action`]) and
//! [`app::App::tick`] (a frame of steps); [`view::view`] draws it. This module owns the
//! terminal: it sets it up, runs the event loop and always restores it.

pub mod action;
pub mod app;
pub mod format;
pub mod history;
pub mod layout;
pub mod overlay;
pub mod racer;
pub mod view;

use crate::cli::ExploreArgs;
use action::action_for_event;
use app::{App, Options};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use std::io::{self, IsTerminal, Stdout};
use std::time::{Duration, Instant};

/// Time between frames while running: at most about 30 redraws per second.
pub const FRAME: Duration = Duration::from_millis(33);

/// Opens the explorer for the command line `args` and returns when the user quits.
pub fn explore(args: &ExploreArgs) -> Result<(), String> {
    if !io::stdout().is_terminal() {
        return Err(
            "the explorer needs a terminal; to write to a pipe or a file use \
                    `plateau run` (CSV or JSON) or `plateau render` (a text frame)"
                .to_owned(),
        );
    }
    let mut app = App::new(args.setup.resolve()?, Options::from_args(args, true))?;
    install_panic_hook();
    let _guard = TerminalGuard::enter().map_err(|e| format!("cannot set up the terminal: {e}"))?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))
        .map_err(|e| format!("cannot set up the terminal: {e}"))?;
    run(&mut terminal, &mut app).map_err(|e| format!("terminal error: {e}"))
}

/// The event loop. Paused, it blocks on input and redraws only after an event; running, it
/// steps one frame every [`FRAME`] and redraws after each.
fn run(terminal: &mut Terminal<CrosstermBackend<Stdout>>, app: &mut App) -> io::Result<()> {
    let size = terminal.size()?;
    app.update(action::Action::Resize(size.width, size.height));
    let mut last_frame = Instant::now();
    let mut dirty = true;
    while !app.should_quit() {
        if dirty {
            terminal.draw(|frame| view::view(app, frame))?;
            dirty = false;
        }
        let ready = if app.running() {
            event::poll(FRAME.saturating_sub(last_frame.elapsed()))?
        } else {
            true
        };
        if ready {
            let event = event::read()?;
            if let Some(action) = action_for_event(&event, app.mode(), app.map_area(), app.view()) {
                app.update(action);
                dirty = true;
            }
        }
        if app.running() && last_frame.elapsed() >= FRAME {
            last_frame = Instant::now();
            app.tick();
            dirty = true;
        }
    }
    Ok(())
}

/// Raw mode, alternate screen, hidden cursor and mouse capture for as long as it lives;
/// dropping it (on quit, error or unwinding panic) restores the terminal.
struct TerminalGuard;

impl TerminalGuard {
    /// Puts the terminal into explorer mode.
    fn enter() -> io::Result<Self> {
        enable_raw_mode()?;
        let guard = Self;
        execute!(
            io::stdout(),
            EnterAlternateScreen,
            EnableMouseCapture,
            ratatui::crossterm::cursor::Hide
        )?;
        Ok(guard)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// Leaves explorer mode; harmless when the terminal is already restored.
fn restore_terminal() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
}

/// Makes panics restore the terminal before the previous hook prints the message, so the
/// message lands on a usable screen.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
}
