//! `plateau completions SHELL` prints a script the shell accepts, and the bash one really
//! completes plateau's flags; `plateau man` prints a manual page that man renders.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs `plateau ARGS...` and returns its output.
fn plateau(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plateau"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("plateau runs")
}

/// Runs `program ARGS...` with `input` on stdin; `None` if the program is not installed.
fn with_stdin(program: &str, args: &[&str], input: &[u8]) -> Option<Output> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(input).ok()?;
    child.wait_with_output().ok()
}

/// The completion script for `shell`.
fn script(shell: &str) -> Vec<u8> {
    let o = plateau(&["completions", shell]);
    assert!(
        o.status.success(),
        "{shell}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.stdout.len() > 1000, "{shell}: a real script");
    o.stdout
}

#[test]
fn bash_completes_subcommands_and_generated_hyperparameter_flags() {
    let mut program = script("bash");
    program.extend_from_slice(
        b"\nCOMP_WORDS=(plateau run --weight); COMP_CWORD=2; _plateau plateau --weight run\
          \necho \"${COMPREPLY[@]}\"\
          \nCOMP_WORDS=(plateau re); COMP_CWORD=1; _plateau plateau re plateau\
          \necho \"${COMPREPLY[@]}\"\n",
    );
    let o = with_stdin("bash", &["-s"], &program).expect("bash is installed");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("--weight-decay"), "{out}");
    assert_eq!(lines.next(), Some("render"), "{out}");
}

#[test]
fn zsh_and_fish_accept_their_scripts_where_installed() {
    for (shell, args) in [("zsh", &["-n"][..]), ("fish", &["--no-execute"][..])] {
        let program = script(shell);
        match with_stdin(shell, args, &program) {
            Some(o) => assert!(
                o.status.success(),
                "{shell} rejects its script: {}",
                String::from_utf8_lossy(&o.stderr)
            ),
            None => eprintln!("{shell} is not installed: only the script's generation checked"),
        }
    }
    for shell in ["elvish", "powershell"] {
        script(shell);
    }
}

#[test]
fn the_man_page_renders_with_every_subcommand() {
    let o = plateau(&["man"]);
    assert!(o.status.success());
    let page = String::from_utf8(o.stdout).expect("roff is text");
    assert!(
        page.starts_with(".ie") || page.contains(".TH plateau 1"),
        "{page}"
    );
    let rendered = with_stdin("man", &["-l", "-"], page.as_bytes())
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
    let text = rendered.as_deref().unwrap_or(&page);
    for section in [
        "PLATEAU RUN",
        "PLATEAU LIST",
        "PLATEAU RENDER",
        "weight-decay",
    ] {
        assert!(
            text.contains(section) || text.contains(&section.replace('-', "\\-")),
            "{section} missing"
        );
    }
}

/// The man page ends with a KEYS section generated from the keymap: every main-screen
/// binding's keys and help, and the flag that sets the same.
#[test]
fn the_man_page_lists_the_keys_of_the_keymap() {
    use plateau::tui::app::{Mode, keymap};
    let o = plateau(&["man"]);
    let page = String::from_utf8(o.stdout).expect("roff is text");
    let keys = page.split(".SH KEYS").nth(1).expect("a KEYS section");
    let roff = |text: &str| text.replace('-', "\\-");
    for binding in keymap::bindings(Mode::Normal) {
        let line = format!("\\fB{}\\fR\n{}", roff(&binding.label()), roff(binding.help));
        assert!(keys.contains(&line), "{line:?} missing from\n{keys}");
    }
    assert!(
        keys.contains("(\\-\\-autopause \\-\\-pause\\-on\\-events)"),
        "{keys}"
    );
    if let Some(text) = with_stdin("man", &["-l", "-"], page.as_bytes())
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
    {
        assert!(
            text.contains("KEYS") && text.contains("pause: converged / events"),
            "{text}"
        );
    }
}
