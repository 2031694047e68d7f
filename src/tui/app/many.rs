//! Many runs at once, as the explorer asks for them: the basin map of the selected racer's
//! optimizer over the view (a layer, on or off), and an escape ensemble launched from the
//! selected racer's point (`E`). The app says what to compute; [`crate::tui::derive`]
//! computes it, so that the app stays a plain, deterministic state, and tells the app when
//! it cannot ([`Work`]).

use super::App;
use plateau_core::many::ensemble::{self, EnsembleJob, Noise};
use std::sync::Arc;

/// The most steps of each run of a basin map.
pub const BASIN_STEPS: u64 = 2000;

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

/// The many runs the app asks for.
impl App {
    /// Launches an escape ensemble from the selected racer's point (its optimizer and
    /// hyperparameters, noise σ continuous if continuous noise is on, else core's default,
    /// one kick each; core's default copies and step cap for the landscape), or closes the
    /// one shown.
    pub(super) fn toggle_ensemble(&mut self) {
        if self.ensemble.take().is_some() {
            return;
        }
        let racer = self.racers.selected();
        let noise = if self.controls.continuous_noise {
            Noise::Continuous
        } else {
            ensemble::DEFAULT_NOISE
        };
        let job = EnsembleJob::new(
            Arc::clone(&self.scene.landscape),
            racer.spec().clone(),
            racer.position().to_vec(),
            ensemble::DEFAULT_COPIES,
            self.controls.sigma,
            noise,
            ensemble::default_steps(&self.scene.landscape),
            self.scene.seed,
        );
        match job {
            Ok(job) => {
                self.launches += 1;
                self.ensemble = Some(EnsembleRequest {
                    generation: self.launches,
                    job,
                });
            }
            Err(e) => self.notice = Some(e.to_string()),
        }
    }

    /// The escape ensemble shown, if any.
    pub fn ensemble(&self) -> Option<&EnsembleRequest> {
        self.ensemble.as_ref()
    }

    /// `work` could not be computed (no thread could be started for it, or its job could
    /// not be made): `why` becomes the notice and the feature is turned off.
    pub fn work_failed(&mut self, work: Work, why: String) {
        match work {
            Work::Basins => self.layers.basins = false,
            Work::Ensemble => self.ensemble = None,
        }
        self.notice = Some(why);
    }
}
