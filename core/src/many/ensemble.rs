//! Escape ensembles: many copies of one run from one start, each with its own noise, to see
//! how long noise of strength σ takes to free a run from a saddle or a plateau — a
//! distribution, not one lucky seed.
//!
//! Copy `c` is the run of the job's optimizer from the start with its random numbers seeded
//! by [`item_seed`]`(seed, c)`. With [`Noise::Continuous`] every step is followed by a kick
//! θ ← θ + σ·N(0, I) (the explorer's continuous noise); with [`Noise::Kick`] the copy is
//! kicked once, before its first step. Its escape step is the first step k ≥ 0 (after that
//! step's kick) whose loss is at or below the escape level ([`EscapeLevel`]). A copy runs until it
//! converges, diverges or has taken the job's steps ([`crate::many::settle`]); where it ended is
//! matched to a minimum as in a basin map ([`crate::many::minima`]).
//!
//! The result is the same whatever the number of threads.

use crate::DEFAULT_SEED;
use crate::analysis::{EscapeLevel, PlateauDetector};
use crate::error::{Error, Result};
use crate::landscape::Landscape;
use crate::many::batch::{self, Progress, item_seed};
use crate::many::minima::{self, LegendEntry, Status, Tally};
use crate::many::settle::{Ending, Rules, settle};
use crate::optim::OptimizerSpec;
use crate::run::{Run, check_start};
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, PoisonError};

/// The most copies of an ensemble.
pub const MAX_COPIES: usize = 1_000_000;

/// Copies of an ensemble unless asked otherwise (`plateau ensemble`, the explorer's `E`).
pub const DEFAULT_COPIES: usize = 256;

/// How copies are kicked unless asked otherwise: once, at the start, so that the question is
/// what one kick of σ does (`plateau ensemble --noise continuous` and the explorer's
/// continuous noise, `N`, kick after every step).
pub const DEFAULT_NOISE: Noise = Noise::Kick;

/// The fewest steps of the default step cap ([`default_steps`]).
pub const MIN_DEFAULT_STEPS: u64 = 2000;

/// The most steps of the default step cap ([`default_steps`]).
pub const MAX_DEFAULT_STEPS: u64 = 100_000;

/// The step cap of an ensemble on `landscape` unless asked otherwise: long enough to cover
/// the landscape's plateau for its default optimizer, twice the step at which sgd at its
/// suggested lr, from the landscape's default start, escapes (neuron: 2 × 37,592; committee:
/// 2 × 4,375); [`MAX_DEFAULT_STEPS`] if that run is still on a plateau by half of it (the
/// saddle from its start on y = 0), and at least [`MIN_DEFAULT_STEPS`] (a landscape without a
/// plateau, such as the quartic from −3).
pub fn default_steps(landscape: &Arc<dyn Landscape>) -> u64 {
    let info = landscape.info();
    let sgd = (crate::optim::by_name("sgd").ok())
        .and_then(|kind| OptimizerSpec::resolve(kind, &Default::default(), &info.lr).ok());
    let run =
        sgd.and_then(|spec| Run::new(landscape.clone(), spec, &info.start, DEFAULT_SEED).ok());
    let Some(mut run) = run else {
        return MIN_DEFAULT_STEPS;
    };
    let mut detector = PlateauDetector::for_landscape(info);
    detector.observe(&run.current());
    while run.current().step < MAX_DEFAULT_STEPS / 2 {
        let Some(sample) = run.step() else { break };
        detector.observe(&sample);
        if let Some(escape) = detector.last_escape() {
            return (2 * escape.step).max(MIN_DEFAULT_STEPS);
        }
    }
    if detector.open().is_some() {
        MAX_DEFAULT_STEPS
    } else {
        MIN_DEFAULT_STEPS
    }
}

/// How the copies are perturbed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Noise {
    /// A kick of σ after every step.
    Continuous,
    /// One kick of σ at the start, then no noise.
    Kick,
}

/// What an ensemble runs.
#[derive(Clone)]
pub struct EnsembleJob {
    /// The landscape.
    pub landscape: Arc<dyn Landscape>,
    /// The optimizer and its hyperparameters.
    pub spec: OptimizerSpec,
    /// The common start, one coordinate per parameter.
    pub start: Vec<f64>,
    /// The number of copies.
    pub copies: usize,
    /// The standard deviation of each kick, per coordinate.
    pub sigma: f64,
    /// Kicks after every step, or one at the start.
    pub noise: Noise,
    /// The most steps of each copy.
    pub steps: u64,
    /// The seed of the job ([`item_seed`] gives each copy's).
    pub seed: u64,
    /// When a copy has escaped.
    pub escape: EscapeLevel,
    /// When a copy has converged, and how near a minimum counts as in it.
    pub rules: Rules,
}

