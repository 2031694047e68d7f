//! The plateau along a run, one definition used everywhere (the explorer's readout and
//! charts, `plateau run --format json`, ensembles, the tour).
//!
//! **Entry**: the loss stops falling. Step k is a plateau's entry when the next
//! [`WINDOW`] steps close less than [`FLAT_PROGRESS`] of the remaining gap to the minimum
//! below:
//!
//! ```text
//! L(k) − L(k + WINDOW) < FLAT_PROGRESS · (L(k + WINDOW) − m)
//! ```
//!
//! where m is the shallowest known minimum clearly below L(k) (the one the escape is
//! measured against, see `analysis::escape`; where none is known, the gap counts as
//! [`super::UNBOUNDED_DROP`]). The measure is scale-free: it works the same on neuron's
//! plateau at L ≈ 0.678 and committee's at L ≈ 1.57e-3. A run converging to a known minimum
//! closes a constant fraction of its gap every step, so it never counts, and a loss within
//! the landscape's plateau margin of a known minimum is at that minimum, not on a plateau
//! (the quartic from −3 ends in its local minimum: a different ending). The entry is known
//! [`WINDOW`] steps after it happens.
//!
//! **Exit**: the escape (`analysis::escape`): the first step whose loss is at or below the
//! escape level of the plateau's level L₀, where L₀ is the loss at the plateau's first step
//! with |∇L| below the landscape's plateau threshold (the low-gradient stall), or at its entry
//! while there is none.
//!
//! Read from runs of sgd at the suggested learning rates: neuron from (0.01, 9) enters at
//! step 3 (L = 0.678) and exits at 37,592; committee enters at step 499 (L = 1.61e-3, 2.7%
//! above the symmetric saddle's 1.568e-3) and exits at 4,375; the quartic from −3 has no
//! plateau. The low-gradient stall (|∇L| below the threshold while L is above the best known
//! minimum by more than the margin) stays available as a detail: neuron's is 7–17,463.

use super::escape::{EscapeLevel, UNBOUNDED_DROP, known_minima};
use crate::landscape::LandscapeInfo;
use crate::run::Sample;
use crate::verdict;
use serde::Serialize;
use std::collections::VecDeque;

/// At most this many finished plateaus and stalls are kept (the oldest are dropped).
const MAX_SPANS: usize = 1000;

/// The shortest low-gradient stall the tour calls stalled.
pub const MIN_ESCAPE_STALL: u64 = 100;

/// How many steps ahead the loss's progress is measured to decide a plateau's entry:
/// long enough that one noisy or oscillating step does not decide, short enough that the
/// entry is known soon after it happens.
pub const WINDOW: u64 = 100;

/// The fraction of the gap to the minimum below that [`WINDOW`] steps must close for the
/// loss to count as still falling. At 0.02 committee's plateau starts where its loss first
/// comes within 3% of the saddle's (step 499), and a run converging to a minimum at any
/// rate faster than a 2% gap per 100 steps never counts.
pub const FLAT_PROGRESS: f64 = 0.02;

/// A plateau of a run: from its entry (the loss stopped falling) to its exit (the escape),
/// at its level L₀ (see the module).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Plateau {
    /// The step at which the loss stopped falling.
    pub entry: u64,
    /// The escape step (`None` while the run is still on it).
    pub exit: Option<u64>,
    /// The plateau's loss L₀, that the escape is measured from.
    pub level: f64,
}

/// An escape from a plateau: the plateau and the step at which it was escaped.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Escape {
    /// The plateau escaped from.
    pub plateau: Plateau,
    /// The first step at or below the escape level.
    pub step: u64,
}

/// The plateau a run is on.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Open {
    /// The step at which the loss stopped falling.
    pub entry: u64,
    /// The plateau's loss L₀.
    pub level: f64,
    /// The loss at or below which it counts as escaped.
    pub escape_level: f64,
    /// Whether L₀ was read at a low-gradient step (else at the entry, for now).
    stalled_level: bool,
}

/// A maximal run of low-gradient ("stalled") steps.
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

