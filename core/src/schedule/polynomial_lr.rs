//! `PolynomialLR(total_iters=5, power=1.0)`: the lr decays like `(1 - k/total_iters) ** power`
//! to 0 at `total_iters`, in torch's recursive form (a ratio of successive factors).

use super::{Arg, ArgDefault, ArgKind, Args, Built, Group, Refusal, Rule, ScheduleKind, Torch};

/// Registry entry.
pub const KIND: ScheduleKind = ScheduleKind {
    name: "PolynomialLR",
    summary: "lr × (1 - k/total_iters) ** power, 0 from total_iters on",
    args: &[
        Arg::new("total_iters", ArgKind::Int, ArgDefault::Int(5)),
        Arg::new("power", ArgKind::Float, ArgDefault::Float(1.0)),
    ],
    build,
};

/// Builds PolynomialLR; `total_iters` below 1 would divide by zero in torch.
fn build(args: &Args<'_>) -> Result<Built, Refusal> {
    Ok(Torch::built(PolynomialLr {
        total_iters: args.divisor("total_iters")?,
        power: args.float("power"),
    }))
}

/// PolynomialLR's arguments.
struct PolynomialLr {
    total_iters: i64,
    power: f64,
}

impl Rule for PolynomialLr {
    fn lr(&mut self, k: i64, _base: f64, group: &mut Group) -> f64 {
        if k == 0 || k > self.total_iters {
            return group.lr;
        }
        let t = self.total_iters as f64;
        let ratio = (1.0 - k as f64 / t) / (1.0 - (k - 1) as f64 / t);
        group.lr * ratio.powf(self.power)
    }

    /// `base * (1.0 - min(total_iters, k) / total_iters) ** power`.
    fn closed_form(&mut self, k: i64, base: f64, _group: &mut Group) -> f64 {
        let t = self.total_iters;
        base * (1.0 - t.min(k) as f64 / t as f64).powf(self.power)
    }
}
