//! The explorer's interaction, through its keys: race keys outside race mode, Esc, the
//! hyperparameters an optimizer keeps while cycling, the hyperparameter form, the optimizer
//! picker, symmetric speeds, auto-pause, the info overlay, and what the map shows (markers
//! out of view, racers sharing a cell, honest curvature labels, short numbers).

use crate::tui_support::{app, screen};
use plateau::tui::app::{Action, Mode};
use plateau::tui::app::{App, MAX_SPEED, Overlay};
use plateau::tui::input::action_for;
use plateau_core::optim::Value;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Presses `code` through the keymap (which must bind it in the current mode).
fn press(app: &mut App, code: KeyCode) {
    let key = KeyEvent::new(code, KeyModifiers::NONE);
    let action = action_for(key, app.mode()).unwrap_or_else(|| panic!("{code:?} unbound"));
    app.update(action);
}

/// Types `text`, one key per character.
fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

#[test]
fn racer_keys_outside_race_mode_say_so_and_hide_nothing() {
    let mut app = app(&[], true);
    press(&mut app, KeyCode::Char('1'));
    assert!(
        app.racers().selected().visible(),
        "the only racer stays visible"
    );
    assert_eq!(app.notice(), Some("race mode is off: m starts a race"));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.notice(), None, "Esc dismisses the notice");
    assert!(!app.should_quit());
    press(&mut app, KeyCode::Char('m'));
    press(&mut app, KeyCode::Char('9'));
    assert!(
        app.notice()
            .is_some_and(|n| n.contains("there are 4 racers"))
    );
    press(&mut app, KeyCode::Char('2'));
    assert!(!app.racers().all()[1].visible());
}

#[test]
fn hyperparameters_stay_with_their_optimizer_while_cycling() {
    let mut app = app(&["-o", "momentum", "--momentum", "0.5"], true);
    assert_eq!(
        app.racers().selected().spec().hyper.get("momentum"),
        Some(Value::Float(0.5))
    );
    press(&mut app, KeyCode::Char(']'));
    let lr = app.racers().selected().spec().hyper.lr;
    assert_eq!(lr, 0.1);
    press(&mut app, KeyCode::Char('o'));
    assert_eq!(app.racers().selected().name(), "nesterov");
    assert_eq!(
        app.racers().selected().spec().hyper.get("momentum"),
        Some(Value::Float(0.5)),
        "the command line's --momentum applies to nesterov too"
    );
    assert_eq!(
        app.racers().selected().spec().hyper.lr,
        0.05,
        "nesterov's own lr"
    );
    press(&mut app, KeyCode::Char('O'));
    assert_eq!(app.racers().selected().name(), "momentum");
    assert_eq!(
        app.racers().selected().spec().hyper.lr,
        lr,
        "momentum's lr is kept"
    );
}

