//! Every judgement plateau makes about a point, each with its tolerance declared once here
//! (with why it has its value), so that the readout, the map's marks and arrows, the tour,
//! auto-pause, basin maps and ensembles cannot disagree about the same point:
//!
//! - **converged**: the gradient vanishes ([`converged`], [`CONVERGED_GRADIENT`]);
//! - **flat**: a Hessian eigenvalue counts as zero ([`FLAT_CURVATURE`]);
//! - **the kind of point** ([`PointKind`]): at a point where the run has converged, what
//!   kind of critical point it is ([`CriticalKind`]); elsewhere, the shape of the surface
//!   there ([`Shape`]);
//! - **a descent direction** ([`has_descent_direction`]) and **at a minimum**
//!   ([`at_minimum`]);
//! - **nearly singular**: how many directions a model's outputs (nearly) ignore
//!   ([`nearly_singular`], [`NEARLY_SINGULAR`]);
//! - **stalled**: the gradient below a landscape's plateau threshold while the loss is above
//!   its floor ([`stalled`]).
//!
//! Everything here is a function of plain numbers (a gradient norm, eigenvalues), so the
//! module sits below every layer that computes them.

use serde::Serialize;

/// A run has converged where |∇L| is at most this: the gradient vanishes there, and the
/// point is named by its kind of critical point. At an exact critical point of the built-in
/// landscapes the gradient evaluates to round-off, below 1e-13 (neuron's minimum reached by
/// sgd: 2.9e-15; committee's symmetric saddle: 1.9e-14); 1e-6 is far above that, and at the
/// learning rates the landscapes suggest (at most 0.1) a step there moves the parameters by
/// at most 1e-7, less than any map shows. Basin maps and ensembles stop a run here, the
/// explorer pauses, the tour says "converged" and the readout names the kind of point.
pub const CONVERGED_GRADIENT: f64 = 1e-6;

/// A Hessian eigenvalue counts as zero (a flat direction) where its magnitude is at most this
/// fraction of the largest eigenvalue's (or of 1, when every eigenvalue is smaller than 1).
/// Along such a direction a gradient step at a stable learning rate (below 2 / λmax) changes
/// the slope a million times more slowly than along the steepest one, which no run in the
/// explorer shows; and it is far above the round-off of the exact (dual-number) Hessians, so
/// a zero eigenvalue never looks curved. neuron's saturated top (λ 6.7e-6 against 16) is
/// flat by it; committee's minimum (λ 3.2e-4 against 72.9) is not: it is a true minimum,
/// only ill-conditioned.
pub const FLAT_CURVATURE: f64 = 1e-6;

/// A model's Fisher eigenvalue counts as (nearly) zero where it is at most this fraction of
/// the largest: a direction in which the outputs barely change. On committee's plateau three
/// of six are below it, after the escape one.
pub const NEARLY_SINGULAR: f64 = 1e-4;

/// What a point of zero gradient is, judged by the Hessian's eigenvalues.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CriticalKind {
    /// Every eigenvalue positive.
    Minimum,
    /// Every eigenvalue negative.
    Maximum,
    /// Eigenvalues of both signs.
    Saddle,
    /// An eigenvalue is zero ([`FLAT_CURVATURE`]) and no two have opposite signs: the
    /// second-order test cannot decide.
    Degenerate,
}

impl CriticalKind {
    /// The lower-case name used in output.
    pub fn name(self) -> &'static str {
        match self {
            Self::Minimum => "minimum",
            Self::Maximum => "maximum",
            Self::Saddle => "saddle",
            Self::Degenerate => "degenerate",
        }
    }
}

/// The shape of the surface at a point where the gradient does not vanish.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Shape {
    /// Curving up in every direction.
    Convex,
    /// Curving down in every direction.
    Concave,
    /// Curving up in some directions and down in others.
    SaddleShaped,
    /// Flat in some direction ([`FLAT_CURVATURE`]) and curving one way or not at all in the
    /// others.
    Flat,
}

/// What the Hessian says about a point: its kind of critical point where the run has
/// converged, else the shape of the surface there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PointKind {
    /// The gradient vanishes ([`converged`]).
    Critical(CriticalKind),
    /// It does not.
    Here(Shape),
}

impl PointKind {
    /// The verdict at a point of gradient norm `grad_norm` and Hessian `eigenvalues` (any
    /// number of them, in any order).
    pub fn at(grad_norm: f64, eigenvalues: &[f64]) -> Self {
        let kind = classify(eigenvalues);
        if converged(grad_norm) {
            return Self::Critical(kind);
        }
        Self::Here(match kind {
            CriticalKind::Minimum => Shape::Convex,
            CriticalKind::Maximum => Shape::Concave,
            CriticalKind::Saddle => Shape::SaddleShaped,
            CriticalKind::Degenerate => Shape::Flat,
        })
    }

    /// The words the readout shows for it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Critical(CriticalKind::Minimum) => "minimum",
            Self::Critical(CriticalKind::Maximum) => "maximum",
            Self::Critical(CriticalKind::Saddle) => "saddle point",
            Self::Critical(CriticalKind::Degenerate) => "degenerate",
            Self::Here(Shape::Convex) => "convex here",
            Self::Here(Shape::Concave) => "concave here",
            Self::Here(Shape::SaddleShaped) => "saddle-shaped here",
            Self::Here(Shape::Flat) => "flat direction",
        }
    }
}

/// Whether a run with gradient norm `grad_norm` has converged (|∇L| ≤
/// [`CONVERGED_GRADIENT`]; false for NaN).
pub fn converged(grad_norm: f64) -> bool {
    grad_norm <= CONVERGED_GRADIENT
}

