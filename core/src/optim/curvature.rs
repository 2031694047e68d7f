//! The eigen-solve shared by Newton and saddle-free Newton: solve `H'·d = g`, where `H'` is
//! the Hessian with each eigenvalue replaced.

use crate::{Matrix, Point};
use nalgebra::SymmetricEigen;

/// `V·diag(1/modify(λᵢ))·Vᵀ·g` for the symmetric eigen-decomposition `H = V·diag(λᵢ)·Vᵀ`.
///
/// A Hessian with a non-finite entry gives a NaN direction, so that the step propagates it
/// as a NaN gradient does: nalgebra would return a partly finite decomposition, and
/// `max(|λ|, damping)` would hide a NaN eigenvalue.
pub(super) fn solve_modified(h: Matrix, g: Point, modify: impl Fn(f64) -> f64) -> Point {
    if !h.iter().all(|x| x.is_finite()) {
        return Point::repeat(f64::NAN);
    }
    let eigen = SymmetricEigen::new(h);
    let v = eigen.eigenvectors;
    let along = (v.transpose() * g).zip_map(&eigen.eigenvalues, |c, l| c / modify(l));
    v * along
}
