//! The three-hump camel: a global minimum at the origin flanked by two shallow local minima.

use super::{
    Entry, Formula, KnownPoint, LandscapeInfo, PlateauRule, Smooth, SuggestedLr, param_names,
};
use crate::geometry::domain::Domain;
use num_dual::DualNum;
use std::sync::Arc;

/// `L(x, y) = 2x² − 1.05x⁴ + x⁶/6 + xy + y²`.
pub struct Camel3;

impl Formula for Camel3 {
    fn eval<D: DualNum<Primitive = f64> + Copy>(&self, x: D, y: D) -> D {
        x * x * 2.0 - x.powi(4) * 1.05 + x.powi(6) / 6.0 + x * y + y * y
    }
}

/// Registry entry.
pub const ENTRY: Entry = Entry {
    name: "camel3",
    build: |name| {
        Arc::new(Smooth::new(
            Camel3,
            LandscapeInfo {
                name: name.into(),
                description:
                    "three-hump camel: one global and two local minima; the start picks the end"
                        .into(),
                formula: "2*x^2 - 1.05*x^4 + x^6/6 + x*y + y^2".into(),
                parameters: param_names(&["x", "y"]),
                domain: Domain::square(2.0),
                start: vec![-2.0, 1.0],
                lr: SuggestedLr {
                    gradient: 0.01,
                    adaptive: 0.05,
                },
                known_points: vec![
                    KnownPoint::minimum(0.0, 0.0, 0.0),
                    KnownPoint::minimum(1.7475523458302888, -0.8737761729151444, 0.298638442236859),
                    KnownPoint::minimum(-1.7475523458302888, 0.8737761729151444, 0.298638442236859),
                    KnownPoint::saddle(1.0705422918236598, -0.5352711459118299, 0.8773615577631402),
                    KnownPoint::saddle(-1.0705422918236598, 0.5352711459118299, 0.8773615577631402),
                ],
                plateau: PlateauRule::DEFAULT,
                dataset: None,
            },
        ))
    },
};
