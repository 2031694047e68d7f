//! The explorer on a model of more than two parameters (committee, six): the map is the
//! loss on a plane through the run, the plane follows the run, `V` and `--view` choose its
//! directions, and what cannot apply says so.

use crate::tui_support::{app, screen};
use clap::Parser;
use plateau::cli::Cli;
use plateau::tui::app::Action;
use plateau::tui::app::{App, FOLLOW_TOLERANCE};
use plateau_core::Point;
use plateau_core::landscape::Surface;
use plateau_core::views::View;

/// The committee explorer after `steps` steps of sgd.
fn committee(steps: usize) -> App {
    let mut app = app(&["-l", "committee"], true);
    for _ in 0..steps {
        app.update(Action::Step);
    }
    app
}

/// Whether the selected racer lies on the map's plane (within the following tolerance).
fn on_the_plane(app: &App) -> bool {
    let scene = app.scene();
    let plane = scene.plane().expect("committee is seen on a plane");
    plane.distance(app.racers().selected().position()) <= FOLLOW_TOLERANCE * scene.region.width()
}

#[test]
fn committee_opens_on_its_singularity_view_with_the_gauges() {
    let app = committee(0);
    let projection = app.scene().projection.as_ref().expect("a projection");
    assert_eq!(projection.view(), View::Singular);
    let text = screen(&app, 120, 40);
    for expected in [
        "(v1−v2)/√2",
        "Fisher",
        "|w1−w2|",
        "cos(w1,w2)",
        "v1+v2",
        "w2_1",
    ] {
        assert!(text.contains(expected), "{expected}:\n{text}");
    }
}

#[test]
fn the_plane_follows_the_run_and_keeps_its_marker_in_view() {
    let mut app = committee(0);
    for _ in 0..40 {
        for _ in 0..128 {
            app.update(Action::Step);
        }
        assert!(
            on_the_plane(&app),
            "step {}",
            app.racers().selected().sample().step
        );
        let at = app.scene().project(app.racers().selected().position());
        assert!(app.scene().region.contains(at), "{at:?} outside the view");
    }
    // Paused, it stays put: no step, no new plane.
    let before = app.scene().plane().cloned();
    app.update(Action::ToggleFlat);
    assert_eq!(app.scene().plane().cloned(), before);
}

#[test]
fn v_cycles_the_views_and_each_names_its_axes() {
    let mut app = committee(600);
    let mut axes = Vec::new();
    for _ in 0..4 {
        app.update(Action::NextView);
        assert!(on_the_plane(&app));
        let view = app.scene().projection.as_ref().unwrap().view();
        axes.push((view, app.scene().axes()));
    }
    assert_eq!(axes[0].0, View::Principal);
    assert!(axes[0].1[0].starts_with("PC1"), "{axes:?}");
    assert!(matches!(axes[1].0, View::Random(_)));
    assert!(axes[1].1[0].starts_with("random 1"), "{axes:?}");
    assert_eq!(
        axes[2],
        (View::Coordinates(0, 1), ["w1_0".into(), "w1_1".into()])
    );
    assert_eq!(axes[3].0, View::Singular);
}

#[test]
fn a_view_on_a_2d_landscape_says_why_not() {
    let mut neuron = app(&[], true);
    neuron.update(Action::NextView);
    assert!(
        neuron.notice().is_some_and(|n| n.contains("its own plane")),
        "{:?}",
        neuron.notice()
    );
    let cli = Cli::try_parse_from(["plateau", "--view", "pca"]).unwrap();
    let refused = cli.explore.config().err().expect("refused");
    assert!(refused.contains("its own plane"), "{refused}");
}

