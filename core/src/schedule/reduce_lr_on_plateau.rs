//! `ReduceLROnPlateau(mode='min', factor=0.1, patience=10, ...)`: multiplies the lr by
//! `factor` (not below `min_lr`) once the metric (here the loss each optimizer step started
//! from) has not improved for more than `patience` steps, then waits `cooldown` steps.

use super::{Arg, ArgDefault, ArgKind, Args, Built, Group, Refusal, ScheduleKind, Scheduler};

/// Registry entry.
pub const KIND: ScheduleKind = ScheduleKind {
    name: "ReduceLROnPlateau",
    summary: "lr × factor when the loss stops improving for patience steps",
    args: &[
        Arg::new(
            "mode",
            ArgKind::Choice(&["min", "max"]),
            ArgDefault::Str("min"),
        ),
        Arg::new("factor", ArgKind::Float, ArgDefault::Float(0.1)),
        Arg::new("patience", ArgKind::Int, ArgDefault::Int(10)),
        Arg::new("threshold", ArgKind::Float, ArgDefault::Float(1e-4)),
        Arg::new(
            "threshold_mode",
            ArgKind::Choice(&["rel", "abs"]),
            ArgDefault::Str("rel"),
        ),
        Arg::new("cooldown", ArgKind::Int, ArgDefault::Int(0)),
        Arg::new("min_lr", ArgKind::Float, ArgDefault::Float(0.0)),
        Arg::new("eps", ArgKind::Float, ArgDefault::Float(1e-8)),
    ],
    build,
};

/// Builds ReduceLROnPlateau; refuses what torch refuses.
fn build(args: &Args<'_>) -> Result<Built, Refusal> {
    let factor = args.float("factor");
    if factor >= 1.0 || factor.is_nan() {
        return Err(Refusal::of("factor", "Factor should be < 1.0."));
    }
    let maximize = args.choice("mode") == "max";
    let threshold = args.float("threshold");
    let relative = args.choice("threshold_mode") == "rel";
    Ok(Built::Metric(Box::new(ReduceLrOnPlateau {
        maximize,
        relative,
        threshold,
        rel_epsilon: if maximize {
            threshold + 1.0
        } else {
            1.0 - threshold
        },
        factor,
        patience: args.int("patience").unwrap_or(0),
        cooldown: args.int("cooldown").unwrap_or(0),
        min_lr: args.float("min_lr"),
        eps: args.float("eps"),
        best: if maximize {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        },
        num_bad_epochs: 0,
        cooldown_counter: 0,
    })))
}

/// ReduceLROnPlateau's arguments and state.
struct ReduceLrOnPlateau {
    maximize: bool,
    relative: bool,
    threshold: f64,
    /// `1.0 - threshold` (min) or `threshold + 1.0` (max), computed once as torch does.
    rel_epsilon: f64,
    factor: f64,
    patience: i64,
    cooldown: i64,
    min_lr: f64,
    eps: f64,
    best: f64,
    num_bad_epochs: i64,
    cooldown_counter: i64,
}

impl ReduceLrOnPlateau {
    /// torch's `is_better(a, best)`.
    fn is_better(&self, a: f64) -> bool {
        match (self.maximize, self.relative) {
            (false, true) => a < self.best * self.rel_epsilon,
            (false, false) => a < self.best - self.threshold,
            (true, true) => a > self.best * self.rel_epsilon,
            (true, false) => a > self.best + self.threshold,
        }
    }
}

impl Scheduler for ReduceLrOnPlateau {
    /// Leaves the lr alone.
    fn start(&mut self, _group: &mut Group) -> Result<(), String> {
        Ok(())
    }

    fn step(&mut self, group: &mut Group, metric: f64) {
        if self.is_better(metric) {
            self.best = metric;
            self.num_bad_epochs = 0;
        } else {
            self.num_bad_epochs += 1;
        }
        if self.cooldown_counter > 0 {
            self.cooldown_counter -= 1;
            self.num_bad_epochs = 0;
        }
        if self.num_bad_epochs > self.patience {
            let old = group.lr;
            let scaled = old * self.factor;
            let new = if self.min_lr > scaled {
                self.min_lr
            } else {
                scaled
            };
            if old - new > self.eps {
                group.lr = new;
            }
            self.cooldown_counter = self.cooldown;
            self.num_bad_epochs = 0;
        }
    }
}
