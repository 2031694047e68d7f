//! Whether the terminal shows 24-bit colour, read the way well-behaved terminal programs read
//! it: `COLORTERM=truecolor` or `24bit`, a `TERM` ending in `-direct`, and inside tmux the
//! attached client's `RGB` feature (asked of tmux itself, with a time limit). The terminal is
//! never queried with an escape sequence: its answer could arrive late and leak into the
//! explorer's input.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long tmux may take to say what its client can show before 256 colours are assumed.
const TMUX_LIMIT: Duration = Duration::from_millis(300);

/// Whether this process's terminal shows 24-bit colour.
pub fn truecolor_terminal() -> bool {
    let var = |name: &str| std::env::var(name).ok();
    says_truecolor(
        var("COLORTERM").as_deref(),
        var("TERM").as_deref(),
        var("TMUX").is_some().then(tmux_client_features).flatten(),
    )
}

/// Whether a terminal with these `COLORTERM` and `TERM` (and, inside tmux, these client
/// features, comma-separated as tmux's `client_termfeatures` lists them) shows 24-bit
/// colour.
pub fn says_truecolor(colorterm: Option<&str>, term: Option<&str>, tmux: Option<String>) -> bool {
    colorterm.is_some_and(|v| v == "truecolor" || v == "24bit")
        || term.is_some_and(|t| t.ends_with("-direct"))
        || tmux.is_some_and(|features| features.split(',').any(|f| f.trim() == "RGB"))
}

/// The features tmux knows of the client attached to this session (`None` when tmux does not
/// answer within [`TMUX_LIMIT`]).
fn tmux_client_features() -> Option<String> {
    let mut child = Command::new("tmux")
        .args(["display-message", "-p", "#{client_termfeatures}"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => break,
            Ok(None) if start.elapsed() < TMUX_LIMIT => {
                std::thread::sleep(Duration::from_millis(5));
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    }
    let output = child.wait_with_output().ok()?;
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colorterm_direct_terms_and_tmux_rgb_say_truecolor() {
        assert!(says_truecolor(Some("truecolor"), None, None));
        assert!(says_truecolor(Some("24bit"), Some("xterm-256color"), None));
        assert!(says_truecolor(None, Some("xterm-direct"), None));
        let tmux = Some("256,bpaste,clipboard,RGB,title".to_owned());
        assert!(says_truecolor(None, Some("tmux-256color"), tmux));
    }

    #[test]
    fn ssh_into_a_256_colour_terminal_is_not_truecolor() {
        assert!(!says_truecolor(None, Some("xterm-256color"), None));
        assert!(!says_truecolor(Some(""), Some("screen-256color"), None));
        let tmux = Some("256,bpaste,clipboard,title".to_owned());
        assert!(!says_truecolor(None, Some("tmux-256color"), tmux));
    }
}
