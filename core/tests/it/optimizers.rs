//! Behaviour of every optimizer: convergence on the bowl, Newton vs saddle-free Newton at a
//! saddle, escaping an exact saddle with noise, natural gradient on the neuron plateau, and
//! robustness to non-finite gradients.

use plateau_core::optim::{self, OptimizerSpec, Overrides, StepContext, Value};
use plateau_core::run::{Run, Sample};
use plateau_core::{DEFAULT_SEED, Point, landscape, seeded_rng};

/// A run of optimizer `name` on landscape `land`; `lr: None` takes the suggested rate.
fn run(
    name: &str,
    land: &str,
    start: Point,
    lr: Option<f64>,
    values: &[(&str, Value)],
    seed: u64,
) -> plateau_core::Result<Run> {
    let land = landscape::by_name(land).unwrap();
    let overrides = Overrides {
        lr,
        values: values.iter().map(|(n, v)| (n.to_string(), *v)).collect(),
    };
    let spec = OptimizerSpec::resolve(optim::by_name(name)?, &overrides, &land.info().lr)?;
    Run::new(land, spec, start.as_slice(), seed)
}

/// The current parameters of a run on a 2-D landscape, as a point.
fn position(run: &Run) -> Point {
    Point::from_column_slice(run.params())
}

/// The first step (1-based) at which `done` holds for the new sample and its position,
/// within `cap` steps.
fn steps_until(run: &mut Run, cap: u64, done: impl Fn(&Sample, Point) -> bool) -> Option<u64> {
    (1..=cap).find(|_| run.step().is_some_and(|s| done(&s, position(run))))
}

/// The positions after each of `n` steps, stopping early on divergence (as [`Run::take`]
/// does for the samples).
fn positions(run: &mut Run, n: u64) -> Vec<Point> {
    (0..n)
        .map_while(|_| run.step().map(|_| position(run)))
        .collect()
}

const BOWL_START: Point = Point::new(2.0, 3.0);

#[test]
fn every_optimizer_reaches_the_bowl_minimum() {
    for name in optim::names() {
        match name {
            // The bowl is not a model's loss: covered by `natgrad_on_a_plain_function_is_an_error`,
            // and natgrad's convergence on `neuron` below.
            "natgrad" => {}
            // Constant-lr RMSprop ends in a limit cycle of ±lr/2 per coordinate around the
            // minimum (steps ≈ lr·g/√avg g² ≈ ±lr): it gets within lr, not closer.
            "rmsprop" => {
                let mut r = run(name, "bowl", BOWL_START, None, &[], DEFAULT_SEED).unwrap();
                let lr = r.spec().hyper.lr;
                let tail = positions(&mut r, 5000).split_off(4000);
                assert!(tail.iter().all(|p| p.norm() < lr), "{name}");
            }
            // Noise-driven: they settle within the noise scale around the minimum.
            "pgd" => {
                let mut r = run(name, "bowl", BOWL_START, None, &[], DEFAULT_SEED).unwrap();
                let tail = positions(&mut r, 5000).split_off(1000);
                // A kick (radius 0.1) only happens once |p| ≤ 5e-4, and is followed by a
                // contracting gradient step.
                assert!(tail.iter().all(|p| p.norm() < 0.1), "{name}");
            }
            "langevin" => {
                // At temperature 0 it is gradient descent.
                let cold = [("temperature", Value::Float(0.0))];
                let mut r = run(name, "bowl", BOWL_START, None, &cold, DEFAULT_SEED).unwrap();
                assert!(steps_until(&mut r, 5000, |_, p| p.norm() < 1e-3).is_some());
                // At the default T = 1e-3 the stationary spread is E|p|² ≈ T.
                let mut r = run(name, "bowl", BOWL_START, None, &[], DEFAULT_SEED).unwrap();
                let tail = positions(&mut r, 5000).split_off(1000);
                let mean = tail.iter().map(|p| p.norm()).sum::<f64>() / tail.len() as f64;
                assert!(mean < 0.05, "{name}: mean distance {mean}");
            }
            _ => {
                let mut r = run(name, "bowl", BOWL_START, None, &[], DEFAULT_SEED).unwrap();
                let hit = steps_until(&mut r, 5000, |_, p| p.norm() < 1e-3);
                assert!(
                    hit.is_some(),
                    "{name} did not reach |p| < 1e-3 in 5000 steps"
                );
            }
        }
    }
}

#[test]
fn newton_jumps_onto_the_saddle_and_sfn_leaves_it() {
    let start = Point::new(1.0, 1e-3);
    let mut newton = run("newton", "saddle", start, Some(1.0), &[], DEFAULT_SEED).unwrap();
    newton.step().unwrap();
    assert_eq!(position(&newton), Point::new(0.0, 0.0));

    let mut sfn = run("sfn", "saddle", start, Some(1.0), &[], DEFAULT_SEED).unwrap();
    sfn.step().unwrap();
    assert_eq!(position(&sfn), Point::new(0.0, 2e-3));
    let mut y = 2e-3;
    for _ in 0..10 {
        sfn.step().unwrap();
        let p = position(&sfn);
        assert!(p.y.abs() > y, "sfn must keep escaping along y: {p:?}");
        y = p.y.abs();
    }
}

/// Positions of 500 steps from exactly on the saddle's stable axis, lr 0.1.
fn from_saddle(name: &str, seed: u64) -> Vec<Point> {
    let mut r = run(name, "saddle", Point::new(1.0, 0.0), Some(0.1), &[], seed).unwrap();
    positions(&mut r, 500)
}

