//! An asciicast v2 recording built in memory: a JSON header line, then one
//! `[time, "o", text]` line per chunk of output, times in seconds and never decreasing
//! (<https://docs.asciinema.org/manual/asciicast/v2/>).

use serde::Serialize;
use std::time::Duration;

/// The `env` of the header: what the player should emulate.
#[derive(Serialize)]
struct Env {
    #[serde(rename = "TERM")]
    term: &'static str,
    #[serde(rename = "SHELL")]
    shell: &'static str,
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

/// A recording in progress.
pub struct Cast {
    text: String,
    last: Duration,
}

impl Cast {
    /// A recording of a `width × height` terminal started at Unix time `timestamp`.
    pub fn new(width: u16, height: u16, timestamp: u64, title: &str) -> Self {
        let header = Header {
            version: 2,
            width,
            height,
            timestamp,
            title,
            env: Env {
                term: "xterm-256color",
                shell: "/bin/sh",
            },
        };
        let mut text = serde_json::to_string(&header).expect("the header serialises");
        text.push('\n');
        Self {
            text,
            last: Duration::ZERO,
        }
    }

    /// Appends output `chunk` at `time` after the start (clamped so times never decrease);
    /// an empty chunk is skipped.
    pub fn output(&mut self, time: Duration, chunk: &str) {
        if chunk.is_empty() {
            return;
        }
        self.last = self.last.max(time);
        let event = (self.last.as_secs_f64(), "o", chunk);
        self.text
            .push_str(&serde_json::to_string(&event).expect("an event serialises"));
        self.text.push('\n');
    }

    /// The whole recording.
    pub fn finish(self) -> String {
        self.text
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
        let mut cast = Cast::new(80, 24, 7, "t\"1");
        cast.output(Duration::from_millis(33), "a\x1b[0m\n");
        cast.output(Duration::ZERO, "b");
        cast.output(Duration::from_secs(1), "");
        assert_eq!(
            cast.finish(),
            "{\"version\":2,\"width\":80,\"height\":24,\"timestamp\":7,\"title\":\"t\\\"1\",\
             \"env\":{\"TERM\":\"xterm-256color\",\"SHELL\":\"/bin/sh\"}}\n\
             [0.033,\"o\",\"a\\u001b[0m\\n\"]\n[0.033,\"o\",\"b\"]\n"
        );
    }
}
