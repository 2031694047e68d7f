//! Signals while plateau owns the terminal or writes a recording.
//!
//! In the explorer, every catchable signal whose default action ends the process
//! ([`TERMINATING`]: SIGTERM, SIGHUP — an SSH connection drop —, SIGINT, SIGQUIT, SIGALRM,
//! SIGXCPU, SIGUSR1 …) restores the terminal and exits with code 128 + the signal number, as
//! a shell reports a process killed by that signal. SIGTSTP (Ctrl-Z is a key in raw mode:
//! the explorer raises SIGTSTP itself, [`suspend`]) restores the terminal and stops the
//! process; on SIGCONT (`fg`) the terminal is put back into explorer mode and the whole
//! screen is redrawn. A SIGCONT without a stop of ours (after a SIGSTOP, which nobody can
//! catch) does the same, since the shell may have reset the terminal meanwhile.
//!
//! Design: a dedicated thread waits for the signals ([`signal_hook::iterator::Signals`]
//! turns them into bytes on a self-pipe, so the handler itself only writes a byte). The
//! event loop is untouched: paused, it still blocks on its input with no timeout and costs
//! no CPU. The thread restores the terminal itself. So that it never writes the restoring
//! escapes into the middle of a frame, every draw and every restore holds
//! [`guard::hold_terminal`];
//! the thread keeps holding it until the process has exited (or, for a stop, until the
//! terminal is back in explorer mode), so no frame can follow the restore. After a stop it
//! asks the event loop for a full redraw through the callback it was given.
//!
//! Ctrl-C in the explorer is not SIGINT: raw mode turns it into a key (quit, exit code 0).
//!
//! In a headless recording the same signals remove the temporary file being written
//! ([`super::file`]) before exiting, so an interrupted recording leaves nothing behind.
//!
//! Not catchable, so not handled: SIGKILL and SIGSTOP. Not handled on purpose: SIGSEGV,
//! SIGBUS, SIGFPE and SIGILL (a handler that returns would run the faulting instruction
//! again; Rust turns a stack overflow into an abort), and SIGABRT raised by plateau itself
//! (`abort()` resets the handler and raises it again at once, before any thread can run:
//! nothing short of code inside the handler, which the crate does not allow, could restore
//! the terminal then; SIGABRT sent from outside is handled).

use super::guard::{self, RESTORE_DEADLINE, hold_terminal_within};
use signal_hook::consts::{
    SIGABRT, SIGALRM, SIGCONT, SIGHUP, SIGINT, SIGIO, SIGPROF, SIGQUIT, SIGSYS, SIGTERM, SIGTRAP,
    SIGTSTP, SIGUSR1, SIGUSR2, SIGVTALRM, SIGXCPU, SIGXFSZ,
};
use signal_hook::iterator::Signals;
use std::time::Duration;

/// Every catchable signal whose default action ends the process, on Linux. (SIGPIPE is
/// ignored by the Rust runtime; SIGABRT is caught when another process sends it.)
pub const TERMINATING: &[i32] = &[
    SIGTERM,
    SIGHUP,
    SIGINT,
    SIGQUIT,
    SIGALRM,
    SIGUSR1,
    SIGUSR2,
    SIGXCPU,
    SIGXFSZ,
    SIGVTALRM,
    SIGPROF,
    SIGSYS,
    SIGTRAP,
    SIGABRT,
    SIGIO,
    #[cfg(target_os = "linux")]
    rustix::process::Signal::POWER.as_raw(),
    #[cfg(all(
        target_os = "linux",
        not(any(target_arch = "mips", target_arch = "mips64", target_arch = "sparc64"))
    ))]
    rustix::process::Signal::STKFLT.as_raw(),
];

/// How long a terminating signal may take to restore the terminal before plateau exits
/// without finishing: a terminal that stops reading (frozen, or a stalled SSH link) blocks
/// the restoring escapes as it blocks the frame being drawn. Raw mode is off by then (it is
/// turned off first, without writing to the terminal); the escapes that leave the alternate
/// screen and show the cursor may be lost.
const EXIT_DEADLINE: Duration = Duration::from_secs(1);

/// Ends the process with `code` after `deadline`, whatever the other threads are blocked on
/// (if no thread can be started for it, the exit waits for the restore as before).
fn exit_after(deadline: Duration, code: i32) {
    let _ = std::thread::Builder::new()
        .name("deadline".to_owned())
        .spawn(move || {
            std::thread::sleep(deadline);
            std::process::exit(code);
        });
}

/// The signal set of `extra` and [`TERMINATING`], each registered on its own: a signal the
/// platform refuses is left out rather than failing the rest.
fn signals(extra: &[i32]) -> Result<Signals, String> {
    let signals =
        Signals::new(extra).map_err(|e| format!("cannot handle termination signals: {e}"))?;
    for &signal in TERMINATING {
        let _ = signals.add_signal(signal);
    }
    Ok(signals)
}

/// Starts the explorer's signal thread: a terminating signal waits for the frame being
/// drawn (at most [`RESTORE_DEADLINE`]), restores the terminal and exits with 128 + the
/// signal number, within [`EXIT_DEADLINE`] even if the terminal does not read; SIGTSTP suspends ([`stop`]); SIGCONT puts the terminal back into explorer
/// mode. After either of the last two, `redraw` asks the event loop for a full redraw.
pub(super) fn handle_in_explorer(redraw: impl Fn() + Send + 'static) -> Result<(), String> {
    let mut signals = signals(&[SIGTSTP, SIGCONT])?;
    std::thread::Builder::new()
        .name("signals".to_owned())
        .spawn(move || {
            // The SIGCONT that ends a stop of ours: already handled by `stop`.
            let mut continued = false;
            for signal in signals.forever() {
                match signal {
                    SIGTSTP => {
                        stop();
                        continued = true;
                        redraw();
                    }
                    SIGCONT if std::mem::take(&mut continued) => {}
                    SIGCONT => {
                        let _held = hold_terminal_within(RESTORE_DEADLINE);
                        guard::reenter_terminal();
                        redraw();
                    }
                    _ => {
                        exit_after(EXIT_DEADLINE, 128 + signal);
                        let _held = hold_terminal_within(RESTORE_DEADLINE);
                        guard::restore_terminal();
                        std::process::exit(128 + signal);
                    }
                }
            }
        })
        .map_err(|e| format!("cannot handle termination signals: {e}"))?;
    Ok(())
}

/// Restores the terminal, stops the process (as SIGTSTP's default action would) and, once
/// continued, puts the terminal back into explorer mode; holds the terminal throughout, so
/// no frame is drawn on the shell's screen.
fn stop() {
    let _held = hold_terminal_within(RESTORE_DEADLINE);
    guard::leave_explorer_mode();
    // Raises SIGSTOP: every thread stops here until SIGCONT.
    let _ = signal_hook::low_level::emulate_default_handler(SIGTSTP);
    guard::reenter_terminal();
}

/// Ctrl-Z: raises SIGTSTP, which the signal thread handles like one sent from outside.
pub(super) fn suspend() {
    let _ = signal_hook::low_level::raise(SIGTSTP);
}

/// Starts the thread that, on a terminating signal during a headless recording, removes
/// the temporary file being written and exits with 128 + the signal number.
pub(super) fn remove_temporary_on_termination() -> Result<(), String> {
    let mut signals = signals(&[])?;
    std::thread::Builder::new()
        .name("signals".to_owned())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                super::file::remove_temporary();
                std::process::exit(128 + signal);
            }
        })
        .map_err(|e| format!("cannot handle termination signals: {e}"))?;
    Ok(())
}
