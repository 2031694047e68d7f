//! The bounds on a recording's work and output, beyond its 120 s of virtual time
//! ([`super::headless::MAX_LENGTH`]): what a frame costs grows with the screen, and some keys
//! (`b`, a basin map: one run per cell of the map; `E`, an escape ensemble) cost far more
//! than a frame, so virtual time alone bounds neither. Three bounds, each a constant:
//!
//! - the screen: at most [`MAX_SIZE`], checked before anything plays;
//! - the file: at most [`MAX_BYTES`], the recording failing as a full disk would;
//! - the work: at most [`MAX_WORK`] of wall-clock time, after which the recording is
//!   abandoned, its temporary removed, with a clear error and exit code 2.

use std::io::{self, Write};
use std::sync::Mutex;
use std::time::Duration;

/// The largest screen a recording may have, columns and rows: room for every panel at the
/// README's sizes (100x30, 120x40) many times over, a sixth of the cells of the explorer's
/// live cap (1000x300).
pub const MAX_SIZE: (u16, u16) = (400, 150);

/// The largest recording file, in bytes (256 MiB).
pub const MAX_BYTES: u64 = 256 << 20;

/// The longest a recording may take to make, in wall-clock time.
pub const MAX_WORK: Duration = Duration::from_secs(300);

/// Refuses a recording screen larger than [`MAX_SIZE`].
pub fn check_size((cols, rows): (u16, u16)) -> Result<(), String> {
    let (max_cols, max_rows) = MAX_SIZE;
    if cols > max_cols || rows > max_rows {
        return Err(format!(
            "a recording is at most {max_cols}x{max_rows}, got --size {cols}x{rows}"
        ));
    }
    Ok(())
}

/// A writer that fails once more than `left` bytes would have been written.
pub struct Capped<W> {
    out: W,
    left: u64,
}

impl<W> Capped<W> {
    /// `out`, taking at most [`MAX_BYTES`].
    pub fn new(out: W) -> Self {
        Self::with_cap(out, MAX_BYTES)
    }

    /// `out`, taking at most `cap` bytes.
    fn with_cap(out: W, cap: u64) -> Self {
        Self { out, left: cap }
    }

    /// The writer itself.
    pub fn into_inner(self) -> W {
        self.out
    }
}

impl<W: Write> Write for Capped<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let len = buf.len() as u64;
        if len > self.left {
            return Err(io::Error::new(
                io::ErrorKind::FileTooLarge,
                format!(
                    "a recording is at most {} MiB (make --size smaller or the script shorter)",
                    MAX_BYTES >> 20
                ),
            ));
        }
        let written = self.out.write(buf)?;
        self.left -= written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Whether the work watchdog may still abandon the recording: set until the recording is
/// about to be committed ([`finishing`]).
static ARMED: Mutex<bool> = Mutex::new(false);

/// Starts the watchdog: after `limit` (the work bound, [`MAX_WORK`] but for tests), unless
/// [`finishing`] was called, it removes the temporary file, prints the error and ends the
/// process with exit code 2. A basin map is computed in one piece, so nothing short of this
/// could stop it in the middle.
pub fn watch(limit: Duration) -> Result<(), String> {
    *ARMED.lock().unwrap_or_else(|p| p.into_inner()) = true;
    std::thread::Builder::new()
        .name("budget".to_owned())
        .spawn(move || {
            std::thread::sleep(limit);
            let armed = ARMED.lock().unwrap_or_else(|p| p.into_inner());
            if *armed {
                super::file::remove_temporary();
                let _ = writeln!(
                    io::stderr(),
                    "error: the recording took more than {} s of work and was abandoned, \
                     nothing written: basin maps (b) and ensembles (E) cost the most, more so \
                     on a large --size; make it smaller or the script shorter",
                    plateau_core::text::format::short(limit.as_secs_f64(), 3)
                );
                std::process::exit(2);
            }
        })
        .map(drop)
        .map_err(|e| format!("cannot time the recording: {e}"))
}

/// Disarms the watchdog: the recording is complete and about to replace its target.
pub fn finishing() {
    *ARMED.lock().unwrap_or_else(|p| p.into_inner()) = false;
}

/// The work bound: [`MAX_WORK`]; in debug builds (tests) `PLATEAU_TEST_WORK_MS`
/// milliseconds if set, so that a test can see the bound act in seconds.
pub fn work_limit() -> Duration {
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var("PLATEAU_TEST_WORK_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return Duration::from_millis(ms);
    }
    MAX_WORK
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_capped_writer_takes_its_cap_and_refuses_more() {
        let mut capped = Capped::with_cap(Vec::new(), 10);
        capped.write_all(b"0123456789").unwrap();
        let err = capped.write_all(b"x").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::FileTooLarge);
        assert!(err.to_string().contains("at most 256 MiB"), "{err}");
        assert_eq!(capped.into_inner(), b"0123456789");
    }

    #[test]
    fn screens_above_the_cap_are_refused() {
        assert!(check_size(MAX_SIZE).is_ok());
        assert_eq!(
            check_size((401, 24)).unwrap_err(),
            "a recording is at most 400x150, got --size 401x24"
        );
        assert!(check_size((80, 151)).is_err());
    }
}
