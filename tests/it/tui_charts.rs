//! The explorer's loss and gradient-norm charts, drawn on ratatui's `TestBackend`.
//!
//! The snapshots hold only the two chart boxes (the bottom of the right-hand panel), so
//! that changes to the map or the readout leave them alone.

use crate::tui_support::{app, screen};
use plateau::tui::app::Action;
use plateau::tui::app::App;
use plateau::tui::theme;

/// Width of the right-hand panel on a screen `cols` wide (as `ui::layout::areas` makes it).
fn panel_width(cols: u16) -> usize {
    (usize::from(cols) * 35 / 100).clamp(30, 56)
}

/// The two chart boxes of `app` on a `cols × rows` screen: the panel's rows from the loss
/// chart's top border to the gradient chart's bottom border, one line per row.
fn charts(app: &App, cols: u16, rows: u16) -> String {
    let text = screen(app, cols, rows);
    let width = panel_width(cols);
    let panel: Vec<String> = text
        .lines()
        .map(|line| {
            let chars: Vec<char> = line.trim_matches('"').chars().collect();
            chars[chars.len().saturating_sub(width)..].iter().collect()
        })
        .collect();
    let first = panel
        .iter()
        .position(|l| titled(l, "loss"))
        .expect("a loss chart");
    // The last row is the key hints, under the panel.
    panel[first..panel.len() - 1].join("\n")
}

/// Whether `line` is a top border with a title starting with `name`.
fn titled(line: &str, name: &str) -> bool {
    line.chars().skip(2).collect::<String>().starts_with(name)
}

/// The rows of the chart whose title starts with `name` (top border to bottom border).
fn chart<'a>(charts: &'a str, name: &str) -> Vec<&'a str> {
    let lines: Vec<&str> = charts.lines().collect();
    let top = lines
        .iter()
        .position(|l| titled(l, name))
        .expect("the chart");
    let bottom = (top + 1..lines.len())
        .find(|&i| !lines[i].starts_with(['│', '|']))
        .expect("its bottom border");
    lines[top..=bottom].to_vec()
}

/// An explorer for `plateau ARGS...` run for `frames` frames.
fn running(args: &[&str], color: bool, frames: usize) -> App {
    let mut app = app(args, color);
    app.update(Action::ToggleRun);
    ticks(&mut app, frames);
    app
}

/// `frames` frames of a running explorer.
fn ticks(app: &mut App, frames: usize) {
    for _ in 0..frames {
        app.tick();
    }
}

/// The default run with a kick, a learning-rate change and an optimizer switch on the way.
fn with_events() -> App {
    let mut app = running(&[], true, 40);
    app.update(Action::Kick);
    ticks(&mut app, 20);
    app.update(Action::LrUp);
    ticks(&mut app, 20);
    app.update(Action::NextOptimizer);
    ticks(&mut app, 80);
    app
}

/// Race mode on the default landscape, run for a while.
fn race(color: bool, extra: &[&str]) -> App {
    let mut app = app(extra, color);
    app.update(Action::ToggleRace);
    app.update(Action::ToggleRun);
    ticks(&mut app, 60);
    app
}

#[test]
fn the_default_plateau_after_150_frames_120x40() {
    let app = running(&[], true, 150);
    let text = charts(&app, 120, 40);
    let loss = chart(&text, "loss");
    assert!(loss[0].contains("loss − L*"), "{}", loss[0]);
    let grad = chart(&text, "|∇L|");
    assert!(
        grad.iter().skip(1).any(|l| l.contains("tol")),
        "the threshold is labelled (in the plot, or at the axis where the line covers it)"
    );
    for chart in [&loss, &grad] {
        assert!(
            chart.last().unwrap().contains('═'),
            "the stall is marked under the chart"
        );
    }
    insta::assert_snapshot!(text);
}

#[test]
fn the_default_plateau_after_150_frames_80x24() {
    let app = running(&[], true, 150);
    let text = charts(&app, 80, 24);
    assert!(chart(&text, "|∇L|").iter().any(|l| l.contains("tol")));
    insta::assert_snapshot!(text);
}

#[test]
fn events_are_tagged_at_their_step() {
    let app = with_events();
    let text = charts(&app, 120, 40);
    let grad = chart(&text, "|∇L|");
    for tag in ["n", "l", "o"] {
        assert!(
            grad[1].contains(tag),
            "tag {tag} on the top row: {}",
            grad[1]
        );
    }
    assert!(grad[0].contains("kick"), "the key: {}", grad[0]);
    insta::assert_snapshot!(text);
}

