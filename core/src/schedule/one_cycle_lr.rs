//! `OneCycleLR(max_lr, total_steps, ...)`: Smith's one-cycle policy. It overwrites the
//! optimizer's lr with `max_lr / div_factor`, anneals up to `max_lr` and down to
//! `initial_lr / final_div_factor` (two phases, or three with `three_phase`), and cycles
//! momentum or β1 the other way. Phase ends are floats, as in torch.

use super::{
    Arg, ArgDefault, ArgKind, Args, Built, Group, PI, Refusal, Rule, ScheduleKind, Torch,
    check_momentum,
};

/// Registry entry.
pub const KIND: ScheduleKind = ScheduleKind {
    name: "OneCycleLR",
    summary: "one cycle: warm up to max_lr, anneal far below (momentum cycled the other way)",
    args: &[
        Arg::new("max_lr", ArgKind::Float, ArgDefault::Required),
        Arg::new("total_steps", ArgKind::OptionalInt, ArgDefault::None),
        Arg::new("epochs", ArgKind::OptionalInt, ArgDefault::None),
        Arg::new("steps_per_epoch", ArgKind::OptionalInt, ArgDefault::None),
        Arg::new("pct_start", ArgKind::Float, ArgDefault::Float(0.3)),
        Arg::new(
            "anneal_strategy",
            ArgKind::Choice(&["cos", "linear"]),
            ArgDefault::Str("cos"),
        ),
        Arg::new("cycle_momentum", ArgKind::Bool, ArgDefault::Bool(true)),
        Arg::new("base_momentum", ArgKind::Float, ArgDefault::Float(0.85)),
        Arg::new("max_momentum", ArgKind::Float, ArgDefault::Float(0.95)),
        Arg::new("div_factor", ArgKind::Float, ArgDefault::Float(25.0)),
        Arg::new("final_div_factor", ArgKind::Float, ArgDefault::Float(1e4)),
        Arg::new("three_phase", ArgKind::Bool, ArgDefault::Bool(false)),
    ],
    build,
};

/// `total_steps`, or `epochs * steps_per_epoch`, checked as torch checks them.
pub(super) fn total_steps(args: &Args<'_>) -> Result<i64, Refusal> {
    if let Some(total) = args.int("total_steps") {
        if total <= 0 {
            return Err(Refusal::of(
                "total_steps",
                format!("Expected positive integer total_steps, but got {total}"),
            ));
        }
        return Ok(total);
    }
    match (args.int("epochs"), args.int("steps_per_epoch")) {
        (Some(epochs), Some(per_epoch)) => {
            if epochs <= 0 {
                return Err(Refusal::of(
                    "epochs",
                    format!("Expected positive integer epochs, but got {epochs}"),
                ));
            }
            if per_epoch <= 0 {
                return Err(Refusal::of(
                    "steps_per_epoch",
                    format!("Expected positive integer steps_per_epoch, but got {per_epoch}"),
                ));
            }
            epochs
                .checked_mul(per_epoch)
                .ok_or_else(|| Refusal::of("epochs", "epochs * steps_per_epoch is too large"))
        }
        _ => Err(Refusal {
            arg: None,
            message: "You must define either total_steps OR (epochs AND steps_per_epoch)".into(),
        }),
    }
}

/// Which of the group's entries a phase anneals between.
#[derive(Clone, Copy, Debug)]
enum Entry {
    Initial,
    Max,
    Min,
    MaxMomentum,
    BaseMomentum,
}

impl Entry {
    /// The entry's value in the group (set by the constructor).
    fn read(self, group: &Group) -> f64 {
        let value = match self {
            Self::Initial => group.initial_lr,
            Self::Max => group.max_lr,
            Self::Min => group.min_lr,
            Self::MaxMomentum => group.max_momentum,
            Self::BaseMomentum => group.base_momentum,
        };
        value.unwrap_or(f64::NAN)
    }
}

/// One phase: where it ends (a float step) and what lr and momentum it anneals between.
#[derive(Clone, Copy, Debug)]
struct Phase {
    end_step: f64,
    lr: (Entry, Entry),
    momentum: (Entry, Entry),
}

