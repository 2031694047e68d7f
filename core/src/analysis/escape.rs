//! Escape from a plateau or a saddle, the one definition plateau uses: a run has escaped
//! from its start at the first step at which its loss is at or below an escape level.
//!
//! The level is measured from the start's plateau loss L₀: the loss at the first step at
//! which the plateau detector ([`PlateauDetector::for_landscape`]: |∇L| < 1e-3 with the loss
//! more than 1e-2 above the best known minimum) counts the optimizer's own run from the start
//! (no kicks) as stalled, within the steps allowed; the start's own loss if it never stalls.
//! (From the neuron's start (0.01, 9) sgd first drops from 11.3 to the plateau's 0.68 in
//! seven steps; the plateau, not that drop, is what a run has to escape.) The default level
//! is halfway down from L₀ to the shallowest known minimum clearly below it (a minimum of
//! value m < L₀ − 1e-2, the detector's margin; the highest such m): `(L₀ + m) / 2`. So a run
//! escapes from the quartic's barrier itself whichever of its two minima it falls towards;
//! from a start whose own run ends in the quartic's local minimum (a stall too: its loss is
//! above the global one), escaping is getting halfway from there to the global minimum;
//! and from the neuron's plateau, losing half of the plateau's excess loss. Where no
//! known minimum lies clearly below L₀ (a landscape unbounded below, such as `saddle`), the
//! level is one unit of loss below it: `L₀ − 1`.

use crate::analysis::PlateauDetector;
use crate::analysis::plateau::DEFAULT_LOSS_MARGIN;
use crate::landscape::{CriticalKind, LandscapeInfo};
use crate::run::Run;

/// The drop in loss that counts as an escape where no known minimum lies below the start.
pub const UNBOUNDED_DROP: f64 = 1.0;

/// The loss at or below which a run counts as escaped.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Escape {
    /// The escape level.
    pub level: f64,
}

impl Escape {
    /// The default level for a plateau loss `plateau_loss` (L₀) on a landscape (see the
    /// module).
    pub fn for_loss(info: &LandscapeInfo, plateau_loss: f64) -> Self {
        let floor = (info.known_points.iter())
            .filter(|k| {
                k.kind == CriticalKind::Minimum && k.value < plateau_loss - DEFAULT_LOSS_MARGIN
            })
            .map(|k| k.value)
            .max_by(f64::total_cmp);
        Self {
            level: floor.map_or(plateau_loss - UNBOUNDED_DROP, |m| 0.5 * (plateau_loss + m)),
        }
    }

    /// The start's plateau loss L₀ of `run` (a fresh run, at its start): the loss at the
    /// first step, among the first `steps`, at which the plateau detector counts it stalled,
    /// else the start's loss.
    pub fn plateau_loss(mut run: Run, steps: u64) -> f64 {
        let mut detector = PlateauDetector::for_landscape(run.landscape().info());
        let mut sample = run.current();
        let start = sample.loss;
        loop {
            detector.observe(&sample);
            if detector.stalled() > 0 {
                return sample.loss;
            }
            if sample.step >= steps {
                return start;
            }
            let Some(next) = run.step() else {
                return start;
            };
            sample = next;
        }
    }

    /// The default level of runs like `run` (a fresh run, at its start), stepped at most
    /// `steps` times: [`Escape::for_loss`] of its [`Escape::plateau_loss`].
    pub fn for_run(run: Run, steps: u64) -> Self {
        let landscape = run.landscape().clone();
        Self::for_loss(landscape.info(), Self::plateau_loss(run, steps))
    }

    /// Whether a loss counts as escaped (never a NaN one).
    pub fn escaped(&self, loss: f64) -> bool {
        loss <= self.level
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::landscape::by_name;

    #[test]
    fn the_level_is_halfway_to_the_shallowest_minimum_below() {
        let quartic = by_name("quartic").unwrap();
        // The barrier at x ≈ 0.019 (loss ≈ −4.99): halfway to the local minimum (−27.9).
        let e = Escape::for_loss(quartic.info(), -4.990440502690049);
        assert!((e.level - 0.5 * (-4.990440502690049 - 27.902434280572102)).abs() < 1e-12);
        assert!(e.escaped(-27.0) && !e.escaped(-10.0) && !e.escaped(f64::NAN));
        // Below the local minimum only the global one is below.
        let e = Escape::for_loss(quartic.info(), -100.0);
        assert_eq!(e.level, 0.5 * (-100.0 - 436.10712521673787));
    }

    #[test]
    fn with_no_minimum_below_the_level_is_one_unit_down() {
        let saddle = by_name("saddle").unwrap();
        assert_eq!(Escape::for_loss(saddle.info(), 0.0).level, -1.0);
    }

    fn sgd(landscape: &str, start: &[f64]) -> Run {
        let land = by_name(landscape).unwrap();
        let kind = crate::optim::by_name("sgd").unwrap();
        let spec = crate::optim::OptimizerSpec::resolve(kind, &Default::default(), &land.info().lr)
            .unwrap();
        Run::new(land, spec, start, 1).unwrap()
    }

    #[test]
    fn the_neurons_start_is_measured_from_its_plateau_not_its_first_drop() {
        let run = sgd("neuron", &[0.01, 9.0]);
        let start = run.current().loss;
        let plateau = Escape::plateau_loss(sgd("neuron", &[0.01, 9.0]), 20_000);
        assert!(
            start > 10.0 && (0.6..0.7).contains(&plateau),
            "{start} {plateau}"
        );
        assert_eq!(Escape::for_run(run, 20_000).level, 0.5 * plateau);
        // A start that never stalls is measured from itself.
        let bowl = sgd("bowl", &[1.0, 1.0]);
        assert_eq!(Escape::plateau_loss(bowl, 1000), 2.0);
    }
}
