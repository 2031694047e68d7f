//! Optimizers as small state machines: each is built from resolved hyperparameters
//! ([`Hyperparams`]), holds its own state, and updates the parameters in place on every
//! [`Optimizer::step`], exactly as `torch.optim` does (same defaults, same floating-point
//! operation order, see `docs/reference/OPTIMIZERS.md`).
//!
//! Adding an optimizer is one new file defining an [`OptimizerKind`] and one line in
//! [`REGISTRY`]; its hyperparameters are declared there once, as [`Param`]s, and the command
//! line's flags, help and JSON are derived from those declarations ([`hyperparameters`]).

mod adadelta;
mod adagrad;
mod adam;
mod adamw;
mod curvature;
mod langevin;
mod momentum;
mod natgrad;
mod nesterov;
mod newton;
mod pgd;
mod rmsprop;
mod rprop;
mod sfn;
mod sgd;

use crate::Rng;
use crate::error::{Error, Result};
use crate::landscape::{Landscape, SuggestedLr};
use serde::Serialize;
use std::fmt;

/// What an optimizer may consult during a step besides the gradient.
pub struct StepContext<'a> {
    /// The landscape being optimised (for Hessians, Fisher matrices, re-evaluated gradients).
    pub landscape: &'a dyn Landscape,
    /// The run's seeded random number generator.
    pub rng: &'a mut Rng,
}

/// A running optimizer: its hyperparameters and state, sized for the landscape it was built
/// for (its state is allocated once, at build time; a step allocates nothing, except the
/// Hessian and Fisher solves of Newton-type methods on more than two parameters).
pub trait Optimizer: Send {
    /// Updates `params` in place, given the gradient `grad` of the loss at `params` (both of
    /// the landscape's dimension).
    fn step(&mut self, params: &mut [f64], grad: &[f64], ctx: &mut StepContext<'_>);

    /// Sets the learning rate of the following steps (a schedule's value, what torch writes
    /// into `param_groups[0]["lr"]`); the state is kept.
    fn set_lr(&mut self, lr: f64);

    /// Sets the momentum (SGD, RMSprop) or β1 (Adam, AdamW) of the following steps, as
    /// OneCycleLR and CyclicLR do. Optimizers with neither have nothing to set: a schedule
    /// refuses to cycle their momentum before it would come here.
    fn set_momentum(&mut self, _momentum: f64) {}

    /// For optimizers that scale each coordinate by its own statistics (Adagrad, RMSprop,
    /// Adam, AdamW), the effective learning rate of each coordinate after the last step:
    /// the factor its (averaged) gradient was multiplied by, e.g. lr/(√v̂ + ε) for Adam.
    fn effective_lr(&self) -> Option<Vec<f64>> {
        None
    }
}

/// The value of one hyperparameter.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    /// A real number.
    Float(f64),
    /// A switch.
    Bool(bool),
    /// A pair of reals (Adam's betas).
    Pair(f64, f64),
    /// A count of steps.
    Count(u64),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Float(v) => f.write_str(&crate::text::format::round_trip(*v)),
            Self::Bool(v) => write!(f, "{v}"),
            Self::Pair(a, b) => {
                write!(
                    f,
                    "{},{}",
                    crate::text::format::round_trip(*a),
                    crate::text::format::round_trip(*b)
                )
            }
            Self::Count(v) => write!(f, "{v}"),
        }
    }
}

/// The values a hyperparameter may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Range {
    /// Any finite number ≥ 0.
    NonNegative,
    /// Finite and > 0.
    Positive,
    /// In [0, 1].
    Unit,
    /// In [0, 1).
    UnitOpen,
    /// Any value of the type (switches, counts).
    Any,
}

impl Range {
    /// Whether `v` is allowed; checks each component of a pair.
    pub fn admits(self, v: Value) -> bool {
        let ok = |x: f64| {
            x.is_finite()
                && match self {
                    Self::NonNegative => x >= 0.0,
                    Self::Positive => x > 0.0,
                    Self::Unit => (0.0..=1.0).contains(&x),
                    Self::UnitOpen => (0.0..1.0).contains(&x),
                    Self::Any => true,
                }
        };
        match v {
            Value::Float(x) => ok(x),
            Value::Pair(a, b) => ok(a) && ok(b),
            Value::Bool(_) | Value::Count(_) => true,
        }
    }

