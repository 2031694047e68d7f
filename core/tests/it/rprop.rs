//! `rprop` against real `torch.optim.Rprop` (torch 2.15, float64, `foreach=False`), recorded
//! by `tests/data/gen_rprop.py` in `tests/data/torch-rprop-cases.json`.
//!
//! Every comparison is **bit-exact** (`f64::to_bits`), not within a tolerance: Rprop's
//! arithmetic is one product whose sign alone is used, a product of the step size by η± (a
//! correctly rounded multiplication in both), a clamp (exact) and θ ± Δ (a correctly rounded
//! addition: torch's `addcmul` multiplies Δ by ±1, which is exact, fused or not), and the
//! reference gradients are evaluated in exactly the floating-point order of plateau's
//! `Formula::gradient`. So nothing can round differently, and the trajectories agree to the
//! bit at steps 1–10, 200 and 1000, on the five landscapes and with non-default `etas` and
//! `step_sizes`. Fed fixed gradient lists (infinities, signed zeros, products that underflow
//! or overflow) the positions agree to the bit at every step, except for the one documented
//! deviation: from a NaN gradient component on, that coordinate is NaN in plateau, where
//! torch (whose `sign(NaN)` is 0) leaves it where it was.

use plateau_core::optim::{self, OptimizerSpec, Overrides, StepContext, Value};
use plateau_core::run::trajectory;
use plateau_core::{DEFAULT_SEED, landscape, seeded_rng};
use serde_json::Value as Json;

/// The parsed reference file.
fn reference() -> Json {
    serde_json::from_str(include_str!("../data/torch-rprop-cases.json")).unwrap()
}

/// A number as stored in `gradient_sequences`: a JSON number, or "inf", "-inf", "nan".
fn number(v: &Json) -> f64 {
    match v {
        Json::Number(n) => n.as_f64().unwrap(),
        Json::String(s) => match s.as_str() {
            "inf" => f64::INFINITY,
            "-inf" => f64::NEG_INFINITY,
            "nan" => f64::NAN,
            other => panic!("unexpected number {other}"),
        },
        other => panic!("unexpected number {other}"),
    }
}

/// A pair `[a, b]` of [`number`]s.
fn pair(v: &Json) -> (f64, f64) {
    let a = v.as_array().unwrap();
    assert_eq!(a.len(), 2);
    (number(&a[0]), number(&a[1]))
}

/// A case position: `[x, y]`, each a number or `null` (non-finite).
fn position(v: &Json) -> [Option<f64>; 2] {
    let a = v.as_array().unwrap();
    assert_eq!(a.len(), 2);
    [a[0].as_f64(), a[1].as_f64()]
}

/// Bit-for-bit equality with a stored coordinate (`None`: any non-finite value).
fn same(actual: f64, reference: Option<f64>) -> bool {
    match reference {
        Some(r) => actual.to_bits() == r.to_bits(),
        None => !actual.is_finite(),
    }
}

/// The overrides for a record's `hyperparams` (torch's full set, defaults filled in).
fn overrides(hyper: &Json) -> Overrides {
    let mut overrides = Overrides::default();
    for (key, value) in hyper.as_object().unwrap() {
        match key.as_str() {
            "lr" => overrides.lr = Some(value.as_f64().unwrap()),
            "maximize" => assert_eq!(value, &Json::Bool(false), "plateau has no maximize"),
            "etas" | "step_sizes" => {
                let (a, b) = pair(value);
                overrides.values.push((key.clone(), Value::Pair(a, b)));
            }
            other => panic!("unexpected hyperparameter {other}"),
        }
    }
    overrides
}

/// The `rprop` spec for a record on `land`: with no overrides at all when the record used
/// torch's defaults (and then plateau's resolved defaults must be exactly torch's).
fn spec_of(record: &Json, land: &dyn plateau_core::Landscape) -> OptimizerSpec {
    let kind = optim::by_name("rprop").unwrap();
    let explicit = overrides(&record["hyperparams"]);
    if record["default_hyperparams"].as_bool() == Some(true) {
        let spec = OptimizerSpec::resolve(kind, &Overrides::default(), &land.info().lr).unwrap();
        let torch = OptimizerSpec::resolve(kind, &explicit, &land.info().lr).unwrap();
        assert_eq!(spec.hyper, torch.hyper, "plateau's defaults are torch's");
        spec
    } else {
        OptimizerSpec::resolve(kind, &explicit, &land.info().lr).unwrap()
    }
}

