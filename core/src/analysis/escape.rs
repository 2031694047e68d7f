//! Escape from a plateau or a saddle, the one definition plateau uses everywhere (the
//! explorer's readout and charts, `plateau ensemble`, the tour): a run has escaped a
//! plateau whose loss is L₀ at the first step at which its loss is at or below the escape
//! level
//!
//! ```text
//! m + (L₀ − m) / ESCAPE_FACTOR
//! ```
//!
//! where m is the shallowest known minimum clearly below the plateau (the highest minimum
//! with value below L₀ minus the landscape's plateau margin): the gap to it has shrunk
//! tenfold. Where no known minimum lies below (a landscape unbounded below, such as
//! `saddle`), the level is [`UNBOUNDED_DROP`] below L₀.
//!
//! So on `neuron` sgd's plateau at L ≈ 0.678 is escaped once L ≤ 0.0678; on `committee` the
//! overlap plateau at L ≈ 1.568e-3 once L ≤ 1.57e-4 (the seed's "L < 1.6e-4"); from the
//! quartic's barrier (L ≈ −4.99) a run escapes whichever of its two minima it falls
//! towards, and from its local minimum only by getting most of the way to the global one.
//!
//! L₀ is where the run stalls: for the plateau detector, the loss at the first step of a
//! stall of at least [`super::plateau::MIN_ESCAPE_STALL`] steps; for an ensemble, the loss
//! at the first stalled step of the optimizer's own run from the start without noise
//! ([`EscapeLevel::plateau_loss`]; from neuron's start (0.01, 9) sgd drops from 11.3 to the
//! plateau's 0.68 in seven steps, and the plateau, not that drop, is what has to be escaped).

use crate::analysis::PlateauDetector;
use crate::landscape::LandscapeInfo;
use crate::run::Run;
use crate::verdict::CriticalKind;

/// How far below the plateau an escape must go: the gap to the minimum below shrinks by this
/// factor.
pub const ESCAPE_FACTOR: f64 = 10.0;

/// The drop in loss that counts as an escape where no known minimum lies below the plateau.
pub const UNBOUNDED_DROP: f64 = 1.0;

/// The loss at or below which a run counts as escaped.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EscapeLevel {
    /// The escape level.
    pub level: f64,
}

impl EscapeLevel {
    /// The level for a plateau at loss `plateau_loss` (L₀) on a landscape (see the module).
    pub fn for_loss(info: &LandscapeInfo, plateau_loss: f64) -> Self {
        Self::among(&known_minima(info), info.plateau.margin, plateau_loss)
    }

    /// The level for a plateau at loss `plateau_loss` among known minima of values `minima`
    /// with the plateau margin `margin` (see the module).
    pub fn among(minima: &[f64], margin: f64, plateau_loss: f64) -> Self {
        let below = (minima.iter().copied())
            .filter(|m| *m < plateau_loss - margin)
            .max_by(f64::total_cmp);
        Self {
            level: below.map_or(plateau_loss - UNBOUNDED_DROP, |m| {
                m + (plateau_loss - m) / ESCAPE_FACTOR
            }),
        }
    }

    /// The plateau loss L₀ of `run` (a fresh run, at its start): the loss at the first step,
    /// among the first `steps`, at which the plateau detector counts it stalled, else the
    /// start's loss.
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

    /// The level of runs like `run` (a fresh run, at its start), stepped at most `steps`
    /// times: [`EscapeLevel::for_loss`] of its [`EscapeLevel::plateau_loss`].
    pub fn for_run(run: Run, steps: u64) -> Self {
        let landscape = run.landscape().clone();
        Self::for_loss(landscape.info(), Self::plateau_loss(run, steps))
    }

    /// Whether a loss counts as escaped (never a NaN one).
    pub fn escaped(&self, loss: f64) -> bool {
        loss <= self.level
    }
}

/// The values of a landscape's known minima.
pub fn known_minima(info: &LandscapeInfo) -> Vec<f64> {
    (info.known_points.iter())
        .filter(|k| k.kind == CriticalKind::Minimum)
        .map(|k| k.value)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::landscape::by_name;

    #[test]
    fn the_gap_to_the_shallowest_minimum_below_shrinks_tenfold() {
        let quartic = by_name("quartic").unwrap();
        let (barrier, local, global) =
            (-4.990440502690049, -27.902434280572102, -436.10712521673787);
        let e = EscapeLevel::for_loss(quartic.info(), barrier);
        assert!((e.level - (local + (barrier - local) / 10.0)).abs() < 1e-12);
        assert!(e.escaped(-27.0) && !e.escaped(-20.0) && !e.escaped(f64::NAN));
        // Below the local minimum only the global one is below.
        let e = EscapeLevel::for_loss(quartic.info(), -100.0);
        assert_eq!(e.level, global + (-100.0 - global) / 10.0);
        let committee = by_name("committee").unwrap();
        let e = EscapeLevel::for_loss(committee.info(), 1.568e-3);
        assert!((e.level - 1.568e-4).abs() < 1e-15, "{}", e.level);
    }

    #[test]
    fn with_no_minimum_below_the_level_is_one_unit_down() {
        let saddle = by_name("saddle").unwrap();
        assert_eq!(EscapeLevel::for_loss(saddle.info(), 0.0).level, -1.0);
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
        let plateau = EscapeLevel::plateau_loss(sgd("neuron", &[0.01, 9.0]), 20_000);
        assert!(
            start > 10.0 && (0.6..0.7).contains(&plateau),
            "{start} {plateau}"
        );
        assert_eq!(EscapeLevel::for_run(run, 20_000).level, plateau / 10.0);
        // A start that never stalls is measured from itself.
        let bowl = sgd("bowl", &[1.0, 1.0]);
        assert_eq!(EscapeLevel::plateau_loss(bowl, 1000), 2.0);
    }
}