#[test]
fn noise_escapes_an_exact_saddle_where_gradient_descent_cannot() {
    let mut sgd = run(
        "sgd",
        "saddle",
        Point::new(1.0, 0.0),
        Some(0.1),
        &[],
        DEFAULT_SEED,
    )
    .unwrap();
    let last = *sgd.take(500).last().unwrap();
    let p = position(&sgd);
    assert!(p.norm() < 1e-8, "{last:?} at {p:?}");
    assert!(last.loss.abs() < 1e-16, "{last:?} at {p:?}");

    for name in ["pgd", "langevin"] {
        let a = from_saddle(name, DEFAULT_SEED);
        assert!(a.iter().any(|p| p.y.abs() > 1.0), "{name} did not escape");
        assert_eq!(
            a,
            from_saddle(name, DEFAULT_SEED),
            "{name}: same seed, same run"
        );
        assert_ne!(
            a,
            from_saddle(name, DEFAULT_SEED + 1),
            "{name}: other seed, other run"
        );
    }
}

#[test]
fn natural_gradient_crosses_the_neuron_plateau_far_sooner() {
    let start = Point::new(0.01, 9.0);
    let count = |name| {
        let mut r = run(name, "neuron", start, Some(0.05), &[], DEFAULT_SEED).unwrap();
        steps_until(&mut r, 60_000, |s, _| s.loss < 0.1)
    };
    let natgrad = count("natgrad").expect("natgrad reaches loss < 0.1");
    let sgd = count("sgd").expect("sgd reaches loss < 0.1 within 60000 steps");
    eprintln!("loss < 0.1: natgrad after {natgrad} steps, sgd after {sgd}");
    assert!(10 * natgrad <= sgd, "natgrad {natgrad}, sgd {sgd}");

    // And it converges to the teacher (1.5, 1).
    let mut r = run("natgrad", "neuron", start, Some(0.05), &[], DEFAULT_SEED).unwrap();
    let last = r.take(2000).pop().unwrap();
    let p = position(&r);
    assert!(
        (p - Point::new(1.5, 1.0)).norm() < 1e-9,
        "{last:?} at {p:?}"
    );
}

#[test]
fn natgrad_on_a_plain_function_is_an_error() {
    let err = run(
        "natgrad",
        "rosenbrock",
        Point::new(-1.0, 1.0),
        None,
        &[],
        DEFAULT_SEED,
    )
    .err()
    .unwrap();
    assert_eq!(
        err.to_string(),
        "natgrad needs a landscape that is a model's squared error (neuron, overlap, committee); rosenbrock is a plain function"
    );
}

#[test]
fn torch_constraints_on_nesterov() {
    let no_momentum = [
        ("nesterov", Value::Bool(true)),
        ("momentum", Value::Float(0.0)),
    ];
    let dampened = [
        ("nesterov", Value::Bool(true)),
        ("dampening", Value::Float(0.5)),
    ];
    for values in [&no_momentum[..], &dampened[..]] {
        let err = run("sgd", "bowl", BOWL_START, None, values, DEFAULT_SEED).err();
        assert!(err.is_some_and(|e| e.to_string().contains("Nesterov")));
    }
    let preset = [("momentum", Value::Float(0.0))];
    assert!(run("nesterov", "bowl", BOWL_START, None, &preset, DEFAULT_SEED).is_err());
    assert!(run("nesterov", "bowl", BOWL_START, None, &[], DEFAULT_SEED).is_ok());
}

#[test]
fn adamw_without_weight_decay_is_adam() {
    let positions = |name, wd| {
        let values = [("weight_decay", Value::Float(wd))];
        let mut r = run(
            name,
            "neuron",
            Point::new(0.01, 2.0),
            None,
            &values,
            DEFAULT_SEED,
        )
        .unwrap();
        positions(&mut r, 300)
    };
    assert_eq!(positions("adam", 0.0), positions("adamw", 0.0));
    assert_ne!(positions("adam", 0.01), positions("adamw", 0.01));
}

#[test]
fn non_finite_gradients_never_panic() {
    let bad = [
        [f64::NAN, 1.0],
        [f64::INFINITY, f64::NEG_INFINITY],
        [1.0, f64::INFINITY],
        [f64::NAN, f64::NAN],
    ];
    let finite = [0.5, 0.7];
    let broken = [f64::INFINITY, f64::NAN];
    // Model landscapes (natgrad needs one) whose Hessian is non-finite at `broken`: the 2-D
    // neuron, and the 6-parameter committee, where every vector repeats the pair above.
    for land in ["neuron", "committee"] {
        let land = landscape::by_name(land).unwrap();
        let dim = land.info().dim();
        let repeat = |pair: [f64; 2]| -> Vec<f64> { (0..dim).map(|i| pair[i % 2]).collect() };
        for kind in optim::REGISTRY {
            let spec =
                OptimizerSpec::resolve(kind, &Overrides::default(), &land.info().lr).unwrap();
            let mut rng = seeded_rng(DEFAULT_SEED);
            for grad in bad.map(repeat) {
                for start in [finite, broken].map(repeat) {
                    let mut optimizer = spec.build(land.as_ref()).unwrap();
                    let mut ctx = StepContext {
                        landscape: land.as_ref(),
                        rng: &mut rng,
                    };
                    let mut params = start;
                    for _ in 0..3 {
                        optimizer.step(&mut params, &grad, &mut ctx);
                    }
                    if grad[0].is_nan() {
                        assert!(
                            !params[0].is_finite(),
                            "{} on {}: NaN must propagate",
                            kind.name,
                            land.info().name
                        );
                    }
                }
            }
        }
    }
}
