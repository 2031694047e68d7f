//! The explorer driven by a key script on a virtual clock, drawn through ratatui's
//! crossterm backend into memory and recorded as asciicast v2 (`--keys`, `--size`,
//! `--record`). No terminal is touched: stdin and stdout need not be terminals.
//!
//! Time is virtual. Keys and clicks apply at the current time and are followed by a
//! redraw, like an event in the live loop; `wait D` lets D pass, and while the explorer is
//! running it ticks and redraws once per [`super::FRAME`] on a fixed grid (frames at 33 ms,
//! 66 ms, …), so `wait 1s` is 30 frames. Each redraw's bytes are one `"o"` event at its
//! virtual time; the header's timestamp is [`cast::timestamp`]. The same arguments
//! therefore give the same file, byte for byte.

use super::budget::{self, Capped};
use super::cast::{self, Cast};
use super::file::AtomicFile;
use super::{FRAME, apply, derive, signals};
use crate::tui::app::App;
use crate::tui::config::{Config, Recording};
use crate::tui::derive::Derived;
use crate::tui::input::script::{self, Located, Step};
use crate::tui::theme;
use crate::tui::ui::{self, Repaint};
use ratatui::backend::{Backend, ClearType, CrosstermBackend};
use ratatui::crossterm::event::Event;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;
use std::time::Duration;

/// The longest recording, in virtual time: the waits of a script together, checked before
/// anything plays. Running frames cost real work — four racers at top speed take about
/// 0.7 s of CPU per virtual second on the project's machine (release build) —, so this
/// bounds the running frames of a recording of ordinary size to about a minute and a half
/// of CPU; the demo lasts 17 s. A large screen and the keys that cost far more than a frame
/// (basin maps, ensembles) are bounded by `budget`.
pub const MAX_LENGTH: Duration = Duration::from_secs(120);

/// Plays `config`'s key script headless and writes the recording. The script and the
/// screen's size (`budget::MAX_SIZE`) are checked and the file's directory tried before
/// anything plays; the file is at most `budget::MAX_BYTES` and the work at most
/// `budget::MAX_WORK`; the recording streams into a temporary file beside the target,
/// which replaces the target only once it is complete ([`AtomicFile`]): on any error, or a
/// termination signal, an existing file is left as it was and no partial file is left
/// behind.
pub fn record(config: &Config, recording: &Recording) -> Result<(), String> {
    if config.script.is_empty() {
        return Err(
            "the key script is empty: there is nothing to record (e.g. --keys \
                    \"space wait 3s q\")"
                .to_owned(),
        );
    }
    let length = script::total_wait(&config.script);
    if length > MAX_LENGTH {
        return Err(format!(
            "the key script waits {:.1} s in all; a recording lasts at most {} s",
            length.as_secs_f64(),
            MAX_LENGTH.as_secs()
        ));
    }
    let (cols, rows) = recording.size;
    budget::check_size(recording.size)?;
    // crossterm itself drops colours when NO_COLOR is set; the recording decides alone.
    ratatui::crossterm::style::force_color_output(config.options.color);
    let app = config.app()?;
    let path = &recording.path;
    let cannot = |e: io::Error| format!("cannot write {}: {e}", path.display());
    signals::remove_temporary_on_termination()?;
    let file = Capped::new(AtomicFile::create(path).map_err(cannot)?);
    budget::watch(budget::work_limit())?;
    match play(app, &config.script, cols, rows, cast::timestamp(), file) {
        Ok(file) => {
            budget::finishing();
            file.into_inner().commit().map_err(cannot)
        }
        Err(Failure::Write(e)) => Err(cannot(e)),
        Err(Failure::Play(message)) => Err(message),
    }
}

/// Why a recording stopped.
#[derive(Debug)]
pub enum Failure {
    /// The script could not be played (a click outside the map, …).
    Play(String),
    /// The recording could not be written.
    Write(io::Error),
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Self::Play(message)
    }
}

impl From<&str> for Failure {
    fn from(message: &str) -> Self {
        Self::Play(message.to_owned())
    }
}

