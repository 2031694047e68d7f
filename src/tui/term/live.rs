//! The live explorer on a real terminal: set-up, the event loop and the key script played
//! in real time beside the user's own keys.
//!
//! Input is read on a thread of its own (`read_input`) that blocks in crossterm and hands
//! each event over a bounded queue, so the loop can wait for input and for its next frame
//! at once, and take everything that is waiting whenever it wakes: a paste, a key repeat or
//! a burst of thousands of keys costs one frame, never a stall. The signal thread wakes the
//! loop the same way when the screen must be redrawn after a suspension.

use super::guard::{self, TerminalGuard, install_panic_hook};
use super::{FRAME, apply, derive, signals};
use crate::tui::app::Action;
use crate::tui::app::App;
use crate::tui::config::Config;
use crate::tui::derive::Derived;
use crate::tui::input::action_for_event;
use crate::tui::input::script::{self, Located, Step};
use crate::tui::ui::{self, Repaint};
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::MoveTo;
use ratatui::crossterm::event::{self, Event};
use ratatui::crossterm::queue;
use ratatui::crossterm::style::Print;
use ratatui::crossterm::terminal::{self, Clear, ClearType};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::io::{self, IsTerminal, Stdout, Write};
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender};
use std::time::{Duration, Instant};

/// The largest terminal the explorer draws on, columns and rows: wider than an ultra-wide
/// screen in a small font, taller than a portrait 4K one. ratatui keeps two buffers of the
/// whole screen and a frame costs time in proportion to its cells (at this size a running
/// frame takes about 22 ms in a release build, within the frame budget), and a terminal of
/// 65535x65535 would ask for 200 GB; above this size the explorer shows a one-line message
/// instead, drawn directly without those buffers, and q, Esc and Ctrl-C still work.
pub const MAX_SIZE: (u16, u16) = (1000, 300);

/// How many input events can wait for the loop; a reader faster than that (a flood of
/// pasted or piped bytes) waits in turn, and so does the terminal.
const INPUT_QUEUE: usize = 1024;

/// At most this many waiting events are applied between two draws (everything waiting
/// when the loop wakes, as the queue holds fewer); more are taken after the next draw,
/// at once.
const MAX_BATCH: usize = 4 * INPUT_QUEUE;

/// What wakes the event loop.
enum Wake {
    /// A terminal event, or the error that ended the input.
    Input(io::Result<Event>),
    /// The screen must be redrawn in full (after a suspension; see [`REDRAW`]).
    Redraw,
}

/// Set by the signal thread when the terminal was re-entered after a stop: the next frame
/// is drawn in full. A flag as well as a [`Wake::Redraw`], so that a full input queue
/// cannot lose it.
static REDRAW: AtomicBool = AtomicBool::new(false);

/// Runs the explorer on the terminal until the user quits, playing `config`'s key script
/// (if any) with the user's keys live throughout.
pub fn run(config: Config) -> Result<(), String> {
    if !io::stdout().is_terminal() {
        return Err(
            "the explorer needs a terminal; to write to a pipe or a file use \
                    `plateau run` (CSV or JSON), `plateau render` (a text frame) or \
                    --keys with --size and --record (an asciicast recording)"
                .to_owned(),
        );
    }
    check_term(std::env::var_os("TERM").as_deref())?;
    let mut app = config.app()?;
    install_panic_hook();
    let (wake, woken) = std::sync::mpsc::sync_channel(INPUT_QUEUE);
    let redraw = wake.clone();
    signals::handle_in_explorer(move || {
        REDRAW.store(true, Ordering::SeqCst);
        let _ = redraw.try_send(Wake::Redraw);
    })?;
    let _guard = TerminalGuard::enter().map_err(|e| format!("cannot set up the terminal: {e}"))?;
    let hung_up = wake.clone();
    super::hangup::watch(move || {
        let gone = io::Error::new(io::ErrorKind::BrokenPipe, "the terminal hung up");
        let _ = hung_up.send(Wake::Input(Err(gone)));
    })?;
    read_input(wake)?;
    // A fixed viewport: ratatui never sizes its buffers to the terminal by itself, so a
    // huge terminal cannot make it allocate them ([`Display`] checks the size first). Never
    // dropped: ratatui's drop shows the cursor and, if that fails, reports it with
    // `eprintln!`, which panics when stderr is the same dead terminal (exit 101 after a
    // hang-up); the guard restores the cursor itself, and the process ends right after.
    let mut terminal = std::mem::ManuallyDrop::new(
        Terminal::with_options(
            CrosstermBackend::new(io::stdout()),
            TerminalOptions {
                viewport: Viewport::Fixed(Rect::default()),
            },
        )
        .map_err(|e| format!("cannot set up the terminal: {e}"))?,
    );
    event_loop(
        &mut terminal,
        &mut app,
        config.script,
        config.threads,
        &woken,
    )
}