    /// Words for error messages.
    pub fn describe(self) -> &'static str {
        match self {
            Self::NonNegative => "a finite number >= 0",
            Self::Positive => "a finite number > 0",
            Self::Unit => "a number in [0, 1]",
            Self::UnitOpen => "a number in [0, 1)",
            Self::Any => "any value",
        }
    }
}

/// The declaration of one hyperparameter (besides the learning rate).
#[derive(Debug, Serialize)]
pub struct Param {
    /// The name, as in torch and on the command line (`--NAME`, `_` spelled `-`).
    pub name: &'static str,
    /// The default (torch's where torch has the optimizer).
    pub default: Value,
    /// Allowed values.
    pub range: Range,
    /// One line of help.
    pub help: &'static str,
}

impl Param {
    /// The command-line spelling of the name: `weight_decay` is `--weight-decay`.
    pub fn flag(&self) -> String {
        self.name.replace('_', "-")
    }
}

impl Value {
    /// Reads `text` as a value of the same kind as `like` (a number, `true`/`false`, a pair
    /// `A,B` or a count); the range is checked by [`OptimizerSpec::resolve`].
    pub fn parse_like(like: Value, text: &str) -> Result<Value> {
        let text = text.trim();
        let bad = |what: &str| Error::Parse(format!("expected {what}, got '{text}'"));
        match like {
            Self::Float(_) => text.parse().map(Self::Float).map_err(|_| bad("a number")),
            Self::Bool(_) => text
                .parse()
                .map(Self::Bool)
                .map_err(|_| bad("true or false")),
            Self::Pair(..) => crate::text::parse::pair(text)
                .map(|(a, b)| Self::Pair(a, b))
                .map_err(|_| bad("two numbers A,B")),
            Self::Count(_) => text
                .parse()
                .map(Self::Count)
                .map_err(|_| bad("a whole number >= 0")),
        }
    }
}

/// Which of a landscape's suggested learning rates an optimizer takes by default.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LrFamily {
    /// Gradient descent and its momentum and noise variants: the landscape's `gradient` rate.
    Gradient,
    /// Adam, AdamW, RMSprop: the landscape's `adaptive` rate.
    Adaptive,
    /// Adagrad: ten times the `adaptive` rate (its steps shrink like 1/√t).
    Adagrad,
    /// A fixed rate whatever the landscape (Adadelta's 1.0, Newton's full step).
    Fixed(f64),
}

impl LrFamily {
    /// The suggested learning rate on a landscape with suggestions `lr`.
    pub fn suggest(self, lr: &SuggestedLr) -> f64 {
        match self {
            Self::Gradient => lr.gradient,
            Self::Adaptive => lr.adaptive,
            Self::Adagrad => 10.0 * lr.adaptive,
            Self::Fixed(lr) => lr,
        }
    }
}

/// One entry of the optimizer registry (serialised without its builder, as `plateau list
/// --json` shows it).
#[derive(Serialize)]
pub struct OptimizerKind {
    /// Registry name, e.g. `adam`.
    pub name: &'static str,
    /// One-line description.
    pub summary: &'static str,
    /// Where its default learning rate comes from.
    #[serde(rename = "lr_default")]
    pub lr_family: LrFamily,
    /// Its hyperparameters other than `lr`, with defaults.
    #[serde(rename = "hyperparameters")]
    pub params: &'static [Param],
    /// Builds a fresh optimizer (zero state); errors when it cannot work on `landscape`.
    #[serde(skip)]
    pub build: Build,
}

/// How an [`OptimizerKind`] builds a fresh optimizer (zero state) for a landscape.
pub type Build = fn(&Hyperparams, &dyn Landscape) -> Result<Box<dyn Optimizer>>;

impl fmt::Debug for OptimizerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

