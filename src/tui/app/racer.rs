//! One optimizer on the screen: a core [`Run`] plus what the explorer shows about it (trail,
//! loss and gradient-norm histories, plateau detector, visibility).

use super::history::History;
use plateau_core::Result;
use plateau_core::analysis::PlateauDetector;
use plateau_core::landscape::Landscape;
use plateau_core::num::{distance, norm};
use plateau_core::optim::OptimizerSpec;
use plateau_core::run::{Divergence, Run, Sample};
use plateau_core::verdict;
use std::collections::VecDeque;
use std::sync::Arc;

/// Trail points kept per racer.
const TRAIL_CAPACITY: usize = 2048;

/// A trail point is recorded once the racer has moved this fraction of the landscape's
/// default view diagonal since the last one, so a long plateau does not flush the trail.
const TRAIL_RESOLUTION: f64 = 1e-3;

/// How many of the newest trail points are drawn as "recent".
pub const RECENT_TRAIL: usize = 48;

/// At most this many events are kept per racer (the oldest are dropped).
const MAX_EVENTS: usize = 256;

/// Something that happened to a racer, marked on the charts at its step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum EventKind {
    /// The optimizer was switched to this one.
    Optimizer(&'static str),
    /// A noise kick.
    Kick,
    /// The learning rate was set to this (by a key, the form, or a ReduceLROnPlateau
    /// reduction).
    LearningRate(f64),
    /// Another hyperparameter was changed.
    Hyperparameter(&'static str),
    /// The run was started over.
    Reset,
    /// The run escaped a plateau (see [`plateau_core::analysis::Escape`]).
    Escape,
}

/// An event and the step it happened at (counted from the racer's start).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Event {
    /// The step.
    pub step: u64,
    /// What happened.
    pub kind: EventKind,
}

/// The newest [`TRAIL_CAPACITY`] positions of a run, each a full parameter vector, kept in
/// one flat ring (no allocation per point).
#[derive(Clone, Debug)]
struct Trail {
    dim: usize,
    values: Vec<f64>,
    /// Index of the oldest point.
    head: usize,
    /// Points kept.
    len: usize,
}

impl Trail {
    /// An empty trail of `dim`-dimensional points.
    fn new(dim: usize) -> Self {
        Self {
            dim,
            values: vec![0.0; dim * TRAIL_CAPACITY],
            head: 0,
            len: 0,
        }
    }

    /// The `i`-th point, oldest first.
    fn get(&self, i: usize) -> &[f64] {
        let at = (self.head + i) % TRAIL_CAPACITY * self.dim;
        &self.values[at..at + self.dim]
    }

    /// The newest point.
    fn last(&self) -> Option<&[f64]> {
        self.len.checked_sub(1).map(|i| self.get(i))
    }

    /// Appends `p`, dropping the oldest point when full.
    fn push(&mut self, p: &[f64]) {
        let slot = (self.head + self.len) % TRAIL_CAPACITY * self.dim;
        self.values[slot..slot + self.dim].copy_from_slice(p);
        if self.len == TRAIL_CAPACITY {
            self.head = (self.head + 1) % TRAIL_CAPACITY;
        } else {
            self.len += 1;
        }
    }

    /// Forgets every point.
    fn clear(&mut self) {
        self.head = 0;
        self.len = 0;
    }
}

/// One optimizer racing on the current landscape.
pub struct Racer {
    run: Run,
    step_offset: u64,
    trail: Trail,
    trail_spacing: f64,
    loss: History,
    grad_norm: History,
    /// The lr in force after each step (the one the next step uses).
    lr: History,
    detector: PlateauDetector,
    visible: bool,
    events: VecDeque<Event>,
    /// The parameters before the latest step, for the arrows (the step actually taken).
    previous: Vec<f64>,
    /// The optimizer's step before the latest one, to tell a bounce.
    step_before: Vec<f64>,
    /// Optimizer steps in a row with nothing else moving the racer (at most 2).
    clean_steps: u8,
    /// The first step (from the racer's start) at which it had converged, the verdict's.
    converged_at: Option<u64>,
}

