//! Whether a chapter's conditions ([`When`]) hold on the live explorer, each a plain
//! function of the app's state (so a recording replays them exactly), and so which of the
//! chapter's reactions the panel shows: the line of the first that holds in
//! [`When::ORDER`].

use crate::tui::app::{App, CONVERGED_GRADIENT, CRITICAL_GRADIENT, EventKind, Overlay, Racer};
use crate::tui::tour::{Stage, Tour, When};
use plateau_core::analysis::{DEGENERATE, SingularityGauge, Spectrum, plateau::MIN_ESCAPE_STALL};
use plateau_core::landscape::CriticalKind;

/// A stall this long is a long one.
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
            Self::Converged => yes(grad < CONVERGED_GRADIENT),
            Self::Diverged => yes(racer.diverged_at().is_some()),
            Self::Oscillating => yes(bounce(racer) == Some(Bounce::Even)),
            Self::Growing => yes(bounce(racer) == Some(Bounce::Growing)),
            Self::LocalMin | Self::GlobalMin => {
                let minimum = (grad < CONVERGED_GRADIENT).then(|| at_known_minimum(app, racer))?;
                yes(minimum == Some(self == Self::GlobalMin))
            }
            Self::AtSaddle => yes(grad < CRITICAL_GRADIENT && saddle_shaped(app, racer)),
            Self::Kicked => yes(kicked(racer)),
            Self::Stalled => yes(racer.detector().stalled() >= MIN_ESCAPE_STALL),
            Self::StalledLong => yes(racer.detector().stalled() >= LONG_STALL),
            Self::Escaped => yes(racer.detector().last_escape().is_some()),
            Self::Leaving => {
                let detector = racer.detector();
                yes(detector.stalled() == 0 && detector.pending().is_some())
            }
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
    let dot: f64 = d1.iter().zip(&d2).map(|(a, b)| a * b).sum();
    let norm = |d: &[f64]| d.iter().map(|v| v * v).sum::<f64>().sqrt();
    let (n1, n2) = (norm(d1), norm(&d2));
    if !(dot < 0.0 && n2 > 0.0) {
        return None;
    }
    Some(if n2 > (1.0 + SAME_LENGTH) * n1 {
        Bounce::Growing
    } else if n2 >= (1.0 - SAME_LENGTH) * n1 {
        Bounce::Even
    } else {
        Bounce::Shrinking
    })
}

/// Whether the racer sits at a known minimum: `Some(true)` at the lowest known one,
/// `Some(false)` at another, `None` at none.
fn at_known_minimum(app: &App, racer: &Racer) -> Option<bool> {
    let info = app.scene().landscape.info();
    let minima: Vec<_> = (info.known_points.iter())
        .filter(|k| k.kind == CriticalKind::Minimum)
        .collect();
    let lowest = minima.iter().map(|k| k.value).fold(f64::INFINITY, f64::min);
    let at = racer.position();
    let near = minima.iter().find(|k| {
        let d: f64 = (k.position.iter().zip(at))
            .map(|(a, b)| (a - b) * (a - b))
            .sum();
        d.sqrt() < AT_MINIMUM
    })?;
    Some(near.value <= lowest)
}

/// Whether the Hessian at the racer has eigenvalues of both signs.
fn saddle_shaped(app: &App, racer: &Racer) -> bool {
    Spectrum::of(&app.scene().landscape.hessian(racer.position()))
        .is_some_and(|s| s.min() < 0.0 && s.max() > 0.0)
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
    let count =
        |theta: &[f64]| SingularityGauge::at(landscape, theta).map(|g| g.degenerate(DEGENERATE));
    match (count(&app.scene().start), count(racer.position())) {
        (Some(start), Some(now)) => now < start,
        _ => false,
    }
}
