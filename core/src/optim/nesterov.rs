//! Nesterov momentum: `torch.optim.SGD` with momentum 0.9 and `nesterov=True` by default.

use super::hyper::Param;
use super::{LrFamily, OptimizerKind, sgd};

/// SGD's hyperparameters with momentum 0.9 and Nesterov on.
const PARAMS: &[Param] = &sgd::params(0.9, true);

/// Registry entry.
pub const KIND: OptimizerKind = OptimizerKind {
    name: "nesterov",
    summary: "Nesterov momentum: step along g + μ·b (torch.optim.SGD, μ = 0.9, nesterov)",
    lr_family: LrFamily::Gradient,
    params: PARAMS,
    build: sgd::build,
};
