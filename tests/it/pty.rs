//! End to end on a real pseudo-terminal: the `plateau` binary draws the explorer, answers
//! keys, survives resizes down to 1x1, and whatever ends it — q, Esc, Ctrl-C, SIGTERM,
//! SIGHUP, SIGINT, a hang-up, a panic — leaves the terminal as it found it: raw mode off,
//! the normal screen back, the cursor shown and mouse reporting off.

use crate::pty_support::{Session, find, rfind, rows};
use rustix::process::Signal;
use std::os::unix::process::ExitStatusExt;
use std::process::ExitStatus;
use std::time::{Duration, Instant};

/// The readout's first line on a fresh explorer.
pub(crate) const PAUSED_AT_0: &str = "step 0 paused";

/// The explorer on a `cols × rows` terminal, drawn and ready for keys.
pub(crate) fn explorer(cols: u16, rows: u16) -> Session {
    let session = Session::spawn(&[], cols, rows, &[]);
    session.wait_text(PAUSED_AT_0);
    session
}

/// The step count shown in the readout.
fn step(screen: &str) -> u64 {
    let line = screen
        .lines()
        .find_map(|l| l.split("│step ").nth(1))
        .unwrap_or_else(|| panic!("no step count on the screen:\n{screen}"));
    let digits: String = line
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().expect("a step count")
}

/// The readout line with the position (`v … w …` on the neuron).
fn position_line(screen: &str) -> String {
    screen
        .lines()
        .find_map(|l| l.split("│v ").nth(1))
        .unwrap_or_else(|| panic!("no position on the screen:\n{screen}"))
        .to_owned()
}

/// Checks the session ended with `code`, restored the terminal, and drew nothing after the
/// restore (the output ends with it).
pub(crate) fn assert_clean_exit(session: &mut Session, status: ExitStatus, code: i32) {
    assert_eq!(status.code(), Some(code), "{status:?}");
    session.assert_restored();
    let bytes = session.bytes();
    assert!(
        bytes.ends_with(b"\x1b[?1049l\x1b[?25h"),
        "output after the restore: {:?}",
        String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(200)..])
    );
}

#[test]
fn the_explorer_draws_and_answers_keys() {
    let mut s = explorer(100, 30);
    let screen = s.contents();
    assert!(screen.contains("neuron"), "{screen}");
    assert!(screen.contains("sgd lr=0.05"), "{screen}");
    assert!(s.raw_mode(), "raw mode while the explorer runs");
    s.screen(|screen| {
        assert!(screen.alternate_screen());
        assert!(screen.hide_cursor());
        assert_ne!(screen.mouse_protocol_mode(), vt100::MouseProtocolMode::None);
    });

    s.send(b"s");
    let screen = s.wait_text("step 1 paused");
    let before = position_line(&screen);
    s.send(b"n");
    s.wait_for("the kick to move the position", |screen| {
        position_line(&screen.contents()) != before
    });

    s.send(b"o");
    s.wait_text("momentum lr=");

    s.send(b" ");
    s.wait_text("running");
    s.wait_for("the step count to grow", |screen| {
        step(&screen.contents()) >= 1_000
    });
    s.send(b" ");
    let screen = s.wait_text("paused");
    let paused_at = step(&screen);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(step(&s.contents()), paused_at, "paused means paused");

    s.send(b"?");
    s.wait_text("next / prev optimizer");
    s.send(b"?");
    s.wait_for("the help to close", |screen| {
        !screen.contents().contains("next / prev optimizer")
    });

    s.send(b"q");
    let status = s.wait_exit();
    assert_clean_exit(&mut s, status, 0);
}

#[test]
fn a_paused_explorer_sleeps() {
    let mut s = explorer(80, 24);
    // The map is still computed in the background after the first frame, for longer on a
    // loaded machine: wait for a quiet 300 ms before measuring.
    let deadline = Instant::now() + crate::pty_support::TIMEOUT;
    let mut before = s.cpu_ticks();
    loop {
        std::thread::sleep(Duration::from_millis(300));
        let now = s.cpu_ticks();
        if now == before {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "plateau never went quiet while paused"
        );
        before = now;
    }
    std::thread::sleep(Duration::from_secs(1));
    let used = s.cpu_ticks() - before;
    // Blocked on input, with the signal thread blocked on its pipe: no CPU at all (a busy
    // loop would use about 100 ticks). A tick or two of noise is allowed.
    assert!(used <= 2, "{used} clock ticks of CPU in a second of pause");
    s.send(b"q");
    let status = s.wait_exit();
    assert_clean_exit(&mut s, status, 0);
}

