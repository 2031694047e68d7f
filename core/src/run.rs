//! Running an optimizer on a landscape, one step at a time: the single stepping loop shared
//! by every headless command and the explorer.
//!
//! A run follows a torch training loop to its end: it keeps stepping while the parameters
//! are finite, even when the loss has overflowed to infinity (its gradient may still be
//! finite, and `step()` still moves the parameters), and it ends at the first step whose
//! parameters are not finite. That step is the last sample; [`Run::divergence`] names both
//! moments: the first non-finite loss, if one came first, and the non-finite parameters.

use crate::error::{Error, Result};
use crate::landscape::Landscape;
use crate::num::norm;
use crate::optim::{Optimizer, OptimizerSpec, StepContext};
use crate::schedule::{Group, ScheduleSpec, Scheduler};
use crate::{Rng, seeded_rng};
use rand_distr::{Distribution, StandardNormal};
use serde::Serialize;
use std::fmt;
use std::sync::Arc;

/// The state after some number of steps, apart from the parameters themselves
/// ([`Run::params`]).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Sample {
    /// Steps taken so far (0 = the start).
    pub step: u64,
    /// The loss at the parameters (`inf` once it overflowed, NaN where undefined).
    pub loss: f64,
    /// The Euclidean norm of the gradient at the parameters.
    pub grad_norm: f64,
}

/// How a run diverged: the step whose parameters are not finite, and, if the loss became
/// non-finite at an earlier (or the same) step with finite parameters, that step and loss.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Divergence {
    /// The first step whose loss was not finite, and that loss (`inf`, `-inf` or NaN).
    pub loss: Option<(u64, f64)>,
    /// The first step whose parameters are not finite: the run's last step.
    pub params: u64,
}

impl fmt::Display for Divergence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((step, loss)) = self.loss {
            let what = if loss.is_nan() {
                "loss NaN"
            } else {
                "loss overflowed"
            };
            write!(f, "{what} at step {step}, ")?;
        }
        write!(f, "parameters non-finite at step {}", self.params)
    }
}

/// One optimizer moving over one landscape.
pub struct Run {
    landscape: Arc<dyn Landscape>,
    spec: OptimizerSpec,
    optimizer: Box<dyn Optimizer>,
    rng: Rng,
    seed: u64,
    params: Vec<f64>,
    gradient: Vec<f64>,
    current: Sample,
    last_finite_params: Vec<f64>,
    last_finite: Sample,
    loss_fault: Option<(u64, f64)>,
    diverged_at: Option<u64>,
    schedule: Option<Scheduled>,
}

/// What a step's optimizer used: its learning rate and, where a schedule cycles it, its
/// momentum or β1.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Used {
    /// The learning rate.
    pub lr: f64,
    /// The momentum or β1, where the schedule sets it.
    pub momentum: Option<f64>,
}

/// A reduction of the learning rate by ReduceLROnPlateau.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Reduction {
    /// The step after which the lr was reduced (step `after_step + 1` is the first to use
    /// the new lr).
    pub after_step: u64,
    /// The new learning rate.
    pub lr: f64,
}

/// A schedule driving a run's optimizer: the running scheduler, the parameter group it
/// acts on, and what it did.
struct Scheduled {
    spec: ScheduleSpec,
    scheduler: Box<dyn Scheduler>,
    group: Group,
    /// Whether the schedule sets momentum or β1.
    cycles_momentum: bool,
    /// Whether it is ReduceLROnPlateau, whose reductions are listed.
    reduces_on_plateau: bool,
    /// What the last step used (`None` before the first step).
    used: Option<Used>,
    /// ReduceLROnPlateau's reductions, in order.
    reductions: Vec<Reduction>,
}

impl Run {
    /// A run of `spec` on `landscape` from `start` (one coordinate per parameter), with its
    /// RNG seeded by `seed`. The spec's schedule, if it has one, steps once after each
    /// optimizer step, as torch documents (ReduceLROnPlateau fed the loss the step started
    /// from).
    pub fn new(
        landscape: Arc<dyn Landscape>,
        spec: OptimizerSpec,
        start: &[f64],
        seed: u64,
    ) -> Result<Self> {
        check_start(landscape.info(), start)?;
        let optimizer = spec.build(landscape.as_ref())?;
        let at_start = Sample {
            step: 0,
            loss: 0.0,
            grad_norm: 0.0,
        };
        let mut run = Self {
            optimizer,
            rng: seeded_rng(seed),
            seed,
            params: start.to_vec(),
            gradient: vec![0.0; start.len()],
            current: at_start,
            last_finite_params: start.to_vec(),
            last_finite: at_start,
            loss_fault: None,
            diverged_at: None,
            schedule: None,
            landscape,
            spec,
        };
        if let Some(schedule) = &run.spec.schedule {
            run.start_schedule(&schedule.clone())?;
        }
        run.evaluate();
        run.note_state();
        Ok(run)
    }

