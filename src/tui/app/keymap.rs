//! The keymap: one table of every binding (which keys, in which mode, do what, and how the
//! help and the hint line describe it). The key lookup, the help overlay, the hint line and
//! the README's key table are all derived from [`KEYMAP`]; adding a key binding is one row.

use super::keys::Key;
use super::{Action, Direction, MAX_RACERS, Mode};
use unicode_width::UnicodeWidthStr;

/// Where a binding is live.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// On every screen, overlays included.
    Everywhere,
    /// Only while this key table is live.
    In(Mode),
}

/// What triggers a binding.
#[derive(Clone, Copy, Debug)]
pub enum Trigger {
    /// These keys, each with its action (a row may pair opposite actions: `[` `]`).
    Keys(&'static [(Key, Action)]),
    /// The digit keys `1` to [`LAST_DIGIT`], given the digit's index (0 for `1`).
    Digits(fn(usize) -> Action),
    /// Any printable character, typed into a text field.
    Typing(fn(char) -> Action),
    /// A left click on the map (the point is found by [`crate::tui::input::action_for_click`]).
    Click,
}

/// The last digit key: one digit key for each racer, `1` to [`MAX_RACERS`].
pub const LAST_DIGIT: char = {
    assert!(
        MAX_RACERS >= 1 && MAX_RACERS <= 9,
        "one digit key per racer"
    );
    (b'0' + MAX_RACERS as u8) as char
};

/// How the bottom line advertises a binding.
#[derive(Clone, Copy, Debug)]
pub struct Hint {
    /// The word after the keys, e.g. `run`.
    pub text: &'static str,
    /// How many of the row's keys it shows.
    pub keys: usize,
    /// Its priority: lower ranks are shown first and kept when the line is short, and the
    /// line lists its entries in rank order.
    pub rank: u8,
}

/// Hints with a rank below this are always shown (help and quit), however narrow the line.
pub const ESSENTIAL: u8 = 10;

/// One row of the keymap.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    /// Where it is live.
    pub scope: Scope,
    /// What triggers it.
    pub trigger: Trigger,
    /// Its line in the help overlay.
    pub help: &'static str,
    /// Its entry on the bottom line, if it has one.
    pub hint: Option<Hint>,
}

impl Binding {
    /// The keys as the help shows them: `s .`, `Tab S-Tab`, `1-9`, `click`, `any key`.
    pub fn label(&self) -> String {
        match self.trigger {
            Trigger::Keys(keys) => join_labels(keys),
            Trigger::Digits(_) => format!("1-{LAST_DIGIT}"),
            Trigger::Typing(_) => "typing".to_owned(),
            Trigger::Click => "click".to_owned(),
        }
    }

    /// The bottom-line entry, e.g. `[ ] lr`, if the binding has one, its word put through
    /// `word` (a translation, or none).
    pub fn hint_text(&self, word: Word) -> Option<String> {
        let hint = self.hint?;
        let keys = match self.trigger {
            Trigger::Keys(keys) => join_labels(&keys[..hint.keys.min(keys.len())]),
            _ => self.label(),
        };
        Some(format!("{keys} {}", word(hint.text)))
    }

    /// Whether the binding is live in `mode`.
    pub fn live_in(&self, mode: Mode) -> bool {
        match self.scope {
            Scope::Everywhere => true,
            Scope::In(m) => m == mode,
        }
    }

    /// The action of `key` under this binding, if it triggers it.
    fn action(&self, key: Key) -> Option<Action> {
        match (self.trigger, key) {
            (Trigger::Keys(keys), key) => keys.iter().find(|(k, _)| *k == key).map(|(_, a)| *a),
            (Trigger::Digits(action), Key::Char(c @ '1'..=LAST_DIGIT)) => {
                Some(action(usize::from(c as u8 - b'1')))
            }
            (Trigger::Typing(action), Key::Char(c)) => Some(action(c)),
            _ => None,
        }
    }
}

/// The labels of `keys`, space separated.
fn join_labels(keys: &[(Key, Action)]) -> String {
    keys.iter()
        .map(|(k, _)| k.label())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The label of the first key bound to `action` in `mode` (for text that names the key).
pub fn key_for(action: Action, mode: Mode) -> Option<String> {
    bindings(mode).find_map(|b| match b.trigger {
        Trigger::Keys(keys) => (keys.iter())
            .find(|(_, a)| *a == action)
            .map(|(k, _)| k.label()),
        _ => None,
    })
}

/// The action `key` does in `mode`: the first live row that binds it.
pub fn action_for_key(key: Key, mode: Mode) -> Option<Action> {
    KEYMAP
        .iter()
        .filter(|b| b.live_in(mode))
        .find_map(|b| b.action(key))
}

/// The rows live in `mode` (the global ones last), in table order.
pub fn bindings(mode: Mode) -> impl Iterator<Item = &'static Binding> {
    let local = KEYMAP.iter().filter(move |b| b.scope == Scope::In(mode));
    let global = KEYMAP.iter().filter(|b| b.scope == Scope::Everywhere);
    local.chain(global)
}

