//! Adadelta (Zeiler 2012): `torch.optim.Adadelta`, operation for operation.

use super::{
    Hyperparams, LrFamily, Optimizer, OptimizerKind, Param, Range, StepContext, Value,
    WEIGHT_DECAY, descend, weight_decayed,
};
use crate::Point;
use crate::error::Result;
use crate::landscape::Landscape;

/// `torch.optim.Adadelta`'s hyperparameters with torch's defaults.
const PARAMS: &[Param] = &[
    Param {
        name: "rho",
        default: Value::Float(0.9),
        range: Range::Unit,
        help: "decay rate ρ of the running averages of g² and of the squared steps",
    },
    Param {
        name: "eps",
        default: Value::Float(1e-6),
        range: Range::NonNegative,
        help: "added inside both square roots (sets the size of the first steps)",
    },
    WEIGHT_DECAY,
];

/// Registry entry.
pub const KIND: OptimizerKind = OptimizerKind {
    name: "adadelta",
    summary: "step = √(avg δ² + ε)/√(avg g² + ε)·g, unit-free (torch.optim.Adadelta, lr 1)",
    lr_family: LrFamily::Fixed(1.0),
    params: PARAMS,
    build,
};

/// Builds Adadelta with zero averages.
fn build(h: &Hyperparams, _: &dyn Landscape) -> Result<Box<dyn Optimizer>> {
    Ok(Box::new(Adadelta {
        lr: h.lr,
        rho: h.float("rho"),
        eps: h.float("eps"),
        weight_decay: h.float("weight_decay"),
        square_avg: Point::zeros(),
        acc_delta: Point::zeros(),
    }))
}

/// Adadelta's hyperparameters and state.
struct Adadelta {
    lr: f64,
    rho: f64,
    eps: f64,
    weight_decay: f64,
    /// Running average `u` of g².
    square_avg: Point,
    /// Running average `a` of the squared steps δ².
    acc_delta: Point,
}

impl Optimizer for Adadelta {
    fn step(&mut self, params: &mut Point, grad: Point, _: &mut StepContext<'_>) {
        let (rho, eps) = (self.rho, self.eps);
        let g = weight_decayed(grad, params, self.weight_decay);
        self.square_avg = g.zip_map(&self.square_avg, |g, u| {
            ((1.0 - rho) * g).mul_add(g, u * rho)
        });
        let delta = self.acc_delta.zip_zip_map(&self.square_avg, &g, |a, u, g| {
            ((a + eps).sqrt() / (u + eps).sqrt()) * g
        });
        self.acc_delta = delta.zip_map(&self.acc_delta, |d, a| {
            ((1.0 - rho) * d).mul_add(d, a * rho)
        });
        descend(params, self.lr, &delta);
    }
}
