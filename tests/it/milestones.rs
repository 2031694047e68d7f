//! Pause at the moment that matters (`W`, `--pause-on-events`, on in the tour): running
//! stops when a racer enters a plateau, escapes one, comes to rest or diverges, with a
//! one-line notice saying which; slow motion takes one step every 2 or 4 frames.

use crate::tui_support::{app, screen};
use plateau::tui::app::{Action, App, MAX_SLOW};
use plateau::tui::tour::Lang;

/// Runs `app` frame by frame until it pauses (at most `frames`); the notice it paused with.
fn run_until_paused(app: &mut App, frames: usize) -> Option<String> {
    app.update(Action::ToggleRun);
    for _ in 0..frames {
        app.tick();
        if !app.controls().running {
            return app.notice().map(str::to_owned);
        }
    }
    None
}

/// The steps of every racer.
fn steps(app: &App) -> Vec<u64> {
    app.racers().all().iter().map(|r| r.sample().step).collect()
}

#[test]
fn the_default_neuron_run_pauses_on_its_plateau_at_its_escape_and_at_the_minimum() {
    let mut app = app(&[], true);
    app.update(Action::TogglePauseOnEvents);
    let expected = [
        (
            103,
            "sgd is on a plateau: its loss stopped falling at step 3: paused (W turns this off)",
        ),
        (
            37_592,
            "sgd escaped the plateau at step 37,592 (on it from step 3): paused (W turns this off)",
        ),
        (
            37_905,
            "sgd reached a minimum at step 37,905: paused (W turns this off)",
        ),
    ];
    for (step, notice) in expected {
        assert_eq!(run_until_paused(&mut app, 1000).as_deref(), Some(notice));
        assert_eq!(steps(&app), [step], "it stops on the very step");
    }
    assert!(screen(&app, 120, 40).contains("sgd reached a minimum at step 37,905"));
}

#[test]
fn a_race_pauses_when_each_fast_racer_arrives() {
    let mut app = app(&["-o", "sgd", "-o", "adam", "-o", "natgrad"], true);
    app.update(Action::TogglePauseOnEvents);
    for notice in [
        "sgd is on a plateau: its loss stopped falling at step 3",
        "natgrad reached a minimum at step 161",
        "adam reached a minimum at step 369",
        "sgd escaped the plateau at step 37,592 (on it from step 3)",
    ] {
        let paused = run_until_paused(&mut app, 1000).expect("pauses");
        assert!(paused.starts_with(notice), "{paused}");
    }
}

#[test]
fn without_it_the_run_goes_on_and_the_tour_turns_it_on() {
    let mut app = app(&[], true);
    assert!(!app.controls().pause_on_events);
    assert_eq!(run_until_paused(&mut app, 300), None);
    app.start_tour(Lang::En, 0).expect("tour");
    assert!(app.controls().pause_on_events);
}

#[test]
fn a_divergence_pauses_and_keeps_its_own_notice() {
    // sgd diverges at lr 50 on the bowl; adam's steps stay near lr, and it runs on.
    let mut app = app(
        &["-l", "bowl", "-o", "sgd", "-o", "adam", "--lr", "50"],
        true,
    );
    app.update(Action::TogglePauseOnEvents);
    app.update(Action::Slower);
    let notice = (0..5)
        .filter_map(|_| run_until_paused(&mut app, 100))
        .find(|n| n.contains("diverged"))
        .expect("pauses at the divergence");
    assert!(app.racers().all()[1].active(), "adam could have run on");
    assert!(!notice.contains("W turns this off"), "{notice}");
}

#[test]
fn slow_motion_takes_one_step_every_two_then_four_frames() {
    let mut app = app(&["-o", "natgrad"], true);
    while app.controls().speed > 1 {
        app.update(Action::Slower);
    }
    app.update(Action::Slower);
    assert_eq!(app.controls().slow, 2);
    app.update(Action::Slower);
    app.update(Action::Slower);
    assert_eq!(
        app.controls().slow,
        MAX_SLOW,
        "slowest: one step every 4 frames"
    );
    assert!(screen(&app, 80, 24).contains("×1/4"));
    app.update(Action::ToggleRun);
    for _ in 0..28 * MAX_SLOW {
        app.tick();
    }
    assert_eq!(
        steps(&app),
        [28],
        "natgrad's first 28 steps take 112 frames (3.7 s)"
    );
    app.update(Action::Faster);
    app.update(Action::Faster);
    assert_eq!((app.controls().speed, app.controls().slow), (1, 1));
    app.update(Action::Faster);
    assert_eq!(app.controls().speed, 2);
}
