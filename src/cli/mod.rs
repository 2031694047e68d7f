//! The command line: the only place that knows clap. Flags become the core's plain
//! [`plateau_core::setup::Setup`] ([`args`]) and the explorer's [`Config`]; each subcommand
//! lives in its own file. With no subcommand, plateau opens the explorer.

pub mod args;
mod basins;
mod completions;
mod ensemble;
mod frame_text;
pub mod json;
mod list;
mod opening;
pub mod output;
mod render;
mod run;
pub mod svg;
mod theory;
mod tour;

use crate::tui::config::{Config, Recording};
use crate::tui::input::script;
use crate::tui::term::depth;
use crate::tui::theme::Options;
use crate::tui::tour::Lang;
use args::{ColorChoice, SetupArgs, ThreadsArg, ViewArgs};
use clap::{Args, Parser, Subcommand};
use plateau_core::setup::Session;
use plateau_core::views::View;
use std::io::IsTerminal;
use std::path::PathBuf;

pub use basins::{BasinsArgs, basins};
pub use completions::{completions, man};
pub use ensemble::{EnsembleArgs, ensemble};
pub use list::list;
pub use render::{RenderFormat, frame, render, render_frame};
pub use run::run;
pub use theory::{TheoryArgs, theory};
pub use tour::{TourArgs, tour};

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
    /// Take the guided tour: eight chapters from gradient descent to escaping plateaus (en/ja).
    Tour(TourArgs),
    /// Print one frame of the contour view as text.
    Render(RenderArgs),
    /// Map the basins of attraction: from every cell of a view, which minimum a run ends in.
    Basins(BasinsArgs),
    /// Run many noisy copies from one start and tell when each escaped.
    Ensemble(EnsembleArgs),
    /// Integrate the soft committee machine's order-parameter ODE (the theory of plateaus).
    Theory(TheoryArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the manual page (roff) on stdout.
    Man,
}

/// Options of the explorer (plateau with no subcommand).
#[derive(Debug, Args, Clone)]
pub struct ExploreArgs {
    /// What to run.
    #[command(flatten)]
    pub setup: SetupArgs,
    /// Which plane of an N-D model to show.
    #[command(flatten)]
    pub view: ViewArgs,
    /// How to draw, what to play, where to record.
    #[command(flatten)]
    pub screen: ScreenArgs,
}

/// How the explorer draws, which keys it plays and where it records: shared by the explorer
/// and `plateau tour`.
#[derive(Debug, Args, Clone)]
#[command(group = clap::ArgGroup::new("script").args(["keys", "keys_file"]))]
pub struct ScreenArgs {
    /// Threads of the basin map and the escape ensemble.
    #[command(flatten)]
    pub threads: ThreadsArg,
    /// Draw with ASCII characters only.
    #[arg(long)]
    pub ascii: bool,
    /// Use colour (auto: on a terminal unless NO_COLOR is set, 24-bit where the terminal
    /// says it has it; --record: on unless never, 24-bit unless 256).
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Key script to play, e.g. "space wait 3s n wait 1s o wait 2s q" (see --help).
    #[arg(long, value_name = "SCRIPT", long_help = script::LONG_HELP,
          conflicts_with = "keys_file", allow_hyphen_values = true)]
    pub keys: Option<String>,
    /// Read the key script from FILE (same grammar as --keys).
    #[arg(long, value_name = "FILE")]
    pub keys_file: Option<PathBuf>,
    /// Record the script as an asciicast v2 file on a virtual clock, with no terminal.
    #[arg(long, value_name = "FILE.cast", requires_all = ["size", "script"])]
    pub record: Option<PathBuf>,
    /// How the explorer opens: the keys' toggles and settings as flags.
    #[command(flatten)]
    pub opening: opening::OpeningArgs,
    /// Screen size of the recording, e.g. 100x30.
    #[arg(long, value_name = "COLSxROWS",
          value_parser = |s: &str| plateau_core::text::parse::size(s).map_err(|e| e.to_string()),
          requires = "record")]
    pub size: Option<(u16, u16)>,
}

impl ExploreArgs {
    /// The explorer's configuration: the setup resolved and the screen's options read
    /// ([`ScreenArgs::config`]); the tour (`t`) speaks the locale's language.
    pub fn config(&self) -> Result<Config, String> {
        let session = self.setup.setup().resolve().map_err(|e| e.to_string())?;
        let view = self.view.resolve(&session)?;
        self.screen.config(session, view, None)
    }
}

