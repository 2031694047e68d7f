//! Without a terminal the explorer refuses to start, with one line that says what to use
//! instead, and exit code 2 — it never writes escape codes into a file or pipe.

use std::process::{Command, Stdio};

#[test]
fn the_explorer_without_a_terminal_points_to_the_headless_commands() {
    let o = Command::new(env!("CARGO_BIN_EXE_plateau"))
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty(), "nothing drawn into the pipe");
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("error: "), "{err}");
    assert!(
        err.contains("plateau run") && err.contains("plateau render"),
        "{err}"
    );
}
