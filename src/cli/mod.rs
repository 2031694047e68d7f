//! The command line: clap definitions and their resolution into core types. The
//! subcommands live in their own files; with no subcommand, plateau opens the explorer.

mod list;
mod output;
mod render;
mod run;

use crate::style::ColorChoice;
use clap::{Args, Parser, Subcommand};
use plateau_core::landscape::{self, Landscape};
use plateau_core::optim::{self, OptimizerSpec, Overrides, Value};
use plateau_core::run::Run;
use plateau_core::{DEFAULT_SEED, Domain, Point};
use std::sync::Arc;

pub use list::list;
pub use render::{render, render_frame};
pub use run::run;

/// Explore why gradient training stalls on plateaus, saddles and singular regions, and how
/// optimizers escape — in a terminal.
#[derive(Debug, Parser)]
#[command(
    name = "plateau",
    version,
    args_conflicts_with_subcommands = true,
    after_help = "With no subcommand plateau opens the interactive explorer (press ? inside for keys).\nExamples:\n  plateau                                   neuron plateau with sgd: press Space\n  plateau -l saddle -o sgd -o adam          race two optimizers on a saddle\n  plateau run -l quartic -o sgd --lr 0.01 --start -3,0 --steps 100\n  plateau render -l himmelblau -o adam --steps 200"
)]
pub struct Cli {
    /// What to do (default: open the explorer).
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Options of the explorer.
    #[command(flatten)]
    pub explore: ExploreArgs,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run optimizers without a screen and print every step as CSV (or JSON).
    Run(RunArgs),
    /// List the landscapes and optimizers with their defaults.
    List(ListArgs),
    /// Print one frame of the contour view as text.
    Render(RenderArgs),
}

/// What to run: landscape, optimizers, start, seed and hyperparameters. Shared by the
/// explorer, `run` and `render`.
#[derive(Debug, Args, Clone)]
pub struct Setup {
    /// Landscape to explore (see `plateau list`).
    #[arg(short = 'l', long, value_name = "LANDSCAPE", default_value = "neuron")]
    pub landscape: String,
    /// Your own landscape: a formula in x and y, e.g. "(1-x)^2 + 100*(y-x^2)^2" (instead of
    /// -l; --help shows the grammar).
    #[arg(
        long,
        value_name = "EXPR",
        conflicts_with = "landscape",
        allow_hyphen_values = true,
        long_help = expr_long_help()
    )]
    pub expr: Option<String>,
    /// Plot domain of --expr (default: -3,3,-3,3).
    #[arg(
        long,
        value_name = "XMIN,XMAX,YMIN,YMAX",
        requires = "expr",
        conflicts_with = "landscape",
        value_parser = parse_domain,
        allow_hyphen_values = true
    )]
    pub domain: Option<Domain>,
    /// Optimizer; repeat to run several side by side from the same start (default: sgd).
    #[arg(short = 'o', long = "optimizer", value_name = "OPTIMIZER")]
    pub optimizers: Vec<String>,
    /// Start point X,Y (default: the landscape's own start; for --expr the domain's centre,
    /// moved a little if the gradient vanishes there).
    #[arg(long, value_name = "X,Y", value_parser = parse_point, allow_hyphen_values = true)]
    pub start: Option<Point>,
    /// Seed of the random number generator (noise, pgd, langevin).
    #[arg(long, value_name = "SEED", default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// Hyperparameters.
    #[command(flatten)]
    pub hyper: HyperArgs,
}

