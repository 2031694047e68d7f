//! The explorer driven without a terminal: the key table, the mouse, and the app's response
//! to actions.

mod tui_support;

use plateau::tui::action::{Action, Direction, Mode, action_for, action_for_mouse};
use plateau::tui::app::{App, DEFAULT_SPEED, MAX_SPEED};
use plateau_core::landscape::by_name;
use plateau_core::optim::{self, OptimizerSpec, Overrides};
use plateau_core::raster::cell_center;
use plateau_core::run::trajectory;
use plateau_core::{DEFAULT_SEED, Domain, Point};
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Rect;
use tui_support::{app, screen};

/// A key press with modifiers.
fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

/// Presses `c` on the app through the key table.
fn press(app: &mut App, code: KeyCode) {
    let action = action_for(key(code, KeyModifiers::NONE), app.mode()).expect("bound key");
    app.update(action);
}

#[test]
fn every_documented_key_maps_to_its_action() {
    use Action::*;
    use KeyCode::{BackTab, Char, Down, Esc, Left, Right, Tab, Up};
    let none = KeyModifiers::NONE;
    let shift = KeyModifiers::SHIFT;
    let table = [
        (Char(' '), none, ToggleRun),
        (Char('s'), none, Step),
        (Char('.'), none, Step),
        (Char('n'), none, Kick),
        (Char('N'), shift, ToggleNoise),
        (Char('{'), shift, SigmaDown),
        (Char('}'), shift, SigmaUp),
        (Char('o'), none, NextOptimizer),
        (Char('O'), shift, PrevOptimizer),
        (Tab, none, NextLandscape),
        (BackTab, shift, PrevLandscape),
        (Tab, shift, PrevLandscape),
        (Char('p'), none, OpenPicker),
        (Char('['), none, LrDown),
        (Char(']'), none, LrUp),
        (Char('<'), shift, Slower),
        (Char('>'), shift, Faster),
        (Char('+'), shift, ZoomIn),
        (Char('='), none, ZoomIn),
        (Char('-'), none, ZoomOut),
        (Left, none, Pan(Direction::Left)),
        (Right, none, Pan(Direction::Right)),
        (Up, none, Pan(Direction::Up)),
        (Down, none, Pan(Direction::Down)),
        (Char('h'), none, Pan(Direction::Left)),
        (Char('l'), none, Pan(Direction::Right)),
        (Char('k'), none, Pan(Direction::Up)),
        (Char('j'), none, Pan(Direction::Down)),
        (Char('0'), none, ResetView),
        (Char('r'), none, ResetRun),
        (Char('c'), none, ClearTrail),
        (Char('m'), none, ToggleRace),
        (Char('v'), none, SelectNextRacer),
        (Char('1'), none, ToggleRacer(0)),
        (Char('9'), none, ToggleRacer(8)),
        (Char('?'), shift, ToggleHelp),
        (Char('q'), none, Quit),
        (Esc, none, Quit),
        (Char('c'), KeyModifiers::CONTROL, Quit),
    ];
    for (code, modifiers, action) in table {
        assert_eq!(
            action_for(key(code, modifiers), Mode::Normal),
            Some(action),
            "{code:?} {modifiers:?}"
        );
    }
}

#[test]
fn unknown_keys_and_non_presses_map_to_nothing() {
    for code in [
        KeyCode::Char('x'),
        KeyCode::Char('Z'),
        KeyCode::F(1),
        KeyCode::Enter,
    ] {
        assert_eq!(
            action_for(key(code, KeyModifiers::NONE), Mode::Normal),
            None
        );
    }
    assert_eq!(
        action_for(key(KeyCode::Char('q'), KeyModifiers::CONTROL), Mode::Normal),
        None
    );
    assert_eq!(
        action_for(key(KeyCode::Char('s'), KeyModifiers::ALT), Mode::Normal),
        None
    );
    for kind in [KeyEventKind::Release, KeyEventKind::Repeat] {
        let mut event = key(KeyCode::Char(' '), KeyModifiers::NONE);
        event.kind = kind;
        assert_eq!(action_for(event, Mode::Normal), None);
    }
}

