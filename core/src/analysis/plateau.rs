//! Plateau detection along a run: consecutive steps with a small gradient while the loss is
//! still clearly above the best value known for the landscape.

use crate::landscape::{CriticalKind, LandscapeInfo};
use crate::run::Sample;
use serde::Serialize;
use std::collections::VecDeque;

/// Default gradient-norm threshold below which a step counts as stalled.
pub const DEFAULT_GRAD_TOL: f64 = 1e-3;

/// Default margin above the best known loss that still counts as "not converged".
pub const DEFAULT_LOSS_MARGIN: f64 = 1e-2;

/// At most this many finished plateaus are kept (the oldest are dropped).
const MAX_SPANS: usize = 1000;

/// A maximal run of stalled steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PlateauSpan {
    /// First stalled step.
    pub start: u64,
    /// Last stalled step (inclusive).
    pub end: u64,
}

impl PlateauSpan {
    /// Number of steps in the span.
    pub fn steps(&self) -> u64 {
        self.end - self.start + 1
    }
}

/// Watches samples of a run and reports plateaus.
#[derive(Clone, Debug)]
pub struct PlateauDetector {
    grad_tol: f64,
    loss_floor: f64,
    open: Option<PlateauSpan>,
    finished: VecDeque<PlateauSpan>,
    longest: Option<PlateauSpan>,
}

impl PlateauDetector {
    /// Steps with `grad_norm < grad_tol` and `loss > loss_floor` are stalled.
    pub fn new(grad_tol: f64, loss_floor: f64) -> Self {
        Self {
            grad_tol,
            loss_floor,
            open: None,
            finished: VecDeque::new(),
            longest: None,
        }
    }

    /// The default detector for a landscape: gradient below 1e-3 while the loss is more
    /// than a margin above the best known minimum (any loss, if none is known). The margin
    /// is 1e-2, or a tenth of the lowest known saddle's (or maximum's) height above that
    /// minimum where this is smaller: a stall at a known saddle is a plateau however low
    /// it is (committee's overlap plateau is at L ≈ 1.57e-3). Every 2-D landscape's
    /// saddles are higher, so their margin is 1e-2.
    pub fn for_landscape(info: &LandscapeInfo) -> Self {
        let floor = info.best_known_value().map_or(f64::NEG_INFINITY, |best| {
            let lowest_saddle = (info.known_points.iter())
                .filter(|k| k.kind != CriticalKind::Minimum)
                .map(|k| k.value - best)
                .filter(|height| *height > 0.0)
                .min_by(f64::total_cmp);
            best + lowest_saddle.map_or(DEFAULT_LOSS_MARGIN, |h| DEFAULT_LOSS_MARGIN.min(h / 10.0))
        });
        Self::new(DEFAULT_GRAD_TOL, floor)
    }

    /// The loss above which a stall counts (see [`PlateauDetector::new`]).
    pub fn loss_floor(&self) -> f64 {
        self.loss_floor
    }

    /// Feeds the next sample (samples must come in step order).
    pub fn observe(&mut self, sample: &Sample) {
        let stalled = sample.grad_norm < self.grad_tol && sample.loss > self.loss_floor;
        match (&mut self.open, stalled) {
            (Some(span), true) => span.end = sample.step,
            (None, true) => {
                self.open = Some(PlateauSpan {
                    start: sample.step,
                    end: sample.step,
                });
            }
            (Some(_), false) => self.close(),
            (None, false) => {}
        }
        if let Some(open) = self.open
            && self.longest.is_none_or(|l| open.steps() > l.steps())
        {
            self.longest = Some(open);
        }
    }

    fn close(&mut self) {
        if let Some(span) = self.open.take() {
            if self.finished.len() == MAX_SPANS {
                self.finished.pop_front();
            }
            self.finished.push_back(span);
        }
    }

    /// Length of the current stall (0 if the last sample was not stalled).
    pub fn stalled(&self) -> u64 {
        self.open.map_or(0, |s| s.steps())
    }

    /// Every plateau seen, the open one included, oldest first.
    pub fn spans(&self) -> Vec<PlateauSpan> {
        self.finished.iter().copied().chain(self.open).collect()
    }

    /// The longest plateau seen so far (the first of equal length).
    pub fn longest(&self) -> Option<PlateauSpan> {
        self.longest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(step: u64, loss: f64, grad_norm: f64) -> Sample {
        Sample {
            step,
            loss,
            grad_norm,
        }
    }

    #[test]
    fn counts_consecutive_small_gradient_steps_above_the_floor() {
        let mut d = PlateauDetector::new(1e-3, 0.01);
        let grads = [1.0, 1e-4, 1e-4, 1e-4, 1.0, 1e-4, 1e-4];
        for (i, g) in grads.into_iter().enumerate() {
            d.observe(&sample(i as u64, 1.0, g));
        }
        assert_eq!(d.stalled(), 2);
        assert_eq!(
            d.spans(),
            vec![
                PlateauSpan { start: 1, end: 3 },
                PlateauSpan { start: 5, end: 6 }
            ]
        );
        assert_eq!(d.longest(), Some(PlateauSpan { start: 1, end: 3 }));
    }

    #[test]
    fn the_loss_margin_is_a_hundredth_unless_a_known_saddle_is_lower() {
        for entry in crate::landscape::REGISTRY {
            let landscape = (entry.build)();
            let info = landscape.info();
            let floor = PlateauDetector::for_landscape(info).loss_floor();
            match (info.best_known_value(), info.dim()) {
                (None, _) => assert_eq!(floor, f64::NEG_INFINITY, "{}", info.name),
                (Some(best), 2) => assert_eq!(floor, best + DEFAULT_LOSS_MARGIN, "{}", info.name),
                (Some(best), _) => {
                    assert!(
                        floor > best && floor < best + DEFAULT_LOSS_MARGIN,
                        "{}",
                        info.name
                    );
                }
            }
        }
    }

    #[test]
    fn a_converged_run_is_not_a_plateau() {
        let mut d = PlateauDetector::new(1e-3, 0.01);
        d.observe(&sample(0, 0.001, 1e-9));
        assert_eq!(d.stalled(), 0);
        assert!(d.spans().is_empty());
    }
}
