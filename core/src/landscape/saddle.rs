//! The textbook strict saddle `x² − y²`.
//!
//! The gradient flow contracts x and expands y. The default start (1, 0) lies exactly on
//! y = 0, where the gradient has no y part: gradient descent walks into the saddle and stays
//! (y stays exactly 0). Any kick off the line grows by 1 + 2·lr per step and sends it away;
//! from (1, 0.001) it slides in, lingers while y is tiny, and leaves on its own.

use super::{
    Entry, Formula, KnownPoint, LandscapeInfo, PlateauRule, Smooth, SuggestedLr, param_names,
};
use crate::Point;
use crate::geometry::domain::Domain;
use num_dual::DualNum;
use std::sync::Arc;

/// `L(x, y) = x² − y²`.
pub struct Saddle;

impl Formula for Saddle {
    fn eval<D: DualNum<Primitive = f64> + Copy>(&self, x: D, y: D) -> D {
        x * x - y * y
    }

    /// The order of the torch reference runs (docs/reference/OPTIMIZERS.md §1, `saddle`).
    fn gradient(&self, p: Point) -> Option<Point> {
        Some(Point::new(2.0 * p.x, -2.0 * p.y))
    }
}

/// Registry entry.
pub const ENTRY: Entry = Entry {
    name: "saddle",
    build: |name| {
        Arc::new(Smooth::new(
            Saddle,
            LandscapeInfo {
                name: name.into(),
                description: "x²−y²: a strict saddle; start exactly on y=0 and GD never leaves"
                    .into(),
                formula: "x^2 - y^2".into(),
                parameters: param_names(&["x", "y"]),
                domain: Domain::square(2.0),
                start: vec![1.0, 0.0],
                lr: SuggestedLr {
                    gradient: 0.01,
                    adaptive: 0.05,
                },
                known_points: vec![KnownPoint::saddle(0.0, 0.0, 0.0)],
                plateau: PlateauRule::DEFAULT,
                dataset: None,
            },
        ))
    },
};
