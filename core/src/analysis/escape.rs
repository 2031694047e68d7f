//! Escape from a plateau or a saddle, the one definition plateau uses: a run has escaped
//! from its start at the first step at which its loss is at or below an escape level.
//!
//! The default level is halfway down from the start's loss L₀ to the shallowest known
//! minimum clearly below it (a minimum of value m < L₀ − 1e-2, the plateau detector's
//! margin; the highest such m): `(L₀ + m) / 2`. So a run escapes from the quartic's barrier
//! whichever of its two minima it falls towards, and from the neuron's plateau once it has
//! lost half of its excess loss. Where no known minimum lies clearly below the start (a
//! landscape unbounded below, such as `saddle`), the level is one unit of loss below it:
//! `L₀ − 1`.

use crate::analysis::plateau::DEFAULT_LOSS_MARGIN;
use crate::landscape::{CriticalKind, LandscapeInfo};

/// The drop in loss that counts as an escape where no known minimum lies below the start.
pub const UNBOUNDED_DROP: f64 = 1.0;

/// The loss at or below which a run counts as escaped.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Escape {
    /// The escape level.
    pub level: f64,
}

impl Escape {
    /// The default level for a start of loss `start_loss` on a landscape (see the module).
    pub fn for_start(info: &LandscapeInfo, start_loss: f64) -> Self {
        let floor = (info.known_points.iter())
            .filter(|k| {
                k.kind == CriticalKind::Minimum && k.value < start_loss - DEFAULT_LOSS_MARGIN
            })
            .map(|k| k.value)
            .max_by(f64::total_cmp);
        Self {
            level: floor.map_or(start_loss - UNBOUNDED_DROP, |m| 0.5 * (start_loss + m)),
        }
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
        let e = Escape::for_start(quartic.info(), -4.990440502690049);
        assert!((e.level - 0.5 * (-4.990440502690049 - 27.902434280572102)).abs() < 1e-12);
        assert!(e.escaped(-27.0) && !e.escaped(-10.0) && !e.escaped(f64::NAN));
        // Below the local minimum only the global one is below.
        let e = Escape::for_start(quartic.info(), -100.0);
        assert_eq!(e.level, 0.5 * (-100.0 - 436.10712521673787));
    }

    #[test]
    fn with_no_minimum_below_the_level_is_one_unit_down() {
        let saddle = by_name("saddle").unwrap();
        assert_eq!(Escape::for_start(saddle.info(), 0.0).level, -1.0);
    }
}
