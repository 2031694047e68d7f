//! Every run of `tests/data/schedules-public.json` (a real torch 2.15 scheduler driving a
//! real `torch.optim` optimizer in float64, see `docs/reference/SCHEDULES.md`) reproduced:
//! the lr (and momentum or β1) of every step bit for bit, the parameters bit for bit (the
//! correctly-rounded-sqrt replay where the file gives one), and ReduceLROnPlateau's
//! reductions.

use plateau_core::optim::{self, OptimizerSpec, Overrides, Value};
use plateau_core::run::Run;
use plateau_core::schedule::ScheduleSpec;
use plateau_core::{DEFAULT_SEED, landscape};
use serde_json::Value as Json;

fn cases() -> Vec<Json> {
    let text = include_str!("../data/schedules-public.json");
    let file: Json = serde_json::from_str(text).unwrap();
    file["cases"].as_array().unwrap().clone()
}

fn numbers(v: &Json) -> Vec<f64> {
    (v.as_array().unwrap().iter())
        .map(|x| x.as_f64().unwrap())
        .collect()
}

/// A JSON value as torch's constructor syntax writes it.
fn python(v: &Json) -> String {
    match v {
        Json::Bool(true) => "True".into(),
        Json::Bool(false) => "False".into(),
        Json::Null => "None".into(),
        Json::String(s) => format!("'{s}'"),
        Json::Array(items) => {
            let items: Vec<String> = items.iter().map(python).collect();
            format!("[{}]", items.join(", "))
        }
        Json::Number(n) if n.is_f64() => plateau_core::schedule::python_float(n.as_f64().unwrap()),
        other => other.to_string(),
    }
}

/// The case's scheduler as a SPEC in torch's constructor syntax.
fn spec_text(scheduler: &Json) -> String {
    let mut args = Vec::new();
    if let Some(members) = scheduler["schedulers"].as_array() {
        let members: Vec<String> = members.iter().map(spec_text).collect();
        args.push(format!("[{}]", members.join(", ")));
    }
    for (key, value) in scheduler["kwargs"].as_object().unwrap() {
        args.push(format!("{key}={}", python(value)));
    }
    format!(
        "{}({})",
        scheduler["class"].as_str().unwrap(),
        args.join(", ")
    )
}

/// The plateau optimizer for a case's torch class and hyperparameters.
fn optimizer_of(case: &Json, land: &dyn plateau_core::Landscape) -> OptimizerSpec {
    let name = match case["optimizer"].as_str().unwrap() {
        "SGD" => "sgd",
        "RMSprop" => "rmsprop",
        "Adam" => "adam",
        "AdamW" => "adamw",
        other => panic!("no plateau optimizer for torch.optim.{other}"),
    };
    let mut overrides = Overrides::default();
    for (key, value) in case["hyperparams"].as_object().unwrap() {
        match (key.as_str(), value) {
            ("lr", v) => overrides.lr = Some(v.as_f64().unwrap()),
            ("maximize", v) => assert_eq!(v, &Json::Bool(false)),
            ("decoupled_weight_decay", v) => assert_eq!(v, &Json::Bool(name == "adamw")),
            (_, Json::Bool(b)) => overrides.values.push((key.clone(), Value::Bool(*b))),
            (_, Json::Array(a)) => overrides.values.push((
                key.clone(),
                Value::Pair(a[0].as_f64().unwrap(), a[1].as_f64().unwrap()),
            )),
            (_, v) => overrides
                .values
                .push((key.clone(), Value::Float(v.as_f64().unwrap()))),
        }
    }
    OptimizerSpec::resolve(optim::by_name(name).unwrap(), &overrides, &land.info().lr).unwrap()
}

/// Runs a case and checks every step against torch.
fn check(case: &Json) {
    let id = case["id"].as_str().unwrap();
    let land = landscape::by_name(case["landscape"].as_str().unwrap()).unwrap();
    let text = spec_text(&case["scheduler"]);
    let schedule = ScheduleSpec::parse(&text).unwrap_or_else(|e| panic!("{id}: {text}: {e}"));
    let spec = optimizer_of(case, land.as_ref())
        .with_schedule(Some(schedule))
        .unwrap();
    let start = numbers(&case["start"]);
    let mut run = Run::new(land, spec, &start, DEFAULT_SEED).unwrap();
    let lr = numbers(&case["lr"]);
    let momentum = case.get("momentum").map(numbers);
    let params = case
        .get("ieee_fma_reimpl_params")
        .unwrap_or(&case["params"])
        .as_array()
        .unwrap();
    let stored: Vec<u64> = match case["params_every"].as_u64() {
        Some(1) => (1..=lr.len() as u64).collect(),
        _ => (case["params_steps"].as_array().unwrap().iter())
            .map(|s| s.as_u64().unwrap())
            .collect(),
    };
    let losses = numbers(&case["loss"]);
    let mut next = 0;
    for k in 1..=lr.len() {
        assert_eq!(
            run.current().loss.to_bits(),
            losses[k - 1].to_bits(),
            "{id}: loss step {k} started from"
        );
        run.step()
            .unwrap_or_else(|| panic!("{id}: diverged at {k}"));
        let used = run.used().unwrap();
        assert_eq!(
            used.lr.to_bits(),
            lr[k - 1].to_bits(),
            "{id}: lr of step {k}: {} vs {}",
            used.lr,
            lr[k - 1]
        );
        if let Some(m) = &momentum {
            let got = used.momentum.unwrap();
            assert_eq!(
                got.to_bits(),
                m[k - 1].to_bits(),
                "{id}: momentum of step {k}"
            );
        } else {
            assert_eq!(used.momentum, None, "{id}");
        }
        if stored.get(next) == Some(&(k as u64)) {
            let want = numbers(&params[next]);
            assert_eq!(run.params(), &want[..], "{id}: params after step {k}");
            next += 1;
        }
    }
    assert_eq!(next, stored.len(), "{id}: every stored step compared");
    let after = case["lr_after_last_step"].as_f64().unwrap();
    assert_eq!(
        run.lr().to_bits(),
        after.to_bits(),
        "{id}: lr after the last step"
    );
    assert_eq!(
        run.params(),
        &numbers(&case["final_params"])[..],
        "{id}: final"
    );
    if let Some(summary) = case.get("plateau_summary") {
        let changes: Vec<(u64, f64)> = (summary["lr_changes"].as_array().unwrap().iter())
            .map(|c| {
                (
                    c["after_step"].as_u64().unwrap(),
                    c["new_lr"].as_f64().unwrap(),
                )
            })
            .collect();
        let got: Vec<(u64, f64)> = run
            .reductions()
            .iter()
            .map(|r| (r.after_step, r.lr))
            .collect();
        assert_eq!(got, changes, "{id}: reductions");
    }
}

