//! Langevin dynamics (unadjusted Langevin algorithm): gradient descent plus Gaussian noise
//! of temperature T, θ ← θ − lr·g + √(2·lr·T)·ξ, ξ ~ N(0, I).

use super::{Hyperparams, LrFamily, Optimizer, OptimizerKind, Param, Range, StepContext, Value};
use crate::Point;
use crate::error::Result;
use crate::landscape::Landscape;
use rand_distr::{Distribution, StandardNormal};

/// Langevin dynamics' hyperparameters.
const PARAMS: &[Param] = &[Param {
    name: "temperature",
    default: Value::Float(1e-3),
    range: Range::NonNegative,
    help: "temperature T of the noise √(2·lr·T)·ξ (0 = plain gradient descent)",
}];

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
        sigma: (2.0 * h.lr * h.float("temperature")).sqrt(),
    }))
}

/// Langevin dynamics' step size and noise scale.
struct Langevin {
    lr: f64,
    /// √(2·lr·T).
    sigma: f64,
}

impl Optimizer for Langevin {
    fn step(&mut self, params: &mut Point, grad: Point, ctx: &mut StepContext<'_>) {
        let xi_x: f64 = StandardNormal.sample(ctx.rng);
        let xi_y: f64 = StandardNormal.sample(ctx.rng);
        let xi = Point::new(xi_x, xi_y);
        *params = params.zip_zip_map(&grad, &xi, |p, g, n| {
            self.sigma.mul_add(n, (-self.lr).mul_add(g, p))
        });
    }
}
