//! The six-hump camel: two global minima, four local ones, and the saddles and maxima
//! between them.

use super::{
    CriticalKind, Entry, Formula, KnownPoint, LandscapeInfo, PlateauRule, Smooth, SuggestedLr,
    param_names,
};
use crate::geometry::domain::Domain;
use num_dual::DualNum;
use std::sync::Arc;

/// `L(x, y) = (4 − 2.1x² + x⁴/3)x² + xy + (4y² − 4)y²`.
pub struct Camel6;

impl Formula for Camel6 {
    fn eval<D: DualNum<Primitive = f64> + Copy>(&self, x: D, y: D) -> D {
        let x2 = x * x;
        let y2 = y * y;
        (-x2 * 2.1 + 4.0 + x2 * x2 / 3.0) * x2 + x * y + (y2 * 4.0 - 4.0) * y2
    }
}

/// A known maximum.
fn maximum(x: f64, y: f64, value: f64) -> KnownPoint {
    KnownPoint {
        position: vec![x, y],
        value,
        kind: CriticalKind::Maximum,
    }
}

/// Registry entry.
pub const ENTRY: Entry = Entry {
    name: "camel6",
    build: |name| {
        Arc::new(Smooth::new(
            Camel6,
            LandscapeInfo {
                name: name.into(),
                description:
                    "six-hump camel: two global and four local minima, a saddle at the origin"
                        .into(),
                formula: "(4 - 2.1*x^2 + x^4/3)*x^2 + x*y + (4*y^2 - 4)*y^2".into(),
                parameters: param_names(&["x", "y"]),
                domain: Domain::rect(-2.0, 2.0, -1.0, 1.0),
                start: vec![-1.5, -0.9],
                lr: SuggestedLr {
                    gradient: 0.01,
                    adaptive: 0.02,
                },
                known_points: vec![
                    KnownPoint::minimum(
                        -0.08984201310031806,
                        0.7126564030207396,
                        -1.0316284534898774,
                    ),
                    KnownPoint::minimum(
                        0.08984201310031806,
                        -0.7126564030207396,
                        -1.0316284534898774,
                    ),
                    KnownPoint::minimum(
                        -1.703606714969981,
                        0.7960835686726251,
                        -0.21546382438371725,
                    ),
                    KnownPoint::minimum(
                        1.703606714969981,
                        -0.7960835686726251,
                        -0.21546382438371725,
                    ),
                    KnownPoint::minimum(1.6071047529201972, 0.5686514548841314, 2.104250310311258),
                    KnownPoint::minimum(
                        -1.6071047529201972,
                        -0.5686514548841314,
                        2.104250310311258,
                    ),
                    KnownPoint::saddle(0.0, 0.0, 0.0),
                    KnownPoint::saddle(1.1092053368047863, -0.7682680925095398, 0.5437186009781856),
                    KnownPoint::saddle(-1.1092053368047863, 0.7682680925095398, 0.5437186009781856),
                    KnownPoint::saddle(1.6380679841897787, 0.22867406904439408, 2.2293571975307143),
                    KnownPoint::saddle(
                        -1.6380679841897787,
                        -0.22867406904439408,
                        2.2293571975307143,
                    ),
                    KnownPoint::saddle(1.2960702671671092, 0.6050843880386585, 2.22947081802986),
                    KnownPoint::saddle(-1.2960702671671092, -0.6050843880386585, 2.22947081802986),
                    maximum(1.2302298765166524, 0.16233458445899493, 2.496295351023577),
                    maximum(-1.2302298765166524, -0.16233458445899493, 2.496295351023577),
                ],
                plateau: PlateauRule::DEFAULT,
                dataset: None,
            },
        ))
    },
};