/// Watches samples of a run (one per step, in step order) and reports its plateaus and,
/// as a detail, its low-gradient stalls.
#[derive(Clone, Debug)]
pub struct PlateauDetector {
    grad_tol: f64,
    loss_floor: f64,
    /// The known minima's values and the plateau margin (what gaps and escape levels are
    /// measured against).
    minima: Vec<f64>,
    margin: f64,
    /// The open stall, the finished ones and the longest.
    stall: Option<PlateauSpan>,
    stalls: VecDeque<PlateauSpan>,
    longest: Option<PlateauSpan>,
    /// The last [`WINDOW`] + 1 samples since the last exit: (step, loss, stalled).
    recent: VecDeque<(u64, f64, bool)>,
    /// The plateau the run is on.
    open: Option<Open>,
    /// The plateaus escaped, oldest first.
    escapes: VecDeque<Escape>,
    /// The step of the latest sample.
    step: u64,
}

impl PlateauDetector {
    /// Steps with `grad_norm < grad_tol` and `loss > loss_floor` are stalled; no minimum is
    /// known (gaps count as [`UNBOUNDED_DROP`]) until [`PlateauDetector::with_minima`].
    pub fn new(grad_tol: f64, loss_floor: f64) -> Self {
        Self {
            grad_tol,
            loss_floor,
            minima: Vec::new(),
            margin: 0.0,
            stall: None,
            stalls: VecDeque::new(),
            longest: None,
            recent: VecDeque::new(),
            open: None,
            escapes: VecDeque::new(),
            step: 0,
        }
    }

    /// The same detector measuring gaps and escapes against known minima of values `minima`
    /// with the plateau margin `margin` (see [`EscapeLevel::among`]).
    pub fn with_minima(mut self, minima: Vec<f64>, margin: f64) -> Self {
        self.minima = minima;
        self.margin = margin;
        self
    }

    /// The loss at or below which a plateau at loss `plateau` counts as escaped.
    pub fn escape_level(&self, plateau: f64) -> f64 {
        EscapeLevel::among(&self.minima, self.margin, plateau).level
    }

    /// The detector of a landscape's [`crate::landscape::PlateauRule`] (most: gradient
    /// below 1e-3 while the loss is more than 1e-2 above the best known minimum; any loss if
    /// none is known) and known minima.
    pub fn for_landscape(info: &LandscapeInfo) -> Self {
        let best = info.best_known_value();
        let rule = info.plateau;
        let floor = best.map_or(f64::NEG_INFINITY, |best| best + rule.margin);
        Self::new(rule.grad_tol, floor).with_minima(known_minima(info), rule.margin)
    }

    /// The loss above which a low gradient counts as stalled (see [`PlateauDetector::new`]).
    pub fn loss_floor(&self) -> f64 {
        self.loss_floor
    }

    /// Whether a loss is at a known minimum (within the margin of its value).
    fn at_minimum(&self, loss: f64) -> bool {
        self.minima.iter().any(|m| (loss - m).abs() <= self.margin)
    }

    /// Whether the loss stopped falling from `from` to `to`, [`WINDOW`] steps later (see the
    /// module).
    fn flat(&self, from: f64, to: f64) -> bool {
        let below = (self.minima.iter().copied())
            .filter(|m| *m < from - self.margin)
            .max_by(f64::total_cmp);
        let gap = below.map_or(UNBOUNDED_DROP, |m| to - m);
        from.is_finite()
            && to.is_finite()
            && gap > 0.0
            && from - to < FLAT_PROGRESS * gap
            && !self.at_minimum(from)
            && !self.at_minimum(to)
    }

    /// Feeds the next sample (samples must come one per step, in step order).
    pub fn observe(&mut self, sample: &Sample) {
        self.step = sample.step;
        let stalled = verdict::stalled(
            sample.grad_norm,
            sample.loss,
            self.grad_tol,
            self.loss_floor,
        );
        self.observe_stall(sample.step, stalled);
        if let Some(open) = self.open {
            if sample.loss <= open.escape_level {
                self.exit(open, sample.step);
                return;
            }
            if stalled && !open.stalled_level {
                self.set_level(sample.loss, true);
            }
        }
        self.recent.push_back((sample.step, sample.loss, stalled));
        if self.recent.len() as u64 > WINDOW + 1 {
            self.recent.pop_front();
        }
        if self.open.is_none()
            && self.recent.len() as u64 == WINDOW + 1
            && let (Some(&(entry, from, _)), Some(&(_, to, _))) =
                (self.recent.front(), self.recent.back())
            && self.flat(from, to)
        {
            let first_stalled = (self.recent.iter()).find(|(_, _, stalled)| *stalled);
            let (level, stalled_level) = first_stalled.map_or((from, false), |s| (s.1, true));
            self.open = Some(Open {
                entry,
                level,
                escape_level: self.escape_level(level),
                stalled_level,
            });
        }
    }

