//! The seed article's first example: the round bowl `x² + y²`.

use super::{
    Entry, Formula, KnownPoint, LandscapeInfo, PlateauRule, Smooth, SuggestedLr, param_names,
};
use crate::Point;
use crate::geometry::domain::Domain;
use num_dual::DualNum;
use std::sync::Arc;

/// `L(x, y) = x² + y²`.
pub struct Bowl;

impl Formula for Bowl {
    fn eval<D: DualNum<Primitive = f64> + Copy>(&self, x: D, y: D) -> D {
        x * x + y * y
    }

    fn gradient(&self, p: Point) -> Option<Point> {
        Some(Point::new(2.0 * p.x, 2.0 * p.y))
    }
}

/// Registry entry.
pub const ENTRY: Entry = Entry {
    name: "bowl",
    build: |name| {
        Arc::new(Smooth::new(
            Bowl,
            LandscapeInfo {
                name: name.into(),
                description: "round bowl x²+y²: the seed's first example, one minimum, no trap"
                    .into(),
                formula: "x^2 + y^2".into(),
                parameters: param_names(&["x", "y"]),
                domain: Domain::square(3.0),
                start: vec![2.0, 3.0],
                lr: SuggestedLr {
                    gradient: 0.1,
                    adaptive: 0.05,
                },
                known_points: vec![KnownPoint::minimum(0.0, 0.0, 0.0)],
                plateau: PlateauRule::DEFAULT,
                dataset: None,
            },
        ))
    },
};
