//! `plateau run`: every step of every selected optimizer, as CSV or JSON on stdout.

use super::{Format, MAX_JSON_STEPS, MAX_STEPS, RunArgs};
use crate::cli::output::{Out, finish, stderr_line};
use plateau_core::format::round_trip;
use plateau_core::optim::Hyperparams;
use plateau_core::run::{Run, Sample};
use plateau_core::setup::Session;
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
    let session = args.setup.setup().resolve().map_err(|e| e.to_string())?;
    let mut out = Out::stdout();
    let written = match args.format {
        Format::Csv => write_csv(&mut out, &session, args.steps),
        Format::Json => write_json(&mut out, &session, args.steps),
    };
    finish(written.and_then(|()| out.flush()))
}

/// One optimizer's run, whichever way it is written out; reports divergence on stderr.
fn each_run(
    session: &Session,
    steps: u64,
    mut sink: impl FnMut(&Run, &Sample) -> std::io::Result<()>,
) -> std::io::Result<()> {
    for spec in &session.specs {
        let mut run = session.run(spec).map_err(std::io::Error::other)?;
        sink(&run, &run.current())?;
        for _ in 0..steps {
            let Some(sample) = run.step() else { break };
            sink(&run, &sample)?;
        }
        if let Some(k) = run.diverged_at() {
            stderr_line(&format!("{}: diverged at step {k}", spec.kind.name));
        }
    }
    Ok(())
}

/// Writes every step as a CSV row.
fn write_csv(out: &mut Out, session: &Session, steps: u64) -> std::io::Result<()> {
    writeln!(out, "optimizer,step,x,y,loss,grad_norm")?;
    each_run(session, steps, |run, s| {
        writeln!(
            out,
            "{},{},{},{},{},{}",
            run.spec().kind.name,
            s.step,
            round_trip(s.position.x),
            round_trip(s.position.y),
            round_trip(s.loss),
            round_trip(s.grad_norm)
        )
    })
}

/// The JSON object of one optimizer's run.
#[derive(Serialize)]
struct RunJson {
    landscape: String,
    formula: String,
    optimizer: &'static str,
    hyperparameters: Hyperparams,
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

/// Writes one JSON object per optimizer with its configuration and every step.
fn write_json(out: &mut Out, session: &Session, steps: u64) -> std::io::Result<()> {
    let mut runs: Vec<RunJson> = Vec::new();
    let info = session.landscape.info();
    each_run(session, steps, |run, s| {
        if s.step == 0 {
            runs.push(RunJson {
                landscape: info.name.clone(),
                formula: info.formula.clone(),
                optimizer: run.spec().kind.name,
                hyperparameters: run.spec().hyper.clone(),
                start: [session.start.x, session.start.y],
                seed: session.seed,
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
