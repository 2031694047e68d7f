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

use super::FRAME;
use super::app::{App, Options};
use super::record::{self, Cast};
use super::script::{self, Located, Step};
use super::view;
use crate::cli::ExploreArgs;
use crate::style::ColorChoice;
use ratatui::backend::{Backend, ClearType, CrosstermBackend};
use ratatui::crossterm::event::Event;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::cell::RefCell;
use std::io::{self, Write};
use std::path::Path;
use std::rc::Rc;
use std::time::Duration;

/// Runs the script of `args` headless and writes the recording to `path`. The script is
/// parsed, and the whole recording made, before the file is created: on any error no file
/// is written.
pub fn record(args: &ExploreArgs, path: &Path) -> Result<(), String> {
    if args.keys.is_none() && args.keys_file.is_none() {
        return Err("--record needs a key script: --keys or --keys-file".into());
    }
    let steps = script::load(args.keys.as_deref(), args.keys_file.as_deref())?;
    let (cols, rows) = args
        .size
        .ok_or("--record needs the screen size: --size COLSxROWS")?;
    // A recording is made to be shown elsewhere: colour unless `--color never`, and the
    // file depends on the arguments alone, not on the recording shell's NO_COLOR.
    let options = Options {
        ascii: args.ascii,
        color: args.color != ColorChoice::Never,
    };
    // crossterm itself drops colours when NO_COLOR is set; the recording decides alone.
    ratatui::crossterm::style::force_color_output(options.color);
    let app = App::new(args.setup.resolve()?, options)?;
    let cast = play(app, &steps, cols, rows, record::timestamp())?;
    std::fs::write(path, cast).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Plays `steps` on `app` in a `cols × rows` screen and returns the asciicast text.
pub fn play(
    mut app: App,
    steps: &[Located],
    cols: u16,
    rows: u16,
    timestamp: u64,
) -> Result<String, String> {
    let mut screen = Screen::new(cols, rows, timestamp)?;
    app.update(super::action::Action::Resize(cols, rows));
    screen.start()?;
    screen.draw(&app)?;
    for located in steps {
        if app.should_quit() {
            break;
        }
        match located.step {
            Step::Wait(d) => screen.wait(&mut app, d)?,
            _ => {
                if let Some(event) = script::event(located, app.map_area(), app.view())? {
                    screen.event(&mut app, &event)?;
                }
            }
        }
    }
    screen.finish()
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

/// The in-memory terminal, the recording and the virtual clock.
struct Screen {
    terminal: Terminal<CrosstermBackend<Sink>>,
    sink: Sink,
    cast: Cast,
    now: Duration,
}

impl Screen {
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
        self.terminal
            .draw(|frame| view::view(app, frame))
            .map_err(draw_error)?;
        self.emit()
    }

    /// Applies `event` through the explorer's key and mouse table, redrawing if it did
    /// anything and did not quit (as the live loop).
    fn event(&mut self, app: &mut App, event: &Event) -> Result<(), String> {
        if super::apply(app, event) && !app.should_quit() {
            self.draw(app)?;
        }
        Ok(())
    }

    /// Lets `d` pass, ticking and redrawing at each frame of the grid while running.
    fn wait(&mut self, app: &mut App, d: Duration) -> Result<(), String> {
        let end = self.now + d;
        while app.running() {
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

/// Parses `--size COLSxROWS` (each 1 to 1000).
pub fn parse_size(s: &str) -> Result<(u16, u16), String> {
    let bad = || format!("expected COLSxROWS with each 1 to 1000, e.g. 100x30, got '{s}'");
    let (cols, rows) = s.split_once(['x', 'X']).ok_or_else(bad)?;
    let parse = |n: &str| {
        n.trim()
            .parse::<u16>()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .ok_or_else(bad)
    };
    Ok((parse(cols)?, parse(rows)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_cols_by_rows() {
        assert_eq!(parse_size("100x30"), Ok((100, 30)));
        assert_eq!(parse_size("80X24"), Ok((80, 24)));
        for bad in [
            "100", "0x10", "10x0", "1001x10", "axb", "10x", "x10", "-1x5",
        ] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
    }
}
