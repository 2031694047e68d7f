//! What a chapter reacts to: conditions on the live explorer, each a plain function of the
//! app's state (so a recording replays them exactly). A chapter lists the conditions it has
//! a line for; the panel shows the line of the first that holds in [`When::ORDER`].

use super::Stage;
use crate::tui::app::{App, EventKind, Overlay, Racer};
use plateau_core::analysis::{SingularityGauge, Spectrum, plateau::MIN_ESCAPE_STALL};
use plateau_core::num::{distance, dot, norm};
use plateau_core::verdict::{self, CriticalKind, PointKind};

/// A stall this long is a long one.
const LONG_STALL: u64 = 5000;

/// How much longer or shorter than the one before a step may be and still count as the same
/// length (a bounce), as a fraction.
const SAME_LENGTH: f64 = 0.01;

/// How near a known minimum a converged run counts as in it.
const AT_MINIMUM: f64 = 1e-3;

/// A condition a chapter may react to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// The selected racer's learning rate differs from the chapter's.
    LrChanged,
    /// The selected racer has converged (the verdict's).
    Converged,
    /// The selected racer diverged.
    Diverged,
    /// The selected racer's last two steps point against each other, as long as each other.
    Oscillating,
    /// The selected racer's last two steps point against each other, the later one longer:
    /// it overshoots more each step, on its way to diverging.
    Growing,
    /// At a minimum (the verdict's) that is a known one, not the lowest known one.
    LocalMin,
    /// At a minimum (the verdict's) that is the lowest known one.
    GlobalMin,
    /// Converged at a saddle point (the verdict's kind of point).
    AtSaddle,
    /// A noise kick (`n`) hit the selected racer since it last started.
    Kicked,
    /// The selected racer's current stall has lasted [`MIN_ESCAPE_STALL`] steps.
    Stalled,
    /// The selected racer's current stall has lasted `LONG_STALL` (5,000) steps.
    StalledLong,
    /// The selected racer escaped a plateau.
    Escaped,
    /// The selected racer's stall of at least [`MIN_ESCAPE_STALL`] steps has ended, but it
    /// has not escaped yet (and is not stalled again).
    Leaving,
    /// On a model, fewer Fisher eigenvalues are near zero than at the start, before any
    /// escape.
    FisherRecovered,
    /// Race mode is on.
    RaceStarted,
    /// In a race, a racer escaped a plateau.
    RacerEscaped,
    /// In a race, a racer diverged.
    RacerDiverged,
    /// The landscape is a formula typed in the editor.
    FormulaSet,
    /// The formula editor shows an error.
    FormulaError,
}

impl When {
    /// Which condition's line wins when several hold: what just went wrong, then what just
    /// happened, then how things stand.
    pub const ORDER: [Self; 19] = [
        Self::FormulaError,
        Self::Diverged,
        Self::RacerDiverged,
        Self::Growing,
        Self::Escaped,
        Self::RacerEscaped,
        Self::GlobalMin,
        Self::LocalMin,
        Self::Converged,
        Self::AtSaddle,
        Self::FisherRecovered,
        Self::Leaving,
        Self::StalledLong,
        Self::Stalled,
        Self::Oscillating,
        Self::Kicked,
        Self::LrChanged,
        Self::FormulaSet,
        Self::RaceStarted,
    ];

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
    let (n1, n2) = (norm(d1), norm(&d2));
    if !(dot(d1, &d2) < 0.0 && n2 > 0.0) {
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