#[test]
fn overlays_have_their_own_keys() {
    let k = |code| key(code, KeyModifiers::NONE);
    assert_eq!(
        action_for(k(KeyCode::Esc), Mode::Help),
        Some(Action::CloseOverlay)
    );
    assert_eq!(
        action_for(k(KeyCode::Char('?')), Mode::Help),
        Some(Action::CloseOverlay)
    );
    assert_eq!(
        action_for(k(KeyCode::Char('q')), Mode::Help),
        Some(Action::Quit)
    );
    assert_eq!(action_for(k(KeyCode::Char(' ')), Mode::Help), None);
    assert_eq!(
        action_for(k(KeyCode::Esc), Mode::Picker),
        Some(Action::CloseOverlay)
    );
    assert_eq!(
        action_for(k(KeyCode::Enter), Mode::Picker),
        Some(Action::PickerAccept)
    );
    assert_eq!(
        action_for(k(KeyCode::Char('q')), Mode::Picker),
        Some(Action::PickerInput('q'))
    );
    assert_eq!(
        action_for(k(KeyCode::Backspace), Mode::Picker),
        Some(Action::PickerBackspace)
    );
    assert_eq!(
        action_for(k(KeyCode::Up), Mode::Picker),
        Some(Action::PickerUp)
    );
    assert_eq!(
        action_for(k(KeyCode::Down), Mode::Picker),
        Some(Action::PickerDown)
    );
    let ctrl_c = key(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(action_for(ctrl_c, Mode::Picker), Some(Action::Quit));
}

#[test]
fn a_left_click_on_the_contour_sets_the_start_there() {
    let map = Rect::new(10, 5, 20, 10);
    let view = Domain::rect(0.0, 20.0, 0.0, 10.0);
    let click = |kind, column, row| MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    let left = MouseEventKind::Down(MouseButton::Left);
    assert_eq!(
        action_for_mouse(click(left, 10, 14), map, view),
        Some(Action::SetStart(cell_center(view, 20, 10, 0, 9)))
    );
    assert_eq!(action_for_mouse(click(left, 9, 14), map, view), None);
    assert_eq!(action_for_mouse(click(left, 10, 15), map, view), None);
    let right = MouseEventKind::Down(MouseButton::Right);
    assert_eq!(action_for_mouse(click(right, 12, 8), map, view), None);
}

#[test]
fn clicking_restarts_every_racer_from_the_clicked_point() {
    let mut app = app(&[], true);
    screen(&mut app, 80, 24);
    let map = app.map_area();
    let click = MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: map.x,
        row: map.y,
        modifiers: KeyModifiers::NONE,
    };
    let action = action_for_mouse(click, map, app.view()).expect("inside the map");
    app.update(Action::Step);
    app.update(action);
    let Action::SetStart(p) = action else {
        panic!("{action:?}")
    };
    assert_eq!(app.start(), p);
    assert_eq!(app.selected_racer().position(), p);
    assert_eq!(app.selected_racer().sample().step, 0);
}

#[test]
fn three_steps_match_the_headless_run() {
    let mut app = app(&[], true);
    let neuron = by_name("neuron").unwrap();
    let info = neuron.info().clone();
    let sgd = optim::by_name("sgd").unwrap();
    let spec = OptimizerSpec::resolve(sgd, &Overrides::default(), &info.lr).unwrap();
    let expected = trajectory(neuron, spec, info.start, DEFAULT_SEED, 3).unwrap();
    assert_eq!(app.selected_racer().position(), expected[0].position);
    for sample in &expected[1..] {
        press(&mut app, KeyCode::Char('s'));
        assert_eq!(app.selected_racer().sample(), *sample);
    }
}

#[test]
fn running_takes_speed_steps_per_tick() {
    let mut app = app(&[], true);
    app.tick();
    assert_eq!(app.selected_racer().sample().step, 0, "paused: no steps");
    press(&mut app, KeyCode::Char(' '));
    app.tick();
    assert_eq!(app.selected_racer().sample().step, u64::from(DEFAULT_SPEED));
    press(&mut app, KeyCode::Char(' '));
    assert!(!app.running());
}

#[test]
fn speed_doubles_and_halves_within_bounds() {
    let mut app = app(&[], true);
    for _ in 0..20 {
        press(&mut app, KeyCode::Char('>'));
    }
    assert_eq!(app.speed(), MAX_SPEED);
    for _ in 0..20 {
        press(&mut app, KeyCode::Char('<'));
    }
    assert_eq!(app.speed(), 1);
}

