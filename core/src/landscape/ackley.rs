//! Ackley's function: a nearly flat, rippled outer region around one deep funnel.
//!
//! The funnel's tip at the origin is a cone, so the function is not differentiable there;
//! plateau defines the gradient at the tip as 0 and the Hessian there as that of the smooth
//! (cosine) part, so that gradient descent and Newton's method can sit at the minimum.

use super::{
    Entry, Formula, KnownPoint, LandscapeInfo, PlateauRule, Smooth, SuggestedLr, param_names,
};
use crate::geometry::domain::Domain;
use crate::{Matrix, Point};
use num_dual::DualNum;
use std::f64::consts::{E, FRAC_1_SQRT_2, TAU};
use std::sync::Arc;

/// Depth of the cone, Ackley's `a`.
const A: f64 = 20.0;
/// Steepness of the cone, Ackley's `b`.
const B: f64 = 0.2;
/// Frequency of the ripples, Ackley's `c = 2π`.
const C: f64 = TAU;

/// `L(x, y) = −a·exp(−b·√(½(x²+y²))) − exp(½(cos cx + cos cy)) + a + e`, a = 20, b = 0.2,
/// c = 2π.
pub struct Ackley;

impl Formula for Ackley {
    fn eval<D: DualNum<Primitive = f64> + Copy>(&self, x: D, y: D) -> D {
        let r = ((x * x + y * y) * 0.5).sqrt();
        // Each half is exactly 0 at the origin, so L(0, 0) = 0 exactly.
        let cone = -(r * -B).exp() * A + A;
        let ripples = -(((x * C).cos() + (y * C).cos()) * 0.5).exp() + E;
        cone + ripples
    }

    /// Hand-written so that the gradient at the tip (r = 0) is exactly 0 and that it stays
    /// finite where `x² + y²` underflows; `r` is computed with `hypot` for the same reason.
    fn gradient(&self, p: Point) -> Option<Point> {
        let (x, y) = (p.x, p.y);
        let r = x.hypot(y) * FRAC_1_SQRT_2;
        if r == 0.0 {
            return Some(Point::zeros());
        }
        let cone = A * B * (-B * r).exp() / (2.0 * r);
        let ripples = 0.5 * C * (0.5 * ((C * x).cos() + (C * y).cos())).exp();
        Some(Point::new(
            cone * x + ripples * (C * x).sin(),
            cone * y + ripples * (C * y).sin(),
        ))
    }

    /// At the tip, where the cone has no second derivative (and dual numbers give NaN), the
    /// Hessian of the cosine part alone. Wherever `x² + y²` is 0 in f64, |x| and |y| are below
    /// 1e-161, so `cos cx = 1` and `sin cx = 0` to the last bit and that Hessian is `(c²e/2)·I`.
    fn hessian(&self, p: Point) -> Option<Matrix> {
        (p.x * p.x + p.y * p.y == 0.0).then(|| Matrix::from_diagonal_element(0.5 * C * C * E))
    }
}

/// Registry entry.
pub const ENTRY: Entry = Entry {
    name: "ackley",
    build: |name| {
        Arc::new(Smooth::new(
            Ackley,
            LandscapeInfo {
                name: name.into(),
                description:
                    "a rippled, nearly flat outer region around one deep funnel: GD stops early"
                        .into(),
                formula: concat!(
                    "20 + e - 20*exp(-0.2*sqrt(0.5*(x^2 + y^2)))",
                    " - exp(0.5*(cos(2*pi*x) + cos(2*pi*y)))"
                )
                .into(),
                parameters: param_names(&["x", "y"]),
                domain: Domain::square(5.0),
                start: vec![3.2, 2.4],
                lr: SuggestedLr {
                    gradient: 0.01,
                    adaptive: 0.05,
                },
                known_points: vec![KnownPoint::minimum(0.0, 0.0, 0.0)],
                plateau: PlateauRule::DEFAULT,
                dataset: None,
            },
        ))
    },
};