/// Refuses a terminal that cannot show the explorer: `TERM` unset or `dumb` (Emacs' shell,
/// some CI runners and editors' consoles), where raw escape sequences would fill the
/// screen.
fn check_term(term: Option<&std::ffi::OsStr>) -> Result<(), String> {
    match term.and_then(|t| t.to_str()) {
        Some(t) if !t.is_empty() && t != "dumb" => Ok(()),
        _ => Err(format!(
            "the explorer needs a terminal that understands escape sequences, and TERM is {}; \
             set TERM (e.g. TERM=xterm-256color), or use `plateau run` (CSV or JSON) or \
             `plateau render` (a text frame)",
            match term {
                Some(t) if !t.is_empty() => format!("'{}'", t.to_string_lossy()),
                _ => "not set".to_owned(),
            }
        )),
    }
}

/// Starts the input thread: each terminal event, as crossterm reads it, goes into `wake`;
/// an input error is handed over too, and ends the thread.
fn read_input(wake: SyncSender<Wake>) -> Result<(), String> {
    std::thread::Builder::new()
        .name("input".to_owned())
        .spawn(move || {
            loop {
                let event = event::read();
                let failed = event.is_err();
                if wake.send(Wake::Input(event)).is_err() || failed {
                    return;
                }
            }
        })
        .map(drop)
        .map_err(|e| format!("cannot read the terminal: {e}"))
}

/// The event loop. Paused, it blocks on input and redraws only after an event; running, it
/// steps one frame every [`FRAME`] and redraws after each. Scripted keys and clicks go
/// through the same table as the user's, as their waits fall due. Every time it wakes, it
/// applies everything waiting before it draws again.
fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
    steps: Vec<Located>,
    threads: NonZeroUsize,
    woken: &Receiver<Wake>,
) -> Result<(), String> {
    let mut derived = Derived::background(threads);
    let mut display = Display::default();
    let mut player = Player::new(steps);
    let mut last_frame = Instant::now();
    let mut dirty = true;
    let mut full = true;
    while !app.should_quit() {
        if REDRAW.swap(false, Ordering::SeqCst) {
            (dirty, full) = (true, true);
        }
        if dirty {
            display.draw(terminal, app, &mut derived, full)?;
            (dirty, full) = (false, false);
        }
        let scripted = player.next_due(app, &derived);
        let first = match scripted {
            Some(_) => None,
            None => {
                let frame_due =
                    (app.controls().running).then(|| FRAME.saturating_sub(last_frame.elapsed()));
                // While the map is computed in the background, look again every frame.
                let raster_due = derived.busy().then_some(FRAME);
                let timeout = (frame_due.into_iter())
                    .chain(raster_due)
                    .chain(player.until_due())
                    .min();
                wait(woken, timeout)?
            }
        };
        if let Some(event) = scripted {
            dirty |= apply_live(app, &derived, &event);
        }
        let mut next = first;
        for _ in 0..MAX_BATCH {
            let Some(wake) = next.take() else { break };
            match wake {
                Wake::Input(event) => {
                    dirty |= apply_live(app, &derived, &event.map_err(terminal_error)?);
                }
                Wake::Redraw => (dirty, full) = (true, true),
            }
            if app.should_quit() {
                break;
            }
            next = woken.try_recv().ok();
        }
        dirty |= derived.busy();
        if app.controls().running && last_frame.elapsed() >= FRAME {
            last_frame = Instant::now();
            app.tick();
            dirty = true;
        }
    }
    Ok(())
}

/// The next wake-up within `timeout` (forever if `None`); `None` when the time is up.
fn wait(woken: &Receiver<Wake>, timeout: Option<Duration>) -> Result<Option<Wake>, String> {
    let ended = || "terminal error: the input ended".to_owned();
    match timeout {
        Some(t) => match woken.recv_timeout(t) {
            Ok(wake) => Ok(Some(wake)),
            Err(RecvTimeoutError::Timeout) => Ok(None),
            Err(RecvTimeoutError::Disconnected) => Err(ended()),
        },
        None => woken.recv().map(Some).map_err(|_| ended()),
    }
}

/// [`apply`], except that Ctrl-Z suspends the explorer (only a live terminal can).
fn apply_live(app: &mut App, derived: &Derived, event: &Event) -> bool {
    if action_for_event(event, app.mode(), &derived.map_geometry(app)) == Some(Action::Suspend) {
        signals::suspend();
        return false;
    }
    apply(app, derived, event)
}

