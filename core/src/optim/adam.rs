//! Adam (Kingma & Ba 2015): `torch.optim.Adam`, operation for operation, with the L2 or the
//! decoupled (AdamW) weight decay and the AMSGrad option. The state machine is shared with
//! `adamw`.

use super::hyper::{Hyperparams, Param, Range, Value, WEIGHT_DECAY};
use super::torch::{addcdiv, lerp, weight_decayed};
use super::{LrFamily, Optimizer, OptimizerKind, StepContext};
use crate::error::Result;
use crate::landscape::Landscape;
use std::hint::black_box;

/// Adam's `betas` (default (0.9, 0.999)).
pub(super) const BETAS: Param = Param {
    name: "betas",
    default: Value::Pair(0.9, 0.999),
    range: Range::UnitOpen,
    help: "decay rates (β1, β2) of the running averages of g and of g²",
};

/// Adam's `eps` (default 1e-8).
pub(super) const EPS: Param = Param {
    name: "eps",
    default: Value::Float(1e-8),
    range: Range::NonNegative,
    help: "added to the bias-corrected √v in the denominator",
};

/// Adam's `amsgrad` switch (default off).
pub(super) const AMSGRAD: Param = Param {
    name: "amsgrad",
    default: Value::Bool(false),
    range: Range::Any,
    help: "AMSGrad: divide by the running maximum of v instead of v",
};

/// `torch.optim.Adam`'s hyperparameters with torch's defaults.
const PARAMS: &[Param] = &[BETAS, EPS, WEIGHT_DECAY, AMSGRAD];

/// Registry entry.
pub const KIND: OptimizerKind = OptimizerKind {
    name: "adam",
    summary: "bias-corrected running means of g and g²: lr·m̂/(√v̂ + ε) (torch.optim.Adam)",
    lr_family: LrFamily::Adaptive,
    params: PARAMS,
    build,
};

/// Builds Adam with the L2 weight decay.
fn build(h: &Hyperparams, landscape: &dyn Landscape) -> Result<Box<dyn Optimizer>> {
    Ok(Box::new(Adam::new(h, landscape.info().dim(), false)))
}

/// Adam's hyperparameters and state.
pub(super) struct Adam {
    lr: f64,
    beta1: f64,
    beta2: f64,
    eps: f64,
    weight_decay: f64,
    amsgrad: bool,
    /// AdamW's decoupled decay θ ← θ·(1 − lr·wd) instead of the L2 term in the gradient.
    decoupled: bool,
    /// Steps taken, as a float like torch's `step` tensor.
    step: f64,
    /// Running mean `m` of g.
    exp_avg: Vec<f64>,
    /// Running mean `v` of g².
    exp_avg_sq: Vec<f64>,
    /// Running maximum of `v` (AMSGrad).
    max_exp_avg_sq: Vec<f64>,
}

impl Adam {
    /// Zero state for `dim` parameters and hyperparameters `h`; `decoupled` selects
    /// AdamW's weight decay.
    pub(super) fn new(h: &Hyperparams, dim: usize, decoupled: bool) -> Self {
        let (beta1, beta2) = h.pair(&BETAS);
        Self {
            lr: h.lr,
            beta1,
            beta2,
            eps: h.float(&EPS),
            weight_decay: h.float(&WEIGHT_DECAY),
            amsgrad: h.flag(&AMSGRAD),
            decoupled,
            step: 0.0,
            exp_avg: vec![0.0; dim],
            exp_avg_sq: vec![0.0; dim],
            max_exp_avg_sq: vec![0.0; dim],
        }
    }
}

/// `torch.maximum`: NaN if either argument is NaN (unlike `f64::max`).
fn maximum(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.max(b)
    }
}

impl Optimizer for Adam {
    fn set_lr(&mut self, lr: f64) {
        self.lr = lr;
    }

    /// β1, which the bias correction also takes from the current value, as torch does.
    fn set_momentum(&mut self, beta1: f64) {
        self.beta1 = beta1;
    }

    fn step(&mut self, params: &mut [f64], grad: &[f64], _: &mut StepContext<'_>) {
        let (beta1, beta2) = (self.beta1, self.beta2);
        self.step += 1.0;
        let bias_correction1 = 1.0 - beta1.powf(self.step);
        let bias_correction2 = 1.0 - beta2.powf(self.step);
        let step_size = self.lr / bias_correction1;
        // torch writes `bias_correction2**0.5`, which is libm's pow, not sqrt: the two first
        // differ (by an ulp) at t = 1270 for β2 = 0.999. Both reproduce every reference case
        // (≤ 1000 steps); pow is kept to follow torch beyond. `black_box` stops LLVM from
        // rewriting pow(x, 0.5) into sqrt in optimised builds (it does so without it), which
        // would make debug and release runs differ.
        let bias_correction2_sqrt = bias_correction2.powf(black_box(0.5));
        let keep = 1.0 - self.lr * self.weight_decay;
        for i in 0..params.len() {
            let g = if self.decoupled {
                if self.weight_decay != 0.0 {
                    params[i] *= keep;
                }
                grad[i]
            } else {
                weight_decayed(grad[i], params[i], self.weight_decay)
            };
            let m = lerp(self.exp_avg[i], g, 1.0 - beta1);
            let v = ((1.0 - beta2) * g).mul_add(g, self.exp_avg_sq[i] * beta2);
            self.exp_avg[i] = m;
            self.exp_avg_sq[i] = v;
            let second = if self.amsgrad {
                self.max_exp_avg_sq[i] = maximum(self.max_exp_avg_sq[i], v);
                self.max_exp_avg_sq[i]
            } else {
                v
            };
            let denom = second.sqrt() / bias_correction2_sqrt + self.eps;
            params[i] = addcdiv(params[i], -step_size, m, denom);
        }
    }

    /// lr/(√v̂ + ε): the factor the bias-corrected mean m̂ is multiplied by.
    fn effective_lr(&self) -> Option<Vec<f64>> {
        let t = self.step.max(1.0);
        let bias_correction2_sqrt = (1.0 - self.beta2.powf(t)).sqrt();
        let second = if self.amsgrad {
            &self.max_exp_avg_sq
        } else {
            &self.exp_avg_sq
        };
        Some(
            (second.iter())
                .map(|v| self.lr / (v.sqrt() / bias_correction2_sqrt + self.eps))
                .collect(),
        )
    }
}
