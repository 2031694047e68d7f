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

mod hyper;
mod spec;
mod torch;

pub use hyper::{Hyperparams, LR_HELP, Param, Range, SharedParam, Value, hyperparameters};
pub use spec::{OptimizerSpec, Overrides, check_lr};

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
