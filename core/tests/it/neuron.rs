//! The seed's one-hidden-unit network: its saddle, its minima, and the long plateau that
//! plain gradient descent sits on while adaptive and natural-gradient steps escape.

use plateau_core::analysis::{Curvature, PlateauDetector, PlateauSpan, find_critical_points};
use plateau_core::landscape::{self, CriticalKind, Landscape};
use plateau_core::optim::{self, OptimizerSpec, Overrides};
use plateau_core::run::Run;
use plateau_core::{DEFAULT_SEED, Point};
use std::sync::Arc;

fn neuron() -> Arc<dyn Landscape> {
    landscape::by_name("neuron").unwrap()
}

fn run(optimizer: &str, lr: f64) -> Run {
    let land = neuron();
    let spec = OptimizerSpec::resolve(
        optim::by_name(optimizer).unwrap(),
        &Overrides {
            lr: Some(lr),
            ..Overrides::default()
        },
        &land.info().lr,
    )
    .unwrap();
    Run::new(land, spec, &[0.01, 9.0], DEFAULT_SEED).unwrap()
}

/// Steps `run` until `done` or `max` steps, feeding the SEED.md plateau detector
/// (|∇L| < 1e-3 while L > 1e-2); returns the step reached and the plateaus seen.
fn watch(run: &mut Run, max: u64, done: impl Fn(f64) -> bool) -> (u64, Vec<PlateauSpan>) {
    let mut detector = PlateauDetector::new(1e-3, 1e-2);
    detector.observe(&run.current());
    while run.current().step < max && !done(run.current().loss) {
        let sample = run.step().expect("no divergence");
        detector.observe(&sample);
    }
    (run.current().step, detector.spans())
}

#[test]
fn the_origin_is_a_strict_saddle_with_eigenvalues_25_67() {
    let c = Curvature::at(neuron().surface().unwrap(), Point::zeros()).unwrap();
    assert_eq!(c.kind, CriticalKind::Saddle);
    assert!(
        (c.eigenvalues[0] + 25.6706).abs() < 1e-4,
        "{:?}",
        c.eigenvalues
    );
    assert!(
        (c.eigenvalues[1] - 25.6706).abs() < 1e-4,
        "{:?}",
        c.eigenvalues
    );
}

#[test]
fn the_finder_finds_both_minima_and_the_saddle_and_nothing_else() {
    let land = neuron();
    let found = find_critical_points(land.surface().unwrap(), land.info().domain, 32);
    let near = |x: f64, y: f64, kind| {
        found
            .iter()
            .any(|c| (c.position - Point::new(x, y)).norm() < 1e-9 && c.curvature.kind == kind)
    };
    assert!(near(1.5, 1.0, CriticalKind::Minimum), "{found:?}");
    assert!(near(-1.5, -1.0, CriticalKind::Minimum), "{found:?}");
    assert!(near(0.0, 0.0, CriticalKind::Saddle), "{found:?}");
    assert_eq!(found.len(), 3, "{found:?}");
}

#[test]
fn dl_dw_vanishes_on_the_singular_line_v_0() {
    let land = neuron();
    for w in [-4.0, -1.0, 0.3, 2.0, 9.0] {
        assert_eq!(land.surface().unwrap().gradient(Point::new(0.0, w)).y, 0.0);
    }
}

#[test]
fn sgd_sits_on_the_saturation_plateau_for_17457_steps() {
    let mut sgd = run("sgd", 0.05);
    let (_, spans) = watch(&mut sgd, 20_000, |_| false);
    // SEED.md: plateau steps 7–17,463 from (0.01, 9) with lr 0.05.
    assert_eq!(
        spans,
        vec![PlateauSpan {
            start: 7,
            end: 17_463
        }]
    );
    assert!(spans[0].steps() > 10_000);
}

#[test]
fn adam_escapes_within_1000_steps() {
    let mut adam = run("adam", 0.05);
    let (steps, spans) = watch(&mut adam, 1000, |loss| loss < 1e-2);
    assert!(adam.current().loss < 1e-2, "loss {}", adam.current().loss);
    assert!(steps < 1000);
    assert!(spans.iter().all(|s| s.steps() < 100), "{spans:?}");
}
