//! Functions of a point of a plane, with exact derivatives: what the map draws, the
//! curvature is read from and the critical-point finder searches.

use crate::{Matrix, Point};

/// A function of a point of a plane with its exact gradient and Hessian: what the map draws.
pub trait Surface: Send + Sync {
    /// The value at `p`.
    fn value(&self, p: Point) -> f64;
    /// The gradient at `p`.
    fn gradient(&self, p: Point) -> Point;
    /// The Hessian at `p`.
    fn hessian(&self, p: Point) -> Matrix;
}
