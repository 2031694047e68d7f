//! Damped Newton's method θ ← θ − lr·H⁻¹g: it jumps to the critical point of the local
//! quadratic model, whatever its kind, so saddles attract it as much as minima.

use super::curvature::modified_newton;
use super::hyper::{Hyperparams, Param, Range, Value};
use super::torch::descend;
use super::{LrFamily, Optimizer, OptimizerKind, StepContext};
use crate::error::Result;
use crate::landscape::Landscape;

/// The `damping` hyperparameter.
const DAMPING: Param = Param {
    name: "damping",
    default: Value::Float(1e-3),
    range: Range::NonNegative,
    help: "eigenvalues of H smaller than this in magnitude are raised to it, keeping their sign",
};

/// Newton's hyperparameters.
const PARAMS: &[Param] = &[DAMPING];

/// Registry entry.
pub const KIND: OptimizerKind = OptimizerKind {
    name: "newton",
    summary: "Newton's method θ ← θ − lr·H⁻¹g: attracted to saddles as much as to minima",
    lr_family: LrFamily::Fixed(1.0),
    params: PARAMS,
    build,
};

/// Builds Newton's method (stateless).
fn build(h: &Hyperparams, landscape: &dyn Landscape) -> Result<Box<dyn Optimizer>> {
    Ok(Box::new(Newton {
        lr: h.lr,
        damping: h.float(&DAMPING),
        direction: vec![0.0; landscape.info().dim()],
    }))
}

/// Newton's hyperparameters.
struct Newton {
    lr: f64,
    damping: f64,
    /// The step direction, reused between steps.
    direction: Vec<f64>,
}

impl Optimizer for Newton {
    fn set_lr(&mut self, lr: f64) {
        self.lr = lr;
    }

    fn step(&mut self, params: &mut [f64], grad: &[f64], ctx: &mut StepContext<'_>) {
        // λ' = sign(λ)·max(|λ|, damping), with the sign of 0 taken as +.
        let damping = self.damping;
        modified_newton(ctx.landscape, params, grad, &mut self.direction, |l| {
            let size = l.abs().max(damping);
            if l < 0.0 { -size } else { size }
        });
        descend(params, self.lr, &self.direction);
    }
}
