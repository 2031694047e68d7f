//! The numbers a chapter's text quotes, taken from the live explorer, and the keys it names,
//! taken from the keymap ([`named_keys`]): every `{name}` of the prose has its value here, so
//! the text always says what the run on screen does and which key does it.

use crate::tui::app::{App, named_keys};
use plateau_core::run::Run;
use plateau_core::text::format;
use std::sync::Arc;

/// Significant digits of the numbers quoted.
const DIGITS: usize = 4;

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
        ("stalled", format::count(racer.detector().on_plateau())),
        (
            "escaped_at",
            (racer.detector().last_escape()).map_or(String::new(), |e| format::count(e.step)),
        ),
        (
            "escape_level",
            (racer.detector().open())
                .map_or(String::new(), |p| format::short(p.escape_level, DIGITS)),
        ),
        ("first_step", first_step),
        ("second_step", second_step),
        ("racer", racer.name().to_owned()),
    ]
    .into_iter()
    .chain(named_keys::values())
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