/// The message of a terminal error.
fn terminal_error(e: io::Error) -> String {
    format!("terminal error: {e}")
}

/// What is on the terminal: the area ratatui draws on, or the size for which the "too
/// large" message is shown.
#[derive(Default)]
struct Display {
    area: Rect,
    too_large: Option<(u16, u16)>,
    repaint: Repaint,
}

impl Display {
    /// Draws `app` on a terminal of the size it has now (in full if `full`), or, above
    /// [`MAX_SIZE`], a one-line message written directly: ratatui's buffers are never
    /// sized beyond [`MAX_SIZE`].
    fn draw(
        &mut self,
        terminal: &mut Terminal<CrosstermBackend<Stdout>>,
        app: &mut App,
        derived: &mut Derived,
        full: bool,
    ) -> Result<(), String> {
        let (cols, rows) = terminal::size().map_err(terminal_error)?;
        let _held = guard::hold_terminal();
        if cols > MAX_SIZE.0 || rows > MAX_SIZE.1 {
            if full || self.too_large != Some((cols, rows)) {
                too_large(terminal.backend_mut()).map_err(terminal_error)?;
                self.too_large = Some((cols, rows));
            }
            return Ok(());
        }
        let area = Rect::new(0, 0, cols, rows);
        if full || self.too_large.take().is_some() || area != self.area {
            // Resets the buffers to the new size and clears the screen: the next frame is
            // drawn whole.
            terminal.resize(area).map_err(terminal_error)?;
            self.repaint.forget();
            self.area = area;
        }
        derive(app, derived, area);
        ui::draw_on(terminal, app, derived, &mut self.repaint).map_err(terminal_error)?;
        #[cfg(debug_assertions)]
        test_panic(app);
        Ok(())
    }
}

/// Clears the screen and says it is too large, in a few bytes however large it is.
fn too_large(out: &mut impl Write) -> io::Result<()> {
    queue!(
        out,
        Clear(ClearType::All),
        MoveTo(0, 0),
        Print(format!(
            "terminal too large (max {}x{}): make it smaller, or press q to quit",
            MAX_SIZE.0, MAX_SIZE.1
        ))
    )?;
    out.flush()
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

    /// The next scripted event if one is due now (starting the waits on the way to it). A
    /// click outside the map is skipped with a notice: the user may have zoomed or panned
    /// meanwhile, and the session goes on.
    fn next_due(&mut self, app: &mut App, derived: &Derived) -> Option<Event> {
        loop {
            if let Some(at) = self.resume {
                if Instant::now() < at {
                    return None;
                }
                self.resume = None;
            }
            let located = self.steps.next()?;
            match located.step {
                Step::Wait(d) => self.resume = Some(Instant::now() + d),
                _ => match script::event(&located, &derived.map_geometry(app)) {
                    Ok(event) => return event,
                    Err(message) => app.notify(format!("{message}: skipped")),
                },
            }
        }
    }

    /// How long until the current wait ends, if one is in progress.
    fn until_due(&self) -> Option<Duration> {
        self.resume
            .map(|at| at.saturating_duration_since(Instant::now()))
    }
}

/// Debug builds only (the function does not exist in release builds): with the environment
/// variable `PLATEAU_TEST_PANIC` set, the first frame drawn after a step panics as it is
/// drawn, as a bug in the view would. The end-to-end tests use it to check that a panic
/// restores the terminal.
#[cfg(debug_assertions)]
fn test_panic(app: &App) {
    let stepped = app.racers().selected().sample().step > 0;
    if stepped && std::env::var_os("PLATEAU_TEST_PANIC").is_some() {
        panic!("PLATEAU_TEST_PANIC is set: a test-only panic inside the draw");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn a_dumb_or_missing_term_is_refused_with_a_pointer_to_the_headless_commands() {
        for term in [None, Some(""), Some("dumb")] {
            let e = check_term(term.map(OsStr::new)).unwrap_err();
            assert!(
                e.contains("plateau run") && e.contains("plateau render"),
                "{e}"
            );
        }
        assert!(
            check_term(Some(OsStr::new("dumb")))
                .unwrap_err()
                .contains("TERM is 'dumb'")
        );
        assert!(check_term(None).unwrap_err().contains("TERM is not set"));
        for term in ["xterm-256color", "screen", "linux", "vt100"] {
            assert_eq!(check_term(Some(OsStr::new(term))), Ok(()), "{term}");
        }
    }

    #[test]
    fn the_too_large_message_is_a_few_bytes_with_the_limit() {
        let mut out = Vec::new();
        too_large(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.len() < 120, "{text:?}");
        assert!(
            text.contains("terminal too large (max 1000x300)"),
            "{text:?}"
        );
    }
}
