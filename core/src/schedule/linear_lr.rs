//! `LinearLR(start_factor=1/3, end_factor=1.0, total_iters=5)`: the lr's factor moves
//! linearly from `start_factor` to `end_factor` over `total_iters` steps, in torch's
//! recursive form (which does not land exactly on `end_factor`).

use super::{Arg, ArgDefault, ArgKind, Args, Built, Group, Refusal, Rule, ScheduleKind, Torch};

/// Registry entry.
pub const KIND: ScheduleKind = ScheduleKind {
    name: "LinearLR",
    summary: "lr factor linear from start_factor to end_factor over total_iters steps",
    args: &[
        Arg::new("start_factor", ArgKind::Float, ArgDefault::Float(1.0 / 3.0)),
        Arg::new("end_factor", ArgKind::Float, ArgDefault::Float(1.0)),
        Arg::new("total_iters", ArgKind::Int, ArgDefault::Int(5)),
    ],
    build,
};

/// Builds LinearLR; refuses the factors torch refuses.
fn build(args: &Args<'_>) -> Result<Built, Refusal> {
    let start = args.float("start_factor");
    let end = args.float("end_factor");
    if start > 1.0 || start <= 0.0 || start.is_nan() {
        return Err(Refusal::of(
            "start_factor",
            "Starting multiplicative factor expected to be greater than 0 and less or equal \
             to 1.",
        ));
    }
    if !(0.0..=1.0).contains(&end) {
        return Err(Refusal::of(
            "end_factor",
            "Ending multiplicative factor expected to be between 0 and 1.",
        ));
    }
    Ok(Torch::built(LinearLr {
        start,
        end,
        total_iters: args.int("total_iters").unwrap_or(0),
    }))
}

/// LinearLR's arguments.
struct LinearLr {
    start: f64,
    end: f64,
    total_iters: i64,
}

impl Rule for LinearLr {
    fn lr(&mut self, k: i64, _base: f64, group: &mut Group) -> f64 {
        if k == 0 {
            return group.lr * self.start;
        }
        if k > self.total_iters {
            return group.lr;
        }
        let span = self.end - self.start;
        group.lr * (1.0 + span / (self.total_iters as f64 * self.start + (k - 1) as f64 * span))
    }

    /// `base * (start + (end - start) * min(total_iters, k) / total_iters)`.
    fn closed_form(&mut self, k: i64, base: f64, _group: &mut Group) -> f64 {
        let t = self.total_iters;
        base * (self.start + (self.end - self.start) * t.min(k) as f64 / t as f64)
    }
}