#[test]
fn next_optimizer_keeps_the_position() {
    let mut app = app(&[], true);
    for _ in 0..5 {
        press(&mut app, KeyCode::Char('s'));
    }
    let here = app.selected_racer().position();
    press(&mut app, KeyCode::Char('o'));
    assert_eq!(app.selected_racer().name(), "momentum");
    assert_eq!(app.selected_racer().position(), here);
    assert_eq!(
        app.selected_racer().sample().step,
        5,
        "the step count continues"
    );
    press(&mut app, KeyCode::Char('O'));
    assert_eq!(app.selected_racer().name(), "sgd");
    assert_eq!(app.selected_racer().position(), here);
}

#[test]
fn cycling_optimizers_skips_those_that_cannot_work_here() {
    let mut app = app(&["-l", "bowl", "-o", "sfn"], true);
    press(&mut app, KeyCode::Char('o'));
    assert_eq!(
        app.selected_racer().name(),
        "pgd",
        "natgrad needs a model landscape"
    );
    assert!(app.notice().unwrap().contains("natgrad"));
}

#[test]
fn noise_kicks_are_reproducible_with_a_seed() {
    let kicked = |seed: &str| {
        let mut app = app(&["--seed", seed], true);
        let before = app.selected_racer().position();
        press(&mut app, KeyCode::Char('n'));
        let after = app.selected_racer().position();
        assert_ne!(after, before);
        assert!((after - before).norm() < 1.0, "a kick of radius 0.1");
        after
    };
    assert_eq!(kicked("7"), kicked("7"));
    assert_ne!(kicked("7"), kicked("8"));
}

#[test]
fn sigma_and_continuous_noise() {
    let mut app = app(&[], true);
    let sigma = app.sigma();
    press(&mut app, KeyCode::Char('}'));
    assert_eq!(app.sigma(), 2.0 * sigma);
    press(&mut app, KeyCode::Char('{'));
    press(&mut app, KeyCode::Char('{'));
    assert_eq!(app.sigma(), 0.5 * sigma);
    press(&mut app, KeyCode::Char('N'));
    assert!(app.continuous_noise());
    assert!(screen(&mut app, 80, 24).contains("continuous on"));
    let mut quiet = tui_support::app(&[], true);
    press(&mut app, KeyCode::Char('s'));
    press(&mut quiet, KeyCode::Char('s'));
    assert_ne!(
        app.selected_racer().position(),
        quiet.selected_racer().position()
    );
}

#[test]
fn tab_changes_the_landscape_and_back_tab_returns() {
    let mut app = app(&[], true);
    press(&mut app, KeyCode::Tab);
    let info = app.landscape().info();
    assert_eq!(info.name, "overlap");
    assert_eq!(app.view(), info.domain);
    assert_eq!(app.selected_racer().position(), info.start);
    assert!(screen(&mut app, 80, 24).contains(" overlap "));
    press(&mut app, KeyCode::BackTab);
    assert_eq!(app.landscape().info().name, "neuron");
    press(&mut app, KeyCode::BackTab);
    assert_eq!(app.landscape().info().name, "styblinski-tang");
}

#[test]
fn natgrad_is_dropped_on_a_plain_landscape() {
    let mut app = app(&["-o", "natgrad"], true);
    press(&mut app, KeyCode::Char('p'));
    for c in "bowl".chars() {
        app.update(Action::PickerInput(c));
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.landscape().info().name, "bowl");
    assert_eq!(app.selected_racer().name(), "sgd");
    assert!(app.notice().unwrap().contains("natgrad"));
}

#[test]
fn the_picker_filters_and_cancels() {
    let mut app = app(&[], true);
    press(&mut app, KeyCode::Char('p'));
    for c in "xyz".chars() {
        app.update(Action::PickerInput(c));
    }
    assert!(screen(&mut app, 80, 24).contains("no match"));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.landscape().info().name, "neuron");
    press(&mut app, KeyCode::Char('p'));
    press(&mut app, KeyCode::Char('h'));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(app.landscape().info().name, "neuron");
}

