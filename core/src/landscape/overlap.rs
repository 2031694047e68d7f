//! The seed article's two-hidden-unit network with the output weights fixed to 1:
//! `y = tanh(w1·x) + tanh(w2·x)` as a landscape over (w1, w2).
//!
//! On the diagonal w1 = w2 the two units compute the same thing (they overlap), and the
//! symmetric pair of minima is separated by a saddle on it: training that starts with nearly
//! equal units lingers there until the small difference between them grows.

use super::{
    Entry, Formula, KnownPoint, LandscapeInfo, PlateauRule, Smooth, SuggestedLr, param_names,
};
use crate::geometry::domain::Domain;
use crate::num::saturating_tanh;
use crate::{Matrix, Point};
use num_dual::DualNum;
use std::sync::Arc;

/// Number of training points.
const N: usize = 9;

/// Input `x_n = -2 + 0.5·n`.
fn input(n: usize) -> f64 {
    -2.0 + 0.5 * n as f64
}

/// Teacher output `t_n = tanh(2·x_n) + tanh(0.5·x_n)` (teacher w* = (2, 0.5)).
fn target(n: usize) -> f64 {
    (2.0 * input(n)).tanh() + (0.5 * input(n)).tanh()
}

/// Where the saddle on the diagonal lies (Newton on the gradient along w1 = w2).
const SADDLE: f64 = 0.8943532970093259;

/// Squared error of `tanh(w1·x_n) + tanh(w2·x_n)` against the teacher, summed over the 9
/// points.
pub struct Overlap;

impl Formula for Overlap {
    fn eval<D: DualNum<Primitive = f64> + Copy>(&self, w1: D, w2: D) -> D {
        let mut loss = D::from(0.0);
        for n in 0..N {
            let x = input(n);
            let r = -saturating_tanh(w1 * x) - saturating_tanh(w2 * x) + target(n);
            loss += r * r;
        }
        loss
    }

    fn fisher(&self, p: Point) -> Option<Matrix> {
        let mut f = Matrix::zeros();
        for n in 0..N {
            let x = input(n);
            let (a1, a2) = ((p.x * x).tanh(), (p.y * x).tanh());
            // J_n = (∂y/∂w1, ∂y/∂w2) of y = tanh(w1·x) + tanh(w2·x).
            let j = Point::new(x * (1.0 - a1 * a1), x * (1.0 - a2 * a2));
            f += j * j.transpose();
        }
        Some(f)
    }
}

/// Registry entry.
pub const ENTRY: Entry = Entry {
    name: "overlap",
    build: |name| {
        Arc::new(Smooth::new(
            Overlap,
            LandscapeInfo {
                name: name.into(),
                description:
                    "two tanh units: on w1=w2 they are copies, and a saddle there stalls training"
                        .into(),
                formula: (0..N)
                    .map(|n| {
                        let x = input(n);
                        format!(
                            "(tanh({}) + tanh({}) - tanh({x}*x) - tanh({x}*y))^2",
                            2.0 * x,
                            0.5 * x
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(" + "),
                parameters: param_names(&["w1", "w2"]),
                domain: Domain::rect(-1.0, 3.0, -1.0, 3.0),
                start: vec![1.5, 1.499],
                lr: SuggestedLr {
                    gradient: 0.05,
                    adaptive: 0.05,
                },
                known_points: vec![
                    KnownPoint::minimum(2.0, 0.5, 0.0),
                    KnownPoint::minimum(0.5, 2.0, 0.0),
                    KnownPoint::saddle(SADDLE, SADDLE, 0.11592554469343783),
                ],
                plateau: PlateauRule::DEFAULT,
                dataset: None,
            },
        ))
    },
};
