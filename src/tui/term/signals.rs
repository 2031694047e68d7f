//! Termination signals while the explorer owns the terminal: every catchable signal whose
//! default action ends the process ([`TERMINATING`]: SIGTERM, SIGHUP — an SSH connection
//! drop —, SIGINT, SIGQUIT, SIGALRM, SIGXCPU, SIGUSR1 …) restores the terminal and exits
//! with code 128 + the signal number, as a shell reports a process killed by that signal.
//!
//! Design: a dedicated thread waits for the signals ([`signal_hook::iterator::Signals`]
//! turns them into bytes on a self-pipe, so the handler itself only writes a byte). The
//! event loop is untouched: paused, it still blocks in `event::read()` with no timeout and
//! costs no CPU, and the signal never has to wake it. Instead the thread restores the
//! terminal itself and ends the process. So that it never writes the restoring escapes into
//! the middle of a frame, every draw and every restore holds [`hold_terminal`]; the thread
//! keeps holding it until the process has exited, so no frame can follow the restore.
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

use signal_hook::consts::{
    SIGABRT, SIGALRM, SIGHUP, SIGINT, SIGIO, SIGPROF, SIGQUIT, SIGSYS, SIGTERM, SIGTRAP, SIGUSR1,
    SIGUSR2, SIGVTALRM, SIGXCPU, SIGXFSZ,
};
use signal_hook::iterator::Signals;
use std::sync::{Mutex, MutexGuard, PoisonError, TryLockError};
use std::time::{Duration, Instant};

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

/// Held while writing to the terminal: a frame, or the restoring escapes.
static TERMINAL: Mutex<()> = Mutex::new(());

/// Exclusive use of the terminal until the guard is dropped (a panic while holding it does
/// not lock the terminal out: poisoning is ignored).
pub(super) fn hold_terminal() -> MutexGuard<'static, ()> {
    TERMINAL.lock().unwrap_or_else(PoisonError::into_inner)
}

/// How long a termination signal waits for the frame being drawn; a draw stuck on a frozen
/// terminal or a stalled SSH link must not keep plateau from exiting.
const RESTORE_DEADLINE: Duration = Duration::from_millis(500);

/// [`hold_terminal`], or `None` if the terminal stays busy for longer than `deadline`.
fn hold_terminal_within(deadline: Duration) -> Option<MutexGuard<'static, ()>> {
    let until = Instant::now() + deadline;
    loop {
        match TERMINAL.try_lock() {
            Ok(guard) => return Some(guard),
            Err(TryLockError::Poisoned(poisoned)) => return Some(poisoned.into_inner()),
            Err(TryLockError::WouldBlock) if Instant::now() < until => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(TryLockError::WouldBlock) => return None,
        }
    }
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

/// Starts the thread that, on any of [`TERMINATING`], waits for the frame being drawn (at
/// most [`RESTORE_DEADLINE`]), restores the terminal and exits with 128 + the signal
/// number.
pub(super) fn exit_on_termination() -> Result<(), String> {
    let mut signals = signals(&[])?;
    std::thread::Builder::new()
        .name("signals".to_owned())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let _held = hold_terminal_within(RESTORE_DEADLINE);
                super::guard::restore_terminal();
                std::process::exit(128 + signal);
            }
        })
        .map_err(|e| format!("cannot handle termination signals: {e}"))?;
    Ok(())
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
