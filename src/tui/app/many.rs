//! Many runs at once, as the explorer asks for them: the basin map of the selected racer's
//! optimizer over the view (a layer, on or off), and an escape ensemble launched from the
//! selected racer's point (`E`). The app says what to compute; [`crate::tui::derive`]
//! computes it, so that the app stays a plain, deterministic state, and tells the app when
//! it cannot ([`Work`]).

use plateau_core::ensemble::{EnsembleJob, Noise};

/// The most steps of each run of a basin map.
pub const BASIN_STEPS: u64 = 2000;

/// Copies of an escape ensemble.
pub const ENSEMBLE_COPIES: usize = 256;

/// The most steps of each copy of an escape ensemble.
pub const ENSEMBLE_STEPS: u64 = 2000;

/// Many runs computed for the app, named in the notice when they cannot be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Work {
    /// The basin map behind the map (`b`).
    Basins,
    /// The escape ensemble (`E`).
    Ensemble,
}

impl Work {
    /// What it is called in a notice.
    pub fn name(self) -> &'static str {
        match self {
            Work::Basins => "basin map",
            Work::Ensemble => "escape ensemble",
        }
    }
}

/// An escape ensemble asked for: the job, and a number that changes with each launch (so
/// that launching the same job again computes it again).
#[derive(Clone)]
pub struct EnsembleRequest {
    /// Which launch this is.
    pub generation: u64,
    /// What to compute.
    pub job: EnsembleJob,
}

impl EnsembleRequest {
    /// How the copies are kicked, in a word or two: `noise` (after every step) or `1 kick`.
    pub fn noise_name(&self) -> &'static str {
        match self.job.noise {
            Noise::Continuous => "noise",
            Noise::Kick => "1 kick",
        }
    }
}
