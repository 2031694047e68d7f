//! Booth's function: a tilted quadratic bowl with Hessian [[10, 8], [8, 10]].

use super::{
    Entry, Formula, KnownPoint, LandscapeInfo, PlateauRule, Smooth, SuggestedLr, param_names,
};
use crate::geometry::domain::Domain;
use num_dual::DualNum;
use std::sync::Arc;

/// `L(x, y) = (x + 2y − 7)² + (2x + y − 5)²`.
pub struct Booth;

impl Formula for Booth {
    fn eval<D: DualNum<Primitive = f64> + Copy>(&self, x: D, y: D) -> D {
        let u = x + y * 2.0 - 7.0;
        let v = x * 2.0 + y - 5.0;
        u * u + v * v
    }
}

/// Registry entry.
pub const ENTRY: Entry = Entry {
    name: "booth",
    build: |name| {
        Arc::new(Smooth::new(
            Booth,
            LandscapeInfo {
                name: name.into(),
                description:
                    "tilted quadratic bowl, curvatures 2 and 18: the flat direction sets the pace"
                        .into(),
                formula: "(x + 2*y - 7)^2 + (2*x + y - 5)^2".into(),
                parameters: param_names(&["x", "y"]),
                domain: Domain::square(10.0),
                start: vec![-8.0, -6.0],
                lr: SuggestedLr {
                    gradient: 0.01,
                    adaptive: 0.1,
                },
                known_points: vec![KnownPoint::minimum(1.0, 3.0, 0.0)],
                plateau: PlateauRule::DEFAULT,
                dataset: None,
            },
        ))
    },
};
