//! A solution of the order parameters' ODE: the overlaps at time α, advanced on request.

use super::generalisation::generalisation_error;
use super::integrator::DormandPrince;
use super::overlaps::Overlaps;
use super::rates::rates;
use crate::error::{Error, Result};

/// The overlaps of on-line SGD at learning rate `eta`, at time `alpha`.
#[derive(Clone, Debug)]
pub struct Trajectory {
    /// The overlaps now.
    pub overlaps: Overlaps,
    /// The time now (α = steps / N).
    pub alpha: f64,
    /// The learning rate η.
    pub eta: f64,
    integrator: DormandPrince,
}

impl Trajectory {
    /// Starts at `overlaps` at α = 0; `eta` must be finite and > 0.
    pub fn new(overlaps: Overlaps, eta: f64) -> Result<Self> {
        if !(eta.is_finite() && eta > 0.0) {
            return Err(Error::LearningRate(eta.to_string()));
        }
        Ok(Self {
            overlaps,
            alpha: 0.0,
            eta,
            integrator: DormandPrince::default(),
        })
    }

    /// Integrates on to time `alpha` (not before the present). An error if the ODE diverges
    /// on the way; the trajectory then stays at the last time it reached.
    pub fn advance_to(&mut self, alpha: f64) -> Result<()> {
        let span = alpha - self.alpha;
        if span <= 0.0 {
            return Ok(());
        }
        let mut y = self.overlaps.state();
        let eta = self.eta;
        let template = &self.overlaps;
        let f = |state: &[f64]| rates(&template.with_state(state), eta);
        let result = self.integrator.advance(&f, &mut y, span);
        if result.is_ok() {
            self.alpha = alpha;
            self.overlaps = self.overlaps.with_state(&y);
        }
        result
    }

    /// The generalisation error now.
    pub fn eps_g(&self) -> f64 {
        generalisation_error(&self.overlaps)
    }
}
