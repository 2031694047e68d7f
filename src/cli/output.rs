//! Buffered stdout for the headless commands, quiet about a closed pipe (`| head`).

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
/// early is not an error.
pub fn finish(result: io::Result<()>) -> Result<(), String> {
    match result {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(format!("writing output: {e}")),
        _ => Ok(()),
    }
}
