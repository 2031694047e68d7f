//! Whether a chapter's conditions ([`When`]) hold on the live explorer, each a plain
//! function of the app's state (so a recording replays them exactly), and so which of the
//! chapter's reactions the panel shows: the line of the first that holds in
//! [`When::ORDER`].

use crate::tui::app::{App, EventKind, Overlay, Racer};
use crate::tui::tour::{Stage, Tour, When};
use plateau_core::analysis::{SingularityGauge, Spectrum, plateau::MIN_ESCAPE_STALL};
use plateau_core::num::distance;
use plateau_core::verdict::{self, CriticalKind, PointKind};

/// A plateau this long (in steps) is a long one.
const LONG_STALL: u64 = 5000;

/// How much longer or shorter than the one before a step may be and still count as the same
/// length (a bounce), as a fraction.
const SAME_LENGTH: f64 = 0.01;

/// How near a known minimum a converged run counts as in it.
const AT_MINIMUM: f64 = 1e-3;

/// The reaction shown in the chapter of `tour`, with the racer it is about: the first of
/// the chapter's lines, in [`When::ORDER`], whose condition holds.
pub fn shown(app: &App, tour: &Tour) -> Option<(&'static str, usize)> {
    let chapter = tour.current();
    When::ORDER.iter().find_map(|when| {
        let line = chapter.prose.reactions.iter().find(|r| r.when == *when)?;
        let subject = when.holds(app, chapter.stage.as_ref())?;
        Some((line.text.get(tour.lang), subject))
    })
}

impl When {
    /// Whether the condition holds in `app` (`stage`: the chapter's scene), and if so which
    /// racer it is about.
    pub fn holds(self, app: &App, stage: Option<&Stage>) -> Option<usize> {
        let racers = app.racers();
        let selected = racers.selected_index();
        let racer = racers.selected();
        let grad = racer.sample().grad_norm;
        let yes = |b: bool| b.then_some(selected);
        match self {
            Self::LrChanged => yes(stage
                .and_then(|s| s.lr)
                .is_some_and(|lr| lr != racer.spec().hyper.lr)),
            Self::Converged => yes(verdict::converged(grad)),
            Self::Diverged => yes(racer.diverged_at().is_some()),
            Self::Oscillating => yes(bounce(racer) == Some(Bounce::Even)),
            Self::Growing => yes(bounce(racer) == Some(Bounce::Growing)),
            Self::LocalMin | Self::GlobalMin => {
                let minimum = at_minimum(app, racer).then(|| at_known_minimum(app, racer))?;
                yes(minimum == Some(self == Self::GlobalMin))
            }
            Self::AtSaddle => {
                yes(point_kind(app, racer) == Some(PointKind::Critical(CriticalKind::Saddle)))
            }
            Self::Kicked => yes(kicked(racer)),
            Self::Stalled => yes(racer.detector().on_plateau() >= MIN_ESCAPE_STALL),
            Self::StalledLong => yes(racer.detector().on_plateau() >= LONG_STALL),
            Self::Escaped => yes(racer.detector().last_escape().is_some()),
            Self::Leaving => yes(racer.detector().falling()),
            Self::FisherRecovered => {
                yes(racer.detector().last_escape().is_none() && fisher_recovered(app, racer))
            }
            Self::RaceStarted => yes(racers.race()),
            Self::RacerEscaped => (racers.race().then(|| {
                (racers.all().iter().enumerate())
                    .filter_map(|(i, r)| Some((r.detector().last_escape()?.step, i)))
                    .max()
                    .map(|(_, i)| i)
            }))
            .flatten(),
            Self::RacerDiverged => (racers
                .race()
                .then(|| (racers.all().iter()).position(|r| r.diverged_at().is_some())))
            .flatten(),
            Self::FormulaSet => yes(app.scene().registry_index.is_none()),
            Self::FormulaError => {
                yes(matches!(app.overlay(), Overlay::Editor(e) if e.error().is_some()))
            }
        }
    }
}

/// How the racer's last two steps compare, when they point against each other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Bounce {
    /// Shorter: it is settling.
    Shrinking,
    /// As long (within [`SAME_LENGTH`]): it bounces between two points.
    Even,
    /// Longer: it overshoots more each step.
    Growing,
}

/// How the racer's last two optimizer steps compare, if they point against each other.
fn bounce(racer: &Racer) -> Option<Bounce> {
    let (d1, d2) = racer.last_two_steps()?;
    compare_steps(d1, &d2)
}

/// How step `d2` compares with the step `d1` before it, if they point against each other;
/// `None` if either has length 0 or a NaN coordinate, or both overflowed. Nothing overflows
/// here: each step is divided by its largest coordinate before anything is squared or
/// multiplied (the plain lengths overflow to inf from about 1e154 on, and inf ≥ 0.99·inf
/// made a run growing 800 times a step an even bounce), and the lengths are compared by
/// their ratio. A step whose coordinates overflowed (the difference of two positions near
/// ±1.8e308) is longer than any finite one.
fn compare_steps(d1: &[f64], d2: &[f64]) -> Option<Bounce> {
    let (u1, scale1) = direction(d1)?;
    let (u2, scale2) = direction(d2)?;
    let dot: f64 = u1.iter().zip(&u2).map(|(a, b)| a * b).sum();
    let length = |u: &[f64]| u.iter().map(|v| v * v).sum::<f64>().sqrt();
    // Both overflowed: inf / inf, no ratio.
    let ratio = (scale2 / scale1) * (length(&u2) / length(&u1));
    if dot >= 0.0 || ratio.is_nan() {
        return None;
    }
    Some(if ratio > 1.0 + SAME_LENGTH {
        Bounce::Growing
    } else if ratio >= 1.0 - SAME_LENGTH {
        Bounce::Even
    } else {
        Bounce::Shrinking
    })
}

