//! The explorer driven without a terminal: the key table, the mouse, and the app's response
//! to actions.

use crate::tui_support::{app, draw, screen};
use plateau::tui::app::{Action, Direction, Mode};
use plateau::tui::app::{App, DEFAULT_SPEED, MAX_SPEED};
use plateau::tui::app::{Editor, Overlay};
use plateau::tui::derive::Derived;
use plateau::tui::input::{MapGeometry, action_for, action_for_click};
use plateau_core::landscape::from_expr;
use plateau_core::optim::{self, OptimizerSpec, Overrides};
use plateau_core::picture::raster::cell_center;
use plateau_core::run::trajectory;
use plateau_core::{Domain, Point};
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Rect;

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
        (Char('0'), none, ResetRegion),
        (Char('r'), none, ResetRun),
        (Char('c'), none, ClearTrail),
        (Char('m'), none, ToggleRace),
        (Char('v'), none, SelectNextRacer),
        (Char('1'), none, ToggleRacer(0)),
        (Char('9'), none, ToggleRacer(8)),
        (Char('?'), shift, ToggleHelp),
        (Char('q'), none, Quit),
        (Esc, none, Dismiss),
        (Char('P'), shift, OpenOptimizerPicker),
        (Char('H'), shift, OpenForm),
        (Char('i'), none, OpenInfo),
        (Char('f'), none, ToggleFlat),
        (Char('a'), none, ToggleArrows),
        (Char('x'), none, ToggleLogSteps),
        (Char('A'), shift, ToggleAutoPause),
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
        KeyCode::Char('Y'),
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
    let view = Domain::rect(0.0, 20.0, 0.0, 10.0);
    let map = MapGeometry {
        area: Rect::new(10, 5, 20, 10),
        region: view,
        tour_pages: 0,
    };
    let click = |kind, column, row| MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    let left = MouseEventKind::Down(MouseButton::Left);
    assert_eq!(
        action_for_click(click(left, 10, 14), &map),
        Some(Action::SetStart(cell_center(view, 20, 10, 0, 9)))
    );
    assert_eq!(action_for_click(click(left, 9, 14), &map), None);
    assert_eq!(action_for_click(click(left, 10, 15), &map), None);
    let right = MouseEventKind::Down(MouseButton::Right);
    assert_eq!(action_for_click(click(right, 12, 8), &map), None);
}

#[test]
fn clicking_restarts_every_racer_from_the_clicked_point() {
    let mut app = app(&[], true);
    let mut view_state = Derived::new();
    draw(&app, &mut view_state, 80, 24);
    let map = view_state.map_geometry(&app);
    let click = MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: map.area.x,
        row: map.area.y,
        modifiers: KeyModifiers::NONE,
    };
    let action = action_for_click(click, &map).expect("inside the map");
    app.update(Action::Step);
    app.update(action);
    let Action::SetStart(p) = action else {
        panic!("{action:?}")
    };
    assert_eq!(app.scene().start, [p.x, p.y]);
    assert_eq!(app.racers().selected().position(), [p.x, p.y]);
    assert_eq!(app.racers().selected().sample().step, 0);
}

#[test]
fn three_steps_match_the_headless_run() {
    // `plateau run` as a user would call it, with the explorer's default configuration.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_plateau"))
        .args(["run", "--steps", "3"])
        .output()
        .expect("the binary runs");
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<Vec<f64>> = csv
        .lines()
        .skip(1)
        .map(|row| row.split(',').skip(1).map(|v| v.parse().unwrap()).collect())
        .collect();
    assert_eq!(rows.len(), 4);
    let mut app = app(&[], true);
    for (k, row) in rows.iter().enumerate() {
        if k > 0 {
            press(&mut app, KeyCode::Char('s'));
        }
        let sample = app.racers().selected().sample();
        let position = app.racers().selected().position();
        let shown = [
            sample.step as f64,
            position[0],
            position[1],
            sample.loss,
            sample.grad_norm,
        ];
        assert_eq!(shown.as_slice(), row.as_slice(), "step {k}");
    }
}

#[test]
fn running_takes_speed_steps_per_tick() {
    let mut app = app(&[], true);
    app.tick();
    assert_eq!(app.racers().selected().sample().step, 0, "paused: no steps");
    press(&mut app, KeyCode::Char(' '));
    app.tick();
    assert_eq!(
        app.racers().selected().sample().step,
        u64::from(DEFAULT_SPEED)
    );
    press(&mut app, KeyCode::Char(' '));
    assert!(!app.controls().running);
}

