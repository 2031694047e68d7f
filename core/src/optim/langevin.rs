//! Langevin dynamics (unadjusted Langevin algorithm): gradient descent plus Gaussian noise
//! of temperature T, θ ← θ − lr·g + √(2·lr·T)·ξ, ξ ~ N(0, I).

use super::hyper::{Hyperparams, Param, Range, Value};
use super::{LrFamily, Optimizer, OptimizerKind, StepContext};
use crate::error::Result;
use crate::landscape::Landscape;
use rand_distr::{Distribution, StandardNormal};

/// The `temperature` hyperparameter.
const TEMPERATURE: Param = Param {
    name: "temperature",
    default: Value::Float(1e-3),
    range: Range::NonNegative,
    help: "temperature T of the noise √(2·lr·T)·ξ (0 = plain gradient descent)",
};

/// Langevin dynamics' hyperparameters.
const PARAMS: &[Param] = &[TEMPERATURE];

/// Registry entry.
pub const KIND: OptimizerKind = OptimizerKind {
    name: "langevin",
    summary: "noisy gradient descent θ ← θ − lr·g + √(2·lr·T)·ξ (Langevin dynamics)",
    lr_family: LrFamily::Gradient,
    params: PARAMS,
    build,
};

/// Builds Langevin dynamics.
fn build(h: &Hyperparams, _: &dyn Landscape) -> Result<Box<dyn Optimizer>> {
    Ok(Box::new(Langevin {
        lr: h.lr,
        temperature: h.float(&TEMPERATURE),
        sigma: (2.0 * h.lr * h.float(&TEMPERATURE)).sqrt(),
    }))
}

/// Langevin dynamics' step size and noise scale.
struct Langevin {
    lr: f64,
    /// The temperature T.
    temperature: f64,
    /// √(2·lr·T).
    sigma: f64,
}

impl Optimizer for Langevin {
    fn set_lr(&mut self, lr: f64) {
        self.lr = lr;
        self.sigma = (2.0 * lr * self.temperature).sqrt();
    }

    fn step(&mut self, params: &mut [f64], grad: &[f64], ctx: &mut StepContext<'_>) {
        for (p, g) in params.iter_mut().zip(grad) {
            let xi: f64 = StandardNormal.sample(ctx.rng);
            *p = self.sigma.mul_add(xi, (-self.lr).mul_add(*g, *p));
        }
    }
}
