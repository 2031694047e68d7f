//! What a user asks to run, as plain data ([`Setup`]), and its resolution into runnable
//! objects ([`Session`]): the landscape looked up or parsed, every optimizer's hyperparameters
//! resolved against its defaults and the landscape's suggested learning rate, the start
//! chosen. The command line fills a [`Setup`] from its flags; the explorer and the headless
//! commands take the [`Session`].

use crate::DEFAULT_SEED;
use crate::error::{Error, Result};
use crate::geometry::domain::Domain;
use crate::landscape::{self, Landscape};
use crate::optim::{self, OptimizerSpec, Overrides};
use crate::run::Run;
use crate::schedule::ScheduleSpec;
use std::sync::Arc;

/// Which landscape to run on.
#[derive(Clone, Debug, PartialEq)]
pub enum LandscapeChoice {
    /// A built-in landscape by its registry name.
    Named(String),
    /// A formula in x and y over a domain (the default domain if `None`).
    Formula {
        /// The formula's text.
        text: String,
        /// Where to draw it.
        domain: Option<Domain>,
    },
}

/// The optimizer used when none is named.
pub const DEFAULT_OPTIMIZER: &str = "sgd";

/// The landscape used when none is named.
pub const DEFAULT_LANDSCAPE: &str = "neuron";

/// What to run, as given: names, a start, a seed and hyperparameter overrides.
#[derive(Clone, Debug, PartialEq)]
pub struct Setup {
    /// The landscape.
    pub landscape: LandscapeChoice,
    /// Optimizer names, in order (empty: [`DEFAULT_OPTIMIZER`]).
    pub optimizers: Vec<String>,
    /// The start, one coordinate per parameter (`None`: the landscape's own).
    pub start: Option<Vec<f64>>,
    /// The seed of every run's random number generator.
    pub seed: u64,
    /// Hyperparameters given by the user.
    pub hyper: Overrides,
    /// Learning-rate schedules: none, one for every optimizer, or one per optimizer in
    /// order (`None` for an optimizer without).
    pub schedules: Vec<Option<ScheduleSpec>>,
}

impl Default for Setup {
    fn default() -> Self {
        Self {
            landscape: LandscapeChoice::Named(DEFAULT_LANDSCAPE.to_owned()),
            optimizers: Vec::new(),
            start: None,
            seed: DEFAULT_SEED,
            hyper: Overrides::default(),
            schedules: Vec::new(),
        }
    }
}

/// A setup resolved into core objects, ready to run.
#[derive(Clone)]
pub struct Session {
    /// The landscape.
    pub landscape: Arc<dyn Landscape>,
    /// One spec per selected optimizer, in the order given (at least one).
    pub specs: Vec<OptimizerSpec>,
    /// The common start, one coordinate per parameter.
    pub start: Vec<f64>,
    /// The seed of every run's RNG.
    pub seed: u64,
    /// The hyperparameters the user gave (what other optimizers of the same session would
    /// be resolved with).
    pub overrides: Overrides,
}

impl Session {
    /// A fresh run of `spec` on the landscape from the common start and seed.
    pub fn run(&self, spec: &OptimizerSpec) -> Result<Run> {
        Run::new(self.landscape.clone(), spec.clone(), &self.start, self.seed)
    }
}

impl Setup {
    /// Looks up the landscape and optimizers, resolves their hyperparameters, checks that
    /// every given hyperparameter is used by at least one selected optimizer and that every
    /// optimizer can work on the landscape.
    pub fn resolve(&self) -> Result<Session> {
        let landscape = match &self.landscape {
            LandscapeChoice::Formula { text, domain } => {
                landscape::from_expr(text, domain.unwrap_or(landscape::DEFAULT_DOMAIN))?
            }
            LandscapeChoice::Named(name) => landscape::by_name(name)?,
        };
        let names: Vec<&str> = if self.optimizers.is_empty() {
            vec![DEFAULT_OPTIMIZER]
        } else {
            self.optimizers.iter().map(String::as_str).collect()
        };
        let kinds = names
            .iter()
            .map(|n| optim::by_name(n))
            .collect::<Result<Vec<_>>>()?;
        for (name, _) in &self.hyper.values {
            let has = |k: &optim::OptimizerKind| k.params.iter().any(|p| p.name == name);
            if !kinds.iter().any(|k| has(k)) {
                let users: Vec<&str> = (optim::REGISTRY.iter())
                    .filter(|k| has(k))
                    .map(|k| k.name)
                    .collect();
                return Err(Error::UnusedHyperparameter {
                    flag: name.replace('_', "-"),
                    selected: names.join(", "),
                    users: users.join(", "),
                });
            }
        }
        let schedules = match self.schedules.len() {
            0 => vec![None; kinds.len()],
            1 => vec![self.schedules[0].clone(); kinds.len()],
            n if n == kinds.len() => self.schedules.clone(),
            n => {
                return Err(Error::Schedule(format!(
                    "--schedule given {n} times for {} optimizers: give one for all of them, \
                     or one per -o in order (none for an optimizer without)",
                    kinds.len()
                )));
            }
        };
        let specs = (kinds.into_iter().zip(schedules))
            .map(|(k, schedule)| {
                OptimizerSpec::resolve(k, &self.hyper, &landscape.info().lr)?
                    .with_schedule(schedule)
            })
            .collect::<Result<Vec<_>>>()?;
        let start = self
            .start
            .clone()
            .unwrap_or_else(|| landscape.info().start.clone());
        crate::run::check_start(landscape.info(), &start)?;
        for spec in &specs {
            spec.build(landscape.as_ref())?;
        }
        Ok(Session {
            landscape,
            specs,
            start,
            seed: self.seed,
            overrides: self.hyper.clone(),
        })
    }
}
