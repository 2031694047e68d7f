//! The Goldstein–Price function: values from 3 to about 10⁶ on [−2, 2]², four minima.
//!
//! Its scale is the lesson: gradients reach 10⁷, so plain gradient descent needs a learning
//! rate near 10⁻⁵, and then crawls wherever the surface is gentle.

use super::{
    CriticalKind, Entry, Formula, KnownPoint, LandscapeInfo, PlateauRule, Smooth, SuggestedLr,
    param_names,
};
use crate::geometry::domain::Domain;
use num_dual::DualNum;
use std::sync::Arc;

/// `L(x, y) = [1 + (x+y+1)²·P]·[30 + (2x−3y)²·Q]` with
/// `P = 19 − 14x + 3x² − 14y + 6xy + 3y²` and
/// `Q = 18 − 32x + 12x² + 48y − 36xy + 27y²`.
pub struct GoldsteinPrice;

impl Formula for GoldsteinPrice {
    fn eval<D: DualNum<Primitive = f64> + Copy>(&self, x: D, y: D) -> D {
        let s = x + y + 1.0;
        let p = -x * 14.0 + 19.0 + x * x * 3.0 - y * 14.0 + x * y * 6.0 + y * y * 3.0;
        let d = x * 2.0 - y * 3.0;
        let q = -x * 32.0 + 18.0 + x * x * 12.0 + y * 48.0 - x * y * 36.0 + y * y * 27.0;
        (s * s * p + 1.0) * (d * d * q + 30.0)
    }
}

/// Registry entry.
pub const ENTRY: Entry = Entry {
    name: "goldstein-price",
    build: |name| {
        Arc::new(Smooth::new(
            GoldsteinPrice,
            LandscapeInfo {
                name: name.into(),
                description:
                    "values from 3 to 10⁶: tiny learning rates, and local minima on the way".into(),
                formula: concat!(
                    "(1 + (x + y + 1)^2*(19 - 14*x + 3*x^2 - 14*y + 6*x*y + 3*y^2))",
                    "*(30 + (2*x - 3*y)^2*(18 - 32*x + 12*x^2 + 48*y - 36*x*y + 27*y^2))"
                )
                .into(),
                parameters: param_names(&["x", "y"]),
                domain: Domain::square(2.0),
                start: vec![0.5, 0.5],
                lr: SuggestedLr {
                    gradient: 1e-5,
                    adaptive: 0.01,
                },
                known_points: vec![
                    KnownPoint::minimum(0.0, -1.0, 3.0),
                    KnownPoint::minimum(-0.6, -0.4, 30.0),
                    KnownPoint::minimum(1.8, 0.2, 84.0),
                    KnownPoint::minimum(1.2, 0.8, 840.0),
                    KnownPoint::saddle(-0.4, -0.6, 35.0),
                    KnownPoint::saddle(1.2, -0.2, 99.0),
                    KnownPoint::saddle(1.4, 0.6, 980.0),
                    KnownPoint::saddle(0.6, 0.4, 990.0),
                    KnownPoint {
                        position: vec![0.8, 0.2],
                        value: 1155.0,
                        kind: CriticalKind::Maximum,
                    },
                ],
                plateau: PlateauRule::DEFAULT,
                dataset: None,
            },
        ))
    },
};
