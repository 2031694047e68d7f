//! `MultiplicativeLR(lr_lambda)`: the lr times a formula of the step k, every step after the
//! first.

use super::{
    Arg, ArgDefault, ArgKind, Args, Built, Group, Lambda, Refusal, Rule, ScheduleKind, Torch,
};

/// Registry entry.
pub const KIND: ScheduleKind = ScheduleKind {
    name: "MultiplicativeLR",
    summary: "lr × lr_lambda(k) every step",
    args: &[Arg {
        name: "lr_lambda",
        kind: ArgKind::Lambda,
        default: ArgDefault::Required,
    }],
    build,
};

/// Builds MultiplicativeLR.
fn build(args: &Args<'_>) -> Result<Built, Refusal> {
    let lambda = args.lambda("lr_lambda");
    Ok(Torch::built(MultiplicativeLr {
        lambda: lambda.ok_or_else(|| Refusal::of("lr_lambda", "lr_lambda must be a formula"))?,
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
