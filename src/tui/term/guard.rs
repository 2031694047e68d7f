//! The terminal in explorer mode: raw mode, the alternate screen, a hidden cursor, click
//! reports and bracketed paste for as long as a [`TerminalGuard`] lives, restored exactly once however the
//! explorer ends (quit, error, panic or signal).

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
        enable_raw_mode()?;
        let guard = Self;
        EXPLORER_MODE.store(true, Ordering::SeqCst);
        execute!(
            io::stdout(),
            EnterAlternateScreen,
            EnableClickReports,
            EnableBracketedPaste,
            ratatui::crossterm::cursor::Hide
        )?;
        Ok(guard)
    }
}

/// Whether the terminal is in explorer mode, so that it is restored exactly once: a second
/// `LeaveAlternateScreen` (after a panic, from the guard's drop during unwinding) would move
/// the cursor back to where plateau started and let the shell prompt overwrite the panic
/// message.
static EXPLORER_MODE: AtomicBool = AtomicBool::new(false);

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

/// Leaves explorer mode; does nothing when the terminal is already restored. Bracketed
/// paste and click reports go first, so the output ends with the normal screen and a
/// visible cursor.
pub fn restore_terminal() {
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