impl Racer {
    /// A racer for `spec` on `landscape` from `start`, its noise drawn from `seed`.
    pub fn new(
        landscape: Arc<dyn Landscape>,
        spec: OptimizerSpec,
        start: &[f64],
        seed: u64,
    ) -> Result<Self> {
        let info = landscape.info();
        let detector = PlateauDetector::for_landscape(info);
        let trail_spacing = TRAIL_RESOLUTION * info.domain.width().hypot(info.domain.height());
        let trail = Trail::new(info.dim());
        let run = Run::new(landscape, spec, start, seed)?;
        let mut racer = Self {
            previous: start.to_vec(),
            step_before: vec![0.0; start.len()],
            clean_steps: 0,
            converged_at: None,
            run,
            step_offset: 0,
            trail,
            trail_spacing,
            loss: History::default(),
            grad_norm: History::default(),
            lr: History::default(),
            detector,
            visible: true,
            events: VecDeque::new(),
        };
        racer.record();
        Ok(racer)
    }

    /// Takes one step, then a noise kick of `noise` if given. Returns the step number if the
    /// racer diverged on this step; does nothing once diverged.
    pub fn step(&mut self, noise: Option<f64>) -> Option<u64> {
        if !self.active() {
            return None;
        }
        let now = self.run.params();
        for ((before, previous), now) in self.step_before.iter_mut().zip(&self.previous).zip(now) {
            *before = now - previous;
        }
        self.previous.copy_from_slice(now);
        let reductions = self.run.reductions().len();
        self.run.step()?;
        if self.run.reductions().len() > reductions {
            self.push_event(EventKind::LearningRate(self.run.lr()));
        }
        self.clean_steps = (self.clean_steps + 1).min(2);
        if let Some(sigma) = noise {
            self.run.kick(sigma);
            self.clean_steps = 0;
        }
        self.record();
        self.diverged_at()
    }

    /// Moves the position by Gaussian noise of radius `sigma` (optimizer state kept).
    /// Returns the step number if the kick made the racer diverge.
    pub fn kick(&mut self, sigma: f64) -> Option<u64> {
        if !self.active() {
            return None;
        }
        self.run.kick(sigma);
        self.clean_steps = 0;
        self.push_event(EventKind::Kick);
        self.note_trail();
        self.diverged_at()
    }

    /// Records `kind` at the current step.
    fn push_event(&mut self, kind: EventKind) {
        if self.events.len() == MAX_EVENTS {
            self.events.pop_front();
        }
        let step = self.sample().step;
        self.events.push_back(Event { step, kind });
    }

    /// Replaces the optimizer by a fresh one built from `spec` at the current position; the
    /// step count, trail and histories continue, and the change is marked as an event.
    pub fn rebuild(&mut self, spec: OptimizerSpec) -> Result<()> {
        let event = if spec.kind.name != self.name() {
            EventKind::Optimizer(spec.kind.name)
        } else if spec.hyper.lr != self.spec().hyper.lr {
            EventKind::LearningRate(spec.hyper.lr)
        } else if spec.schedule != self.spec().schedule {
            EventKind::Hyperparameter("schedule")
        } else {
            let changed = (spec.hyper.values.iter())
                .zip(&self.spec().hyper.values)
                .find(|(a, b)| a != b)
                .map_or("hyperparameters", |((name, _), _)| *name);
            EventKind::Hyperparameter(changed)
        };
        let run = Run::new(
            Arc::clone(self.run.landscape()),
            spec,
            self.run.last_finite_params(),
            self.run.seed(),
        )?;
        // Numbering goes on after the last step taken (a diverged run's non-finite step
        // included), so that no step number is recorded twice.
        self.step_offset += self.run.current().step;
        self.run = run;
        self.clean_steps = 0;
        self.push_event(event);
        Ok(())
    }

    /// Starts over from `start` with the same optimizer: step 0, empty trail and histories.
    pub fn restart(&mut self, start: &[f64]) -> Result<()> {
        let landscape = Arc::clone(self.run.landscape());
        let spec = self.run.spec().clone();
        let visible = self.visible;
        *self = Self::new(landscape, spec, start, self.run.seed())?;
        self.visible = visible;
        self.push_event(EventKind::Reset);
        Ok(())
    }

    /// Records the latest sample in the histories, the detector and the trail.
    fn record(&mut self) {
        let sample = self.run.current();
        self.loss.push(sample.loss);
        self.grad_norm.push(sample.grad_norm);
        self.lr.push(self.run.lr());
        if self.run.diverged_at().is_none() {
            let before = self.detector.last_escape().map(|e| e.step);
            self.detector.observe(&Sample {
                step: sample.step + self.step_offset,
                ..sample
            });
            if self.detector.last_escape().map(|e| e.step) != before {
                self.push_event(EventKind::Escape);
            }
            if self.converged_at.is_none() && verdict::converged(sample.grad_norm) {
                self.converged_at = Some(sample.step + self.step_offset);
            }
            self.note_trail();
        }
    }