#[test]
fn learning_rate_keys_change_the_readout() {
    let mut app = app(&[], true);
    assert!(screen(&mut app, 80, 24).contains("lr=0.05 "));
    press(&mut app, KeyCode::Char(']'));
    assert!(screen(&mut app, 80, 24).contains("lr=0.1 "));
    press(&mut app, KeyCode::Char('['));
    press(&mut app, KeyCode::Char('['));
    assert!(screen(&mut app, 80, 24).contains("lr=0.025 "));
}

#[test]
fn a_diverging_run_stops_keeps_its_marker_and_resets() {
    let mut app = app(&["-l", "rosenbrock"], true);
    let start = app.start();
    for _ in 0..12 {
        press(&mut app, KeyCode::Char(']'));
    }
    press(&mut app, KeyCode::Char(' '));
    for _ in 0..10 {
        app.tick();
    }
    let racer = app.selected_racer();
    let diverged = racer
        .diverged_at()
        .expect("lr 4.096 diverges on rosenbrock");
    assert!(!app.running(), "nothing left to step: paused");
    let marker = racer.position();
    assert!(marker.iter().all(|v| v.is_finite()));
    assert_eq!(racer.sample().step, diverged - 1);
    let text = screen(&mut app, 80, 24);
    assert!(
        text.contains(&format!("sgd diverged at step {diverged}")),
        "{text}"
    );
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(
        app.selected_racer().position(),
        marker,
        "a diverged racer stays put"
    );
    press(&mut app, KeyCode::Char('r'));
    assert_eq!(app.selected_racer().position(), start);
    assert_eq!(app.selected_racer().diverged_at(), None);
    assert_eq!(app.notice(), None);
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(app.selected_racer().sample().step, 1);
}

#[test]
fn race_mode_toggles_selects_and_hides() {
    let mut app = app(&[], true);
    press(&mut app, KeyCode::Char('m'));
    assert!(app.race());
    let names: Vec<&str> = app.racers().iter().map(|r| r.name()).collect();
    assert_eq!(names, ["sgd", "momentum", "adam", "natgrad"]);
    press(&mut app, KeyCode::Char('v'));
    assert_eq!(app.selected(), 1);
    press(&mut app, KeyCode::Char(']'));
    assert_eq!(
        app.racers()[1].spec().hyper.lr,
        0.1,
        "lr keys act on the selected racer"
    );
    assert_eq!(app.racers()[0].spec().hyper.lr, 0.05);
    press(&mut app, KeyCode::Char('3'));
    assert!(!app.racers()[2].visible());
    assert!(screen(&mut app, 80, 24).contains("hidden"));
    press(&mut app, KeyCode::Char('9'));
    press(&mut app, KeyCode::Char('s'));
    assert!(app.racers().iter().all(|r| r.sample().step == 1));
    press(&mut app, KeyCode::Char('m'));
    assert!(!app.race());
    assert_eq!(app.racers().len(), 1);
    assert_eq!(app.selected_racer().name(), "momentum");
}

#[test]
fn view_keys_zoom_pan_and_reset() {
    let mut app = app(&["-l", "bowl"], true);
    let home = app.view();
    press(&mut app, KeyCode::Char('+'));
    assert!(app.view().width() < home.width());
    press(&mut app, KeyCode::Char('l'));
    assert!(app.view().x_min > home.x_min);
    press(&mut app, KeyCode::Char('0'));
    assert_eq!(app.view(), home);
    press(&mut app, KeyCode::Char('-'));
    assert!(app.view().width() > home.width());
}

#[test]
fn help_opens_and_closes_and_quit_quits() {
    let mut app = app(&[], true);
    app.update(action_for(key(KeyCode::Char('?'), KeyModifiers::SHIFT), app.mode()).unwrap());
    assert_eq!(app.mode(), Mode::Help);
    assert!(screen(&mut app, 80, 24).contains(" keys "));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Normal);
    assert!(!app.should_quit());
    press(&mut app, KeyCode::Esc);
    assert!(app.should_quit());
}

#[test]
fn clearing_the_trail_keeps_only_the_marker() {
    let mut app = app(&["-l", "bowl"], true);
    for _ in 0..10 {
        press(&mut app, KeyCode::Char('s'));
    }
    assert!(app.selected_racer().trail().len() > 5);
    press(&mut app, KeyCode::Char('c'));
    let trail: Vec<Point> = app.selected_racer().trail().collect();
    assert_eq!(trail, [app.selected_racer().position()]);
}
