//! What a learning-rate schedule costs per step: the plain stepping loop (`Run::step`, no
//! output) of sgd and adam on rosenbrock without a schedule and with a cheap one (StepLR,
//! ExponentialLR), a cosine (one `cos` a step) and ReduceLROnPlateau. Run with
//! `cargo bench --bench schedule`; divan's items per second are steps per second. The loop
//! without output is the strictest yardstick: `plateau run` also formats every step.

use divan::{Bencher, counter::ItemsCount};
use plateau_core::landscape;
use plateau_core::optim::{self, OptimizerSpec, Overrides};
use plateau_core::run::Run;
use plateau_core::schedule::ScheduleSpec;

fn main() {
    divan::main();
}

/// Steps per iteration.
const STEPS: u64 = 10_000;

/// The schedules compared ("none": without one).
const SCHEDULES: &[&str] = &[
    "none",
    "StepLR(step_size=50, gamma=0.5)",
    "ExponentialLR(gamma=0.999)",
    "CosineAnnealingLR(T_max=1000)",
    "ReduceLROnPlateau(factor=0.5, patience=10)",
];

/// A fresh run of `optimizer` on rosenbrock from (-1.5, 2) with `schedule`.
fn run(optimizer: &str, schedule: &str) -> Run {
    let land = landscape::by_name("rosenbrock").expect("registered");
    let kind = optim::by_name(optimizer).expect("registered");
    let overrides = Overrides {
        lr: Some(1e-4),
        values: Vec::new(),
    };
    let spec = OptimizerSpec::resolve(kind, &overrides, &land.info().lr).expect("valid");
    let schedule = (schedule != "none").then(|| ScheduleSpec::parse(schedule).expect("valid"));
    let spec = spec.with_schedule(schedule).expect("drives it");
    Run::new(land, spec, &[-1.5, 2.0], 1).expect("valid start")
}

#[divan::bench(args = SCHEDULES)]
fn sgd(bencher: Bencher, schedule: &str) {
    bencher
        .counter(ItemsCount::new(STEPS))
        .with_inputs(|| run("sgd", schedule))
        .bench_local_values(|mut run| {
            for _ in 0..STEPS {
                divan::black_box(run.step());
            }
            run
        });
}

#[divan::bench(args = SCHEDULES)]
fn adam(bencher: Bencher, schedule: &str) {
    bencher
        .counter(ItemsCount::new(STEPS))
        .with_inputs(|| run("adam", schedule))
        .bench_local_values(|mut run| {
            for _ in 0..STEPS {
                divan::black_box(run.step());
            }
            run
        });
}
