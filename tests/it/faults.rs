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

/// `plateau ARGS...` with stdout and stderr both into one pipe whose reader is already gone
/// (`plateau … 2>&1 | true`).
fn into_a_closed_pipe(args: &[&str]) -> Option<i32> {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let o = Command::new(env!("CARGO_BIN_EXE_plateau"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(writer.try_clone().expect("dup"))
        .stderr(writer)
        .output()
        .expect("the binary runs");
    o.status.code()
}

#[test]
fn an_unwritable_stderr_never_panics_and_keeps_the_exit_code() {
    let full = || {
        std::fs::File::options()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full")
    };
    let with_stderr_full = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_plateau"))
            .args(args)
            .stdin(Stdio::null())
            .stderr(full())
            .output()
            .expect("the binary runs")
    };
    // An error that cannot be printed is still exit code 2, not a panic (101).
    assert_eq!(
        with_stderr_full(&["run", "-l", "nope", "--steps", "1"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        into_a_closed_pipe(&["run", "-l", "bogus", "--steps", "1"]),
        Some(2)
    );
    assert_eq!(into_a_closed_pipe(&["run", "--bogus"]), Some(2));
    // A warning that cannot be printed is lost; the run's output is not.
    let o = with_stderr_full(&["run", "-l", "rosenbrock", "--lr", "1", "--steps", "50"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).lines().count() > 1);
    // Output and errors into a pipe closed early: quiet, exit 0.
    assert_eq!(
        into_a_closed_pipe(&["run", "--steps", "100000", "--format", "json"]),
        Some(0)
    );
}

#[test]
fn a_closed_pipe_is_a_quiet_exit_0_for_every_command_and_format() {
    let cases: &[&[&str]] = &[
        &["run", "--steps", "100000"],
        &["run", "--steps", "100000", "--format", "json"],
        &["render"],
        &["list"],
        &["list", "--json"],
        &["completions", "bash"],
        &["man"],
        &["--help"],
        &["--version"],
    ];
    for args in cases {
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let o = Command::new(env!("CARGO_BIN_EXE_plateau"))
            .args(*args)
            .stdin(Stdio::null())
            .stdout(writer)
            .output()
            .expect("the binary runs");
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        assert!(
            o.stderr.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

#[test]
fn help_and_version_on_a_full_disk_or_a_closed_stdout_are_errors() {
    for args in [&["--help"][..], &["--version"], &["run", "--help"]] {
        let (code, err) = to_a_full_disk(args);
        assert_eq!(code, Some(2), "{args:?}");
        assert_eq!(
            err, "error: writing output: No space left on device (os error 28)\n",
            "{args:?}"
        );
    }
    // `>&-`: the Rust runtime puts /dev/null (read-write) in place of a closed stdout.
    for args in ["run --steps 3", "render", "list", "--version"] {
        let o = Command::new("sh")
            .arg("-c")
            .arg(format!("exec \"$0\" {args} >&-"))
            .arg(env!("CARGO_BIN_EXE_plateau"))
            .output()
            .expect("sh runs");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args}: {err}");
        assert!(err.starts_with("error: stdout is closed"), "{args}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    // A shell's `>/dev/null` is a deliberate discard, not a closed stdout.
    let o = Command::new(env!("CARGO_BIN_EXE_plateau"))
        .args(["run", "--steps", "3"])
        .stdout(Stdio::null())
        .output()
        .expect("the binary runs");
    assert_eq!(o.status.code(), Some(0));
}

/// A recording into `/dev/stdout` (or `/dev/fd/1`) with stdout closed went into the
/// runtime's stand-in `/dev/null` and exited 0, the recording lost: it is the same error as
/// `run`'s, before anything plays. Into an open stdout, or a shell's `>/dev/null`, it works.
#[test]
fn a_recording_into_a_closed_stdout_is_an_error() {
    for target in ["/dev/stdout", "/dev/fd/1"] {
        for tour in ["", "tour"] {
            let o = Command::new("sh")
                .arg("-c")
                .arg(format!(
                    "exec \"$0\" {tour} --size 80x24 --record {target} --keys q >&-"
                ))
                .arg(env!("CARGO_BIN_EXE_plateau"))
                .output()
                .expect("sh runs");
            let err = String::from_utf8_lossy(&o.stderr);
            assert_eq!(o.status.code(), Some(2), "{tour} {target}: {err}");
            assert!(err.starts_with("error: stdout is closed"), "{err}");
            assert_eq!(err.lines().count(), 1, "{err}");
        }
    }
    let o = Command::new(env!("CARGO_BIN_EXE_plateau"))
        .args(["--size", "80x24", "--record", "/dev/stdout", "--keys", "q"])
        .output()
        .expect("the binary runs");
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.starts_with(b"{\"version\":2"));
    let o = Command::new(env!("CARGO_BIN_EXE_plateau"))
        .args(["--size", "80x24", "--record", "/dev/stdout", "--keys", "q"])
        .stdout(Stdio::null())
        .output()
        .expect("the binary runs");
    assert_eq!(o.status.code(), Some(0));
}

/// Checks that `o` failed with exactly one safe `error:` line: no control character but the
/// final newline, at most `max` characters.
fn assert_one_safe_line(o: &std::process::Output, max: usize) -> String {
    let err = String::from_utf8(o.stderr.clone()).expect("UTF-8");
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.starts_with("error: ") && err.ends_with('\n'), "{err:?}");
    let line = &err[..err.len() - 1];
    assert!(
        !line.chars().any(char::is_control),
        "a control character: {line:?}"
    );
    assert!(
        line.chars().count() <= max,
        "{} characters",
        line.chars().count()
    );
    line.to_owned()
}

#[test]
fn error_messages_escape_control_characters_and_shorten_long_input() {
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_plateau"))
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("the binary runs")
    };
    let line = assert_one_safe_line(&run(&["run", "--steps", "1", "-l", "neu\nron\nthird"]), 400);
    assert!(
        line.contains("unknown landscape 'neu\\nron\\nthird'"),
        "{line}"
    );
    let line = assert_one_safe_line(&run(&["run", "--steps", "1", "-l", "neu\x1b[2Jron"]), 400);
    assert!(line.contains("'neu\\u{1b}[2Jron'"), "{line}");
    let line = assert_one_safe_line(
        &run(&["run", "--steps", "1", "--expr", "x\x1b]0;pwned\x07+y"]),
        400,
    );
    assert!(line.contains("unexpected character '\\u{1b}'"), "{line}");
    let digits = "9".repeat(130_000);
    let line = assert_one_safe_line(&run(&["run", "--steps", &digits]), 400);
    assert!(line.contains("…(130,002 characters)…"), "{line}");
    let line = assert_one_safe_line(&run(&["run", "--steps", "1", "--start", &digits]), 400);
    assert!(line.contains("characters)…"), "{line}");
    let many = "ab ".repeat(20_000);
    assert_one_safe_line(&run(&["run", "--steps", "1", "-l", &many]), 1100);
    // A NUL read from a key script file.
    let script = std::env::temp_dir().join(format!("plateau-nul-{}.keys", std::process::id()));
    std::fs::write(&script, b"s \0 q").unwrap();
    let o = run(&[
        "--keys-file",
        script.to_str().unwrap(),
        "--size",
        "80x24",
        "--record",
        "/dev/null",
    ]);
    std::fs::remove_file(&script).unwrap();
    let line = assert_one_safe_line(&o, 400);
    assert!(line.contains("unknown key '\\0'"), "{line}");
}

/// A stack size no thread can get (128 TiB, the whole of a 47-bit user address space): with
/// it in `RUST_MIN_STACK`, every thread the Rust runtime starts fails to start (EAGAIN), as
/// under a process limit (`ulimit -u`, a container's or systemd's task limit) that root,
/// which runs these tests in CI, is not subject to.
const NO_THREAD_STACK: &str = "140737488355328";

/// `plateau ARGS...`: exit code, stdout and stderr, with extra environment `env`.
fn plateau_with(args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, Vec<u8>, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_plateau"))
        .args(args)
        .envs(env.iter().copied())
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    (
        o.status.code(),
        o.stdout,
        String::from_utf8(o.stderr).unwrap(),
    )
}

#[test]
fn headless_commands_that_cannot_start_a_thread_compute_on_fewer() {
    let commands: [&[&str]; 4] = [
        &[
            "run",
            "-o",
            "sgd",
            "-o",
            "adam",
            "-o",
            "natgrad",
            "-o",
            "newton",
            "-o",
            "sfn",
            "--steps",
            "10",
            "--threads",
            "8",
        ],
        &[
            "run",
            "-o",
            "sgd",
            "-o",
            "adam",
            "--steps",
            "10",
            "--format",
            "json",
            "--threads",
            "2",
        ],
        &[
            "basins",
            "-l",
            "himmelblau",
            "-o",
            "adam",
            "--width",
            "24",
            "--height",
            "8",
            "--steps",
            "200",
            "--threads",
            "64",
        ],
        &[
            "ensemble",
            "-l",
            "saddle",
            "--start",
            "0,0",
            "--copies",
            "64",
            "--sigma",
            "0.01",
            "--steps",
            "200",
            "--threads",
            "64",
        ],
    ];
    for args in commands {
        let (code, limited, stderr) = plateau_with(args, &[("RUST_MIN_STACK", NO_THREAD_STACK)]);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?}");
        let (_, free, _) = plateau_with(args, &[]);
        assert!(!free.is_empty(), "{args:?}");
        assert!(limited == free, "{args:?}: the same bytes on one thread");
    }
}