/// Presses `key` on a fresh explorer and checks it quits cleanly with exit code 0.
fn quits_cleanly_on(key: &[u8]) {
    let mut s = explorer(80, 24);
    assert!(s.raw_mode());
    s.send(key);
    let status = s.wait_exit();
    assert_clean_exit(&mut s, status, 0);
}

#[test]
fn q_quits_and_restores_the_terminal() {
    quits_cleanly_on(b"q");
}

/// Esc on the main screen closes nothing and quits nothing (one Esc too many after closing
/// an overlay must not end the session); q still quits at once.
#[test]
fn esc_on_the_main_screen_does_not_quit() {
    let mut s = explorer(80, 24);
    // Esc last in a write is read as a key of its own (an Esc with more bytes behind it in
    // the same read would start Alt-s): once the step is shown, the Esc has been read too.
    s.send(b"s\x1b");
    s.wait_for("a step before Esc", |screen| step(&screen.contents()) == 1);
    s.send(b"s");
    s.wait_for("a step after Esc", |screen| step(&screen.contents()) == 2);
    assert!(s.raw_mode(), "still running");
    s.send(b"q");
    let status = s.wait_exit();
    assert_clean_exit(&mut s, status, 0);
}

#[test]
fn ctrl_c_is_a_key_in_raw_mode_and_quits_cleanly() {
    quits_cleanly_on(b"\x03");
}

/// Sends `signal` to an explorer, running or paused, and checks it exits with 128 + the
/// signal number and a restored terminal.
fn exits_cleanly_on(signal: Signal, running: bool) {
    let mut s = explorer(80, 24);
    if running {
        s.send(b" ");
        s.wait_for("frames while running", |screen| {
            step(&screen.contents()) > 0
        });
    }
    s.signal(signal);
    let status = s.wait_exit();
    assert_clean_exit(&mut s, status, 128 + signal.as_raw());
}

#[test]
fn sigterm_restores_the_terminal_and_exits_143() {
    exits_cleanly_on(Signal::TERM, false);
}

#[test]
fn sigterm_while_running_restores_the_terminal_between_frames() {
    exits_cleanly_on(Signal::TERM, true);
}

#[test]
fn sighup_restores_the_terminal_and_exits_129() {
    exits_cleanly_on(Signal::HUP, false);
}

#[test]
fn sigint_from_outside_restores_the_terminal_and_exits_130() {
    exits_cleanly_on(Signal::INT, true);
}

#[test]
fn a_hang_up_ends_the_explorer() {
    let mut s = explorer(80, 24);
    s.send(b" ");
    s.wait_for("frames while running", |screen| {
        step(&screen.contents()) > 0
    });
    s.hang_up();
    let status = s.wait_exit();
    // The kernel sends SIGHUP (exit 129); the loop may see its input end first and exit
    // through the error path (2). Either way it ends promptly.
    assert!(
        matches!(status.code(), Some(129 | 2)),
        "{status:?}: neither the SIGHUP exit nor the error exit"
    );
}

/// Without a controlling terminal (`setsid -w plateau` in a tmux pane, then the tmux server
/// killed) there is no SIGHUP: the terminal just goes dead, and the input thread spun on it
/// at 100% CPU forever. The dead terminal ends the explorer with the input error's exit
/// code, promptly, paused or running.
#[test]
fn a_dead_terminal_without_a_hang_up_signal_ends_the_explorer() {
    for running in [false, true] {
        let mut s = Session::spawn_without_controlling_terminal(&[], 80, 24);
        s.wait_text(PAUSED_AT_0);
        if running {
            s.send(b" ");
            s.wait_for("frames while running", |screen| {
                step(&screen.contents()) > 0
            });
        }
        let hung_up = Instant::now();
        s.hang_up();
        let status = s.wait_exit();
        assert_eq!(status.code(), Some(2), "running {running}: {status:?}");
        assert!(
            hung_up.elapsed() < Duration::from_secs(5),
            "running {running}: {:?}",
            hung_up.elapsed()
        );
    }
}

