//! The explorer's toggles and settings as flags: `--speed`, `--sigma`, `--hide`, `--layers`,
//! and one flag per switch the explorer declares ([`opening::SWITCHES`]: `--autopause`,
//! `--arrows`, …), each taking the help of its key. They become an [`Opening`].

use super::args::capitalised;
use crate::tui::app::opening::{self, LAYERS, Opening, SWITCHES};
use crate::tui::app::{DEFAULT_SIGMA, DEFAULT_SPEED, MAX_SLOW};
use clap::{Arg, ArgAction, ArgMatches, Args, FromArgMatches};

/// The flags of how the explorer opens.
#[derive(Clone, Debug, Default)]
pub struct OpeningArgs {
    /// What they ask for.
    pub opening: Opening,
}

/// The argument ids of the valued flags.
const SPEED: &str = "speed";
const SIGMA: &str = "sigma";
const HIDE: &str = "hide";
const LAYERS_FLAG: &str = "layers";

impl Args for OpeningArgs {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        let names: Vec<&str> = LAYERS.iter().map(|l| l.name).collect();
        let mut cmd = cmd
            .next_help_heading("How the explorer opens (the keys' settings)")
            .arg(
                Arg::new(SPEED)
                    .long(SPEED)
                    .value_name("N|1/N")
                    .value_parser(|s: &str| opening::parse_speed(s))
                    .help(format!(
                        "Steps per frame, as < > set it, or 1/2, 1/{MAX_SLOW}: one step every 2, \
                         {MAX_SLOW} frames (default: {DEFAULT_SPEED})"
                    )),
            )
            .arg(
                Arg::new(SIGMA)
                    .long(SIGMA)
                    .value_name("SIGMA")
                    .value_parser(|s: &str| {
                        s.parse::<f64>()
                            .map_err(|_| format!("expected a number, got '{s}'"))
                            .and_then(opening::check_sigma)
                    })
                    .help(format!(
                        "Noise radius of n and of continuous noise, as {{ }} set it (default: \
                         {DEFAULT_SIGMA})"
                    )),
            )
            .arg(
                Arg::new(LAYERS_FLAG)
                    .long(LAYERS_FLAG)
                    .value_name("LIST")
                    .value_parser(|s: &str| opening::parse_layers(s))
                    .help(format!(
                        "Map layers shown, comma-separated: {} or none",
                        names.join(",")
                    )),
            )
            .arg(
                Arg::new(HIDE)
                    .long(HIDE)
                    .value_name("N,...")
                    .value_parser(|s: &str| {
                        s.split(',')
                            .map(|n| match n.trim().parse::<usize>() {
                                Ok(k) if k >= 1 => Ok(k - 1),
                                _ => Err(format!("expected racer numbers from 1, got '{n}'")),
                            })
                            .collect::<Result<Vec<usize>, String>>()
                    })
                    .help("Racers hidden at the start, as keys 1-9 hide them"),
            );
        for switch in SWITCHES {
            cmd = cmd.arg(
                Arg::new(switch.name)
                    .long(switch.name)
                    .value_name("BOOL")
                    .num_args(0..=1)
                    .default_missing_value("true")
                    .value_parser(clap::value_parser!(bool))
                    .action(ArgAction::Set)
                    .help(capitalised(&switch.help())),
            );
        }
        cmd.next_help_heading(None::<&str>)
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

impl FromArgMatches for OpeningArgs {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let mut args = Self::default();
        args.update_from_arg_matches(matches)?;
        Ok(args)
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        let opening = &mut self.opening;
        if let Some(&(speed, slow)) = matches.get_one::<(u32, u32)>(SPEED) {
            opening.speed = Some(speed);
            opening.slow = Some(slow);
        }
        opening.sigma = matches.get_one::<f64>(SIGMA).copied().or(opening.sigma);
        if let Some(layers) = matches.get_one::<Vec<&'static str>>(LAYERS_FLAG) {
            opening.layers = Some(layers.clone());
        }
        if let Some(hidden) = matches.get_one::<Vec<usize>>(HIDE) {
            opening.hidden = hidden.clone();
        }
        for switch in SWITCHES {
            if let Some(on) = matches.get_one::<bool>(switch.name) {
                opening.switches.retain(|(n, _)| *n != switch.name);
                opening.switches.push((switch.name, *on));
            }
        }
        Ok(())
    }
}
