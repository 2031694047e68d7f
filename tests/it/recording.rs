//! Headless recordings (`--size`, `--keys`, `--record`): the binary is run with stdin null
//! and stdout piped, so no terminal is attached; the cast is checked as asciicast v2 and
//! replayed through a terminal emulator (the vt100 crate).

use crate::cli_support::{cast_path, recorder as plateau};
use serde_json::Value;
use std::num::NonZeroU16;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// Records `keys` on a `size` screen with the extra `args` and returns the file's text.
fn record(name: &str, size: &str, keys: &str, args: &[&str]) -> String {
    let mut all = vec!["--size", size, "--keys", keys];
    all.extend_from_slice(args);
    String::from_utf8(crate::cli_support::record(name, &all)).expect("UTF-8")
}

/// The header and the events of a cast, checked to be asciicast v2 on the way.
fn parse_cast(cast: &str) -> (Value, Vec<(f64, String)>) {
    assert!(cast.ends_with('\n'));
    let mut lines = cast.lines();
    let header: Value = serde_json::from_str(lines.next().expect("header")).expect("JSON header");
    let mut events = Vec::new();
    for line in lines {
        let event: Value = serde_json::from_str(line).expect("JSON event");
        let event = event.as_array().expect("an event is an array");
        assert_eq!(event.len(), 3, "{line}");
        let time = event[0].as_f64().expect("time is a number");
        assert_eq!(event[1], "o", "{line}");
        let text = event[2].as_str().expect("text is a string").to_owned();
        events.push((time, text));
    }
    (header, events)
}

/// The final screen of a `cols × rows` terminal fed every event of the cast.
fn final_screen(events: &[(f64, String)], cols: u16, rows: u16) -> String {
    let mut parser = vt100::Parser::new(
        NonZeroU16::new(rows).expect("rows"),
        NonZeroU16::new(cols).expect("cols"),
        0,
    );
    for (_, text) in events {
        parser.process(text.as_bytes());
    }
    parser.screen().contents()
}

#[test]
fn a_recording_is_asciicast_v2() {
    let cast = record("v2", "100x30", "space wait 1s space s q", &[]);
    let (header, events) = parse_cast(&cast);
    assert_eq!(header["version"], 2);
    assert_eq!(header["width"], 100);
    assert_eq!(header["height"], 30);
    assert_eq!(header["timestamp"], 0);
    assert_eq!(header["title"], "plateau (24-bit colour)");
    assert_eq!(header["env"]["TERM"], "xterm-256color");
    assert_eq!(header["env"]["COLORTERM"], "truecolor");
    assert!(header["env"]["SHELL"].is_string());
    assert!(events.len() >= 30, "about 30 frames in a second of running");
    assert!(
        events.windows(2).all(|w| w[0].0 <= w[1].0),
        "times never decrease"
    );
    assert_eq!(events[0].0, 0.0);
    let last = events.last().expect("events").0;
    assert!(
        (last - 1.0).abs() < 1e-9,
        "the recording lasts the script's 1 s: {last}"
    );
    assert!(cast.contains("\\u001b[38;5;"), "colour by default");
}

#[test]
fn the_final_screen_shows_the_state_the_script_left() {
    let cast = record("steps", "100x30", "s s s", &[]);
    let screen = final_screen(&parse_cast(&cast).1, 100, 30);
    assert!(screen.contains("step 3"), "{screen}");
    assert!(screen.contains(" sgd "), "{screen}");

    let cast = record("optimizer", "100x30", "o wait 500ms", &[]);
    let screen = final_screen(&parse_cast(&cast).1, 100, 30);
    assert!(screen.contains(" momentum "), "{screen}");
    assert!(!screen.contains(" sgd "), "{screen}");

    let cast = record("landscape", "100x30", "tab tab", &["--color", "never"]);
    assert!(
        !cast.contains("\\u001b[38;5;"),
        "--color never has no colours"
    );
    let screen = final_screen(&parse_cast(&cast).1, 100, 30);
    assert!(screen.contains(" saddle "), "{screen}");
}

