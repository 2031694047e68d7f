//! The keymap both ways: every key the explorer binds is shown in the help overlay, every
//! line of the help is bound to what it says, and the README's key table is the keymap's.

use crate::tui_support::{app, screen};
use plateau::tui::app::keymap::action_for_key;
use plateau::tui::app::keymap::{self, KEYMAP, Trigger};
use plateau::tui::app::keys::Key;
use plateau::tui::app::{Action, MAX_RACERS, Mode};

/// Every key plateau can name: printable ASCII, Ctrl with a letter, and the named keys.
fn every_key() -> Vec<Key> {
    let named = [
        Key::Enter,
        Key::Esc,
        Key::Tab,
        Key::BackTab,
        Key::Backspace,
        Key::Delete,
        Key::Up,
        Key::Down,
        Key::Left,
        Key::Right,
        Key::Home,
        Key::End,
    ];
    (0x20u8..0x7f)
        .map(|b| Key::Char(char::from(b)))
        .chain((b'a'..=b'z').map(|b| Key::Ctrl(char::from(b))))
        .chain(named)
        .collect()
}

/// Whether a binding live in `mode` lists `key` among its keys.
fn listed(key: Key, mode: Mode) -> bool {
    keymap::bindings(mode).any(|b| match b.trigger {
        Trigger::Keys(keys) => keys.iter().any(|(k, _)| *k == key),
        Trigger::Digits(_) => matches!(key, Key::Char('1'..=keymap::LAST_DIGIT)),
        Trigger::Typing(_) => matches!(key, Key::Char(_)),
        Trigger::Click => false,
    })
}

#[test]
fn every_bound_key_is_listed_and_every_listed_key_does_what_its_row_says() {
    for mode in [
        Mode::Normal,
        Mode::Help,
        Mode::Picker,
        Mode::Edit,
        Mode::Form,
        Mode::Info,
    ] {
        for key in every_key() {
            if action_for_key(key, mode).is_some() {
                assert!(
                    listed(key, mode),
                    "{key:?} is bound in {mode:?} but not listed"
                );
            }
        }
        for binding in keymap::bindings(mode) {
            match binding.trigger {
                Trigger::Keys(keys) => {
                    for (key, action) in keys {
                        assert_eq!(
                            action_for_key(*key, mode),
                            Some(*action),
                            "{mode:?}: the row '{}' says {key:?} does {action:?}",
                            binding.help
                        );
                    }
                }
                Trigger::Digits(action) => {
                    for (i, c) in ('1'..='9').enumerate() {
                        assert_eq!(action_for_key(Key::Char(c), mode), Some(action(i)));
                    }
                }
                Trigger::Typing(action) => {
                    assert_eq!(action_for_key(Key::Char('x'), mode), Some(action('x')));
                }
                Trigger::Click => assert_eq!(mode, Mode::Normal, "clicks are on the map"),
            }
        }
    }
}

#[test]
fn one_digit_key_per_racer_and_the_texts_name_them() {
    let digits: Vec<Option<Action>> = ('1'..='9')
        .map(|c| action_for_key(Key::Char(c), Mode::Normal))
        .collect();
    for (i, action) in digits.iter().enumerate() {
        let expected = (i < MAX_RACERS).then_some(Action::ToggleRacer(i));
        assert_eq!(*action, expected, "digit {}", i + 1);
    }
    let last = char::from_digit(MAX_RACERS as u32, 10).expect("a digit");
    assert_eq!(keymap::LAST_DIGIT, last);
    let digits_row = (keymap::bindings(Mode::Normal))
        .find(|b| matches!(b.trigger, Trigger::Digits(_)))
        .expect("the racers' digit keys");
    assert_eq!(digits_row.label(), format!("1-{last}"));
    assert!(
        keymap::markdown_table(plateau::tui::app::opening::flag_for)
            .contains(&format!("| `1`–`{last}` |"))
    );
    let named = plateau::tui::app::named_keys::values();
    assert!(named.contains(&("racer_keys", format!("1–{last}"))));
}

#[test]
fn the_help_overlay_shows_every_main_screen_binding() {
    let mut app = app(&[], true);
    app.update(Action::ToggleHelp);
    let text = screen(&app, 120, 40);
    for binding in keymap::bindings(Mode::Normal) {
        let label = binding.label();
        assert!(
            text.lines()
                .any(|line| line.contains(&label) && line.contains(binding.help)),
            "the help has no line '{label}  {}':\n{text}",
            binding.help
        );
    }
}

#[test]
fn every_mode_hints_at_how_to_leave_it() {
    for mode in [Mode::Normal, Mode::Help, Mode::Picker, Mode::Edit] {
        // Even on the narrowest screen the way out is shown.
        let hints = keymap::fitting_hints(mode, 0, &|word| word).join("  ");
        assert!(
            hints.contains("quit") || hints.contains("cancel") || hints.contains("close"),
            "{mode:?}: {hints}"
        );
    }
    assert!(KEYMAP.iter().all(|b| !b.help.is_empty()));
}

/// Checks that README.md holds `table` (generated from `what`); with `BLESS=1` in the
/// environment, first writes it over the README's table of the same header.
fn readme_holds(table: &str, what: &str) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let mut readme = std::fs::read_to_string(path).expect("README.md");
    if std::env::var_os("BLESS").is_some() && !readme.contains(table) {
        let header = table.lines().next().expect("a header");
        let start = readme
            .find(header)
            .expect("the README has the table's header");
        let end = readme[start..]
            .find("\n\n")
            .map_or(readme.len(), |n| start + n + 1);
        readme.replace_range(start..end, table);
        std::fs::write(path, &readme).expect("README.md written");
    }
    assert!(
        readme.contains(table),
        "README.md's {what} table differs; it should read (BLESS=1 cargo test writes it):\n{table}"
    );
}

#[test]
fn the_readme_key_table_is_the_keymap() {
    readme_holds(
        &keymap::markdown_table(plateau::tui::app::opening::flag_for),
        "key",
    );
}

#[test]
fn the_readme_hyperparameter_table_is_the_registry() {
    readme_holds(
        &plateau::cli::args::hyperparameter_table(),
        "hyperparameter",
    );
}

#[test]
fn help_and_quit_are_always_on_the_bottom_line() {
    let hints = keymap::fitting_hints(Mode::Normal, 20, &|word| word);
    assert_eq!(hints, ["? help", "q quit"]);
    let wide = keymap::fitting_hints(Mode::Normal, 300, &|word| word);
    assert!(
        wide.len() > 10 && wide[..2] == ["? help", "q quit"],
        "{wide:?}"
    );
}