/// A terminal that stops reading (frozen, not closed) made a running explorer's writes
/// block, and SIGTERM and SIGHUP with them: the signal waited for the frame lock (500 ms),
/// then blocked writing the restoring escapes, until the terminal read again. Now the exit
/// comes within a second of the signal whatever blocks, with raw mode off.
#[test]
fn a_frozen_terminal_does_not_keep_a_signal_from_ending_the_explorer() {
    for signal in [Signal::TERM, Signal::HUP] {
        let mut s = explorer(80, 24);
        s.send(b" ");
        s.wait_for("frames while running", |screen| {
            step(&screen.contents()) > 0
        });
        s.freeze();
        // Each resize redraws the whole screen: a few of them fill the terminal's buffer,
        // and the next write blocks.
        for size in [
            (120, 40),
            (80, 24),
            (120, 40),
            (80, 24),
            (120, 40),
            (80, 24),
        ] {
            s.resize(size.0, size.1);
            std::thread::sleep(Duration::from_millis(100));
        }
        s.wait_write_blocked();
        let sent = Instant::now();
        s.signal(signal);
        let status = s.wait_exit();
        let elapsed = sent.elapsed();
        assert_eq!(
            status.code(),
            Some(128 + signal.as_raw()),
            "{signal:?}: {status:?}"
        );
        assert!(elapsed < Duration::from_secs(5), "{signal:?}: {elapsed:?}");
        assert!(s.cooked_mode(), "{signal:?}: raw mode left on");
    }
}

/// The panic is triggered through `PLATEAU_TEST_PANIC`, which exists in debug builds only.
#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "the test-only panic exists in debug builds only"
)]
fn a_panic_restores_the_terminal_then_prints_its_message() {
    let mut s = Session::spawn(&[], 80, 24, &[("PLATEAU_TEST_PANIC", "1")]);
    s.wait_text(PAUSED_AT_0);
    assert!(s.raw_mode());
    s.send(b"s");
    let status = s.wait_exit();
    assert_eq!(status.code(), Some(101), "{status:?}");
    s.assert_restored();
    let bytes = s.bytes();
    let message = b"PLATEAU_TEST_PANIC is set";
    let shown = find(&bytes, message).expect("the panic message");
    let left = find(&bytes, b"\x1b[?1049l").expect("the alternate screen left");
    let entered = rfind(&bytes, b"\x1b[?1049h").expect("the alternate screen entered");
    assert!(
        entered < left && left < shown,
        "the message must follow the restore"
    );
    // Leaving the alternate screen again would restore the cursor saved on entering it, and
    // the shell prompt would overwrite the message.
    assert_eq!(
        rfind(&bytes, b"\x1b[?1049l"),
        Some(left),
        "the terminal is restored exactly once"
    );
    let screen = s.contents();
    assert!(
        screen.contains("panicked at") && screen.contains("PLATEAU_TEST_PANIC is set"),
        "the message is on the normal screen:\n{screen}"
    );
}

/// The control experiment: a process killed outright cannot restore anything, and the
/// checks above see it. They would fail if plateau did not restore the terminal itself.
#[test]
fn a_killed_explorer_leaves_the_terminal_raw_so_the_checks_can_fail() {
    let mut s = explorer(80, 24);
    s.signal(Signal::KILL);
    let status = s.wait_exit();
    assert_eq!(status.signal(), Some(Signal::KILL.as_raw()));
    assert!(s.raw_mode(), "nobody restored it");
    s.screen(|screen| assert!(screen.alternate_screen()));
}

#[test]
fn resizing_down_to_1x1_and_back_ends_with_a_correct_screen() {
    let mut s = explorer(120, 40);
    let alive = |s: &mut Session| {
        std::thread::sleep(Duration::from_millis(200));
        assert!(s.running(), "plateau died on a resize");
    };
    s.resize(1, 1);
    alive(&mut s);
    s.resize(30, 10);
    s.wait_text("terminal too small");
    s.resize(1, 1);
    alive(&mut s);
    for (cols, rows) in [
        (0, 0),
        (59, 16),
        (60, 15),
        (2, 80),
        (300, 2),
        (1, 1),
        (61, 17),
    ] {
        s.resize(cols, rows);
    }
    alive(&mut s);
    s.resize(100, 30);
    let app = crate::tui_support::app(&[], true);
    let expected: Vec<String> = crate::tui_support::screen(&app, 100, 30)
        .lines()
        .map(|l| l.trim_matches('"').trim_end().to_owned())
        .collect();
    s.wait_for("the explorer at 100x30", |screen| rows(screen) == expected);
    s.send(b"q");
    let status = s.wait_exit();
    assert_clean_exit(&mut s, status, 0);
}

