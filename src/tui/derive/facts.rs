//! The numbers a chapter's text quotes, taken from the live explorer, and the keys it names,
//! taken from the keymap: every `{name}` of the prose has its value here, so the text always
//! says what the run on screen does and which key does it.

use crate::tui::app::keymap;
use crate::tui::app::{Action, App, MAX_RACERS, Mode};
use plateau_core::format;
use plateau_core::run::Run;
use std::sync::Arc;

/// Significant digits of the numbers quoted.
const DIGITS: usize = 4;

/// The keys the prose names, by placeholder: the key the keymap binds to the action, in the
/// key table of the mode.
pub const KEYS: [(&str, Action, Mode); 18] = [
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
    ("apply_key", Action::EditApply, Mode::Edit),
];

/// The value of every key placeholder ([`KEYS`], and `racer_keys`: the digits that show or
/// hide the racers).
pub fn keys() -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = (KEYS.iter())
        .map(|&(name, action, mode)| {
            (
                name,
                keymap::key_for(action, mode).unwrap_or_else(|| "?".to_owned()),
            )
        })
        .collect();
    out.push(("racer_keys", format!("1–{MAX_RACERS}")));
    out
}

/// The value of every placeholder for racer `subject` (the selected one, or the one a
/// race reaction is about).
pub fn values(app: &App, subject: usize) -> Vec<(&'static str, String)> {
    let racers = app.racers().all();
    let racer = &racers[subject.min(racers.len() - 1)];
    let sample = racer.sample();
    let position = racer.position();
    let coordinate = |i: usize| {
        position
            .get(i)
            .map_or(String::new(), |v| format::short(*v, DIGITS))
    };
    let [first_step, second_step] = first_steps(app, subject);
    vec![
        ("lr", format::short(racer.spec().hyper.lr, DIGITS)),
        (
            "step",
            format::count(racer.diverged_at().unwrap_or(sample.step)),
        ),
        ("x", coordinate(0)),
        ("y", coordinate(1)),
        ("loss", format::short(sample.loss, DIGITS)),
        ("grad", format::short(sample.grad_norm, 3)),
        ("stalled", format::count(racer.detector().stalled())),
        (
            "escaped_at",
            (racer.detector().last_escape()).map_or(String::new(), |e| format::count(e.step)),
        ),
        (
            "escape_level",
            (racer.detector().pending()).map_or(String::new(), |p| format::short(p.level, DIGITS)),
        ),
        ("first_step", first_step),
        ("second_step", second_step),
        ("racer", racer.name().to_owned()),
    ]
    .into_iter()
    .chain(keys())
    .collect()
}

/// Where the first two steps of racer `subject`'s optimizer, with its hyperparameters as
/// they are now, go from the scene's start: a fresh run, so the text says what the next
/// `r` and `s s` will show. `…` for a step that cannot be taken.
fn first_steps(app: &App, subject: usize) -> [String; 2] {
    let scene = app.scene();
    let racer = &app.racers().all()[subject];
    let point = |p: &[f64]| {
        let shown: Vec<String> = p
            .iter()
            .take(2)
            .map(|v| format::short(*v, DIGITS))
            .collect();
        format!("({})", shown.join(",\u{a0}"))
    };
    let Ok(mut run) = Run::new(
        Arc::clone(&scene.landscape),
        racer.spec().clone(),
        &scene.start,
        scene.seed,
    ) else {
        return ["…".to_owned(), "…".to_owned()];
    };
    let mut step = || run.step().map_or("…".to_owned(), |_| point(run.params()));
    let first = step();
    [first, step()]
}
