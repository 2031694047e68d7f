//! One verdict per point: at a set of probe points the readout's label, the map's marks and
//! arrows, the tour's conditions, auto-pause and the basin map's convergence rule all say
//! what the core's verdict (`plateau_core::verdict`) says, so that no two of them can
//! contradict each other on screen.

use crate::tui_support::{app, screen};
use plateau::tui::app::Action;
use plateau::tui::app::App;
use plateau::tui::tour::When;
use plateau_core::analysis::Spectrum;
use plateau_core::landscape::by_name;
use plateau_core::many::settle::settle;
use plateau_core::num::{distance, norm};
use plateau_core::optim::{self, OptimizerSpec, Overrides};
use plateau_core::run::Run;
use plateau_core::verdict::{self, CriticalKind, PointKind};

/// A probe: a landscape, a point, and the readout label the verdict gives there.
struct Probe {
    name: &'static str,
    landscape: &'static str,
    at: Vec<f64>,
    label: &'static str,
}

/// The probe points: neuron's saddle, minimum (exact, and as sgd reaches it), a point of its
/// plateau (where sgd at lr 0.05 from (0.01, 9) is at step 20,000) and its saturated top
/// (the default start); committee's symmetric saddle and a teacher minimum; the bowl at
/// (2, 3).
fn probes() -> Vec<Probe> {
    let committee = by_name("committee").unwrap();
    let known = |k: usize| committee.info().known_points[k].position.clone();
    let probe = |name, landscape, at: &[f64], label| Probe {
        name,
        landscape,
        at: at.to_vec(),
        label,
    };
    vec![
        probe("neuron's saddle", "neuron", &[0.0, 0.0], "saddle point"),
        probe("neuron's minimum", "neuron", &[1.5, 1.0], "minimum"),
        // Where sgd at lr 0.05 from (0.01, 9) is at step 45,824: |∇L| = 2.9e-15, round-off
        // whose direction a −∇L arrow would draw at full length.
        probe(
            "neuron's minimum as sgd reaches it",
            "neuron",
            &[1.4999999999999982, 1.0000000000000029],
            "minimum",
        ),
        probe(
            "neuron's plateau",
            "neuron",
            &[1.1600479397542456, 8.236685127536527],
            "saddle-shaped here",
        ),
        probe(
            "neuron's saturated top",
            "neuron",
            &[0.01, 9.0],
            "flat direction",
        ),
        probe(
            "committee's symmetric point",
            "committee",
            &known(2),
            "saddle point",
        ),
        probe("committee's minimum", "committee", &known(0), "minimum"),
        probe("the bowl at (2, 3)", "bowl", &[2.0, 3.0], "convex here"),
    ]
}

/// What the core's verdict says at a probe.
struct Verdict {
    kind: PointKind,
    converged: bool,
    descends: bool,
    at_minimum: bool,
}

fn verdict_at(probe: &Probe) -> Verdict {
    let landscape = by_name(probe.landscape).unwrap();
    let mut gradient = vec![0.0; probe.at.len()];
    landscape.gradient(&probe.at, &mut gradient);
    let grad_norm = norm(&gradient);
    let eigenvalues = Spectrum::of(&landscape.hessian(&probe.at))
        .unwrap()
        .eigenvalues;
    Verdict {
        kind: PointKind::at(grad_norm, &eigenvalues),
        converged: verdict::converged(grad_norm),
        descends: verdict::has_descent_direction(&eigenvalues),
        at_minimum: verdict::at_minimum(grad_norm, Some(&eigenvalues)),
    }
}

/// The explorer on the probe's landscape with sgd started at the probe, paused at step 0.
fn explorer_at(probe: &Probe) -> App {
    let start = (probe.at.iter().map(f64::to_string)).collect::<Vec<_>>();
    app(
        &[
            "-l",
            probe.landscape,
            "-o",
            "sgd",
            "--start",
            &start.join(","),
        ],
        false,
    )
}