impl EnsembleJob {
    /// A job with the default escape level of the optimizer's own run from `start`
    /// ([`EscapeLevel::for_run`], seeded with `seed`) and the landscape's default [`Rules`]; an
    /// error for a bad start, an optimizer the landscape cannot take, no copies (or more
    /// than [`MAX_COPIES`]), or a σ that is negative or not finite.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        landscape: Arc<dyn Landscape>,
        spec: OptimizerSpec,
        start: Vec<f64>,
        copies: usize,
        sigma: f64,
        noise: Noise,
        steps: u64,
        seed: u64,
    ) -> Result<Self> {
        check_start(landscape.info(), &start)?;
        if !(1..=MAX_COPIES).contains(&copies) {
            return Err(Error::OutOfRange(format!(
                "an ensemble has between 1 and {MAX_COPIES} copies, got {copies}"
            )));
        }
        if !(sigma.is_finite() && sigma >= 0.0) {
            return Err(Error::OutOfRange(format!(
                "sigma must be a finite number >= 0, got {}",
                crate::text::format::round_trip(sigma)
            )));
        }
        let run = Run::new(landscape.clone(), spec.clone(), &start, seed)?;
        let escape = EscapeLevel::for_run(run, steps);
        let rules = Rules::for_landscape(landscape.info());
        Ok(Self {
            landscape,
            spec,
            start,
            copies,
            sigma,
            noise,
            steps,
            seed,
            escape,
            rules,
        })
    }
}

/// One copy of an ensemble.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Member {
    /// The first step at which it had escaped; `None` if it did not within the steps.
    pub escape_step: Option<u64>,
    /// How it ended (the minimum's index into [`EnsembleResult::legend`]).
    pub status: Status,
    /// The steps it took.
    pub steps: u64,
}

/// One bin of the histogram of escape steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bin {
    /// The first step of the bin.
    pub first: u64,
    /// The last step of the bin (inclusive).
    pub last: u64,
    /// The copies that escaped at a step of the bin.
    pub count: usize,
}

/// The bins of escape steps up to `steps`, doubling in width: 0–1, 2–3, 4–7, …, up to the
/// bin that holds `steps`.
fn log_bins(steps: u64) -> Vec<Bin> {
    let top = 63 - steps.max(1).leading_zeros();
    (0..=top)
        .map(|j| Bin {
            first: if j == 0 { 0 } else { 1 << j },
            last: (1u64 << (j + 1)) - 1,
            count: 0,
        })
        .collect()
}

/// The index of the bin of `step` among [`log_bins`].
fn bin_of(step: u64) -> usize {
    (63 - step.max(1).leading_zeros()) as usize
}

/// An ensemble's result, complete or as far as it was computed.
#[derive(Clone, Debug, PartialEq)]
pub struct EnsembleResult {
    /// One entry per copy, in copy order; `None` for a copy not computed yet.
    pub members: Vec<Option<Member>>,
    /// Every minimum the copies may end in, with its share of the copies computed.
    pub legend: Vec<LegendEntry>,
    /// The copies computed, counted by status.
    pub tally: Tally,
    /// The copies that escaped, by escape step in bins doubling in width.
    pub histogram: Vec<Bin>,
    /// How many of the copies computed escaped within the steps.
    pub escaped: usize,
    /// The median escape step over the n copies computed, a copy that did not escape counting
    /// as escaping after all the steps (the lower median of an even count): `None` when fewer
    /// than n/2 (rounded up) escaped, so that the median lies beyond the steps.
    pub median_escape: Option<u64>,
    /// The end parameters of every copy, `dim` per copy (NaN for one not computed).
    ends: Vec<f64>,
    dim: usize,
}

impl EnsembleResult {
    /// Where copy `index` ended (non-finite if it diverged).
    pub fn end(&self, index: usize) -> &[f64] {
        &self.ends[index * self.dim..(index + 1) * self.dim]
    }

    /// The fraction of the copies computed that escaped within the steps.
    pub fn fraction_escaped(&self) -> f64 {
        self.tally.share(self.escaped)
    }
}

/// What one copy gave: its ending, escape step and end parameters.
type Raw = (Ending, Option<u64>, Vec<f64>);

/// An ensemble being computed: shared between the threads that compute it and any that
/// watch it.
pub struct Ensemble {
    job: EnsembleJob,
    progress: Progress,
    raws: Mutex<Vec<Option<Raw>>>,
}

impl Ensemble {
    /// A job ready to compute; an error if its optimizer cannot run on its landscape.
    pub fn new(job: EnsembleJob) -> Result<Self> {
        job.spec.build(job.landscape.as_ref())?;
        Ok(Self {
            raws: Mutex::new(vec![None; job.copies]),
            progress: Progress::new(),
            job,
        })
    }

