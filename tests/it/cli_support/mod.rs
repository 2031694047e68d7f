//! Shared helpers of the command-line tests: the real binary as a process, and its output
//! as text.

use std::process::{Command, Output, Stdio};

/// Runs `plateau ARGS...` without colour and without a terminal, and waits for it.
pub fn plateau(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plateau"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("UTF-8 errors")
}

/// Runs `plateau ARGS...` as a recording runs: no terminal, and none of the environment a
/// recording must not depend on (`SOURCE_DATE_EPOCH`, `NO_COLOR`).
pub fn recorder(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plateau"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("plateau runs")
}

/// A fresh path for a recording named `name` under cargo's scratch directory.
pub fn cast_path(name: &str) -> std::path::PathBuf {
    let path = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}.cast"));
    let _ = std::fs::remove_file(&path);
    path
}

/// Records `plateau ARGS... --record FILE` into a fresh file named `name` (see
/// [`recorder`]), checks that it succeeded and wrote nothing to stdout, and returns the
/// file's bytes.
pub fn record(name: &str, args: &[&str]) -> Vec<u8> {
    let path = cast_path(name);
    let mut all = args.to_vec();
    all.extend(["--record", path.to_str().expect("UTF-8 path")]);
    let out = recorder(&all);
    assert!(
        out.status.success(),
        "plateau {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "nothing goes to stdout");
    std::fs::read(&path).expect("the recording was written")
}
