//! The seed article's 1-D quartic, made 2-D by adding `y²`.
//!
//! On the slice y = 0 it is the seed's `2x⁴ − 8x³ − 26x² + x − 5` exactly: a local minimum at
//! x ≈ −1.47 and the global one at x ≈ 4.45, with a barrier (a saddle in 2-D) in between.

use super::{
    Entry, Formula, KnownPoint, LandscapeInfo, PlateauRule, Smooth, SuggestedLr, param_names,
};
use crate::geometry::domain::Domain;
use num_dual::DualNum;
use std::sync::Arc;

/// `L(x, y) = 2x⁴ − 8x³ − 26x² + x − 5 + y²`.
pub struct Quartic;

impl Formula for Quartic {
    fn eval<D: DualNum<Primitive = f64> + Copy>(&self, x: D, y: D) -> D {
        x.powi(4) * 2.0 - x.powi(3) * 8.0 - x.powi(2) * 26.0 + x - 5.0 + y * y
    }
}

/// Registry entry.
pub const ENTRY: Entry = Entry {
    name: "quartic",
    build: |name| {
        Arc::new(Smooth::new(
            Quartic,
            LandscapeInfo {
                name: name.into(),
                description: "the seed's quartic plus y²: from x=−3 GD stops in the local minimum"
                    .into(),
                formula: "2*x^4 - 8*x^3 - 26*x^2 + x - 5 + y^2".into(),
                parameters: param_names(&["x", "y"]),
                domain: Domain::rect(-3.5, 6.0, -3.0, 3.0),
                start: vec![-3.0, 0.0],
                lr: SuggestedLr {
                    gradient: 0.01,
                    adaptive: 0.05,
                },
                known_points: vec![
                    KnownPoint::minimum(-1.4723556260047808, 0.0, -27.902434280572102),
                    KnownPoint::minimum(4.453291532215251, 0.0, -436.10712521673787),
                    KnownPoint::saddle(0.019064093789530175, 0.0, -4.990440502690049),
                ],
                plateau: PlateauRule::DEFAULT,
                dataset: None,
            },
        ))
    },
};
