//! Heavy-ball momentum: `torch.optim.SGD` with momentum 0.9 by default.

use super::hyper::Param;
use super::{LrFamily, OptimizerKind, sgd};

/// SGD's hyperparameters with momentum 0.9.
const PARAMS: &[Param] = &sgd::params(0.9, false);

/// Registry entry.
pub const KIND: OptimizerKind = OptimizerKind {
    name: "momentum",
    summary: "heavy-ball momentum b ← μ·b + g, θ ← θ − lr·b (torch.optim.SGD, μ = 0.9)",
    lr_family: LrFamily::Gradient,
    params: PARAMS,
    build: sgd::build,
};