impl ScreenArgs {
    /// The configuration of an explorer running `session` (seen through `view`), the tour
    /// open at `tour` (a language and a chapter) or not: the key script read and parsed,
    /// colour decided (a recording is in colour unless `--color never`: the file depends on
    /// the arguments alone, not on the recording shell's `NO_COLOR`).
    pub fn config(
        &self,
        session: Session,
        view: Option<View>,
        tour: Option<(Lang, usize)>,
    ) -> Result<Config, String> {
        if let Some(record) = &self.record
            && output::is_stdout(record)
        {
            // `--record /dev/stdout >&-` would record into the runtime's stand-in /dev/null.
            output::stdout_open()?;
        }
        if let (Some(keys), Some(record)) = (&self.keys_file, &self.record)
            && crate::tui::term::file::same_regular_file(keys, record)
        {
            return Err(format!(
                "--record {} is the key script --keys-file {}: the recording would overwrite it",
                record.display(),
                keys.display()
            ));
        }
        let script = script::load(self.keys.as_deref(), self.keys_file.as_deref())?;
        let record = match (&self.record, self.size) {
            (Some(path), Some(size)) => Some(Recording {
                path: path.clone(),
                size,
            }),
            _ => None,
        };
        let color = if record.is_some() {
            self.color != ColorChoice::Never
        } else {
            self.color.enabled(std::io::stdout().is_terminal())
        };
        let lang = match tour {
            Some((lang, _)) => lang,
            // ASCII cannot show Japanese: the locale's choice gives way.
            None if self.ascii => Lang::En,
            None => Lang::from_env(),
        };
        Ok(Config {
            view,
            threads: self.threads.get(),
            session,
            options: Options {
                ascii: self.ascii,
                color,
                // A recording is drawn in 24-bit colour unless --color 256 (players and GIF
                // renderers show it); a terminal gets it when it says it has it.
                truecolor: color
                    && self
                        .color
                        .truecolor(|| record.is_some() || depth::truecolor_terminal()),
            },
            lang,
            tour: tour.map(|(_, chapter)| chapter),
            script,
            record,
            opening: self.opening.opening.clone(),
        })
    }
}

/// Options of `plateau run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// What to run.
    #[command(flatten)]
    pub setup: SetupArgs,
    /// Number of steps (0 to 10,000,000; 0 prints only the start; JSON at most 1,000,000).
    #[arg(long, value_name = "N", required = true)]
    pub steps: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
    /// Threads (several -o run side by side).
    #[command(flatten)]
    pub threads: ThreadsArg,
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
    pub setup: SetupArgs,
    /// Which plane of an N-D model to show.
    #[command(flatten)]
    pub view: ViewArgs,
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
    /// Colour the frame with ANSI escapes (auto means never for render: plain text; always
    /// is 256 colours, truecolor 24-bit; an SVG is in 24-bit colour unless never or 256).
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Write text, or an SVG picture of the frame.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = RenderFormat::Text)]
    pub format: RenderFormat,
}

/// Options of `plateau completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// The largest `--steps` accepted by `run` and `render`.
pub const MAX_STEPS: u64 = 10_000_000;

/// The largest `--steps` of `run --format json`, which holds every step in memory (CSV
/// streams).
pub const MAX_JSON_STEPS: u64 = 1_000_000;

/// The most optimizers (`-o`) one command runs side by side: the explorer's racers (keys
/// 1–9), and the same for `run` and `render`, whose memory and output grow with each.
pub const MAX_OPTIMIZERS: usize = crate::tui::app::MAX_RACERS;

/// Runs the command line `cli`: a subcommand, or the explorer.
pub fn dispatch(cli: &Cli) -> Result<(), String> {
    let setup = match &cli.command {
        Some(Command::Run(args)) => Some(&args.setup),
        Some(Command::Render(args)) => Some(&args.setup),
        Some(_) => None,
        None => Some(&cli.explore.setup),
    };
    if let Some(setup) = setup
        && setup.optimizers.len() > MAX_OPTIMIZERS
    {
        return Err(format!(
            "at most {MAX_OPTIMIZERS} optimizers (-o) run at once, got {}",
            setup.optimizers.len()
        ));
    }
    let on_a_terminal = matches!(
        &cli.command,
        None | Some(Command::Tour(TourArgs { list: false, .. }))
    );
    if !on_a_terminal {
        // Every other subcommand writes to stdout.
        output::stdout_open()?;
    }
    match &cli.command {
        Some(Command::Run(args)) => run(args),
        Some(Command::List(args)) => list(args),
        Some(Command::Render(args)) => render(args),
        Some(Command::Basins(args)) => basins(args),
        Some(Command::Ensemble(args)) => ensemble(args),
        Some(Command::Theory(args)) => theory(args),
        Some(Command::Completions(args)) => completions(args),
        Some(Command::Man) => man(),
        Some(Command::Tour(args)) => tour(args),
        None => crate::tui::explore(cli.explore.config()?),
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

#[cfg(test)]
mod tests {
    use super::*;

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
