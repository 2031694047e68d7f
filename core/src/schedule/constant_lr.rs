//! `ConstantLR(factor=1/3, total_iters=5)`: the lr times `factor` until step `total_iters`,
//! where it is multiplied by `1.0 / factor` (which need not give the base lr back exactly).

use super::{Arg, ArgDefault, ArgKind, Args, Built, Group, Refusal, Rule, ScheduleKind, Torch};

/// Registry entry.
pub const KIND: ScheduleKind = ScheduleKind {
    name: "ConstantLR",
    summary: "lr × factor for the first total_iters steps",
    args: &[
        Arg::new("factor", ArgKind::Float, ArgDefault::Float(1.0 / 3.0)),
        Arg::new("total_iters", ArgKind::Int, ArgDefault::Int(5)),
    ],
    build,
};

/// Builds ConstantLR; refuses what torch refuses, and a factor of 0 (torch then divides by
/// zero at `total_iters`).
fn build(args: &Args<'_>) -> Result<Built, Refusal> {
    let factor = args.float("factor");
    if !(0.0..=1.0).contains(&factor) {
        return Err(Refusal::of(
            "factor",
            "Constant multiplicative factor expected to be between 0 and 1.",
        ));
    }
    if factor == 0.0 {
        return Err(Refusal::of(
            "factor",
            "factor 0 cannot be undone at total_iters (torch divides 1.0 by it there)",
        ));
    }
    Ok(Torch::built(ConstantLr {
        factor,
        total_iters: args.int("total_iters").unwrap_or(0),
    }))
}

/// ConstantLR's arguments.
struct ConstantLr {
    factor: f64,
    total_iters: i64,
}

impl Rule for ConstantLr {
    fn lr(&mut self, k: i64, _base: f64, group: &mut Group) -> f64 {
        if k == 0 {
            group.lr * self.factor
        } else if k != self.total_iters {
            group.lr
        } else {
            group.lr * (1.0 / self.factor)
        }
    }

    /// `base * (factor + (k >= total_iters) * (1 - factor))`.
    fn closed_form(&mut self, k: i64, base: f64, _group: &mut Group) -> f64 {
        let past = if k >= self.total_iters { 1.0 } else { 0.0 };
        base * (self.factor + past * (1.0 - self.factor))
    }
}
