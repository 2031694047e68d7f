//! Speed of the core: optimizer steps on a closed-form landscape (rosenbrock), on the
//! seed's network (neuron) and on the six-parameter committee machine, and the contour
//! raster of a 200x60 frame.
//! Run with `cargo bench --bench core`; divan's allocation profiler reports heap
//! allocations per iteration alongside the times.

use divan::{AllocProfiler, Bencher, counter::ItemsCount};
use plateau_core::landscape::{self, Landscape};
use plateau_core::optim::{self, OptimizerSpec, Overrides};
use plateau_core::raster::{Contour, Glyphs};
use plateau_core::run::Run;
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