/// Signals whose default action ends the process, besides TERM, HUP and INT tested above:
/// each must restore the terminal and exit with 128 + its number.
const OTHER_TERMINATING: &[Signal] = &[
    Signal::QUIT,
    Signal::ALARM,
    Signal::USR1,
    Signal::USR2,
    Signal::XCPU,
    Signal::XFSZ,
    Signal::VTALARM,
    Signal::PROF,
    Signal::POWER,
    Signal::SYS,
    Signal::TRAP,
    Signal::ABORT,
    Signal::IO,
    Signal::STKFLT,
];

/// Starts one explorer per signal at once, sends each its signal and checks each exit.
fn all_exit_cleanly_on(signals: &[Signal]) {
    let mut sessions: Vec<(Signal, Session)> = signals
        .iter()
        .map(|&signal| (signal, Session::spawn(&[], 80, 24, &[])))
        .collect();
    for (signal, session) in &sessions {
        session.wait_text(PAUSED_AT_0);
        session.signal(*signal);
    }
    for (signal, session) in &mut sessions {
        let status = session.wait_exit();
        assert_eq!(
            status.signal(),
            None,
            "{signal:?} killed plateau: {status:?}"
        );
        assert_clean_exit(session, status, 128 + signal.as_raw());
    }
}

#[test]
fn quit_alarm_and_user_signals_restore_the_terminal() {
    all_exit_cleanly_on(&OTHER_TERMINATING[..7]);
}

#[test]
fn cpu_limit_abort_and_the_other_terminating_signals_restore_the_terminal() {
    all_exit_cleanly_on(&OTHER_TERMINATING[7..]);
}

#[test]
fn a_burst_of_thousands_of_keys_is_read_to_the_end() {
    let mut s = explorer(80, 24);
    // Three times crossterm's 1,024-byte read, in one write.
    s.send(&[b's'; 3000]);
    s.wait_text("step 3,000 paused");
    // A burst with Ctrl-C at its end, after 4,000 bytes of keys, still quits.
    let mut burst = vec![b's'; 4000];
    burst.push(0x03);
    s.send(&burst);
    let status = s.wait_exit();
    assert_clean_exit(&mut s, status, 0);
}

/// Text as a terminal pastes it with bracketed paste on.
fn pasted(text: &str) -> Vec<u8> {
    [b"\x1b[200~", text.as_bytes(), b"\x1b[201~"].concat()
}

#[test]
fn a_paste_goes_whole_into_the_formula_editor_or_is_refused() {
    let mut s = explorer(100, 30);
    s.send(&pasted("x"));
    s.wait_text("paste ignored: no text field is open");
    s.send(b"e\x15");
    s.send(&pasted("(x-1)^2 +\n(y+2)^2\n"));
    s.send(b"\r");
    s.wait_text(" expr (x-1)^2 + (y+2)^2 ");
    // 70 KB: refused at once with a notice; the editor keeps its text and Ctrl-C quits.
    let huge: Vec<String> = (1..=3000)
        .map(|i| format!("sin(x*{i})*cos(y*{i})"))
        .collect();
    s.send(b"e");
    s.send(&pasted(&huge.join(" + ")));
    s.wait_text("paste refused");
    s.send(b"\x03");
    let status = s.wait_exit();
    assert_clean_exit(&mut s, status, 0);
}

/// Checks the terminal is out of explorer mode while plateau is stopped: cooked, the normal
/// screen, the cursor shown, no mouse reports, no bracketed paste.
fn assert_suspended(s: &Session) {
    s.wait_state('T');
    // Stopped, plateau writes nothing more, but what it wrote before may still be on its
    // way to the emulator.
    s.sync();
    assert!(s.cooked_mode(), "raw mode left on while suspended");
    s.screen(|screen| {
        assert!(
            !screen.alternate_screen(),
            "alternate screen while suspended"
        );
        assert!(!screen.hide_cursor(), "cursor hidden while suspended");
        assert_eq!(screen.mouse_protocol_mode(), vt100::MouseProtocolMode::None);
        assert!(!screen.bracketed_paste());
    });
}

/// After SIGCONT: explorer mode again, the whole screen drawn (the alternate screen comes
/// back empty, so the readout is there only if everything was redrawn), keys answered.
fn assert_resumed(s: &mut Session, step: u64) {
    s.signal(Signal::CONT);
    s.wait_for("the explorer redrawn after fg", |screen| {
        screen.alternate_screen() && screen.contents().contains("│loss ")
    });
    assert!(s.raw_mode(), "raw mode again after fg");
    s.screen(|screen| {
        assert!(screen.hide_cursor());
        assert_ne!(screen.mouse_protocol_mode(), vt100::MouseProtocolMode::None);
        assert!(screen.bracketed_paste());
    });
    s.send(b"s");
    s.wait_text(&format!("step {} paused", step + 1));
    s.send(b"q");
    let status = s.wait_exit();
    assert_clean_exit(s, status, 0);
}