    /// Starts the spec's schedule: its constructor runs on the optimizer's learning rate
    /// and momentum or β1.
    fn start_schedule(&mut self, schedule: &ScheduleSpec) -> Result<()> {
        let mut group = Group::new(self.spec.hyper.lr, self.spec.hyper.momentum());
        let scheduler = schedule.start(&mut group).map_err(Error::Schedule)?;
        let scheduled = Scheduled {
            spec: schedule.clone(),
            scheduler,
            group,
            cycles_momentum: schedule.cycles_momentum(),
            reduces_on_plateau: schedule.reduces_on_plateau(),
            used: None,
            reductions: Vec::new(),
        };
        apply(&scheduled, self.optimizer.as_mut());
        self.schedule = Some(scheduled);
        Ok(())
    }

    /// Recomputes loss and gradient at the current parameters.
    fn evaluate(&mut self) {
        self.landscape.gradient(&self.params, &mut self.gradient);
        self.current.loss = self.landscape.value(&self.params);
        self.current.grad_norm = norm(&self.gradient);
    }

    /// Takes one optimizer step and returns the new sample; `None` once the run has
    /// diverged (the first sample with non-finite parameters is returned once, by the step
    /// that produced it).
    pub fn step(&mut self) -> Option<Sample> {
        if self.diverged_at.is_some() {
            return None;
        }
        let mut ctx = StepContext {
            landscape: self.landscape.as_ref(),
            rng: &mut self.rng,
        };
        self.optimizer
            .step(&mut self.params, &self.gradient, &mut ctx);
        self.current.step += 1;
        if let Some(scheduled) = &mut self.schedule {
            let lr = scheduled.group.lr;
            scheduled.used = Some(Used {
                lr,
                momentum: scheduled
                    .group
                    .momentum
                    .filter(|_| scheduled.cycles_momentum),
            });
            let started_from = self.current.loss;
            (scheduled.scheduler).step(&mut scheduled.group, started_from);
            let changed = scheduled.group.lr.to_bits() != lr.to_bits();
            if changed && scheduled.reduces_on_plateau {
                scheduled.reductions.push(Reduction {
                    after_step: self.current.step,
                    lr: scheduled.group.lr,
                });
            }
            if changed || scheduled.cycles_momentum {
                apply(scheduled, self.optimizer.as_mut());
            }
        }
        self.evaluate();
        self.note_state();
        Some(self.current)
    }

    /// Records the first non-finite loss, and divergence or a new last finite state, after
    /// the parameters changed.
    fn note_state(&mut self) {
        if self.params.iter().all(|v| v.is_finite()) {
            self.last_finite = self.current;
            self.last_finite_params.copy_from_slice(&self.params);
            if !self.current.loss.is_finite() && self.loss_fault.is_none() {
                self.loss_fault = Some((self.current.step, self.current.loss));
            }
        } else {
            self.diverged_at = Some(self.current.step);
        }
    }

    /// Adds Gaussian noise `sigma·N(0, I)` to the parameters (a "kick"), drawn from the
    /// run's RNG. The optimizer state is kept. Does nothing after divergence.
    pub fn kick(&mut self, sigma: f64) {
        if self.diverged_at.is_some() || !(sigma.is_finite() && sigma > 0.0) {
            return;
        }
        for p in &mut self.params {
            let d: f64 = StandardNormal.sample(&mut self.rng);
            *p += sigma * d;
        }
        self.evaluate();
        self.note_state();
    }

    /// The schedule driving the optimizer, if one does.
    pub fn schedule(&self) -> Option<&ScheduleSpec> {
        self.schedule.as_ref().map(|s| &s.spec)
    }

    /// The learning rate the next step will use.
    pub fn lr(&self) -> f64 {
        self.schedule
            .as_ref()
            .map_or(self.spec.hyper.lr, |s| s.group.lr)
    }

    /// What the last step used, under a schedule (`None` before the first step and without
    /// a schedule).
    pub fn used(&self) -> Option<Used> {
        self.schedule.as_ref().and_then(|s| s.used)
    }

