//! The explorer's budgets, measured: what it writes to the terminal per frame and how long
//! its frames and map recomputes take. Run with `cargo bench --bench explorer`.
//!
//! Printed before the timings, bytes counted through ratatui's crossterm backend on a
//! counting writer, drawn as the live explorer draws (`ui::draw_on`): the first frame, each running frame (a tick of 128 steps and a redraw)
//! and each redraw while nothing changed, for the default explorer (neuron, sgd, 24-bit
//! colour), race mode (key `m`, 4 racers) and the committee model (6 parameters, its map a
//! plane that follows the run), at 120x40 and 240x70.
//!
//! Then divan's timings:
//! - `first_frame`: `App::new`, `Derived::new()` and the first draw, which computes the
//!   critical points, the contour and the terrain inline;
//! - `running_frame` and `race_frame`: one running frame with the map cached;
//! - `map_recompute`: a zoom on neuron, after which the map's contour (with its shading
//!   levels) and its terrain (the flat and singular layer) are recomputed, and its parts
//!   `map_contour` and `map_terrain` alone;
//! - `committee_frame`: one running frame on committee with the map recomputed every frame,
//!   and its parts `committee_contour` and `committee_terrain` alone.
//!
//! The machine is shared and noisy: these are figures to read, never to assert on.

#![allow(clippy::print_stdout)] // it reports measured figures on stdout

use clap::Parser;
use divan::Bencher;
use plateau::cli::Cli;
use plateau::tui::app::Action;
use plateau::tui::app::App;
use plateau::tui::derive::Derived;
use plateau::tui::theme::Options;
use plateau::tui::ui;
use plateau_core::landscape::Slice;
use plateau_core::picture::raster::{Contour, Glyphs};
use plateau_core::picture::terrain::{Terrain, TerrainSpec};
use plateau_core::setup::Session;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::cell::Cell;
use std::fmt;
use std::io::{self, Write};
use std::rc::Rc;

// ─── The explorers measured ────────────────────────────────────────────────────────────

/// A terminal size, shown as `COLSxROWS` in divan's table.
#[derive(Clone, Copy, Debug)]
struct Size(u16, u16);

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}x{}", self.0, self.1)
    }
}

impl Size {
    /// The whole screen.
    fn rect(self) -> Rect {
        Rect::new(0, 0, self.0, self.1)
    }
}

/// The sizes of the budgets.
const SIZES: [Size; 2] = [Size(120, 40), Size(240, 70)];

/// The explorer's first budgeted size.
const SMALL: Size = Size(120, 40);

/// Which explorer a figure is of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Setup {
    /// `plateau`: neuron, sgd.
    Default,
    /// `plateau`, then `m`: neuron, sgd, momentum, adam and natgrad racing.
    Race,
    /// `plateau -l committee`: six parameters, on the plane of its singularity view.
    Committee,
}

impl Setup {
    /// How the table names it.
    fn name(self) -> &'static str {
        match self {
            Self::Default => "neuron, sgd",
            Self::Race => "neuron, race (m)",
            Self::Committee => "committee, sgd",
        }
    }

    /// The resolved session of its command line.
    fn session(self) -> Session {
        let words: &[&str] = match self {
            Self::Default | Self::Race => &["plateau"],
            Self::Committee => &["plateau", "-l", "committee"],
        };
        let cli = Cli::parse_from(words);
        cli.explore.setup.setup().resolve().expect("a valid setup")
    }

    /// The explorer on `session`, paused as it opens (with its race started, for
    /// [`Setup::Race`]).
    fn open(self, session: Session) -> App {
        let mut app = App::new(session, colour()).expect("the explorer opens");
        if self == Self::Race {
            app.update(Action::ToggleRace);
            assert_eq!(app.racers().all().len(), 4, "race mode has 4 racers");
        }
        app
    }

    /// The explorer, already running.
    fn running(self) -> App {
        let mut app = self.open(self.session());
        app.update(Action::ToggleRun);
        assert!(app.controls().running, "the explorer runs");
        app
    }
}

