//! Adagrad: `torch.optim.Adagrad`, operation for operation.

use super::hyper::{Hyperparams, Param, Range, Value, WEIGHT_DECAY};
use super::torch::{addcdiv, weight_decayed};
use super::{LrFamily, Optimizer, OptimizerKind, StepContext};
use crate::error::Result;
use crate::landscape::Landscape;

/// The `lr_decay` hyperparameter.
const LR_DECAY: Param = Param {
    name: "lr_decay",
    default: Value::Float(0.0),
    range: Range::NonNegative,
    help: "learning-rate decay: step t uses lr / (1 + (t-1)·lr_decay)",
};

/// The `initial_accumulator_value` hyperparameter.
const INITIAL_ACCUMULATOR_VALUE: Param = Param {
    name: "initial_accumulator_value",
    default: Value::Float(0.0),
    range: Range::NonNegative,
    help: "starting value s₀ of the sum of squared gradients",
};

/// The `eps` hyperparameter.
const EPS: Param = Param {
    name: "eps",
    default: Value::Float(1e-10),
    range: Range::NonNegative,
    help: "added to √s in the denominator (outside the square root)",
};

/// `torch.optim.Adagrad`'s hyperparameters with torch's defaults.
const PARAMS: &[Param] = &[LR_DECAY, WEIGHT_DECAY, INITIAL_ACCUMULATOR_VALUE, EPS];

/// Registry entry.
pub const KIND: OptimizerKind = OptimizerKind {
    name: "adagrad",
    summary: "per-coordinate steps lr·g/(√Σg² + ε) that shrink like 1/√t (torch.optim.Adagrad)",
    lr_family: LrFamily::Adagrad,
    params: PARAMS,
    build,
};

/// Builds Adagrad with zero steps taken.
fn build(h: &Hyperparams, landscape: &dyn Landscape) -> Result<Box<dyn Optimizer>> {
    Ok(Box::new(Adagrad {
        lr: h.lr,
        lr_decay: h.float(&LR_DECAY),
        weight_decay: h.float(&WEIGHT_DECAY),
        eps: h.float(&EPS),
        step: 0.0,
        sum: vec![h.float(&INITIAL_ACCUMULATOR_VALUE); landscape.info().dim()],
    }))
}

/// Adagrad's hyperparameters and state.
struct Adagrad {
    lr: f64,
    lr_decay: f64,
    weight_decay: f64,
    eps: f64,
    /// Steps taken, as a float like torch's `step` tensor.
    step: f64,
    /// The running sum `s` of squared gradients.
    sum: Vec<f64>,
}

impl Optimizer for Adagrad {
    fn set_lr(&mut self, lr: f64) {
        self.lr = lr;
    }

    fn step(&mut self, params: &mut [f64], grad: &[f64], _: &mut StepContext<'_>) {
        self.step += 1.0;
        let clr = self.lr / (1.0 + (self.step - 1.0) * self.lr_decay);
        for i in 0..params.len() {
            let g = weight_decayed(grad[i], params[i], self.weight_decay);
            self.sum[i] = g.mul_add(g, self.sum[i]);
            let std = self.sum[i].sqrt() + self.eps;
            params[i] = addcdiv(params[i], -clr, g, std);
        }
    }

    fn effective_lr(&self) -> Option<Vec<f64>> {
        let clr = self.lr / (1.0 + (self.step - 1.0).max(0.0) * self.lr_decay);
        Some(
            self.sum
                .iter()
                .map(|s| clr / (s.sqrt() + self.eps))
                .collect(),
        )
    }
}