    /// The name of what the schedule cycles besides the lr: `momentum` (SGD, RMSprop) or
    /// `beta1` (Adam, AdamW); `None` if it cycles nothing.
    pub fn cycled(&self) -> Option<&'static str> {
        cycled(&self.spec)
    }

    /// ReduceLROnPlateau's reductions so far.
    pub fn reductions(&self) -> &[Reduction] {
        self.schedule.as_ref().map_or(&[], |s| &s.reductions)
    }

    /// The latest sample (after divergence: the one with non-finite parameters).
    pub fn current(&self) -> Sample {
        self.current
    }

    /// The current parameters, one per coordinate of the landscape.
    pub fn params(&self) -> &[f64] {
        &self.params
    }

    /// The latest sample whose parameters are finite (its loss may not be).
    pub fn last_finite(&self) -> Sample {
        self.last_finite
    }

    /// The parameters of [`Run::last_finite`].
    pub fn last_finite_params(&self) -> &[f64] {
        &self.last_finite_params
    }

    /// The step at which the parameters first became non-finite, if they did.
    pub fn diverged_at(&self) -> Option<u64> {
        self.diverged_at
    }

    /// How the run diverged, if it did.
    pub fn divergence(&self) -> Option<Divergence> {
        self.diverged_at.map(|params| Divergence {
            loss: self.loss_fault.filter(|(step, _)| *step <= params),
            params,
        })
    }

    /// The first step whose loss was not finite while the parameters were, and that loss.
    pub fn loss_fault(&self) -> Option<(u64, f64)> {
        self.loss_fault
    }

    /// The optimizer's per-coordinate effective learning rate, if it has one
    /// ([`Optimizer::effective_lr`]).
    pub fn effective_lr(&self) -> Option<Vec<f64>> {
        self.optimizer.effective_lr()
    }

    /// The gradient at the current parameters.
    pub fn gradient(&self) -> &[f64] {
        &self.gradient
    }

    /// The optimizer and its resolved hyperparameters.
    pub fn spec(&self) -> &OptimizerSpec {
        &self.spec
    }

    /// The landscape.
    pub fn landscape(&self) -> &Arc<dyn Landscape> {
        &self.landscape
    }

    /// The seed of the run's RNG.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Steps `n` times, stopping early on divergence; returns the samples produced.
    pub fn take(&mut self, n: u64) -> Vec<Sample> {
        (0..n).map_while(|_| self.step()).collect()
    }
}

/// What `spec`'s schedule cycles besides the lr: `momentum` (SGD, RMSprop) or `beta1`
/// (Adam, AdamW); `None` if it cycles nothing.
pub fn cycled(spec: &OptimizerSpec) -> Option<&'static str> {
    spec.schedule.as_ref().filter(|s| s.cycles_momentum())?;
    spec.hyper.momentum()?;
    Some(if spec.hyper.get("betas").is_some() {
        "beta1"
    } else {
        "momentum"
    })
}

/// Hands the schedule's lr (and momentum or β1, where it cycles it) to the optimizer.
fn apply(scheduled: &Scheduled, optimizer: &mut dyn Optimizer) {
    optimizer.set_lr(scheduled.group.lr);
    if scheduled.cycles_momentum
        && let Some(momentum) = scheduled.group.momentum
    {
        optimizer.set_momentum(momentum);
    }
}

/// Checks that `start` has one finite coordinate per parameter of the landscape.
pub fn check_start(info: &crate::landscape::LandscapeInfo, start: &[f64]) -> Result<()> {
    if start.len() != info.dim() {
        return Err(Error::StartDimension {
            landscape: info.name.clone(),
            expected: info.dim(),
            parameters: info.parameters.join(","),
            got: start.len(),
        });
    }
    if !start.iter().all(|v| v.is_finite()) {
        return Err(Error::StartNotFinite(
            start
                .iter()
                .map(|v| crate::text::format::round_trip(*v))
                .collect::<Vec<_>>()
                .join(", "),
        ));
    }
    Ok(())
}

/// One sample of a trajectory with its parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Step, loss and gradient norm.
    pub sample: Sample,
    /// The parameters.
    pub params: Vec<f64>,
}

/// Runs `spec` for `steps` steps and returns every sample with its parameters, the start
/// included, up to and including the first one with non-finite parameters.
pub fn trajectory(
    landscape: Arc<dyn Landscape>,
    spec: OptimizerSpec,
    start: &[f64],
    seed: u64,
    steps: u64,
) -> Result<Vec<Row>> {
    let mut run = Run::new(landscape, spec, start, seed)?;
    let row = |run: &Run, sample: Sample| Row {
        sample,
        params: run.params().to_vec(),
    };
    let mut rows = vec![row(&run, run.current())];
    for _ in 0..steps {
        let Some(sample) = run.step() else { break };
        rows.push(row(&run, sample));
    }
    Ok(rows)
}