#[test]
fn torch_rprop_trajectories_bit_exact() {
    let file = reference();
    let cases = file["cases"].as_array().unwrap();
    assert!(cases.len() >= 6);
    for case in cases {
        let id = case["id"].as_str().unwrap();
        assert_eq!(case["optimizer"], "Rprop");
        let land = landscape::by_name(case["landscape"].as_str().unwrap()).unwrap();
        let spec = spec_of(case, land.as_ref());
        let [x, y] = position(&case["start"]);
        let start = [x.unwrap(), y.unwrap()];
        let steps = case["steps"].as_u64().unwrap();
        assert_eq!(steps, 1000);
        // samples[i] is the position after i steps (samples[0] is the start).
        let samples = trajectory(land, spec, &start, DEFAULT_SEED, steps).unwrap();
        let mut checks: Vec<(u64, &Json)> = (1..=10)
            .zip(case["trajectory_first10"].as_array().unwrap())
            .collect();
        checks.push((200, &case["at_200"]));
        checks.push((1000, &case["at_1000"]));
        for (step, reference) in checks {
            let Json::Array(_) = reference else {
                continue; // the torch run had stopped (non-finite) before this step
            };
            let r = position(reference);
            let a = samples
                .get(usize::try_from(step).unwrap())
                .unwrap_or_else(|| panic!("{id}: the run stopped before step {step}"))
                .params
                .as_slice();
            assert!(
                same(a[0], r[0]) && same(a[1], r[1]),
                "{id}: step {step}: ({:e}, {:e}), torch {r:?}",
                a[0],
                a[1]
            );
        }
        let first_nonfinite = (samples.iter())
            .position(|s| !s.params.iter().all(|v| v.is_finite()))
            .map(|i| i as u64);
        assert_eq!(
            first_nonfinite,
            case["first_nonfinite_step"].as_u64(),
            "{id}: first non-finite step"
        );
        if first_nonfinite.is_none() {
            assert_eq!(
                samples.len() as u64,
                steps + 1,
                "{id}: the run stopped early"
            );
        }
    }
}

#[test]
fn torch_rprop_on_fixed_gradients_bit_exact_but_for_nan() {
    let file = reference();
    let land = landscape::by_name("bowl").unwrap();
    let mut rng = seeded_rng(DEFAULT_SEED);
    let mut saw_nan = false;
    for sequence in file["gradient_sequences"].as_array().unwrap() {
        let id = sequence["id"].as_str().unwrap();
        let spec = OptimizerSpec::resolve(
            optim::by_name("rprop").unwrap(),
            &overrides(&sequence["hyperparams"]),
            &land.info().lr,
        )
        .unwrap();
        let mut optimizer = spec.build(land.as_ref()).unwrap();
        let mut ctx = StepContext {
            landscape: land.as_ref(),
            rng: &mut rng,
        };
        let (x, y) = pair(&sequence["start"]);
        let mut params = [x, y];
        let mut torch_before = params;
        // Per coordinate: whether a NaN gradient has been seen.
        let mut poisoned = [false; 2];
        let gradients = sequence["gradients"].as_array().unwrap();
        let positions = sequence["positions"].as_array().unwrap();
        assert_eq!(gradients.len(), positions.len());
        for (step, (g, torch)) in gradients.iter().zip(positions).enumerate() {
            let (gx, gy) = pair(g);
            let (tx, ty) = pair(torch);
            let torch = [tx, ty];
            optimizer.step(&mut params, &[gx, gy], &mut ctx);
            for i in 0..2 {
                if [gx, gy][i].is_nan() {
                    poisoned[i] = true;
                    saw_nan = true;
                    // torch's sign(NaN) = 0: the coordinate does not move.
                    assert_eq!(torch[i].to_bits(), torch_before[i].to_bits(), "{id}: torch");
                }
                if poisoned[i] {
                    assert!(
                        params[i].is_nan(),
                        "{id}: step {}: NaN propagates",
                        step + 1
                    );
                } else {
                    assert_eq!(
                        params[i].to_bits(),
                        torch[i].to_bits(),
                        "{id}: step {}, coordinate {i}: {:e} vs torch {:e}",
                        step + 1,
                        params[i],
                        torch[i]
                    );
                }
            }
            torch_before = torch;
        }
    }
    assert!(saw_nan, "the reference has a NaN gradient");
}
