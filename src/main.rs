//! The `plateau` binary: parses the command line and hands over to a subcommand or the
//! explorer. Every error is one line on stderr and exit code 2.

use clap::Parser;
use clap::error::ErrorKind;
use plateau::cli::{self, Cli, output};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            return match output::print_help(&e) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => fail(&message),
            };
        }
        Err(e) => return fail(&cli::one_line(&e.to_string())),
    };
    match cli::dispatch(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}

/// Prints `error: MESSAGE` (one safe line, even if stderr cannot be written) and returns
/// exit code 2.
fn fail(message: &str) -> ExitCode {
    output::error_line(message);
    ExitCode::from(2)
}
