//! Every case of `tests/data/torch-optim-cases.json` (real `torch.optim` 2.15, float64): the
//! tolerance test of OPTIMIZERS.md §3 against torch, and bit-exact equality with the
//! `ieee_fma_reimpl` trajectories (the target of a port that follows §2(b)).

use plateau_core::optim::{self, OptimizerSpec, Overrides, Value};
use plateau_core::run::Run;
use plateau_core::{DEFAULT_SEED, Point, landscape};
use serde_json::Value as Json;

/// What one run of a case produced, in the case file's layout.
struct Outcome {
    first10: Vec<Point>,
    at_200: Option<Point>,
    at_1000: Option<Point>,
    first_nonfinite_step: Option<u64>,
}

fn cases() -> Vec<Json> {
    let text = include_str!("../data/torch-optim-cases.json");
    let file: Json = serde_json::from_str(text).unwrap();
    file["cases"].as_array().unwrap().clone()
}

/// A position as stored: `[x, y]`, each a number or `null` (non-finite).
fn position(v: &Json) -> [Option<f64>; 2] {
    let a = v.as_array().unwrap();
    assert_eq!(a.len(), 2);
    [a[0].as_f64(), a[1].as_f64()]
}

/// The plateau optimizer and overrides for a case's torch class and hyperparameters.
fn spec_of(case: &Json, land: &dyn plateau_core::Landscape) -> OptimizerSpec {
    let name = match case["optimizer"].as_str().unwrap() {
        "SGD" => "sgd",
        "Adagrad" => "adagrad",
        "Adadelta" => "adadelta",
        "RMSprop" => "rmsprop",
        "Adam" => "adam",
        other => panic!("no plateau optimizer for torch.optim.{other}"),
    };
    let mut overrides = Overrides::default();
    for (key, value) in case["hyperparams"].as_object().unwrap() {
        if key == "lr" {
            overrides.lr = Some(value.as_f64().unwrap());
            continue;
        }
        let value = match value {
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => Value::Float(n.as_f64().unwrap()),
            Json::Array(a) => Value::Pair(a[0].as_f64().unwrap(), a[1].as_f64().unwrap()),
            other => panic!("unexpected hyperparameter {key}={other}"),
        };
        // Options plateau does not have must be off.
        if matches!(key.as_str(), "maximize" | "decoupled_weight_decay") {
            assert_eq!(value, Value::Bool(false), "{key}");
        }
        overrides.values.push((key.clone(), value));
    }
    let kind = optim::by_name(name).unwrap();
    OptimizerSpec::resolve(kind, &overrides, &land.info().lr).unwrap()
}

fn run_case(case: &Json) -> Outcome {
    let land = landscape::by_name(case["landscape"].as_str().unwrap()).unwrap();
    let spec = spec_of(case, land.as_ref());
    let [x, y] = position(&case["start"]);
    let mut run = Run::new(land, spec, &[x.unwrap(), y.unwrap()], DEFAULT_SEED).unwrap();
    let steps = case["steps"].as_u64().unwrap();
    assert_eq!(steps, 1000);
    let mut outcome = Outcome {
        first10: Vec::new(),
        at_200: None,
        at_1000: None,
        first_nonfinite_step: None,
    };
    for step in 1..=steps {
        if run.step().is_none() {
            break;
        }
        let position = Point::from_column_slice(run.params());
        match step {
            1..=10 => outcome.first10.push(position),
            200 => outcome.at_200 = Some(position),
            1000 => outcome.at_1000 = Some(position),
            _ => {}
        }
    }
    outcome.first_nonfinite_step = run.diverged_at();
    outcome
}

/// `|a − b| <= rtol·max(1, |ref|)`; a `null` reference (non-finite) must be non-finite.
fn close(actual: f64, reference: Option<f64>, rtol: f64) -> bool {
    match reference {
        Some(r) => (actual - r).abs() <= rtol * r.abs().max(1.0),
        None => !actual.is_finite(),
    }
}

/// Checks one field (a list of positions) with `rtol`; `finite_only` skips `null` entries.
fn check_field(
    id: &str,
    field: &str,
    actual: &[Option<Point>],
    reference: &Json,
    rtol: f64,
    finite_only: bool,
) {
    let refs: Vec<[Option<f64>; 2]> = match reference {
        Json::Array(a) if a.first().is_some_and(Json::is_array) => a.iter().map(position).collect(),
        Json::Null => vec![[None, None]],
        other => vec![position(other)],
    };
    for (i, r) in refs.iter().enumerate() {
        if finite_only && r.iter().any(Option::is_none) {
            continue;
        }
        let a = actual
            .get(i)
            .copied()
            .flatten()
            .unwrap_or_else(|| panic!("{id}: {field}[{i}] missing (run stopped early)"));
        assert!(
            close(a.x, r[0], rtol) && close(a.y, r[1], rtol),
            "{id}: {field}[{i}] = ({:e}, {:e}), reference {r:?}, rtol {rtol:e}",
            a.x,
            a.y
        );
    }
}

fn fields(outcome: &Outcome) -> [(&'static str, Vec<Option<Point>>); 3] {
    [
        (
            "trajectory_first10",
            outcome.first10.iter().copied().map(Some).collect(),
        ),
        ("at_200", vec![outcome.at_200]),
        ("at_1000", vec![outcome.at_1000]),
    ]
}

#[test]
fn torch_reference_within_tolerance() {
    for case in cases() {
        let id = case["id"].as_str().unwrap();
        let outcome = run_case(&case);
        let class = case["comparison_class"].as_str().unwrap();
        for (field, actual) in fields(&outcome) {
            let rtol = match class {
                "tight" => Some(1e-9),
                "moderate" | "chaotic" => case["recommended_rtol"][field].as_f64(),
                "diverged" => (field == "trajectory_first10").then_some(0.0),
                other => panic!("{id}: unknown comparison class {other}"),
            };
            if let Some(rtol) = rtol {
                let finite_only = class == "diverged";
                check_field(id, field, &actual, &case[field], rtol, finite_only);
            }
        }
        if class == "diverged" {
            assert_eq!(
                outcome.first_nonfinite_step,
                case["first_nonfinite_step"].as_u64(),
                "{id}: first non-finite step"
            );
        }
    }
}

#[test]
fn ieee_fma_reimpl_bit_exact() {
    for case in cases() {
        let id = case["id"].as_str().unwrap();
        let outcome = run_case(&case);
        let reference = &case["ieee_fma_reimpl"];
        for (field, actual) in fields(&outcome) {
            let stopped = outcome.first_nonfinite_step.is_some();
            // After divergence the run stops; the reference then stores null (non-finite).
            let actual: Vec<Option<Point>> = if stopped && field != "trajectory_first10" {
                actual
                    .into_iter()
                    .map(|p| p.or(Some(Point::repeat(f64::NAN))))
                    .collect()
            } else {
                actual
            };
            check_field(id, field, &actual, &reference[field], 0.0, stopped);
        }
        assert_eq!(
            outcome.first_nonfinite_step,
            reference["first_nonfinite_step"].as_u64(),
            "{id}: first non-finite step"
        );
    }
}