#[test]
fn speed_doubles_and_halves_within_bounds() {
    let mut app = app(&[], true);
    for _ in 0..20 {
        press(&mut app, KeyCode::Char('>'));
    }
    assert_eq!(app.controls().speed, MAX_SPEED);
    for _ in 0..20 {
        press(&mut app, KeyCode::Char('<'));
    }
    assert_eq!(app.controls().speed, 1);
}

#[test]
fn next_optimizer_keeps_the_position() {
    let mut app = app(&[], true);
    for _ in 0..5 {
        press(&mut app, KeyCode::Char('s'));
    }
    let here = app.racers().selected().position().to_vec();
    press(&mut app, KeyCode::Char('o'));
    assert_eq!(app.racers().selected().name(), "momentum");
    assert_eq!(app.racers().selected().position(), here);
    assert_eq!(
        app.racers().selected().sample().step,
        5,
        "the step count continues"
    );
    press(&mut app, KeyCode::Char('O'));
    assert_eq!(app.racers().selected().name(), "sgd");
    assert_eq!(app.racers().selected().position(), here);
}

#[test]
fn cycling_optimizers_skips_those_that_cannot_work_here() {
    let mut app = app(&["-l", "bowl", "-o", "sfn"], true);
    press(&mut app, KeyCode::Char('o'));
    assert_eq!(
        app.racers().selected().name(),
        "pgd",
        "natgrad needs a model landscape"
    );
    assert!(app.notice().unwrap().contains("natgrad"));
}

#[test]
fn noise_kicks_are_reproducible_with_a_seed() {
    let kicked = |seed: &str| {
        let mut app = app(&["--seed", seed], true);
        let before = Point::from_column_slice(app.racers().selected().position());
        press(&mut app, KeyCode::Char('n'));
        let after = Point::from_column_slice(app.racers().selected().position());
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
    let sigma = app.controls().sigma;
    press(&mut app, KeyCode::Char('}'));
    assert_eq!(app.controls().sigma, 2.0 * sigma);
    press(&mut app, KeyCode::Char('{'));
    press(&mut app, KeyCode::Char('{'));
    assert_eq!(app.controls().sigma, 0.5 * sigma);
    press(&mut app, KeyCode::Char('N'));
    assert!(app.controls().continuous_noise);
    assert!(screen(&app, 80, 24).contains("continuous on"));
    let mut quiet = crate::tui_support::app(&[], true);
    press(&mut app, KeyCode::Char('s'));
    press(&mut quiet, KeyCode::Char('s'));
    assert_ne!(
        app.racers().selected().position(),
        quiet.racers().selected().position()
    );
}

#[test]
fn tab_changes_the_landscape_and_back_tab_returns() {
    let mut app = app(&[], true);
    press(&mut app, KeyCode::Tab);
    let info = app.scene().landscape.info();
    assert_eq!(info.name, "overlap");
    assert_eq!(app.scene().region, info.domain);
    assert_eq!(app.racers().selected().position(), info.start);
    assert!(screen(&app, 80, 24).contains(" overlap "));
    press(&mut app, KeyCode::BackTab);
    assert_eq!(app.scene().landscape.info().name, "neuron");
    press(&mut app, KeyCode::BackTab);
    let last = plateau_core::landscape::names().last().unwrap();
    assert_eq!(app.scene().landscape.info().name, last, "wraps to the last");
}

#[test]
fn natgrad_is_dropped_on_a_plain_landscape() {
    let mut app = app(&["-o", "natgrad"], true);
    press(&mut app, KeyCode::Char('p'));
    for c in "bowl".chars() {
        app.update(Action::PickerInput(c));
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.scene().landscape.info().name, "bowl");
    assert_eq!(app.racers().selected().name(), "sgd");
    assert!(app.notice().unwrap().contains("natgrad"));
}

#[test]
fn the_picker_filters_and_cancels() {
    let mut app = app(&[], true);
    press(&mut app, KeyCode::Char('p'));
    for c in "xyz".chars() {
        app.update(Action::PickerInput(c));
    }
    assert!(screen(&app, 80, 24).contains("no match"));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.scene().landscape.info().name, "neuron");
    press(&mut app, KeyCode::Char('p'));
    press(&mut app, KeyCode::Char('h'));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(app.scene().landscape.info().name, "neuron");
}

