//! The interactive explorer: `plateau` with no subcommand.
//!
//! Elm style: [`app::App`] holds the state and changes only through
//! [`app::App::update`] (user actions, mapped from keys and mouse in [`action`]) and
//! [`app::App::tick`] (a frame of steps); [`view::view`] draws it. This module owns the
//! terminal: it sets it up, runs the event loop and always restores it.

pub mod action;
pub mod app;
pub mod format;
pub mod headless;
pub mod history;
pub mod layout;
pub mod overlay;
pub mod racer;
pub mod record;
pub mod script;
mod signals;
pub mod view;

use crate::cli::ExploreArgs;
use action::action_for_event;
use app::{App, Options};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{self, DisableMouseCapture, Event};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use script::{Located, Step};
use std::io::{self, IsTerminal, Stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Time between frames while running: at most about 30 redraws per second.
pub const FRAME: Duration = Duration::from_millis(33);

/// Opens the explorer for the command line `args` and returns when the user quits. A key
/// script (`--keys`, `--keys-file`) is played first, with the user's keys live throughout;
/// with `--record` it is played headless instead (see [`headless`]).
pub fn explore(args: &ExploreArgs) -> Result<(), String> {
    if let Some(path) = &args.record {
        return headless::record(args, path);
    }
    if !io::stdout().is_terminal() {
        return Err(
            "the explorer needs a terminal; to write to a pipe or a file use \
                    `plateau run` (CSV or JSON), `plateau render` (a text frame) or \
                    --keys with --size and --record (an asciicast recording)"
                .to_owned(),
        );
    }
    let steps = script::load(args.keys.as_deref(), args.keys_file.as_deref())?;
    let mut app = App::new(args.setup.resolve()?, Options::from_args(args, true))?;
    install_panic_hook();
    signals::exit_on_termination()?;
    let _guard = TerminalGuard::enter().map_err(|e| format!("cannot set up the terminal: {e}"))?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))
        .map_err(|e| format!("cannot set up the terminal: {e}"))?;
    run(&mut terminal, &mut app, steps)
}

