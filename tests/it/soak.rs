//! Soak: long runs in flat memory. The explorer's trails are rings and its loss and
//! gradient histories compact themselves, so memory stays flat however long it runs. A
//! quick check of those bounds runs with the normal suite; the soak tests proper are
//! ignored by default (minutes, in a release build) — run them by name:
//!
//! ```text
//! cargo test --release --test it -- --ignored soak:: --nocapture
//! ```
//!
//! CI runs `ten_million_headless_steps_in_flat_memory` by name on its debug build
//! (`.ci/run`, about 30 s); the million frames are run by hand.
//!
//! Each test does a tenth of its work as a warm-up (every bounded buffer fills up to its
//! capacity), then reads the peak resident set (VmHWM in /proc/self/status), does the rest,
//! and checks the peak grew by less than [`GROWTH_BOUND_KIB`]. The two tests take turns, so
//! one's allocations do not count against the other.

#![allow(clippy::print_stdout)] // it reports measured figures on stdout

use plateau::tui::app::Action;
use plateau::tui::app::{App, MAX_SPEED};
use plateau::tui::derive::Derived;
use plateau::tui::ui;
use plateau_core::landscape;
use plateau_core::optim::{self, OptimizerSpec, Overrides};
use plateau_core::run::Run;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::sync::Mutex;
use std::time::Instant;

/// How much the peak resident set may grow after the warm-up: far less than the
/// unbounded histories would take (10 million samples are hundreds of MiB).
const GROWTH_BOUND_KIB: u64 = 4 * 1024;

/// Lets one soak test run at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// A field of /proc/self/status, in KiB.
fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|rest| rest.trim().strip_suffix("kB"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {field} in /proc/self/status"))
}

/// The peak resident set so far, in KiB.
fn peak_kib() -> u64 {
    status_kib("VmHWM:")
}

/// Runs `work(i)` for `i` in `0..n`, a tenth as warm-up; prints and checks the growth of
/// the peak resident set over the rest.
fn soak(what: &str, n: u64, mut work: impl FnMut(u64)) {
    let started = Instant::now();
    let warm_up = n / 10;
    for i in 0..warm_up {
        work(i);
    }
    let before = peak_kib();
    for i in warm_up..n {
        work(i);
    }
    let after = peak_kib();
    println!(
        "{what}: peak RSS {before} KiB after the warm-up, {after} KiB at the end (+{} KiB), {:.1} s",
        after - before,
        started.elapsed().as_secs_f64()
    );
    assert!(
        after - before < GROWTH_BOUND_KIB,
        "{what}: peak RSS grew from {before} to {after} KiB"
    );
}

#[test]
fn trails_and_histories_fill_up_to_their_bounds_and_stop() {
    let mut app = crate::tui_support::app(&["-o", "sgd", "-o", "adam"], true);
    app.update(Action::ToggleNoise);
    while app.controls().speed < MAX_SPEED {
        app.update(Action::Faster);
    }
    app.update(Action::ToggleRun);
    // Enough frames at the top speed for 100,000 steps.
    for _ in 0..100_000u32.div_ceil(MAX_SPEED) {
        app.tick();
    }
    for racer in app.racers().all() {
        assert!(racer.sample().step >= 100_000 || racer.diverged_at().is_some());
        assert_eq!(
            racer.trail().len(),
            2048,
            "the trail's ring is full, and no more"
        );
    }
    assert_bounded(&app);
}

#[test]
#[ignore = "soak: minutes in a release build; run by name"]
fn ten_million_headless_steps_in_flat_memory() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    // The core loop alone: one run, ten million steps.
    let land = landscape::by_name("neuron").expect("neuron");
    let kind = optim::by_name("adam").expect("adam");
    let spec = OptimizerSpec::resolve(kind, &Overrides::default(), &land.info().lr).expect("spec");
    let start = land.info().start.clone();
    let mut run = Run::new(land, spec, &start, 7).expect("run");
    soak("core run, 10M steps", 10_000_000, |_| {
        run.step().expect("adam converges on the neuron");
    });

    // The explorer without a screen: race mode (every default racer), continuous noise, top
    // speed; enough frames at the top speed for 10 million steps of every racer, through the
    // trails, the loss and gradient histories and the plateau detectors.
    let mut app = crate::tui_support::app(&[], true);
    app.update(Action::ToggleRace);
    app.update(Action::ToggleNoise);
    while app.controls().speed < MAX_SPEED {
        app.update(Action::Faster);
    }
    let racers = app.racers().all().len();
    let mut steps = 0;
    soak(
        &format!("explorer, {racers} racers x 10M steps"),
        u64::from(10_000_000u32.div_ceil(MAX_SPEED)),
        |_| {
            if !app.controls().running {
                app.update(Action::ResetRun);
                app.update(Action::ToggleRun);
            }
            let before = app.racers().selected().sample().step;
            app.tick();
            steps += app.racers().selected().sample().step.saturating_sub(before);
        },
    );
    assert_bounded(&app);
    // Resets after a divergence would leave frames without steps: the soak must really
    // have stepped (nearly) ten million times.
    assert!(
        steps >= 9_000_000,
        "only {steps} steps of the selected racer"
    );
}

#[test]
#[ignore = "soak: minutes in a release build; run by name"]
fn a_million_frames_in_flat_memory() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    // One step and one redraw per frame, with noise so that every frame differs, on the
    // smallest screen the explorer draws.
    let mut app = crate::tui_support::app(&["-o", "sgd", "-o", "adam"], true);
    let (cols, rows) = (60, 16);
    app.update(Action::ToggleNoise);
    while app.controls().speed > 1 {
        app.update(Action::Slower);
    }
    let mut terminal = Terminal::new(TestBackend::new(cols, rows)).expect("terminal");
    let mut screen = Derived::new();
    soak("explorer, 1M frames at 60x16", 1_000_000, |_| {
        if !app.controls().running {
            app.update(Action::ResetRun);
            app.update(Action::ToggleRun);
        }
        app.tick();
        terminal
            .draw(|frame| ui::draw(&app, &mut screen, frame))
            .expect("draw");
    });
    assert_bounded(&app);
    let text = crate::tui_support::screen(&app, cols, rows);
    assert!(
        text.contains("sgd lr="),
        "still drawing the explorer:\n{text}"
    );
}

/// Checks every racer's trail stayed within its ring.
fn assert_bounded(app: &App) {
    for racer in app.racers().all() {
        assert!(
            racer.trail().len() <= 2048,
            "trail of {}",
            racer.trail().len()
        );
        assert!(racer.loss().columns(4096).len() <= 2048);
        assert!(racer.grad_norm().columns(4096).len() <= 2048);
    }
}
