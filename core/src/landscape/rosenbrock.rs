//! Rosenbrock's banana `(1 − x)² + 100(y − x²)²`.
//!
//! The valley floor y ≈ x² is nearly flat while its walls are steep (condition number ≈ 2508
//! at the minimum), so the gradient points across the valley and progress along it is slow.

use super::{
    Entry, Formula, KnownPoint, LandscapeInfo, PlateauRule, Smooth, SuggestedLr, param_names,
};
use crate::Point;
use crate::geometry::domain::Domain;
use num_dual::DualNum;
use std::sync::Arc;

/// Rosenbrock's `a`.
const A: f64 = 1.0;
/// Rosenbrock's `b`.
const B: f64 = 100.0;

/// `L(x, y) = (a − x)² + b(y − x²)²` with a = 1, b = 100.
pub struct Rosenbrock;

impl Formula for Rosenbrock {
    fn eval<D: DualNum<Primitive = f64> + Copy>(&self, x: D, y: D) -> D {
        let u = -x + A;
        let d = y - x * x;
        u * u + d * d * B
    }

    /// The order of the torch reference runs (docs/reference/OPTIMIZERS.md §1, `rosenbrock`).
    fn gradient(&self, p: Point) -> Option<Point> {
        let (x, y) = (p.x, p.y);
        let d = y - x * x;
        Some(Point::new(-2.0 * (A - x) - 4.0 * B * x * d, 2.0 * B * d))
    }
}

/// Registry entry.
pub const ENTRY: Entry = Entry {
    name: "rosenbrock",
    build: |name| {
        Arc::new(Smooth::new(
            Rosenbrock,
            LandscapeInfo {
                name: name.into(),
                description:
                    "a curved, narrow valley: the gradient points across its floor, GD crawls"
                        .into(),
                formula: "(1 - x)^2 + 100*(y - x^2)^2".into(),
                parameters: param_names(&["x", "y"]),
                domain: Domain::rect(-2.0, 2.0, -1.0, 3.0),
                start: vec![-1.2, 1.0],
                lr: SuggestedLr {
                    gradient: 0.001,
                    adaptive: 0.01,
                },
                known_points: vec![KnownPoint::minimum(1.0, 1.0, 0.0)],
                plateau: PlateauRule::DEFAULT,
                dataset: None,
            },
        ))
    },
};
