//! Keys as plateau names them: one table gives every named key its label in the help and
//! the hint line and its names in key scripts, and converts between keys and crossterm's
//! key events.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// A key press that plateau can bind or script.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    /// A printable character, case-sensitive (`N` is not `n`); the space bar is `' '`.
    Char(char),
    /// Control and a letter `a`–`z`.
    Ctrl(char),
    /// Enter.
    Enter,
    /// Escape.
    Esc,
    /// Tab.
    Tab,
    /// Shift-Tab.
    BackTab,
    /// Backspace.
    Backspace,
    /// Delete.
    Delete,
    /// Arrow up.
    Up,
    /// Arrow down.
    Down,
    /// Arrow left.
    Left,
    /// Arrow right.
    Right,
    /// Home.
    Home,
    /// End.
    End,
    /// Page up.
    PageUp,
    /// Page down.
    PageDown,
}

/// A key with a name: its label on screen and its names in key scripts (the first is the
/// canonical one).
struct Named {
    key: Key,
    label: &'static str,
    script: &'static [&'static str],
}

/// Every key that has a name rather than being its own character.
const NAMED: &[Named] = &[
    Named {
        key: Key::Char(' '),
        label: "Space",
        script: &["space"],
    },
    Named {
        key: Key::Enter,
        label: "Enter",
        script: &["enter"],
    },
    Named {
        key: Key::Esc,
        label: "Esc",
        script: &["esc"],
    },
    Named {
        key: Key::Tab,
        label: "Tab",
        script: &["tab"],
    },
    Named {
        key: Key::BackTab,
        label: "S-Tab",
        script: &["backtab", "shift-tab"],
    },
    Named {
        key: Key::Backspace,
        label: "Backspace",
        script: &["backspace"],
    },
    Named {
        key: Key::Delete,
        label: "Delete",
        script: &["delete"],
    },
    Named {
        key: Key::Up,
        label: "↑",
        script: &["up"],
    },
    Named {
        key: Key::Down,
        label: "↓",
        script: &["down"],
    },
    Named {
        key: Key::Left,
        label: "←",
        script: &["left"],
    },
    Named {
        key: Key::Right,
        label: "→",
        script: &["right"],
    },
    Named {
        key: Key::Home,
        label: "Home",
        script: &["home"],
    },
    Named {
        key: Key::End,
        label: "End",
        script: &["end"],
    },
    Named {
        key: Key::PageUp,
        label: "PgUp",
        script: &["pageup", "pgup"],
    },
    Named {
        key: Key::PageDown,
        label: "PgDn",
        script: &["pagedown", "pgdn"],
    },
];

impl Key {
    /// The key of a terminal key event; `None` for releases and repeats (some terminals
    /// report them), Alt combinations, function keys and control characters.
    pub fn from_event(event: KeyEvent) -> Option<Self> {
        if event.kind != KeyEventKind::Press || event.modifiers.intersects(KeyModifiers::ALT) {
            return None;
        }
        let ctrl = event.modifiers.intersects(KeyModifiers::CONTROL);
        let shift = event.modifiers.intersects(KeyModifiers::SHIFT);
        Some(match event.code {
            KeyCode::Char(c) if ctrl => Self::Ctrl(c.to_ascii_lowercase()),
            _ if ctrl => return None,
            KeyCode::Char(c) if !c.is_control() => Self::Char(c),
            KeyCode::Enter => Self::Enter,
            KeyCode::Esc => Self::Esc,
            KeyCode::Tab if shift => Self::BackTab,
            KeyCode::Tab => Self::Tab,
            KeyCode::BackTab => Self::BackTab,
            KeyCode::Backspace => Self::Backspace,
            KeyCode::Delete => Self::Delete,
            KeyCode::Up => Self::Up,
            KeyCode::Down => Self::Down,
            KeyCode::Left => Self::Left,
            KeyCode::Right => Self::Right,
            KeyCode::Home => Self::Home,
            KeyCode::End => Self::End,
            KeyCode::PageUp => Self::PageUp,
            KeyCode::PageDown => Self::PageDown,
            _ => return None,
        })
    }