    /// Adds the current position to the trail if it is finite and far enough from the
    /// newest trail point.
    fn note_trail(&mut self) {
        let p = self.run.params();
        if !p.iter().all(|v| v.is_finite()) {
            return;
        }
        let moved = (self.trail.last()).is_none_or(|last| distance(p, last) >= self.trail_spacing);
        if moved {
            self.trail.push(p);
        }
    }

    /// Forgets the trail (the current position stays as its first point).
    pub fn clear_trail(&mut self) {
        self.trail.clear();
        self.trail.push(self.run.last_finite_params());
    }

    /// The latest sample with finite parameters, with the step counted from the racer's
    /// start.
    pub fn sample(&self) -> Sample {
        let s = self.run.last_finite();
        Sample {
            step: s.step + self.step_offset,
            ..s
        }
    }

    /// Where the marker is: the latest finite parameters.
    pub fn position(&self) -> &[f64] {
        self.run.last_finite_params()
    }

    /// The gradient at the current parameters.
    pub fn gradient(&self) -> &[f64] {
        self.run.gradient()
    }

    /// The norm of the gradient at the marker.
    pub fn gradient_norm(&self) -> f64 {
        norm(self.run.gradient())
    }

    /// The step (counted from the racer's start) at which it diverged, if it did.
    pub fn diverged_at(&self) -> Option<u64> {
        self.run.diverged_at().map(|k| k + self.step_offset)
    }

    /// How the racer diverged, steps counted from its start.
    pub fn divergence(&self) -> Option<Divergence> {
        let offset = self.step_offset;
        self.run.divergence().map(|d| Divergence {
            loss: d.loss.map(|(step, loss)| (step + offset, loss)),
            params: d.params + offset,
        })
    }

    /// The first step at which the racer had converged since it started, if it has.
    pub fn converged_at(&self) -> Option<u64> {
        self.converged_at
    }

    /// Whether the racer can still step.
    pub fn active(&self) -> bool {
        self.run.diverged_at().is_none()
    }

    /// The optimizer and its hyperparameters.
    pub fn spec(&self) -> &OptimizerSpec {
        self.run.spec()
    }

    /// The learning rate the next step uses (its schedule's current value, if it has one).
    pub fn lr(&self) -> f64 {
        self.run.lr()
    }

    /// The optimizer's registry name.
    pub fn name(&self) -> &'static str {
        self.run.spec().kind.name
    }

    /// Recorded trail points (full parameter vectors), oldest first.
    pub fn trail(&self) -> impl ExactSizeIterator<Item = &[f64]> + '_ {
        (0..self.trail.len).map(|i| self.trail.get(i))
    }

    /// The lr in force over the run (after each step: the one the next step uses).
    pub fn lr_history(&self) -> &History {
        &self.lr
    }

    /// The loss over the run.
    pub fn loss(&self) -> &History {
        &self.loss
    }

    /// The gradient norm over the run.
    pub fn grad_norm(&self) -> &History {
        &self.grad_norm
    }

    /// The plateau detector fed with every finite sample.
    pub fn detector(&self) -> &PlateauDetector {
        &self.detector
    }

    /// What happened to the racer, oldest first.
    pub fn events(&self) -> impl ExactSizeIterator<Item = &Event> {
        self.events.iter()
    }

    /// The step actually taken last (the parameters' change; for momentum methods the
    /// velocity times the learning rate).
    pub fn last_step(&self) -> Vec<f64> {
        (self.run.last_finite_params().iter())
            .zip(&self.previous)
            .map(|(now, before)| now - before)
            .collect()
    }

    /// The optimizer's last two steps, the earlier first, when nothing else (a kick, a new
    /// optimizer, a restart) moved the racer since the first of them.
    pub fn last_two_steps(&self) -> Option<(&[f64], Vec<f64>)> {
        (self.clean_steps >= 2).then(|| (self.step_before.as_slice(), self.last_step()))
    }

    /// The optimizer's per-coordinate effective step size (lr/(√v + ε) and the like), for
    /// those that scale each coordinate.
    pub fn effective_lr(&self) -> Option<Vec<f64>> {
        self.run.effective_lr()
    }

    /// Whether the racer is drawn.
    pub fn visible(&self) -> bool {
        self.visible
    }

    /// Shows or hides the racer.
    pub fn toggle_visible(&mut self) {
        self.visible = !self.visible;
    }
}