#[test]
fn learning_rate_keys_change_the_readout() {
    let mut app = app(&[], true);
    assert!(screen(&app, 80, 24).contains("lr=0.05 "));
    press(&mut app, KeyCode::Char(']'));
    assert!(screen(&app, 80, 24).contains("lr=0.1 "));
    press(&mut app, KeyCode::Char('['));
    press(&mut app, KeyCode::Char('['));
    assert!(screen(&app, 80, 24).contains("lr=0.025 "));
}

#[test]
fn a_diverging_run_stops_keeps_its_marker_and_resets() {
    let mut app = app(&["-l", "rosenbrock"], true);
    let start = app.scene().start.clone();
    for _ in 0..12 {
        press(&mut app, KeyCode::Char(']'));
    }
    press(&mut app, KeyCode::Char(' '));
    for _ in 0..10 {
        app.tick();
    }
    let racer = app.racers().selected();
    let diverged = racer
        .diverged_at()
        .expect("lr 4.096 diverges on rosenbrock");
    assert!(!app.controls().running, "nothing left to step: paused");
    let marker = racer.position().to_vec();
    assert!(marker.iter().all(|v| v.is_finite()));
    assert_eq!(racer.sample().step, diverged - 1);
    let text = screen(&app, 80, 24);
    assert!(
        text.contains(&format!("sgd diverged at step {diverged}")),
        "{text}"
    );
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(
        app.racers().selected().position(),
        marker,
        "a diverged racer stays put"
    );
    press(&mut app, KeyCode::Char('r'));
    assert_eq!(app.racers().selected().position(), start);
    assert_eq!(app.racers().selected().diverged_at(), None);
    assert_eq!(app.notice(), None);
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(app.racers().selected().sample().step, 1);
}

#[test]
fn a_smaller_learning_rate_revives_a_diverged_racer_without_repeating_steps() {
    let mut app = app(&["-l", "rosenbrock"], true);
    for _ in 0..12 {
        press(&mut app, KeyCode::Char(']'));
    }
    press(&mut app, KeyCode::Char(' '));
    for _ in 0..10 {
        app.tick();
    }
    let diverged = app.racers().selected().diverged_at().expect("diverged");
    let marker = app.racers().selected().position().to_vec();
    for _ in 0..14 {
        press(&mut app, KeyCode::Char('['));
    }
    assert_eq!(app.notice(), None, "the divergence notice is gone");
    assert_eq!(app.racers().selected().diverged_at(), None);
    assert_eq!(
        app.racers().selected().position(),
        marker,
        "from the last finite point"
    );
    press(&mut app, KeyCode::Char('s'));
    // So far out even a small step may diverge again; either way it is step k + 1.
    let racer = app.racers().selected();
    let step = racer.diverged_at().unwrap_or(racer.sample().step);
    assert_eq!(
        step,
        diverged + 1,
        "numbering goes on after the diverged step"
    );
}

#[test]
fn race_mode_toggles_selects_and_hides() {
    let mut app = app(&[], true);
    press(&mut app, KeyCode::Char('m'));
    assert!(app.racers().race());
    let names: Vec<&str> = app.racers().all().iter().map(|r| r.name()).collect();
    assert_eq!(names, ["sgd", "momentum", "adam", "natgrad"]);
    press(&mut app, KeyCode::Char('v'));
    assert_eq!(app.racers().selected_index(), 1);
    press(&mut app, KeyCode::Char(']'));
    assert_eq!(
        app.racers().all()[1].spec().hyper.lr,
        0.1,
        "lr keys act on the selected racer"
    );
    assert_eq!(app.racers().all()[0].spec().hyper.lr, 0.05);
    press(&mut app, KeyCode::Char('3'));
    assert!(!app.racers().all()[2].visible());
    assert!(screen(&app, 80, 24).contains("hidden"));
    press(&mut app, KeyCode::Char('9'));
    press(&mut app, KeyCode::Char('s'));
    assert!(app.racers().all().iter().all(|r| r.sample().step == 1));
    press(&mut app, KeyCode::Char('m'));
    assert!(!app.racers().race());
    assert_eq!(app.racers().all().len(), 1);
    assert_eq!(app.racers().selected().name(), "momentum");
}

#[test]
fn view_keys_zoom_pan_and_reset() {
    let mut app = app(&["-l", "bowl"], true);
    let home = app.scene().region;
    press(&mut app, KeyCode::Char('+'));
    assert!(app.scene().region.width() < home.width());
    press(&mut app, KeyCode::Char('l'));
    assert!(app.scene().region.x_min > home.x_min);
    press(&mut app, KeyCode::Char('0'));
    assert_eq!(app.scene().region, home);
    press(&mut app, KeyCode::Char('-'));
    assert!(app.scene().region.width() > home.width());
}