#[test]
fn ctrl_z_suspends_with_the_terminal_restored_and_fg_redraws_everything() {
    let mut s = explorer(80, 24);
    s.send(b"s");
    s.wait_text("step 1 paused");
    s.send(b"\x1a");
    assert_suspended(&s);
    assert_resumed(&mut s, 1);
}

#[test]
fn sigtstp_from_outside_suspends_like_ctrl_z() {
    let mut s = explorer(80, 24);
    s.send(b" ");
    s.wait_text("running");
    s.signal(Signal::TSTP);
    assert_suspended(&s);
    s.signal(Signal::CONT);
    s.wait_text("running");
    s.send(b" ");
    let screen = s.wait_text("paused");
    let at = step(&screen);
    s.signal(Signal::TSTP);
    assert_suspended(&s);
    assert_resumed(&mut s, at);
}

#[test]
fn sigcont_without_a_stop_of_ours_repairs_the_terminal_and_redraws() {
    let mut s = explorer(80, 24);
    // SIGSTOP cannot be caught; the shell then puts the terminal back to its own settings.
    s.signal(Signal::STOP);
    s.wait_state('T');
    // The first frame whole on the emulator before it is scribbled over: a late part of it
    // must not pass for the redraw.
    s.sync();
    s.set_cooked();
    s.scribble();
    assert_resumed(&mut s, 0);
    // And a SIGCONT out of the blue redraws too.
    let mut s = explorer(80, 24);
    s.scribble();
    assert_resumed(&mut s, 0);
}

#[test]
fn a_huge_terminal_gets_a_message_not_a_crash_and_q_quits() {
    let mut s = Session::spawn_sized(&[], (65535, 65535), (100, 30), &[]);
    s.wait_text("terminal too large (max 1000x300)");
    let (_, peak_kib) = s.memory_kib();
    assert!(peak_kib < 200 * 1024, "{peak_kib} KiB at 65535x65535");
    s.send(b"q");
    let status = s.wait_exit();
    assert_clean_exit(&mut s, status, 0);
}

#[test]
fn growing_a_running_explorer_past_the_cap_and_back_redraws_it() {
    let mut s = explorer(100, 30);
    s.send(b" ");
    s.wait_text("running");
    s.resize_terminal_only(65535, 65535);
    s.wait_text("terminal too large");
    let (_, peak_kib) = s.memory_kib();
    assert!(peak_kib < 200 * 1024, "{peak_kib} KiB");
    s.resize_terminal_only(5000, 2000);
    s.resize(100, 30);
    s.wait_for("the explorer again", |screen| {
        let text = screen.contents();
        text.contains("running") && !text.contains("too large")
    });
    s.resize_terminal_only(1001, 30);
    s.wait_text("terminal too large");
    // Ctrl-C (a key) still quits.
    s.send(b"\x03");
    let status = s.wait_exit();
    assert_clean_exit(&mut s, status, 0);
}

#[test]
fn a_scripted_click_outside_the_map_is_a_notice_and_the_session_goes_on() {
    let mut s = Session::spawn(&["--keys", "click 1000,0 s s"], 100, 30, &[]);
    s.wait_text("step 2 paused");
    s.wait_text("outside the map");
    s.send(b"s");
    s.wait_text("step 3 paused");
    s.send(b"q");
    let status = s.wait_exit();
    assert_clean_exit(&mut s, status, 0);
}

#[test]
fn a_dumb_terminal_is_refused_before_anything_is_drawn() {
    for term in ["dumb", ""] {
        let mut s = Session::spawn(&[], 80, 24, &[("TERM", term)]);
        let status = s.wait_exit();
        assert_eq!(status.code(), Some(2), "TERM={term:?}");
        assert!(s.cooked_mode(), "raw mode was never entered");
        let bytes = s.bytes();
        assert!(!bytes.contains(&0x1b), "no escape sequence: {bytes:?}");
        let screen = s.contents();
        assert!(
            screen.contains("error: the explorer needs a terminal that understands escape")
                && screen.contains("plateau run"),
            "{screen}"
        );
    }
}