/// torch's L2 penalty `weight_decay` (default 0), shared by every optimizer that has one.
const WEIGHT_DECAY: Param = Param {
    name: "weight_decay",
    default: Value::Float(0.0),
    range: Range::NonNegative,
    help: "L2 penalty: g ← g + wd·θ",
};

/// torch's L2 weight decay `grad.add(param, alpha=wd)` on one coordinate, i.e.
/// `fma(wd, θ, g)`; the gradient unchanged when `wd` is 0 (torch skips the op then).
fn weight_decayed(grad: f64, param: f64, wd: f64) -> f64 {
    if wd == 0.0 {
        grad
    } else {
        wd.mul_add(param, grad)
    }
}

/// torch's `param.add_(direction, alpha=-lr)`: θ ← fma(−lr, d, θ), per coordinate.
fn descend(params: &mut [f64], lr: f64, direction: &[f64]) {
    for (p, d) in params.iter_mut().zip(direction) {
        *p = (-lr).mul_add(*d, *p);
    }
}

/// torch's `a.addcdiv(b, c, value=s)` on one coordinate: `a + (s·b)/c`, not fused.
fn addcdiv(a: f64, s: f64, b: f64, c: f64) -> f64 {
    a + (s * b) / c
}

/// torch's CPU `lerp(start, end, w)`: `start + w·(end − start)` for |w| < 0.5 and
/// `end − (1 − w)·(end − start)` otherwise, each fused into one rounding.
fn lerp(start: f64, end: f64, weight: f64) -> f64 {
    if weight.abs() < 0.5 {
        weight.mul_add(end - start, start)
    } else {
        (weight - 1.0).mul_add(end - start, end)
    }
}

/// Every optimizer, in the order the explorer cycles through them.
pub static REGISTRY: &[&OptimizerKind] = &[
    &sgd::KIND,
    &momentum::KIND,
    &nesterov::KIND,
    &adagrad::KIND,
    &adadelta::KIND,
    &rmsprop::KIND,
    &adam::KIND,
    &adamw::KIND,
    &rprop::KIND,
    &newton::KIND,
    &sfn::KIND,
    &natgrad::KIND,
    &pgd::KIND,
    &langevin::KIND,
];

/// The names of all optimizers.
pub fn names() -> impl Iterator<Item = &'static str> {
    REGISTRY.iter().map(|k| k.name)
}

/// Looks an optimizer up by name; the error lists the valid names.
pub fn by_name(name: &str) -> Result<&'static OptimizerKind> {
    REGISTRY
        .iter()
        .copied()
        .find(|k| k.name == name)
        .ok_or_else(|| Error::UnknownName {
            kind: "optimizer",
            name: name.to_owned(),
            valid: names().collect::<Vec<_>>().join(", "),
        })
}

/// One hyperparameter name as the whole registry uses it: every optimizer that declares it,
/// with its declaration there (defaults and help lines may differ between optimizers).
#[derive(Debug)]
pub struct SharedParam {
    /// `(optimizer, declaration)` in registry order (at least one).
    pub declarations: Vec<(&'static str, &'static Param)>,
}

impl SharedParam {
    /// The first declaration: its name, and the kind of value every declaration takes.
    pub fn first(&self) -> &'static Param {
        self.declarations[0].1
    }

    /// The optimizers that have it, comma separated.
    pub fn users(&self) -> String {
        (self.declarations.iter().map(|(n, _)| *n))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Every optimizer that has it with its default, optimizers sharing a default grouped:
    /// `sgd 0; momentum, nesterov 0.9; rmsprop 0`.
    pub fn defaults(&self) -> String {
        let mut groups: Vec<(Value, Vec<&str>)> = Vec::new();
        for &(name, param) in &self.declarations {
            match groups.last_mut() {
                Some((value, names)) if *value == param.default => names.push(name),
                _ => groups.push((param.default, vec![name])),
            }
        }
        (groups.iter())
            .map(|(value, names)| format!("{} {value}", names.join(", ")))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// One line per distinct help text: the optimizers that use it with their defaults,
    /// then the help, e.g. `sgd 0, momentum, nesterov 0.9: momentum factor μ (…)`.
    pub fn describe(&self) -> Vec<String> {
        /// Optimizer names sharing a default.
        type Users<'a> = Vec<(Value, Vec<&'a str>)>;
        let mut groups: Vec<(&str, Users)> = Vec::new();
        for &(name, param) in &self.declarations {
            let at = match groups.iter().position(|(help, _)| *help == param.help) {
                Some(at) => at,
                None => {
                    groups.push((param.help, Vec::new()));
                    groups.len() - 1
                }
            };
            let defaults = &mut groups[at].1;
            match defaults.iter_mut().find(|(v, _)| *v == param.default) {
                Some((_, names)) => names.push(name),
                None => defaults.push((param.default, vec![name])),
            }
        }
        groups
            .into_iter()
            .map(|(help, defaults)| {
                let users: Vec<String> = (defaults.iter())
                    .map(|(value, names)| format!("{} {value}", names.join(", ")))
                    .collect();
                format!("{}: {help}", users.join("; "))
            })
            .collect()
    }
}

