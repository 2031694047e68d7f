//! The Styblinski–Tang function: a separable quartic with four minima of different depths
//! around a central maximum.

use super::{
    Entry, Formula, KnownPoint, LandscapeInfo, PlateauRule, Smooth, SuggestedLr, param_names,
};
use crate::geometry::domain::Domain;
use num_dual::DualNum;
use std::sync::Arc;

/// `L(x, y) = ½(x⁴ − 16x² + 5x + y⁴ − 16y² + 5y)`.
pub struct StyblinskiTang;

impl Formula for StyblinskiTang {
    fn eval<D: DualNum<Primitive = f64> + Copy>(&self, x: D, y: D) -> D {
        let term = |v: D| v.powi(4) - v * v * 16.0 + v * 5.0;
        (term(x) + term(y)) * 0.5
    }
}

/// The deeper 1-D minimum, near −2.9.
const DEEP: f64 = -2.903534027771177;
/// The shallower 1-D minimum, near 2.75.
const SHALLOW: f64 = 2.746802770990837;

/// Registry entry.
pub const ENTRY: Entry = Entry {
    name: "styblinski-tang",
    build: |name| {
        Arc::new(Smooth::new(
            StyblinskiTang,
            LandscapeInfo {
                name: name.into(),
                description:
                    "four minima of unequal depth: from just past the top GD ends in the worst"
                        .into(),
                formula: "0.5*(x^4 - 16*x^2 + 5*x + y^4 - 16*y^2 + 5*y)".into(),
                parameters: param_names(&["x", "y"]),
                domain: Domain::square(5.0),
                start: vec![0.3, 0.3],
                lr: SuggestedLr {
                    gradient: 0.01,
                    adaptive: 0.05,
                },
                known_points: vec![
                    KnownPoint::minimum(DEEP, DEEP, -78.33233140754284),
                    KnownPoint::minimum(DEEP, SHALLOW, -64.19561235905536),
                    KnownPoint::minimum(SHALLOW, DEEP, -64.19561235905536),
                    KnownPoint::minimum(SHALLOW, SHALLOW, -50.05889331056789),
                ],
                plateau: PlateauRule::DEFAULT,
                dataset: None,
            },
        ))
    },
};