/// 24-bit colour, Unicode glyphs: the explorer in a modern terminal.
fn colour() -> Options {
    Options {
        truecolor: true,
        ascii: false,
        color: true,
    }
}

// ─── Counting the bytes ────────────────────────────────────────────────────────────────

/// A writer that only counts the bytes it is given (the count is shared, so it can be read
/// while the terminal owns the writer).
#[derive(Clone, Default)]
struct Counter(Rc<Cell<usize>>);

impl Counter {
    /// Bytes written so far.
    fn get(&self) -> usize {
        self.0.get()
    }
}

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.set(self.0.get() + buf.len());
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A terminal of `size` writing to `counter` (a fixed viewport: no terminal is queried),
/// as the live explorer's is: ratatui's crossterm backend.
fn fixed_terminal(counter: Counter, size: Size) -> Terminal<CrosstermBackend<Counter>> {
    Terminal::with_options(
        CrosstermBackend::new(counter),
        TerminalOptions {
            viewport: Viewport::Fixed(size.rect()),
        },
    )
    .expect("terminal")
}

/// Draws `app` on `terminal` as the live explorer does, laying out and bringing the map up
/// to date first.
fn draw(terminal: &mut Terminal<CrosstermBackend<Counter>>, app: &App, screen: &mut Screen) {
    screen
        .derived
        .update(app, terminal.get_frame().area(), ui::column_rows);
    ui::draw_on(terminal, app, &screen.derived, &mut screen.repaint).expect("draw");
}

/// What the explorer keeps between frames: what it derived, and the last frame drawn.
#[derive(Default)]
struct Screen {
    derived: Derived,
    repaint: ui::Repaint,
}

/// What one explorer writes to the terminal.
struct Bytes {
    /// The first frame, drawn whole.
    first: usize,
    /// Per running frame, on average and at most.
    running_mean: f64,
    running_max: usize,
    /// Running frames over [`FRAME_BUDGET`].
    over_budget: usize,
    /// Per redraw with nothing changed (no tick since the last draw).
    paused: f64,
    /// In how many of the running frames the map's plane moved (committee only), and the
    /// bytes of those frames.
    plane_moved: usize,
    moved_bytes: usize,
}

/// Running frames measured after the first one: 300 frames of 128 steps take the default
/// neuron run through its plateau and its escape (step 38,400).
const FRAMES: usize = 300;

/// The budget of one running frame's bytes at 120x40.
const FRAME_BUDGET: usize = 2000;

/// Redraws measured with nothing changed.
const PAUSED_DRAWS: usize = 2;

/// The bytes `setup` writes at `size`: its first frame, [`FRAMES`] running frames, then
/// [`PAUSED_DRAWS`] draws without a tick.
fn bytes(setup: Setup, size: Size) -> Bytes {
    let mut app = setup.running();
    let counter = Counter::default();
    let mut terminal = fixed_terminal(counter.clone(), size);
    let mut screen = Screen::default();
    draw(&mut terminal, &app, &mut screen);
    let first = counter.get();
    let (mut total, mut running_max, mut over_budget) = (0, 0, 0);
    let (mut plane_moved, mut moved_bytes) = (0, 0);
    for _ in 0..FRAMES {
        let plane = app.scene().plane().cloned();
        app.tick();
        let moved = app.scene().plane() != plane.as_ref();
        let before = counter.get();
        draw(&mut terminal, &app, &mut screen);
        let frame = counter.get() - before;
        total += frame;
        running_max = running_max.max(frame);
        over_budget += usize::from(frame > FRAME_BUDGET);
        if moved {
            plane_moved += 1;
            moved_bytes += frame;
        }
    }
    let before = counter.get();
    for _ in 0..PAUSED_DRAWS {
        draw(&mut terminal, &app, &mut screen);
    }
    let paused = (counter.get() - before) as f64 / PAUSED_DRAWS as f64;
    Bytes {
        first,
        running_mean: total as f64 / FRAMES as f64,
        running_max,
        over_budget,
        paused,
        plane_moved,
        moved_bytes,
    }
}

