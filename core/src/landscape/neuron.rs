//! The seed article's one-hidden-unit network `y = v·tanh(w·x)` as a landscape over (v, w).
//!
//! On the line v = 0 the output is 0 whatever w is, so ∂L/∂w ≡ 0 there: a singular region.
//! For large |w| the tanh saturates and ∂L/∂w ≈ 4.33·e^{-|w|}: a long plateau.

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

/// Teacher outputs `t_n = 1.5·tanh(x_n)` (teacher v* = 1.5, w* = 1), as glibc's tanh gives
/// them (docs/reference/LANDSCAPES.md §2): a table rather than a computation, so that the landscape is the
/// same bit for bit whatever the platform's libm, and no step recomputes them.
const TARGETS: [f64; N] = [
    -1.4460413701137254,
    -1.3577223804672995,
    -1.1423912339336473,
    -0.6931757358900146,
    0.0,
    0.6931757358900146,
    1.1423912339336473,
    1.3577223804672995,
    1.4460413701137254,
];

/// Teacher output `t_n`.
fn target(n: usize) -> f64 {
    TARGETS[n]
}

/// Squared error of `v·tanh(w·x_n)` against the teacher, summed over the 9 points.
pub struct Neuron;

impl Formula for Neuron {
    fn eval<D: DualNum<Primitive = f64> + Copy>(&self, v: D, w: D) -> D {
        let mut loss = D::from(0.0);
        for n in 0..N {
            let r = -(v * saturating_tanh(w * input(n))) + target(n);
            loss += r * r;
        }
        loss
    }

    /// The order of the torch reference runs (docs/reference/OPTIMIZERS.md §1, `tanh_net`).
    fn gradient(&self, p: Point) -> Option<Point> {
        let (v, w) = (p.x, p.y);
        let (mut gv, mut gw) = (0.0, 0.0);
        for n in 0..N {
            let x = input(n);
            let a = (w * x).tanh();
            let r = target(n) - v * a;
            gv += r * a;
            gw += r * x * (1.0 - a * a);
        }
        Some(Point::new(-2.0 * gv, -2.0 * v * gw))
    }

    fn fisher(&self, p: Point) -> Option<Matrix> {
        let (v, w) = (p.x, p.y);
        let mut f = Matrix::zeros();
        for n in 0..N {
            let x = input(n);
            let a = (w * x).tanh();
            // J_n = (∂y/∂v, ∂y/∂w) of y = v·tanh(w·x).
            let j = Point::new(a, v * x * (1.0 - a * a));
            f += j * j.transpose();
        }
        Some(f)
    }
}

/// Registry entry.
pub const ENTRY: Entry = Entry {
    name: "neuron",
    build: |name| {
        Arc::new(Smooth::new(
            Neuron,
            LandscapeInfo {
                name: name.into(),
                description:
                    "one tanh unit y=v·tanh(w·x): singular line v=0, plateau where tanh saturates"
                        .into(),
                formula: (0..N)
                    .map(|n| format!("(1.5*tanh({x}) - x*tanh({x}*y))^2", x = input(n)))
                    .collect::<Vec<_>>()
                    .join(" + "),
                parameters: param_names(&["v", "w"]),
                domain: Domain::rect(-3.0, 3.0, -4.0, 11.0),
                start: vec![0.01, 9.0],
                lr: SuggestedLr {
                    gradient: 0.05,
                    adaptive: 0.05,
                },
                known_points: vec![
                    KnownPoint::minimum(1.5, 1.0, 0.0),
                    KnownPoint::minimum(-1.5, -1.0, 0.0),
                    KnownPoint::saddle(0.0, 0.0, 11.439992077394551),
                ],
                plateau: PlateauRule::DEFAULT,
                dataset: None,
            },
        ))
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_table_is_the_teacher() {
        for (n, &t) in TARGETS.iter().enumerate() {
            let computed = 1.5 * input(n).tanh();
            assert!(
                (t - computed).abs() <= f64::EPSILON * t.abs(),
                "{n}: {t} vs {computed}"
            );
        }
    }
}
