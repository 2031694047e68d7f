//! Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and
//! weight decay: `torch.optim.SGD`, operation for operation.

use super::hyper::{Hyperparams, Param, Range, Value, WEIGHT_DECAY};
use super::torch::{descend, weight_decayed};
use super::{LrFamily, Optimizer, OptimizerKind, StepContext};
use crate::error::{Error, Result};
use crate::landscape::Landscape;

/// `torch.optim.SGD`'s hyperparameters with torch's defaults.
const PARAMS: &[Param] = &params(0.0, false);

/// SGD's momentum factor (default 0).
const MOMENTUM: Param = Param {
    name: "momentum",
    default: Value::Float(0.0),
    range: Range::NonNegative,
    help: "momentum factor μ (0 = plain gradient descent)",
};

/// SGD's dampening of the momentum (default 0).
const DAMPENING: Param = Param {
    name: "dampening",
    default: Value::Float(0.0),
    range: Range::Unit,
    help: "dampening τ of the momentum: b = μ·b + (1-τ)·g",
};

/// SGD's Nesterov switch (default off).
const NESTEROV: Param = Param {
    name: "nesterov",
    default: Value::Bool(false),
    range: Range::Any,
    help: "Nesterov momentum: step along g + μ·b (needs momentum > 0, dampening 0)",
};

/// SGD's hyperparameters with the given defaults for `momentum` and `nesterov` (the
/// `momentum` and `nesterov` presets differ from `sgd` only there).
pub(super) const fn params(momentum: f64, nesterov: bool) -> [Param; 4] {
    [
        Param {
            default: Value::Float(momentum),
            ..MOMENTUM
        },
        DAMPENING,
        Param {
            default: Value::Bool(nesterov),
            ..NESTEROV
        },
        WEIGHT_DECAY,
    ]
}

/// Registry entry.
pub const KIND: OptimizerKind = OptimizerKind {
    name: "sgd",
    summary: "gradient descent θ ← θ − lr·g (torch.optim.SGD; --momentum, --nesterov)",
    lr_family: LrFamily::Gradient,
    params: PARAMS,
    build,
};

/// Builds an SGD optimizer from any hyperparameter set with SGD's parameters (also used by
/// the `momentum` and `nesterov` presets).
pub(super) fn build(h: &Hyperparams, landscape: &dyn Landscape) -> Result<Box<dyn Optimizer>> {
    let dim = landscape.info().dim();
    let sgd = Sgd {
        lr: h.lr,
        momentum: h.float(&MOMENTUM),
        dampening: h.float(&DAMPENING),
        nesterov: h.flag(&NESTEROV),
        weight_decay: h.float(&WEIGHT_DECAY),
        buffer: vec![0.0; dim],
        started: false,
        direction: vec![0.0; dim],
    };
    if sgd.nesterov && (sgd.momentum <= 0.0 || sgd.dampening != 0.0) {
        return Err(Error::Unsupported(
            "Nesterov momentum requires a momentum > 0 and zero dampening".into(),
        ));
    }
    Ok(Box::new(sgd))
}

/// SGD's hyperparameters and its momentum buffer.
struct Sgd {
    lr: f64,
    momentum: f64,
    dampening: f64,
    nesterov: bool,
    weight_decay: f64,
    /// The momentum buffer `b`.
    buffer: Vec<f64>,
    /// Whether the momentum buffer exists: torch makes it, as the gradient, at the first
    /// step taken with momentum ≠ 0 (a schedule may turn momentum on later).
    started: bool,
    /// The step direction, reused between steps.
    direction: Vec<f64>,
}

impl Optimizer for Sgd {
    fn set_lr(&mut self, lr: f64) {
        self.lr = lr;
    }

    fn set_momentum(&mut self, momentum: f64) {
        self.momentum = momentum;
    }

    fn step(&mut self, params: &mut [f64], grad: &[f64], _: &mut StepContext<'_>) {
        let (momentum, dampening) = (self.momentum, self.dampening);
        for i in 0..params.len() {
            let g = weight_decayed(grad[i], params[i], self.weight_decay);
            self.direction[i] = if momentum != 0.0 {
                let b = if self.started {
                    (1.0 - dampening).mul_add(g, self.buffer[i] * momentum)
                } else {
                    g
                };
                self.buffer[i] = b;
                if self.nesterov {
                    momentum.mul_add(b, g)
                } else {
                    b
                }
            } else {
                g
            };
        }
        self.started |= momentum != 0.0;
        descend(params, self.lr, &self.direction);
    }
}
