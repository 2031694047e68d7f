//! The monkey saddle `x³ − 3xy² = r³·cos 3θ`: three valleys meet three ridges at a point
//! where the Hessian vanishes.
//!
//! Near such a degenerate saddle the gradient is quadratic in the distance, so gradient
//! descent approaches along a ridge like `1/k` and escapes polynomially, not exponentially.

use super::{
    CriticalKind, Entry, Formula, KnownPoint, LandscapeInfo, PlateauRule, Smooth, SuggestedLr,
    param_names,
};
use crate::Point;
use crate::geometry::domain::Domain;
use num_dual::DualNum;
use std::sync::Arc;

/// `L(x, y) = x³ − 3xy²`.
pub struct Monkey;

impl Formula for Monkey {
    fn eval<D: DualNum<Primitive = f64> + Copy>(&self, x: D, y: D) -> D {
        x * x * x - x * y * y * 3.0
    }

    /// The order of the torch reference runs (docs/reference/OPTIMIZERS.md §1, `monkey`).
    fn gradient(&self, p: Point) -> Option<Point> {
        let (x, y) = (p.x, p.y);
        Some(Point::new(3.0 * x * x - 3.0 * y * y, -6.0 * x * y))
    }
}

/// Registry entry.
pub const ENTRY: Entry = Entry {
    name: "monkey",
    build: |name| {
        Arc::new(Smooth::new(
            Monkey,
            LandscapeInfo {
                name: name.into(),
                description:
                    "x³−3xy²: a degenerate saddle (zero Hessian), left only polynomially slowly"
                        .into(),
                formula: "x^3 - 3*x*y^2".into(),
                parameters: param_names(&["x", "y"]),
                domain: Domain::square(1.5),
                start: vec![0.5, 0.01],
                lr: SuggestedLr {
                    gradient: 0.01,
                    adaptive: 0.01,
                },
                known_points: vec![KnownPoint {
                    position: vec![0.0, 0.0],
                    value: 0.0,
                    kind: CriticalKind::Degenerate,
                }],
                plateau: PlateauRule::DEFAULT,
                dataset: None,
            },
        ))
    },
};