/// Hyperparameter flags. Each applies to the selected optimizers that have it (an error if
/// none has it); anything not given takes torch's default, and the learning rate the
/// landscape's suggestion for that optimizer (`plateau list`).
#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "Hyperparameters")]
pub struct HyperArgs {
    /// Learning rate (default: the landscape's suggestion for the optimizer).
    #[arg(long, value_name = "LR", allow_hyphen_values = true)]
    pub lr: Option<f64>,
    /// Momentum factor (sgd, momentum, nesterov: default 0 / 0.9; rmsprop: 0).
    #[arg(long, value_name = "MU", allow_hyphen_values = true)]
    pub momentum: Option<f64>,
    /// Momentum dampening (sgd family, default 0).
    #[arg(long, value_name = "TAU", allow_hyphen_values = true)]
    pub dampening: Option<f64>,
    /// Nesterov momentum (sgd family).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub nesterov: Option<bool>,
    /// L2 weight decay (sgd family, adagrad, adadelta, rmsprop, adam); decoupled for adamw.
    #[arg(long, value_name = "WD", allow_hyphen_values = true)]
    pub weight_decay: Option<f64>,
    /// Learning-rate decay (adagrad, default 0).
    #[arg(long, value_name = "D", allow_hyphen_values = true)]
    pub lr_decay: Option<f64>,
    /// Initial accumulator value (adagrad, default 0).
    #[arg(long, value_name = "V", allow_hyphen_values = true)]
    pub initial_accumulator_value: Option<f64>,
    /// Term added for numerical stability (adagrad 1e-10, adadelta 1e-6, rmsprop/adam 1e-8).
    #[arg(long, value_name = "EPS", allow_hyphen_values = true)]
    pub eps: Option<f64>,
    /// Decay of the squared-gradient average (adadelta, default 0.9).
    #[arg(long, value_name = "RHO", allow_hyphen_values = true)]
    pub rho: Option<f64>,
    /// Smoothing constant (rmsprop, default 0.99).
    #[arg(long, value_name = "ALPHA", allow_hyphen_values = true)]
    pub alpha: Option<f64>,
    /// Centered RMSprop (normalise by the variance estimate).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub centered: Option<bool>,
    /// Adam's decay rates B1,B2 (default 0.9,0.999).
    #[arg(long, value_name = "B1,B2", value_parser = parse_pair, allow_hyphen_values = true)]
    pub betas: Option<(f64, f64)>,
    /// AMSGrad variant of adam/adamw.
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub amsgrad: Option<bool>,
    /// Eigenvalue floor of newton/sfn (1e-3) or Tikhonov damping of natgrad (1e-4).
    #[arg(long, value_name = "D", allow_hyphen_values = true)]
    pub damping: Option<f64>,
    /// Gradient-norm threshold below which pgd kicks (default 1e-3).
    #[arg(long, value_name = "G", allow_hyphen_values = true)]
    pub threshold: Option<f64>,
    /// Minimum number of steps between two pgd kicks (default 10).
    #[arg(long, value_name = "T")]
    pub interval: Option<u64>,
    /// Radius of pgd's uniform kick (default 0.1).
    #[arg(long, value_name = "R", allow_hyphen_values = true)]
    pub radius: Option<f64>,
    /// Temperature of langevin's noise sqrt(2·lr·T)·N(0,I) (default 1e-3).
    #[arg(long, value_name = "T", allow_hyphen_values = true)]
    pub temperature: Option<f64>,
}

impl HyperArgs {
    /// The given hyperparameters other than the learning rate, by torch name.
    fn given(&self) -> Vec<(String, Value)> {
        let floats = [
            ("momentum", self.momentum),
            ("dampening", self.dampening),
            ("weight_decay", self.weight_decay),
            ("lr_decay", self.lr_decay),
            ("initial_accumulator_value", self.initial_accumulator_value),
            ("eps", self.eps),
            ("rho", self.rho),
            ("alpha", self.alpha),
            ("damping", self.damping),
            ("threshold", self.threshold),
            ("radius", self.radius),
            ("temperature", self.temperature),
        ];
        let flags = [
            ("nesterov", self.nesterov),
            ("centered", self.centered),
            ("amsgrad", self.amsgrad),
        ];
        let floats = floats
            .into_iter()
            .filter_map(|(n, v)| v.map(|v| (n.to_owned(), Value::Float(v))));
        let flags = flags
            .into_iter()
            .filter_map(|(n, v)| v.map(|v| (n.to_owned(), Value::Bool(v))));
        let rest = self
            .betas
            .map(|(a, b)| ("betas".to_owned(), Value::Pair(a, b)))
            .into_iter()
            .chain(
                self.interval
                    .map(|t| ("interval".to_owned(), Value::Count(t))),
            );
        floats.chain(flags).chain(rest).collect()
    }

    /// The overrides for [`OptimizerSpec::resolve`].
    pub fn overrides(&self) -> Overrides {
        Overrides {
            lr: self.lr,
            values: self.given(),
        }
    }
}