#[test]
fn every_public_reference_run_is_reproduced_bit_for_bit() {
    let cases = cases();
    assert_eq!(cases.len(), 15);
    for case in &cases {
        check(case);
    }
}

#[test]
fn every_schedule_class_has_a_reference_run() {
    let classes: Vec<String> = (cases().iter())
        .map(|c| c["scheduler"]["class"].as_str().unwrap().to_owned())
        .collect();
    for kind in plateau_core::schedule::REGISTRY {
        assert!(classes.iter().any(|c| c == kind.name), "{}", kind.name);
    }
}

/// The steps of a run of sgd (lr 0.05) on neuron from (0.01, 9), with `schedule`, up to
/// `steps`: the first step whose loss is at or below the escape level, and the run.
fn neuron_story(schedule: Option<&str>, steps: u64) -> (Option<u64>, Run) {
    use plateau_core::analysis::EscapeLevel;
    let land = landscape::by_name("neuron").unwrap();
    let spec = crate::sgd_at(land.as_ref(), Some(0.05));
    let start = [0.01, 9.0];
    let fresh = Run::new(land.clone(), spec.clone(), &start, DEFAULT_SEED).unwrap();
    let level = EscapeLevel::for_run(fresh, steps);
    let schedule = schedule.map(|s| ScheduleSpec::parse(s).unwrap());
    let spec = spec.with_schedule(schedule).unwrap();
    let mut run = Run::new(land, spec, &start, DEFAULT_SEED).unwrap();
    let mut escaped = None;
    while run.current().step < steps {
        let sample = run.step().unwrap();
        if escaped.is_none() && level.escaped(sample.loss) {
            escaped = Some(sample.step);
        }
    }
    assert!((level.level - 0.0678).abs() < 1e-4, "{}", level.level);
    (escaped, run)
}

#[test]
fn reduce_lr_on_plateau_shrinks_the_lr_on_the_neuron_plateau_and_never_escapes() {
    let (escaped, run) = neuron_story(
        Some("ReduceLROnPlateau(factor=0.5, patience=10, cooldown=5, min_lr=1e-6)"),
        40_000,
    );
    let reductions = run.reductions();
    assert_eq!(reductions[0].after_step, 16, "first reduction");
    assert_eq!(reductions[0].lr, 0.025);
    let last = reductions.last().unwrap();
    assert_eq!(
        (last.after_step, last.lr),
        (256, 1e-6),
        "min_lr by step 256"
    );
    assert_eq!(reductions.len(), 16);
    assert_eq!(run.lr(), 1e-6);
    assert_eq!(escaped, None, "no escape within 40,000 steps");
    let (escaped, _) = neuron_story(None, 40_000);
    assert_eq!(escaped, Some(37_592), "the constant lr escapes");
}

/// A step with lr 0 leaves the parameters where they are but still advances the optimizer's
/// state: with CosineAnnealingLR(T_max=2) (eta_min 0) step 3 has lr 0, and step 4 uses a
/// momentum buffer that took step 3's gradient in.
#[test]
fn a_step_with_lr_zero_still_advances_the_optimizer_state() {
    let land = landscape::by_name("bowl").unwrap();
    let overrides = Overrides {
        lr: Some(0.1),
        values: vec![("momentum".into(), Value::Float(0.9))],
    };
    let spec = OptimizerSpec::resolve(optim::by_name("sgd").unwrap(), &overrides, &land.info().lr)
        .unwrap()
        .with_schedule(Some(
            ScheduleSpec::parse("CosineAnnealingLR(T_max=2)").unwrap(),
        ))
        .unwrap();
    let mut run = Run::new(land.clone(), spec, &[2.0, 3.0], DEFAULT_SEED).unwrap();
    let (mut p, mut buffer) = (vec![2.0, 3.0], vec![0.0; 2]);
    let mut grad = vec![0.0; 2];
    for k in 1..=4 {
        land.gradient(&p, &mut grad);
        run.step().unwrap();
        let lr = run.used().unwrap().lr;
        assert_eq!(lr == 0.0, k == 3, "step {k} lr {lr}");
        for i in 0..2 {
            buffer[i] = if k == 1 {
                grad[i]
            } else {
                1.0f64.mul_add(grad[i], buffer[i] * 0.9)
            };
            p[i] = (-lr).mul_add(buffer[i], p[i]);
        }
        assert_eq!(run.params(), &p[..], "step {k}");
    }
}
