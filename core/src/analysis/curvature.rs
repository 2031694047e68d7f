//! The Hessian's eigen-decomposition at a point and what it says about the point.

use crate::landscape::{CriticalKind, Surface};
use crate::{Matrix, Point};
use nalgebra::SymmetricEigen;

/// Eigenvalues below this fraction of the larger one (or of 1) count as zero.
const RELATIVE_ZERO: f64 = 1e-8;

/// Eigen-decomposition of the Hessian at a point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Curvature {
    /// Eigenvalues, smallest first.
    pub eigenvalues: [f64; 2],
    /// Unit eigenvectors, in the order of `eigenvalues`.
    pub eigenvectors: [Point; 2],
    /// What the point would be if the gradient vanished there.
    pub kind: CriticalKind,
}

impl Curvature {
    /// The curvature of `landscape` at `p`; `None` where the Hessian is not finite.
    pub fn at(landscape: &dyn Surface, p: Point) -> Option<Self> {
        Self::of(landscape.hessian(p))
    }

    /// The decomposition of a symmetric matrix; `None` if it has non-finite entries.
    pub fn of(h: Matrix) -> Option<Self> {
        if !h.iter().all(|v| v.is_finite()) {
            return None;
        }
        let eig = SymmetricEigen::new(h);
        let (i, j) = if eig.eigenvalues[0] <= eig.eigenvalues[1] {
            (0, 1)
        } else {
            (1, 0)
        };
        let eigenvalues = [eig.eigenvalues[i], eig.eigenvalues[j]];
        let eigenvectors = [
            eig.eigenvectors.column(i).into_owned(),
            eig.eigenvectors.column(j).into_owned(),
        ];
        Some(Self {
            eigenvalues,
            eigenvectors,
            kind: classify(eigenvalues),
        })
    }
}

/// Classifies a point by its Hessian eigenvalues (smallest first).
pub fn classify([low, high]: [f64; 2]) -> CriticalKind {
    let zero = RELATIVE_ZERO * low.abs().max(high.abs()).max(1.0);
    if low.abs() <= zero || high.abs() <= zero {
        CriticalKind::Degenerate
    } else if low > 0.0 {
        CriticalKind::Minimum
    } else if high < 0.0 {
        CriticalKind::Maximum
    } else {
        CriticalKind::Saddle
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_signs() {
        assert_eq!(classify([1.0, 2.0]), CriticalKind::Minimum);
        assert_eq!(classify([-2.0, -1.0]), CriticalKind::Maximum);
        assert_eq!(classify([-1.0, 1.0]), CriticalKind::Saddle);
        assert_eq!(classify([0.0, 1.0]), CriticalKind::Degenerate);
        assert_eq!(classify([1e-12, 5.0]), CriticalKind::Degenerate);
    }

    #[test]
    fn eigenvalues_are_sorted_with_their_vectors() {
        let c = Curvature::of(Matrix::new(-2.0, 0.0, 0.0, 3.0)).unwrap();
        assert_eq!(c.eigenvalues, [-2.0, 3.0]);
        assert_eq!(c.eigenvectors[0].x.abs(), 1.0);
        assert_eq!(c.eigenvectors[1].y.abs(), 1.0);
        assert!(Curvature::of(Matrix::new(f64::NAN, 0.0, 0.0, 1.0)).is_none());
    }
}
