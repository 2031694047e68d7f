//! The real `plateau` binary in a pseudo-terminal of our own, its screen read back through
//! the vt100 terminal emulator. No terminal is needed to run these tests: the pty is made
//! here (`posix_openpt`), and the child gets it as its controlling terminal in a new
//! session, as a login shell would, so resizes reach it as SIGWINCH and closing the master
//! hangs it up with SIGHUP.
//!
//! The test keeps its own descriptor of the terminal side open for the whole session. Its
//! settings (raw mode or not) therefore outlive the child and can be read after it exits:
//! they are exactly what the child left, not a fresh terminal's.
//!
//! That descriptor also gives a barrier, [`Session::sync`]: what the child writes reaches
//! the master asynchronously (the kernel hands pty output on from a work queue, and the
//! reader thread has to be scheduled), so a child seen stopped or exited may still have
//! bytes in flight. A marker written to the terminal side behind them comes out of the
//! master after them; once the reader has seen it, the emulator holds everything.

use rustix::event::{PollFd, PollFlags, poll};
use rustix::fs::{Mode, OFlags, open};
use rustix::process::{Pid, Signal, ioctl_tiocsctty, kill_process, setsid};
use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
use rustix::termios::{
    LocalModes, OptionalActions, Termios, Winsize, tcgetattr, tcsetattr, tcsetwinsize,
};
use std::fs::File;
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::os::fd::OwnedFd;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long to wait for a screen or an exit: generous, for a debug build on a loaded
/// two-core machine. Nothing here measures speed.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// Written to the terminal side by [`Session::sync`] and taken out of the output again: an
/// operating system command no program sends and the emulator ignores.
const SYNC: &[u8] = b"\x1b]5379;plateau-test-sync\x07";

/// Everything the child wrote, raw and as a screen.
struct Output {
    bytes: Vec<u8>,
    parser: vt100::Parser,
    /// How many [`SYNC`] markers have come through.
    synced: u64,
}

/// A running `plateau` in a pseudo-terminal.
pub struct Session {
    child: Child,
    master: Option<Arc<File>>,
    slave: OwnedFd,
    output: Arc<Mutex<Output>>,
    stop_reading: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
    status: Option<ExitStatus>,
}