    /// Sets the open plateau's level L₀.
    fn set_level(&mut self, level: f64, stalled_level: bool) {
        let escape_level = self.escape_level(level);
        if let Some(open) = &mut self.open {
            *open = Open {
                level,
                escape_level,
                stalled_level,
                ..*open
            };
        }
    }

    /// Ends the open plateau with its escape at `step`.
    fn exit(&mut self, open: Open, step: u64) {
        self.open = None;
        self.recent.clear();
        if self.escapes.len() == MAX_SPANS {
            self.escapes.pop_front();
        }
        self.escapes.push_back(Escape {
            plateau: Plateau {
                entry: open.entry,
                exit: Some(step),
                level: open.level,
            },
            step,
        });
    }

    /// Updates the low-gradient stalls.
    fn observe_stall(&mut self, step: u64, stalled: bool) {
        match (&mut self.stall, stalled) {
            (Some(span), true) => span.end = step,
            (None, true) => {
                self.stall = Some(PlateauSpan {
                    start: step,
                    end: step,
                })
            }
            (Some(_), false) => {
                if let Some(span) = self.stall.take() {
                    if self.stalls.len() == MAX_SPANS {
                        self.stalls.pop_front();
                    }
                    self.stalls.push_back(span);
                }
            }
            (None, false) => {}
        }
        if let Some(open) = self.stall
            && self.longest.is_none_or(|l| open.steps() > l.steps())
        {
            self.longest = Some(open);
        }
    }

    /// Every plateau so far, the open one last, oldest first.
    pub fn plateaus(&self) -> Vec<Plateau> {
        let open = self.open.map(|o| Plateau {
            entry: o.entry,
            exit: None,
            level: o.level,
        });
        (self.escapes.iter().map(|e| e.plateau))
            .chain(open)
            .collect()
    }

    /// The plateau the run is on, if any.
    pub fn open(&self) -> Option<Open> {
        self.open
    }

    /// How many steps the run has been on its plateau (0 if it is on none).
    pub fn on_plateau(&self) -> u64 {
        self.open.map_or(0, |o| self.step - o.entry + 1)
    }

    /// Whether the loss is falling again on the open plateau: the last [`WINDOW`] steps
    /// closed at least [`FLAT_PROGRESS`] of the gap (false off a plateau).
    pub fn falling(&self) -> bool {
        self.open.is_some()
            && self.recent.len() as u64 == WINDOW + 1
            && matches!((self.recent.front(), self.recent.back()),
                (Some(&(_, from, _)), Some(&(_, to, _))) if !self.flat(from, to))
    }

    /// Every escape so far, oldest first.
    pub fn escapes(&self) -> impl Iterator<Item = &Escape> {
        self.escapes.iter()
    }

    /// The latest escape, if any.
    pub fn last_escape(&self) -> Option<&Escape> {
        self.escapes.back()
    }

    /// Length of the current low-gradient stall (0 if the last sample was not stalled).
    pub fn stalled(&self) -> u64 {
        self.stall.map_or(0, |s| s.steps())
    }

    /// Every low-gradient stall seen, the open one included, oldest first.
    pub fn spans(&self) -> Vec<PlateauSpan> {
        self.stalls.iter().copied().chain(self.stall).collect()
    }

