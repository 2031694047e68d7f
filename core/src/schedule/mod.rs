//! Learning-rate schedules exactly as `torch.optim.lr_scheduler` (2.15) computes them: the
//! recursive (chainable) forms torch uses, in its operation order, with libm's `cos` and
//! `pow` (see `docs/reference/SCHEDULES.md`).
//!
//! A schedule acts on a [`Group`], the part of torch's `optimizer.param_groups[0]` it reads
//! and writes (the lr, `initial_lr`, momentum or β1): [`ScheduleSpec::start`] runs the
//! constructor's effect on it, and [`Scheduler::step`] is one `scheduler.step()`, taken after
//! each optimizer step. A schedule is written in torch's constructor syntax
//! (`StepLR(step_size=50, gamma=0.5)`, see [`GRAMMAR`]) and parsed by [`ScheduleSpec::parse`].
//!
//! Adding a schedule is one new file defining a [`ScheduleKind`] and one line in
//! [`REGISTRY`]; its arguments are declared there once, as [`Arg`]s.

mod chained_scheduler;
mod constant_lr;
mod cosine_annealing_lr;
mod cosine_annealing_warm_restarts;
mod cyclic_lr;
mod exponential_lr;
mod lambda;
mod lambda_lr;
mod linear_lr;
mod multi_step_lr;
mod multiplicative_lr;
mod one_cycle_lr;
mod polynomial_lr;
mod reduce_lr_on_plateau;
mod sequential_lr;
mod spec;
mod step_lr;

pub use lambda::Lambda;
pub use spec::{MAX_LEN, SpecError};

use std::fmt;

/// The grammar of a schedule, as `--help` shows it.
pub const GRAMMAR: &str = "\
A schedule in torch's constructor syntax, without the optimizer, e.g.
  StepLR(step_size=50, gamma=0.5)      ExponentialLR(0.99)     (positional as in torch)
  SequentialLR([LinearLR(start_factor=0.1, total_iters=10),
                CosineAnnealingLR(T_max=190)], milestones=[10])
  ChainedScheduler([ConstantLR(factor=0.1, total_iters=20), ExponentialLR(gamma=0.98)])
  ReduceLROnPlateau(factor=0.5, patience=10, cooldown=5, min_lr=1e-6)   (fed the loss)
  LambdaLR('1.0 / (1.0 + 0.05 * k)')
A lambda is a formula in k (= last_epoch) in the --expr language plus ** (= ^), min and
max, evaluated in Python's order. Values: numbers, 'strings', True, False, None, [lists].
OneCycleLR and CyclicLR also cycle momentum (SGD, RMSprop) or beta1 (Adam, AdamW) unless
cycle_momentum=False; SGD and RMSprop built with momentum 0 get it switched on, as in
torch.";

/// The entries of torch's `optimizer.param_groups[0]` that schedules read and write.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// `lr`: what the next optimizer step uses.
    pub lr: f64,
    /// `initial_lr`: set by the first schedule made on the optimizer (the base lr).
    pub initial_lr: Option<f64>,
    /// `momentum` (SGD, RMSprop) or `betas[0]` (Adam, AdamW); `None` for an optimizer that
    /// has neither.
    pub momentum: Option<f64>,
    /// `max_lr` (OneCycleLR).
    pub max_lr: Option<f64>,
    /// `min_lr` (OneCycleLR).
    pub min_lr: Option<f64>,
    /// `max_momentum` (OneCycleLR, CyclicLR).
    pub max_momentum: Option<f64>,
    /// `base_momentum` (OneCycleLR, CyclicLR).
    pub base_momentum: Option<f64>,
}

impl Group {
    /// The group of an optimizer built with learning rate `lr` and, if it has one, momentum
    /// or β1 `momentum`.
    pub fn new(lr: f64, momentum: Option<f64>) -> Self {
        Self {
            lr,
            initial_lr: None,
            momentum,
            max_lr: None,
            min_lr: None,
            max_momentum: None,
            base_momentum: None,
        }
    }
}

/// A running schedule.
pub trait Scheduler: Send {
    /// What torch's constructor does to the group (most apply the value at `last_epoch` 0);
    /// an error, with torch's reason, when the schedule cannot drive this optimizer.
    fn start(&mut self, group: &mut Group) -> Result<(), String>;

    /// One `scheduler.step()`, after an optimizer step; `metric` is what
    /// ReduceLROnPlateau is fed (the loss the optimizer step started from), the others
    /// ignore it.
    fn step(&mut self, group: &mut Group, metric: f64);
}

