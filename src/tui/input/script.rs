//! Key scripts (`--keys`, `--keys-file`): a sequence of keys, waits and clicks, parsed in
//! full before anything runs. Keys are named as the keymap names them ([`Key`]) and become
//! the crossterm key events a terminal would send, so they go through the same keymap as
//! the user's keys.
//!
//! The grammar is in [`LONG_HELP`]; [`parse`] reports the first bad token with its number and
//! line and column.

use super::MapGeometry;
use crate::tui::app::keys::Key;
use plateau_core::Point;
use plateau_core::picture::raster::locate;
use plateau_core::text::format;
use ratatui::crossterm::event::{
    Event, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use std::path::Path;
use std::time::Duration;

/// The `--keys` long help: the script grammar, also in the README.
pub const LONG_HELP: &str = "\
Key script to play, e.g. \"space wait 3s n wait 1s o wait 2s q\": live in the
explorer (your own keys still work, and take over when the script ends), or with
--size and --record headless into a recording, on a virtual clock.

Tokens are separated by whitespace (spaces or newlines):
  s . n N o O [ ] < > ...  a single character is that key; it also types into the
                           landscape picker's filter and the formula editor (e):
                           e ctrl-u x ^ 2 space - space y ^ 2 enter
  space enter esc tab      named keys; also backtab (or shift-tab), backspace,
                           delete, up down left right home end, pageup (pgup),
                           pagedown (pgdn),
                           ctrl-a to ctrl-z
                           (ctrl-u deletes the editor's text before the cursor).
                           A literal space is `space`
  wait DURATION            let time pass: 500ms, 2s, 1.5s (at most 600s each)
  click X,Y                left-click the map at the data point (X, Y) on its axes
  # ...                    a comment to the end of the line
Names are case-insensitive; single characters are not (N is not n). The script
ends at a key that quits (q or esc on the main screen, ctrl-c anywhere); an
unknown token is an error that names it with its token number, line and column.";

/// The longest single `wait`.
pub const MAX_WAIT: Duration = Duration::from_secs(600);

/// The largest key script, in bytes (`--keys` or `--keys-file`): a file is read at most this
/// far, so `--keys-file /dev/zero` costs 1 MiB, not all the memory there is. The demo script
/// is 608 bytes.
pub const MAX_BYTES: usize = 1 << 20;

/// The most tokens a key script may have. Each key is a redraw (about 0.15 ms headless), so
/// this bounds the work of the keys themselves; the waits are bounded by [`MAX_WAIT`] and,
/// in a recording, by its total length.
pub const MAX_TOKENS: usize = 10_000;

/// One thing a script does.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Step {
    /// Press a key.
    Key(KeyEvent),
    /// Let time pass.
    Wait(Duration),
    /// Click the map at a data point.
    Click(Point),
}

/// A step with the place of its (first) token, for runtime errors.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Located {
    /// What to do.
    pub step: Step,
    /// Where it is written.
    pub at: Position,
}

/// Where a token is: its number and its line and column (all 1-based, columns in
/// characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// The token's number in the script.
    pub token: usize,
    /// Its line.
    pub line: usize,
    /// Its column on that line.
    pub column: usize,
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "token {} (line {}, column {})",
            self.token, self.line, self.column
        )
    }
}

/// The script of `--keys` (text) or `--keys-file` (a path), parsed; empty if neither.
pub fn load(keys: Option<&str>, file: Option<&Path>) -> Result<Vec<Located>, String> {
    match (keys, file) {
        (Some(keys), _) => {
            if keys.len() > MAX_BYTES {
                return Err(too_large("--keys"));
            }
            parse(keys)
        }
        (None, Some(file)) => parse(&read(file)?),
        (None, None) => Ok(Vec::new()),
    }
}

/// Reads a key script file of at most [`MAX_BYTES`], never more than one byte past it (a
/// device or a pipe that never ends is refused as soon as it has said too much).
fn read(file: &Path) -> Result<String, String> {
    use std::io::Read;
    let cannot = |e: std::io::Error| format!("cannot read key script {}: {e}", file.display());
    let mut bytes = Vec::new();
    std::fs::File::open(file)
        .and_then(|f| f.take(MAX_BYTES as u64 + 1).read_to_end(&mut bytes))
        .map_err(cannot)?;
    if bytes.len() > MAX_BYTES {
        return Err(too_large(&format!("key script {}", file.display())));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "key script {} is not UTF-8 text (byte {} is not part of a character)",
            file.display(),
            e.utf8_error().valid_up_to() + 1
        )
    })
}

/// The error for a script over [`MAX_BYTES`].
fn too_large(what: &str) -> String {
    format!(
        "{what} is larger than {} bytes (1 MiB), the most a key script may be",
        plateau_core::text::format::count(MAX_BYTES as u64)
    )
}

