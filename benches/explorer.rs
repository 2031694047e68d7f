//! What the explorer costs over SSH: the time of one running frame (a tick of 128 steps
//! plus a redraw) at 120x40 and 240x70, the contour recompute after a zoom, and — printed
//! before the timings — the bytes written to the terminal per running frame, counted
//! through ratatui's crossterm backend on a counting writer.
//! Run with `cargo bench --bench explorer`.

#![allow(clippy::print_stdout)] // it reports measured figures on stdout

use clap::Parser;
use divan::Bencher;
use plateau::cli::Cli;
use plateau::tui::app::App;
use plateau::tui::config::Options;
use plateau::tui::input::Action;
use plateau::tui::ui::{self, Screen};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::cell::Cell;
use std::io::{self, Write};
use std::rc::Rc;

/// A writer that only counts the bytes it is given (the count is shared, so it can be read
/// while the terminal owns the writer).
#[derive(Clone, Default)]
struct Counter(Rc<Cell<usize>>);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.set(self.0.get() + buf.len());
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The default explorer (neuron, sgd) in colour, already running.
fn running_app() -> App {
    let cli = Cli::parse_from(["plateau"]);
    let options = Options {
        truecolor: true,
        ascii: false,
        color: true,
    };
    let session = cli.explore.setup.setup().resolve().expect("default setup");
    let mut app = App::new(session, options).expect("default app");
    app.update(Action::ToggleRun);
    app
}

/// A `cols × rows` terminal writing to `counter` (a fixed viewport: no terminal is queried).
fn fixed_terminal(counter: Counter, cols: u16, rows: u16) -> Terminal<CrosstermBackend<Counter>> {
    Terminal::with_options(
        CrosstermBackend::new(counter),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, cols, rows)),
        },
    )
    .expect("terminal")
}

/// Bytes written per running frame, averaged over `frames` frames after the first (full)
/// draw.
fn bytes_per_frame(cols: u16, rows: u16, frames: usize) -> (usize, f64) {
    let mut app = running_app();
    let counter = Counter::default();
    let mut terminal = fixed_terminal(counter.clone(), cols, rows);
    let mut screen = Screen::new();
    terminal
        .draw(|f| ui::draw(&app, &mut screen, f))
        .expect("draw");
    let first = counter.0.get();
    for _ in 0..frames {
        app.tick();
        terminal
            .draw(|f| ui::draw(&app, &mut screen, f))
            .expect("draw");
    }
    let rest = counter.0.get() - first;
    (first, rest as f64 / frames as f64)
}

fn main() {
    for (cols, rows) in [(120, 40), (240, 70)] {
        let (first, per_frame) = bytes_per_frame(cols, rows, 300);
        println!(
            "{cols}x{rows}: first frame {first} bytes, then {per_frame:.0} bytes per running frame \
             ({:.1} KB/s at 30 frames/s)",
            per_frame * 30.0 / 1000.0
        );
    }
    divan::main();
}

/// One running frame: 128 steps and a redraw into the terminal backend.
#[divan::bench(args = [(120, 40), (240, 70)])]
fn running_frame(bencher: Bencher, (cols, rows): (u16, u16)) {
    let mut app = running_app();
    let mut terminal = fixed_terminal(Counter::default(), cols, rows);
    let mut screen = Screen::new();
    bencher.bench_local(|| {
        app.tick();
        terminal
            .draw(|f| ui::draw(&app, &mut screen, f))
            .expect("draw");
    });
}

/// A zoom: the contour raster of the whole map area is recomputed.
#[divan::bench(args = [(120, 40), (240, 70)])]
fn contour_recompute(bencher: Bencher, (cols, rows): (u16, u16)) {
    let mut app = running_app();
    let mut screen = Screen::new();
    let size = Rect::new(0, 0, cols, rows);
    let mut zoom_in = true;
    bencher.bench_local(|| {
        app.update(if zoom_in {
            Action::ZoomIn
        } else {
            Action::ZoomOut
        });
        screen.prepare(&app, size);
        zoom_in = !zoom_in;
    });
}