#[test]
fn help_opens_and_closes_and_quit_quits() {
    let mut app = app(&[], true);
    app.update(action_for(key(KeyCode::Char('?'), KeyModifiers::SHIFT), app.mode()).unwrap());
    assert_eq!(app.mode(), Mode::Help);
    assert!(screen(&app, 80, 24).contains(" keys "));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Normal);
    assert!(!app.should_quit());
    press(&mut app, KeyCode::Esc);
    assert!(
        !app.should_quit(),
        "one Esc too many does not end the session"
    );
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit());
}

#[test]
fn clearing_the_trail_keeps_only_the_marker() {
    let mut app = app(&["-l", "bowl"], true);
    for _ in 0..10 {
        press(&mut app, KeyCode::Char('s'));
    }
    assert!(app.racers().selected().trail().len() > 5);
    press(&mut app, KeyCode::Char('c'));
    let trail: Vec<&[f64]> = app.racers().selected().trail().collect();
    assert_eq!(trail, [app.racers().selected().position()]);
}

/// Types `text` through the key table, one key per character.
fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// Presses Ctrl and `c` through the key table.
fn press_ctrl(app: &mut App, c: char) {
    let action = action_for(key(KeyCode::Char(c), KeyModifiers::CONTROL), app.mode());
    app.update(action.expect("bound key"));
}

/// The formula editor of `app`, which must be open.
fn editor(app: &App) -> &Editor {
    match app.overlay() {
        Overlay::Editor(editor) => editor,
        other => panic!("the editor is not open: {other:?}"),
    }
}

/// Opens the editor on `app`, clears it and applies `formula`.
fn apply_formula(app: &mut App, formula: &str) {
    press(app, KeyCode::Char('e'));
    press_ctrl(app, 'u');
    press(app, KeyCode::End);
    while !editor(app).chars().is_empty() {
        press(app, KeyCode::Backspace);
    }
    type_text(app, formula);
    press(app, KeyCode::Enter);
}

#[test]
fn the_editor_has_its_own_keys() {
    use Action::*;
    use KeyCode::{Backspace, Char, Delete, End, Enter, Esc, Home, Left, Right};
    let none = KeyModifiers::NONE;
    let ctrl = KeyModifiers::CONTROL;
    assert_eq!(
        action_for(key(Char('e'), none), Mode::Normal),
        Some(OpenEditor)
    );
    let table = [
        (Char('x'), none, EditInsert('x')),
        (Char('^'), KeyModifiers::SHIFT, EditInsert('^')),
        (Char('*'), KeyModifiers::SHIFT, EditInsert('*')),
        (Char(' '), none, EditInsert(' ')),
        (Char('q'), none, EditInsert('q')),
        (Char('e'), none, EditInsert('e')),
        (Char('é'), none, EditInsert('é')),
        (Backspace, none, EditBackspace),
        (Delete, none, EditDelete),
        (Left, none, EditLeft),
        (Right, none, EditRight),
        (Home, none, EditHome),
        (End, none, EditEnd),
        (Char('a'), ctrl, EditHome),
        (Char('e'), ctrl, EditEnd),
        (Char('u'), ctrl, EditDeleteToStart),
        (Enter, none, EditApply),
        (Esc, none, CloseOverlay),
        (Char('c'), ctrl, Quit),
    ];
    for (code, modifiers, action) in table {
        assert_eq!(
            action_for(key(code, modifiers), Mode::Edit),
            Some(action),
            "{code:?} {modifiers:?}"
        );
    }
    for (code, modifiers) in [
        (KeyCode::Tab, none),
        (KeyCode::Up, none),
        (KeyCode::Down, none),
        (Char('x'), ctrl),
        (Char('x'), KeyModifiers::ALT),
    ] {
        assert_eq!(
            action_for(key(code, modifiers), Mode::Edit),
            None,
            "{code:?} {modifiers:?}"
        );
    }
    assert_eq!(action_for(key(Char('a'), ctrl), Mode::Normal), None);
    assert_eq!(action_for(key(Char('e'), none), Mode::Help), None);
}