/// Parses a whole key script; the error names the first bad token and where it is. A
/// byte-order mark at the start (as some editors write) is skipped.
pub fn parse(text: &str) -> Result<Vec<Located>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut tokens = tokenize(text).into_iter();
    let mut steps = Vec::new();
    while let Some((word, at)) = tokens.next() {
        if at.token > MAX_TOKENS {
            return Err(format!(
                "key script: more than {} tokens (the first one too many is at {at})",
                plateau_core::text::format::count(MAX_TOKENS as u64)
            ));
        }
        let lower = word.to_lowercase();
        let step = match lower.as_str() {
            "wait" | "click" => {
                let Some((arg, _)) = tokens.next() else {
                    return Err(format!(
                        "key script: '{word}' at {at} needs an argument ({})",
                        usage(&lower)
                    ));
                };
                if lower == "wait" {
                    Step::Wait(parse_duration(arg).map_err(|e| {
                        format!("key script: bad duration '{arg}' after wait at {at}: {e}")
                    })?)
                } else {
                    Step::Click(plateau_core::text::parse::point(arg).map_err(|e| {
                        format!("key script: bad point '{arg}' after click at {at}: {e}")
                    })?)
                }
            }
            _ => Step::Key(Key::from_script_name(word).map(Key::event).ok_or_else(|| {
                format!(
                    "key script: unknown key '{word}' at {at} (see `plateau --help` for the \
                     key names)"
                )
            })?),
        };
        steps.push(Located { step, at });
    }
    Ok(steps)
}

/// How long the waits of `steps` last together: how much virtual time a recording of them
/// covers (saturating; every wait is at most [`MAX_WAIT`]).
pub fn total_wait(steps: &[Located]) -> Duration {
    steps
        .iter()
        .filter_map(|l| match l.step {
            Step::Wait(d) => Some(d),
            _ => None,
        })
        .fold(Duration::ZERO, Duration::saturating_add)
}

/// The terminal event of a key or click on a screen whose map is `map` (`None` for a
/// wait). A click becomes a left click on the cell showing its data point, so it takes the
/// same path as a mouse click; a point outside the view is an error.
pub fn event(located: &Located, map: &MapGeometry) -> Result<Option<Event>, String> {
    let p = match located.step {
        Step::Key(key) => return Ok(Some(Event::Key(key))),
        Step::Wait(_) => return Ok(None),
        Step::Click(p) => p,
    };
    let (area, region) = (map.area, map.region);
    let (col, row) = locate(region, usize::from(area.width), usize::from(area.height), p)
        .ok_or_else(|| {
            format!(
                "key script: click {},{} at {} is outside the map, which shows x {}..{}, y {}..{}",
                format::round_trip(p.x),
                format::round_trip(p.y),
                located.at,
                format::short(region.x_min, 4),
                format::short(region.x_max, 4),
                format::short(region.y_min, 4),
                format::short(region.y_max, 4)
            )
        })?;
    Ok(Some(Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: area.x + col as u16,
        row: area.y + row as u16,
        modifiers: KeyModifiers::NONE,
    })))
}

/// How to write the argument of `wait` or `click`.
fn usage(word: &str) -> &'static str {
    if word == "wait" {
        "e.g. wait 500ms, wait 1.5s"
    } else {
        "e.g. click 0.5,-1"
    }
}

/// The tokens of `text` with their positions, comments dropped; at most one more than
/// [`MAX_TOKENS`] (enough to say there are too many).
fn tokenize(text: &str) -> Vec<(&str, Position)> {
    let mut tokens = Vec::new();
    for (line_index, line) in text.lines().enumerate() {
        if tokens.len() > MAX_TOKENS {
            break;
        }
        let mut column = 0;
        let mut start: Option<(usize, usize)> = None;
        let push = |tokens: &mut Vec<_>, from: usize, to: usize, col: usize| {
            if tokens.len() > MAX_TOKENS {
                return;
            }
            let token = tokens.len() + 1;
            let at = Position {
                token,
                line: line_index + 1,
                column: col,
            };
            tokens.push((&line[from..to], at));
        };
        let mut comment = false;
        for (byte, ch) in line.char_indices() {
            column += 1;
            if ch.is_whitespace() {
                if let Some((from, col)) = start.take() {
                    push(&mut tokens, from, byte, col);
                }
            } else if start.is_none() {
                if ch == '#' {
                    comment = true;
                    break;
                }
                start = Some((byte, column));
            }
        }
        if !comment && let Some((from, col)) = start {
            push(&mut tokens, from, line.len(), col);
        }
    }
    tokens
}

