//! The keys that texts name, by placeholder: the tour's prose and interface strings write
//! `{step_key}`, `{reset_key}`, … and never a key itself, and every placeholder's value is
//! the key the keymap binds to its action, so a rebinding changes every text that names it.

use super::keymap;
use super::{Action, Mode};

/// The keys texts name, by placeholder: the key the keymap binds to the action, in the key
/// table of the mode.
pub const NAMED_KEYS: [(&str, Action, Mode); 22] = [
    ("run_key", Action::ToggleRun, Mode::Normal),
    ("step_key", Action::Step, Mode::Normal),
    ("lr_up_key", Action::LrUp, Mode::Normal),
    ("lr_down_key", Action::LrDown, Mode::Normal),
    ("form_key", Action::OpenForm, Mode::Normal),
    ("reset_key", Action::ResetRun, Mode::Normal),
    ("view_key", Action::NextView, Mode::Normal),
    ("log_steps_key", Action::ToggleLogSteps, Mode::Normal),
    ("optimizer_key", Action::OpenOptimizerPicker, Mode::Normal),
    ("race_key", Action::ToggleRace, Mode::Normal),
    ("select_key", Action::SelectNextRacer, Mode::Normal),
    ("kick_key", Action::Kick, Mode::Normal),
    ("noise_key", Action::ToggleNoise, Mode::Normal),
    ("slower_key", Action::Slower, Mode::Normal),
    ("faster_key", Action::Faster, Mode::Normal),
    ("edit_key", Action::OpenEditor, Mode::Normal),
    ("pick_key", Action::OpenPicker, Mode::Normal),
    ("help_key", Action::ToggleHelp, Mode::Normal),
    ("tour_key", Action::ToggleTour, Mode::Normal),
    ("apply_key", Action::EditApply, Mode::Edit),
    ("take_key", Action::PickerAccept, Mode::Picker),
    ("cancel_key", Action::CloseOverlay, Mode::Picker),
];

/// The value of every key placeholder: [`NAMED_KEYS`], and `racer_keys`, the digit keys that
/// show or hide the racers (also the numbers the racers carry on the map).
pub fn values() -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = (NAMED_KEYS.iter())
        .map(|&(name, action, mode)| {
            (
                name,
                keymap::key_for(action, mode).unwrap_or_else(|| "?".to_owned()),
            )
        })
        .collect();
    out.push(("racer_keys", format!("1–{}", keymap::LAST_DIGIT)));
    out
}
