//! Hyperparameters: how each is declared ([`Param`]: name, default, range, help), the
//! values they take, the registry-wide list the command line turns into flags
//! ([`hyperparameters`]), and one optimizer's resolved set ([`Hyperparams`]).

use super::REGISTRY;
use crate::error::{Error, Result};
use serde::Serialize;
use std::fmt;

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
    /// `A,B` or a count); the range is checked by [`OptimizerSpec::resolve`](super::OptimizerSpec::resolve).
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

/// torch's L2 penalty `weight_decay` (default 0), shared by every optimizer that has one.
pub(super) const WEIGHT_DECAY: Param = Param {
    name: "weight_decay",
    default: Value::Float(0.0),
    range: Range::NonNegative,
    help: "L2 penalty: g ← g + wd·θ",
};

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
/// landscape, see [`LrFamily`](super::LrFamily)).
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

    /// A real-valued parameter, read through its declaration (0 if the optimizer does not
    /// declare it or it is of another type; a debug build asserts that it is declared, so an
    /// optimizer reading another's parameter is caught by the tests).
    pub fn float(&self, param: &Param) -> f64 {
        match self.declared(param.name) {
            Some(Value::Float(v)) => v,
            _ => 0.0,
        }
    }

    /// A switch (false if absent or of another type).
    pub fn flag(&self, param: &Param) -> bool {
        matches!(self.declared(param.name), Some(Value::Bool(true)))
    }

    /// A pair (zeros if absent or of another type).
    pub fn pair(&self, param: &Param) -> (f64, f64) {
        match self.declared(param.name) {
            Some(Value::Pair(a, b)) => (a, b),
            _ => (0.0, 0.0),
        }
    }

    /// A count (0 if absent or of another type).
    pub fn count(&self, param: &Param) -> u64 {
        match self.declared(param.name) {
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
    /// write; `None` for an optimizer with neither. Read by name: each of those optimizers
    /// declares its own `momentum` or `betas`.
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
