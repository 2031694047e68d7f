//! `ExponentialLR(gamma)`: the lr times `gamma` every step, by repeated multiplication.

use super::{Arg, ArgDefault, ArgKind, Args, Built, Group, Refusal, Rule, ScheduleKind, Torch};

/// Registry entry.
pub const KIND: ScheduleKind = ScheduleKind {
    name: "ExponentialLR",
    summary: "lr × gamma every step",
    args: &[Arg::new("gamma", ArgKind::Float, ArgDefault::Required)],
    build,
};

/// Builds ExponentialLR.
fn build(args: &Args<'_>) -> Result<Built, Refusal> {
    Ok(Torch::built(ExponentialLr {
        gamma: args.float("gamma"),
    }))
}

/// ExponentialLR's argument.
struct ExponentialLr {
    gamma: f64,
}

impl Rule for ExponentialLr {
    fn lr(&mut self, k: i64, _base: f64, group: &mut Group) -> f64 {
        if k == 0 {
            group.lr
        } else {
            group.lr * self.gamma
        }
    }

    /// `base * gamma ** k`.
    fn closed_form(&mut self, k: i64, base: f64, _group: &mut Group) -> f64 {
        base * self.gamma.powf(k as f64)
    }
}
