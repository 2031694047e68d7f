//! demo.tape (the VHS script of the README's demo) stays in step with plateau: every line is
//! a VHS command, the Sleeps add up to at most 30 seconds, and every key sent to plateau is
//! bound in the mode plateau is in when it arrives (checked with the explorer's own key
//! table, driving a real [`App`]).

use clap::Parser;
use plateau::cli::Cli;
use plateau::tui::app::App;
use plateau::tui::input::action_for;
use plateau::tui::input::script::parse_duration;
use plateau::tui::theme::Options;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::time::Duration;

/// VHS commands that take no argument or a repeat count and send a key.
const KEYS: &[(&str, KeyCode)] = &[
    ("Enter", KeyCode::Enter),
    ("Space", KeyCode::Char(' ')),
    ("Tab", KeyCode::Tab),
    ("Escape", KeyCode::Esc),
    ("Backspace", KeyCode::Backspace),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
];

/// VHS settings (`Set NAME VALUE`).
const SETTINGS: &[&str] = &[
    "Shell",
    "FontFamily",
    "FontSize",
    "Framerate",
    "PlaybackSpeed",
    "Height",
    "Width",
    "LetterSpacing",
    "LineHeight",
    "TypingSpeed",
    "Theme",
    "Padding",
    "Margin",
    "MarginFill",
    "WindowBar",
    "WindowBarSize",
    "BorderRadius",
    "CursorBlink",
    "LoopOffset",
];

/// What one line of the tape does.
enum Line {
    /// Nothing for plateau (a setting, Output, Hide, ...).
    Other,
    /// Keys typed, in order.
    Keys(Vec<KeyEvent>),
    /// A pause.
    Sleep(Duration),
}

/// Parses one non-blank, non-comment line; panics naming the line if it is not VHS.
fn parse_line(n: usize, line: &str) -> Line {
    let (head, rest) = line.split_once(' ').unwrap_or((line, ""));
    let rest = rest.trim();
    // `Type@100ms`, `Enter@1s 3`: an optional speed after @.
    let (command, speed) = head.split_once('@').unwrap_or((head, ""));
    if !speed.is_empty() {
        parse_duration(speed).unwrap_or_else(|e| panic!("line {n}: bad speed: {e}"));
    }
    let count = || -> usize {
        if rest.is_empty() {
            1
        } else {
            rest.parse()
                .unwrap_or_else(|_| panic!("line {n}: bad repeat count '{rest}'"))
        }
    };
    let repeat = |key: KeyEvent| Line::Keys(vec![key; count()]);
    match command {
        "Output" | "Require" | "Source" | "Screenshot" => {
            assert!(!rest.is_empty(), "line {n}: {command} needs an argument");
            Line::Other
        }
        "Hide" | "Show" => {
            assert!(rest.is_empty(), "line {n}: {command} takes no argument");
            Line::Other
        }
        "Set" => {
            let (name, value) = rest
                .split_once(' ')
                .unwrap_or_else(|| panic!("line {n}: Set needs a name and a value"));
            assert!(SETTINGS.contains(&name), "line {n}: unknown setting {name}");
            assert!(
                !value.trim().is_empty(),
                "line {n}: Set {name} needs a value"
            );
            Line::Other
        }
        "Sleep" => {
            let with_unit = if rest.ends_with('s') {
                rest.to_owned()
            } else {
                format!("{rest}s")
            };
            Line::Sleep(
                parse_duration(&with_unit).unwrap_or_else(|e| panic!("line {n}: bad Sleep: {e}")),
            )
        }
        "Type" => {
            let quoted = ['"', '\'', '`']
                .iter()
                .find_map(|&q| rest.strip_prefix(q).and_then(|r| r.strip_suffix(q)))
                .unwrap_or_else(|| panic!("line {n}: Type needs a quoted string"));
            Line::Keys(
                quoted
                    .chars()
                    .map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
                    .collect(),
            )
        }
        "Shift+Tab" => repeat(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
        _ => {
            if let Some(letter) = command.strip_prefix("Ctrl+") {
                let mut chars = letter.chars();
                let (Some(c), None) = (chars.next(), chars.next()) else {
                    panic!("line {n}: bad control key {command}");
                };
                return repeat(KeyEvent::new(
                    KeyCode::Char(c.to_ascii_lowercase()),
                    KeyModifiers::CONTROL,
                ));
            }
            let (_, code) = KEYS
                .iter()
                .find(|(name, _)| *name == command)
                .unwrap_or_else(|| panic!("line {n}: '{command}' is not a VHS command"));
            repeat(KeyEvent::new(*code, KeyModifiers::NONE))
        }
    }
}

/// The explorer as the tape starts it: plain `plateau`.
fn default_app() -> App {
    let cli = Cli::parse_from(["plateau"]);
    let options = Options {
        truecolor: false,
        ascii: false,
        color: true,
    };
    let session = cli.explore.setup.setup().resolve().expect("default setup");
    App::new(session, options).expect("default app")
}

/// The story the tape's comments tell, checked where its keys land; which part of the story
/// `line` is, if it is one that is checked.
fn story_after_keys(line: &str, app: &App) -> Option<&'static str> {
    let landscape = app.scene().landscape.info().name.as_str();
    let part = match line {
        r#"Type "m<<<""# => {
            assert!(app.racers().race(), "m races");
            assert_eq!(app.controls().speed, 32, "three < from ×256 is ×32");
            "the race starts"
        }
        "Tab 2" => {
            assert_eq!(landscape, "saddle", "Tab twice reaches the saddle");
            assert!(!app.racers().race(), "the race is off");
            assert_eq!(app.racers().selected().name(), "sgd");
            "to the saddle"
        }
        _ => return None,
    };
    Some(part)
}