#[test]
fn the_form_edits_the_schedule_as_a_spec_and_shows_why_one_is_refused() {
    let mut app = app(
        &[
            "-o",
            "sgd",
            "--lr",
            "0.05",
            "--schedule",
            "StepLR(step_size=50)",
        ],
        true,
    );
    let schedule = |app: &App| {
        let spec = app.racers().selected().spec();
        spec.schedule.as_ref().map(ToString::to_string)
    };
    app.update(Action::OpenForm);
    let text = screen(&app, 100, 30);
    assert!(text.contains("StepLR(step_size=50)"), "{text}");
    // The schedule is the last row: Up wraps to it.
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Edit);
    app.update(Action::EditDeleteToStart);
    app.update(Action::EditEnd);
    for _ in 0..40 {
        app.update(Action::EditBackspace);
    }
    type_text(&mut app, "StepLR(step_size=5, gama=0.5)");
    press(&mut app, KeyCode::Enter);
    let Overlay::Form(form) = app.overlay() else {
        panic!("the form stays open")
    };
    let error = form.error().unwrap_or_default().to_owned();
    assert!(
        error.starts_with("column 21:") && error.contains("no argument 'gama'"),
        "{error}"
    );
    let text = screen(&app, 100, 30);
    assert!(
        text.contains("no argument 'gama'"),
        "shown under the input: {text}"
    );
    assert_eq!(
        schedule(&app).as_deref(),
        Some("StepLR(step_size=50)"),
        "a refused SPEC changes nothing"
    );
    // A SPEC the core parser reads becomes the racer's schedule, with its arguments.
    for _ in 0..40 {
        app.update(Action::EditBackspace);
    }
    type_text(
        &mut app,
        "ReduceLROnPlateau(factor=0.5, patience=10, min_lr=1e-6)",
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Form, "back to the table");
    assert_eq!(
        schedule(&app).as_deref(),
        Some("ReduceLROnPlateau(factor=0.5, patience=10, min_lr=1e-6)")
    );
    assert_eq!(app.racers().selected().spec().hyper.lr, 0.05, "lr kept");
    // `none` takes it away.
    press(&mut app, KeyCode::Enter);
    app.update(Action::EditDeleteToStart);
    app.update(Action::EditEnd);
    for _ in 0..80 {
        app.update(Action::EditBackspace);
    }
    type_text(&mut app, "none");
    press(&mut app, KeyCode::Enter);
    assert_eq!(schedule(&app), None);
}

#[test]
fn the_form_edits_any_hyperparameter_and_refuses_bad_values() {
    let mut app = app(&["-o", "adam"], true);
    app.update(Action::OpenForm);
    assert_eq!(app.mode(), Mode::Form);
    let text = screen(&app, 100, 30);
    assert!(text.contains("hyperparameters of adam"), "{text}");
    assert!(text.contains("betas") && text.contains("amsgrad"), "{text}");
    // betas is the second row after lr.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Edit);
    app.update(Action::EditDeleteToStart);
    app.update(Action::EditEnd);
    for _ in 0..20 {
        app.update(Action::EditBackspace);
    }
    type_text(&mut app, "0.5,2");
    press(&mut app, KeyCode::Enter);
    let Overlay::Form(form) = app.overlay() else {
        panic!("the form stays open")
    };
    assert!(
        form.error().is_some_and(|e| e.contains("betas must be")),
        "{:?}",
        form.error()
    );
    assert_eq!(
        app.racers().selected().spec().hyper.get("betas"),
        Some(Value::Pair(0.9, 0.999)),
        "a refused value changes nothing"
    );
    for _ in 0..10 {
        app.update(Action::EditBackspace);
    }
    type_text(&mut app, "0.5,0.9");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.racers().selected().spec().hyper.get("betas"),
        Some(Value::Pair(0.5, 0.9))
    );
    assert_eq!(app.mode(), Mode::Form, "back to the table");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Normal);
    // Cycling away and back keeps the edited betas.
    press(&mut app, KeyCode::Char('o'));
    press(&mut app, KeyCode::Char('O'));
    assert_eq!(
        app.racers().selected().spec().hyper.get("betas"),
        Some(Value::Pair(0.5, 0.9))
    );
}

#[test]
fn the_optimizer_picker_lists_what_works_here() {
    let mut app = app(&["-l", "rosenbrock"], true);
    app.update(Action::OpenOptimizerPicker);
    let text = screen(&app, 100, 40);
    assert!(text.contains(" optimizer "), "{text}");
    assert!(
        !text.contains("natgrad"),
        "natgrad cannot work on a plain function"
    );
    type_text(&mut app, "ada");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.racers().selected().name(), "adadelta");
}

#[test]
fn speeds_go_up_and_down_the_same_way() {
    let mut app = app(&[], true);
    let mut up = vec![app.controls().speed];
    while app.controls().speed < MAX_SPEED {
        press(&mut app, KeyCode::Char('>'));
        up.push(app.controls().speed);
    }
    press(&mut app, KeyCode::Char('>'));
    assert_eq!(app.controls().speed, MAX_SPEED);
    let mut down = vec![app.controls().speed];
    for _ in 1..up.len() {
        press(&mut app, KeyCode::Char('<'));
        down.push(app.controls().speed);
    }
    down.reverse();
    assert_eq!(up, down, "< retraces >");
}