/// A schedule driven by its epoch count alone (every torch `LRScheduler` that SequentialLR
/// can hold), with the two extra moves SequentialLR makes on its members.
pub trait EpochScheduler: Scheduler {
    /// `last_epoch -= 1` (SequentialLR's "undo" of the constructor's step).
    fn rewind(&mut self);

    /// `step(0)` at a SequentialLR milestone: `last_epoch = 0` and the closed form at 0.
    fn restart(&mut self, group: &mut Group);
}

/// A built schedule, sorted by how composites may use it.
pub enum Built {
    /// An `LRScheduler` that SequentialLR and ChainedScheduler can hold.
    Epochs(Box<dyn EpochScheduler>),
    /// SequentialLR or ChainedScheduler: ChainedScheduler can hold it.
    Composite(Box<dyn Scheduler>),
    /// ReduceLROnPlateau: stepped with a metric, so no composite can hold it.
    Metric(Box<dyn Scheduler>),
}

impl Built {
    /// The schedule as a plain [`Scheduler`].
    pub fn into_scheduler(self) -> Box<dyn Scheduler> {
        match self {
            Self::Epochs(s) => s,
            Self::Composite(s) | Self::Metric(s) => s,
        }
    }
}

/// The part of one torch `LRScheduler` subclass that differs from the others: its
/// constructor's own work, `get_lr` and `_get_closed_form_lr`. [`Torch`] supplies the base
/// class around it.
pub trait Rule: Send {
    /// What the subclass constructor does before `LRScheduler.__init__` (OneCycleLR and
    /// CyclicLR set the lr and momentum); an error with torch's reason.
    fn prepare(&mut self, _group: &mut Group) -> Result<(), String> {
        Ok(())
    }

    /// `base_lrs`: `initial_lr` (CyclicLR: its own `base_lr`).
    fn base(&self, group: &Group) -> f64 {
        group.initial_lr.unwrap_or(group.lr)
    }

    /// `get_lr()` at `last_epoch` = `k` ≥ 0, with the group's current lr (it may also set the
    /// momentum).
    fn lr(&mut self, k: i64, base: f64, group: &mut Group) -> f64;

    /// What `step(epoch)` computes: `_get_closed_form_lr` where the class has one,
    /// otherwise `get_lr`.
    fn closed_form(&mut self, k: i64, base: f64, group: &mut Group) -> f64 {
        self.lr(k, base, group)
    }
}

/// torch's `LRScheduler` base class around a [`Rule`]: `last_epoch`, `base_lrs`, and the
/// constructor's initial step.
pub struct Torch<R> {
    rule: R,
    last_epoch: i64,
    base: f64,
}

impl<R: Rule + 'static> Torch<R> {
    /// A schedule of rule `rule`, not started.
    pub fn built(rule: R) -> Built {
        Built::Epochs(Box::new(Self {
            rule,
            last_epoch: -1,
            base: 0.0,
        }))
    }
}

impl<R: Rule> Scheduler for Torch<R> {
    fn start(&mut self, group: &mut Group) -> Result<(), String> {
        self.rule.prepare(group)?;
        group.initial_lr.get_or_insert(group.lr);
        self.base = self.rule.base(group);
        self.last_epoch = -1;
        self.step(group, f64::NAN);
        Ok(())
    }

    fn step(&mut self, group: &mut Group, _metric: f64) {
        self.last_epoch += 1;
        group.lr = self.rule.lr(self.last_epoch, self.base, group);
    }
}

impl<R: Rule> EpochScheduler for Torch<R> {
    fn rewind(&mut self) {
        self.last_epoch -= 1;
    }

    fn restart(&mut self, group: &mut Group) {
        self.last_epoch = 0;
        group.lr = self.rule.closed_form(0, self.base, group);
    }
}

/// The kinds of value an argument takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgKind {
    /// An integer.
    Int,
    /// A real number (an integer is accepted, as Python converts it).
    Float,
    /// `True` or `False`.
    Bool,
    /// One of the given strings.
    Choice(&'static [&'static str]),
    /// An integer or `None`.
    OptionalInt,
    /// A list of integers.
    Ints,
    /// A formula of one variable, in quotes (torch's lambda), or `None` where that is the
    /// default.
    Lambda,
    /// A list of schedules (SequentialLR, ChainedScheduler).
    Schedules,
}