/// Every hyperparameter name of the registry (besides the learning rate), in order of first
/// declaration: what the command line turns into flags.
pub fn hyperparameters() -> Vec<SharedParam> {
    let mut shared: Vec<SharedParam> = Vec::new();
    for kind in REGISTRY {
        for param in kind.params {
            let declaration = (kind.name, param);
            match shared.iter_mut().find(|s| s.first().name == param.name) {
                Some(s) => s.declarations.push(declaration),
                None => shared.push(SharedParam {
                    declarations: vec![declaration],
                }),
            }
        }
    }
    shared
}

/// The learning rate's help line (it is not a [`Param`]: its default comes from the
/// landscape, see [`LrFamily`]).
pub const LR_HELP: &str =
    "learning rate (default: the landscape's suggestion for the optimizer, see plateau list)";

/// Fully resolved hyperparameters of one optimizer: the learning rate and every declared
/// parameter, in declaration order (serialised as one map, `lr` first).
#[derive(Clone, Debug, PartialEq)]
pub struct Hyperparams {
    /// The learning rate.
    pub lr: f64,
    /// `(name, value)` for every parameter of the kind.
    pub values: Vec<(&'static str, Value)>,
}

impl Serialize for Hyperparams {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(1 + self.values.len()))?;
        map.serialize_entry("lr", &self.lr)?;
        for (name, value) in &self.values {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl Hyperparams {
    /// The value of parameter `name`; `None` if the optimizer has no such parameter.
    pub fn get(&self, name: &str) -> Option<Value> {
        self.values
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
    }

    /// A real-valued parameter (0 if absent or of another type; a debug build asserts that
    /// it is present, so a misspelt name in an optimizer is caught by the tests).
    pub fn float(&self, name: &str) -> f64 {
        match self.declared(name) {
            Some(Value::Float(v)) => v,
            _ => 0.0,
        }
    }

    /// A switch (false if absent or of another type).
    pub fn flag(&self, name: &str) -> bool {
        matches!(self.declared(name), Some(Value::Bool(true)))
    }

    /// A pair (zeros if absent or of another type).
    pub fn pair(&self, name: &str) -> (f64, f64) {
        match self.declared(name) {
            Some(Value::Pair(a, b)) => (a, b),
            _ => (0.0, 0.0),
        }
    }

    /// A count (0 if absent or of another type).
    pub fn count(&self, name: &str) -> u64 {
        match self.declared(name) {
            Some(Value::Count(v)) => v,
            _ => 0,
        }
    }

    /// [`Hyperparams::get`] for a name the optimizer declares (checked in debug builds).
    fn declared(&self, name: &str) -> Option<Value> {
        let value = self.get(name);
        debug_assert!(value.is_some(), "hyperparameter {name} is not declared");
        value
    }

    /// The momentum (SGD, RMSprop) or β1 (Adam, AdamW): what torch's cycling schedules
    /// write; `None` for an optimizer with neither.
    pub fn momentum(&self) -> Option<f64> {
        match (self.get("momentum"), self.get("betas")) {
            (Some(Value::Float(m)), _) => Some(m),
            (_, Some(Value::Pair(beta1, _))) => Some(beta1),
            _ => None,
        }
    }

    /// `name=value` pairs, learning rate first, for display.
    pub fn describe(&self) -> String {
        std::iter::once(format!("lr={}", crate::text::format::round_trip(self.lr)))
            .chain(self.values.iter().map(|(n, v)| format!("{n}={v}")))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Hyperparameters given by the user; anything not given takes the default.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overrides {
    /// The learning rate, if given.
    pub lr: Option<f64>,
    /// Other parameters given by name.
    pub values: Vec<(String, Value)>,
}

/// An optimizer kind with resolved hyperparameters: everything needed to build one.
#[derive(Clone, Debug)]
pub struct OptimizerSpec {
    /// Which optimizer.
    pub kind: &'static OptimizerKind,
    /// Its resolved hyperparameters.
    pub hyper: Hyperparams,
    /// The learning-rate schedule driving it, if any.
    pub schedule: Option<crate::schedule::ScheduleSpec>,
}

impl PartialEq for OptimizerSpec {
    /// The same optimizer (the registry's own entry) with the same hyperparameters.
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.kind, other.kind)
            && self.hyper == other.hyper
            && self.schedule == other.schedule
    }
}

impl OptimizerSpec {
    /// Resolves `overrides` against the kind's defaults and the landscape's suggested
    /// learning rate. Parameters the kind does not have are ignored here (the CLI checks that
    /// each given flag is used by at least one selected optimizer); values out of range are
    /// errors.
    pub fn resolve(
        kind: &'static OptimizerKind,
        overrides: &Overrides,
        lr: &SuggestedLr,
    ) -> Result<Self> {
        let lr = overrides.lr.unwrap_or_else(|| kind.lr_family.suggest(lr));
        check_lr(lr)?;
        let mut values = Vec::with_capacity(kind.params.len());
        for param in kind.params {
            let value = overrides
                .values
                .iter()
                .find(|(n, _)| n == param.name)
                .map_or(param.default, |(_, v)| *v);
            if std::mem::discriminant(&value) != std::mem::discriminant(&param.default) {
                return Err(Error::HyperparameterKind {
                    optimizer: kind.name,
                    name: param.name,
                });
            }
            if !param.range.admits(value) {
                return Err(Error::HyperparameterRange {
                    optimizer: kind.name,
                    name: param.name,
                    expected: param.range.describe(),
                    value: value.to_string(),
                });
            }
            values.push((param.name, value));
        }
        Ok(Self {
            kind,
            hyper: Hyperparams { lr, values },
            schedule: None,
        })
    }

    /// The same spec with another learning rate (the explorer's `[` and `]`).
    pub fn with_lr(&self, lr: f64) -> Result<Self> {
        check_lr(lr)?;
        let mut spec = self.clone();
        spec.hyper.lr = lr;
        Ok(spec)
    }

    /// The same spec driven by `schedule` (or by none); an error, with torch's reason, if the
    /// schedule cannot drive this optimizer (cycling momentum of an optimizer without one).
    pub fn with_schedule(&self, schedule: Option<crate::schedule::ScheduleSpec>) -> Result<Self> {
        if let Some(schedule) = &schedule {
            let mut group = crate::schedule::Group::new(self.hyper.lr, self.hyper.momentum());
            schedule
                .start(&mut group)
                .map_err(|e| Error::Schedule(format!("{}: {e}", self.kind.name)))?;
        }
        let mut spec = self.clone();
        spec.schedule = schedule;
        Ok(spec)
    }

    /// Builds a fresh optimizer with zero state.
    pub fn build(&self, landscape: &dyn Landscape) -> Result<Box<dyn Optimizer>> {
        (self.kind.build)(&self.hyper, landscape)
    }
}

/// Learning rates must be finite and positive.
pub fn check_lr(lr: f64) -> Result<()> {
    if lr.is_finite() && lr > 0.0 {
        Ok(())
    } else {
        Err(Error::LearningRate(crate::text::format::round_trip(lr)))
    }
}