#[test]
fn auto_pause_stops_when_every_racer_has_converged() {
    let mut app = app(&["-l", "bowl", "-o", "newton"], true);
    press(&mut app, KeyCode::Char('A'));
    press(&mut app, KeyCode::Char(' '));
    app.tick();
    assert!(
        !app.controls().running,
        "newton lands on the bowl's minimum at once"
    );
    assert!(app.notice().is_some_and(|n| n.contains("converged")));
}

#[test]
fn the_info_overlay_shows_the_whole_description() {
    let mut app = app(&[], true);
    let description = app.scene().landscape.info().description.clone();
    assert!(
        !screen(&app, 80, 24).contains(&description),
        "too long for the title at 80 columns"
    );
    assert!(
        screen(&app, 80, 24).contains("… i"),
        "the title says where the rest is"
    );
    press(&mut app, KeyCode::Char('i'));
    let text = screen(&app, 80, 24);
    for word in ["saturates", "2 parameters: v, w", "minimum at", "saddle at"] {
        assert!(text.contains(word), "{word} missing:\n{text}");
    }
    press(&mut app, KeyCode::Char('i'));
    assert_eq!(app.mode(), Mode::Normal);
}

#[test]
fn a_marker_out_of_view_is_an_arrow_at_the_edge() {
    let mut app = app(&["-l", "bowl", "--start", "2,2.9"], true);
    for _ in 0..12 {
        app.update(Action::ZoomIn);
    }
    let text = screen(&app, 80, 24);
    let map: Vec<&str> = text.lines().skip(1).take(19).collect();
    assert!(
        map.iter().all(|l| !l.contains('@')),
        "the marker is out of view"
    );
    assert!(
        map.iter().any(|l| l.contains('↗')),
        "an arrow points to it:\n{text}"
    );
}

#[test]
fn racers_on_one_cell_are_all_drawn() {
    let mut app = app(
        &["-l", "bowl", "-o", "newton", "-o", "sfn", "-o", "adam"],
        true,
    );
    for _ in 0..3000 {
        app.update(Action::Step);
    }
    let text = screen(&app, 80, 24);
    // All three at the minimum: their numbers side by side in one map row.
    let map_cells = |l: &str| l.chars().skip(4).take(45).collect::<String>();
    assert!(
        (text.lines().skip(2).take(19)).any(|l| {
            let cells = map_cells(l);
            ['1', '2', '3'].iter().all(|d| cells.contains(*d))
        }),
        "{text}"
    );
}

#[test]
fn the_curvature_label_names_a_kind_only_at_a_critical_point() {
    let bowl = app(&["-l", "bowl"], true);
    let text = screen(&bowl, 100, 30);
    assert!(text.contains("convex here"), "{text}");
    assert!(!text.contains("minimum"), "{text}");
    let mut at_minimum = app(&["-l", "bowl", "-o", "newton"], true);
    at_minimum.update(Action::Step);
    assert!(screen(&at_minimum, 100, 30).contains("minimum"));
    let neuron = app(&[], true);
    assert!(screen(&neuron, 120, 40).contains("flat direction"));
}

#[test]
fn learning_rates_are_shown_short() {
    let mut app = app(&["-l", "rosenbrock"], true);
    for _ in 0..70 {
        press(&mut app, KeyCode::Char(']'));
    }
    let text = screen(&app, 100, 30);
    let title = text
        .lines()
        .find(|l| l.contains("sgd lr="))
        .expect("the readout title");
    let lr = title
        .split("lr=")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap();
    assert!(lr.len() <= 8, "lr={lr} is short");
}
