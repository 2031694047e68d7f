//! Noticing that the terminal has gone dead. When a terminal's other side closes (the
//! terminal window, sshd, a killed tmux server), the kernel sends SIGHUP only to the
//! session that has it as its controlling terminal; a process without one (`setsid -w
//! plateau` in a tmux pane) gets no signal, and its terminal reads end of file for ever.
//! crossterm takes such a read for "nothing yet" and polls again at once, so its input
//! thread would spin at full speed. A thread of its own waits here, with no CPU at all,
//! for the hang-up that the kernel reports to `poll` whatever was asked for.

use rustix::event::{PollFd, PollFlags, poll};
use std::fs::File;
use std::io::{self, IsTerminal};
use std::os::fd::{AsFd, OwnedFd};

/// Starts the thread that calls `hung_up` once the terminal hangs up.
pub fn watch(hung_up: impl FnOnce() + Send + 'static) -> Result<(), String> {
    let cannot = |e: io::Error| format!("cannot watch the terminal: {e}");
    let tty = terminal_input().map_err(cannot)?;
    std::thread::Builder::new()
        .name("hangup".to_owned())
        .spawn(move || {
            if wait_for_hangup(&tty) {
                hung_up();
            }
        })
        .map(drop)
        .map_err(cannot)
}

/// The terminal the explorer reads, as crossterm (with `use-dev-tty`) chooses it: stdin if
/// it is a terminal, else `/dev/tty`.
fn terminal_input() -> io::Result<OwnedFd> {
    let stdin = io::stdin();
    if stdin.is_terminal() {
        stdin.as_fd().try_clone_to_owned()
    } else {
        Ok(File::options()
            .read(true)
            .write(true)
            .open("/dev/tty")?
            .into())
    }
}

/// Blocks until `tty` hangs up (`true`), or polling it fails (`false`). It polls for no
/// event at all, so it wakes only for what `poll` always reports: a hang-up, an error, a
/// descriptor that is not open.
fn wait_for_hangup(tty: &OwnedFd) -> bool {
    loop {
        let mut fds = [PollFd::new(tty, PollFlags::empty())];
        match poll(&mut fds, None) {
            Ok(_) => {
                let gone = PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL;
                if fds[0].revents().intersects(gone) {
                    return true;
                }
            }
            Err(rustix::io::Errno::INTR) => {}
            Err(_) => return false,
        }
    }
}
