//! `CyclicLR(base_lr, max_lr, step_size_up=2000, ...)`: the lr cycles between `base_lr` and
//! `max_lr` (triangular, triangular2, exp_range, or a scale formula), overwriting the
//! optimizer's lr, and momentum or β1 cycles the other way. Computed from scratch each step.

use super::{
    Arg, ArgDefault, ArgKind, Args, Built, Group, Lambda, Refusal, Rule, ScheduleKind, Torch,
    check_momentum,
};

/// Registry entry.
pub const KIND: ScheduleKind = ScheduleKind {
    name: "CyclicLR",
    summary: "lr cycles between base_lr and max_lr (momentum cycled the other way)",
    args: &[
        Arg::new("base_lr", ArgKind::Float, ArgDefault::Required),
        Arg::new("max_lr", ArgKind::Float, ArgDefault::Required),
        Arg::new("step_size_up", ArgKind::Int, ArgDefault::Int(2000)),
        Arg::new("step_size_down", ArgKind::OptionalInt, ArgDefault::None),
        Arg::new(
            "mode",
            ArgKind::Choice(&["triangular", "triangular2", "exp_range"]),
            ArgDefault::Str("triangular"),
        ),
        Arg::new("gamma", ArgKind::Float, ArgDefault::Float(1.0)),
        Arg::new("scale_fn", ArgKind::Lambda, ArgDefault::None),
        Arg::new(
            "scale_mode",
            ArgKind::Choice(&["cycle", "iterations"]),
            ArgDefault::Str("cycle"),
        ),
        Arg::new("cycle_momentum", ArgKind::Bool, ArgDefault::Bool(true)),
        Arg::new("base_momentum", ArgKind::Float, ArgDefault::Float(0.8)),
        Arg::new("max_momentum", ArgKind::Float, ArgDefault::Float(0.9)),
    ],
    build,
};

/// How the height of a cycle is scaled.
enum Scale {
    /// `1.0`, per cycle.
    Triangular,
    /// `1 / (2.0 ** (cycle - 1))`, per cycle.
    Triangular2,
    /// `gamma ** k`, per iteration.
    ExpRange(f64),
    /// A formula, of the cycle (`per_cycle`) or of the iteration.
    Custom { f: Lambda, per_cycle: bool },
}

/// Builds CyclicLR; a rising half of less than one step divides by zero in torch.
fn build(args: &Args<'_>) -> Result<Built, Refusal> {
    let up = args.divisor("step_size_up")?;
    let down = args.int("step_size_down").unwrap_or(up);
    if down < 0 {
        return Err(Refusal::of(
            "step_size_down",
            format!("step_size_down must be an integer >= 0, got {down}"),
        ));
    }
    let total = up as f64 + down as f64;
    let scale = match (args.lambda("scale_fn"), args.choice("mode")) {
        (Some(f), _) => Scale::Custom {
            f,
            per_cycle: args.choice("scale_mode") == "cycle",
        },
        (None, "triangular2") => Scale::Triangular2,
        (None, "exp_range") => Scale::ExpRange(args.float("gamma")),
        (None, _) => Scale::Triangular,
    };
    Ok(Torch::built(CyclicLr {
        base_lr: args.float("base_lr"),
        max_lr: args.float("max_lr"),
        total,
        ratio: up as f64 / total,
        scale,
        momentum: args
            .flag("cycle_momentum")
            .then(|| (args.float("max_momentum"), args.float("base_momentum"))),
    }))
}

/// CyclicLR's arguments.
struct CyclicLr {
    base_lr: f64,
    max_lr: f64,
    /// `float(step_size_up) + float(step_size_down)`.
    total: f64,
    /// `step_size_up / total`.
    ratio: f64,
    scale: Scale,
    /// `(max_momentum, base_momentum)` when momentum is cycled.
    momentum: Option<(f64, f64)>,
}

impl Rule for CyclicLr {
    fn prepare(&mut self, group: &mut Group) -> Result<(), String> {
        group.lr = self.base_lr;
        if let Some((max, base)) = self.momentum {
            check_momentum(group)?;
            group.momentum = Some(max);
            group.max_momentum = Some(max);
            group.base_momentum = Some(base);
        }
        Ok(())
    }

    fn base(&self, _group: &Group) -> f64 {
        self.base_lr
    }

    fn lr(&mut self, k: i64, base: f64, group: &mut Group) -> f64 {
        let k_f = k as f64;
        let cycle = (1.0 + k_f / self.total).floor();
        let x = 1.0 + k_f / self.total - cycle;
        let factor = if x <= self.ratio {
            x / self.ratio
        } else {
            (x - 1.0) / (self.ratio - 1.0)
        };
        let scale = match &self.scale {
            Scale::Triangular => 1.0,
            Scale::Triangular2 => 1.0 / 2.0f64.powf(cycle - 1.0),
            Scale::ExpRange(gamma) => gamma.powf(k_f),
            Scale::Custom { f, per_cycle: true } => f.eval(cycle),
            Scale::Custom {
                f,
                per_cycle: false,
            } => f.eval(k_f),
        };
        if let Some((max, base_momentum)) = self.momentum {
            group.momentum = Some(max - (max - base_momentum) * factor * scale);
        }
        base + (self.max_lr - base) * factor * scale
    }
}
