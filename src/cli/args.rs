//! The flags shared by the explorer and the headless commands, turned into the core's plain
//! [`Setup`]. The hyperparameter flags are not written here: [`HyperArgs`] generates one
//! flag per hyperparameter the optimizer registry declares, with its help and defaults.

use clap::builder::ValueParser;
use clap::{Arg, ArgAction, ArgMatches, Args, FromArgMatches};
use plateau_core::many::batch;
use plateau_core::optim::{self, OptimizerSpec, Overrides, Value};
use plateau_core::schedule::{self, ScheduleSpec};
use plateau_core::setup::Session;
use plateau_core::setup::{DEFAULT_LANDSCAPE, LandscapeChoice, Setup};
use plateau_core::text::parse;
use plateau_core::views::View;
use plateau_core::{DEFAULT_SEED, Domain};
use std::num::NonZeroUsize;

/// Which plane of a landscape of more than two parameters the map shows. Shared by the
/// explorer and `render`.
#[derive(Debug, Args, Clone)]
pub struct ViewArgs {
    /// Plane of a model of more than two parameters: two of its parameters A,B (e.g.
    /// w1_1,w2_1), singular, pca, random or random:SEED (default: singular where the model
    /// has it, else its first two parameters).
    #[arg(long, value_name = "VIEW")]
    pub view: Option<String>,
}

impl ViewArgs {
    /// The view asked for, read against `session`'s landscape.
    pub fn resolve(&self, session: &Session) -> Result<Option<View>, String> {
        let Some(text) = self.view.as_deref() else {
            return Ok(None);
        };
        let landscape = session.landscape.as_ref();
        View::applies_to(landscape)
            .and_then(|()| View::parse(text, landscape.info()))
            .map(Some)
            .map_err(|e| e.to_string())
    }
}

/// What to run: landscape, optimizers, start, seed and hyperparameters. Shared by the
/// explorer, `run` and `render`.
#[derive(Debug, Args, Clone)]
pub struct SetupArgs {
    /// Landscape to explore (see `plateau list`).
    #[arg(short = 'l', long, value_name = "LANDSCAPE", default_value = DEFAULT_LANDSCAPE)]
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
        value_parser = |s: &str| parse::domain(s).map_err(|e| e.to_string()),
        allow_hyphen_values = true
    )]
    pub domain: Option<Domain>,
    /// Optimizer; repeat to run several side by side from the same start (default: sgd).
    #[arg(short = 'o', long = "optimizer", value_name = "OPTIMIZER")]
    pub optimizers: Vec<String>,
    /// Start, one number per parameter in the order `plateau list` names them: X,Y on a
    /// plane, six for committee (default: the landscape's own start; for --expr the domain's
    /// centre, moved a little if the gradient vanishes there).
    #[arg(
        long,
        value_name = "X,Y,...",
        value_parser = |s: &str| parse::numbers(s).map(Coordinates).map_err(|e| e.to_string()),
        allow_hyphen_values = true
    )]
    pub start: Option<Coordinates>,
    /// Seed of the random number generator (noise, pgd, langevin).
    #[arg(long, value_name = "SEED", default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// Learning-rate schedule in torch's syntax, e.g. "StepLR(step_size=50, gamma=0.5)";
    /// once for every optimizer, or once per -o in order ('none' for one without).
    #[arg(
        long = "schedule",
        value_name = "SPEC",
        value_parser = schedule_arg,
        long_help = schedule_long_help()
    )]
    pub schedules: Vec<ScheduleArg>,
    /// Hyperparameters.
    #[command(flatten)]
    pub hyper: HyperArgs,
}

/// Refuses more steps than a schedule can follow: torch's OneCycleLR raises once its
/// `last_epoch` passes `total_steps`.
pub fn check_schedule_steps(session: &Session, steps: u64) -> Result<(), String> {
    for spec in &session.specs {
        let Some(schedule) = &spec.schedule else {
            continue;
        };
        if let Some(most) = schedule.max_steps()
            && steps > most
        {
            return Err(format!(
                "{}: {schedule} can follow at most {most} steps (torch raises \"Tried to step \
                 {} times\" after that), got --steps {steps}",
                spec.kind.name,
                most + 1
            ));
        }
    }
    Ok(())
}

/// One `--schedule`: a schedule, or `none`.
#[derive(Clone, Debug, PartialEq)]
pub struct ScheduleArg(pub Option<ScheduleSpec>);

/// Reads one `--schedule`: the error names the problem and its column.
fn schedule_arg(text: &str) -> Result<ScheduleArg, String> {
    if text.trim() == "none" {
        return Ok(ScheduleArg(None));
    }
    ScheduleSpec::parse(text)
        .map(|s| ScheduleArg(Some(s)))
        .map_err(|e| e.to_string())
}

