//! Without a terminal the explorer refuses to start, with one line that says what to use
//! instead, and exit code 2 — it never writes escape codes into a file or pipe.

use std::process::{Command, Output, Stdio};

/// Checks the refusal: exit code 2 and one line on stderr naming `plateau run`,
/// `plateau render` and `--record`.
fn assert_points_to_the_headless_commands(o: &Output) {
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr.clone()).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("error: "), "{err}");
    for suggestion in ["plateau run", "plateau render", "--record"] {
        assert!(err.contains(suggestion), "no {suggestion}: {err}");
    }
}

#[test]
fn the_explorer_without_a_terminal_points_to_the_headless_commands() {
    let o = Command::new(env!("CARGO_BIN_EXE_plateau"))
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    assert_points_to_the_headless_commands(&o);
    assert!(o.stdout.is_empty(), "nothing drawn into the pipe");
}

#[test]
fn the_explorer_with_stdout_to_a_file_writes_nothing_into_it() {
    let path = std::env::temp_dir().join(format!("plateau-no-terminal-{}.txt", std::process::id()));
    let file = std::fs::File::create(&path).expect("a scratch file");
    let o = Command::new(env!("CARGO_BIN_EXE_plateau"))
        .args(["-l", "saddle", "-o", "adam"])
        .stdin(Stdio::null())
        .stdout(file)
        .output()
        .expect("the binary runs");
    let written = std::fs::read(&path).expect("the file");
    std::fs::remove_file(&path).expect("clean up");
    assert_points_to_the_headless_commands(&o);
    assert!(written.is_empty(), "nothing drawn into the file");
}
