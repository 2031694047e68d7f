//! Snapshots of the explorer's screen on ratatui's `TestBackend`.

use crate::tui_support::{app, screen};
use plateau::tui::app::Action;

#[test]
fn default_screen_80x24() {
    insta::assert_snapshot!(screen(&app(&[], true), 80, 24));
}

#[test]
fn default_screen_120x40() {
    insta::assert_snapshot!(screen(&app(&[], true), 120, 40));
}

#[test]
fn the_default_plateau_after_150_frames() {
    let mut app = app(&[], true);
    app.update(Action::ToggleRun);
    for _ in 0..150 {
        app.tick();
    }
    insta::assert_snapshot!(screen(&app, 120, 40));
}

#[test]
fn help_overlay() {
    let mut app = app(&[], true);
    app.update(Action::ToggleHelp);
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn landscape_picker_filtered() {
    let mut app = app(&[], true);
    app.update(Action::OpenPicker);
    for c in "ro".chars() {
        app.update(Action::PickerInput(c));
    }
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn race_mode_after_some_steps() {
    let mut app = app(
        &["-l", "saddle", "-o", "sgd", "-o", "momentum", "-o", "adam"],
        true,
    );
    for _ in 0..40 {
        app.update(Action::Step);
    }
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn race_mode_key_adds_the_default_lineup() {
    let mut app = app(&[], true);
    app.update(Action::ToggleRace);
    insta::assert_snapshot!(screen(&app, 120, 40));
}

#[test]
fn ascii_only() {
    let mut app = app(&["--ascii", "-l", "himmelblau"], true);
    for _ in 0..20 {
        app.update(Action::Step);
    }
    let text = screen(&app, 80, 24);
    assert!(text.is_ascii(), "non-ASCII character in --ascii screen");
    insta::assert_snapshot!(text);
}

#[test]
fn ascii_help_and_race_are_ascii_too() {
    let mut app = app(&["--ascii", "-o", "sgd", "-o", "adam"], true);
    assert!(screen(&app, 80, 24).is_ascii());
    app.update(Action::ToggleHelp);
    assert!(screen(&app, 80, 24).is_ascii());
}

#[test]
fn monochrome_draws_a_density_ramp() {
    insta::assert_snapshot!(screen(&app(&["-l", "himmelblau"], false), 80, 24));
}

/// `--color never` reaches the view through the explorer's configuration, and no cell then
/// carries a colour (styles such as bold and reverse remain).
#[test]
fn color_never_draws_no_colour_at_all() {
    use clap::Parser;
    use plateau::cli::Cli;
    use plateau::tui::app::App;
    use plateau::tui::derive::Derived;
    use plateau::tui::ui;
    use ratatui::style::Color;
    let cli = Cli::try_parse_from(["plateau", "-l", "himmelblau", "--color", "never"]).unwrap();
    let config = cli.explore.config().unwrap();
    assert!(!config.options.color);
    let mut app = App::new(config.session, config.options).unwrap();
    app.update(Action::Step);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
    let mut screen = Derived::new();
    terminal
        .draw(|frame| ui::draw(&app, &mut screen, frame))
        .unwrap();
    for cell in terminal.backend().buffer().content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
    }
}

#[test]
fn tiny_terminal_says_so() {
    let text = screen(&app(&[], true), 30, 10);
    assert!(text.contains("terminal too small"));
    insta::assert_snapshot!(text);
}

#[test]
fn minimum_size_draws_the_explorer() {
    let text = screen(&app(&[], true), 60, 16);
    assert!(!text.contains("terminal too small"));
    assert!(screen(&app(&[], true), 59, 16).contains("terminal too small"));
}

/// `app` after typing `text` into its open editor.
fn type_into_editor(app: &mut plateau::tui::app::App, text: &str) {
    for c in text.chars() {
        app.update(Action::EditInsert(c));
    }
}

#[test]
fn formula_editor_on_a_built_in() {
    let mut app = app(&["-l", "bowl"], true);
    app.update(Action::OpenEditor);
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn formula_editor_scrolls_a_long_formula() {
    let mut app = app(&[], true);
    app.update(Action::OpenEditor);
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn formula_editor_shows_the_error_under_the_input() {
    let mut app = app(&["-l", "bowl"], true);
    app.update(Action::OpenEditor);
    app.update(Action::EditDeleteToStart);
    type_into_editor(&mut app, "x^2 +* y");
    app.update(Action::EditApply);
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn a_typed_formula_becomes_the_landscape() {
    let mut app = app(&["-l", "bowl"], true);
    app.update(Action::OpenEditor);
    app.update(Action::EditDeleteToStart);
    type_into_editor(&mut app, "x^2 - y^2 + sin(x*y)");
    app.update(Action::EditApply);
    for _ in 0..20 {
        app.update(Action::Step);
    }
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn the_default_run_after_its_escape() {
    // The readout and the charts once sgd has left neuron's plateau: the plateau from entry
    // to escape with its level, the low-gradient detail, the tint over the whole plateau.
    let mut app = app(&[], true);
    app.advance(40_000);
    let text = screen(&app, 120, 40);
    assert!(text.contains("plateau 3–37,592 at L 0.6778"), "{text}");
    assert!(text.contains("|∇L| < 0.001 for 7–17,463"), "{text}");
    insta::assert_snapshot!(text);
}
