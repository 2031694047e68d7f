//! Faults outside plateau's control in the headless commands: a reader that closes the
//! pipe early is not an error, and a full disk is one clear line with exit code 2.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

/// `plateau ARGS...` with stdout to `/dev/full` (every write fails with ENOSPC).
fn to_a_full_disk(args: &[&str]) -> (Option<i32>, String) {
    let full = std::fs::File::options()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let o = Command::new(env!("CARGO_BIN_EXE_plateau"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(full)
        .output()
        .expect("the binary runs");
    (o.status.code(), String::from_utf8(o.stderr).unwrap())
}

#[test]
fn a_reader_closing_the_pipe_early_ends_the_run_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_plateau"))
        .args(["run", "--steps", "10000000"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut header = String::new();
    out.read_line(&mut header).expect("a line");
    assert_eq!(
        header, "optimizer,step,v,w,loss,grad_norm\n",
        "neuron's parameters"
    );
    drop(out);
    let o = child.wait_with_output().expect("it ends");
    assert_eq!(o.status.code(), Some(0), "like `plateau run | head`");
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn a_full_disk_is_one_error_line_and_exit_code_2() {
    let cases: &[&[&str]] = &[
        &["run", "--steps", "10"],
        &["run", "--steps", "10", "--format", "json"],
        &["render"],
        &["list"],
    ];
    for args in cases {
        let (code, err) = to_a_full_disk(args);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert_eq!(
            err, "error: writing output: No space left on device (os error 28)\n",
            "{args:?}"
        );
    }
    let (code, err) =
        to_a_full_disk(&["--keys", "s q", "--size", "80x24", "--record", "/dev/full"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.starts_with("error: cannot write /dev/full: No space left on device"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}
