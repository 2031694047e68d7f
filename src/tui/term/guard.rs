//! The terminal in explorer mode: raw mode, the alternate screen, a hidden cursor, click
//! reports and bracketed paste for as long as a [`TerminalGuard`] lives, restored exactly
//! once however the explorer ends (quit, error, panic or signal), and left and re-entered
//! around a suspension (Ctrl-Z, `fg`).

use super::signals;
use ratatui::crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};

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
        let _held = signals::hold_terminal();
        restore_terminal();
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

/// Makes panics restore the terminal before the previous hook prints the message, so the
/// message lands on a usable screen. It does not wait for [`signals::hold_terminal`]: the
/// panic may come from inside a draw, on the thread that holds it.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
}
