//! AdamW (Loshchilov & Hutter 2019): `torch.optim.AdamW`, Adam with decoupled weight decay.

use super::adam::{AMSGRAD, Adam, BETAS, EPS};
use super::hyper::{Hyperparams, Param, Range, Value};
use super::{LrFamily, Optimizer, OptimizerKind};
use crate::error::Result;
use crate::landscape::Landscape;

/// The `weight_decay` hyperparameter.
const WEIGHT_DECAY: Param = Param {
    name: "weight_decay",
    default: Value::Float(0.01),
    range: Range::NonNegative,
    help: "decoupled weight decay: θ ← θ·(1 − lr·wd) before each Adam step",
};

/// `torch.optim.AdamW`'s hyperparameters with torch's defaults.
const PARAMS: &[Param] = &[BETAS, EPS, WEIGHT_DECAY, AMSGRAD];

/// Registry entry.
pub const KIND: OptimizerKind = OptimizerKind {
    name: "adamw",
    summary: "Adam with decoupled weight decay θ ← θ·(1 − lr·wd) (torch.optim.AdamW)",
    lr_family: LrFamily::Adaptive,
    params: PARAMS,
    build,
};

/// Builds Adam with the decoupled weight decay.
fn build(h: &Hyperparams, landscape: &dyn Landscape) -> Result<Box<dyn Optimizer>> {
    Ok(Box::new(Adam::new(h, landscape.info().dim(), true)))
}
