//! `CosineAnnealingLR(T_max, eta_min=0.0)`: half a cosine from the base lr down to `eta_min`
//! over `T_max` steps and back up over the next `T_max`, in torch's recursive form (a ratio
//! of successive cosines, with a special branch where that ratio would divide by zero).

use super::{Arg, ArgDefault, ArgKind, Args, Built, Group, PI, Refusal, Rule, ScheduleKind, Torch};

/// Registry entry.
pub const KIND: ScheduleKind = ScheduleKind {
    name: "CosineAnnealingLR",
    summary: "cosine from the lr down to eta_min over T_max steps (and back up)",
    args: &[
        Arg::new("T_max", ArgKind::Int, ArgDefault::Required),
        Arg::new("eta_min", ArgKind::Float, ArgDefault::Float(0.0)),
    ],
    build,
};

/// Builds CosineAnnealingLR; `T_max` below 1 would divide by zero in torch.
fn build(args: &Args<'_>) -> Result<Built, Refusal> {
    Ok(Torch::built(CosineAnnealingLr {
        t_max: args.divisor("T_max")?,
        eta_min: args.float("eta_min"),
    }))
}

/// CosineAnnealingLR's arguments.
struct CosineAnnealingLr {
    t_max: i64,
    eta_min: f64,
}

impl Rule for CosineAnnealingLr {
    fn lr(&mut self, k: i64, base: f64, group: &mut Group) -> f64 {
        let (t, eta) = (self.t_max as f64, self.eta_min);
        if k == 0 {
            group.lr
        } else if (i128::from(k) - 1 - i128::from(self.t_max)) % (2 * i128::from(self.t_max)) == 0 {
            group.lr + (base - eta) * (1.0 - (PI / t).cos()) / 2.0
        } else {
            (1.0 + (PI * k as f64 / t).cos()) / (1.0 + (PI * (k - 1) as f64 / t).cos())
                * (group.lr - eta)
                + eta
        }
    }

    /// `eta_min + (base - eta_min) * (1 + cos(pi * k / T_max)) / 2`.
    fn closed_form(&mut self, k: i64, base: f64, _group: &mut Group) -> f64 {
        annealed(base, self.eta_min, k, self.t_max)
    }
}

/// The cosine annealing's closed form, `eta + (base - eta) * (1 + cos(pi * t / period)) / 2`
/// in torch's operation order: CosineAnnealingLR's closed form, and every step of
/// CosineAnnealingWarmRestarts (`t` steps into a period of `period`).
pub(super) fn annealed(base: f64, eta: f64, t: i64, period: i64) -> f64 {
    eta + (base - eta) * (1.0 + (PI * t as f64 / period as f64).cos()) / 2.0
}