#[test]
fn e_opens_the_editor_on_the_built_in_formula() {
    let mut app = app(&["-l", "bowl"], true);
    press(&mut app, KeyCode::Char('e'));
    assert_eq!(app.mode(), Mode::Edit);
    assert_eq!(editor(&app).text(), "x^2 + y^2");
    assert_eq!(editor(&app).cursor(), 9, "the cursor is at the end");
    press(&mut app, KeyCode::Char('?'));
    assert_eq!(editor(&app).text(), "x^2 + y^2?", "no help while editing");
    for name in plateau_core::landscape::names() {
        let mut app = crate::tui_support::app(&["-l", name], true);
        press(&mut app, KeyCode::Char('e'));
        if app.scene().landscape.info().dim() > 2 {
            assert_eq!(app.mode(), Mode::Normal, "{name} has no formula in x and y");
            assert!(app.notice().is_some_and(|n| n.contains("no formula")));
            continue;
        }
        assert_eq!(
            editor(&app).text(),
            app.scene().landscape.info().formula,
            "{name}"
        );
        screen(&app, 80, 24);
    }
}

#[test]
fn a_typed_formula_becomes_the_landscape_in_the_same_view() {
    let mut app = app(&["-l", "bowl"], true);
    press(&mut app, KeyCode::Char('+'));
    press(&mut app, KeyCode::Char('l'));
    let view = app.scene().region;
    let formula = "x^2 - y^2 + sin(x*y)";
    apply_formula(&mut app, formula);
    assert_eq!(app.mode(), Mode::Normal);
    let info = app.scene().landscape.info();
    assert_eq!(info.name, "expr");
    assert_eq!(info.formula, formula);
    assert_eq!(app.scene().region, view, "the view is kept");
    assert_eq!(info.domain, view, "0 comes back to this view");
    for p in [Point::new(0.3, -1.2), Point::new(-2.0, 0.7), view.center()] {
        let expected = p.x * p.x - p.y * p.y + (p.x * p.y).sin();
        assert!(
            (app.scene().landscape.value(&[p.x, p.y]) - expected).abs() < 1e-12,
            "{p:?}"
        );
    }
    assert_eq!(app.scene().start, info.start);
    assert_eq!(app.racers().selected().position(), info.start);
    assert_eq!(app.racers().selected().sample().step, 0);
    assert_eq!(app.racers().selected().trail().count(), 1, "a fresh trail");
    let text = screen(&app, 80, 24);
    assert!(text.contains(" expr x^2 - y^2 + sin(x*y) "), "{text}");
    press(&mut app, KeyCode::Char('e'));
    assert_eq!(editor(&app).text(), formula, "e edits the formula in use");
}

#[test]
fn an_invalid_formula_shows_the_error_and_keeps_the_landscape() {
    let mut app = app(&["-l", "bowl"], true);
    apply_formula(&mut app, "x^2 +* y");
    assert_eq!(app.mode(), Mode::Edit, "the editor stays open");
    assert_eq!(app.scene().landscape.info().name, "bowl");
    let error = editor(&app).error().expect("an error").clone();
    assert_eq!((error.column, error.width), (6, 1));
    assert_eq!(
        error.message,
        "expected a number, x, y, a function or '(' after '+', found '*'"
    );
    assert_eq!(editor(&app).cursor(), 5, "the cursor moves to the problem");
    let text = screen(&app, 80, 24);
    let lines: Vec<&str> = text.lines().collect();
    let row = lines
        .iter()
        .position(|l| l.contains("x^2 +* y"))
        .unwrap_or_else(|| panic!("no input line\n{text}"));
    let star = lines[row].chars().position(|c| c == '*').unwrap();
    let caret = lines[row + 1].chars().position(|c| c == '^').unwrap();
    assert_eq!(caret, star, "the caret is under the '*'\n{text}");
    assert!(lines[row + 2].contains("expected a number"), "{text}");
    press(&mut app, KeyCode::Delete);
    assert!(editor(&app).error().is_none(), "editing clears the error");
    assert_eq!(editor(&app).text(), "x^2 + y");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(app.scene().landscape.info().formula, "x^2 + y");
}

