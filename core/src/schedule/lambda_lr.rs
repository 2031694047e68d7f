//! `LambdaLR(lr_lambda)`: the base lr times a formula of the step k (not recursive).

use super::{
    Arg, ArgDefault, ArgKind, Args, Built, Group, Lambda, Refusal, Rule, ScheduleKind, Torch,
};

/// Registry entry.
pub const KIND: ScheduleKind = ScheduleKind {
    name: "LambdaLR",
    summary: "base lr × lr_lambda(k)",
    args: ARGS,
    build,
};

/// The arguments of LambdaLR, and of MultiplicativeLR: one formula, `lr_lambda`.
pub(super) const ARGS: &[Arg] = &[Arg::new("lr_lambda", ArgKind::Lambda, ArgDefault::Required)];

/// The formula `lr_lambda` of [`ARGS`].
pub(super) fn lr_lambda(args: &Args<'_>) -> Result<Lambda, Refusal> {
    (args.lambda("lr_lambda"))
        .ok_or_else(|| Refusal::of("lr_lambda", "lr_lambda must be a formula"))
}

/// Builds LambdaLR.
fn build(args: &Args<'_>) -> Result<Built, Refusal> {
    Ok(Torch::built(LambdaLr {
        lambda: lr_lambda(args)?,
    }))
}

/// LambdaLR's formula.
struct LambdaLr {
    lambda: Lambda,
}

impl Rule for LambdaLr {
    fn lr(&mut self, k: i64, base: f64, _group: &mut Group) -> f64 {
        base * self.lambda.eval(k as f64)
    }
}
