//! `plateau completions SHELL` and `plateau man`: a shell completion script (clap_complete)
//! and the manual page in roff (clap_mangen), both generated from the command line's own
//! definition, so they always match it.

use super::{Cli, CompletionsArgs};
use crate::cli::output::{Out, finish};
use crate::tui::app::keymap;
use crate::tui::app::{Mode, opening};
use clap::CommandFactory;
use std::io::Write;

/// Prints the completion script for the shell asked for.
pub fn completions(args: &CompletionsArgs) -> Result<(), String> {
    let mut cmd = Cli::command();
    let mut out = Out::stdout();
    clap_complete::generate(args.shell, &mut cmd, "plateau", &mut out);
    finish(out.flush())
}

/// The KEYS section of the manual page: the explorer's main-screen bindings, from the
/// keymap (as the help overlay and the README table are), each with the flag that sets the
/// same at the start.
fn keys_section() -> String {
    let mut roff = String::from(".SH KEYS\nKeys of the explorer (press ? inside for the help).\n");
    for binding in keymap::bindings(Mode::Normal) {
        let flag = keymap::flags_of(binding, opening::flag_for)
            .map(|f| format!(" ({})", escape(&f.replace('`', ""))))
            .unwrap_or_default();
        roff.push_str(&format!(
            ".TP\n\\fB{}\\fR\n{}{flag}\n",
            escape(&binding.label()),
            escape(binding.help)
        ));
    }
    roff
}

/// `text` safe in roff: backslashes doubled, a leading dot or quote guarded.
fn escape(text: &str) -> String {
    let text = text.replace('\\', "\\e").replace('-', "\\-");
    if text.starts_with(['.', '\'']) {
        format!("\\&{text}")
    } else {
        text
    }
}

/// Prints the manual page: the top level, then one section per subcommand, then the keys.
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
            page.write_all(keys_section().as_bytes())
        });
    let mut out = Out::stdout();
    finish(
        written
            .and_then(|()| out.write_all(&page))
            .and_then(|()| out.flush()),
    )
}
