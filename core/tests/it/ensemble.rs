//! Escape ensembles: the same seed gives the same histogram whatever the number of threads,
//! more noise escapes a saddle sooner, and copies end in the minima they fall into.

use plateau_core::landscape;
use plateau_core::many::ensemble::{EnsembleJob, EnsembleResult, Noise, ensemble};
use plateau_core::many::minima::Status;
use plateau_core::optim::{self, OptimizerSpec, Overrides};
use std::num::NonZeroUsize;

/// sgd at the landscape's rate, except on the quartic: 0.005, below 2/209, the stability
/// limit at its global minimum.
fn job(
    name: &str,
    start: &[f64],
    sigma: f64,
    noise: Noise,
    copies: usize,
    steps: u64,
) -> EnsembleJob {
    let land = landscape::by_name(name).unwrap();
    let spec = crate::sgd_at(land.as_ref(), (name == "quartic").then_some(0.005));
    EnsembleJob::new(land, spec, start.to_vec(), copies, sigma, noise, steps, 42).unwrap()
}

fn threads(n: usize) -> NonZeroUsize {
    NonZeroUsize::new(n).unwrap()
}

/// Everything of a result as text, NaN and all.
fn fingerprint(r: &EnsembleResult) -> String {
    let ends: Vec<Vec<u64>> = (0..r.members.len())
        .map(|i| r.end(i).iter().map(|v| v.to_bits()).collect())
        .collect();
    format!(
        "{:?} {:?} {:?} {:?} {ends:?}",
        r.members, r.histogram, r.legend, r.median_escape
    )
}

#[test]
fn the_same_seed_gives_the_same_ensemble_whatever_the_number_of_threads() {
    let j = job("saddle", &[0.0, 0.0], 0.01, Noise::Continuous, 64, 1000);
    let one = ensemble(j.clone(), threads(1)).unwrap();
    let three = ensemble(j.clone(), threads(3)).unwrap();
    assert_eq!(fingerprint(&one), fingerprint(&three));
    assert_eq!(
        one.histogram,
        ensemble(j.clone(), threads(2)).unwrap().histogram
    );
    let mut other = j;
    other.seed = 43;
    assert_ne!(one.members, ensemble(other, threads(2)).unwrap().members);
}

#[test]
fn four_times_the_noise_escapes_the_saddle_sooner_in_median() {
    let median = |sigma| {
        let r = ensemble(
            job("saddle", &[0.0, 0.0], sigma, Noise::Continuous, 128, 2000),
            threads(2),
        )
        .unwrap();
        assert_eq!(r.escaped, 128, "sigma {sigma}");
        assert_eq!(r.fraction_escaped(), 1.0);
        assert_eq!(r.histogram.iter().map(|b| b.count).sum::<usize>(), 128);
        r.median_escape.unwrap()
    };
    let (weak, strong) = (median(1e-3), median(4e-3));
    assert!(strong < weak, "σ 4e-3: {strong}, σ 1e-3: {weak}");
}

#[test]
fn kicked_copies_fall_into_the_quartics_two_minima() {
    // From the barrier, one kick each: some copies go left, some right, and all escape.
    let r = ensemble(
        job(
            "quartic",
            &[0.019064093789530175, 0.0],
            0.05,
            Noise::Kick,
            200,
            3000,
        ),
        threads(2),
    )
    .unwrap();
    assert_eq!(r.escaped, 200);
    assert_eq!(r.legend.len(), 2);
    assert!(r.legend.iter().all(|e| e.runs > 20), "{:?}", r.legend);
    for (i, m) in r.members.iter().enumerate() {
        let m = m.unwrap();
        let Status::Minimum(k) = m.status else {
            panic!("copy {i}: {m:?}")
        };
        let x = r.end(i)[0];
        assert!(
            (x - r.legend[k].minimum.position[0]).abs() < 1e-3,
            "copy {i} at {x}"
        );
        assert!(m.escape_step.unwrap() <= m.steps);
    }
}

#[test]
fn the_median_needs_half_of_the_copies_to_have_escaped() {
    // On x² − y² from (0, 0) with σ = 1e-3 sgd escapes after about 280 steps: within 300
    // steps some copies do, within 250 fewer than half, within 2000 all.
    let at = |steps| {
        ensemble(
            job("saddle", &[0.0, 0.0], 1e-3, Noise::Continuous, 64, steps),
            threads(2),
        )
        .unwrap()
    };
    let (short, long) = (at(250), at(2000));
    assert!(
        short.escaped < 32 && short.median_escape.is_none(),
        "{}",
        short.escaped
    );
    assert_eq!(long.escaped, 64);
    let mut steps: Vec<u64> = long
        .members
        .iter()
        .map(|m| m.unwrap().escape_step.unwrap())
        .collect();
    steps.sort_unstable();
    assert_eq!(long.median_escape, Some(steps[31]));
}

#[test]
fn copies_that_never_escape_have_no_median() {
    // Without noise, sgd from the saddle point itself never moves.
    let r = ensemble(
        job("saddle", &[0.0, 0.0], 0.0, Noise::Continuous, 9, 100),
        threads(2),
    )
    .unwrap();
    assert_eq!(r.escaped, 0);
    assert_eq!(r.median_escape, None);
    assert!(r.members.iter().all(|m| m.unwrap().escape_step.is_none()));
    assert!(
        r.members
            .iter()
            .all(|m| m.unwrap().status == Status::Stalled)
    );
}

#[test]
fn bad_ensembles_are_refused() {
    let land = landscape::by_name("saddle").unwrap();
    let spec = OptimizerSpec::resolve(
        optim::by_name("sgd").unwrap(),
        &Overrides::default(),
        &land.info().lr,
    )
    .unwrap();
    let make = |start: Vec<f64>, copies, sigma| {
        EnsembleJob::new(
            land.clone(),
            spec.clone(),
            start,
            copies,
            sigma,
            Noise::Kick,
            10,
            1,
        )
    };
    assert!(make(vec![0.0, 0.0], 0, 0.1).is_err());
    assert!(make(vec![0.0, 0.0], 4, -0.1).is_err());
    assert!(make(vec![0.0, 0.0], 4, f64::NAN).is_err());
    assert!(make(vec![0.0], 4, 0.1).is_err());
    assert!(make(vec![0.0, 0.0], 4, 0.1).is_ok());
}

#[test]
fn the_default_step_cap_covers_each_landscapes_plateau() {
    // Twice sgd's escape from the default start (neuron 37,592, committee 4,375); the
    // saddle's run stays on its plateau; the quartic has none.
    let cap = |name: &str| {
        plateau_core::many::ensemble::default_steps(&landscape::by_name(name).unwrap())
    };
    assert_eq!(cap("neuron"), 75_184);
    assert_eq!(cap("committee"), 8_750);
    assert_eq!(cap("quartic"), 2_000);
    assert_eq!(cap("saddle"), 100_000);
}
