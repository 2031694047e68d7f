//! The explorer driven by a key script on a virtual clock, drawn through ratatui's
//! crossterm backend into memory and recorded as asciicast v2 (`--keys`, `--size`,
//! `--record`). No terminal is touched: stdin and stdout need not be terminals.
//!
//! Time is virtual. Keys and clicks apply at the current time and are followed by a
//! redraw, like an event in the live loop; `wait D` lets D pass, and while the explorer is
//! running it ticks and redraws once per [`super::FRAME`] on a fixed grid (frames at 33 ms,
//! 66 ms, …), so `wait 1s` is 30 frames. Each redraw's bytes are one `"o"` event at its
//! virtual time; the header's timestamp is [`record::timestamp`]. The same arguments
//! therefore give the same file, byte for byte.

use super::cast::{self, Cast};
use super::{FRAME, apply};
use crate::tui::app::App;
use crate::tui::config::{Config, Recording};
use crate::tui::input::script::{self, Located, Step};
use crate::tui::ui::{self, Screen};
use ratatui::backend::{Backend, ClearType, CrosstermBackend};
use ratatui::crossterm::event::Event;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;
use std::time::Duration;

/// Plays `config`'s key script headless and writes the recording. The whole recording is
/// made before the file is created: on any error no file is written.
pub fn record(config: &Config, recording: &Recording) -> Result<(), String> {
    let (cols, rows) = recording.size;
    // crossterm itself drops colours when NO_COLOR is set; the recording decides alone.
    ratatui::crossterm::style::force_color_output(config.options.color);
    let app = App::new(config.session.clone(), config.options)?;
    let text = play(app, &config.script, cols, rows, cast::timestamp())?;
    let path = &recording.path;
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Plays `steps` on `app` in a `cols × rows` screen and returns the asciicast text.
pub fn play(
    mut app: App,
    steps: &[Located],
    cols: u16,
    rows: u16,
    timestamp: u64,
) -> Result<String, String> {
    let mut tape = Tape::new(cols, rows, timestamp)?;
    tape.start()?;
    tape.draw(&app)?;
    for located in steps {
        if app.should_quit() {
            break;
        }
        match located.step {
            Step::Wait(d) => tape.wait(&mut app, d)?,
            _ => {
                if let Some(event) = script::event(located, &tape.screen.map_geometry(&app))? {
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
struct Sink(Rc<RefCell<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The in-memory terminal, the view's state, the recording and the virtual clock.
struct Tape {
    terminal: Terminal<CrosstermBackend<Sink>>,
    screen: Screen,
    sink: Sink,
    cast: Cast,
    now: Duration,
}

impl Tape {
    /// A blank `cols × rows` screen at time 0 (a fixed viewport: no terminal is queried).
    fn new(cols: u16, rows: u16, timestamp: u64) -> Result<Self, String> {
        let sink = Sink::default();
        let terminal = Terminal::with_options(
            CrosstermBackend::new(sink.clone()),
            TerminalOptions {
                viewport: Viewport::Fixed(Rect::new(0, 0, cols, rows)),
            },
        )
        .map_err(draw_error)?;
        Ok(Self {
            terminal,
            screen: Screen::new(),
            sink,
            cast: Cast::new(cols, rows, timestamp, "plateau"),
            now: Duration::ZERO,
        })
    }

    /// Hides the cursor and clears the screen, as the live explorer's fresh alternate
    /// screen.
    fn start(&mut self) -> Result<(), String> {
        self.terminal.hide_cursor().map_err(draw_error)?;
        self.terminal
            .backend_mut()
            .clear_region(ClearType::All)
            .map_err(draw_error)?;
        self.emit()
    }

    /// Draws `app` and records the bytes at the current time.
    fn draw(&mut self, app: &App) -> Result<(), String> {
        let screen = &mut self.screen;
        self.terminal
            .draw(|frame| ui::draw(app, screen, frame))
            .map_err(draw_error)?;
        self.emit()
    }

    /// Applies `event` through the explorer's key and mouse table, redrawing if it did
    /// anything and did not quit (as the live loop).
    fn event(&mut self, app: &mut App, event: &Event) -> Result<(), String> {
        if apply(app, &self.screen, event) && !app.should_quit() {
            self.draw(app)?;
        }
        Ok(())
    }

    /// Lets `d` pass, ticking and redrawing at each frame of the grid while running.
    fn wait(&mut self, app: &mut App, d: Duration) -> Result<(), String> {
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
    /// recording lasts as long as the script, and returns the recording.
    fn finish(mut self) -> Result<String, String> {
        self.terminal.show_cursor().map_err(draw_error)?;
        self.emit()?;
        Ok(self.cast.finish())
    }

    /// Moves the bytes drawn since the last call into the recording at the current time.
    fn emit(&mut self) -> Result<(), String> {
        let bytes = std::mem::take(&mut *self.sink.0.borrow_mut());
        let text = String::from_utf8(bytes).map_err(|e| format!("non-UTF-8 output: {e}"))?;
        self.cast.output(self.now, &text);
        Ok(())
    }
}

/// The message of a drawing error (writing to memory does not fail in practice).
fn draw_error(e: io::Error) -> String {
    format!("cannot draw the recording: {e}")
}