/// Prints the bytes table: budgets < 2 KB per running frame at 120x40, 0 while paused.
fn print_bytes() {
    println!("Bytes written to the terminal (ratatui's crossterm backend, counted):");
    println!(
        "{:<17} {:>6} {:>8} | running: {:>5} {:>10} {:>6} {:>8} | {:>6} | {:>7}",
        "explorer", "size", "first", "mean", "at 30fps", "max", ">2000 B", "paused", "plane"
    );
    let mut notes = Vec::new();
    for setup in [Setup::Default, Setup::Race, Setup::Committee] {
        for size in SIZES {
            let b = bytes(setup, size);
            if b.plane_moved > 0 {
                let stayed = FRAMES - b.plane_moved;
                let rest = b.running_mean * FRAMES as f64 - b.moved_bytes as f64;
                notes.push(format!(
                    "{} {size}: the {} frames whose plane moved wrote {:.0} B each on average, \
                     the other {stayed} frames {:.0} B each",
                    setup.name(),
                    b.plane_moved,
                    b.moved_bytes as f64 / b.plane_moved as f64,
                    rest / stayed as f64,
                ));
            }
            let moved = match setup {
                Setup::Committee => format!("{}/{FRAMES}", b.plane_moved),
                _ => "-".to_owned(),
            };
            println!(
                "{:<17} {:>6} {:>8} | running: {:>5.0} {:>5.1} KB/s {:>6} {:>4}/{FRAMES} | {:>6.0} | {:>7}",
                setup.name(),
                size.to_string(),
                b.first,
                b.running_mean,
                b.running_mean * 30.0 / 1000.0,
                b.running_max,
                b.over_budget,
                b.paused,
                moved,
            );
        }
    }
    for note in notes {
        println!("{note}");
    }
    println!(
        "(bytes; {FRAMES} running frames of 128 steps per racer; paused: per draw with no \
         tick since the last; plane: frames in which committee's plane followed the run)\n"
    );
}

fn main() {
    print_bytes();
    divan::main();
}

// ─── The first frame ───────────────────────────────────────────────────────────────────

/// Opening the explorer (budget < 50 ms at 120x40): `App::new` (which searches the
/// critical points), `Derived::new()` and the first draw, which computes the contour and
/// the terrain inline. Resolving the command line is left out (an input); so is dropping
/// what was built.
#[divan::bench(args = [SMALL])]
fn first_frame(bencher: Bencher, size: Size) {
    let session = Setup::Default.session();
    bencher
        .with_inputs(|| (session.clone(), fixed_terminal(Counter::default(), size)))
        .bench_local_values(|(session, mut terminal)| {
            let app = Setup::Default.open(session);
            let mut screen = Screen::default();
            draw(&mut terminal, &app, &mut screen);
            (app, screen, terminal)
        });
}

// ─── Running frames, the map cached ────────────────────────────────────────────────────

/// One running frame of `setup` at `size`: a tick of 128 steps per racer and a redraw into
/// the terminal backend. The first frame (which computes the map) is drawn beforehand.
fn bench_running(bencher: Bencher, setup: Setup, size: Size) {
    let mut app = setup.running();
    let mut terminal = fixed_terminal(Counter::default(), size);
    let mut screen = Screen::default();
    draw(&mut terminal, &app, &mut screen);
    bencher.bench_local(|| {
        app.tick();
        draw(&mut terminal, &app, &mut screen);
    });
}

/// One running frame of the default explorer (neuron, sgd).
#[divan::bench(args = SIZES)]
fn running_frame(bencher: Bencher, size: Size) {
    bench_running(bencher, Setup::Default, size);
}

/// One running frame in race mode (4 racers: 4 × 128 steps).
#[divan::bench(args = SIZES)]
fn race_frame(bencher: Bencher, size: Size) {
    bench_running(bencher, Setup::Race, size);
}

// ─── The map recomputed ────────────────────────────────────────────────────────────────

