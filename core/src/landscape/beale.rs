//! Beale's function: a flat basin around the minimum (3, 0.5) and walls that grow like x²y⁶
//! beyond |y| > 1, so gradients span many orders of magnitude.

use super::{
    Entry, Formula, KnownPoint, LandscapeInfo, PlateauRule, Smooth, SuggestedLr, param_names,
};
use crate::Point;
use crate::geometry::domain::Domain;
use num_dual::DualNum;
use std::sync::Arc;

/// `L(x, y) = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²`.
pub struct Beale;

impl Formula for Beale {
    fn eval<D: DualNum<Primitive = f64> + Copy>(&self, x: D, y: D) -> D {
        let y2 = y * y;
        let y3 = y2 * y;
        let t1 = -x + 1.5 + x * y;
        let t2 = -x + 2.25 + x * y2;
        let t3 = -x + 2.625 + x * y3;
        t1 * t1 + t2 * t2 + t3 * t3
    }

    /// The order of the torch reference runs (docs/reference/OPTIMIZERS.md §1, `beale`).
    fn gradient(&self, p: Point) -> Option<Point> {
        let (x, y) = (p.x, p.y);
        let y2 = y * y;
        let y3 = y2 * y;
        let t1 = 1.5 - x + x * y;
        let t2 = 2.25 - x + x * y2;
        let t3 = 2.625 - x + x * y3;
        Some(Point::new(
            2.0 * t1 * (y - 1.0) + 2.0 * t2 * (y2 - 1.0) + 2.0 * t3 * (y3 - 1.0),
            2.0 * t1 * x + 2.0 * t2 * (2.0 * x * y) + 2.0 * t3 * (3.0 * x * y2),
        ))
    }
}

/// Registry entry.
pub const ENTRY: Entry = Entry {
    name: "beale",
    build: |name| {
        Arc::new(Smooth::new(
            Beale,
            LandscapeInfo {
                name: name.into(),
                description:
                    "a flat basin between walls growing like x²y⁶: no one learning rate fits".into(),
                formula: "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2".into(),
                parameters: param_names(&["x", "y"]),
                domain: Domain::square(4.5),
                start: vec![1.0, 1.5],
                lr: SuggestedLr {
                    gradient: 0.001,
                    adaptive: 0.01,
                },
                known_points: vec![
                    KnownPoint::minimum(3.0, 0.5, 0.0),
                    KnownPoint::saddle(0.0, 1.0, 14.203125),
                    KnownPoint::saddle(0.10053793732415836, -2.644513585023125, 9.86451228475556),
                ],
                plateau: PlateauRule::DEFAULT,
                dataset: None,
            },
        ))
    },
};