impl Session {
    /// Starts `plateau ARGS...` in a `cols × rows` pseudo-terminal with extra environment
    /// variables `env`.
    pub fn spawn(args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Self {
        Self::spawn_sized(args, (cols, rows), (cols, rows), env)
    }

    /// Starts `plateau ARGS...` in a pseudo-terminal that says it is `size` (columns, rows)
    /// while the emulator reading it is `screen`: a terminal too large to emulate can be
    /// claimed, and what plateau writes at the top left is still read.
    pub fn spawn_sized(
        args: &[&str],
        size: (u16, u16),
        screen: (u16, u16),
        env: &[(&str, &str)],
    ) -> Self {
        Self::start(args, size, screen, env, true)
    }

    /// Starts `plateau ARGS...` in a `cols × rows` pseudo-terminal that is not its
    /// controlling terminal (a new session without one, as `setsid -w plateau` in a tmux
    /// pane): closing the master sends no SIGHUP, the terminal just goes dead.
    pub fn spawn_without_controlling_terminal(args: &[&str], cols: u16, rows: u16) -> Self {
        Self::start(args, (cols, rows), (cols, rows), &[], false)
    }

    /// [`Session::spawn_sized`], the pty the child's controlling terminal if `controlling`.
    fn start(
        args: &[&str],
        size: (u16, u16),
        screen: (u16, u16),
        env: &[(&str, &str)],
        controlling: bool,
    ) -> Self {
        let (cols, rows) = size;
        let flags = OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC;
        let master = openpt(flags).expect("posix_openpt");
        grantpt(&master).expect("grantpt");
        unlockpt(&master).expect("unlockpt");
        let name = ptsname(&master, Vec::new()).expect("ptsname");
        let slave = open(
            name.as_c_str(),
            OFlags::RDWR | OFlags::NOCTTY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .expect("open the terminal side");
        tcsetwinsize(&master, winsize(cols, rows)).expect("set the size");
        let stdio = || Stdio::from(slave.try_clone().expect("dup"));
        let mut command = Command::new(env!("CARGO_BIN_EXE_plateau"));
        command
            .args(args)
            .env("TERM", "xterm-256color")
            .env("RUST_BACKTRACE", "0")
            .env_remove("NO_COLOR")
            .env_remove("PLATEAU_TEST_PANIC")
            .envs(env.iter().copied())
            .stdin(stdio())
            .stdout(stdio())
            .stderr(stdio());
        // SAFETY: runs in the forked child before exec and only makes two system calls
        // (no allocation, no locks): a new session, then the pty (already its stdin) as
        // the session's controlling terminal if asked.
        #[allow(unsafe_code)]
        unsafe {
            command.pre_exec(move || {
                setsid()?;
                if controlling {
                    ioctl_tiocsctty(rustix::stdio::stdin())?;
                }
                Ok(())
            });
        }
        let child = command.spawn().expect("spawn plateau");
        drop(command);
        let master = Arc::new(File::from(master));
        let output = Arc::new(Mutex::new(Output {
            bytes: Vec::new(),
            parser: vt100::Parser::new(nonzero(screen.1), nonzero(screen.0), 0),
            synced: 0,
        }));
        let stop_reading = Arc::new(AtomicBool::new(false));
        let reader = {
            let (master, output) = (Arc::clone(&master), Arc::clone(&output));
            let stop_reading = Arc::clone(&stop_reading);
            std::thread::spawn(move || read_until_stopped(&master, &output, &stop_reading))
        };
        Self {
            child,
            master: Some(master),
            slave,
            output,
            stop_reading,
            reader: Some(reader),
            status: None,
        }
    }

    /// Types `bytes` (keys as a terminal sends them).
    pub fn send(&self, bytes: &[u8]) {
        let mut master: &File = self.master.as_ref().expect("the terminal is open");
        master.write_all(bytes).expect("write to the terminal");
    }

    /// Waits until `ready` holds for the screen and returns the screen's text; panics with
    /// the screen after [`TIMEOUT`].
    pub fn wait_for(&self, what: &str, ready: impl Fn(&vt100::Screen) -> bool) -> String {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            {
                let output = self.output.lock().unwrap();
                let screen = output.parser.screen();
                if ready(screen) {
                    return screen.contents();
                }
                if Instant::now() > deadline {
                    panic!(
                        "timed out waiting for {what}; screen:\n{}",
                        screen.contents()
                    );
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the screen shows `text`; returns the screen's text.
    pub fn wait_text(&self, text: &str) -> String {
        self.wait_for(&format!("{text:?}"), |s| s.contents().contains(text))
    }

    /// The screen's text now.
    pub fn contents(&self) -> String {
        self.output.lock().unwrap().parser.screen().contents()
    }

    /// Whether the child is still running.
    pub fn running(&mut self) -> bool {
        self.child.try_wait().expect("wait").is_none()
    }

    /// Resizes the terminal (the kernel sends the child SIGWINCH); the emulator takes the
    /// new size first, so the redraw that follows lands on a screen of the right size.
    pub fn resize(&self, cols: u16, rows: u16) {
        self.output
            .lock()
            .unwrap()
            .parser
            .screen_mut()
            .set_size(nonzero(rows), nonzero(cols));
        let master = self.master.as_ref().expect("the terminal is open");
        tcsetwinsize(master.as_ref(), winsize(cols, rows)).expect("resize");
    }

    /// Resizes the terminal only (SIGWINCH), not the emulator: for sizes too large to
    /// emulate.
    pub fn resize_terminal_only(&self, cols: u16, rows: u16) {
        let master = self.master.as_ref().expect("the terminal is open");
        tcsetwinsize(master.as_ref(), winsize(cols, rows)).expect("resize");
    }

    /// Puts the terminal back into line mode with echo, as a shell does for itself when a
    /// job it runs is stopped.
    pub fn set_cooked(&self) {
        let mut termios = self.termios();
        termios.local_modes |= LocalModes::ICANON | LocalModes::ECHO;
        tcsetattr(&self.slave, OptionalActions::Now, &termios).expect("tcsetattr");
    }

    /// Clears the emulated screen, as if something else had drawn over it: only a full
    /// redraw by plateau brings the explorer back.
    pub fn scribble(&self) {
        self.output
            .lock()
            .unwrap()
            .parser
            .process(b"\x1b[2J\x1b[Hscribbled");
    }

    /// The child's state letter from `/proc/PID/stat`: `R` running, `S` sleeping, `T`
    /// stopped, …
    pub fn state(&self) -> char {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id()))
            .expect("/proc/PID/stat");
        let after = stat.rsplit_once(')').expect("comm").1;
        after.trim_start().chars().next().expect("a state")
    }

    /// Waits until the emulator has everything the child wrote so far (see the module's
    /// documentation); panics after [`TIMEOUT`]. Only while the child writes nothing (it is
    /// stopped, has exited or is idle): the marker could otherwise land inside a frame.
    pub fn sync(&self) {
        let target = self.output.lock().unwrap().synced + 1;
        rustix::io::write(&self.slave, SYNC).expect("write the sync marker");
        let deadline = Instant::now() + TIMEOUT;
        while self.output.lock().unwrap().synced < target {
            if Instant::now() > deadline {
                panic!(
                    "the sync marker never came through; screen:\n{}",
                    self.contents()
                );
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Waits until the child's state is `state` (see [`Session::state`]); panics after
    /// [`TIMEOUT`].
    pub fn wait_state(&self, state: char) {
        let deadline = Instant::now() + TIMEOUT;
        while self.state() != state {
            if Instant::now() > deadline {
                panic!(
                    "plateau never reached state {state}; screen:\n{}",
                    self.contents()
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The resident set of the child in kibibytes, now and at its peak (`VmRSS`, `VmHWM`).
    pub fn memory_kib(&self) -> (u64, u64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("/proc/PID/status");
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.split_whitespace().next())
                .and_then(|v| v.parse().ok())
                .unwrap_or(0)
        };
        (field("VmRSS:"), field("VmHWM:"))
    }

    /// The threads the child has now (the entries of `/proc/PID/task`).
    pub fn threads(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/task", self.child.id()))
            .expect("/proc/PID/task")
            .count()
    }

    /// CPU time the child has used so far, in clock ticks (user + system, from
    /// `/proc/PID/stat`).
    pub fn cpu_ticks(&self) -> u64 {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id()))
            .expect("/proc/PID/stat");
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .expect("comm")
            .1
            .split_whitespace()
            .collect();
        // After the command name: state is field 3, utime 14 and stime 15.
        fields[11].parse::<u64>().expect("utime") + fields[12].parse::<u64>().expect("stime")
    }

    /// Sends `signal` to the child.
    pub fn signal(&self, signal: Signal) {
        kill_process(Pid::from_child(&self.child), signal).expect("kill");
    }

    /// Closes the terminal's master side, as a terminal emulator or sshd does when the
    /// window or connection goes away: the kernel hangs the terminal up and sends SIGHUP.
    pub fn hang_up(&mut self) {
        self.stop_reader();
        let master = self.master.take().expect("the terminal is open");
        Arc::try_unwrap(master).expect("the only handle of the master");
    }

    /// Stops reading the terminal, as a frozen terminal emulator or a stalled SSH link does:
    /// once the terminal's buffer is full, the child's writes block.
    pub fn freeze(&mut self) {
        self.stop_reader();
    }

    /// Waits until one of the child's threads is blocked writing to the terminal (its kernel
    /// wait channel is `wait_woken`, where a tty write waits for room; the explorer's threads
    /// otherwise wait on futexes, sockets and `poll`); panics after [`TIMEOUT`].
    pub fn wait_write_blocked(&self) {
        let deadline = Instant::now() + TIMEOUT;
        let tasks = format!("/proc/{}/task", self.child.id());
        loop {
            let blocked = std::fs::read_dir(&tasks).into_iter().flatten().any(|task| {
                task.ok()
                    .and_then(|t| std::fs::read_to_string(t.path().join("wchan")).ok())
                    .is_some_and(|wchan| wchan == "wait_woken" || wchan.contains("tty_write"))
            });
            if blocked {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "no write blocked on the terminal"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The terminal's current settings.
    pub fn termios(&self) -> Termios {
        tcgetattr(&self.slave).expect("tcgetattr")
    }

    /// Whether the terminal is in raw mode: no line editing (ICANON) and no echo.
    pub fn raw_mode(&self) -> bool {
        let local = self.termios().local_modes;
        !local.contains(LocalModes::ICANON) && !local.contains(LocalModes::ECHO)
    }

    /// Whether the terminal is back in its normal mode: line editing and echo on.
    pub fn cooked_mode(&self) -> bool {
        let local = self.termios().local_modes;
        local.contains(LocalModes::ICANON) && local.contains(LocalModes::ECHO)
    }

    /// Waits for the child to exit (panics after [`TIMEOUT`]), then reads what it wrote
    /// last, to the end ([`Session::sync`]); returns its status.
    pub fn wait_exit(&mut self) -> ExitStatus {
        if let Some(status) = self.status {
            return status;
        }
        let deadline = Instant::now() + TIMEOUT;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                break status;
            }
            if Instant::now() > deadline {
                panic!("plateau did not exit; screen:\n{}", self.contents());
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        self.status = Some(status);
        // After a hang-up there is no terminal left to read.
        if self.reader.is_some() {
            self.sync();
            self.stop_reader();
        }
        status
    }

    /// Tells the reader to stop and waits for it.
    fn stop_reader(&mut self) {
        self.stop_reading.store(true, Ordering::SeqCst);
        if let Some(reader) = self.reader.take() {
            reader.join().expect("the reader thread");
        }
    }

    /// Every byte the child wrote to the terminal.
    pub fn bytes(&self) -> Vec<u8> {
        self.output.lock().unwrap().bytes.clone()
    }

    /// Runs `check` on the final emulated screen.
    pub fn screen<T>(&self, check: impl FnOnce(&vt100::Screen) -> T) -> T {
        check(self.output.lock().unwrap().parser.screen())
    }

    /// After exit: checks that the terminal is fully restored — raw mode off, the normal
    /// screen back, the cursor shown, mouse reporting and bracketed paste off.
    pub fn assert_restored(&self) {
        let termios = self.termios();
        assert!(
            self.cooked_mode(),
            "raw mode left on: {:?}",
            termios.local_modes
        );
        self.screen(|s| {
            assert!(!s.alternate_screen(), "still on the alternate screen");
            assert!(!s.hide_cursor(), "cursor still hidden");
            assert_eq!(
                s.mouse_protocol_mode(),
                vt100::MouseProtocolMode::None,
                "mouse capture still on"
            );
            assert!(!s.bracketed_paste(), "bracketed paste still on");
        });
        let bytes = self.bytes();
        for escape in [
            "\x1b[?1049l",
            "\x1b[?25h",
            "\x1b[?1000l",
            "\x1b[?1006l",
            "\x1b[?2004l",
        ] {
            assert!(
                find(&bytes, escape.as_bytes()).is_some(),
                "{escape:?} never written"
            );
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if self.status.is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        self.stop_reading.store(true, Ordering::SeqCst);
    }
}

/// The reader thread: copies the master's output into the emulator until `stop` is set,
/// counting and removing [`SYNC`] markers.
fn read_until_stopped(master: &File, output: &Mutex<Output>, stop: &AtomicBool) {
    let mut buf = [0u8; 8192];
    let timeout = rustix::event::Timespec {
        tv_sec: 0,
        tv_nsec: 50_000_000,
    };
    while !stop.load(Ordering::SeqCst) {
        let mut fds = [PollFd::new(master, PollFlags::IN)];
        let ready = poll(&mut fds, Some(&timeout)).unwrap_or(0);
        if ready == 0 {
            continue;
        }
        let mut reader = master;
        match reader.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => {
                let mut output = output.lock().unwrap();
                // A marker may have been split by the previous read.
                let from = output.bytes.len().saturating_sub(SYNC.len() - 1);
                output.bytes.extend_from_slice(&buf[..n]);
                output.parser.process(&buf[..n]);
                while let Some(at) = find(&output.bytes[from..], SYNC) {
                    output.bytes.drain(from + at..from + at + SYNC.len());
                    output.synced += 1;
                }
            }
        }
    }
}

/// The rows of `screen`, trailing blanks trimmed.
pub fn rows(screen: &vt100::Screen) -> Vec<String> {
    screen
        .rows(0, screen.size().1.get())
        .map(|r| r.trim_end().to_owned())
        .collect()
}

/// The position of `needle` in `haystack`.
pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The position of the last `needle` in `haystack`.
pub fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// A window size of `cols × rows`.
fn winsize(cols: u16, rows: u16) -> Winsize {
    Winsize {
        ws_row: rows,
        ws_col: cols,
        ws_xpixel: 0,
        ws_ypixel: 0,
    }
}

/// `n` as a size for the emulator, which has no empty screens (0 counts as 1).
fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).unwrap_or(NonZeroU16::MIN)
}
