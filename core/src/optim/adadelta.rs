//! Adadelta (Zeiler 2012): `torch.optim.Adadelta`, operation for operation.

use super::hyper::{Hyperparams, Param, Range, Value, WEIGHT_DECAY};
use super::torch::weight_decayed;
use super::{LrFamily, Optimizer, OptimizerKind, StepContext};
use crate::error::Result;
use crate::landscape::Landscape;

/// The `rho` hyperparameter.
const RHO: Param = Param {
    name: "rho",
    default: Value::Float(0.9),
    range: Range::Unit,
    help: "decay rate ρ of the running averages of g² and of the squared steps",
};

/// The `eps` hyperparameter.
const EPS: Param = Param {
    name: "eps",
    default: Value::Float(1e-6),
    range: Range::NonNegative,
    help: "added inside both square roots (sets the size of the first steps)",
};

/// `torch.optim.Adadelta`'s hyperparameters with torch's defaults.
const PARAMS: &[Param] = &[RHO, EPS, WEIGHT_DECAY];

/// Registry entry.
pub const KIND: OptimizerKind = OptimizerKind {
    name: "adadelta",
    summary: "step = √(avg δ² + ε)/√(avg g² + ε)·g, unit-free (torch.optim.Adadelta, lr 1)",
    lr_family: LrFamily::Fixed(1.0),
    params: PARAMS,
    build,
};

/// Builds Adadelta with zero averages.
fn build(h: &Hyperparams, landscape: &dyn Landscape) -> Result<Box<dyn Optimizer>> {
    let dim = landscape.info().dim();
    Ok(Box::new(Adadelta {
        lr: h.lr,
        rho: h.float(&RHO),
        eps: h.float(&EPS),
        weight_decay: h.float(&WEIGHT_DECAY),
        square_avg: vec![0.0; dim],
        acc_delta: vec![0.0; dim],
    }))
}

/// Adadelta's hyperparameters and state.
struct Adadelta {
    lr: f64,
    rho: f64,
    eps: f64,
    weight_decay: f64,
    /// Running average `u` of g².
    square_avg: Vec<f64>,
    /// Running average `a` of the squared steps δ².
    acc_delta: Vec<f64>,
}

impl Optimizer for Adadelta {
    fn set_lr(&mut self, lr: f64) {
        self.lr = lr;
    }

    fn step(&mut self, params: &mut [f64], grad: &[f64], _: &mut StepContext<'_>) {
        let (rho, eps) = (self.rho, self.eps);
        for i in 0..params.len() {
            let g = weight_decayed(grad[i], params[i], self.weight_decay);
            let u = ((1.0 - rho) * g).mul_add(g, self.square_avg[i] * rho);
            self.square_avg[i] = u;
            let a = self.acc_delta[i];
            let delta = ((a + eps).sqrt() / (u + eps).sqrt()) * g;
            self.acc_delta[i] = ((1.0 - rho) * delta).mul_add(delta, a * rho);
            // param.add_(delta, alpha=-lr)
            params[i] = (-self.lr).mul_add(delta, params[i]);
        }
    }
}
