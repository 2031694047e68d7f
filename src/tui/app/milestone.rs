//! Pause at the moment that matters: the milestones a racer's step can cross, judged by the
//! core alone — it enters a plateau (the detector sees the loss has stopped falling,
//! `analysis::plateau`), escapes one (the detector records an escape), comes to rest (the verdict: converged; at a minimum, or where some
//! direction still descends) or diverges. No threshold of its own.

use super::Racer;
use plateau_core::analysis::Spectrum;
use plateau_core::landscape::Landscape;
use plateau_core::verdict;

/// A moment worth pausing at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Milestone {
    /// The racer's stall became long enough to count as a plateau.
    Plateau,
    /// It escaped a plateau.
    Escape,
    /// It converged at a minimum (the verdict's).
    Minimum,
    /// It converged where some direction still descends (a saddle, a ridge).
    Rest,
    /// It diverged.
    Diverged,
}

/// What a racer was before a step, as far as milestones go.
#[derive(Clone, Copy, Debug)]
pub struct Before {
    on_plateau: bool,
    escape: Option<u64>,
    converged: bool,
    active: bool,
}

impl Before {
    /// `racer` now.
    pub fn of(racer: &Racer) -> Self {
        Self {
            on_plateau: racer.detector().open().is_some(),
            escape: racer.detector().last_escape().map(|e| e.step),
            converged: racer.converged_at().is_some(),
            active: racer.active(),
        }
    }
}

/// The milestone `racer` crossed since it was `before`, if any (the Hessian is asked only
/// when it has just converged).
pub fn crossed(landscape: &dyn Landscape, racer: &Racer, before: Before) -> Option<Milestone> {
    if before.active && !racer.active() {
        return Some(Milestone::Diverged);
    }
    if racer.detector().last_escape().map(|e| e.step) != before.escape {
        return Some(Milestone::Escape);
    }
    if !before.on_plateau && racer.detector().open().is_some() {
        return Some(Milestone::Plateau);
    }
    let grad_norm = racer.gradient_norm();
    if !before.converged && racer.converged_at().is_some() {
        let eigenvalues = Spectrum::of(&landscape.hessian(racer.position())).map(|s| s.eigenvalues);
        return Some(if verdict::at_minimum(grad_norm, eigenvalues.as_deref()) {
            Milestone::Minimum
        } else {
            Milestone::Rest
        });
    }
    None
}

impl Milestone {
    /// The one-line notice: which racer, what, and at which step.
    pub fn notice(self, racer: &Racer) -> String {
        let name = racer.name();
        let step = racer.sample().step;
        let at = plateau_core::text::format::count(step);
        match self {
            Self::Plateau => {
                let from = racer.detector().open().map_or(step, |o| o.entry);
                format!(
                    "{name} is on a plateau: its loss stopped falling at step {}",
                    plateau_core::text::format::count(from)
                )
            }
            Self::Escape => {
                let from = (racer.detector().last_escape()).map_or(0, |e| e.plateau.entry);
                format!(
                    "{name} escaped the plateau at step {at} (on it from step {})",
                    plateau_core::text::format::count(from)
                )
            }
            Self::Minimum => format!("{name} reached a minimum at step {at}"),
            Self::Rest => {
                format!("{name} came to rest at step {at} where the loss still curves down")
            }
            Self::Diverged => format!("{name} diverged at step {at}"),
        }
    }
}
