//! RMSprop (Hinton 2012): `torch.optim.RMSprop`, operation for operation, including its
//! `centered` and `momentum` options.

use super::hyper::{Hyperparams, Param, Range, Value, WEIGHT_DECAY};
use super::torch::{addcdiv, lerp, weight_decayed};
use super::{LrFamily, Optimizer, OptimizerKind, StepContext};
use crate::error::Result;
use crate::landscape::Landscape;

/// The `alpha` hyperparameter.
const ALPHA: Param = Param {
    name: "alpha",
    default: Value::Float(0.99),
    range: Range::Unit,
    help: "smoothing constant α of the running average of g²",
};

/// The `eps` hyperparameter.
const EPS: Param = Param {
    name: "eps",
    default: Value::Float(1e-8),
    range: Range::NonNegative,
    help: "added to √u in the denominator (outside the square root)",
};

/// The `momentum` hyperparameter.
const MOMENTUM: Param = Param {
    name: "momentum",
    default: Value::Float(0.0),
    range: Range::NonNegative,
    help: "momentum μ of the scaled steps: B ← μ·B + g/(√u + ε)",
};

/// The `centered` hyperparameter.
const CENTERED: Param = Param {
    name: "centered",
    default: Value::Bool(false),
    range: Range::Any,
    help: "divide by the gradient's estimated standard deviation √(u − ḡ²) instead of √u",
};

/// `torch.optim.RMSprop`'s hyperparameters with torch's defaults.
const PARAMS: &[Param] = &[ALPHA, EPS, WEIGHT_DECAY, MOMENTUM, CENTERED];

/// Registry entry.
pub const KIND: OptimizerKind = OptimizerKind {
    name: "rmsprop",
    summary: "steps lr·g/(√avg g² + ε), per coordinate (torch.optim.RMSprop)",
    lr_family: LrFamily::Adaptive,
    params: PARAMS,
    build,
};

/// Builds RMSprop with zero averages.
fn build(h: &Hyperparams, landscape: &dyn Landscape) -> Result<Box<dyn Optimizer>> {
    let dim = landscape.info().dim();
    Ok(Box::new(RmsProp {
        lr: h.lr,
        alpha: h.float(&ALPHA),
        eps: h.float(&EPS),
        weight_decay: h.float(&WEIGHT_DECAY),
        momentum: h.float(&MOMENTUM),
        centered: h.flag(&CENTERED),
        square_avg: vec![0.0; dim],
        grad_avg: vec![0.0; dim],
        buffer: vec![0.0; dim],
    }))
}

/// RMSprop's hyperparameters and state.
struct RmsProp {
    lr: f64,
    alpha: f64,
    eps: f64,
    weight_decay: f64,
    momentum: f64,
    centered: bool,
    /// Running average `u` of g².
    square_avg: Vec<f64>,
    /// Running average ḡ of g (used when centered).
    grad_avg: Vec<f64>,
    /// Momentum buffer `B` (used when momentum > 0).
    buffer: Vec<f64>,
}

impl Optimizer for RmsProp {
    fn set_lr(&mut self, lr: f64) {
        self.lr = lr;
    }

    fn set_momentum(&mut self, momentum: f64) {
        self.momentum = momentum;
    }

    fn step(&mut self, params: &mut [f64], grad: &[f64], _: &mut StepContext<'_>) {
        let (alpha, eps) = (self.alpha, self.eps);
        for i in 0..params.len() {
            let g = weight_decayed(grad[i], params[i], self.weight_decay);
            let u = ((1.0 - alpha) * g).mul_add(g, self.square_avg[i] * alpha);
            self.square_avg[i] = u;
            let avg = if self.centered {
                let a = lerp(self.grad_avg[i], g, 1.0 - alpha);
                self.grad_avg[i] = a;
                // square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_().add_(eps)
                (-a).mul_add(a, u).sqrt() + eps
            } else {
                u.sqrt() + eps
            };
            if self.momentum > 0.0 {
                // buf.mul_(momentum).addcdiv_(grad, avg); param.add_(buf, alpha=-lr)
                let b = addcdiv(self.buffer[i] * self.momentum, 1.0, g, avg);
                self.buffer[i] = b;
                params[i] = (-self.lr).mul_add(b, params[i]);
            } else {
                params[i] = addcdiv(params[i], -self.lr, g, avg);
            }
        }
    }

    fn effective_lr(&self) -> Option<Vec<f64>> {
        let denominator = |i: usize| {
            let u = self.square_avg[i];
            if self.centered {
                let a = self.grad_avg[i];
                (-a).mul_add(a, u).sqrt() + self.eps
            } else {
                u.sqrt() + self.eps
            }
        };
        Some(
            (0..self.square_avg.len())
                .map(|i| self.lr / denominator(i))
                .collect(),
        )
    }
}
