//! What the command line writes: buffered stdout for the headless commands, quiet about a
//! closed pipe (`| head`), and the one writer of stderr lines, which never panics and makes
//! every message one safe line ([`safe_line`]).

use std::io::{self, BufWriter, StdoutLock, Write};

/// Buffered, locked standard output.
pub struct Out(BufWriter<StdoutLock<'static>>);

impl Out {
    /// Locks stdout behind a 64 KiB buffer.
    pub fn stdout() -> Self {
        Self(BufWriter::with_capacity(1 << 16, io::stdout().lock()))
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// Turns the outcome of writing into the command's result: a reader that closed the pipe
/// early is not an error, however the error reached us (directly, or wrapped by a
/// serialiser).
pub fn finish(result: io::Result<()>) -> Result<(), String> {
    match result {
        Err(e) if !is_broken_pipe(&e) => Err(format!("writing output: {e}")),
        _ => Ok(()),
    }
}

/// Whether `e` is, or wraps, a closed pipe (`EPIPE`).
fn is_broken_pipe(e: &io::Error) -> bool {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return true;
    }
    let mut inner: Option<&(dyn std::error::Error + 'static)> =
        e.get_ref().map(|i| i as &(dyn std::error::Error + 'static));
    while let Some(error) = inner {
        if let Some(io) = error.downcast_ref::<io::Error>()
            && io.kind() == io::ErrorKind::BrokenPipe
        {
            return true;
        }
        if let Some(json) = error.downcast_ref::<serde_json::Error>()
            && json.io_error_kind() == Some(io::ErrorKind::BrokenPipe)
        {
            return true;
        }
        inner = error.source();
    }
    false
}

/// Refuses to write into a closed stdout. When plateau is started with stdout closed
/// (`plateau run >&-`), the Rust runtime opens `/dev/null` read-write in its place, so
/// every write would succeed into nothing; a `/dev/null` opened read-write on stdout is
/// taken for that (a shell's `>/dev/null` opens it write-only).
pub fn stdout_open() -> Result<(), String> {
    use rustix::fs::{FileType, OFlags, fcntl_getfl, fstat, stat};
    let stdout = rustix::stdio::stdout();
    let (Ok(flags), Ok(out), Ok(null)) = (fcntl_getfl(stdout), fstat(stdout), stat("/dev/null"))
    else {
        return Ok(());
    };
    let char_device = FileType::from_raw_mode(out.st_mode) == FileType::CharacterDevice;
    if char_device && out.st_rdev == null.st_rdev && flags & OFlags::RWMODE == OFlags::RDWR {
        Err(
            "stdout is closed: nothing would be written (redirect it to a file, or to \
             /dev/null to throw the output away)"
                .to_owned(),
        )
    } else {
        Ok(())
    }
}

/// Whether `path` is the file open as stdout (`/dev/stdout`, `/dev/fd/1`, or the file or
/// device it names), so that writing it needs [`stdout_open`] too.
pub fn is_stdout(path: &std::path::Path) -> bool {
    use rustix::fs::{fstat, stat};
    match (fstat(rustix::stdio::stdout()), stat(path)) {
        (Ok(out), Ok(target)) => out.st_dev == target.st_dev && out.st_ino == target.st_ino,
        _ => false,
    }
}

/// Prints clap's `--help` or `--version` text on stdout; an error if it cannot be written
/// (a closed pipe is not one).
pub fn print_help(e: &clap::Error) -> Result<(), String> {
    stdout_open()?;
    finish(e.print().and_then(|()| io::stdout().flush()))
}

/// Writes `line` (made safe by [`safe_line`]) and a newline to stderr. Never panics: if
/// stderr cannot be written (`2>/dev/full`, a closed pipe), the line is lost and nothing
/// else happens, as nothing could report it.
pub fn stderr_line(line: &str) {
    let mut text = safe_line(line);
    text.push('\n');
    let _ = io::stderr().lock().write_all(text.as_bytes());
}

/// Writes `error: MESSAGE` to stderr (see [`stderr_line`]).
pub fn error_line(message: &str) {
    stderr_line(&format!("error: {message}"));
}

/// The longest run of characters without a space that a message keeps whole; a longer one
/// (a 130,000-digit number, a pasted formula) keeps its first `RUN_HEAD` and last
/// `RUN_TAIL` characters around an ellipsis and the count.
pub const MAX_RUN: usize = 120;
/// Characters kept at the start of a shortened run.
const RUN_HEAD: usize = 60;
/// Characters kept at the end of a shortened run (the closing quote and what follows).
const RUN_TAIL: usize = 20;

/// The longest message kept whole, in characters; a longer one keeps its first
/// `LINE_HEAD` and last `LINE_TAIL` characters.
pub const MAX_LINE: usize = 1000;
/// Characters kept at the start of a shortened message.
const LINE_HEAD: usize = 800;
/// Characters kept at the end of a shortened message.
const LINE_TAIL: usize = 150;

/// `message` as one line that is safe to print on a terminal, however much of the user's
/// input it echoes: control characters (newlines, escapes, NUL, C1 controls), invisible
/// format characters (a byte-order mark, bidirectional overrides) are written as Rust
/// escapes (`\n`, `\u{1b}`, `\0`, `\u{feff}`), so an input cannot break the line, move the
/// cursor or clear the screen; a run of more than [`MAX_RUN`] characters without a space
/// and a message of more than [`MAX_LINE`] characters are shortened with an ellipsis.
pub fn safe_line(message: &str) -> String {
    let mut escaped = String::with_capacity(message.len().min(4 * MAX_LINE));
    let mut run = String::new();
    for c in message.chars() {
        if c == ' ' {
            escaped.push_str(&shorten(&run, MAX_RUN, RUN_HEAD, RUN_TAIL));
            escaped.push(' ');
            run.clear();
        } else if is_unsafe(c) {
            run.extend(c.escape_debug());
        } else {
            run.push(c);
        }
    }
    escaped.push_str(&shorten(&run, MAX_RUN, RUN_HEAD, RUN_TAIL));
    shorten(&escaped, MAX_LINE, LINE_HEAD, LINE_TAIL)
}

/// Characters a message must not print as they are: controls, and the invisible format
/// characters that reorder or hide text.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2069}'
            | '\u{feff}')
}

/// `text` if it has at most `max` characters; otherwise its first `head` and last `tail`
/// characters around `…(N characters)…`.
fn shorten(text: &str, max: usize, head: usize, tail: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_owned();
    }
    let start: String = text.chars().take(head).collect();
    let end: String = text.chars().skip(count - tail).collect();
    format!(
        "{start}…({} characters)…{end}",
        plateau_core::text::format::count(count as u64)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_lines_escape_controls_and_shorten_long_runs() {
        assert_eq!(
            safe_line("unknown landscape 'neu\nron\nthird'"),
            "unknown landscape 'neu\\nron\\nthird'"
        );
        assert_eq!(
            safe_line("'x\x1b]0;pwned\x07+y'"),
            "'x\\u{1b}]0;pwned\\u{7}+y'"
        );
        assert_eq!(
            safe_line("key '\0' and '\u{feff}s'"),
            "key '\\0' and '\\u{feff}s'"
        );
        assert_eq!(safe_line("tab\there é ü"), "tab\\there é ü");
        let digits = "7".repeat(130_000);
        let line = safe_line(&format!("invalid value '{digits}' for '--steps <N>'"));
        assert!(line.chars().count() < 200, "{line}");
        assert!(line.starts_with("invalid value '777"), "{line}");
        assert!(line.contains("…(130,002 characters)…"), "{line}");
        assert!(line.ends_with("777' for '--steps <N>'"), "{line}");
        let words = "ab ".repeat(100_000);
        let line = safe_line(&format!("unknown landscape '{words}'"));
        assert!(line.chars().count() < MAX_LINE + 50, "{}", line.len());
        assert!(line.starts_with("unknown landscape 'ab ab"), "{line}");
        assert!(!line.contains('\n'));
        let plain = "the domain needs XMIN < XMAX and YMIN < YMAX, got '1,0,0,1'";
        assert_eq!(safe_line(plain), plain, "ordinary messages are untouched");
    }
}