/// A zoom on neuron (budget < 30 ms at 240x70): the map is recomputed as `Derived::update`
/// does it for the explorer — the contour with its shading levels, and the terrain (the
/// flat and singular layer, on by default). Zooming in and out in turn, so every iteration
/// has a new view to compute.
#[divan::bench(args = SIZES)]
fn map_recompute(bencher: Bencher, size: Size) {
    let mut app = Setup::Default.running();
    assert!(app.layers().flat, "the terrain layer is on, as it opens");
    let mut screen = Derived::new();
    let mut zoom_in = true;
    bencher.bench_local(|| {
        app.update(if zoom_in {
            Action::ZoomIn
        } else {
            Action::ZoomOut
        });
        screen.update(&app, size.rect(), ui::column_rows);
        zoom_in = !zoom_in;
    });
}

/// The map's size in cells for `app` at `size`.
fn map_cells(app: &App, size: Size) -> (usize, usize) {
    let mut screen = Derived::new();
    screen.update(app, size.rect(), ui::column_rows);
    let area = screen.map_geometry(app).area;
    (usize::from(area.width), usize::from(area.height))
}

/// The contour part of [`map_recompute`] alone (the map's cells in braille, 2x4 samples
/// per cell, with the shading levels).
#[divan::bench(args = SIZES)]
fn map_contour(bencher: Bencher, size: Size) {
    let app = Setup::Default.running();
    let (cols, rows) = map_cells(&app, size);
    let scene = app.scene();
    let surface = scene.landscape.surface().expect("neuron is 2-D");
    bencher.bench_local(|| Contour::compute(surface, scene.region, cols, rows, Glyphs::Braille));
}

/// The terrain part of [`map_recompute`] alone (per cell: the gradient, the loss, and the
/// Fisher matrix's spectrum).
#[divan::bench(args = SIZES)]
fn map_terrain(bencher: Bencher, size: Size) {
    let app = Setup::Default.running();
    let (cols, rows) = map_cells(&app, size);
    let scene = app.scene();
    let landscape = scene.landscape.as_ref();
    let spec = TerrainSpec::for_landscape(landscape.info());
    bencher.bench_local(|| Terrain::compute(landscape, None, scene.region, cols, rows, spec));
}

// ─── Committee: the map follows the run ────────────────────────────────────────────────

/// One running frame on committee at 120x40 with the map recomputed: a tick of 128 steps
/// and a redraw. The plane is rebuilt only once the run has left it by 1% of the view
/// (the bytes table says in how many frames it moved), so to measure the frame where it
/// did, every iteration draws on a new `Derived::new()`: its cache is empty, and the draw
/// computes the contour and the terrain inline, on the plane through the run, as a moved
/// plane makes it. (A zoom toggle would force it too, but it changes how far the run may
/// go before the plane follows.)
#[divan::bench(args = [SMALL])]
fn committee_frame(bencher: Bencher, size: Size) {
    let mut app = Setup::Committee.running();
    let mut terminal = fixed_terminal(Counter::default(), size);
    draw(&mut terminal, &app, &mut Screen::default());
    bencher.bench_local(|| {
        app.tick();
        draw(&mut terminal, &app, &mut Screen::default());
    });
}

/// The contour part of [`committee_frame`] alone: the slice of the loss on the plane,
/// each sample a full evaluation of the model on its 25 points.
#[divan::bench(args = [SMALL])]
fn committee_contour(bencher: Bencher, size: Size) {
    let app = Setup::Committee.running();
    let (cols, rows) = map_cells(&app, size);
    let scene = app.scene();
    let plane = scene.plane().expect("committee is seen on a plane");
    let slice = Slice::new(scene.landscape.as_ref(), plane);
    bencher.bench_local(|| Contour::compute(&slice, scene.region, cols, rows, Glyphs::Braille));
}

/// The terrain part of [`committee_frame`] alone (per cell: the 6-parameter gradient, the
/// loss, and the spectrum of the 6x6 Fisher matrix).
#[divan::bench(args = [SMALL])]
fn committee_terrain(bencher: Bencher, size: Size) {
    let app = Setup::Committee.running();
    let (cols, rows) = map_cells(&app, size);
    let scene = app.scene();
    let landscape = scene.landscape.as_ref();
    let spec = TerrainSpec::for_landscape(landscape.info());
    bencher
        .bench_local(|| Terrain::compute(landscape, scene.plane(), scene.region, cols, rows, spec));
}
