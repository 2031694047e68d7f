//! `plateau ensemble`: many copies of one run from one start, each with its own noise, and
//! when each escaped. As CSV, one row per copy, or as text: the fraction escaped, the median
//! escape step, a histogram of escape steps in bins doubling in width, and where the copies
//! ended.

use super::MAX_STEPS;
use super::args::{SetupArgs, ThreadsArg};
use super::output::{Out, finish};
use clap::Args;
use plateau_core::analysis::EscapeLevel;
use plateau_core::many::ensemble::{self as escapes, EnsembleJob, EnsembleResult, Noise};
use plateau_core::text::format::{self, RoundTrip};
use std::io::Write;

/// Options of `plateau ensemble`.
#[derive(Debug, Args)]
pub struct EnsembleArgs {
    /// What to run (one optimizer, from --start).
    #[command(flatten)]
    pub setup: SetupArgs,
    /// Copies of the run, each with its own noise (1 to 1,000,000).
    #[arg(long, value_name = "N", default_value_t = escapes::DEFAULT_COPIES)]
    pub copies: usize,
    /// Noise: every kick adds sigma·N(0, I) to the parameters.
    #[arg(
        long,
        value_name = "SIGMA",
        required = true,
        allow_hyphen_values = true
    )]
    pub sigma: f64,
    /// The most steps of each copy (default: twice the step at which sgd at its suggested lr
    /// escapes the landscape's plateau from its default start, at least 2,000 and at most
    /// 100,000: neuron 75,184, committee 8,750).
    #[arg(long, value_name = "N")]
    pub steps: Option<u64>,
    /// One kick at the start, or one after every step.
    #[arg(long, value_enum, default_value_t = NoiseArg::from(escapes::DEFAULT_NOISE))]
    pub noise: NoiseArg,
    /// A copy has escaped once its loss is at most LOSS (default: nine tenths of the way down
    /// from the loss where the run from the start first stalls, or the start's, to the
    /// shallowest known minimum below it; 1 below it if none is).
    #[arg(long, value_name = "LOSS", allow_hyphen_values = true)]
    pub escape_loss: Option<f64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EnsembleFormat::Csv)]
    pub format: EnsembleFormat,
    /// Threads.
    #[command(flatten)]
    pub threads: ThreadsArg,
}

/// How the copies of `plateau ensemble` are kicked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum NoiseArg {
    /// Once, at the start (the explorer's `E` without continuous noise).
    Kick,
    /// After every step (the explorer's `E` with continuous noise, `N`).
    Continuous,
}

impl From<Noise> for NoiseArg {
    fn from(noise: Noise) -> Self {
        match noise {
            Noise::Kick => NoiseArg::Kick,
            Noise::Continuous => NoiseArg::Continuous,
        }
    }
}

impl From<NoiseArg> for Noise {
    fn from(noise: NoiseArg) -> Self {
        match noise {
            NoiseArg::Kick => Noise::Kick,
            NoiseArg::Continuous => Noise::Continuous,
        }
    }
}

/// Output formats of `plateau ensemble`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum EnsembleFormat {
    /// One row per copy: its escape step, where it ended and its minimum.
    Csv,
    /// The fraction escaped, the median, the histogram and the minima.
    Text,
}

/// Runs `plateau ensemble`.
pub fn ensemble(args: &EnsembleArgs) -> Result<(), String> {
    if let Some(steps) = args.steps
        && steps > MAX_STEPS
    {
        return Err(format!("--steps must be at most {MAX_STEPS}, got {steps}"));
    }
    if let Some(level) = args.escape_loss
        && !level.is_finite()
    {
        return Err(format!(
            "--escape-loss must be a finite number, got {level}"
        ));
    }
    let (session, spec) = args.setup.resolve_one("an ensemble")?;
    let steps = (args.steps).unwrap_or_else(|| escapes::default_steps(&session.landscape));
    super::args::check_schedule_steps(&session, steps)?;
    let noise = Noise::from(args.noise);
    let mut job = EnsembleJob::new(
        session.landscape.clone(),
        spec,
        session.start.clone(),
        args.copies,
        args.sigma,
        noise,
        steps,
        session.seed,
    )
    .map_err(|e| e.to_string())?;
    if let Some(level) = args.escape_loss {
        job.escape = EscapeLevel { level };
    }
    let result = escapes::ensemble(job.clone(), args.threads.get()).map_err(|e| e.to_string())?;
    let mut out = Out::stdout();
    let written = match args.format {
        EnsembleFormat::Csv => write_csv(&mut out, &job, &result),
        EnsembleFormat::Text => write_text(&mut out, &job, &result),
    };
    finish(written.and_then(|()| out.flush()))
}

