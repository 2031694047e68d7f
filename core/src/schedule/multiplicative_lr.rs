//! `MultiplicativeLR(lr_lambda)`: the lr times a formula of the step k, every step after the
//! first.

use super::lambda_lr::{ARGS, lr_lambda};
use super::{Args, Built, Group, Lambda, Refusal, Rule, ScheduleKind, Torch};

/// Registry entry.
pub const KIND: ScheduleKind = ScheduleKind {
    name: "MultiplicativeLR",
    summary: "lr × lr_lambda(k) every step",
    args: ARGS,
    build,
};

/// Builds MultiplicativeLR.
fn build(args: &Args<'_>) -> Result<Built, Refusal> {
    Ok(Torch::built(MultiplicativeLr {
        lambda: lr_lambda(args)?,
    }))
}

/// MultiplicativeLR's formula.
struct MultiplicativeLr {
    lambda: Lambda,
}

impl Rule for MultiplicativeLr {
    fn lr(&mut self, k: i64, _base: f64, group: &mut Group) -> f64 {
        if k > 0 {
            group.lr * self.lambda.eval(k as f64)
        } else {
            group.lr
        }
    }
}
