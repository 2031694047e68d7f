//! One optimizer on the screen: a core [`Run`] plus what the explorer shows about it (trail,
//! loss and gradient-norm histories, plateau detector, visibility).

use super::history::History;
use plateau_core::analysis::PlateauDetector;
use plateau_core::landscape::Landscape;
use plateau_core::optim::OptimizerSpec;
use plateau_core::run::{Run, Sample};
use plateau_core::{Point, Result};
use std::collections::VecDeque;
use std::sync::Arc;

/// Trail points kept per racer.
const TRAIL_CAPACITY: usize = 2048;

/// A trail point is recorded once the racer has moved this fraction of the landscape's
/// default view diagonal since the last one, so a long plateau does not flush the trail.
const TRAIL_RESOLUTION: f64 = 1e-3;

/// How many of the newest trail points are drawn as "recent".
pub const RECENT_TRAIL: usize = 48;

/// One optimizer racing on the current landscape.
pub struct Racer {
    run: Run,
    step_offset: u64,
    trail: VecDeque<Point>,
    trail_spacing: f64,
    loss: History,
    grad_norm: History,
    detector: PlateauDetector,
    visible: bool,
}

impl Racer {
    /// A racer for `spec` on `landscape` from `start`, its noise drawn from `seed`.
    pub fn new(
        landscape: Arc<dyn Landscape>,
        spec: OptimizerSpec,
        start: Point,
        seed: u64,
    ) -> Result<Self> {
        let info = landscape.info();
        let detector = PlateauDetector::for_landscape(info);
        let trail_spacing = TRAIL_RESOLUTION * info.domain.width().hypot(info.domain.height());
        let run = Run::new(landscape, spec, start, seed)?;
        let mut racer = Self {
            run,
            step_offset: 0,
            trail: VecDeque::with_capacity(TRAIL_CAPACITY),
            trail_spacing,
            loss: History::default(),
            grad_norm: History::default(),
            detector,
            visible: true,
        };
        racer.record(racer.run.current());
        Ok(racer)
    }

    /// Takes one step, then a noise kick of `noise` if given. Returns the step number if the
    /// racer diverged on this step; does nothing once diverged.
    pub fn step(&mut self, noise: Option<f64>) -> Option<u64> {
        self.run.step()?;
        if let Some(sigma) = noise {
            self.run.kick(sigma);
        }
        self.record(self.run.current());
        self.diverged_at()
    }

    /// Moves the position by Gaussian noise of radius `sigma` (optimizer state kept).
    /// Returns the step number if the kick made the racer diverge.
    pub fn kick(&mut self, sigma: f64) -> Option<u64> {
        if !self.active() {
            return None;
        }
        self.run.kick(sigma);
        self.note_trail(self.run.current().position);
        self.diverged_at()
    }

    /// Replaces the optimizer by a fresh one built from `spec` at the current position; the
    /// step count, trail and histories continue.
    pub fn rebuild(&mut self, spec: OptimizerSpec) -> Result<()> {
        let here = self.run.last_finite();
        let run = Run::new(
            Arc::clone(self.run.landscape()),
            spec,
            here.position,
            self.run.seed(),
        )?;
        // Numbering goes on after the last step taken (a diverged run's non-finite step
        // included), so that no step number is recorded twice.
        self.step_offset += self.run.current().step;
        self.run = run;
        Ok(())
    }

    /// Starts over from `start` with the same optimizer: step 0, empty trail and histories.
    pub fn restart(&mut self, start: Point) -> Result<()> {
        let landscape = Arc::clone(self.run.landscape());
        let spec = self.run.spec().clone();
        let visible = self.visible;
        *self = Self::new(landscape, spec, start, self.run.seed())?;
        self.visible = visible;
        Ok(())
    }

    /// Records a sample in the histories, the detector and the trail.
    fn record(&mut self, sample: Sample) {
        let sample = Sample {
            step: sample.step + self.step_offset,
            ..sample
        };
        self.loss.push(sample.loss);
        self.grad_norm.push(sample.grad_norm);
        if sample.position.iter().all(|v| v.is_finite()) {
            self.detector.observe(&sample);
            self.note_trail(sample.position);
        }
    }

    /// Adds `p` to the trail if it is far enough from the newest trail point.
    fn note_trail(&mut self, p: Point) {
        let moved = self
            .trail
            .back()
            .is_none_or(|last| (p - last).norm() >= self.trail_spacing);
        if moved && p.iter().all(|v| v.is_finite()) {
            if self.trail.len() == TRAIL_CAPACITY {
                self.trail.pop_front();
            }
            self.trail.push_back(p);
        }
    }

    /// Forgets the trail (the current position stays as its first point).
    pub fn clear_trail(&mut self) {
        self.trail.clear();
        self.trail.push_back(self.position());
    }

    /// The latest finite sample, with the step counted from the racer's start.
    pub fn sample(&self) -> Sample {
        let s = self.run.last_finite();
        Sample {
            step: s.step + self.step_offset,
            ..s
        }
    }

    /// Where the marker is: the latest finite position.
    pub fn position(&self) -> Point {
        self.run.last_finite().position
    }

    /// The step (counted from the racer's start) at which it diverged, if it did.
    pub fn diverged_at(&self) -> Option<u64> {
        self.run.diverged_at().map(|k| k + self.step_offset)
    }

    /// Whether the racer can still step.
    pub fn active(&self) -> bool {
        self.run.diverged_at().is_none()
    }

    /// The optimizer and its hyperparameters.
    pub fn spec(&self) -> &OptimizerSpec {
        self.run.spec()
    }

    /// The optimizer's registry name.
    pub fn name(&self) -> &'static str {
        self.run.spec().kind.name
    }

    /// Recorded trail points, oldest first.
    pub fn trail(&self) -> impl ExactSizeIterator<Item = Point> + '_ {
        self.trail.iter().copied()
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

    /// Whether the racer is drawn.
    pub fn visible(&self) -> bool {
        self.visible
    }

    /// Shows or hides the racer.
    pub fn toggle_visible(&mut self) {
        self.visible = !self.visible;
    }
}
