//! `MultiStepLR(milestones, gamma=0.1)`: the lr times `gamma ** c` at a step that appears c
//! times among the milestones (a multiset, as torch's `Counter`).

use super::{
    Arg, ArgDefault, ArgKind, Args, Built, Group, Refusal, Rule, ScheduleKind, Torch, bisect_right,
};

/// Registry entry.
pub const KIND: ScheduleKind = ScheduleKind {
    name: "MultiStepLR",
    summary: "lr × gamma at each milestone",
    args: &[
        Arg::new("milestones", ArgKind::Ints, ArgDefault::Required),
        Arg::new("gamma", ArgKind::Float, ArgDefault::Float(0.1)),
    ],
    build,
};

/// Builds MultiStepLR.
fn build(args: &Args<'_>) -> Result<Built, Refusal> {
    let milestones = args.ints("milestones");
    let mut sorted = milestones.clone();
    sorted.sort_unstable();
    Ok(Torch::built(MultiStepLr {
        milestones,
        sorted,
        gamma: args.float("gamma"),
    }))
}

/// MultiStepLR's arguments.
struct MultiStepLr {
    milestones: Vec<i64>,
    sorted: Vec<i64>,
    gamma: f64,
}

impl Rule for MultiStepLr {
    fn lr(&mut self, k: i64, _base: f64, group: &mut Group) -> f64 {
        let count = self.milestones.iter().filter(|&&m| m == k).count();
        if count == 0 {
            group.lr
        } else {
            group.lr * self.gamma.powf(count as f64)
        }
    }

    /// `base * gamma ** bisect_right(sorted(milestones), k)`.
    fn closed_form(&mut self, k: i64, base: f64, _group: &mut Group) -> f64 {
        base * self.gamma.powf(bisect_right(&self.sorted, k) as f64)
    }
}
