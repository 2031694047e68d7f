//! `plateau run`: every step of every selected optimizer, as CSV or JSON Lines on stdout.
//!
//! CSV: `optimizer,step,<one column per parameter>,loss,grad_norm`, one row per step.
//! JSON Lines: one object per optimizer and line, with the resolved configuration and one
//! array per quantity (`pandas.read_json(path, lines=True)` reads it).

use super::{Format, MAX_JSON_STEPS, MAX_STEPS, RunArgs};
use crate::cli::output::{Out, finish, stderr_line};
use plateau_core::format::round_trip;
use plateau_core::optim::Hyperparams;
use plateau_core::run::{Divergence, Run, Sample};
use plateau_core::setup::Session;
use serde::Serialize;
use serde::ser::SerializeMap;
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
            "--format json holds each optimizer's steps in memory: --steps must be at most \
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

/// Where the samples of `plateau run` go: one method per sample, one when a run is over.
trait Sink {
    /// Takes the sample `s` of `run` (the start first).
    fn sample(&mut self, run: &Run, s: &Sample) -> std::io::Result<()>;
    /// Takes the end of `run`.
    fn finish(&mut self, _run: &Run) -> std::io::Result<()> {
        Ok(())
    }
}

/// Runs every optimizer of the session in turn into `sink`; reports divergence on stderr.
fn each_run(session: &Session, steps: u64, sink: &mut impl Sink) -> std::io::Result<()> {
    for spec in &session.specs {
        let mut run = session.run(spec).map_err(std::io::Error::other)?;
        sink.sample(&run, &run.current())?;
        for _ in 0..steps {
            let Some(sample) = run.step() else { break };
            sink.sample(&run, &sample)?;
        }
        sink.finish(&run)?;
        if let Some(divergence) = run.divergence() {
            report(spec.kind.name, &divergence);
        }
    }
    Ok(())
}

/// Says on stderr that `optimizer` diverged, and how.
fn report(optimizer: &str, divergence: &Divergence) {
    stderr_line(&format!("{optimizer}: diverged: {divergence}"));
}

/// CSV rows on the output.
struct Csv<'a>(&'a mut Out);

impl Sink for Csv<'_> {
    fn sample(&mut self, run: &Run, s: &Sample) -> std::io::Result<()> {
        let out = &mut *self.0;
        write!(out, "{},{}", run.spec().kind.name, s.step)?;
        for p in run.params() {
            write!(out, ",{}", round_trip(*p))?;
        }
        writeln!(out, ",{},{}", round_trip(s.loss), round_trip(s.grad_norm))
    }
}

/// Writes every step as a CSV row.
fn write_csv(out: &mut Out, session: &Session, steps: u64) -> std::io::Result<()> {
    let parameters = session.landscape.info().parameters.join(",");
    writeln!(out, "optimizer,step,{parameters},loss,grad_norm")?;
    each_run(session, steps, &mut Csv(out))
}

/// The JSON object of one optimizer's run.
#[derive(Serialize)]
struct RunJson<'a> {
    landscape: &'a str,
    formula: &'a str,
    optimizer: &'static str,
    hyperparameters: &'a Hyperparams,
    parameters: &'a [String],
    start: &'a [f64],
    seed: u64,
    steps: u64,
    diverged_at: Option<u64>,
    step: Vec<u64>,
    params: Columns<'a>,
    loss: Vec<f64>,
    grad_norm: Vec<f64>,
}

/// One array per parameter, keyed by its name, in order.
struct Columns<'a> {
    names: &'a [String],
    values: Vec<Vec<f64>>,
}

impl Serialize for Columns<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.names.len()))?;
        for (name, values) in self.names.iter().zip(&self.values) {
            map.serialize_entry(name, values)?;
        }
        map.end()
    }
}

/// JSON Lines on the output: one optimizer's run is collected, then written as one line.
struct JsonLines<'a> {
    out: &'a mut Out,
    session: &'a Session,
    steps: u64,
    /// The index of the optimizer being run among the session's.
    index: usize,
    record: Option<RunJson<'a>>,
}

impl<'a> Sink for JsonLines<'a> {
    fn sample(&mut self, run: &Run, s: &Sample) -> std::io::Result<()> {
        let (session, steps) = (self.session, self.steps);
        let info = session.landscape.info();
        let spec = &session.specs[self.index];
        let record = self.record.get_or_insert_with(|| RunJson {
            landscape: &info.name,
            formula: &info.formula,
            optimizer: spec.kind.name,
            hyperparameters: &spec.hyper,
            parameters: &info.parameters,
            start: &session.start,
            seed: session.seed,
            steps,
            diverged_at: None,
            step: Vec::new(),
            params: Columns {
                names: &info.parameters,
                values: vec![Vec::new(); info.dim()],
            },
            loss: Vec::new(),
            grad_norm: Vec::new(),
        });
        record.step.push(s.step);
        for (column, p) in record.params.values.iter_mut().zip(run.params()) {
            column.push(*p);
        }
        record.loss.push(s.loss);
        record.grad_norm.push(s.grad_norm);
        Ok(())
    }

    fn finish(&mut self, run: &Run) -> std::io::Result<()> {
        self.index += 1;
        if let Some(mut record) = self.record.take() {
            record.diverged_at = run.diverged_at();
            serde_json::to_writer(&mut *self.out, &record).map_err(std::io::Error::other)?;
            writeln!(self.out)?;
        }
        Ok(())
    }
}

/// Writes one JSON object per optimizer and line (JSON Lines): its configuration and every
/// step (non-finite numbers are `null`); one optimizer's arrays are in memory at a time.
fn write_json(out: &mut Out, session: &Session, steps: u64) -> std::io::Result<()> {
    each_run(
        session,
        steps,
        &mut JsonLines {
            out,
            session,
            steps,
            index: 0,
            record: None,
        },
    )
}