/// `copy,escape_step,end_<each parameter>,minimum`, one row per copy; the escape step and
/// the minimum are empty where there is none.
fn write_csv(out: &mut Out, job: &EnsembleJob, result: &EnsembleResult) -> std::io::Result<()> {
    let ends: Vec<String> = (job.landscape.info().parameters.iter())
        .map(|p| format!("end_{p}"))
        .collect();
    writeln!(out, "copy,escape_step,{},minimum", ends.join(","))?;
    for (copy, member) in result.members.iter().enumerate() {
        let Some(member) = member else { continue };
        write!(out, "{copy},")?;
        if let Some(step) = member.escape_step {
            write!(out, "{step}")?;
        }
        for v in result.end(copy) {
            out.write_all(b",")?;
            out.write_all(RoundTrip::new(*v).as_bytes())?;
        }
        out.write_all(b",")?;
        if let Some(m) = member.status.minimum() {
            write!(out, "{m}")?;
        }
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// The widest bar of the histogram, in characters.
const BAR: usize = 50;

/// The summary, the histogram of escape steps and where the copies ended.
fn write_text(out: &mut Out, job: &EnsembleJob, result: &EnsembleResult) -> std::io::Result<()> {
    let info = job.landscape.info();
    let start: Vec<String> = job.start.iter().map(|v| format::short(*v, 4)).collect();
    let noise = match job.noise {
        Noise::Continuous => "a kick after every step",
        Noise::Kick => "one kick at the start",
    };
    writeln!(
        out,
        "{} | {} {}: {} copies from ({}), {noise} of sigma {}, at most {} steps each",
        info.name,
        job.spec.kind.name,
        job.spec.hyper.describe(),
        job.copies,
        start.join(", "),
        format::round_trip(job.sigma),
        job.steps,
    )?;
    let done = result.tally.done;
    let median = result
        .median_escape
        .map_or("none (fewer than half escaped)".to_owned(), |m| {
            format!("step {m}")
        });
    writeln!(
        out,
        "escaped (loss <= {}) within {} steps: {} of {done} ({}%), median {median}",
        format::short(job.escape.level, 6),
        job.steps,
        result.escaped,
        format::short(100.0 * result.fraction_escaped(), 3),
    )?;
    let most = result
        .histogram
        .iter()
        .map(|b| b.count)
        .max()
        .unwrap_or(0)
        .max(1);
    for bin in &result.histogram {
        let bar = "#".repeat((bin.count * BAR).div_ceil(most));
        let steps = format!("{}-{}", bin.first, bin.last);
        writeln!(out, "{steps:>13} {:>7} {bar}", bin.count)?;
    }
    for entry in result.legend.iter().filter(|e| e.runs > 0) {
        let m = &entry.minimum;
        let at: Vec<String> = m.position.iter().map(|v| format::short(*v, 4)).collect();
        writeln!(
            out,
            "ended in {} ({}) loss {}: {} copies",
            if m.known { "minimum" } else { "found minimum" },
            at.join(", "),
            format::short(m.value, 4),
            entry.runs,
        )?;
    }
    let tally = &result.tally;
    for (count, what) in [
        (tally.stalled, "stalled on a plateau or saddle"),
        (tally.not_converged, "ended elsewhere, still moving"),
        (tally.diverged, "diverged"),
    ] {
        if count > 0 {
            writeln!(out, "{what}: {count} copies")?;
        }
    }
    Ok(())
}
