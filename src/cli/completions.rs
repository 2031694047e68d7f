//! `plateau completions SHELL` and `plateau man`: a shell completion script (clap_complete)
//! and the manual page in roff (clap_mangen), both generated from the command line's own
//! definition, so they always match it.

use super::{Cli, CompletionsArgs};
use crate::cli::output::{Out, finish};
use clap::CommandFactory;
use std::io::Write;

/// Prints the completion script for the shell asked for.
pub fn completions(args: &CompletionsArgs) -> Result<(), String> {
    let mut cmd = Cli::command();
    let mut out = Out::stdout();
    clap_complete::generate(args.shell, &mut cmd, "plateau", &mut out);
    finish(out.flush())
}

/// Prints the manual page: the top level, then one section per subcommand.
pub fn man() -> Result<(), String> {
    let cmd = Cli::command();
    let mut page = Vec::new();
    let written = clap_mangen::Man::new(cmd.clone())
        .render(&mut page)
        .and_then(|()| {
            for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
                writeln!(page, ".SH \"PLATEAU {}\"", sub.get_name().to_uppercase())?;
                let man = clap_mangen::Man::new(sub.clone());
                man.render_description_section(&mut page)?;
                man.render_options_section(&mut page)?;
            }
            Ok(())
        });
    let mut out = Out::stdout();
    finish(
        written
            .and_then(|()| out.write_all(&page))
            .and_then(|()| out.flush()),
    )
}