/// The magnitude at or below which an eigenvalue of these counts as zero.
fn zero(eigenvalues: &[f64]) -> f64 {
    let largest = eigenvalues.iter().fold(1.0f64, |m, l| m.max(l.abs()));
    FLAT_CURVATURE * largest
}

/// Classifies a point by its Hessian eigenvalues (any number, any order): a saddle where
/// some are clearly positive and some clearly negative, a minimum (maximum) where all are
/// clearly positive (negative), degenerate otherwise (also for none, or NaN).
pub fn classify(eigenvalues: &[f64]) -> CriticalKind {
    let zero = zero(eigenvalues);
    let up = eigenvalues.iter().any(|&l| l > zero);
    let down = eigenvalues.iter().any(|&l| l < -zero);
    let flat = eigenvalues.iter().any(|&l| l.abs() <= zero);
    match (up, down, flat) {
        (true, true, _) => CriticalKind::Saddle,
        (_, _, true) => CriticalKind::Degenerate,
        (true, false, false) => CriticalKind::Minimum,
        (false, true, false) => CriticalKind::Maximum,
        _ => CriticalKind::Degenerate,
    }
}

/// Whether the surface curves down along some direction: an eigenvalue clearly below zero
/// (where the map draws the negative-curvature direction, and what keeps a converged run
/// from counting as at a minimum).
pub fn has_descent_direction(eigenvalues: &[f64]) -> bool {
    let zero = zero(eigenvalues);
    eigenvalues.iter().any(|&l| l < -zero)
}

/// Whether a run is at a minimum: converged where no direction descends (a minimum, or a
/// degenerate point without negative curvature). Not finite eigenvalues (`None`) do not
/// count as a descent direction.
pub fn at_minimum(grad_norm: f64, eigenvalues: Option<&[f64]>) -> bool {
    converged(grad_norm) && !eigenvalues.is_some_and(has_descent_direction)
}

/// How many of a model's Fisher eigenvalues are at most [`NEARLY_SINGULAR`] of the largest:
/// the directions in which its outputs (nearly) do not change. All of them if F is zero.
pub fn nearly_singular(fisher_eigenvalues: &[f64]) -> usize {
    let largest = fisher_eigenvalues.iter().fold(0.0f64, |m, &l| m.max(l));
    (fisher_eigenvalues.iter())
        .filter(|l| l.abs() <= NEARLY_SINGULAR * largest)
        .count()
}

/// Whether a run is stalled: |∇L| below the landscape's plateau threshold `grad_tol` while
/// the loss is above `loss_floor` (so that a minimum is not a plateau).
pub fn stalled(grad_norm: f64, loss: f64, grad_tol: f64, loss_floor: f64) -> bool {
    grad_norm < grad_tol && loss > loss_floor
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_signs() {
        assert_eq!(classify(&[1.0, 2.0]), CriticalKind::Minimum);
        assert_eq!(classify(&[-2.0, -1.0]), CriticalKind::Maximum);
        assert_eq!(classify(&[-1.0, 1.0]), CriticalKind::Saddle);
        assert_eq!(classify(&[0.0, 1.0]), CriticalKind::Degenerate);
        assert_eq!(classify(&[1e-12, 5.0]), CriticalKind::Degenerate);
        assert_eq!(classify(&[0.0, 0.0]), CriticalKind::Degenerate);
        // Of many: one of each sign is a saddle, whatever else is flat.
        assert_eq!(classify(&[-0.15, 1e-15, 0.7, 43.0]), CriticalKind::Saddle);
        assert_eq!(classify(&[3.2e-4, 0.17, 72.9]), CriticalKind::Minimum);
    }

    #[test]
    fn the_kind_is_named_only_where_the_gradient_vanishes() {
        let label = |g: f64, e: &[f64]| PointKind::at(g, e).label();
        assert_eq!(label(0.0, &[1.0, 2.0]), "minimum");
        assert_eq!(label(1.0, &[1.0, 2.0]), "convex here");
        assert_eq!(label(1.0, &[-1.0, 2.0]), "saddle-shaped here");
        assert_eq!(label(1e-7, &[-1.0, 2.0]), "saddle point");
        assert_eq!(label(1.0, &[-2.0, -1.0]), "concave here");
        assert_eq!(label(1.0, &[1e-12, 16.0]), "flat direction");
        assert_eq!(label(0.0, &[0.0, 16.0]), "degenerate");
        assert!(converged(CONVERGED_GRADIENT) && !converged(2.0 * CONVERGED_GRADIENT));
        assert!(!converged(f64::NAN));
    }

    #[test]
    fn a_minimum_has_no_descent_direction() {
        assert!(at_minimum(0.0, Some(&[0.0, 2.0])));
        assert!(!at_minimum(0.0, Some(&[-1.0, 2.0])));
        assert!(!at_minimum(1.0, Some(&[1.0, 2.0])));
        assert!(at_minimum(0.0, None));
        assert!(!has_descent_direction(&[-1e-9, 2.0]));
    }

    #[test]
    fn nearly_singular_counts_relative_to_the_largest() {
        assert_eq!(nearly_singular(&[1e-12, 1e-5, 0.5, 1.0]), 2);
        assert_eq!(nearly_singular(&[0.0, 0.0]), 2);
        assert!(stalled(1e-4, 1.0, 1e-3, 0.5) && !stalled(1e-4, 0.1, 1e-3, 0.5));
    }
}