impl ArgKind {
    /// Words for error messages.
    pub fn describe(self) -> String {
        match self {
            Self::Int => "an integer".into(),
            Self::Float => "a number".into(),
            Self::Bool => "True or False".into(),
            Self::Choice(choices) => {
                let quoted: Vec<String> = choices.iter().map(|c| format!("'{c}'")).collect();
                format!("one of {}", quoted.join(", "))
            }
            Self::OptionalInt => "an integer or None".into(),
            Self::Ints => "a list of integers [a, b, ...]".into(),
            Self::Lambda => "a formula in quotes, e.g. '0.95 ** k'".into(),
            Self::Schedules => "a list of schedules [A(...), B(...)]".into(),
        }
    }
}

/// An argument's default.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ArgDefault {
    /// The argument must be given.
    Required,
    /// An integer.
    Int(i64),
    /// A real number.
    Float(f64),
    /// A switch.
    Bool(bool),
    /// A string.
    Str(&'static str),
    /// `None`.
    None,
}

/// The declaration of one constructor argument.
#[derive(Debug)]
pub struct Arg {
    /// The name, as in torch.
    pub name: &'static str,
    /// What it takes.
    pub kind: ArgKind,
    /// torch's default.
    pub default: ArgDefault,
}

impl Arg {
    /// Argument `name`, taking `kind`, with torch's `default`.
    pub const fn new(name: &'static str, kind: ArgKind, default: ArgDefault) -> Self {
        Self {
            name,
            kind,
            default,
        }
    }
}

/// A value given to an argument.
#[derive(Clone, Debug, PartialEq)]
pub enum ArgValue {
    /// An integer literal.
    Int(i64),
    /// A number literal with a point or an exponent.
    Float(f64),
    /// `True` or `False`.
    Bool(bool),
    /// One of the argument's choices.
    Str(&'static str),
    /// `None`.
    None,
    /// A list of integers.
    Ints(Vec<i64>),
    /// A formula.
    Lambda(Lambda),
    /// Nested schedules.
    Schedules(Vec<ScheduleSpec>),
}

impl From<ArgDefault> for ArgValue {
    fn from(d: ArgDefault) -> Self {
        match d {
            ArgDefault::Int(v) => Self::Int(v),
            ArgDefault::Float(v) => Self::Float(v),
            ArgDefault::Bool(v) => Self::Bool(v),
            ArgDefault::Str(v) => Self::Str(v),
            ArgDefault::None | ArgDefault::Required => Self::None,
        }
    }
}

/// A float as Python's `repr` would let it be read back as a float: with a point or an
/// exponent (`1.0`, not `1`).
pub fn python_float(v: f64) -> String {
    let text = crate::text::format::round_trip(v);
    if text.contains(['.', 'e', 'n', 'i']) {
        text
    } else {
        format!("{text}.0")
    }
}

impl fmt::Display for ArgValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Int(v) => write!(f, "{v}"),
            Self::Float(v) => f.write_str(&python_float(*v)),
            Self::Bool(v) => f.write_str(if *v { "True" } else { "False" }),
            Self::Str(v) => write!(f, "'{v}'"),
            Self::None => f.write_str("None"),
            Self::Ints(v) => {
                let items: Vec<String> = v.iter().map(i64::to_string).collect();
                write!(f, "[{}]", items.join(", "))
            }
            Self::Lambda(l) => write!(f, "{l}"),
            Self::Schedules(v) => {
                let items: Vec<String> = v.iter().map(ToString::to_string).collect();
                write!(f, "[{}]", items.join(", "))
            }
        }
    }
}

/// Why a schedule's arguments were refused, and which argument (if one) is to blame.
#[derive(Clone, Debug, PartialEq)]
pub struct Refusal {
    /// The argument at fault, if one is.
    pub arg: Option<&'static str>,
    /// torch's reason, or plateau's where torch has none.
    pub message: String,
}

impl Refusal {
    /// A refusal blamed on argument `arg`.
    pub fn of(arg: &'static str, message: impl Into<String>) -> Self {
        Self {
            arg: Some(arg),
            message: message.into(),
        }
    }
}