#[test]
fn empty_unknown_and_odd_formulas_are_errors_not_panics() {
    let mut app = app(&["-l", "bowl"], true);
    apply_formula(&mut app, "");
    assert_eq!(
        editor(&app).error().unwrap().message,
        "the formula is empty"
    );
    screen(&app, 80, 24);
    for bad in [
        "x + z",
        "foo(x)",
        "x²",
        "日本語 + 🙂",
        "e\u{301}",
        "((((x",
        "x +",
    ] {
        apply_formula(&mut app, bad);
        assert_eq!(app.mode(), Mode::Edit, "{bad}");
        assert!(editor(&app).error().is_some(), "{bad}");
        assert_eq!(app.scene().landscape.info().name, "bowl");
        screen(&app, 80, 24);
        screen(&app, 60, 16);
        screen(&app, 30, 10);
    }
    let long = format!("{}*", "x+".repeat(400));
    apply_formula(&mut app, &long);
    let error = editor(&app).error().expect("ends in '*'").clone();
    assert_eq!(editor(&app).cursor(), error.column - 1);
    let text = screen(&app, 80, 24);
    assert!(text.contains("after '+', found '*'"), "{text}");
    let mut ascii = crate::tui_support::app(&["--ascii", "-l", "bowl"], true);
    apply_formula(&mut ascii, "日本 é x");
    assert!(screen(&ascii, 80, 24).is_ascii());
    let mut ascii = crate::tui_support::app(&["--ascii"], true);
    press(&mut ascii, KeyCode::Char('e'));
    let text = screen(&ascii, 80, 24);
    assert!(text.is_ascii());
    assert!(text.contains("|<"), "more text to the left\n{text}");
    press(&mut ascii, KeyCode::Home);
    let text = screen(&ascii, 80, 24);
    assert!(text.contains(">|"), "more text to the right\n{text}");
}

#[test]
fn a_formula_from_the_command_line_is_edited_on_one_line() {
    let mut app = app(&["--expr", "x^2\n+\ty^2"], true);
    press(&mut app, KeyCode::Char('e'));
    assert_eq!(editor(&app).text(), "x^2\n+\ty^2");
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("│ x^2 + y^2 "),
        "tabs and newlines drawn as spaces\n{text}"
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(app.scene().landscape.info().formula, "x^2\n+\ty^2");
}

#[test]
fn esc_cancels_the_editor_and_enter_on_the_same_text_changes_nothing() {
    let mut app = app(&["-l", "bowl"], true);
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Char('e'));
    type_text(&mut app, " + q");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Normal);
    assert!(!app.should_quit(), "Esc closes the editor first");
    assert_eq!(app.scene().landscape.info().name, "bowl");
    assert_eq!(app.racers().selected().sample().step, 1, "the run goes on");
    press(&mut app, KeyCode::Char('e'));
    assert_eq!(editor(&app).text(), "x^2 + y^2", "a fresh editor");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(app.scene().landscape.info().name, "bowl");
    assert_eq!(app.racers().selected().sample().step, 1);
    press(&mut app, KeyCode::Char('e'));
    press_ctrl(&mut app, 'c');
    assert!(app.should_quit(), "Ctrl-C quits from the editor");
}

#[test]
fn the_cursor_moves_and_the_line_scrolls_to_keep_it_visible() {
    let mut app = app(&[], true);
    let mut view_state = Derived::new();
    draw(&app, &mut view_state, 80, 24);
    press(&mut app, KeyCode::Char('e'));
    let formula = app.scene().landscape.info().formula.clone();
    let n = formula.chars().count();
    assert!(n > 200, "neuron's formula is long");
    let text = draw(&app, &mut view_state, 80, 24);
    assert!(view_state.editor_first() > 0, "scrolled to show the end");
    let tail: String = formula.chars().skip(n - 20).collect();
    assert!(text.contains(&tail), "{text}");
    press(&mut app, KeyCode::Home);
    let text = draw(&app, &mut view_state, 80, 24);
    assert_eq!((editor(&app).cursor(), view_state.editor_first()), (0, 0));
    let head: String = formula.chars().take(20).collect();
    assert!(text.contains(&head));
    press(&mut app, KeyCode::Left);
    assert_eq!(editor(&app).cursor(), 0);
    for _ in 0..100 {
        press(&mut app, KeyCode::Right);
        draw(&app, &mut view_state, 80, 24);
    }
    let scroll = view_state.editor_first();
    assert!(scroll > 0 && scroll <= 100);
    press(&mut app, KeyCode::Left);
    draw(&app, &mut view_state, 80, 24);
    assert_eq!(
        view_state.editor_first(),
        scroll,
        "no scrolling inside the window"
    );
    press_ctrl(&mut app, 'e');
    assert_eq!(editor(&app).cursor(), n);
    press_ctrl(&mut app, 'a');
    assert_eq!(editor(&app).cursor(), 0);
    press(&mut app, KeyCode::Delete);
    press(&mut app, KeyCode::Backspace);
    assert_eq!(editor(&app).chars().len(), n - 1);
    type_text(&mut app, "ab");
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Backspace);
    assert!(editor(&app).text().starts_with('b'));
    press(&mut app, KeyCode::Right);
    press_ctrl(&mut app, 'u');
    assert_eq!(editor(&app).cursor(), 0);
    assert_eq!(editor(&app).chars().len(), n - 1);
    screen(&app, 200, 50);
    screen(&app, 60, 16);
}

