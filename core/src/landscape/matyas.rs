//! Matyas' function: a quadratic bowl stretched along the diagonal x = y (curvatures 0.04
//! and 1).

use super::{
    Entry, Formula, KnownPoint, LandscapeInfo, PlateauRule, Smooth, SuggestedLr, param_names,
};
use crate::geometry::domain::Domain;
use num_dual::DualNum;
use std::sync::Arc;

/// `L(x, y) = 0.26(x² + y²) − 0.48xy`.
pub struct Matyas;

impl Formula for Matyas {
    fn eval<D: DualNum<Primitive = f64> + Copy>(&self, x: D, y: D) -> D {
        (x * x + y * y) * 0.26 - x * y * 0.48
    }
}

/// Registry entry.
pub const ENTRY: Entry = Entry {
    name: "matyas",
    build: |name| {
        Arc::new(Smooth::new(
            Matyas,
            LandscapeInfo {
                name: name.into(),
                description:
                    "a long flat valley along x=y (condition number 25): GD drops in, then crawls"
                        .into(),
                formula: "0.26*(x^2 + y^2) - 0.48*x*y".into(),
                parameters: param_names(&["x", "y"]),
                domain: Domain::square(10.0),
                start: vec![8.0, 2.0],
                lr: SuggestedLr {
                    gradient: 0.5,
                    adaptive: 0.1,
                },
                known_points: vec![KnownPoint::minimum(0.0, 0.0, 0.0)],
                plateau: PlateauRule::DEFAULT,
                dataset: None,
            },
        ))
    },
};