    /// The longest low-gradient stall seen so far (the first of equal length).
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
    fn the_plateau_starts_where_the_loss_stops_falling_and_ends_at_the_escape() {
        // The loss halves every 10 steps down to 0.5, stays there (gradient 1e-2, then
        // 1e-4 from step 150), then drops to 0.04: entry where the 100 steps ahead close
        // less than 2% of the gap to the minimum at 0, level the loss at the first
        // low-gradient step, exit at the first loss ≤ a tenth of it.
        let mut d = PlateauDetector::new(1e-3, 0.01).with_minima(vec![0.0], 0.01);
        let loss = |k: u64| match k {
            0..300 => 0.5 + 8.0 * 0.5f64.powf(k as f64 / 10.0),
            _ => 0.04,
        };
        for k in 0..300 {
            let grad = if (150..300).contains(&k) { 1e-4 } else { 1e-2 };
            d.observe(&sample(k, loss(k), grad));
        }
        let open = d.open().expect("on the plateau");
        let entry = open.entry;
        assert!(
            loss(entry) - loss(entry + WINDOW) < FLAT_PROGRESS * loss(entry + WINDOW)
                && loss(entry - 1) - loss(entry - 1 + WINDOW)
                    >= FLAT_PROGRESS * loss(entry - 1 + WINDOW),
            "entry {entry}"
        );
        assert_eq!(
            (open.level, open.escape_level),
            (loss(150), loss(150) / 10.0)
        );
        assert_eq!(d.on_plateau(), 299 - entry + 1);
        assert!(!d.falling() && d.last_escape().is_none());
        d.observe(&sample(300, 0.04, 1.0));
        let escape = d.last_escape().expect("escaped");
        assert_eq!(escape.step, 300);
        assert_eq!(
            d.plateaus(),
            vec![Plateau {
                entry,
                exit: Some(300),
                level: loss(150)
            }]
        );
        assert_eq!((d.open(), d.on_plateau()), (None, 0));
    }

    #[test]
    fn converging_to_a_known_minimum_is_no_plateau() {
        // Geometric convergence to the minimum at −1 closes the same fraction of the gap in
        // every window; once within the margin the run is at the minimum.
        let mut d = PlateauDetector::new(1e-3, -0.99).with_minima(vec![-1.0], 0.01);
        for k in 0..2000 {
            let loss = -1.0 + 0.99f64.powi(k as i32);
            d.observe(&sample(k, loss, 0.0));
        }
        assert!(d.plateaus().is_empty());
        // Where no minimum is known, a loss flat to within 2% of one unit is a plateau.
        let mut d = PlateauDetector::new(1e-3, f64::NEG_INFINITY);
        for k in 0..=WINDOW {
            d.observe(&sample(k, 3.0 - 1e-4 * k as f64, 1.0));
        }
        assert_eq!(d.open().map(|o| (o.entry, o.level)), Some((0, 3.0)));
    }

    #[test]
    fn the_loss_falling_again_is_seen_before_the_escape() {
        let mut d = PlateauDetector::new(1e-3, 0.01).with_minima(vec![0.0], 0.01);
        for k in 0..=WINDOW {
            d.observe(&sample(k, 1.0, 1e-4));
        }
        assert!(d.open().is_some() && !d.falling());
        for k in 1..=WINDOW {
            d.observe(&sample(WINDOW + k, 1.0 - 0.005 * k as f64, 1e-2));
        }
        assert!(d.falling() && d.last_escape().is_none());
    }

    #[test]
    fn a_plateau_at_any_known_saddle_counts() {
        // Each landscape's rule puts the loss floor below its saddles and maxima, however
        // low they are (committee's overlap plateau is at L ≈ 1.57e-3), and none of them is
        // within the margin of a minimum.
        for entry in crate::landscape::REGISTRY {
            let landscape = entry.landscape();
            let info = landscape.info();
            let detector = PlateauDetector::for_landscape(info);
            let floor = detector.loss_floor();
            let best = info.best_known_value();
            for k in (info.known_points.iter()).filter(|k| k.kind != CriticalKind::Minimum) {
                if best.is_some_and(|best| k.value > best) {
                    assert!(k.value > floor, "{}: {} under {floor}", info.name, k.value);
                    assert!(!detector.at_minimum(k.value), "{}", info.name);
                }
            }
        }
    }

    #[test]
    fn a_converged_run_is_not_stalled() {
        let mut d = PlateauDetector::new(1e-3, 0.01);
        d.observe(&sample(0, 0.001, 1e-9));
        assert_eq!(d.stalled(), 0);
        assert!(d.spans().is_empty());
    }
}