/// Options of the explorer (plateau with no subcommand).
#[derive(Debug, Args, Clone)]
pub struct ExploreArgs {
    /// What to run.
    #[command(flatten)]
    pub setup: Setup,
    /// Draw with ASCII characters only.
    #[arg(long)]
    pub ascii: bool,
    /// Use colour (auto: on a terminal unless NO_COLOR is set; --record: on unless never).
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Key script to play, e.g. "space wait 3s n wait 1s o wait 2s q" (see --help).
    #[arg(long, value_name = "SCRIPT", long_help = crate::tui::script::LONG_HELP,
          conflicts_with = "keys_file", allow_hyphen_values = true)]
    pub keys: Option<String>,
    /// Read the key script from FILE (same grammar as --keys).
    #[arg(long, value_name = "FILE")]
    pub keys_file: Option<std::path::PathBuf>,
    /// Record the script as an asciicast v2 file on a virtual clock, with no terminal.
    #[arg(long, value_name = "FILE.cast", requires = "size")]
    pub record: Option<std::path::PathBuf>,
    /// Screen size of the recording, e.g. 100x30.
    #[arg(long, value_name = "COLSxROWS", value_parser = crate::tui::headless::parse_size,
          requires = "record")]
    pub size: Option<(u16, u16)>,
}

/// Options of `plateau run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// What to run.
    #[command(flatten)]
    pub setup: Setup,
    /// Number of steps (0 to 10,000,000; 0 prints only the start; JSON at most 1,000,000).
    #[arg(long, value_name = "N", required = true)]
    pub steps: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
}

/// Output formats of `plateau run`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `optimizer,step,x,y,loss,grad_norm`, one row per step (the start is step 0).
    Csv,
    /// One object per optimizer: resolved configuration and the arrays.
    Json,
}

/// Options of `plateau list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Options of `plateau render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// What to draw (an optimizer's trail is drawn only with --steps).
    #[command(flatten)]
    pub setup: Setup,
    /// Steps of each optimizer whose trail is drawn (0: only the start).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub steps: u64,
    /// Width of the frame in characters.
    #[arg(long, value_name = "COLS", default_value_t = 80)]
    pub width: u16,
    /// Height of the frame in lines.
    #[arg(long, value_name = "ROWS", default_value_t = 24)]
    pub height: u16,
    /// Draw with ASCII characters only.
    #[arg(long)]
    pub ascii: bool,
    /// Colour the frame with ANSI escapes (auto means never for render: plain text).
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// The largest `--steps` accepted by `run` and `render`.
pub const MAX_STEPS: u64 = 10_000_000;

/// The largest `--steps` of `run --format json`, which holds every step in memory (CSV
/// streams).
pub const MAX_JSON_STEPS: u64 = 1_000_000;

/// A setup resolved into core objects.
#[derive(Clone)]
pub struct Resolved {
    /// The landscape.
    pub landscape: Arc<dyn Landscape>,
    /// One spec per selected optimizer, in command-line order (at least one).
    pub specs: Vec<OptimizerSpec>,
    /// The common start.
    pub start: Point,
    /// The seed of every run's RNG.
    pub seed: u64,
}

impl Resolved {
    /// A fresh run of `spec` on the landscape from the common start and seed.
    pub fn run(&self, spec: &OptimizerSpec) -> Result<Run, String> {
        Run::new(self.landscape.clone(), spec.clone(), self.start, self.seed)
    }
}

impl Setup {
    /// Looks up the landscape and optimizers, resolves their hyperparameters, and checks
    /// that every given hyperparameter is used by at least one selected optimizer.
    pub fn resolve(&self) -> Result<Resolved, String> {
        let landscape = match &self.expr {
            Some(formula) => {
                landscape::from_expr(formula, self.domain.unwrap_or(landscape::DEFAULT_DOMAIN))
                    .map_err(|e| e.to_string())?
            }
            None => landscape::by_name(&self.landscape)?,
        };
        let names: Vec<&str> = if self.optimizers.is_empty() {
            vec!["sgd"]
        } else {
            self.optimizers.iter().map(String::as_str).collect()
        };
        let kinds = names
            .iter()
            .map(|n| optim::by_name(n))
            .collect::<Result<Vec<_>, _>>()?;
        let overrides = self.hyper.overrides();
        for (name, _) in &overrides.values {
            if !kinds
                .iter()
                .any(|k| k.params.iter().any(|p| p.name == name))
            {
                let users: Vec<&str> = optim::REGISTRY
                    .iter()
                    .filter(|k| k.params.iter().any(|p| p.name == name))
                    .map(|k| k.name)
                    .collect();
                return Err(format!(
                    "--{} does not apply to {} (it applies to: {})",
                    name.replace('_', "-"),
                    names.join(", "),
                    users.join(", ")
                ));
            }
        }
        let specs = kinds
            .into_iter()
            .map(|k| OptimizerSpec::resolve(k, &overrides, &landscape.info().lr))
            .collect::<Result<Vec<_>, _>>()?;
        let start = self.start.unwrap_or(landscape.info().start);
        for spec in &specs {
            spec.build(landscape.as_ref())?;
        }
        Ok(Resolved {
            landscape,
            specs,
            start,
            seed: self.seed,
        })
    }
}