/// Parses `500ms`, `2s` or `1.5s` into a duration of at most [`MAX_WAIT`].
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let (number, scale) = if let Some(n) = s.strip_suffix("ms") {
        (n, 1e-3)
    } else if let Some(n) = s.strip_suffix('s') {
        (n, 1.0)
    } else {
        return Err("expected a number with unit ms or s, e.g. 500ms or 1.5s".to_owned());
    };
    let value: f64 = number
        .parse()
        .map_err(|_| format!("'{number}' is not a number"))?;
    if !value.is_finite() || value < 0.0 {
        return Err("a duration must be a finite number ≥ 0".to_owned());
    }
    let seconds = value * scale;
    if seconds > MAX_WAIT.as_secs_f64() {
        return Err(format!("at most {}s", MAX_WAIT.as_secs()));
    }
    Ok(Duration::from_micros((seconds * 1e6).round() as u64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyCode;

    fn steps(text: &str) -> Vec<Step> {
        parse(text).unwrap().into_iter().map(|l| l.step).collect()
    }

    fn char_key(c: char) -> Step {
        Step::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
    }

    #[test]
    fn keys_waits_and_clicks() {
        assert_eq!(
            steps("space wait 1.5s s\n  click 0.5,-1 Enter N # a comment\nq"),
            vec![
                char_key(' '),
                Step::Wait(Duration::from_millis(1500)),
                char_key('s'),
                Step::Click(Point::new(0.5, -1.0)),
                Step::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
                char_key('N'),
                char_key('q'),
            ]
        );
        assert_eq!(
            steps("wait 500ms wait 2s wait 0s"),
            [500, 2000, 0].map(|ms| Step::Wait(Duration::from_millis(ms)))
        );
        assert_eq!(
            steps("shift-tab ctrl-c Ctrl-U home end delete"),
            vec![
                Step::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
                Step::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
                Step::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
                Step::Key(KeyEvent::new(KeyCode::Home, KeyModifiers::NONE)),
                Step::Key(KeyEvent::new(KeyCode::End, KeyModifiers::NONE)),
                Step::Key(KeyEvent::new(KeyCode::Delete, KeyModifiers::NONE)),
            ]
        );
        assert_eq!(
            steps("e ^ * ( ) /"),
            "e^*()/".chars().map(char_key).collect::<Vec<_>>(),
            "formula characters are single-character keys"
        );
        assert!(steps("# only a comment\n\n").is_empty());
    }

    #[test]
    fn errors_name_the_token_and_where_it_is() {
        for bad in ["ctrl-", "ctrl-1", "ctrl-ab", "ctrl-é"] {
            assert!(parse(bad).unwrap_err().contains("unknown key"), "{bad}");
        }
        let e = parse("s s\n  jump q").unwrap_err();
        assert!(e.contains("unknown key 'jump'"), "{e}");
        assert!(e.contains("token 3 (line 2, column 3)"), "{e}");
        let e = parse("wait").unwrap_err();
        assert!(
            e.contains("'wait' at token 1") && e.contains("needs an argument"),
            "{e}"
        );
        let e = parse("s wait 3").unwrap_err();
        assert!(e.contains("bad duration '3' after wait at token 2"), "{e}");
        let e = parse("click 1").unwrap_err();
        assert!(e.contains("bad point '1'"), "{e}");
        for bad in ["wait -1s", "wait 11m", "wait 601s", "wait nans", "wait xs"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_byte_order_mark_is_skipped_and_tokens_are_capped() {
        assert_eq!(steps("\u{feff}s wait 1s"), steps("s wait 1s"));
        let e = parse("s \u{feff}s").unwrap_err();
        assert!(
            e.contains("unknown key '\u{feff}s'"),
            "only at the start: {e}"
        );
        let most = vec!["s"; MAX_TOKENS].join(" ");
        assert_eq!(parse(&most).unwrap().len(), MAX_TOKENS);
        let e = parse(&format!("{most}\nq")).unwrap_err();
        assert!(
            e.contains("more than 10,000 tokens") && e.contains("token 10001 (line 2, column 1)"),
            "{e}"
        );
        let e = load(Some(&"s ".repeat(MAX_BYTES)), None).unwrap_err();
        assert!(e.contains("larger than 1,048,576 bytes"), "{e}");
        assert_eq!(
            total_wait(&parse("wait 600s s wait 1.5s wait 0s").unwrap()),
            Duration::from_millis(601_500)
        );
    }

    #[test]
    fn a_key_file_is_read_only_up_to_the_cap() {
        let e = load(None, Some(Path::new("/dev/zero"))).unwrap_err();
        assert!(e.contains("key script /dev/zero is larger than"), "{e}");
        let dir = std::env::temp_dir();
        let file = dir.join(format!("plateau-script-{}.keys", std::process::id()));
        std::fs::write(&file, b"s s \xff q").unwrap();
        let e = load(None, Some(&file)).unwrap_err();
        std::fs::write(&file, "\u{feff}s\ns").unwrap();
        let ok = load(None, Some(&file));
        std::fs::remove_file(&file).unwrap();
        assert!(e.contains("is not UTF-8 text (byte 5"), "{e}");
        assert_eq!(ok.unwrap().len(), 2);
    }

    #[test]
    fn the_long_help_names_every_named_key() {
        for name in Key::script_names() {
            assert!(
                LONG_HELP.contains(name),
                "--keys help does not name '{name}'"
            );
        }
    }
}
