//! Many runs in the explorer: the basin map behind the map (`b`) and the escape ensemble
//! (`E`), computed inline here (as in recordings) and on background threads in the live
//! explorer, with the same result.

use crate::tui_support::{Layer, app, colours, screen};
use plateau::tui::app::Action;
use plateau::tui::app::App;
use plateau::tui::derive::Derived;
use plateau::tui::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::num::NonZeroUsize;

/// `app`'s screen drawn with `screen` until it has nothing left to compute.
fn settled(app: &App, screen: &mut Derived, cols: u16, rows: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(cols, rows)).expect("terminal");
    loop {
        terminal.draw(|f| ui::draw(app, screen, f)).expect("draw");
        if !screen.busy() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    // One more frame: the last snapshot was taken before the final check.
    terminal.draw(|f| ui::draw(app, screen, f)).expect("draw");
    terminal.backend().to_string()
}

#[test]
fn b_shows_himmelblaus_four_basins_with_their_shares() {
    let mut app = app(&["-l", "himmelblau"], true);
    app.update(Action::ToggleBasins);
    let text = screen(&app, 120, 40);
    for expected in [
        "basins",
        "sgd ×2,000",
        "A (3, 2)",
        "B ",
        "C ",
        "D ",
        "hue = minimum",
    ] {
        assert!(text.contains(expected), "{expected}:\n{text}");
    }
    // Four hues behind the map, each over about a quarter of it.
    let grid = colours(&app, 120, 40, Layer::Background);
    let legend: Vec<&str> = grid.lines().filter(|l| l.contains(" = ")).collect();
    assert!(legend.len() >= 4, "{grid}");
    app.update(Action::ToggleBasins);
    assert!(!screen(&app, 120, 40).contains("sgd ×2,000"));
}

#[test]
fn without_colour_each_basin_is_its_letter() {
    let mut app = app(&["-l", "himmelblau"], false);
    app.update(Action::ToggleBasins);
    let text = screen(&app, 100, 30);
    let map: String = text.lines().skip(1).take(25).collect();
    for letter in ['A', 'B', 'C', 'D'] {
        assert!(map.matches(letter).count() > 50, "{letter}:\n{text}");
    }
}

#[test]
fn the_map_follows_the_optimizer_and_its_hyperparameters() {
    let mut app = app(&["-l", "himmelblau"], true);
    app.update(Action::ToggleBasins);
    let sgd = screen(&app, 120, 40);
    app.update(Action::NextOptimizer);
    let momentum = screen(&app, 120, 40);
    assert!(momentum.contains("momentum ×2,000"), "{momentum}");
    app.update(Action::LrUp);
    assert_ne!(screen(&app, 120, 40), momentum);
    assert_ne!(sgd, momentum);
}

#[test]
fn computed_in_the_background_the_map_and_ensemble_are_the_same() {
    let mut app = app(&["-l", "himmelblau"], true);
    app.update(Action::ToggleBasins);
    app.update(Action::ToggleEnsemble);
    let inline = screen(&app, 120, 40);
    for threads in [1, 2] {
        let mut background = Derived::background(NonZeroUsize::new(threads).unwrap());
        assert_eq!(
            settled(&app, &mut background, 120, 40),
            inline,
            "{threads} threads"
        );
    }
}

#[test]
fn e_launches_an_ensemble_from_the_marker_and_closes_it() {
    let mut app = app(&["-l", "saddle", "--start", "1,0"], true);
    app.update(Action::ToggleEnsemble);
    let text = screen(&app, 120, 40);
    for expected in [
        "ensemble",
        "256× sgd σ 0.1, 1 kick",
        "escaped 100%",
        "median 1",
    ] {
        assert!(text.contains(expected), "{expected}:\n{text}");
    }
    app.update(Action::ToggleEnsemble);
    assert!(app.ensemble().is_none());
    assert!(!screen(&app, 120, 40).contains("256× sgd"));
    // Under continuous noise the copies are kicked after every step.
    app.update(Action::ToggleNoise);
    app.update(Action::ToggleEnsemble);
    assert!(screen(&app, 120, 40).contains("σ 0.1, noise"));
}

#[test]
fn more_noise_frees_the_neuron_from_its_plateau_sooner() {
    // On the plateau, a wide kick escapes where a narrow one does not.
    let escaped = |sigma_doublings: usize| {
        let mut app = app(&[], true);
        for _ in 0..60 {
            app.update(Action::Step);
        }
        for _ in 0..sigma_doublings {
            app.update(Action::SigmaUp);
        }
        app.update(Action::ToggleNoise);
        app.update(Action::ToggleEnsemble);
        let text = screen(&app, 120, 40);
        let line = text
            .lines()
            .find(|l| l.contains("escaped"))
            .expect("a summary")
            .to_owned();
        let percent: String = line
            .split("escaped ")
            .nth(1)
            .expect("a share")
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        percent.parse::<u32>().expect("a percentage")
    };
    let (narrow, wide) = (escaped(0), escaped(3));
    assert!(wide > narrow, "σ 0.1: {narrow}%, σ 0.8: {wide}%");
}

#[test]
fn himmelblau_basins_120x40() {
    let mut app = app(&["-l", "himmelblau"], true);
    app.update(Action::ToggleBasins);
    insta::assert_snapshot!(screen(&app, 120, 40));
}

#[test]
fn saddle_ensemble_120x40() {
    let mut app = app(&["-l", "saddle", "--start", "1,0"], true);
    app.update(Action::ToggleEnsemble);
    insta::assert_snapshot!(screen(&app, 120, 40));
}

#[test]
fn the_explorers_ensemble_has_the_headless_defaults() {
    // E on neuron: core's copies, one kick (without continuous noise), and a step cap that
    // covers the plateau (twice sgd's escape at 37,592), as `plateau ensemble` has.
    use plateau_core::many::ensemble::{self, DEFAULT_COPIES, DEFAULT_NOISE};
    let mut app = app(&[], true);
    app.update(Action::ToggleEnsemble);
    let job = &app.ensemble().expect("launched").job;
    assert_eq!((job.copies, job.noise), (DEFAULT_COPIES, DEFAULT_NOISE));
    assert_eq!(job.steps, ensemble::default_steps(&app.scene().landscape));
    assert_eq!(job.steps, 75_184);
}
