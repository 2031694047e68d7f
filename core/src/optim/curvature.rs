//! The eigen-solve shared by Newton and saddle-free Newton: solve `H'·d = g`, where `H'` is
//! the Hessian with each eigenvalue replaced. A 2-D landscape is solved with nalgebra's
//! fixed 2×2 types (no heap allocation per step); a model with more parameters with dynamic
//! ones. Both run nalgebra's same generic algorithm.

use crate::landscape::Landscape;
use crate::{MatrixN, Point};
use nalgebra::allocator::Allocator;
use nalgebra::{DefaultAllocator, Dim, DimDiff, DimSub, OMatrix, OVector, SymmetricEigen, U1};

/// `V·diag(1/modify(λᵢ))·Vᵀ·g` for the symmetric eigen-decomposition `H = V·diag(λᵢ)·Vᵀ`.
///
/// A Hessian with a non-finite entry gives a NaN direction, so that the step propagates it
/// as a NaN gradient does: nalgebra would return a partly finite decomposition, and
/// `max(|λ|, damping)` would hide a NaN eigenvalue.
fn solve<D>(
    h: OMatrix<f64, D, D>,
    g: OVector<f64, D>,
    modify: impl Fn(f64) -> f64,
) -> OVector<f64, D>
where
    D: Dim + DimSub<U1>,
    DefaultAllocator: Allocator<D, D> + Allocator<D> + Allocator<DimDiff<D, U1>>,
{
    if !h.iter().all(|x| x.is_finite()) {
        return g.map(|_| f64::NAN);
    }
    let eigen = SymmetricEigen::new(h);
    let v = eigen.eigenvectors;
    let along = (v.transpose() * g).zip_map(&eigen.eigenvalues, |c, l| c / modify(l));
    v * along
}

/// Writes into `out` the direction `|H'|⁻¹·g` at `params` of `landscape`, `H'` its Hessian
/// with every eigenvalue λ replaced by `modify(λ)`.
pub(super) fn modified_newton(
    landscape: &dyn Landscape,
    params: &[f64],
    grad: &[f64],
    out: &mut [f64],
    modify: impl Fn(f64) -> f64,
) {
    match landscape.surface() {
        Some(surface) => {
            let h = surface.hessian(Point::new(params[0], params[1]));
            let d = solve(h, Point::new(grad[0], grad[1]), modify);
            out.copy_from_slice(d.as_slice());
        }
        None => {
            let h: MatrixN = landscape.hessian(params);
            let d = solve(
                h,
                OVector::<f64, nalgebra::Dyn>::from_column_slice(grad),
                modify,
            );
            out.copy_from_slice(d.as_slice());
        }
    }
}
