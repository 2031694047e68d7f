//! An optimizer kind with its hyperparameters resolved against the user's overrides and
//! the landscape's suggested learning rate: everything needed to build one.

use super::hyper::{Hyperparams, Value};
use super::{Optimizer, OptimizerKind};
use crate::error::{Error, Result};
use crate::landscape::{Landscape, SuggestedLr};

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
    /// The same optimizer (the registry's own entry) with the same hyperparameters and
    /// schedule.
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
