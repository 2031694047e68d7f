//! `CosineAnnealingWarmRestarts(T_0, T_mult=1, eta_min=0.0)`: a cosine from the base lr down
//! towards `eta_min` over `T_i` steps, then a restart at the base lr with `T_i` multiplied by
//! `T_mult`. Computed from scratch each step (not recursive).

use super::cosine_annealing_lr::annealed;
use super::{
    Arg, ArgDefault, ArgKind, Args, Built, EpochScheduler, Group, Refusal, ScheduleKind, Scheduler,
};

/// Registry entry.
pub const KIND: ScheduleKind = ScheduleKind {
    name: "CosineAnnealingWarmRestarts",
    summary: "cosine down over T_0 steps, then restarts, each period T_mult times longer",
    args: &[
        Arg::new("T_0", ArgKind::Int, ArgDefault::Required),
        Arg::new("T_mult", ArgKind::Int, ArgDefault::Int(1)),
        Arg::new("eta_min", ArgKind::Float, ArgDefault::Float(0.0)),
    ],
    build,
};

/// Builds the schedule; refuses what torch refuses.
fn build(args: &Args<'_>) -> Result<Built, Refusal> {
    let t_0 = args.int("T_0").unwrap_or(0);
    let t_mult = args.int("T_mult").unwrap_or(0);
    if t_0 <= 0 {
        return Err(Refusal::of(
            "T_0",
            format!("Expected positive integer T_0, but got {t_0}"),
        ));
    }
    if t_mult < 1 {
        return Err(Refusal::of(
            "T_mult",
            format!("Expected integer T_mult >= 1, but got {t_mult}"),
        ));
    }
    Ok(Built::Epochs(Box::new(WarmRestarts {
        t_0,
        t_mult,
        eta_min: args.float("eta_min"),
        t_i: t_0,
        t_cur: 0,
        last_epoch: -1,
        base: 0.0,
    })))
}

/// The schedule's arguments and its position in the current period.
struct WarmRestarts {
    t_0: i64,
    t_mult: i64,
    eta_min: f64,
    /// The current period's length.
    t_i: i64,
    /// Steps into the current period.
    t_cur: i64,
    /// torch's `last_epoch`: below 0, the next step starts the first period afresh.
    last_epoch: i64,
    /// `base_lrs[0]`.
    base: f64,
}

impl WarmRestarts {
    /// `eta_min + (base - eta_min) * (1 + cos(pi * T_cur / T_i)) / 2`.
    fn lr(&self) -> f64 {
        annealed(self.base, self.eta_min, self.t_cur, self.t_i)
    }
}

impl Scheduler for WarmRestarts {
    fn start(&mut self, group: &mut Group) -> Result<(), String> {
        self.base = *group.initial_lr.get_or_insert(group.lr);
        self.restart(group);
        Ok(())
    }

    fn step(&mut self, group: &mut Group, _metric: f64) {
        if self.last_epoch < 0 {
            self.restart(group);
            return;
        }
        self.last_epoch += 1;
        self.t_cur += 1;
        if self.t_cur >= self.t_i {
            self.t_cur -= self.t_i;
            self.t_i = self.t_i.saturating_mul(self.t_mult);
        }
        group.lr = self.lr();
    }
}

impl EpochScheduler for WarmRestarts {
    fn rewind(&mut self) {
        self.last_epoch -= 1;
    }

    /// `step(0)`: the first period from its start.
    fn restart(&mut self, group: &mut Group) {
        self.last_epoch = 0;
        self.t_i = self.t_0;
        self.t_cur = 0;
        group.lr = self.lr();
    }
}
