//! The terminal in explorer mode: raw mode, the alternate screen, a hidden cursor, click
//! reports and bracketed paste for as long as a [`TerminalGuard`] lives, restored exactly
//! once however the explorer ends (quit, error, panic or signal), and left and re-entered
//! around a suspension (Ctrl-Z, `fg`).

use ratatui::crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use std::cell::Cell;
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError, TryLockError};
use std::time::{Duration, Instant};

/// Raw mode, alternate screen, hidden cursor, click reports and bracketed paste for as long
/// as it lives; dropping it (on quit, error or unwinding panic) restores the terminal.
pub struct TerminalGuard;

impl TerminalGuard {
    /// Puts the terminal into explorer mode.
    pub fn enter() -> io::Result<Self> {
        OWNED.store(true, Ordering::SeqCst);
        let guard = Self;
        enter_explorer_mode()?;
        Ok(guard)
    }
}

/// Whether the explorer owns the terminal: from [`TerminalGuard::enter`] until the final
/// restore. A suspended explorer (Ctrl-Z) still owns it; one that has quit does not, so a
/// SIGCONT arriving late cannot put the terminal back into raw mode after plateau is done.
static OWNED: AtomicBool = AtomicBool::new(false);

/// Whether the terminal is in explorer mode, so that it is restored exactly once: a second
/// `LeaveAlternateScreen` (after a panic, from the guard's drop during unwinding) would move
/// the cursor back to where plateau started and let the shell prompt overwrite the panic
/// message.
static EXPLORER_MODE: AtomicBool = AtomicBool::new(false);

/// Raw mode, then the alternate screen, click reports, bracketed paste and a hidden cursor.
fn enter_explorer_mode() -> io::Result<()> {
    enable_raw_mode()?;
    EXPLORER_MODE.store(true, Ordering::SeqCst);
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableClickReports,
        EnableBracketedPaste,
        ratatui::crossterm::cursor::Hide
    )
}

/// After a stop (Ctrl-Z, SIGTSTP, SIGSTOP) and `fg`: explorer mode again, whatever the
/// shell did to the terminal meanwhile (raw mode is set afresh, not assumed), if the
/// explorer still owns the terminal. The caller asks for a full redraw.
pub fn reenter_terminal() {
    if !OWNED.load(Ordering::SeqCst) {
        return;
    }
    if EXPLORER_MODE.load(Ordering::SeqCst) {
        // crossterm believes it is still raw and would do nothing; the shell may have put
        // the terminal back to its own settings.
        let _ = disable_raw_mode();
    }
    let _ = enter_explorer_mode();
}

/// Mouse reports for button presses and releases only, in SGR encoding. crossterm's
/// `EnableMouseCapture` also turns on any-motion tracking, which sends bytes (over SSH, too)
/// and wakes the event loop on every mouse move; the explorer only uses clicks.
struct EnableClickReports;

impl ratatui::crossterm::Command for EnableClickReports {
    fn write_ansi(&self, f: &mut impl std::fmt::Write) -> std::fmt::Result {
        f.write_str("\x1b[?1000h\x1b[?1006h")
    }

    #[cfg(windows)]
    fn execute_winapi(&self) -> io::Result<()> {
        ratatui::crossterm::Command::execute_winapi(&ratatui::crossterm::event::EnableMouseCapture)
    }

    #[cfg(windows)]
    fn is_ansi_code_supported(&self) -> bool {
        false
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        let _held = hold_terminal();
        restore_terminal();
    }
}

/// Held while writing to the terminal: a frame, or the restoring escapes.
static TERMINAL: Mutex<()> = Mutex::new(());

thread_local! {
    /// Whether this thread holds [`TERMINAL`] (a panic inside a draw must not wait for
    /// itself).
    static HOLDING: Cell<bool> = const { Cell::new(false) };
}

/// Exclusive use of the terminal while it lives (see [`hold_terminal`]).
pub struct Held {
    _lock: MutexGuard<'static, ()>,
}

impl Held {
    /// `guard`, marked as held by this thread.
    fn new(guard: MutexGuard<'static, ()>) -> Self {
        HOLDING.with(|h| h.set(true));
        Self { _lock: guard }
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        HOLDING.with(|h| h.set(false));
    }
}

/// Exclusive use of the terminal until the guard is dropped (a panic while holding it does
/// not lock the terminal out: poisoning is ignored).
pub fn hold_terminal() -> Held {
    Held::new(TERMINAL.lock().unwrap_or_else(PoisonError::into_inner))
}

/// How long a signal or a panic waits for the frame being drawn; a draw stuck on a frozen
/// terminal or a stalled SSH link must not keep plateau from exiting.
pub const RESTORE_DEADLINE: Duration = Duration::from_millis(500);

/// [`hold_terminal`], or `None` if the terminal stays busy for longer than `deadline`.
pub fn hold_terminal_within(deadline: Duration) -> Option<Held> {
    let until = Instant::now() + deadline;
    loop {
        match TERMINAL.try_lock() {
            Ok(guard) => return Some(Held::new(guard)),
            Err(TryLockError::Poisoned(poisoned)) => return Some(Held::new(poisoned.into_inner())),
            Err(TryLockError::WouldBlock) if Instant::now() < until => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(TryLockError::WouldBlock) => return None,
        }
    }
}

/// Leaves explorer mode for good (quit, error, panic, termination signal); does nothing
/// when the terminal is already restored.
pub fn restore_terminal() {
    OWNED.store(false, Ordering::SeqCst);
    leave_explorer_mode();
}

/// Leaves explorer mode (for good, or for a stop); does nothing when the terminal is
/// already out of it. Bracketed paste and click reports go first, so the output ends with
/// the normal screen and a visible cursor.
pub fn leave_explorer_mode() {
    if !EXPLORER_MODE.swap(false, Ordering::SeqCst) {
        return;
    }
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
}

/// The exit code of a panic, as the Rust runtime reports one that ends `main`.
pub const PANIC_EXIT: i32 = 101;

/// Makes a panic on any thread end the whole process: the terminal is restored, the
/// previous hook prints the message on the usable screen, and the process exits with
/// [`PANIC_EXIT`]. A panic on another thread than the one drawing (a worker, the input
/// thread) waits for the frame being drawn (at most [`RESTORE_DEADLINE`]) and keeps the
/// terminal until the process is gone, so no frame follows the restore; a panic inside a
/// draw already holds the terminal.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _held = if HOLDING.with(Cell::get) {
            None
        } else {
            hold_terminal_within(RESTORE_DEADLINE)
        };
        restore_terminal();
        previous(info);
        std::process::exit(PANIC_EXIT);
    }));
}