/// Builds OneCycleLR; refuses what torch refuses, and a phase of zero length (torch divides
/// by it).
fn build(args: &Args<'_>) -> Result<Built, Refusal> {
    let total = total_steps(args)?;
    let pct_start = args.float("pct_start");
    if !(0.0..=1.0).contains(&pct_start) || !args.is_float_literal("pct_start") {
        return Err(Refusal::of(
            "pct_start",
            format!(
                "Expected float between 0 and 1 pct_start, but got {}",
                args.value("pct_start")
            ),
        ));
    }
    use Entry::*;
    let t = total as f64;
    let first = pct_start * t - 1.0;
    let phases = if args.flag("three_phase") {
        vec![
            Phase {
                end_step: first,
                lr: (Initial, Max),
                momentum: (MaxMomentum, BaseMomentum),
            },
            Phase {
                end_step: 2.0 * pct_start * t - 2.0,
                lr: (Max, Initial),
                momentum: (BaseMomentum, MaxMomentum),
            },
            Phase {
                end_step: t - 1.0,
                lr: (Initial, Min),
                momentum: (MaxMomentum, MaxMomentum),
            },
        ]
    } else {
        vec![
            Phase {
                end_step: first,
                lr: (Initial, Max),
                momentum: (MaxMomentum, BaseMomentum),
            },
            Phase {
                end_step: t - 1.0,
                lr: (Max, Min),
                momentum: (BaseMomentum, MaxMomentum),
            },
        ]
    };
    let mut start = 0.0;
    for (i, phase) in phases.iter().enumerate() {
        if phase.end_step - start == 0.0 {
            return Err(Refusal::of(
                "pct_start",
                format!(
                    "phase {} of the cycle would last no step (torch divides by its length)",
                    i + 1
                ),
            ));
        }
        start = phase.end_step;
    }
    Ok(Torch::built(OneCycleLr {
        total,
        phases,
        linear: args.choice("anneal_strategy") == "linear",
        max_lr: args.float("max_lr"),
        div_factor: args.float("div_factor"),
        final_div_factor: args.float("final_div_factor"),
        momentum: args
            .flag("cycle_momentum")
            .then(|| (args.float("max_momentum"), args.float("base_momentum"))),
    }))
}

/// OneCycleLR's arguments.
struct OneCycleLr {
    total: i64,
    phases: Vec<Phase>,
    linear: bool,
    max_lr: f64,
    div_factor: f64,
    final_div_factor: f64,
    /// `(max_momentum, base_momentum)` when momentum is cycled.
    momentum: Option<(f64, f64)>,
}

impl OneCycleLr {
    /// The anneal from `start` to `end` at fraction `pct` of a phase.
    fn anneal(&self, start: f64, end: f64, pct: f64) -> f64 {
        if self.linear {
            (end - start) * pct + start
        } else {
            let cos_out = (PI * pct).cos() + 1.0;
            end + (start - end) / 2.0 * cos_out
        }
    }
}

impl Rule for OneCycleLr {
    fn prepare(&mut self, group: &mut Group) -> Result<(), String> {
        let initial = self.max_lr / self.div_factor;
        group.initial_lr = Some(initial);
        group.max_lr = Some(self.max_lr);
        group.min_lr = Some(initial / self.final_div_factor);
        if let Some((max, base)) = self.momentum {
            check_momentum(group)?;
            group.momentum = Some(max);
            group.max_momentum = Some(max);
            group.base_momentum = Some(base);
        }
        Ok(())
    }

    /// Past `total_steps` torch raises; plateau keeps the lr (and momentum) as they are
    /// (`ScheduleSpec::max_steps` lets the command line refuse longer runs first).
    fn lr(&mut self, k: i64, _base: f64, group: &mut Group) -> f64 {
        if k > self.total {
            return group.lr;
        }
        let step = k as f64;
        let mut start_step = 0.0;
        let last = self.phases.len() - 1;
        for (i, phase) in self.phases.iter().enumerate() {
            if step <= phase.end_step || i == last {
                let pct = (step - start_step) / (phase.end_step - start_step);
                let lr = self.anneal(phase.lr.0.read(group), phase.lr.1.read(group), pct);
                if self.momentum.is_some() {
                    let (from, to) = phase.momentum;
                    group.momentum = Some(self.anneal(from.read(group), to.read(group), pct));
                }
                return lr;
            }
            start_step = phase.end_step;
        }
        group.lr
    }
}