/// Plays `steps` on `app` in a `cols × rows` screen, streaming the asciicast into `out`;
/// returns `out`.
pub fn play<W: Write>(
    mut app: App,
    steps: &[Located],
    cols: u16,
    rows: u16,
    timestamp: u64,
    out: W,
) -> Result<W, Failure> {
    let title = format!("plateau ({})", theme::palette_name(app.options()));
    let truecolor = app.options().truecolor;
    let mut tape = Tape::new(cols, rows, timestamp, &title, truecolor, out)?;
    tape.start()?;
    tape.draw(&mut app)?;
    for located in steps {
        if app.should_quit() {
            break;
        }
        match located.step {
            Step::Wait(d) => tape.wait(&mut app, d)?,
            _ => {
                if let Some(event) = script::event(located, &tape.derived.map_geometry(&app))? {
                    tape.event(&mut app, &event)?;
                }
            }
        }
    }
    tape.finish()
}

/// Bytes written by the terminal, shared so they can be taken out while it owns the
/// writer.
#[derive(Clone, Default)]
struct Captured(Rc<RefCell<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The in-memory terminal, what is derived from the app and the view's repaint memory, the
/// recording and the virtual clock.
struct Tape<W: Write> {
    terminal: Terminal<CrosstermBackend<Captured>>,
    derived: Derived,
    repaint: Repaint,
    sink: Captured,
    cast: Cast<W>,
    now: Duration,
}

impl<W: Write> Tape<W> {
    /// A blank `cols × rows` screen at time 0 (a fixed viewport: no terminal is queried),
    /// recorded into `out` under `title`, in 24-bit colour if `truecolor`.
    fn new(
        cols: u16,
        rows: u16,
        timestamp: u64,
        title: &str,
        truecolor: bool,
        out: W,
    ) -> Result<Self, Failure> {
        let sink = Captured::default();
        let terminal = Terminal::with_options(
            CrosstermBackend::new(sink.clone()),
            TerminalOptions {
                viewport: Viewport::Fixed(Rect::new(0, 0, cols, rows)),
            },
        )
        .map_err(draw_error)?;
        Ok(Self {
            terminal,
            derived: Derived::new(),
            repaint: Repaint::default(),
            sink,
            cast: Cast::new(out, cols, rows, timestamp, title, truecolor)
                .map_err(Failure::Write)?,
            now: Duration::ZERO,
        })
    }

    /// Hides the cursor and clears the screen, as the live explorer's fresh alternate
    /// screen.
    fn start(&mut self) -> Result<(), Failure> {
        self.terminal.hide_cursor().map_err(draw_error)?;
        self.terminal
            .backend_mut()
            .clear_region(ClearType::All)
            .map_err(draw_error)?;
        self.emit()
    }

    /// Draws `app` and records the bytes at the current time.
    fn draw(&mut self, app: &mut App) -> Result<(), Failure> {
        let size = self.terminal.get_frame().area();
        derive(app, &mut self.derived, size);
        ui::draw_on(&mut self.terminal, app, &self.derived, &mut self.repaint)
            .map_err(draw_error)?;
        self.emit()
    }

    /// Applies `event` through the explorer's key and mouse table, redrawing if it did
    /// anything and did not quit (as the live loop).
    fn event(&mut self, app: &mut App, event: &Event) -> Result<(), Failure> {
        if apply(app, &self.derived, event) && !app.should_quit() {
            self.draw(app)?;
        }
        Ok(())
    }

    /// Lets `d` pass, ticking and redrawing at each frame of the grid while running.
    fn wait(&mut self, app: &mut App, d: Duration) -> Result<(), Failure> {
        let end = self.now + d;
        while app.controls().running {
            let frames = self.now.as_nanos() / FRAME.as_nanos() + 1;
            let next = FRAME * u32::try_from(frames).map_err(|_| "key script too long")?;
            if next > end {
                break;
            }
            self.now = next;
            app.tick();
            self.draw(app)?;
        }
        self.now = end;
        Ok(())
    }

    /// Shows the cursor again at the end time (as the live explorer does on quit), so the
    /// recording lasts as long as the script, and returns the writer.
    fn finish(mut self) -> Result<W, Failure> {
        self.terminal.show_cursor().map_err(draw_error)?;
        self.emit()?;
        Ok(self.cast.finish())
    }

    /// Moves the bytes drawn since the last call into the recording at the current time.
    fn emit(&mut self) -> Result<(), Failure> {
        let bytes = std::mem::take(&mut *self.sink.0.borrow_mut());
        let text = String::from_utf8(bytes).map_err(|e| format!("non-UTF-8 output: {e}"))?;
        self.cast.output(self.now, &text).map_err(Failure::Write)
    }
}

/// The failure of a drawing error (drawing into memory does not fail in practice).
fn draw_error(e: io::Error) -> Failure {
    Failure::Play(format!("cannot draw the recording: {e}"))
}
