//! Running an optimizer on a landscape, one step at a time: the single stepping loop shared
//! by `plateau run` and the explorer.

use crate::error::{Error, Result};
use crate::landscape::Landscape;
use crate::optim::{Optimizer, OptimizerSpec, StepContext};
use crate::{Point, Rng, seeded_rng};
use rand_distr::{Distribution, StandardNormal};
use serde::Serialize;
use std::sync::Arc;

/// The state after some number of steps: what one output row holds.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Sample {
    /// Steps taken so far (0 = the start).
    pub step: u64,
    /// The parameters.
    pub position: Point,
    /// The loss at `position`.
    pub loss: f64,
    /// The Euclidean norm of the gradient at `position`.
    pub grad_norm: f64,
}

/// One optimizer moving over one landscape.
pub struct Run {
    landscape: Arc<dyn Landscape>,
    spec: OptimizerSpec,
    optimizer: Box<dyn Optimizer>,
    rng: Rng,
    seed: u64,
    current: Sample,
    gradient: Point,
    last_finite: Sample,
    diverged_at: Option<u64>,
}

impl Run {
    /// A run of `spec` on `landscape` from `start`, with its RNG seeded by `seed`.
    pub fn new(
        landscape: Arc<dyn Landscape>,
        spec: OptimizerSpec,
        start: Point,
        seed: u64,
    ) -> Result<Self> {
        if !(start.x.is_finite() && start.y.is_finite()) {
            return Err(Error::StartNotFinite {
                x: start.x,
                y: start.y,
            });
        }
        let optimizer = spec.build(landscape.as_ref())?;
        let at_start = Sample {
            step: 0,
            position: start,
            loss: 0.0,
            grad_norm: 0.0,
        };
        let mut run = Self {
            optimizer,
            rng: seeded_rng(seed),
            seed,
            current: at_start,
            gradient: Point::zeros(),
            last_finite: at_start,
            diverged_at: None,
            landscape,
            spec,
        };
        run.evaluate();
        run.last_finite = run.current;
        Ok(run)
    }

    /// Recomputes loss and gradient at the current position.
    fn evaluate(&mut self) {
        let p = self.current.position;
        self.gradient = self.landscape.gradient(p);
        self.current.loss = self.landscape.value(p);
        // The plain norm squares the components and overflows for gradients above ~1e154;
        // hypot does not, and is only needed then.
        let norm = self.gradient.norm();
        self.current.grad_norm = if norm.is_finite() {
            norm
        } else {
            self.gradient.x.hypot(self.gradient.y)
        };
    }

    /// Takes one optimizer step and returns the new sample; `None` once the run has
    /// diverged (the first sample with a non-finite position or loss is returned once, by the step
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
            .step(&mut self.current.position, self.gradient, &mut ctx);
        self.current.step += 1;
        self.evaluate();
        self.note_position();
        Some(self.current)
    }

    /// Records divergence or a new last finite sample after the position changed.
    fn note_position(&mut self) {
        let p = self.current.position;
        // A finite position where the loss is undefined (NaN) or infinite has left the
        // landscape as surely as an infinite position.
        if p.x.is_finite() && p.y.is_finite() && self.current.loss.is_finite() {
            self.last_finite = self.current;
        } else {
            self.diverged_at = Some(self.current.step);
        }
    }

    /// Adds Gaussian noise `sigma·N(0, I)` to the position (a "kick"), drawn from the run's
    /// RNG. The optimizer state is kept. Does nothing after divergence.
    pub fn kick(&mut self, sigma: f64) {
        if self.diverged_at.is_some() || !(sigma.is_finite() && sigma > 0.0) {
            return;
        }
        let dx: f64 = StandardNormal.sample(&mut self.rng);
        let dy: f64 = StandardNormal.sample(&mut self.rng);
        self.current.position += sigma * Point::new(dx, dy);
        self.evaluate();
        self.note_position();
    }

    /// The latest sample (after divergence: the non-finite one).
    pub fn current(&self) -> Sample {
        self.current
    }

    /// The latest sample with a finite position and loss.
    pub fn last_finite(&self) -> Sample {
        self.last_finite
    }

    /// The step at which the position or the loss first became non-finite, if it did.
    pub fn diverged_at(&self) -> Option<u64> {
        self.diverged_at
    }

    /// The gradient at the current position.
    pub fn gradient(&self) -> Point {
        self.gradient
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

/// Runs `spec` for `steps` steps and returns every sample, the start included, up to and
/// including the first non-finite one (position or loss).
pub fn trajectory(
    landscape: Arc<dyn Landscape>,
    spec: OptimizerSpec,
    start: Point,
    seed: u64,
    steps: u64,
) -> Result<Vec<Sample>> {
    let mut run = Run::new(landscape, spec, start, seed)?;
    let mut samples = vec![run.current()];
    samples.extend(run.take(steps));
    Ok(samples)
}