#[test]
fn a_run_on_a_typed_formula_steps_like_the_headless_run() {
    let mut app = app(&["-o", "adam", "--seed", "3"], true);
    apply_formula(&mut app, "(1-x)^2 + 10*(y-x^2)^2");
    let view = app.scene().region;
    let typed = from_expr("(1-x)^2 + 10*(y-x^2)^2", view).unwrap();
    let info = typed.info().clone();
    let adam = optim::by_name("adam").unwrap();
    let spec = OptimizerSpec::resolve(adam, &Overrides::default(), &info.lr).unwrap();
    assert_eq!(app.racers().selected().spec().hyper.lr, spec.hyper.lr);
    let expected = trajectory(typed, spec, &info.start, 3, 5).unwrap();
    assert_eq!(app.racers().selected().sample(), expected[0].sample);
    for row in &expected[1..] {
        press(&mut app, KeyCode::Char('s'));
        assert_eq!(app.racers().selected().sample(), row.sample);
        assert_eq!(app.racers().selected().position(), row.params);
    }
}

#[test]
fn a_formula_drops_natgrad_and_tab_leaves_it_for_the_registry() {
    let mut app = app(&["-o", "natgrad", "-o", "adam"], true);
    apply_formula(&mut app, "x^2 + 2*y^2");
    let names: Vec<&str> = app.racers().all().iter().map(|r| r.name()).collect();
    assert_eq!(names, ["adam"]);
    assert!(app.notice().unwrap().contains("natgrad"));
    let registry: Vec<&str> = plateau_core::landscape::names().collect();
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.scene().landscape.info().name, registry[0]);
    apply_formula(&mut app, "x^2 + 2*y^2");
    press(&mut app, KeyCode::BackTab);
    assert_eq!(app.scene().landscape.info().name, *registry.last().unwrap());
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.scene().landscape.info().name, registry[0]);
}

#[test]
fn overlays_exclude_each_other() {
    let mut app = app(&[], true);
    press(&mut app, KeyCode::Char('p'));
    press(&mut app, KeyCode::Char('e'));
    assert_eq!(app.mode(), Mode::Picker, "e types into the picker's filter");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('?'));
    assert_eq!(
        action_for(key(KeyCode::Char('e'), KeyModifiers::NONE), app.mode()),
        None
    );
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('e'));
    press(&mut app, KeyCode::Char('p'));
    assert_eq!(app.mode(), Mode::Edit);
    assert!(editor(&app).text().ends_with('p'));
}

/// The map paints marks in priority order: where several fall into one cell, the current
/// position beats the start, which beats critical points and the trail (what the removed
/// `MarkGrid` test checked for `plateau render`, now that render draws the same widget).
#[test]
fn the_highest_priority_mark_wins_a_shared_cell() {
    // bowl from its minimum: start, minimum and current position share one cell. In colour
    // the shading is background, so the only glyphs in the map's cells are marks.
    let app = app(&["-l", "bowl", "--start", "0,0"], true);
    let text = screen(&app, 80, 24);
    let map_rows: Vec<String> = (text.lines().skip(2).take(19))
        .map(|l| l.chars().skip(4).take(45).collect())
        .collect();
    let count = |c: char| map_rows.iter().map(|l| l.matches(c).count()).sum::<usize>();
    assert_eq!(count('@'), 1, "{text}");
    assert_eq!(count('S'), 0, "the start is under the marker:\n{text}");
    assert_eq!(
        count('*'),
        0,
        "the minimum is under the start and marker:\n{text}"
    );
}

