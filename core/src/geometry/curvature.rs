//! The Hessian's eigen-decomposition at a point and what it says about the point.

use super::surface::Surface;
use crate::verdict::{CriticalKind, classify};
use crate::{Matrix, MatrixN, Point};
use nalgebra::SymmetricEigen;

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
            kind: classify(&eigenvalues),
        })
    }
}

/// The unit direction, within the 2-D subspace spanned by the orthonormal `basis`, along
/// which `hessian` curves least: the eigenvector of the smallest eigenvalue of the Hessian
/// restricted to that subspace, as coordinates in the basis, its larger component positive.
/// (For a model's singular view: on the singular region itself, the direction in which
/// parting the units lowers the loss fastest.)
pub fn least_curvature(hessian: &MatrixN, basis: [&[f64]; 2]) -> Option<[f64; 2]> {
    let n = hessian.nrows();
    let form = |a: &[f64], b: &[f64]| -> f64 {
        let mut total = 0.0;
        for c in 0..n {
            for r in 0..n {
                total += a[r] * hessian[(r, c)] * b[c];
            }
        }
        total
    };
    let off = form(basis[0], basis[1]);
    let restricted = Matrix::new(form(basis[0], basis[0]), off, off, form(basis[1], basis[1]));
    let v = Curvature::of(restricted)?.eigenvectors[0];
    let sign = if v.x.abs() >= v.y.abs() {
        v.x.signum()
    } else {
        v.y.signum()
    };
    Some([sign * v.x, sign * v.y])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eigenvalues_are_sorted_with_their_vectors() {
        let c = Curvature::of(Matrix::new(-2.0, 0.0, 0.0, 3.0)).unwrap();
        assert_eq!(c.eigenvalues, [-2.0, 3.0]);
        assert_eq!(c.eigenvectors[0].x.abs(), 1.0);
        assert_eq!(c.eigenvectors[1].y.abs(), 1.0);
        assert!(Curvature::of(Matrix::new(f64::NAN, 0.0, 0.0, 1.0)).is_none());
    }

    #[test]
    fn least_curvature_is_the_restricted_hessians_lowest_eigenvector() {
        let h = MatrixN::from_row_slice(3, 3, &[2.0, 0.0, 0.0, 0.0, -1.0, 0.0, 0.0, 0.0, 5.0]);
        let s = std::f64::consts::FRAC_1_SQRT_2;
        // In the basis (e0, e1) the restricted form is diag(2, −1): e1; in (e2, (e0 + e1)/√2)
        // it is diag(5, 0.5): the second basis vector.
        assert_eq!(
            least_curvature(&h, [&[1.0, 0.0, 0.0], &[0.0, 1.0, 0.0]]),
            Some([0.0, 1.0])
        );
        let v = least_curvature(&h, [&[0.0, 0.0, 1.0], &[s, s, 0.0]]).unwrap();
        assert!((v[0]).abs() < 1e-15 && (v[1] - 1.0).abs() < 1e-15, "{v:?}");
    }
}