/// A step as its direction, with coordinates of at most 1 in size, and its scale (the
/// largest coordinate's size): the step divided by that coordinate, or, for a step whose
/// coordinates overflowed, the signs of its infinite ones and an infinite scale. `None` for
/// a step of length 0 or with a NaN coordinate.
fn direction(d: &[f64]) -> Option<(Vec<f64>, f64)> {
    if d.iter().any(|v| v.is_nan()) {
        return None;
    }
    let largest = d.iter().fold(0.0, |m: f64, v| m.max(v.abs()));
    if largest == 0.0 {
        return None;
    }
    let unit = |v: &f64| match largest.is_infinite() {
        true if v.is_infinite() => v.signum(),
        true => 0.0,
        false => v / largest,
    };
    Some((d.iter().map(unit).collect(), largest))
}

/// Whether the racer sits at a known minimum: `Some(true)` at the lowest known one,
/// `Some(false)` at another, `None` at none.
fn at_known_minimum(app: &App, racer: &Racer) -> Option<bool> {
    let info = app.scene().landscape.info();
    let at = racer.position();
    let near = (info.known_points.iter())
        .filter(|k| k.kind == CriticalKind::Minimum)
        .find(|k| distance(&k.position, at) < AT_MINIMUM)?;
    Some(
        info.best_known_value()
            .is_some_and(|best| near.value <= best),
    )
}

/// The Hessian's eigenvalues at the racer (`None` where they are not finite).
fn eigenvalues(app: &App, racer: &Racer) -> Option<Vec<f64>> {
    Spectrum::of(&app.scene().landscape.hessian(racer.position())).map(|s| s.eigenvalues)
}

/// The verdict's kind of point at the racer.
fn point_kind(app: &App, racer: &Racer) -> Option<PointKind> {
    eigenvalues(app, racer).map(|e| PointKind::at(racer.sample().grad_norm, &e))
}

/// Whether the racer is at a minimum (the verdict's).
fn at_minimum(app: &App, racer: &Racer) -> bool {
    verdict::at_minimum(racer.sample().grad_norm, eigenvalues(app, racer).as_deref())
}

/// Whether a kick hit the racer since it last started.
fn kicked(racer: &Racer) -> bool {
    (racer.events())
        .map(|e| e.kind)
        .filter(|k| matches!(k, EventKind::Kick | EventKind::Reset))
        .last()
        == Some(EventKind::Kick)
}

/// Whether fewer of the Fisher matrix's eigenvalues are near zero at the racer than at the
/// scene's start.
fn fisher_recovered(app: &App, racer: &Racer) -> bool {
    let landscape = app.scene().landscape.as_ref();
    let count = |theta: &[f64]| SingularityGauge::at(landscape, theta).map(|g| g.nearly_singular());
    match (count(&app.scene().start), count(racer.position())) {
        (Some(start), Some(now)) => now < start,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// A step followed by one `ratio` times as long in the opposite direction compares
        /// the same at every scale from 1e-250 to 1e300 and in every direction.
        #[test]
        fn steps_compare_alike_at_every_scale(
            exponent in -250.0..300.0f64,
            ratio in prop_oneof![1e-3..0.98f64, 0.995..1.005f64, 1.02..1e5f64],
            direction in prop::collection::vec(-1.0..1.0f64, 2..=6),
        ) {
            let longest = direction.iter().fold(0.0, |m: f64, v| m.max(v.abs()));
            prop_assume!(longest > 1e-3);
            let scale = 10f64.powf(exponent) / longest;
            let first: Vec<f64> = direction.iter().map(|v| v * scale).collect();
            let second: Vec<f64> = first.iter().map(|v| -v * ratio).collect();
            prop_assume!(second.iter().all(|v| v.is_finite()));
            let expected = if ratio > 1.01 {
                Bounce::Growing
            } else if ratio >= 0.99 {
                Bounce::Even
            } else {
                Bounce::Shrinking
            };
            prop_assert_eq!(compare_steps(&first, &second), Some(expected));
            // The same direction twice is no bounce, however long.
            let onward: Vec<f64> = second.iter().map(|v| -v).collect();
            prop_assert_eq!(compare_steps(&first, &onward), None);
        }
    }

    #[test]
    fn steps_of_length_zero_or_nan_are_not_compared_and_overflowed_ones_are_longest() {
        assert_eq!(compare_steps(&[0.0, 0.0], &[1.0, 0.0]), None);
        assert_eq!(compare_steps(&[1.0, 0.0], &[0.0, 0.0]), None);
        assert_eq!(compare_steps(&[1.0, f64::NAN], &[-1.0, 0.0]), None);
        // A step that overflowed is longer than any finite one.
        let huge = f64::MAX;
        assert_eq!(
            compare_steps(&[huge, 1.0], &[f64::NEG_INFINITY, 0.0]),
            Some(Bounce::Growing)
        );
        assert_eq!(
            compare_steps(&[f64::INFINITY, 0.0], &[-huge, 0.0]),
            Some(Bounce::Shrinking)
        );
        assert_eq!(compare_steps(&[f64::INFINITY], &[f64::NEG_INFINITY]), None);
        assert_eq!(compare_steps(&[huge, 0.0], &[f64::INFINITY, 0.0]), None);
        // The largest finite steps compare too.
        assert_eq!(
            compare_steps(&[f64::MAX, f64::MAX], &[-f64::MAX, -f64::MAX]),
            Some(Bounce::Even)
        );
    }
}