/// How a hint's word is shown: as the keymap writes it (`&|word| word`) or translated.
pub type Word<'a> = &'a dyn Fn(&'static str) -> &'static str;

/// The bottom line's entries for `mode` with their ranks, in rank order, their words put
/// through `word`.
pub fn hints(mode: Mode, word: Word) -> Vec<(u8, String)> {
    let mut rows: Vec<(u8, String)> = bindings(mode)
        .filter_map(|b| Some((b.hint?.rank, b.hint_text(word)?)))
        .collect();
    rows.sort_by_key(|(rank, _)| *rank);
    rows
}

/// The entries of `mode` (words put through `word`) that fit in `width` columns, two spaces
/// apart: the essential ones always (see [`ESSENTIAL`]), then the others by rank while they
/// fit; in rank order.
pub fn fitting_hints(mode: Mode, width: usize, word: Word) -> Vec<String> {
    let all = hints(mode, word);
    let essential: usize = (all.iter())
        .filter(|(rank, _)| *rank < ESSENTIAL)
        .map(|(_, t)| t.width() + 2)
        .sum();
    let mut left = width.saturating_sub(essential);
    let mut kept = Vec::new();
    for (rank, text) in &all {
        let needs = text.width() + 2;
        if *rank < ESSENTIAL {
            kept.push(text.clone());
        } else if needs <= left {
            left -= needs;
            kept.push(text.clone());
        }
    }
    kept
}

/// Shorthand for a hint.
const fn hint(text: &'static str, keys: usize, rank: u8) -> Option<Hint> {
    Some(Hint { text, keys, rank })
}

/// Shorthand for a main-screen row.
const fn normal(keys: &'static [(Key, Action)], help: &'static str, hint: Option<Hint>) -> Binding {
    Binding {
        scope: Scope::In(Mode::Normal),
        trigger: Trigger::Keys(keys),
        help,
        hint,
    }
}

/// Shorthand for a row of an overlay's key table.
const fn overlay(
    mode: Mode,
    keys: &'static [(Key, Action)],
    help: &'static str,
    hint: Option<Hint>,
) -> Binding {
    Binding {
        scope: Scope::In(mode),
        trigger: Trigger::Keys(keys),
        help,
        hint,
    }
}

use Key::{
    BackTab, Backspace, Char, Ctrl, Delete, Down, End, Enter, Esc, Home, Left, Right, Tab, Up,
};

/// Every key binding of the explorer.
pub const KEYMAP: &[Binding] = &[
    Binding {
        scope: Scope::Everywhere,
        trigger: Trigger::Keys(&[(Ctrl('c'), Action::Quit)]),
        help: "quit, from any screen",
        hint: None,
    },
    Binding {
        scope: Scope::Everywhere,
        trigger: Trigger::Keys(&[(Ctrl('z'), Action::Suspend)]),
        help: "suspend (fg resumes)",
        hint: None,
    },
    normal(
        &[(Char(' '), Action::ToggleRun)],
        "run / pause",
        hint("run", 1, 10),
    ),
    normal(
        &[(Char('s'), Action::Step), (Char('.'), Action::Step)],
        "one step",
        hint("step", 1, 11),
    ),
    normal(
        &[(Char('n'), Action::Kick)],
        "noise kick, radius sigma",
        hint("kick", 1, 12),
    ),
    normal(
        &[(Char('N'), Action::ToggleNoise)],
        "continuous noise on/off",
        None,
    ),
    normal(
        &[(Char('{'), Action::SigmaDown), (Char('}'), Action::SigmaUp)],
        "sigma halve / double",
        None,
    ),
    normal(
        &[
            (Char('o'), Action::NextOptimizer),
            (Char('O'), Action::PrevOptimizer),
        ],
        "next / prev optimizer",
        hint("optimizer", 1, 13),
    ),
    normal(
        &[(Char('P'), Action::OpenOptimizerPicker)],
        "optimizer picker",
        None,
    ),
    normal(
        &[(Char('S'), Action::OpenSchedulePicker)],
        "lr schedule presets",
        None,
    ),
    normal(
        &[(Char('H'), Action::OpenForm)],
        "hyperparameter form",
        hint("hyper", 1, 19),
    ),
    normal(
        &[
            (Tab, Action::NextLandscape),
            (BackTab, Action::PrevLandscape),
        ],
        "next / prev landscape",
        hint("landscape", 1, 16),
    ),
    normal(
        &[(Char('p'), Action::OpenPicker)],
        "landscape picker",
        hint("pick", 1, 18),
    ),
    normal(
        &[(Char('e'), Action::OpenEditor)],
        "edit the formula",
        hint("formula", 1, 22),
    ),
    normal(
        &[(Char('['), Action::LrDown), (Char(']'), Action::LrUp)],
        "lr halve / double",
        hint("lr", 2, 14),
    ),
    normal(
        &[(Char('<'), Action::Slower), (Char('>'), Action::Faster)],
        "slower / faster",
        hint("speed", 2, 15),
    ),
    normal(
        &[
            (Char('+'), Action::ZoomIn),
            (Char('='), Action::ZoomIn),
            (Char('-'), Action::ZoomOut),
        ],
        "zoom in / out",
        None,
    ),
    normal(
        &[
            (Left, Action::Pan(Direction::Left)),
            (Down, Action::Pan(Direction::Down)),
            (Up, Action::Pan(Direction::Up)),
            (Right, Action::Pan(Direction::Right)),
        ],
        "pan",
        None,
    ),
    normal(
        &[
            (Char('h'), Action::Pan(Direction::Left)),
            (Char('j'), Action::Pan(Direction::Down)),
            (Char('k'), Action::Pan(Direction::Up)),
            (Char('l'), Action::Pan(Direction::Right)),
        ],
        "pan",
        None,
    ),
    normal(
        &[(Char('0'), Action::ResetRegion)],
        "reset zoom and pan",
        None,
    ),
    normal(
        &[(Char('r'), Action::ResetRun)],
        "reset run to its start",
        hint("reset", 1, 20),
    ),
    normal(&[(Char('c'), Action::ClearTrail)], "clear trails", None),
    normal(
        &[(Char('m'), Action::ToggleRace)],
        "race mode on/off",
        hint("race", 1, 17),
    ),
    Binding {
        scope: Scope::In(Mode::Normal),
        trigger: Trigger::Digits(Action::ToggleRacer),
        help: "show / hide racer",
        hint: None,
    },
    normal(
        &[(Char('v'), Action::SelectNextRacer)],
        "select next racer",
        None,
    ),
    Binding {
        scope: Scope::In(Mode::Normal),
        trigger: Trigger::Click,
        help: "new start there",
        hint: hint("start", 1, 24),
    },
    normal(
        &[(Char('V'), Action::NextView)],
        "next view (N-D model)",
        None,
    ),
    normal(
        &[(Char('b'), Action::ToggleBasins)],
        "basin map on/off",
        hint("basins", 1, 26),
    ),
    normal(
        &[(Char('E'), Action::ToggleEnsemble)],
        "escape ensemble from here",
        hint("ensemble", 1, 27),
    ),
    normal(
        &[(Char('f'), Action::ToggleFlat)],
        "flat, singular on/off",
        hint("flat", 1, 21),
    ),
    normal(
        &[(Char('a'), Action::ToggleArrows)],
        "arrows on/off",
        hint("arrows", 1, 23),
    ),
    normal(
        &[
            (Char('x'), Action::ToggleLogSteps),
            (Char('y'), Action::ToggleLinearLoss),
        ],
        "log steps / linear loss",
        None,
    ),
    normal(
        &[
            (Char('A'), Action::ToggleAutoPause),
            (Char('W'), Action::TogglePauseOnEvents),
        ],
        "pause: converged / events",
        None,
    ),
    normal(
        &[(Char('t'), Action::ToggleTour)],
        "tour: start / leave",
        hint("tour", 1, 11),
    ),
    normal(
        &[
            (Key::PageDown, Action::NextChapter),
            (Key::PageUp, Action::PrevChapter),
        ],
        "tour: on / back",
        None,
    ),
    normal(
        &[(Char('T'), Action::OpenChapterList)],
        "tour: chapter list",
        None,
    ),
    normal(
        &[(Char('i'), Action::OpenInfo)],
        "about this landscape",
        hint("info", 1, 25),
    ),
    normal(
        &[(Char('?'), Action::ToggleHelp)],
        "this help",
        hint("help", 1, 0),
    ),
    normal(&[(Esc, Action::Dismiss)], "dismiss the notice", None),
    normal(&[(Char('q'), Action::Quit)], "quit", hint("quit", 1, 1)),
    overlay(
        Mode::Help,
        &[
            (Esc, Action::CloseOverlay),
            (Char('?'), Action::CloseOverlay),
        ],
        "close the help",
        hint("close", 1, 0),
    ),
    overlay(
        Mode::Help,
        &[(Char('q'), Action::Quit)],
        "quit",
        hint("quit", 1, 1),
    ),
    overlay(
        Mode::Info,
        &[
            (Esc, Action::CloseOverlay),
            (Char('i'), Action::CloseOverlay),
        ],
        "close the info",
        hint("close", 1, 0),
    ),
    overlay(
        Mode::Info,
        &[(Char('q'), Action::Quit)],
        "quit",
        hint("quit", 1, 1),
    ),
    overlay(
        Mode::Form,
        &[(Esc, Action::CloseOverlay)],
        "close the form",
        hint("close", 1, 1),
    ),
    overlay(
        Mode::Form,
        &[(Enter, Action::FormEdit)],
        "edit the selected value",
        hint("edit", 1, 0),
    ),
    overlay(
        Mode::Form,
        &[(Up, Action::FormUp), (Down, Action::FormDown)],
        "move the selection",
        hint("select", 2, 12),
    ),
    overlay(
        Mode::Picker,
        &[(Esc, Action::CloseOverlay)],
        "cancel",
        hint("cancel", 1, 1),
    ),
    overlay(
        Mode::Picker,
        &[(Enter, Action::PickerAccept)],
        "take the selected name",
        hint("take", 1, 0),
    ),
    overlay(
        Mode::Picker,
        &[(Up, Action::PickerUp), (Down, Action::PickerDown)],
        "move the selection",
        hint("select", 2, 12),
    ),
    overlay(
        Mode::Picker,
        &[(Backspace, Action::PickerBackspace)],
        "delete the last character of the filter",
        None,
    ),
    Binding {
        scope: Scope::In(Mode::Picker),
        trigger: Trigger::Typing(Action::PickerInput),
        help: "filter the names",
        hint: None,
    },
    overlay(
        Mode::Edit,
        &[(Esc, Action::CloseOverlay)],
        "cancel",
        hint("cancel", 1, 1),
    ),
    overlay(
        Mode::Edit,
        &[(Enter, Action::EditApply)],
        "apply the formula or value",
        hint("apply", 1, 0),
    ),
    overlay(
        Mode::Edit,
        &[
            (Left, Action::EditLeft),
            (Right, Action::EditRight),
            (Home, Action::EditHome),
            (End, Action::EditEnd),
            (Ctrl('a'), Action::EditHome),
            (Ctrl('e'), Action::EditEnd),
        ],
        "move the cursor",
        hint("move", 4, 12),
    ),
    overlay(
        Mode::Edit,
        &[(Backspace, Action::EditBackspace)],
        "delete the character before the cursor",
        None,
    ),
    overlay(
        Mode::Edit,
        &[(Delete, Action::EditDelete)],
        "delete the character at the cursor",
        None,
    ),
    overlay(
        Mode::Edit,
        &[(Ctrl('u'), Action::EditDeleteToStart)],
        "delete everything before the cursor",
        hint("delete before cursor", 1, 13),
    ),
    Binding {
        scope: Scope::In(Mode::Edit),
        trigger: Trigger::Typing(Action::EditInsert),
        help: "insert the character",
        hint: None,
    },
];

/// The main screen's bindings as a Markdown table (`| key | action | flag |`, `flag` naming
/// the flag that sets the same at the start), as the README shows it; a test keeps the
/// README equal to it.
pub fn markdown_table(flag: fn(Action) -> Option<String>) -> String {
    let mut text = String::from("| key | action | flag |\n|---|---|---|\n");
    for binding in bindings(Mode::Normal) {
        let flag = flags_of(binding, flag);
        let keys = match binding.trigger {
            Trigger::Keys(keys) => keys
                .iter()
                .map(|(k, _)| markdown_key(*k))
                .collect::<Vec<_>>()
                .join(" "),
            Trigger::Digits(_) => format!("`1`–`{LAST_DIGIT}`"),
            Trigger::Typing(_) => "typing".to_owned(),
            Trigger::Click => "mouse click".to_owned(),
        };
        let flag = flag.unwrap_or_default();
        text.push_str(&format!("| {keys} | {} | {flag} |\n", binding.help));
    }
    text
}

/// The flags (found by `flag`) that set what `binding`'s keys set, space separated.
pub fn flags_of(binding: &Binding, flag: fn(Action) -> Option<String>) -> Option<String> {
    match binding.trigger {
        Trigger::Keys(keys) => {
            let mut flags: Vec<String> = keys.iter().filter_map(|(_, a)| flag(*a)).collect();
            flags.dedup();
            (!flags.is_empty()).then(|| flags.join(" "))
        }
        Trigger::Digits(action) => flag(action(0)),
        _ => None,
    }
}

/// A key as Markdown: named keys in `<kbd>`, characters as code (a `|` would end the cell).
fn markdown_key(key: Key) -> String {
    match key {
        Key::Char(c) if c != ' ' => format!("`{c}`"),
        key => format!("<kbd>{}</kbd>", key.label()),
    }
}
