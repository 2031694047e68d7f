//! The `plateau` binary: parses the command line and hands over to a subcommand or the
//! explorer. Every error is one line on stderr and exit code 2.

use clap::Parser;
use clap::error::ErrorKind;
use plateau::cli::{self, Cli};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            e.exit()
        }
        Err(e) => return fail(&cli::one_line(&e.to_string())),
    };
    match cli::dispatch(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}

/// Prints `error: MESSAGE` and returns exit code 2.
fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}