/// Condenses a clap error message into one line: its first paragraph with the line breaks
/// folded, without the leading `error: `, plus a pointer to `--help`.
pub fn one_line(clap_message: &str) -> String {
    let first_paragraph = clap_message.split("\n\n").next().unwrap_or_default();
    let folded = first_paragraph
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let message = folded.strip_prefix("error: ").unwrap_or(&folded);
    format!("{message} (see plateau --help)")
}

/// Parses `X,Y` into a finite point.
pub fn parse_point(s: &str) -> Result<Point, String> {
    let (x, y) =
        parse_pair(s).map_err(|_| format!("expected X,Y with two finite numbers, got '{s}'"))?;
    Ok(Point::new(x, y))
}

/// Parses `XMIN,XMAX,YMIN,YMAX` into a domain.
pub fn parse_domain(s: &str) -> Result<Domain, String> {
    let numbers: Vec<f64> = s
        .split(',')
        .map(|v| v.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .ok()
        .filter(|v: &Vec<f64>| v.len() == 4 && v.iter().all(|x| x.is_finite()))
        .ok_or_else(|| {
            format!("expected XMIN,XMAX,YMIN,YMAX with four finite numbers, got '{s}'")
        })?;
    Domain::new(numbers[0], numbers[1], numbers[2], numbers[3])
        .ok_or_else(|| format!("the domain needs XMIN < XMAX and YMIN < YMAX, got '{s}'"))
}

/// The long help of `--expr`: the grammar.
fn expr_long_help() -> String {
    format!(
        "Your own landscape instead of -l, drawn over --domain.\n{}",
        plateau_core::expr::GRAMMAR
    )
}

/// Parses `A,B` into two finite numbers.
pub fn parse_pair(s: &str) -> Result<(f64, f64), String> {
    let parts: Vec<&str> = s.split(',').map(str::trim).collect();
    let bad = || format!("expected two finite numbers A,B, got '{s}'");
    let [a, b] = parts.as_slice() else {
        return Err(bad());
    };
    let a: f64 = a.parse().map_err(|_| bad())?;
    let b: f64 = b.parse().map_err(|_| bad())?;
    if a.is_finite() && b.is_finite() {
        Ok((a, b))
    } else {
        Err(bad())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_need_two_finite_numbers() {
        assert_eq!(parse_point("1,-2.5").unwrap(), Point::new(1.0, -2.5));
        assert_eq!(parse_point(" 1 , 2 ").unwrap(), Point::new(1.0, 2.0));
        for bad in ["1,2,3", "nan,0", "1", "", "a,b", "inf,1", "1,"] {
            assert!(parse_point(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn domains_need_four_finite_ordered_numbers() {
        assert_eq!(
            parse_domain("-1, 2,0,0.5").unwrap(),
            Domain::new(-1.0, 2.0, 0.0, 0.5).unwrap()
        );
        for bad in [
            "1,2,3",
            "0,1,0,1,0",
            "a,1,0,1",
            "nan,1,0,1",
            "0,inf,0,1",
            "",
        ] {
            assert!(
                parse_domain(bad).unwrap_err().contains("four finite"),
                "{bad}"
            );
        }
        for bad in ["1,0,0,1", "0,1,2,2"] {
            assert!(
                parse_domain(bad).unwrap_err().contains("XMIN < XMAX"),
                "{bad}"
            );
        }
    }

    #[test]
    fn clap_errors_become_one_line() {
        let e = "error: the following required arguments were not provided:\n  --steps <N>\n\nUsage: plateau run --steps <N>\n\nFor more information, try '--help'.\n";
        assert_eq!(
            one_line(e),
            "the following required arguments were not provided: --steps <N> (see plateau --help)"
        );
    }

    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
