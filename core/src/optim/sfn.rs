//! Saddle-free Newton (Dauphin et al. 2014): θ ← θ − lr·|H|⁻¹g, where |H| has the absolute
//! values of H's eigenvalues, so negative curvature pushes away from a saddle instead of
//! pulling towards it.

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
    help: "eigenvalue magnitudes |λ| of H smaller than this are raised to it",
};

/// Saddle-free Newton's hyperparameters.
const PARAMS: &[Param] = &[DAMPING];

/// Registry entry.
pub const KIND: OptimizerKind = OptimizerKind {
    name: "sfn",
    summary: "saddle-free Newton θ ← θ − lr·|H|⁻¹g: Newton's speed, repelled by saddles",
    lr_family: LrFamily::Fixed(1.0),
    params: PARAMS,
    build,
};

/// Builds saddle-free Newton (stateless).
fn build(h: &Hyperparams, landscape: &dyn Landscape) -> Result<Box<dyn Optimizer>> {
    Ok(Box::new(SaddleFreeNewton {
        lr: h.lr,
        damping: h.float(&DAMPING),
        direction: vec![0.0; landscape.info().dim()],
    }))
}

/// Saddle-free Newton's hyperparameters.
struct SaddleFreeNewton {
    lr: f64,
    damping: f64,
    /// The step direction, reused between steps.
    direction: Vec<f64>,
}

impl Optimizer for SaddleFreeNewton {
    fn set_lr(&mut self, lr: f64) {
        self.lr = lr;
    }

    fn step(&mut self, params: &mut [f64], grad: &[f64], ctx: &mut StepContext<'_>) {
        let damping = self.damping;
        modified_newton(ctx.landscape, params, grad, &mut self.direction, |l| {
            l.abs().max(damping)
        });
        descend(params, self.lr, &self.direction);
    }
}
