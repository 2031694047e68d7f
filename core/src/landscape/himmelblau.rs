//! Himmelblau's function: four equally good minima separated by saddles around one maximum.

use super::{
    CriticalKind, Entry, Formula, KnownPoint, LandscapeInfo, PlateauRule, Smooth, SuggestedLr,
    param_names,
};
use crate::Point;
use crate::geometry::domain::Domain;
use num_dual::DualNum;
use std::sync::Arc;

/// `L(x, y) = (x² + y − 11)² + (x + y² − 7)²`.
pub struct Himmelblau;

impl Formula for Himmelblau {
    fn eval<D: DualNum<Primitive = f64> + Copy>(&self, x: D, y: D) -> D {
        let u = x * x + y - 11.0;
        let w = x + y * y - 7.0;
        u * u + w * w
    }

    /// The order of the torch reference runs (docs/reference/OPTIMIZERS.md §1, `himmelblau`).
    fn gradient(&self, p: Point) -> Option<Point> {
        let (x, y) = (p.x, p.y);
        let u = x * x + y - 11.0;
        let w = x + y * y - 7.0;
        Some(Point::new(4.0 * x * u + 2.0 * w, 2.0 * u + 4.0 * y * w))
    }
}

/// Registry entry.
pub const ENTRY: Entry = Entry {
    name: "himmelblau",
    build: |name| {
        Arc::new(Smooth::new(
            Himmelblau,
            LandscapeInfo {
                name: name.into(),
                description:
                    "four equal minima: the start decides which one you get; saddles divide them"
                        .into(),
                formula: "(x^2 + y - 11)^2 + (x + y^2 - 7)^2".into(),
                parameters: param_names(&["x", "y"]),
                domain: Domain::square(5.0),
                start: vec![0.0, 0.0],
                lr: SuggestedLr {
                    gradient: 0.01,
                    adaptive: 0.05,
                },
                known_points: vec![
                    KnownPoint::minimum(3.0, 2.0, 0.0),
                    KnownPoint::minimum(3.5844283403304917, -1.8481265269644036, 0.0),
                    KnownPoint::minimum(-2.805118086952745, 3.131312518250573, 0.0),
                    KnownPoint::minimum(-3.779310253377747, -3.2831859912861696, 0.0),
                    KnownPoint::saddle(3.385154183607021, 0.07385187983774928, 13.311926270405587),
                    KnownPoint::saddle(0.08667750455539636, 2.884254701174776, 67.71915008752613),
                    KnownPoint::saddle(
                        -3.0730257507643897,
                        -0.08135304428796751,
                        104.01516291755811,
                    ),
                    KnownPoint::saddle(
                        -0.12796134673068008,
                        -1.9537149802445763,
                        178.33723920192745,
                    ),
                    KnownPoint {
                        position: vec![-0.2708445906673476, -0.9230385564799815],
                        value: 181.6165215225827,
                        kind: CriticalKind::Maximum,
                    },
                ],
                plateau: PlateauRule::DEFAULT,
                dataset: None,
            },
        ))
    },
};
