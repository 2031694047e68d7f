//! Every way the core refuses an input: unknown names, bad formulas, hyperparameters out of
//! range, optimizers that cannot work on a landscape, starts that are not finite. One enum,
//! so that the explorer and the command line show the same words for the same mistake.

use std::fmt;

/// Why a setup, a hyperparameter or a run was refused.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum Error {
    /// A landscape or optimizer name that is not in its registry.
    #[error("unknown {kind} '{name}' (valid: {valid})")]
    UnknownName {
        /// `landscape` or `optimizer`.
        kind: &'static str,
        /// The name asked for.
        name: String,
        /// The valid names, comma separated.
        valid: String,
    },
    /// A formula that does not parse.
    #[error(transparent)]
    Formula(#[from] ParseError),
    /// A hyperparameter that none of the selected optimizers has.
    #[error("--{flag} does not apply to {selected} (it applies to: {users})")]
    UnusedHyperparameter {
        /// Its command-line spelling (`weight-decay`).
        flag: String,
        /// The selected optimizers, comma separated.
        selected: String,
        /// The optimizers that have it, comma separated.
        users: String,
    },
    /// A hyperparameter value of the wrong type (a number for a switch).
    #[error("{optimizer}: wrong kind of value for {name}")]
    HyperparameterKind {
        /// The optimizer.
        optimizer: &'static str,
        /// The hyperparameter.
        name: &'static str,
    },
    /// A hyperparameter value outside its range.
    #[error("{optimizer}: {name} must be {expected}, got {value}")]
    HyperparameterRange {
        /// The optimizer.
        optimizer: &'static str,
        /// The hyperparameter.
        name: &'static str,
        /// What the range admits, in words.
        expected: &'static str,
        /// The value given, as text.
        value: String,
    },
    /// A learning rate that is zero, negative or not finite, as typed (its shortest exact
    /// form: `text::format::round_trip`, which sits above this leaf).
    #[error("learning rate must be a finite number > 0, got {0}")]
    LearningRate(String),
    /// An optimizer that cannot work on this landscape, or with these settings.
    #[error("{0}")]
    Unsupported(String),
    /// A start with a non-finite coordinate.
    #[error("start must be finite, got ({0})")]
    StartNotFinite(String),
    /// A start with the wrong number of coordinates.
    #[error(
        "--start needs {expected} numbers{} for {landscape} (its parameters {parameters}), got {got}",
        if *expected == 2 { " X,Y" } else { "" }
    )]
    StartDimension {
        /// The landscape.
        landscape: String,
        /// Its number of parameters.
        expected: usize,
        /// Their names, comma separated.
        parameters: String,
        /// How many numbers were given.
        got: usize,
    },
    /// Text that should have been a number, a point, a domain or a size.
    #[error("{0}")]
    Parse(String),
    /// A learning-rate schedule that cannot drive the optimizer, or be read.
    #[error("{0}")]
    Schedule(String),
    /// A size or count out of its range: a basin map of no cells, an ensemble of no copies.
    #[error("{0}")]
    OutOfRange(String),
}

/// The core's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What is wrong with a typed formula and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// Where the problem starts: a 1-based column counted in characters.
    pub column: usize,
    /// How many characters the problem spans (at least 1).
    pub width: usize,
    /// What is wrong, without the position, e.g. `expected a number, x, y, a function or
    /// '(' after '+', found '*'`.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid formula at column {}: {}",
            self.column, self.message
        )
    }
}

impl std::error::Error for ParseError {}