    /// The key event a terminal sends for this key (what a key script plays).
    pub fn event(self) -> KeyEvent {
        let plain = |code| KeyEvent::new(code, KeyModifiers::NONE);
        match self {
            Self::Char(c) => plain(KeyCode::Char(c)),
            Self::Ctrl(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
            Self::Enter => plain(KeyCode::Enter),
            Self::Esc => plain(KeyCode::Esc),
            Self::Tab => plain(KeyCode::Tab),
            Self::BackTab => KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
            Self::Backspace => plain(KeyCode::Backspace),
            Self::Delete => plain(KeyCode::Delete),
            Self::Up => plain(KeyCode::Up),
            Self::Down => plain(KeyCode::Down),
            Self::Left => plain(KeyCode::Left),
            Self::Right => plain(KeyCode::Right),
            Self::Home => plain(KeyCode::Home),
            Self::End => plain(KeyCode::End),
            Self::PageUp => plain(KeyCode::PageUp),
            Self::PageDown => plain(KeyCode::PageDown),
        }
    }

    /// How the help and the hint line show the key: `s`, `Space`, `S-Tab`, `C-c`.
    pub fn label(self) -> String {
        match self {
            Self::Char(c) if c != ' ' => c.to_string(),
            Self::Ctrl(c) => format!("C-{c}"),
            key => named(key).map_or("?", |n| n.label).to_owned(),
        }
    }

    /// The key's name in a key script: the character itself, or `space`, `ctrl-c`, ….
    pub fn script_name(self) -> String {
        match self {
            Self::Char(c) if c != ' ' => c.to_string(),
            Self::Ctrl(c) => format!("ctrl-{c}"),
            key => named(key).map_or("?", |n| n.script[0]).to_owned(),
        }
    }

    /// The key a key-script token names: a single printable character is that key (case
    /// matters); names are case-insensitive: `space`, `enter`, `shift-tab`, `ctrl-a` to
    /// `ctrl-z`, ….
    pub fn from_script_name(word: &str) -> Option<Self> {
        let mut chars = word.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return (!c.is_control()).then_some(Self::Char(c));
        }
        let lower = word.to_lowercase();
        if let Some(letter) = lower.strip_prefix("ctrl-") {
            let mut letters = letter.chars();
            return match (letters.next(), letters.next()) {
                (Some(c), None) if c.is_ascii_lowercase() => Some(Self::Ctrl(c)),
                _ => None,
            };
        }
        NAMED
            .iter()
            .find(|n| n.script.contains(&lower.as_str()))
            .map(|n| n.key)
    }

    /// Every script name of every named key, for the help text.
    pub fn script_names() -> impl Iterator<Item = &'static str> {
        NAMED.iter().flat_map(|n| n.script.iter().copied())
    }
}

/// The table entry of a named key.
fn named(key: Key) -> Option<&'static Named> {
    NAMED.iter().find(|n| n.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_key_round_trips_through_its_event_and_its_names() {
        for n in NAMED {
            assert_eq!(Key::from_event(n.key.event()), Some(n.key), "{}", n.label);
            for name in n.script {
                assert_eq!(Key::from_script_name(name), Some(n.key));
                assert_eq!(Key::from_script_name(&name.to_uppercase()), Some(n.key));
            }
        }
        for key in [Key::Char('N'), Key::Ctrl('u'), Key::Char('?')] {
            assert_eq!(Key::from_event(key.event()), Some(key));
            assert_eq!(Key::from_script_name(&key.script_name()), Some(key));
        }
    }

    #[test]
    fn script_names_are_strict_about_letters() {
        for bad in ["ctrl-", "ctrl-1", "ctrl-ab", "ctrl-é", "jump"] {
            assert_eq!(Key::from_script_name(bad), None, "{bad}");
        }
        assert_eq!(Key::from_script_name("Ctrl-U"), Some(Key::Ctrl('u')));
    }
}