/// The long help of `--schedule`: the grammar and the schedules.
fn schedule_long_help() -> String {
    let names: Vec<&str> = schedule::REGISTRY.iter().map(|k| k.name).collect();
    format!(
        "Learning-rate schedule, stepped once after each optimizer step (as torch \
         documents). Give it once for every optimizer, or once per -o in order, 'none' for \
         an optimizer without: -o sgd -o sgd --schedule none --schedule \"...\".\n\n{}\n\n\
         Schedules: {}.",
        schedule::GRAMMAR,
        names.join(", ")
    )
}

impl SetupArgs {
    /// The core's plain setup of these flags.
    pub fn setup(&self) -> Setup {
        let landscape = match &self.expr {
            Some(text) => LandscapeChoice::Formula {
                text: text.clone(),
                domain: self.domain,
            },
            None => LandscapeChoice::Named(self.landscape.clone()),
        };
        Setup {
            landscape,
            optimizers: self.optimizers.clone(),
            start: self.start.clone().map(|c| c.0),
            seed: self.seed,
            hyper: self.hyper.overrides.clone(),
            schedules: self.schedules.iter().map(|s| s.0.clone()).collect(),
        }
    }

    /// The session of these flags and its one optimizer, for the commands that run many
    /// copies of one (`what` names what they make, e.g. "a basin map", in the error).
    pub fn resolve_one(&self, what: &str) -> Result<(Session, OptimizerSpec), String> {
        let session = self.setup().resolve().map_err(|e| e.to_string())?;
        let [spec] = session.specs.as_slice() else {
            return Err(format!(
                "{what} is of one optimizer, got {} (-o {})",
                session.specs.len(),
                (session.specs.iter().map(|s| s.kind.name))
                    .collect::<Vec<_>>()
                    .join(" -o ")
            ));
        };
        let spec = spec.clone();
        Ok((session, spec))
    }
}

/// The numbers of `--start`, one per parameter (a newtype, so that clap takes the list as
/// one value).
#[derive(Clone, Debug, PartialEq)]
pub struct Coordinates(pub Vec<f64>);

/// The long help of `--expr`: the grammar.
fn expr_long_help() -> String {
    format!(
        "Your own landscape instead of -l, drawn over --domain.\n{}",
        plateau_core::expr::GRAMMAR
    )
}

/// The hyperparameter flags: `--lr` and one flag per hyperparameter name of the optimizer
/// registry (`weight_decay` is `--weight-decay`), each applying to the selected optimizers
/// that have it. Anything not given takes torch's default, and the learning rate the
/// landscape's suggestion for that optimizer.
#[derive(Clone, Debug, Default)]
pub struct HyperArgs {
    /// The hyperparameters given.
    pub overrides: Overrides,
}

/// The argument id of `--lr`.
const LR: &str = "lr";

impl Args for HyperArgs {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        let lr = Arg::new(LR)
            .long(LR)
            .value_name("LR")
            .allow_hyphen_values(true)
            .value_parser(clap::value_parser!(f64))
            .help(capitalised(optim::LR_HELP));
        let mut cmd = cmd.next_help_heading("Hyperparameters").arg(lr);
        for shared in optim::hyperparameters() {
            let param = shared.first();
            let kind = param.default;
            let parser = ValueParser::new(move |s: &str| {
                Value::parse_like(kind, s).map_err(|e| e.to_string())
            });
            let lines = shared.describe();
            let short = match lines.as_slice() {
                [one] => one.clone(),
                _ => format!("{} ({})", capitalised(param.help), shared.users()),
            };
            let mut arg = Arg::new(param.name)
                .long(param.flag())
                .value_parser(parser)
                .action(ArgAction::Set)
                .help(short)
                .long_help(lines.join("\n"));
            arg = match kind {
                Value::Bool(_) => arg
                    .value_name("BOOL")
                    .num_args(0..=1)
                    .default_missing_value("true"),
                Value::Pair(..) => arg.value_name("A,B").allow_hyphen_values(true),
                Value::Count(_) => arg.value_name("N"),
                Value::Float(_) => arg.value_name("X").allow_hyphen_values(true),
            };
            cmd = cmd.arg(arg);
        }
        // The options declared after these go back under the usual heading.
        cmd.next_help_heading(None::<&str>)
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

impl FromArgMatches for HyperArgs {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let mut args = Self::default();
        args.update_from_arg_matches(matches)?;
        Ok(args)
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        if let Some(lr) = matches.get_one::<f64>(LR) {
            self.overrides.lr = Some(*lr);
        }
        for shared in optim::hyperparameters() {
            let name = shared.first().name;
            if let Some(value) = matches.get_one::<Value>(name) {
                self.overrides.values.retain(|(n, _)| n != name);
                self.overrides.values.push((name.to_owned(), *value));
            }
        }
        Ok(())
    }
}

