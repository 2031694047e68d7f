//! `plateau run`: every step of every selected optimizer, as CSV or JSON on stdout.

use super::{Format, MAX_JSON_STEPS, MAX_STEPS, Resolved, RunArgs};
use crate::cli::output::{Out, finish};
use plateau_core::format_float;
use plateau_core::optim::Value;
use plateau_core::run::{Run, Sample};
use serde::Serialize;
use std::io::Write;

/// Runs `plateau run`.
pub fn run(args: &RunArgs) -> Result<(), String> {
    if args.steps > MAX_STEPS {
        return Err(format!(
            "--steps must be at most {MAX_STEPS}, got {}",
            args.steps
        ));
    }
    if args.format == Format::Json && args.steps > MAX_JSON_STEPS {
        return Err(format!(
            "--format json holds every step in memory: --steps must be at most \
             {MAX_JSON_STEPS}, got {} (CSV streams up to {MAX_STEPS})",
            args.steps
        ));
    }
    let resolved = args.setup.resolve()?;
    let mut out = Out::stdout();
    let written = match args.format {
        Format::Csv => write_csv(&mut out, &resolved, args.steps),
        Format::Json => write_json(&mut out, &resolved, args.steps),
    };
    finish(written.and_then(|()| out.flush()))
}

/// One optimizer's run, whichever way it is written out; reports divergence on stderr.
fn each_run(
    resolved: &Resolved,
    steps: u64,
    mut sink: impl FnMut(&Run, &Sample) -> std::io::Result<()>,
) -> std::io::Result<()> {
    for spec in &resolved.specs {
        let mut run = resolved.run(spec).map_err(std::io::Error::other)?;
        sink(&run, &run.current())?;
        for _ in 0..steps {
            let Some(sample) = run.step() else { break };
            sink(&run, &sample)?;
        }
        if let Some(k) = run.diverged_at() {
            eprintln!("{}: diverged at step {k}", spec.kind.name);
        }
    }
    Ok(())
}

fn write_csv(out: &mut Out, resolved: &Resolved, steps: u64) -> std::io::Result<()> {
    writeln!(out, "optimizer,step,x,y,loss,grad_norm")?;
    each_run(resolved, steps, |run, s| {
        writeln!(
            out,
            "{},{},{},{},{},{}",
            run.spec().kind.name,
            s.step,
            format_float(s.position.x),
            format_float(s.position.y),
            format_float(s.loss),
            format_float(s.grad_norm)
        )
    })
}

/// The JSON object of one optimizer's run.
#[derive(Serialize)]
struct RunJson {
    landscape: String,
    formula: String,
    optimizer: &'static str,
    hyperparameters: serde_json::Map<String, serde_json::Value>,
    start: [f64; 2],
    seed: u64,
    steps: u64,
    diverged_at: Option<u64>,
    step: Vec<u64>,
    x: Vec<f64>,
    y: Vec<f64>,
    loss: Vec<f64>,
    grad_norm: Vec<f64>,
}

fn write_json(out: &mut Out, resolved: &Resolved, steps: u64) -> std::io::Result<()> {
    let mut runs: Vec<RunJson> = Vec::new();
    each_run(resolved, steps, |run, s| {
        if s.step == 0 {
            runs.push(RunJson {
                landscape: resolved.landscape.info().name.clone(),
                formula: resolved.landscape.info().formula.clone(),
                optimizer: run.spec().kind.name,
                hyperparameters: hyperparameters_json(run),
                start: [resolved.start.x, resolved.start.y],
                seed: resolved.seed,
                steps,
                diverged_at: None,
                step: Vec::new(),
                x: Vec::new(),
                y: Vec::new(),
                loss: Vec::new(),
                grad_norm: Vec::new(),
            });
        }
        if let Some(r) = runs.last_mut() {
            r.diverged_at = run.diverged_at();
            r.step.push(s.step);
            r.x.push(s.position.x);
            r.y.push(s.position.y);
            r.loss.push(s.loss);
            r.grad_norm.push(s.grad_norm);
        }
        Ok(())
    })?;
    serde_json::to_writer_pretty(&mut *out, &runs).map_err(std::io::Error::other)?;
    writeln!(out)
}

/// The fully resolved hyperparameters of a run, learning rate first.
fn hyperparameters_json(run: &Run) -> serde_json::Map<String, serde_json::Value> {
    let hyper = &run.spec().hyper;
    let mut map = serde_json::Map::new();
    map.insert("lr".into(), hyper.lr.into());
    for (name, value) in &hyper.values {
        let v = match *value {
            Value::Float(f) => f.into(),
            Value::Bool(b) => b.into(),
            Value::Pair(a, b) => vec![a, b].into(),
            Value::Count(c) => c.into(),
        };
        map.insert((*name).into(), v);
    }
    map
}