    /// What is computed.
    pub fn job(&self) -> &EnsembleJob {
        &self.job
    }

    /// Copies done so far, and the switch that cancels the rest.
    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// Computes every copy on `threads` threads; returns when all are done (`true`) or the
    /// job was cancelled (`false`). Blocks the caller, which computes too. A cancelled job
    /// stays cancelled.
    pub fn compute(&self, threads: NonZeroUsize) -> bool {
        let order: Vec<usize> = (0..self.job.copies).collect();
        batch::run(
            &order,
            threads,
            &self.progress,
            |copy| self.copy(copy),
            |chunk| {
                let mut raws = self.raws.lock().unwrap_or_else(PoisonError::into_inner);
                for (copy, raw) in chunk {
                    raws[copy] = Some(raw);
                }
            },
        )
    }

    /// The run of copy `copy`.
    fn copy(&self, copy: usize) -> Raw {
        let job = &self.job;
        let seed = item_seed(job.seed, copy as u64);
        let Ok(mut run) = Run::new(job.landscape.clone(), job.spec.clone(), &job.start, seed)
        else {
            // The start was checked and the optimizer built once: this does not happen.
            let ending = Ending {
                steps: 0,
                converged: false,
                diverged: true,
                stalled: false,
            };
            return (ending, None, job.start.clone());
        };
        let mut escape_step = None;
        let mut watch = |run: &Run| {
            if escape_step.is_none() && job.escape.escaped(run.current().loss) {
                escape_step = Some(run.current().step);
            }
        };
        if job.noise == Noise::Kick {
            run.kick(job.sigma);
        }
        watch(&run);
        let ending = settle(&mut run, job.steps, |run| {
            if job.noise == Noise::Continuous {
                run.kick(job.sigma);
            }
            watch(run);
        });
        (ending, escape_step, run.params().to_vec())
    }

    /// The result of the copies computed so far.
    pub fn result(&self) -> EnsembleResult {
        let job = &self.job;
        let dim = job.landscape.info().dim();
        let raws = self
            .raws
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let endings: Vec<Option<Ending>> = raws.iter().map(|r| r.as_ref().map(|r| r.0)).collect();
        let mut ends = vec![f64::NAN; raws.len() * dim];
        for (i, raw) in raws.iter().enumerate() {
            if let Some((_, _, end)) = raw {
                ends[i * dim..(i + 1) * dim].copy_from_slice(end);
            }
        }
        let (statuses, found) =
            minima::classify(job.landscape.as_ref(), &job.rules, &endings, |i| {
                &ends[i * dim..(i + 1) * dim]
            });
        let (legend, tally) = minima::legend(found, &statuses, &endings);
        let members: Vec<Option<Member>> = (raws.iter().zip(&statuses))
            .map(|(raw, status)| {
                let (ending, escape_step, _) = raw.as_ref()?;
                Some(Member {
                    escape_step: *escape_step,
                    status: (*status)?,
                    steps: ending.steps,
                })
            })
            .collect();
        let mut histogram = log_bins(job.steps);
        let mut escapes: Vec<u64> = members
            .iter()
            .flatten()
            .filter_map(|m| m.escape_step)
            .collect();
        escapes.sort_unstable();
        for &step in &escapes {
            if let Some(bin) = histogram.get_mut(bin_of(step)) {
                bin.count += 1;
            }
        }
        // A copy that did not escape counts as escaping after every escape seen.
        let position = tally.done.checked_sub(1).map(|n| n / 2);
        let median_escape = position.and_then(|p| escapes.get(p).copied());
        EnsembleResult {
            members,
            legend,
            tally,
            histogram,
            escaped: escapes.len(),
            median_escape,
            ends,
            dim,
        }
    }
}

/// Computes the whole ensemble of `job` on `threads` threads.
pub fn ensemble(job: EnsembleJob, threads: NonZeroUsize) -> Result<EnsembleResult> {
    let ensemble = Ensemble::new(job)?;
    ensemble.compute(threads);
    Ok(ensemble.result())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_double_in_width_up_to_the_last_step() {
        let bins = log_bins(2000);
        assert_eq!(bins.len(), 11);
        assert_eq!((bins[0].first, bins[0].last), (0, 1));
        assert_eq!((bins[1].first, bins[1].last), (2, 3));
        assert_eq!((bins[10].first, bins[10].last), (1024, 2047));
        for step in [0, 1, 2, 3, 4, 7, 8, 1023, 1024, 2000] {
            let bin = bins[bin_of(step)];
            assert!((bin.first..=bin.last).contains(&step), "{step}");
        }
        assert_eq!(log_bins(0).len(), 1);
    }
}
