//! Rastrigin's function: a parabola covered in cosine ripples, with a local minimum near every
//! integer point and curvature ≈ 397 at each of them.

use super::{
    Entry, Formula, KnownPoint, LandscapeInfo, PlateauRule, Smooth, SuggestedLr, param_names,
};
use crate::Point;
use crate::geometry::domain::Domain;
use num_dual::DualNum;
use std::f64::consts::PI;
use std::sync::Arc;

/// Rastrigin's `A`.
const A: f64 = 10.0;

/// `L(x, y) = 2A + x² − A·cos 2πx + y² − A·cos 2πy` with A = 10.
pub struct Rastrigin;

impl Formula for Rastrigin {
    fn eval<D: DualNum<Primitive = f64> + Copy>(&self, x: D, y: D) -> D {
        let term = |v: D| v * v - (v * (2.0 * PI)).cos() * A;
        term(x) + term(y) + 2.0 * A
    }

    /// The order of the torch reference runs (docs/reference/OPTIMIZERS.md §1, `rastrigin`).
    fn gradient(&self, p: Point) -> Option<Point> {
        let d = |v: f64| 2.0 * v + 2.0 * PI * A * (2.0 * PI * v).sin();
        Some(Point::new(d(p.x), d(p.y)))
    }
}

/// Registry entry.
pub const ENTRY: Entry = Entry {
    name: "rastrigin",
    build: |name| {
        Arc::new(Smooth::new(
            Rastrigin,
            LandscapeInfo {
                name: name.into(),
                description:
                    "a bowl covered in ripples: a local minimum near every integer point traps GD"
                        .into(),
                formula: "20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)".into(),
                parameters: param_names(&["x", "y"]),
                domain: Domain::square(5.12),
                start: vec![2.6, -3.3],
                lr: SuggestedLr {
                    gradient: 0.002,
                    adaptive: 0.05,
                },
                known_points: vec![KnownPoint::minimum(0.0, 0.0, 0.0)],
                plateau: PlateauRule::DEFAULT,
                dataset: None,
            },
        ))
    },
};