/// The event loop. Paused, it blocks on input and redraws only after an event; running, it
/// steps one frame every [`FRAME`] and redraws after each. Scripted keys and clicks go
/// through the same table as the user's, as their waits fall due.
fn run(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
    steps: Vec<Located>,
) -> Result<(), String> {
    let size = terminal.size().map_err(terminal_error)?;
    app.update(action::Action::Resize(size.width, size.height));
    let mut player = Player::new(steps);
    let mut last_frame = Instant::now();
    let mut dirty = true;
    while !app.should_quit() {
        if dirty {
            let _held = signals::hold_terminal();
            terminal
                .draw(|frame| {
                    view::view(app, frame);
                    #[cfg(debug_assertions)]
                    test_panic(app);
                })
                .map_err(terminal_error)?;
            dirty = false;
        }
        let scripted = player.next_due(app)?;
        let event = if scripted.is_some() {
            scripted
        } else {
            let frame_due = app
                .running()
                .then(|| FRAME.saturating_sub(last_frame.elapsed()));
            let timeout = frame_due.into_iter().chain(player.until_due()).min();
            let ready = match timeout {
                Some(t) => event::poll(t).map_err(terminal_error)?,
                None => true,
            };
            ready
                .then(event::read)
                .transpose()
                .map_err(terminal_error)?
        };
        if let Some(event) = event {
            dirty |= apply(app, &event);
            // Everything else already waiting (key repeat, a paste, a resize burst) is
            // applied before the next draw: a burst of input costs one frame.
            for _ in 0..MAX_BATCH {
                if app.should_quit() || !event::poll(Duration::ZERO).map_err(terminal_error)? {
                    break;
                }
                dirty |= apply(app, &event::read().map_err(terminal_error)?);
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

/// At most this many waiting events are applied between two draws.
const MAX_BATCH: usize = 256;

/// Applies one terminal event (real or scripted) through the key table; whether it changed
/// anything.
fn apply(app: &mut App, event: &Event) -> bool {
    match action_for_event(event, app.mode(), app.map_area(), app.view()) {
        Some(action) => {
            app.update(action);
            true
        }
        None => false,
    }
}

/// The message of a terminal error.
fn terminal_error(e: io::Error) -> String {
    format!("terminal error: {e}")
}

/// A key script played in real time: steps run in order and a wait holds back the rest
/// until its time has passed.
struct Player {
    steps: std::vec::IntoIter<Located>,
    resume: Option<Instant>,
}

impl Player {
    /// A player at the start of `steps`.
    fn new(steps: Vec<Located>) -> Self {
        Self {
            steps: steps.into_iter(),
            resume: None,
        }
    }

    /// The next scripted event if one is due now (starting the waits on the way to it).
    fn next_due(&mut self, app: &App) -> Result<Option<Event>, String> {
        loop {
            if let Some(at) = self.resume {
                if Instant::now() < at {
                    return Ok(None);
                }
                self.resume = None;
            }
            let Some(located) = self.steps.next() else {
                return Ok(None);
            };
            match located.step {
                Step::Wait(d) => self.resume = Some(Instant::now() + d),
                _ => return script::event(&located, app.map_area(), app.view()),
            }
        }
    }

    /// How long until the current wait ends, if one is in progress.
    fn until_due(&self) -> Option<Duration> {
        self.resume
            .map(|at| at.saturating_duration_since(Instant::now()))
    }
}

/// Raw mode, alternate screen, hidden cursor and mouse capture for as long as it lives;
/// dropping it (on quit, error or unwinding panic) restores the terminal.
struct TerminalGuard;

impl TerminalGuard {
    /// Puts the terminal into explorer mode.
    fn enter() -> io::Result<Self> {
        enable_raw_mode()?;
        let guard = Self;
        EXPLORER_MODE.store(true, Ordering::SeqCst);
        execute!(
            io::stdout(),
            EnterAlternateScreen,
            EnableClickReports,
            ratatui::crossterm::cursor::Hide
        )?;
        Ok(guard)
    }
}

/// Whether the terminal is in explorer mode, so that it is restored exactly once: a second
/// `LeaveAlternateScreen` (after a panic, from the guard's drop during unwinding) would move
/// the cursor back to where plateau started and let the shell prompt overwrite the panic
/// message.
static EXPLORER_MODE: AtomicBool = AtomicBool::new(false);

/// Mouse reports for button presses and releases only, in SGR encoding. crossterm's
/// `EnableMouseCapture` also turns on any-motion tracking, which sends bytes (over SSH, too)
/// and wakes the event loop on every mouse move; the explorer only uses clicks.
struct EnableClickReports;

impl ratatui::crossterm::Command for EnableClickReports {
    fn write_ansi(&self, f: &mut impl std::fmt::Write) -> std::fmt::Result {
        f.write_str("\x1b[?1000h\x1b[?1006h")
    }

    #[cfg(windows)]
    fn execute_winapi(&self) -> io::Result<()> {
        ratatui::crossterm::Command::execute_winapi(&ratatui::crossterm::event::EnableMouseCapture)
    }

    #[cfg(windows)]
    fn is_ansi_code_supported(&self) -> bool {
        false
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        let _held = signals::hold_terminal();
        restore_terminal();
    }
}

/// Leaves explorer mode; does nothing when the terminal is already restored.
fn restore_terminal() {
    if !EXPLORER_MODE.swap(false, Ordering::SeqCst) {
        return;
    }
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
}

/// Debug builds only (the function does not exist in release builds): with the environment
/// variable `PLATEAU_TEST_PANIC` set, the first frame drawn after a step panics inside the
/// draw, as a bug in the view would. The end-to-end tests use it to check that a panic
/// restores the terminal.
#[cfg(debug_assertions)]
fn test_panic(app: &App) {
    if app.selected_racer().sample().step > 0 && std::env::var_os("PLATEAU_TEST_PANIC").is_some() {
        panic!("PLATEAU_TEST_PANIC is set: a test-only panic inside the draw");
    }
}

/// Makes panics restore the terminal before the previous hook prints the message, so the
/// message lands on a usable screen. It does not wait for [`signals::hold_terminal`]: the
/// panic may come from inside a draw, on the thread that holds it.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
}