#[test]
fn a_paste_is_typed_whole_into_the_open_text_field_or_refused() {
    let mut app = app(&["-l", "bowl"], true);
    app.paste("x^2");
    assert!(
        app.notice()
            .unwrap()
            .starts_with("paste ignored: no text field is open")
    );
    assert_eq!(app.mode(), Mode::Normal);

    press(&mut app, KeyCode::Char('e'));
    press_ctrl(&mut app, 'u');
    app.paste("(x-1)^2 +\r\n\t(y+2)^2\n");
    assert_eq!(editor(&app).text(), "(x-1)^2 +   (y+2)^2");
    assert_eq!(editor(&app).cursor(), editor(&app).chars().len());
    // Control characters from the clipboard never reach the formula.
    press(&mut app, KeyCode::Home);
    app.paste("\x1b[2J\0 0*");
    assert_eq!(editor(&app).text(), "[2J 0*(x-1)^2 +   (y+2)^2");
    assert_eq!(editor(&app).cursor(), 6);
    press_ctrl(&mut app, 'u');
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.scene().landscape.info().formula, "(x-1)^2 +   (y+2)^2");

    // Too long for a formula: refused, the editor keeps its text.
    press(&mut app, KeyCode::Char('e'));
    let before = editor(&app).text();
    app.paste(&"x+".repeat(600));
    assert!(
        app.notice()
            .unwrap()
            .starts_with("paste refused: 1,200 characters would make the formula 1,219 long"),
        "{:?}",
        app.notice()
    );
    assert_eq!(editor(&app).text(), before);
    press(&mut app, KeyCode::Esc);

    press(&mut app, KeyCode::Char('p'));
    app.paste("sadd");
    let Overlay::Picker(picker) = app.overlay() else {
        panic!("the picker is open")
    };
    assert_eq!(picker.filter(), "sadd");
    assert_eq!(picker.chosen(), Some("saddle"));
    app.paste(&"a".repeat(100));
    assert!(
        app.notice().unwrap().contains("the filter"),
        "{:?}",
        app.notice()
    );
    screen(&app, 80, 24);
}

#[test]
fn a_pasted_hyperparameter_is_not_cut_to_the_pickers_filter_length() {
    let mut app = app(&["-l", "bowl"], true);
    press(&mut app, KeyCode::Char('H'));
    press(&mut app, KeyCode::Enter);
    press_ctrl(&mut app, 'u');
    // 0.05 written out exactly, and then some: 72 characters, longer than a filter may be.
    let exact = format!(
        "{}{}",
        "0.05000000000000000277555756156289135105907917022705078125",
        "0".repeat(14)
    );
    assert!(exact.len() > plateau::tui::app::MAX_FILTER);
    app.paste(&exact);
    assert_eq!(app.notice(), None, "the paste is taken");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.racers().selected().spec().hyper.lr, 0.05);
}

#[test]
fn zero_resets_zoom_and_pan_to_the_region_the_info_panel_names() {
    let mut app = app(&["-l", "quartic"], false);
    let region = app.scene().landscape.info().domain;
    app.update(Action::ZoomIn);
    app.update(Action::Pan(Direction::Left));
    assert_ne!(app.scene().region, region, "zoomed and panned");
    app.update(Action::ResetRegion);
    assert_eq!(app.scene().region, region);
    app.update(Action::OpenInfo);
    let short = |v: f64| plateau_core::text::format::short(v, 4);
    let named = format!(
        "region [{}, {}] x [{}, {}]",
        short(region.x_min),
        short(region.x_max),
        short(region.y_min),
        short(region.y_max)
    );
    assert!(screen(&app, 120, 36).contains(&named), "{named}");
}

/// A writer that counts the bytes it is given (shared, so it can be read while a terminal
/// owns it).
#[derive(Clone, Default)]
struct Counted(std::rc::Rc<std::cell::Cell<usize>>);

impl std::io::Write for Counted {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.set(self.0.get() + buf.len());
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_redraw_with_nothing_changed_writes_nothing_and_a_change_writes_again() {
    use plateau::tui::ui::{self, Repaint};
    use ratatui::backend::CrosstermBackend;
    use ratatui::{Terminal, TerminalOptions, Viewport};
    let mut app = app(&["-l", "neuron", "-o", "sgd"], true);
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, 120, 40)),
    };
    let count = Counted::default();
    let backend = CrosstermBackend::new(count.clone());
    let mut terminal = Terminal::with_options(backend, options).expect("terminal");
    let mut derived = Derived::new();
    let mut repaint = Repaint::default();
    let mut written = |app: &App| {
        derived.update(app, Rect::new(0, 0, 120, 40), ui::column_rows);
        let before = count.0.get();
        ui::draw_on(&mut terminal, app, &derived, &mut repaint).expect("drawn");
        count.0.get() - before
    };
    assert!(written(&app) > 10_000, "the first frame whole");
    assert_eq!(written(&app), 0, "nothing changed");
    app.update(Action::Step);
    assert!(written(&app) > 0, "a step moves the marker");
    assert_eq!(written(&app), 0);
}