/// The racer named `name`.
fn racer<'a>(app: &'a App, name: &str) -> &'a plateau::tui::app::Racer {
    (app.racers().all().iter())
        .find(|r| r.name() == name)
        .unwrap_or_else(|| panic!("{name} races"))
}

/// What the viewer sees by the end of a Sleep after the keys `last_keys`; which part of the
/// story that is, if it is one that is checked.
fn story_after_sleep(last_keys: &str, app: &App) -> Option<&'static str> {
    let selected = app.racers().selected();
    let sample = selected.sample();
    let landscape = app.scene().landscape.info().name.as_str();
    let part = match (last_keys, landscape) {
        ("Space", "neuron") => {
            assert_eq!(selected.name(), "sgd");
            let escape = selected.detector().last_escape();
            assert!(
                escape.is_some_and(|e| e.plateau.entry == 3
                    && e.step == 37_592
                    && (e.plateau.level - 0.6778).abs() < 1e-4),
                "sgd is on its plateau at L 0.6778 from step 3 and escapes on its own at 37,592: \
                 {escape:?} {sample:?}"
            );
            assert_eq!(
                selected.detector().longest().map(|s| (s.start, s.end)),
                Some((7, 17_463)),
                "|∇L| < 1e-3 for 7–17,463"
            );
            "sgd escapes on its own"
        }
        (r#"Type "m<<<""#, "neuron") => {
            for fast in ["adam", "natgrad"] {
                let loss = racer(app, fast).sample().loss;
                assert!(loss < 1e-6, "{fast} has crossed to the minimum: {loss}");
            }
            let sgd = racer(app, "sgd");
            assert!(
                sgd.detector().open().is_some(),
                "sgd is still on its plateau"
            );
            "adam and natgrad escape at once"
        }
        ("Space", "saddle") => {
            let y = selected.position()[1];
            assert!(
                y.abs() < 1e-12 && sample.loss < 0.1,
                "sgd walks into the saddle on y = 0: {sample:?} y = {y}"
            );
            "sgd creeps into the saddle"
        }
        (r#"Type "n""#, "saddle") => {
            assert!(sample.loss < -1.0, "the kick sent sgd away: {sample:?}");
            "the kick sends it away"
        }
        _ => return None,
    };
    Some(part)
}

#[test]
fn demo_tape_is_valid_vhs_and_every_key_is_bound() {
    let tape = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/demo.tape"))
        .expect("demo.tape at the repository root");
    let mut total = Duration::ZERO;
    let mut launch = String::new();
    let mut app: Option<App> = None;
    let mut outputs = 0;
    let mut last_keys = String::new();
    let mut checked = std::collections::BTreeSet::new();
    for (i, raw) in tape.lines().enumerate() {
        let n = i + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        outputs += usize::from(line.starts_with("Output "));
        match parse_line(n, line) {
            Line::Other => {}
            Line::Sleep(d) => {
                total += d;
                if let Some(app) = app.as_mut() {
                    // The explorer draws a frame every 33 ms while it runs.
                    for _ in 0..d.as_millis() / 33 {
                        app.tick();
                    }
                    checked.extend(story_after_sleep(&last_keys, app));
                }
            }
            Line::Keys(keys) => {
                last_keys = line.to_owned();
                for key in keys {
                    let Some(app) = app.as_mut() else {
                        // Until the first Enter, keys go to the shell: the launch command.
                        match key.code {
                            KeyCode::Char(c) => launch.push(c),
                            KeyCode::Enter => {
                                assert!(launch.contains("plateau"), "the tape starts plateau");
                                app = Some(default_app());
                            }
                            _ => panic!("line {n}: only a command and Enter before plateau"),
                        }
                        continue;
                    };
                    assert!(!app.should_quit(), "line {n}: a key after plateau quit");
                    let action = action_for(key, app.mode())
                        .unwrap_or_else(|| panic!("line {n}: {key:?} is not bound in plateau"));
                    app.update(action);
                }
                if let Some(app) = app.as_ref() {
                    checked.extend(story_after_keys(line, app));
                }
            }
        }
    }
    let parts = [
        "sgd escapes on its own",
        "the race starts",
        "adam and natgrad escape at once",
        "to the saddle",
        "sgd creeps into the saddle",
        "the kick sends it away",
    ];
    assert_eq!(
        checked,
        parts.into_iter().collect(),
        "every part of the story was reached and checked"
    );
    assert_eq!(outputs, 1, "one Output");
    assert!(tape.contains("Output demo.gif"));
    assert!(
        total <= Duration::from_secs(30),
        "Sleeps add up to {total:?}"
    );
    let app = app.expect("the tape starts plateau");
    assert!(app.should_quit(), "the tape ends by quitting plateau");
    assert_eq!(
        app.scene().landscape.info().name,
        "saddle",
        "the story ends on the saddle"
    );
}

#[test]
fn docs_demo_keys_records_the_same_story() {
    // The tape's story as a key script, played by the headless recorder to its end.
    let keys = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/demo.keys");
    let cast = crate::cli_support::record("demo-keys", &["--size", "120x36", "--keys-file", keys]);
    let text = String::from_utf8(cast).expect("UTF-8");
    // sgd's escape in the readout, the race panel, the saddle's title: each drawn only once
    // the story has reached it.
    for sight in ["37,592", "1-9 show/hide", "x²−y²"] {
        assert!(text.contains(sight), "the recording shows {sight:?}");
    }
}
