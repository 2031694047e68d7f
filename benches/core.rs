//! Speed of the core: optimizer steps on a closed-form landscape (rosenbrock), on the
//! seed's network (neuron) and on the six-parameter committee machine, the contour raster of
//! a 200x60 frame, and committee's views (the map on a plane of its parameter space, and
//! building each view's plane).
//! Run with `cargo bench --bench core`; divan's allocation profiler reports heap
//! allocations per iteration alongside the times.

use divan::{AllocProfiler, Bencher, counter::ItemsCount};
use plateau_core::Domain;
use plateau_core::analysis::Scatter;
use plateau_core::landscape::Slice;
use plateau_core::landscape::{self, Landscape};
use plateau_core::optim::{self, OptimizerSpec, Overrides};
use plateau_core::picture::raster::{Contour, Glyphs};
use plateau_core::run::Run;
use plateau_core::views::{self, View};
use std::sync::Arc;

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

/// Steps per benchmark iteration.
const STEPS: usize = 1000;

fn main() {
    divan::main();
}

fn fresh_run(landscape: &Arc<dyn Landscape>, optimizer: &str) -> Option<Run> {
    let kind = optim::by_name(optimizer).ok()?;
    let spec = OptimizerSpec::resolve(kind, &Overrides::default(), &landscape.info().lr).ok()?;
    Run::new(landscape.clone(), spec, &landscape.info().start, 42).ok()
}

fn bench_steps(bencher: Bencher, landscape: &str, optimizer: &str) {
    let land = landscape::by_name(landscape).expect("registered landscape");
    bencher
        .counter(ItemsCount::new(STEPS))
        .with_inputs(|| fresh_run(&land, optimizer).expect("optimizer works on landscape"))
        .bench_local_refs(|run| {
            for _ in 0..STEPS {
                run.step();
            }
        });
}

/// Every optimizer but natgrad, which needs a model's loss.
const PLAIN_OPTIMIZERS: &[&str] = &[
    "sgd", "momentum", "nesterov", "adagrad", "adadelta", "rmsprop", "adam", "adamw", "rprop",
    "newton", "sfn", "pgd", "langevin",
];

/// Every optimizer.
const OPTIMIZERS: &[&str] = &[
    "sgd", "momentum", "nesterov", "adagrad", "adadelta", "rmsprop", "adam", "adamw", "rprop",
    "newton", "sfn", "natgrad", "pgd", "langevin",
];

/// 1000 steps on rosenbrock (closed form, hand-written gradient).
#[divan::bench(args = PLAIN_OPTIMIZERS)]
fn rosenbrock_steps(bencher: Bencher, optimizer: &str) {
    bench_steps(bencher, "rosenbrock", optimizer);
}

/// 1000 steps on neuron (9 data points, tanh).
#[divan::bench(args = OPTIMIZERS)]
fn neuron_steps(bencher: Bencher, optimizer: &str) {
    bench_steps(bencher, "neuron", optimizer);
}

/// 1000 steps on committee (6 parameters, 25 data points, two tanh units).
#[divan::bench(args = OPTIMIZERS)]
fn committee_steps(bencher: Bencher, optimizer: &str) {
    bench_steps(bencher, "committee", optimizer);
}

/// The contour of a 200x60 frame, as braille (2x4 samples per cell) and as digits.
#[divan::bench(args = ["rosenbrock", "neuron", "goldstein-price"])]
fn contour_200x60(bencher: Bencher, landscape: &str) {
    let land = landscape::by_name(landscape).expect("registered landscape");
    let domain = land.info().domain;
    let surface = land.surface().expect("a 2-D landscape");
    bencher.bench_local(|| Contour::compute(surface, domain, 200, 60, Glyphs::Braille));
}

/// The critical-point search the explorer runs once per landscape.
#[divan::bench(args = ["rosenbrock", "neuron", "rastrigin"])]
fn landmarks(bencher: Bencher, landscape: &str) {
    let land = landscape::by_name(landscape).expect("registered landscape");
    let domain = land.info().domain;
    let surface = land.surface().expect("a 2-D landscape");
    let known = &land.info().known_points;
    bencher.bench_local(|| plateau_core::analysis::landmarks(surface, domain, known));
}

/// 1000 adam steps on Rosenbrock typed as a formula (the postfix evaluator over dual
/// numbers), to compare with `rosenbrock_steps`.
#[divan::bench]
fn formula_rosenbrock_adam_steps(bencher: Bencher) {
    let land = landscape::from_expr("(1-x)^2 + 100*(y-x^2)^2", landscape::DEFAULT_DOMAIN)
        .expect("valid formula");
    bencher
        .counter(ItemsCount::new(STEPS))
        .with_inputs(|| fresh_run(&land, "adam").expect("adam runs on a formula"))
        .bench_local_refs(|run| {
            for _ in 0..STEPS {
                run.step();
            }
        });
}

/// The committee's parameters on its plateau (sgd from the default start, step 1000), where
/// the explorer's views are most worth looking at.
fn committee_on_plateau() -> (Arc<dyn Landscape>, Vec<f64>) {
    let land = landscape::by_name("committee").expect("registered landscape");
    let mut run = fresh_run(&land, "sgd").expect("sgd runs on committee");
    run.take(1000);
    let theta = run.params().to_vec();
    (land, theta)
}

/// The map of a 120x40 explorer frame on committee (6 parameters seen on a plane: 240x160
/// braille samples, each a full loss evaluation): what recomputing the map every frame
/// costs. On the singular view and on a filter-normalised random view.
#[divan::bench(args = ["singular", "random"])]
fn committee_map_120x40(bencher: Bencher, view: &str) {
    let (land, theta) = committee_on_plateau();
    let window = match view {
        "singular" => views::singular(land.as_ref(), &theta),
        _ => views::random(land.as_ref(), &theta, 42),
    }
    .expect("committee has both views");
    let centre = window.plane.project(&theta);
    let domain = Domain::new(
        centre.x - 0.5,
        centre.x + 0.5,
        centre.y - 0.5,
        centre.y + 0.5,
    )
    .expect("a finite domain");
    let slice = Slice::new(land.as_ref(), &window.plane);
    bencher.bench_local(|| Contour::compute(&slice, domain, 120, 40, Glyphs::Braille));
}

/// Building each view's window on committee; the principal view from a full 2048-point
/// trail (the explorer's ring), its scatter rebuilt from scratch each time, as a ring
/// that drops old points requires.
#[divan::bench(args = ["singular", "random", "principal"])]
fn committee_window(bencher: Bencher, view: &str) {
    let (land, theta) = committee_on_plateau();
    let mut run = fresh_run(&land, "sgd").expect("sgd runs on committee");
    let trail: Vec<Vec<f64>> = (0..2048)
        .map(|_| {
            run.step();
            run.params().to_vec()
        })
        .collect();
    let previous = views::coordinates(land.info(), &theta, 0, 1).expect("two parameters");
    let view = match view {
        "singular" => View::Singular,
        "random" => View::Random(42),
        _ => View::Principal,
    };
    let mut scatter = Scatter::new(6);
    let rebuild = view == View::Principal;
    bencher.bench_local(|| {
        if rebuild {
            scatter.clear();
            trail.iter().for_each(|p| scatter.push(p));
        }
        view.window(land.as_ref(), &theta, &scatter, &previous)
    });
}
