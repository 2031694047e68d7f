//! `StepLR(step_size, gamma=0.1)`: the lr times `gamma` every `step_size` steps, by
//! repeated multiplication (not `gamma ** (k // step_size)`).

use super::{Arg, ArgDefault, ArgKind, Args, Built, Group, Refusal, Rule, ScheduleKind, Torch};

/// Registry entry.
pub const KIND: ScheduleKind = ScheduleKind {
    name: "StepLR",
    summary: "lr × gamma every step_size steps",
    args: &[
        Arg::new("step_size", ArgKind::Int, ArgDefault::Required),
        Arg::new("gamma", ArgKind::Float, ArgDefault::Float(0.1)),
    ],
    build,
};

/// Builds StepLR; a step size below 1 would divide by zero in torch's `k % step_size`.
fn build(args: &Args<'_>) -> Result<Built, Refusal> {
    Ok(Torch::built(StepLr {
        step_size: args.divisor("step_size")?,
        gamma: args.float("gamma"),
    }))
}

/// StepLR's arguments.
struct StepLr {
    step_size: i64,
    gamma: f64,
}

impl Rule for StepLr {
    fn lr(&mut self, k: i64, _base: f64, group: &mut Group) -> f64 {
        if k == 0 || k % self.step_size != 0 {
            group.lr
        } else {
            group.lr * self.gamma
        }
    }

    /// `base * gamma ** (k // step_size)`.
    fn closed_form(&mut self, k: i64, base: f64, _group: &mut Group) -> f64 {
        base * self.gamma.powf((k.div_euclid(self.step_size)) as f64)
    }
}