/// How a [`ScheduleKind`] builds a schedule from its arguments.
pub type Build = fn(&Args<'_>) -> Result<Built, Refusal>;

/// One entry of the schedule registry.
pub struct ScheduleKind {
    /// torch's class name, e.g. `StepLR`.
    pub name: &'static str,
    /// One-line description.
    pub summary: &'static str,
    /// Its constructor's arguments (after the optimizer), in torch's order.
    pub args: &'static [Arg],
    /// Builds a schedule, not started; refuses arguments torch refuses.
    pub build: Build,
}

impl fmt::Debug for ScheduleKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

/// Every schedule of `torch.optim.lr_scheduler`.
pub static REGISTRY: &[&ScheduleKind] = &[
    &step_lr::KIND,
    &multi_step_lr::KIND,
    &constant_lr::KIND,
    &linear_lr::KIND,
    &exponential_lr::KIND,
    &polynomial_lr::KIND,
    &cosine_annealing_lr::KIND,
    &cosine_annealing_warm_restarts::KIND,
    &lambda_lr::KIND,
    &multiplicative_lr::KIND,
    &one_cycle_lr::KIND,
    &cyclic_lr::KIND,
    &sequential_lr::KIND,
    &chained_scheduler::KIND,
    &reduce_lr_on_plateau::KIND,
];

/// Looks a schedule up by its torch class name.
pub fn by_name(name: &str) -> Option<&'static ScheduleKind> {
    REGISTRY.iter().copied().find(|k| k.name == name)
}

/// The arguments of one schedule: those given, and the defaults of the others.
pub struct Args<'a> {
    kind: &'static ScheduleKind,
    given: &'a [(&'static str, ArgValue)],
}

impl Args<'_> {
    /// The value of argument `name`, given or default.
    pub fn value(&self, name: &str) -> ArgValue {
        if let Some((_, v)) = self.given.iter().find(|(n, _)| *n == name) {
            return v.clone();
        }
        let arg = self.kind.args.iter().find(|a| a.name == name);
        debug_assert!(arg.is_some(), "{} has no argument {name}", self.kind.name);
        arg.map_or(ArgValue::None, |a| a.default.into())
    }

    /// A real-valued argument (an integer converted as Python does).
    pub fn float(&self, name: &str) -> f64 {
        match self.value(name) {
            ArgValue::Float(v) => v,
            ArgValue::Int(v) => v as f64,
            _ => f64::NAN,
        }
    }

    /// An integer argument (`None` where it is `None`).
    pub fn int(&self, name: &str) -> Option<i64> {
        match self.value(name) {
            ArgValue::Int(v) => Some(v),
            _ => None,
        }
    }

    /// An integer argument torch divides by: refused below 1 (and where it is `None`).
    pub fn divisor(&self, name: &'static str) -> Result<i64, Refusal> {
        match self.int(name).unwrap_or(0) {
            v if v >= 1 => Ok(v),
            v => Err(Refusal::of(
                name,
                format!("{name} must be a positive integer, got {v} (torch divides by it)"),
            )),
        }
    }

    /// A switch.
    pub fn flag(&self, name: &str) -> bool {
        matches!(self.value(name), ArgValue::Bool(true))
    }

    /// One of a choice argument's strings.
    pub fn choice(&self, name: &str) -> &'static str {
        match self.value(name) {
            ArgValue::Str(s) => s,
            _ => "",
        }
    }

    /// A list of integers.
    pub fn ints(&self, name: &str) -> Vec<i64> {
        match self.value(name) {
            ArgValue::Ints(v) => v,
            _ => Vec::new(),
        }
    }

    /// A formula, if given.
    pub fn lambda(&self, name: &str) -> Option<Lambda> {
        match self.value(name) {
            ArgValue::Lambda(l) => Some(l),
            _ => None,
        }
    }

    /// Nested schedules.
    pub fn schedules(&self, name: &str) -> Vec<ScheduleSpec> {
        match self.value(name) {
            ArgValue::Schedules(v) => v,
            _ => Vec::new(),
        }
    }

    /// Whether argument `name` was given as a real number literal (torch checks
    /// `isinstance(x, float)` for OneCycleLR's `pct_start`).
    pub fn is_float_literal(&self, name: &str) -> bool {
        matches!(self.value(name), ArgValue::Float(_))
    }
}

/// A schedule and the arguments given to it, as written (the others take torch's
/// defaults). Printed, it is the text [`ScheduleSpec::parse`] reads back to the same spec.
#[derive(Clone, Debug)]
pub struct ScheduleSpec {
    /// Which schedule.
    pub kind: &'static ScheduleKind,
    /// The arguments given, in the kind's declaration order.
    pub args: Vec<(&'static str, ArgValue)>,
}

impl PartialEq for ScheduleSpec {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.kind, other.kind) && self.args == other.args
    }
}