/// The map key's words for the arrows, shown while the arrows layer is on.
const ARROWS_LEGEND: &str = "·→−∇L ∘→step ╌curving down";

/// How many cells of the screen show `glyph`.
fn count(screen: &str, glyph: char) -> usize {
    screen.chars().filter(|&c| c == glyph).count()
}

#[test]
fn readout_marks_arrows_tour_auto_pause_and_basins_agree_with_the_verdict() {
    const LABELS: [&str; 8] = [
        "minimum",
        "maximum",
        "saddle point",
        "degenerate",
        "convex here",
        "concave here",
        "saddle-shaped here",
        "flat direction",
    ];
    for probe in probes() {
        let name = probe.name;
        let verdict = verdict_at(&probe);
        assert_eq!(verdict.kind.label(), probe.label, "{name}: the verdict");
        let mut app = explorer_at(&probe);

        // The readout names the verdict's kind, and no other.
        let shown = screen(&app, 120, 40);
        let readout_line = (shown.lines())
            .find(|line| line.contains("λ "))
            .unwrap_or_else(|| panic!("{name}: no curvature line\n{shown}"));
        let labels: Vec<_> = (LABELS.iter())
            .filter(|label| {
                let at = readout_line.find(*label);
                // "saddle point" is not also "saddle-shaped here", nor "minimum" a "λmin".
                at.is_some_and(|i| !readout_line[..i].ends_with('λ'))
            })
            .collect();
        assert_eq!(labels, [&probe.label], "{name}: {readout_line}");

        // The map marks a critical point there exactly where the verdict says the run has
        // converged, and of the verdict's kind.
        let marked = (app.scene().critical.iter())
            .find(|k| distance(&k.position, &probe.at) < 1e-6)
            .map(|k| PointKind::Critical(k.kind));
        let expected = verdict.converged.then_some(verdict.kind);
        assert_eq!(marked, expected, "{name}: the map's mark");

        // The arrows (what the arrows layer adds to the screen, its legend aside): the
        // negative-curvature direction where the verdict finds a descent direction, −∇L
        // where the run has not converged.
        let arrows = shown.replace(ARROWS_LEGEND, "");
        app.update(Action::ToggleArrows);
        let without = screen(&app, 120, 40);
        app.update(Action::ToggleArrows);
        assert_eq!(
            count(&arrows, '╌') > count(&without, '╌'),
            verdict.descends,
            "{name}: curvature arrow"
        );
        assert_eq!(
            count(&arrows, '·') > count(&without, '·'),
            !verdict.converged,
            "{name}: −∇L arrow"
        );

        // The tour reacts as the verdict says.
        let holds = |when: When| when.holds(&app, None).is_some();
        assert_eq!(
            holds(When::Converged),
            verdict.converged,
            "{name}: Converged"
        );
        assert_eq!(
            holds(When::AtSaddle),
            verdict.kind == PointKind::Critical(CriticalKind::Saddle),
            "{name}: AtSaddle"
        );
        assert_eq!(
            holds(When::GlobalMin) || holds(When::LocalMin),
            verdict.at_minimum,
            "{name}: at a minimum"
        );

        // Basin maps and ensembles count a run as converged exactly at a minimum.
        let landscape = by_name(probe.landscape).unwrap();
        let sgd = optim::by_name("sgd").unwrap();
        let spec =
            OptimizerSpec::resolve(sgd, &Overrides::default(), &landscape.info().lr).unwrap();
        let mut run = Run::new(landscape, spec, &probe.at, 1).unwrap();
        assert_eq!(
            settle(&mut run, 0, |_| {}).converged,
            verdict.at_minimum,
            "{name}: basins"
        );

        // Auto-pause stops after one step exactly where the run had converged.
        while app.controls().speed > 1 {
            app.update(Action::Slower);
        }
        app.update(Action::ToggleAutoPause);
        app.update(Action::ToggleRun);
        app.tick();
        assert_eq!(
            app.controls().running,
            !verdict.converged,
            "{name}: auto-pause"
        );
    }
}