#[test]
fn log_steps() {
    let mut app = with_events();
    app.update(Action::ToggleLogSteps);
    let text = charts(&app, 120, 40);
    let bottom = chart(&text, "loss").last().unwrap().to_string();
    for label in ["10", "100", "1k", "10k"] {
        assert!(bottom.contains(label), "{label} in {bottom}");
    }
    insta::assert_snapshot!(text);
}

#[test]
fn race_mode_120x40() {
    let app = race(true, &[]);
    let text = charts(&app, 120, 40);
    assert!(chart(&text, "loss")[0].contains("━1 ━2 ━3"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn race_mode_80x24() {
    insta::assert_snapshot!(charts(&race(true, &[]), 80, 24));
}

#[test]
fn a_loss_reaching_its_minimum_runs_on_at_the_floor() {
    let app = running(
        &["-l", "bowl", "--start", "0.5,0.5", "-o", "newton"],
        true,
        3,
    );
    let text = charts(&app, 80, 24);
    let loss = chart(&text, "loss");
    let floor = loss[loss.len() - 2];
    assert!(floor.contains("0┤"), "the floor is labelled 0: {floor}");
    let last = floor.chars().rev().nth(1).unwrap();
    assert_ne!(last, ' ', "the line reaches the right edge: {floor}");
    insta::assert_snapshot!(text);
}

#[test]
fn a_loss_unbounded_below_is_drawn_on_a_symmetric_log() {
    let app = running(&["-l", "saddle", "--start", "1,0.001"], true, 30);
    let text = charts(&app, 80, 24);
    assert!(chart(&text, "loss, symlog").len() > 2);
    insta::assert_snapshot!(text);
}

#[test]
fn monochrome_race_draws_each_racer_with_its_glyph() {
    let app = race(false, &[]);
    let text = charts(&app, 120, 40);
    for i in 0..app.racers().all().len() {
        let glyph = theme::trail_glyph(app.options(), i, true);
        assert!(text.contains(glyph), "{glyph} in\n{text}");
    }
    insta::assert_snapshot!(text);
}

#[test]
fn monochrome_single_run() {
    insta::assert_snapshot!(charts(&running(&[], false, 150), 120, 40));
}

#[test]
fn ascii_only() {
    let app = running(&["--ascii"], true, 150);
    let text = charts(&app, 80, 24);
    assert!(text.is_ascii(), "non-ASCII character in\n{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn ascii_race_with_events_stays_ascii() {
    let mut app = race(false, &["--ascii"]);
    app.update(Action::Kick);
    app.update(Action::NextOptimizer);
    ticks(&mut app, 5);
    for (cols, rows) in [(80, 24), (120, 40)] {
        let text = screen(&app, cols, rows);
        assert!(text.is_ascii(), "non-ASCII character in\n{text}");
    }
}

#[test]
fn every_size_draws() {
    let apps = [
        app(&[], true),
        with_events(),
        race(false, &[]),
        running(&["-l", "monkey"], true, 30),
    ];
    for app in &apps {
        for cols in [60, 61, 67, 80, 99, 120, 161, 200] {
            for rows in [16, 17, 19, 24, 33, 40, 60] {
                screen(app, cols, rows);
            }
        }
    }
}

/// After the escape and convergence (40,000 steps, loss ≈ 1e-30) the loss axis ends six
/// decades under its top, the rest a band labelled `≤1e-5`: the plateau (0.678) stays in
/// the chart instead of being squashed into its top row.
#[test]
fn the_loss_axis_keeps_the_plateau_in_view_after_convergence() {
    let mut app = app(&[], true);
    app.update(Action::ToggleRun);
    while app.racers().selected().sample().step < 40_000 {
        app.tick();
    }
    let text = charts(&app, 120, 40);
    let loss = chart(&text, "loss").join("\n");
    assert!(loss.contains("≤1e-5"), "{loss}");
    assert!(!loss.contains("1e-30"), "{loss}");
    insta::assert_snapshot!(loss);
}

/// `y` (`--linear-loss`) draws the loss axis linearly, labelled evenly from 0.
#[test]
fn the_loss_axis_can_be_linear() {
    let mut app = running(&[], true, 300);
    app.update(Action::ToggleLinearLoss);
    let text = charts(&app, 120, 40);
    let loss = chart(&text, "loss").join("\n");
    assert!(loss.contains("0┤"), "{loss}");
    insta::assert_snapshot!(loss);
}
