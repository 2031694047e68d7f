//! An asciicast v2 recording, streamed to a writer as it is made: a JSON header line, then
//! one `[time, "o", text]` line per chunk of output, times in seconds and never decreasing
//! (<https://docs.asciinema.org/manual/asciicast/v2/>). Nothing but the current chunk is
//! held in memory, however long the recording.

use serde::Serialize;
use std::io::{self, Write};
use std::time::Duration;

/// The `env` of the header: what the player should emulate.
#[derive(Serialize)]
struct Env {
    #[serde(rename = "TERM")]
    term: &'static str,
    #[serde(rename = "SHELL")]
    shell: &'static str,
    /// `truecolor` when the recording is in 24-bit colour (absent in 256 colours or none).
    #[serde(rename = "COLORTERM", skip_serializing_if = "Option::is_none")]
    colorterm: Option<&'static str>,
}

/// The header line, fields in the order of the specification.
#[derive(Serialize)]
struct Header<'a> {
    version: u8,
    width: u16,
    height: u16,
    timestamp: u64,
    title: &'a str,
    env: Env,
}

/// A recording in progress, written to `W`.
pub struct Cast<W: Write> {
    out: W,
    last: Duration,
}

impl<W: Write> Cast<W> {
    /// A recording of a `width × height` terminal started at Unix time `timestamp`, its
    /// header written to `out`; `truecolor` says that it uses 24-bit colour (the header's
    /// `COLORTERM`, as a terminal would say it).
    pub fn new(
        mut out: W,
        width: u16,
        height: u16,
        timestamp: u64,
        title: &str,
        truecolor: bool,
    ) -> io::Result<Self> {
        let header = Header {
            version: 2,
            width,
            height,
            timestamp,
            title,
            env: Env {
                term: "xterm-256color",
                shell: "/bin/sh",
                colorterm: truecolor.then_some("truecolor"),
            },
        };
        serde_json::to_writer(&mut out, &header)?;
        out.write_all(b"\n")?;
        Ok(Self {
            out,
            last: Duration::ZERO,
        })
    }

    /// Appends output `chunk` at `time` after the start (clamped so times never decrease);
    /// an empty chunk is skipped.
    pub fn output(&mut self, time: Duration, chunk: &str) -> io::Result<()> {
        if chunk.is_empty() {
            return Ok(());
        }
        self.last = self.last.max(time);
        let event = (self.last.as_secs_f64(), "o", chunk);
        serde_json::to_writer(&mut self.out, &event)?;
        self.out.write_all(b"\n")
    }

    /// The writer, with the whole recording written to it.
    pub fn finish(self) -> W {
        self.out
    }
}

/// The header timestamp: `SOURCE_DATE_EPOCH` if set to a number, otherwise 0, so that the
/// same script gives the same file (<https://reproducible-builds.org/specs/source-date-epoch/>).
pub fn timestamp() -> u64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_and_events_are_json_lines() {
        let mut cast = Cast::new(Vec::new(), 80, 24, 7, "t\"1", false).unwrap();
        cast.output(Duration::from_millis(33), "a\x1b[0m\n")
            .unwrap();
        cast.output(Duration::ZERO, "b").unwrap();
        cast.output(Duration::from_secs(1), "").unwrap();
        assert_eq!(
            String::from_utf8(cast.finish()).unwrap(),
            "{\"version\":2,\"width\":80,\"height\":24,\"timestamp\":7,\"title\":\"t\\\"1\",\
             \"env\":{\"TERM\":\"xterm-256color\",\"SHELL\":\"/bin/sh\"}}\n\
             [0.033,\"o\",\"a\\u001b[0m\\n\"]\n[0.033,\"o\",\"b\"]\n"
        );
    }

    #[test]
    fn a_truecolor_recording_says_so_in_its_env() {
        let cast = Cast::new(Vec::new(), 80, 24, 7, "t", true).unwrap();
        let header = String::from_utf8(cast.finish()).unwrap();
        assert!(header.contains("\"COLORTERM\":\"truecolor\""), "{header}");
    }
}