/// The hyperparameter flags as a Markdown table (`| flag | optimizers and torch defaults |`),
/// as the README shows it; a test keeps the README equal to it.
pub fn hyperparameter_table() -> String {
    let mut text = String::from(
        "| flag | optimizers and their defaults |\n|---|---|\n\
         | `--lr` | all: the landscape's suggestion for the optimizer (`plateau list`) |\n",
    );
    for shared in optim::hyperparameters() {
        text.push_str(&format!(
            "| `--{}` | {} |\n",
            shared.first().flag(),
            shared.defaults()
        ));
    }
    text
}

/// `text` with its first letter upper-case, as clap's help lines are.
pub(crate) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The most threads `--threads` accepts.
const MAX_THREADS: usize = 1024;

/// `--threads`: how many threads compute. Shared by `run`, `basins` and `ensemble`, whose
/// output is the same whatever the number.
#[derive(Debug, Args, Clone, Copy)]
pub struct ThreadsArg {
    /// Threads to compute on (default: every core; at most 4 per core); the output does not
    /// depend on it.
    #[arg(long, value_name = "N", value_parser = threads)]
    pub threads: Option<NonZeroUsize>,
}

impl ThreadsArg {
    /// The number of threads: as given, or every core; at most 4 per core.
    pub fn get(&self) -> NonZeroUsize {
        batch::threads(self.threads)
    }
}

/// Reads `--threads`: a whole number from 1 to [`MAX_THREADS`].
fn threads(s: &str) -> Result<NonZeroUsize, String> {
    s.parse::<usize>()
        .ok()
        .filter(|n| (1..=MAX_THREADS).contains(n))
        .and_then(NonZeroUsize::new)
        .ok_or_else(|| format!("expected a whole number from 1 to {MAX_THREADS}, got '{s}'"))
}

/// Whether to use colour, and how many colours.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal unless `NO_COLOR` is set; 24-bit where the terminal says it has
    /// it (COLORTERM, a TERM ending in -direct, tmux's RGB feature), else 256 colours.
    #[default]
    Auto,
    /// Always colour (ANSI escapes even when not writing to a terminal), as many colours as
    /// auto finds.
    Always,
    /// Never colour.
    Never,
    /// Always colour, in 24-bit colour (e.g. over SSH, which does not forward COLORTERM).
    Truecolor,
    /// Always colour, in the 256 colours of xterm.
    #[value(name = "256")]
    Indexed256,
}

impl ColorChoice {
    /// Resolves `Auto` given whether the output is a terminal and the `NO_COLOR`
    /// convention (set and non-empty disables colour, <https://no-color.org>).
    pub fn enabled(self, is_terminal: bool) -> bool {
        match self {
            Self::Always | Self::Truecolor | Self::Indexed256 => true,
            Self::Never => false,
            Self::Auto => is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    /// Whether colour, when on, is 24-bit: as forced, or as `detected` says (asked only
    /// when neither `truecolor` nor `256` was given).
    pub fn truecolor(self, detected: impl FnOnce() -> bool) -> bool {
        match self {
            Self::Truecolor => true,
            Self::Indexed256 | Self::Never => false,
            Self::Auto | Self::Always => detected(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_choices_ignore_the_terminal() {
        assert!(ColorChoice::Always.enabled(false));
        assert!(!ColorChoice::Never.enabled(true));
        assert!(ColorChoice::Truecolor.enabled(false));
        assert!(ColorChoice::Indexed256.enabled(false));
    }

    #[test]
    fn forced_depths_ignore_the_detection() {
        let never_asked = || panic!("the terminal is not asked when the depth is forced");
        assert!(ColorChoice::Truecolor.truecolor(never_asked));
        assert!(!ColorChoice::Indexed256.truecolor(never_asked));
        assert!(ColorChoice::Always.truecolor(|| true));
        assert!(!ColorChoice::Auto.truecolor(|| false));
    }

    #[test]
    fn every_declared_hyperparameter_is_a_flag() {
        use clap::CommandFactory;
        let cmd = crate::cli::Cli::command();
        let run = cmd.find_subcommand("run").expect("run");
        for shared in optim::hyperparameters() {
            let flag = shared.first().flag();
            assert!(
                run.get_arguments()
                    .any(|a| a.get_long() == Some(flag.as_str())),
                "--{flag} missing"
            );
        }
    }
}