#[test]
fn view_on_the_command_line_opens_that_view_and_bad_ones_are_refused() {
    let cli = Cli::try_parse_from(["plateau", "-l", "committee", "--view", "w1_1,w2_1"]).unwrap();
    let config = cli.explore.config().unwrap();
    let app = App::with_view(config.session, config.options, config.view).unwrap();
    assert_eq!(app.scene().axes(), ["w1_1".to_owned(), "w2_1".to_owned()]);
    for bad in ["w1_1,w1_1", "w9,v1", "sideways", "random:x"] {
        let cli = Cli::try_parse_from(["plateau", "-l", "committee", "--view", bad]).unwrap();
        let e = cli.explore.config().err().expect("refused");
        assert!(e.contains("expected"), "{bad}: {e}");
    }
}

#[test]
fn a_click_moves_the_start_within_the_plane() {
    let mut app = committee(300);
    let p = Point::new(0.2, -0.1);
    app.update(Action::SetStart(p));
    let start = app.scene().start.clone();
    let plane = app.scene().plane().unwrap();
    assert!(plane.distance(&start) < 1e-12);
    assert!((plane.project(&start) - p).norm() < 1e-12);
    assert_eq!(app.racers().selected().sample().step, 0);
    assert_eq!(app.racers().selected().position(), start.as_slice());
}

#[test]
fn a_kick_moves_every_parameter() {
    let mut app = committee(10);
    let before = app.racers().selected().position().to_vec();
    app.update(Action::Kick);
    let after = app.racers().selected().position();
    assert!(
        before.iter().zip(after).all(|(a, b)| a != b),
        "{before:?} → {after:?}"
    );
}

#[test]
fn what_has_no_meaning_for_a_model_says_so() {
    let mut app = committee(0);
    app.update(Action::OpenEditor);
    assert!(app.notice().is_some_and(|n| n.contains("6 parameters")));
}

#[test]
fn committee_on_its_plateau_120x40() {
    insta::assert_snapshot!(screen(&committee(1500), 120, 40));
}

#[test]
fn committee_after_the_escape_80x24() {
    insta::assert_snapshot!(screen(&committee(4500), 80, 24));
}

/// At a start where committee's singular directions are not finite, `render` says so, with
/// and without `--view singular` (committee's default view): it said "committee has no
/// singularity view" with the flag and fell back to another view without it.
#[test]
fn a_singularity_view_undefined_at_the_start_is_the_same_error_with_and_without_the_flag() {
    use crate::cli_support::{plateau, stderr};
    let far = [
        "-l",
        "committee",
        "--start",
        "1e300,-1e300,1e300,-1e300,1e300,-1e300",
    ];
    for view in [&["--view", "singular"][..], &[]] {
        let args = [&["render"][..], &far, view, &["--steps", "5"]].concat();
        let o = plateau(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert_eq!(
            stderr(&o),
            "error: committee's singularity view is not defined at these parameters: its \
             directions are not finite there\n",
            "{args:?}"
        );
    }
}

#[test]
fn sgds_step_arrow_is_parallel_to_the_descent_arrow_after_the_plane_moved() {
    // Both arrows are drawn on the plane shown now, from the run's own point: for sgd the step
    // is −lr·∇L, so its projection is parallel to the projected −∇L (the map's slice
    // gradient at the projected point was at right angles to it on committee at 17,280).
    let mut app = committee(0);
    let first = app.scene().plane().cloned();
    // Run live (frames of ×128 steps) as the explorer does.
    app.update(Action::ToggleRun);
    while app.racers().selected().sample().step < 17_280 {
        app.tick();
    }
    assert_ne!(app.scene().plane().cloned(), first, "the plane has moved");
    let racer = app.racers().selected();
    let descent = app.scene().descent(racer.position());
    let step = app.scene().project_vector(&racer.last_step());
    let cos = descent.dot(&step) / (descent.norm() * step.norm());
    assert!(cos > 1.0 - 1e-9, "cos {cos}: {descent:?} {step:?}");
    let at = app.scene().project(racer.position());
    let slice = -app.scene().surface().gradient(at);
    // The run has left the plane drawn: the slice's gradient at the projected point is
    // another point's, nearly at right angles to the step (what the map used to draw).
    let stale = slice.dot(&step) / (slice.norm() * step.norm());
    assert!(stale.abs() < 0.5, "cos {stale}");
}
