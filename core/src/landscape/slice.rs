//! A landscape seen on a plane through its parameter space: a [`Surface`] the map can draw.

use super::Landscape;
use crate::geometry::plane::Plane;
use crate::geometry::surface::Surface;
use crate::num::dot;
use crate::{Matrix, MatrixN, Point};

/// A landscape seen on a plane: L(θ(u, v)) with its gradient and Hessian in (u, v).
pub struct Slice<'a> {
    landscape: &'a dyn Landscape,
    plane: &'a Plane,
}

/// Parameter vectors of up to this many coordinates are built on the stack when a slice is
/// evaluated, so that drawing a map allocates nothing per point.
const STACK_DIM: usize = 32;

impl<'a> Slice<'a> {
    /// `landscape` on `plane` (of the landscape's dimension).
    pub fn new(landscape: &'a dyn Landscape, plane: &'a Plane) -> Self {
        Self { landscape, plane }
    }

    /// Calls `f` with the parameters of `p` and a zeroed scratch vector of the same length
    /// (both on the stack for up to [`STACK_DIM`] parameters).
    fn at<R>(&self, p: Point, f: impl FnOnce(&[f64], &mut [f64]) -> R) -> R {
        let dim = self.plane.dim();
        if dim <= STACK_DIM {
            let (mut theta, mut scratch) = ([0.0; STACK_DIM], [0.0; STACK_DIM]);
            self.plane.params(p, &mut theta[..dim]);
            f(&theta[..dim], &mut scratch[..dim])
        } else {
            f(&self.plane.params_of(p), &mut vec![0.0; dim])
        }
    }
}

impl Surface for Slice<'_> {
    fn value(&self, p: Point) -> f64 {
        self.at(p, |theta, _| self.landscape.value(theta))
    }

    fn gradient(&self, p: Point) -> Point {
        self.at(p, |theta, g| {
            self.landscape.gradient(theta, g);
            Point::new(dot(g, self.plane.d1()), dot(g, self.plane.d2()))
        })
    }

    fn hessian(&self, p: Point) -> Matrix {
        let h: MatrixN = self.landscape.hessian(&self.plane.params_of(p));
        let d1 = nalgebra::DVector::from_column_slice(self.plane.d1());
        let d2 = nalgebra::DVector::from_column_slice(self.plane.d2());
        let (h1, h2) = (&h * &d1, &h * &d2);
        let off = d1.dot(&h2);
        Matrix::new(d1.dot(&h1), off, off, d2.dot(&h2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slice_is_the_landscape_on_the_plane_with_projected_derivatives() {
        let committee = super::super::by_name("committee").unwrap();
        let theta = [1.4, 0.1, 1.5, -0.1, 0.9, 1.1];
        let plane = Plane::spanned(
            &theta,
            &[1.0, 2.0, 0.0, 0.0, 0.0, -1.0],
            &[0.0, 0.0, 1.0, 1.0, 3.0, 0.0],
        )
        .unwrap();
        let slice = Slice::new(committee.as_ref(), &plane);
        let p = Point::new(0.3, -0.2);
        let at = plane.params_of(p);
        assert_eq!(slice.value(p), committee.value(&at));
        let mut g = vec![0.0; 6];
        committee.gradient(&at, &mut g);
        assert_eq!(
            slice.gradient(p),
            Point::new(dot(&g, plane.d1()), dot(&g, plane.d2()))
        );
        // The Hessian on the plane is the second derivative along it: central differences
        // of the slice's own gradient.
        let h = 1e-6;
        let hessian = slice.hessian(p);
        for (k, step) in [Point::new(h, 0.0), Point::new(0.0, h)]
            .into_iter()
            .enumerate()
        {
            let column = (slice.gradient(p + step) - slice.gradient(p - step)) / (2.0 * h);
            assert!(
                (column - hessian.column(k)).norm() < 1e-7 * hessian.amax(),
                "{hessian}"
            );
        }
    }
}
