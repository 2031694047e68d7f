//! Divergence in the explorer, through its keys: doubling the learning rate until the run
//! blows up shows "diverged at step k" (and when the loss went first), keeps the marker on
//! the last point with finite parameters, keeps the readout and charts readable (the
//! loss and gradient norm there shown as what they are — `inf` or `NaN` after an overflow —
//! and every other number finite), refuses to run on, and `r` starts over.

use crate::tui_support::{app, screen};
use plateau::tui::app::Action;
use plateau::tui::app::App;
use plateau::tui::input::action_for;
use plateau_core::{landscape, optim};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Presses `c` through the key table.
fn press(app: &mut App, c: char) {
    let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    app.update(action_for(key, app.mode()).expect("a bound key"));
}

/// Presses `]` `times` times, runs, and lets `frames` frames pass.
fn double_lr_and_run(app: &mut App, times: usize, frames: usize) {
    for _ in 0..times {
        press(app, ']');
    }
    press(app, ' ');
    for _ in 0..frames {
        app.tick();
    }
}

/// `screen` without the marker's own loss and gradient norm where they are not finite (the
/// readout's `loss inf`, a chart's current value): true values, which may say `inf` or
/// `NaN` after the parameters grew huge; anything else non-finite is a bug.
fn without_the_markers_values(app: &App, screen: &str) -> String {
    let sample = app.racers().selected().sample();
    let mut text = screen.to_owned();
    let quantities = [
        ("loss − L*", sample.loss),
        ("loss, symlog", sample.loss),
        ("loss", sample.loss),
        ("|∇L|", sample.grad_norm),
    ];
    for (name, v) in quantities {
        if !v.is_finite() {
            text = text.replace(&format!("{name} {v}"), name);
        }
    }
    text
}

/// The numbers in a chart title such as `loss − L* 0.5 [0.1, 11.3]`, from the screen line
/// holding `name`.
fn title_numbers(screen: &str, name: &str) -> Vec<String> {
    let line = screen
        .lines()
        .find(|l| l.contains(&format!("┌ {name} ")))
        .unwrap_or_else(|| panic!("no {name} chart:\n{screen}"));
    let title = line.split(&format!("┌ {name} ")).nth(1).expect("a title");
    let title = &title[..title.find(']').expect("a range") + 1];
    title
        .split([' ', '[', ']', ','])
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn doubling_the_learning_rate_on_rosenbrock_diverges_readably_and_r_resets() {
    for doublings in [8, 12, 20, 60, 200, 1100] {
        let mut app = app(&["-l", "rosenbrock"], true);
        let start = app.scene().start.clone();
        double_lr_and_run(&mut app, doublings, 10);
        let lr = app.racers().selected().spec().hyper.lr;
        assert!(lr.is_finite() && lr > 0.0, "lr {lr}");
        let racer = app.racers().selected();
        let k = racer.diverged_at().expect("it diverges");
        assert!(!app.controls().running, "nothing left to run");
        let marker = racer.position().to_vec();
        assert!(marker.iter().all(|v| v.is_finite()), "{marker:?}");
        assert_eq!(
            racer.sample().step,
            k - 1,
            "the marker is the last finite point"
        );

        let text = screen(&app, 100, 30);
        assert!(
            text.contains(&format!("sgd diverged at step {k}")),
            "{text}"
        );
        let shown = without_the_markers_values(&app, &text);
        assert!(!shown.contains("NaN") && !shown.contains("inf"), "{shown}");
        for name in ["loss − L*", "|∇L|"] {
            let numbers = title_numbers(&text, name);
            assert_eq!(numbers.len(), 3, "{name}: {numbers:?}");
            // The current value is the marker's own (finite, inf or NaN); the range is finite.
            numbers[0].parse::<f64>().expect("a number, inf or NaN");
            for n in &numbers[1..] {
                let v: f64 = n
                    .parse()
                    .unwrap_or_else(|_| panic!("{name}: {n:?} in {text}"));
                assert!(v.is_finite(), "the range of {name}: {n}");
            }
        }
        // Still readable at the smallest size.
        let small = screen(&app, 60, 16);
        let small = without_the_markers_values(&app, &small);
        assert!(!small.contains("NaN"), "{small}");

        press(&mut app, ' ');
        assert!(!app.controls().running, "nothing to run");
        assert_eq!(
            app.notice(),
            Some("every optimizer has diverged: press r to reset")
        );
        press(&mut app, 's');
        assert_eq!(
            app.racers().selected().position(),
            marker,
            "a diverged racer stays put"
        );
        press(&mut app, 'r');
        assert_eq!(app.racers().selected().position(), start);
        assert_eq!(app.racers().selected().diverged_at(), None);
        let text = screen(&app, 100, 30);
        assert!(text.contains("step 0 paused"), "{text}");
        assert!(!text.contains("diverged"), "{text}");
    }
}

/// Every landscape with a plain, an adaptive and a curvature optimizer, the learning rate
/// doubled from a little to as far as it goes: whatever blows up, nothing on the screen is
/// NaN but the marker's own loss or gradient norm where that is what they are. (A gradient
/// that overflows at a finite point is shown as `inf`: a true value.)
#[test]
fn no_blow_up_puts_nan_on_the_screen() {
    for land in landscape::names() {
        for opt in ["sgd", "adam", "newton"] {
            optim::by_name(opt).expect("an optimizer");
            for doublings in [10, 40, 160, 1100] {
                let mut app = app(&["-l", land, "-o", opt], true);
                double_lr_and_run(&mut app, doublings, 3);
                app.update(Action::Kick);
                let text = without_the_markers_values(&app, &screen(&app, 100, 30));
                assert!(
                    !text.contains("NaN"),
                    "{land} {opt} after {doublings} doublings:\n{text}"
                );
            }
        }
    }
}