impl fmt::Display for ScheduleSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}(", self.kind.name)?;
        for (i, (name, value)) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            if matches!(value, ArgValue::Schedules(_)) {
                write!(f, "{value}")?;
            } else {
                write!(f, "{name}={value}")?;
            }
        }
        f.write_str(")")
    }
}

impl ScheduleSpec {
    /// Reads a schedule in torch's constructor syntax ([`GRAMMAR`]); the error names the
    /// problem and its column. Arguments torch refuses are refused with torch's reason.
    pub fn parse(text: &str) -> Result<Self, SpecError> {
        spec::parse(text)
    }

    /// The arguments, given and default.
    pub fn arguments(&self) -> Args<'_> {
        Args {
            kind: self.kind,
            given: &self.args,
        }
    }

    /// Builds the schedule, not started.
    pub fn build(&self) -> Result<Built, Refusal> {
        (self.kind.build)(&self.arguments())
    }

    /// Builds the schedule and runs its constructor on `group`; the error says why it
    /// cannot drive this optimizer.
    pub fn start(&self, group: &mut Group) -> Result<Box<dyn Scheduler>, String> {
        let mut scheduler = self
            .build()
            .map_err(|refusal| format!("{}: {}", self.kind.name, refusal.message))?
            .into_scheduler();
        scheduler
            .start(group)
            .map_err(|e| format!("{}: {e}", self.kind.name))?;
        Ok(scheduler)
    }

    /// Whether this is ReduceLROnPlateau, whose reductions a run lists.
    pub fn reduces_on_plateau(&self) -> bool {
        std::ptr::eq(self.kind, &reduce_lr_on_plateau::KIND)
    }

    /// The most optimizer steps the schedule can follow: torch's OneCycleLR raises once
    /// `last_epoch` passes `total_steps`, so a torch loop runs exactly `total_steps` steps.
    /// `None`: no limit.
    pub fn max_steps(&self) -> Option<u64> {
        let args = self.arguments();
        if std::ptr::eq(self.kind, &one_cycle_lr::KIND) {
            return one_cycle_lr::total_steps(&args).ok().map(i64::unsigned_abs);
        }
        let members = self.members();
        if std::ptr::eq(self.kind, &sequential_lr::KIND) {
            // Member i starts at milestone i-1 (its own step 0 is that global step).
            let milestones = args.ints("milestones");
            return (members.iter().enumerate())
                .filter_map(|(i, m)| {
                    let offset = i.checked_sub(1).and_then(|j| milestones.get(j));
                    let offset = offset.copied().unwrap_or(0);
                    m.max_steps()
                        .map(|s| s.saturating_add(offset.max(0).unsigned_abs()))
                })
                .min();
        }
        members.iter().filter_map(ScheduleSpec::max_steps).min()
    }

    /// Whether the schedule sets momentum or β1 (OneCycleLR, CyclicLR with
    /// `cycle_momentum`, alone or inside a composite).
    pub fn cycles_momentum(&self) -> bool {
        let args = self.arguments();
        let cycling = std::ptr::eq(self.kind, &one_cycle_lr::KIND)
            || std::ptr::eq(self.kind, &cyclic_lr::KIND);
        (cycling && args.flag("cycle_momentum"))
            || self.members().iter().any(ScheduleSpec::cycles_momentum)
    }

    /// The schedules a composite holds (none for the others).
    pub fn members(&self) -> &[ScheduleSpec] {
        (self.args.iter())
            .find_map(|(_, v)| match v {
                ArgValue::Schedules(members) => Some(&members[..]),
                _ => None,
            })
            .unwrap_or(&[])
    }
}

/// torch's check that a schedule cycling momentum has an optimizer with `momentum` or
/// `betas` to cycle.
fn check_momentum(group: &Group) -> Result<(), String> {
    match group.momentum {
        Some(_) => Ok(()),
        None => Err(
            "optimizer must support momentum or beta1 with `cycle_momentum` \
                     option enabled"
                .into(),
        ),
    }
}

/// Python's `bisect.bisect_right(a, x)`, step for step (so that it agrees with torch on an
/// unsorted list too).
fn bisect_right(a: &[i64], x: i64) -> usize {
    let (mut lo, mut hi) = (0, a.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        if x < a[mid] {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

/// `math.pi`.
const PI: f64 = std::f64::consts::PI;

#[cfg(test)]
mod tests;
