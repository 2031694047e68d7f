//! Plateau detection along a run: consecutive steps with a small gradient while the loss is
//! still clearly above the best value known for the landscape, and the escapes from them: a
//! stall of at least [`MIN_ESCAPE_STALL`] steps is escaped at the first later step at or
//! below its [`EscapeLevel`] (the gap to the minimum below shrunk tenfold; see
//! `analysis::escape`). On `neuron`, sgd from (0.01, 9) stalls at L ≈ 0.678 and escapes once
//! L ≤ 0.0678; on `committee` the plateau at L ≈ 1.57e-3 is left once L ≤ 1.57e-4.

use super::escape::{EscapeLevel, known_minima};
use crate::landscape::LandscapeInfo;
use crate::run::Sample;
use crate::verdict;
use serde::Serialize;
use std::collections::VecDeque;

/// At most this many finished plateaus (and escapes) are kept (the oldest are dropped).
const MAX_SPANS: usize = 1000;

/// The shortest stall that counts as a plateau to escape from.
pub const MIN_ESCAPE_STALL: u64 = 100;

/// An escape from a plateau: the stall, and the step whose loss first fell below the
/// escape level (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Escape {
    /// The stall escaped from.
    pub span: PlateauSpan,
    /// The loss when the stall began.
    pub plateau_loss: f64,
    /// The first step below the escape level.
    pub step: u64,
}

/// A long stall that has ended and is not yet escaped from.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Pending {
    /// The stall.
    pub span: PlateauSpan,
    /// The loss when the stall began.
    pub plateau_loss: f64,
    /// The loss at or below which it counts as escaped.
    pub level: f64,
}

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
    /// The loss at the first step of the open stall.
    open_loss: f64,
    /// The known minima's values and the plateau margin (what escape levels are measured
    /// against).
    minima: Vec<f64>,
    margin: f64,
    /// A long stall that ended and is not yet escaped from.
    pending: Option<Pending>,
    escapes: VecDeque<Escape>,
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
            open_loss: f64::NAN,
            minima: Vec::new(),
            margin: 0.0,
            pending: None,
            escapes: VecDeque::new(),
        }
    }

    /// The same detector measuring escapes against known minima of values `minima` with
    /// the plateau margin `margin` (see [`EscapeLevel::among`]).
    pub fn with_minima(mut self, minima: Vec<f64>, margin: f64) -> Self {
        self.minima = minima;
        self.margin = margin;
        self
    }

    /// The loss at or below which a stall that began at loss `plateau` counts as escaped.
    pub fn escape_level(&self, plateau: f64) -> f64 {
        EscapeLevel::among(&self.minima, self.margin, plateau).level
    }

    /// The detector of a landscape's [`crate::landscape::PlateauRule`] (most: gradient
    /// below 1e-3 while the loss is more than 1e-2 above the best known minimum; any loss if
    /// none is known).
    pub fn for_landscape(info: &LandscapeInfo) -> Self {
        let best = info.best_known_value();
        let rule = info.plateau;
        let floor = best.map_or(f64::NEG_INFINITY, |best| best + rule.margin);
        Self::new(rule.grad_tol, floor).with_minima(known_minima(info), rule.margin)
    }

    /// The loss above which a stall counts (see [`PlateauDetector::new`]).
    pub fn loss_floor(&self) -> f64 {
        self.loss_floor
    }

    /// Feeds the next sample (samples must come in step order).
    pub fn observe(&mut self, sample: &Sample) {
        let stalled = verdict::stalled(
            sample.grad_norm,
            sample.loss,
            self.grad_tol,
            self.loss_floor,
        );
        match (&mut self.open, stalled) {
            (Some(span), true) => span.end = sample.step,
            (None, true) => {
                self.open = Some(PlateauSpan {
                    start: sample.step,
                    end: sample.step,
                });
                self.open_loss = sample.loss;
            }
            (Some(_), false) => self.close(),
            (None, false) => {}
        }
        if let Some(Pending {
            span,
            plateau_loss,
            level,
        }) = self.pending
            && sample.loss <= level
        {
            self.pending = None;
            if self.escapes.len() == MAX_SPANS {
                self.escapes.pop_front();
            }
            self.escapes.push_back(Escape {
                span,
                plateau_loss,
                step: sample.step,
            });
        }
        if let Some(open) = self.open
            && self.longest.is_none_or(|l| open.steps() > l.steps())
        {
            self.longest = Some(open);
        }
    }

    /// Ends the open stall; a long one waits for its escape.
    fn close(&mut self) {
        if let Some(span) = self.open.take() {
            if self.finished.len() == MAX_SPANS {
                self.finished.pop_front();
            }
            self.finished.push_back(span);
            if span.steps() >= MIN_ESCAPE_STALL && self.open_loss.is_finite() {
                self.pending = Some(Pending {
                    span,
                    plateau_loss: self.open_loss,
                    level: self.escape_level(self.open_loss),
                });
            }
        }
    }

    /// Every escape so far, oldest first.
    pub fn escapes(&self) -> impl Iterator<Item = &Escape> {
        self.escapes.iter()
    }

    /// The long stall that has ended and is not yet escaped from, if any.
    pub fn pending(&self) -> Option<Pending> {
        self.pending
    }

    /// The latest escape, if any.
    pub fn last_escape(&self) -> Option<&Escape> {
        self.escapes.back()
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
    use crate::verdict::CriticalKind;

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
    fn a_long_stall_is_escaped_when_the_gap_to_the_minimum_shrinks_tenfold() {
        let mut d = PlateauDetector::new(1e-3, 0.01).with_minima(vec![0.0], 0.01);
        for step in 0..200 {
            d.observe(&sample(step, 0.5, 1e-4));
        }
        assert_eq!(d.pending(), None, "still stalled");
        d.observe(&sample(200, 0.2, 1.0));
        assert!(d.last_escape().is_none(), "0.2 is not down to 0.05");
        let pending = d.pending().expect("ended, not escaped");
        assert_eq!((pending.plateau_loss, pending.level), (0.5, 0.05));
        d.observe(&sample(201, 0.05, 1.0));
        assert_eq!(d.pending(), None, "escaped");
        let e = d.last_escape().expect("escaped");
        assert_eq!((e.span, e.step), (PlateauSpan { start: 0, end: 199 }, 201));
        assert_eq!(d.escape_level(0.5), 0.05);
        let mut short = PlateauDetector::new(1e-3, 0.01).with_minima(vec![0.0], 0.01);
        for step in 0..10 {
            short.observe(&sample(step, 0.5, 1e-4));
        }
        short.observe(&sample(10, 0.0, 1.0));
        assert!(short.last_escape().is_none(), "a short stall is no plateau");
    }

    #[test]
    fn a_stall_at_any_known_saddle_counts_as_a_plateau() {
        // Each landscape's rule puts the loss floor below its saddles and maxima, however
        // low they are (committee's overlap plateau is at L ≈ 1.57e-3).
        for entry in crate::landscape::REGISTRY {
            let landscape = entry.landscape();
            let info = landscape.info();
            let floor = PlateauDetector::for_landscape(info).loss_floor();
            let best = info.best_known_value();
            for k in (info.known_points.iter()).filter(|k| k.kind != CriticalKind::Minimum) {
                if best.is_some_and(|best| k.value > best) {
                    assert!(k.value > floor, "{}: {} under {floor}", info.name, k.value);
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