#[test]
fn a_script_types_a_formula_into_the_editor() {
    // `q` is a character in the editor; the unknown name moves the cursor onto it.
    let keys = "e ctrl-u ( x - 1 ) ^ 2 space + space q * y ^ 2 enter delete delete enter s q";
    let cast = record("formula", "100x30", keys, &["-l", "bowl"]);
    let screen = final_screen(&parse_cast(&cast).1, 100, 30);
    assert!(screen.contains(" expr (x-1)^2 + y^2 "), "{screen}");
    assert!(screen.contains("step 1 "), "{screen}");
    let cast = record("formula-error", "100x30", "e ctrl-u x ^ 2 + * y enter", &[]);
    let screen = final_screen(&parse_cast(&cast).1, 100, 30);
    assert!(screen.contains("x^2+*y"), "{screen}");
    assert!(screen.contains("found '*'"), "{screen}");
    assert!(
        screen.contains(" neuron "),
        "the old landscape stays\n{screen}"
    );
}

#[test]
fn a_click_at_a_data_point_moves_the_start() {
    let cast = record("click", "100x30", "click 1,2", &[]);
    let screen = final_screen(&parse_cast(&cast).1, 100, 30);
    let default = record("noclick", "100x30", "wait 0s", &[]);
    let default = final_screen(&parse_cast(&default).1, 100, 30);
    assert!(default.contains("v 0.01  w 9 "), "{default}");
    // The click lands on the centre of the map cell showing (1, 2).
    assert!(screen.contains("v 1.05  w 1.7 "), "{screen}");
    let out = plateau(&[
        "--size",
        "100x30",
        "--keys",
        "click 1000,0",
        "--record",
        cast_path("outside").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("outside the map"), "{stderr}");
    assert!(!cast_path("outside").exists());
}

#[test]
fn identical_inputs_give_identical_files() {
    let keys = "space wait 2s n wait 500ms o wait 1s m wait 300ms q";
    let a = record("same-a", "120x40", keys, &["--seed", "7"]);
    let b = record("same-b", "120x40", keys, &["--seed", "7"]);
    assert_eq!(a, b);
}

/// The final 100x30 screen of a recording played from a keys file holding `script`.
fn screen_after_keys_file(name: &str, script: &str) -> String {
    let keys = cast_path(name).with_extension("keys");
    std::fs::write(&keys, script).expect("the keys file is written");
    let keys = keys.to_str().expect("UTF-8 path");
    let cast = crate::cli_support::record(name, &["--size", "100x30", "--keys-file", keys]);
    let cast = String::from_utf8(cast).expect("UTF-8");
    final_screen(&parse_cast(&cast).1, 100, 30)
}

#[test]
fn a_keys_file_reads_the_same_grammar() {
    let screen = screen_after_keys_file("script", "# three steps\ns s\ns\n");
    assert!(screen.contains("step 3"), "{screen}");
}

#[test]
fn a_bad_script_is_a_clear_error_and_no_file() {
    let path = cast_path("bad");
    let out = plateau(&[
        "--size",
        "80x24",
        "--keys",
        "s wait 1s jump q",
        "--record",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: key script: unknown key 'jump' at token 4 (line 1, column 11)"),
        "{stderr}"
    );
    assert!(!path.exists(), "no file for a bad script");

    // Without --record the script drives the live explorer, which needs a terminal.
    let out = plateau(&["--keys", "s"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("needs a terminal") && stderr.contains("--record"),
        "{stderr}"
    );
    let out = plateau(&["--record", path.to_str().unwrap(), "--keys", "s"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--size"));
    let out = plateau(&[
        "--size",
        "80x24",
        "--record",
        path.to_str().unwrap(),
        "--keys",
        "wait 2",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad duration '2'"));
    assert!(!path.exists());
}

#[test]
fn a_recording_does_not_depend_on_no_color() {
    let keys = "s s q";
    let plain = record("no-color-unset", "80x24", keys, &[]);
    let path = cast_path("no-color-set");
    let out = Command::new(env!("CARGO_BIN_EXE_plateau"))
        .args(["--size", "80x24", "--keys", keys, "--record"])
        .arg(&path)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    assert!(out.status.success());
    let with_no_color = std::fs::read_to_string(&path).expect("the recording was written");
    assert_eq!(plain, with_no_color);
    assert!(plain.contains("\\u001b[38;5;"), "recordings are in colour");
    let mono = record("color-never", "80x24", keys, &["--color", "never"]);
    assert!(
        !mono.contains("\\u001b[38;5;"),
        "--color never is monochrome"
    );
}

/// `--color 256` records in the 256 colours a terminal reached over SSH shows, and the
/// header says which palette: no `COLORTERM`, the title naming it; the singular area of
/// neuron keeps its loss shading (the bands' backgrounds) under a hatching.
#[test]
fn a_recording_states_its_palette() {
    let cast = record(
        "palette-256",
        "100x30",
        "wait 1s q",
        &["-l", "neuron", "--color", "256"],
    );
    let (header, events) = parse_cast(&cast);
    assert_eq!(header["title"], "plateau (256 colours)");
    assert!(header["env"].get("COLORTERM").is_none(), "{header}");
    let all: String = events.iter().map(|(_, text)| text.as_str()).collect();
    assert!(
        !all.contains("\x1b[48;2;"),
        "no 24-bit colour in 256 colours"
    );
    assert!(all.contains('╱'), "the singular area is hatched");
    // A background in an SGR sequence ends it or is followed by more attributes.
    let background = |colour: u8| {
        all.contains(&format!("48;5;{colour}m")) || all.contains(&format!("48;5;{colour};"))
    };
    let bands = [61, 67, 73, 72, 71, 107, 149, 185, 221, 215];
    let shown = bands.into_iter().filter(|&band| background(band)).count();
    assert!(
        shown >= 8,
        "the bands' colours shade the map: {shown} of 10"
    );
    let greys = (232..=255).filter(|&grey| background(grey));
    assert_eq!(greys.count(), 0, "no grey replaces the shading");
    let never = record("palette-none", "100x30", "wait 1s q", &["--color", "never"]);
    assert_eq!(parse_cast(&never).0["title"], "plateau (no colour)");
}

/// A fresh scratch directory for recordings named `name`.
fn scratch_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("dir-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

/// The names of the files in `dir`.
fn names(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the directory")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn a_failed_recording_leaves_an_existing_file_as_it_was() {
    let dir = scratch_dir("failed");
    let target = dir.join("demo.cast");
    std::fs::write(&target, "the old recording\n").unwrap();
    // Fails half-way, after frames have been written.
    let out = plateau(&[
        "--size",
        "100x30",
        "--keys",
        "space wait 1s click 1000,0 q",
        "--record",
        target.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("outside the map"));
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "the old recording\n"
    );
    assert_eq!(names(&dir), ["demo.cast"], "no temporary file left behind");
    // A good recording replaces it whole.
    let out = plateau(&[
        "--size",
        "100x30",
        "--keys",
        "s s",
        "--record",
        target.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let cast = std::fs::read_to_string(&target).unwrap();
    assert!(final_screen(&parse_cast(&cast).1, 100, 30).contains("step 2"));
    assert_eq!(names(&dir), ["demo.cast"]);
}

#[test]
fn a_full_disk_during_a_recording_leaves_the_old_file() {
    let dir = scratch_dir("full");
    let target = dir.join("demo.cast");
    std::fs::write(&target, "the old recording\n").unwrap();
    // A file size limit of 4 KiB: the recording (about 30 KB) cannot be written whole, as
    // on a full disk. The write fails with EFBIG and the kernel sends SIGXFSZ.
    let o = Command::new("sh")
        .arg("-c")
        .arg("ulimit -f 8; exec \"$0\" --size 100x30 --keys 's s s' --record \"$1\"")
        .arg(env!("CARGO_BIN_EXE_plateau"))
        .arg(&target)
        .stdin(Stdio::null())
        .output()
        .expect("sh runs");
    let code = o.status.code();
    assert!(
        matches!(code, Some(2 | 153)),
        "an error (2) or SIGXFSZ handled (128 + 25), not killed: {:?} {}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "the old recording\n"
    );
    assert_eq!(names(&dir), ["demo.cast"], "no temporary left behind");
}

/// `--record` through a symbolic link to a file that does not exist yet creates that file
/// and keeps the link (it replaced the link with a regular file); a loop of links is an
/// error, and both links stay.
#[test]
fn a_dangling_link_is_recorded_through_and_a_loop_of_links_is_an_error() {
    use std::os::unix::fs::symlink;
    let dir = scratch_dir("dangling");
    let link = dir.join("link.cast");
    symlink("target.cast", &link).unwrap();
    let out = plateau(&[
        "--size",
        "80x24",
        "--keys",
        "s q",
        "--record",
        link.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    let cast = std::fs::read_to_string(dir.join("target.cast")).unwrap();
    assert!(final_screen(&parse_cast(&cast).1, 80, 24).contains("step 1"));
    assert_eq!(names(&dir), ["link.cast", "target.cast"]);

    let (a, b) = (dir.join("a.cast"), dir.join("b.cast"));
    symlink("b.cast", &a).unwrap();
    symlink("a.cast", &b).unwrap();
    let out = plateau(&[
        "--size",
        "80x24",
        "--keys",
        "s q",
        "--record",
        a.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "error: cannot write {}: more than 40 symbolic links in a row: a loop of links\n",
            a.display()
        )
    );
    assert!(std::fs::symlink_metadata(&a).unwrap().is_symlink());
    assert_eq!(
        names(&dir),
        ["a.cast", "b.cast", "link.cast", "target.cast"]
    );
}

/// `--record` onto its own `--keys-file` (replaced the script by a cast) is refused before
/// anything runs, under the same name, another hard link or a symbolic link alike.
#[test]
fn a_recording_over_its_own_key_script_is_refused() {
    let dir = scratch_dir("own-script");
    let keys = dir.join("my.keys");
    std::fs::write(&keys, "s q\n").unwrap();
    let hard = dir.join("hard.keys");
    std::fs::hard_link(&keys, &hard).unwrap();
    let soft = dir.join("soft.keys");
    std::os::unix::fs::symlink("my.keys", &soft).unwrap();
    for target in [&keys, &hard, &soft] {
        let out = plateau(&[
            "--size",
            "80x24",
            "--keys-file",
            keys.to_str().unwrap(),
            "--record",
            target.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(2), "{}", target.display());
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!(
                "error: --record {} is the key script --keys-file {}: the recording would \
                 overwrite it\n",
                target.display(),
                keys.display()
            )
        );
        assert_eq!(std::fs::read_to_string(&keys).unwrap(), "s q\n");
    }
    assert_eq!(names(&dir), ["hard.keys", "my.keys", "soft.keys"]);
}

#[test]
fn an_unwritable_target_is_an_error_before_anything_plays() {
    // Played first, this script would fail on its click; the path is checked before.
    let out = plateau(&[
        "--size",
        "80x24",
        "--keys",
        "s click 1000,0",
        "--record",
        "/nonexistent/dir/x.cast",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr,
        "error: cannot write /nonexistent/dir/x.cast: No such file or directory (os error 2)\n"
    );
}

#[test]
fn an_interrupted_recording_streams_into_a_temporary_that_is_removed() {
    let dir = scratch_dir("interrupted");
    let target = dir.join("demo.cast");
    std::fs::write(&target, "the old recording\n").unwrap();
    // The longest recording, running all the time: many seconds of work.
    let mut child = Command::new(env!("CARGO_BIN_EXE_plateau"))
        .args(["--size", "120x40", "--keys", "space wait 120s q"])
        .arg("--record")
        .arg(&target)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("plateau runs");
    // The recording streams: the temporary grows while it plays.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let temporary = loop {
        let temporary = names(&dir).into_iter().find(|n| n.ends_with(".tmp"));
        if let Some(name) = temporary {
            let path = dir.join(name);
            if std::fs::metadata(&path).map_or(0, |m| m.len()) > 100_000 {
                break path;
            }
        }
        assert!(std::time::Instant::now() < deadline, "no temporary grew");
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let pid = rustix::process::Pid::from_child(&child);
    rustix::process::kill_process(pid, rustix::process::Signal::TERM).expect("kill");
    let status = child.wait().expect("it exits");
    assert_eq!(status.code(), Some(143));
    assert!(!temporary.exists(), "the temporary is removed");
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "the old recording\n"
    );
    assert_eq!(names(&dir), ["demo.cast"]);
}

/// SIGKILL cannot be caught: a killed recording leaves its temporary behind. The next
/// recording into the same directory removes it (its process is gone), and leaves the
/// temporary of a recording still running.
#[test]
fn a_killed_recordings_temporary_is_removed_by_the_next_recording() {
    let dir = scratch_dir("killed");
    let target = dir.join("demo.cast");
    let record = |keys: &str| {
        Command::new(env!("CARGO_BIN_EXE_plateau"))
            .args(["--size", "80x24", "--keys", keys])
            .arg("--record")
            .arg(&target)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("plateau runs")
    };
    let temporaries = || -> Vec<String> {
        names(&dir)
            .into_iter()
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    };
    let wait_for_temporary = |child: &std::process::Child| {
        let mine = format!(".plateau-{}-", child.id());
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while !temporaries().iter().any(|n| n.starts_with(&mine)) {
            assert!(std::time::Instant::now() < deadline, "no temporary");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    };
    let mut killed = record("space wait 120s q");
    wait_for_temporary(&killed);
    killed.kill().expect("SIGKILL");
    killed.wait().expect("it ends");
    let left = temporaries();
    assert_eq!(left.len(), 1, "{left:?}");
    let mut running = record("space wait 120s q");
    wait_for_temporary(&running);
    let out = plateau(&[
        "--size",
        "80x24",
        "--keys",
        "s q",
        "--record",
        target.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let now = temporaries();
    assert!(!now.contains(&left[0]), "{now:?}");
    assert_eq!(now.len(), 1, "only the running recording's: {now:?}");
    running.kill().expect("SIGKILL");
    running.wait().expect("it ends");
}

#[test]
fn empty_too_long_and_oversized_scripts_are_refused_before_anything_plays() {
    let path = cast_path("refused");
    let cases: &[(&[&str], &str)] = &[
        (
            &["--keys", ""],
            "the key script is empty: there is nothing to record",
        ),
        (&["--keys", "# only a comment"], "the key script is empty"),
        (
            &["--keys", "space wait 60s wait 60s wait 1ms q"],
            "the key script waits 120.0 s in all; a recording lasts at most 120 s",
        ),
        (
            &["--keys-file", "/dev/zero"],
            "key script /dev/zero is larger than 1,048,576 bytes (1 MiB)",
        ),
        (
            &["--keys-file", "/dev/urandom"],
            "key script /dev/urandom is larger than 1,048,576 bytes (1 MiB)",
        ),
    ];
    for (script, message) in cases {
        let mut args = vec!["--size", "80x24", "--record", path.to_str().unwrap()];
        args.extend_from_slice(script);
        let out = plateau(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{script:?}: {stderr}");
        assert!(stderr.contains(message), "{script:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1);
        assert!(!path.exists(), "{script:?}");
    }
    let tokens = vec!["s"; 10_001].join(" ");
    let out = plateau(&[
        "--size",
        "80x24",
        "--record",
        path.to_str().unwrap(),
        "--keys",
        &tokens,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("more than 10,000 tokens"));
}

/// A recording's screen is at most 400x150: `--size 1000x1000` took 58 s and wrote 83 MB
/// for one second of a committee race. Refused before anything plays, no file.
#[test]
fn a_recording_larger_than_the_cap_is_refused_before_anything_plays() {
    let path = cast_path("too-large");
    for size in ["1000x1000", "401x150", "400x151"] {
        let out = plateau(&[
            "-l",
            "committee",
            "--size",
            size,
            "--keys",
            "space wait 1s q",
            "--record",
            path.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(2), "{size}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!("error: a recording is at most 400x150, got --size {size}\n")
        );
        assert!(!path.exists(), "{size}");
    }
}

/// A key that costs far more than a frame is bounded by the work limit: one `b` on
/// committee with newton (a basin map of a Newton run per cell) took 35 s of a release
/// build before anything was recorded, and twelve of them at 400x120 over a minute. Past
/// the limit (5 minutes; here 1.5 s through the debug-only `PLATEAU_TEST_WORK_MS`) the
/// recording is abandoned with an error, its temporary removed and an existing target
/// left as it was.
#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "the test-only work limit exists in debug builds only"
)]
fn a_recording_past_its_work_limit_is_abandoned_with_nothing_written() {
    let dir = scratch_dir("work-limit");
    let target = dir.join("b.cast");
    std::fs::write(&target, "the old recording\n").unwrap();
    let started = std::time::Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_plateau"))
        .args([
            "-l",
            "committee",
            "-o",
            "newton",
            "--size",
            "80x24",
            "--keys",
            "b q",
        ])
        .arg("--record")
        .arg(&target)
        .env("PLATEAU_TEST_WORK_MS", "1500")
        .stdin(Stdio::null())
        .output()
        .expect("plateau runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: the recording took more than 1.5 s of work and was abandoned, nothing written: \
         basin maps (b) and ensembles (E) cost the most, more so on a large --size; make it \
         smaller or the script shorter\n"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "the old recording\n"
    );
    assert_eq!(names(&dir), ["b.cast"], "no temporary left behind");
}

#[test]
fn a_byte_order_mark_at_the_start_of_a_keys_file_is_skipped() {
    let screen = screen_after_keys_file("bom", "\u{feff}s s s\n");
    assert!(screen.contains("step 3"), "{screen}");
}
