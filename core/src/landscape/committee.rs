//! The seed article's two-hidden-unit network with every parameter trained:
//! `y(x; θ) = v1·tanh(w1·x) + v2·tanh(w2·x)` on inputs `x ∈ R²`, a soft committee machine.
//!
//! θ = (w1[0], w1[1], w2[0], w2[1], v1, v2). The teacher has the same form with strongly
//! correlated hidden units (a = (1.5, 0.15), b = (1.5, −0.15), cos ≈ 0.980). Where w1 = w2
//! and v1 = v2 the student's two units are copies: only v1 + v2 matters, the Fisher matrix
//! loses rank (its null space is spanned by the w1 − w2 and v1 − v2 directions), and
//! gradient descent lingers there — the overlap plateau — until the small difference
//! between the units grows (Saad & Solla 1995; Fukumizu & Amari 2000; Amari, Park &
//! Fukumizu 2000; Wei et al. 2008).
//!
//! The loss is the sum of squared errors over the 25 grid points x = (−2 + i, −2 + j),
//! i, j = 0..4 (example n = 5i + j). Value, gradient and Fisher matrix are written out (one
//! tanh per unit and example); the Hessian comes from dual numbers of the same loss.

use super::{
    CriticalKind, Dataset, Entry, KnownPoint, Landscape, LandscapeInfo, PlateauRule, SuggestedLr,
    param_names, saturating_tanh,
};
use crate::{Domain, MatrixN};
use nalgebra::{Const, SVector};
use num_dual::{Dual2Vec, DualNum};
use std::sync::Arc;

/// Number of parameters.
const DIM: usize = 6;

/// Number of training examples.
const EXAMPLES: usize = 25;

/// Input `x_n` of example `n = 5i + j`: `(−2 + i, −2 + j)`.
fn input(n: usize) -> [f64; 2] {
    [-2.0 + (n / 5) as f64, -2.0 + (n % 5) as f64]
}

/// Teacher outputs `t_n = tanh(a·x_n) + tanh(b·x_n)`, a = (1.5, 0.15), b = (1.5, −0.15), as
/// glibc's tanh gives them (equal, bit for bit, to torch's float64 teacher in
/// `core/tests/data/torch-committee-cases.json`): a table, so that the landscape is the
/// same whatever the platform's libm; a test checks it against the formula.
const TARGETS: [f64; EXAMPLES] = [
    -1.9882904137772597,
    -1.9896645075001875,
    -1.990109507373461,
    -1.9896645075001875,
    -1.9882904137772597,
    -1.7804606198584234,
    -1.8029109093407345,
    -1.8102965072897328,
    -1.8029109093407345,
    -1.7804606198584234,
    0.0,
    0.0,
    0.0,
    0.0,
    0.0,
    1.7804606198584234,
    1.8029109093407345,
    1.8102965072897328,
    1.8029109093407345,
    1.7804606198584234,
    1.9882904137772597,
    1.9896645075001875,
    1.990109507373461,
    1.9896645075001875,
    1.9882904137772597,
];

/// The teacher's first hidden unit.
pub const TEACHER_A: [f64; 2] = [1.5, 0.15];

/// The teacher's second hidden unit.
pub const TEACHER_B: [f64; 2] = [1.5, -0.15];

/// The symmetric critical point the plateau lingers near: w1 = w2 = (W, 0), v1 = v2 = V,
/// found by Newton's method on the gradient restricted to that subspace (a test checks
/// that the full gradient vanishes there). A saddle: one negative Hessian eigenvalue
/// (≈ −0.147, along w1[1] − w2[1]) and three zero eigenvalues of the Fisher matrix.
const SYMMETRIC: (f64, f64) = (1.458201654864189, 1.0004471144419051);

/// The two-unit committee machine's squared error.
struct Committee {
    info: LandscapeInfo,
}

/// The parameters' names, in order.
pub const PARAMETERS: [&str; DIM] = ["w1_0", "w1_1", "w2_0", "w2_1", "v1", "v2"];

/// The loss for plain and dual numbers (the Hessian differentiates this).
fn loss<D: DualNum<Primitive = f64> + Copy>(theta: &[D]) -> D {
    let mut total = D::from(0.0);
    for (n, &t) in TARGETS.iter().enumerate() {
        let [x0, x1] = input(n);
        let a1 = saturating_tanh(theta[0] * x0 + theta[1] * x1);
        let a2 = saturating_tanh(theta[2] * x0 + theta[3] * x1);
        let r = -(theta[4] * a1 + theta[5] * a2) + t;
        total += r * r;
    }
    total
}

/// The hidden units' activations at example `n`.
fn activations(theta: &[f64], n: usize) -> (f64, f64) {
    let [x0, x1] = input(n);
    (
        (theta[0] * x0 + theta[1] * x1).tanh(),
        (theta[2] * x0 + theta[3] * x1).tanh(),
    )
}

/// `J_n = ∂y_n/∂θ` given the activations at example `n`.
fn jacobian(theta: &[f64], n: usize, (a1, a2): (f64, f64)) -> [f64; DIM] {
    let [x0, x1] = input(n);
    let (d1, d2) = (theta[4] * (1.0 - a1 * a1), theta[5] * (1.0 - a2 * a2));
    [d1 * x0, d1 * x1, d2 * x0, d2 * x1, a1, a2]
}

impl Landscape for Committee {
    fn info(&self) -> &LandscapeInfo {
        &self.info
    }

    fn value(&self, theta: &[f64]) -> f64 {
        loss(theta)
    }

    fn gradient(&self, theta: &[f64], out: &mut [f64]) {
        out.fill(0.0);
        for (n, &t) in TARGETS.iter().enumerate() {
            let a = activations(theta, n);
            let r = t - (theta[4] * a.0 + theta[5] * a.1);
            for (g, j) in out.iter_mut().zip(jacobian(theta, n, a)) {
                *g -= 2.0 * r * j;
            }
        }
    }

    fn hessian(&self, theta: &[f64]) -> MatrixN {
        let at = SVector::<f64, DIM>::from_column_slice(theta);
        let (_, _, h) = num_dual::hessian(
            |v: SVector<Dual2Vec<f64, Const<DIM>>, DIM>| loss(v.as_slice()),
            &at,
        );
        MatrixN::from_column_slice(DIM, DIM, h.as_slice())
    }

    fn has_fisher(&self) -> bool {
        true
    }

    fn fisher(&self, theta: &[f64], out: &mut MatrixN) {
        out.fill(0.0);
        for n in 0..EXAMPLES {
            let j = jacobian(theta, n, activations(theta, n));
            for r in 0..DIM {
                for c in 0..DIM {
                    out[(r, c)] += j[r] * j[c];
                }
            }
        }
    }
}

/// The info of the committee machine.
fn info() -> LandscapeInfo {
    let (w, v) = SYMMETRIC;
    let minimum = |a: [f64; 2], b: [f64; 2]| KnownPoint {
        position: vec![a[0], a[1], b[0], b[1], 1.0, 1.0],
        value: 0.0,
        kind: CriticalKind::Minimum,
    };
    LandscapeInfo {
        name: "committee".into(),
        description: "two tanh units y=v1·tanh(w1·x)+v2·tanh(w2·x), all six weights trained: \
                      where w1=w2 the units are copies and training stalls"
            .into(),
        formula: String::new(),
        parameters: param_names(&PARAMETERS),
        domain: Domain::square(1.0),
        start: vec![0.1, 0.11, 0.1, 0.09, 0.1, 0.1],
        lr: SuggestedLr {
            gradient: 0.01,
            adaptive: 0.05,
        },
        known_points: vec![
            minimum(TEACHER_A, TEACHER_B),
            minimum(TEACHER_B, TEACHER_A),
            KnownPoint {
                position: vec![w, 0.0, w, 0.0, v, v],
                value: loss(&[w, 0.0, w, 0.0, v, v]),
                kind: CriticalKind::Saddle,
            },
        ],
        // The plateau is low in absolute terms (L ≈ 1.57e-3 against L0 ≈ 69.6) and its
        // gradient climbs from 5e-4 to 3e-3 while sgd crosses it.
        plateau: PlateauRule {
            grad_tol: 3e-3,
            margin: 1e-4,
        },
        dataset: Some(Dataset {
            inputs: (0..EXAMPLES).map(|n| input(n).to_vec()).collect(),
            targets: TARGETS.to_vec(),
        }),
    }
}

/// Registry entry.
pub const ENTRY: Entry = Entry {
    name: "committee",
    build: || Arc::new(Committee { info: info() }),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_table_is_the_teacher() {
        for (n, &t) in TARGETS.iter().enumerate() {
            let [x0, x1] = input(n);
            let computed = (TEACHER_A[0] * x0 + TEACHER_A[1] * x1).tanh()
                + (TEACHER_B[0] * x0 + TEACHER_B[1] * x1).tanh();
            assert!((t - computed).abs() <= f64::EPSILON * t.abs(), "{n}");
        }
    }

    #[test]
    fn the_teacher_is_a_zero_loss_minimum() {
        let c = Committee { info: info() };
        for k in &c.info.known_points[..2] {
            assert_eq!(c.value(&k.position), 0.0);
        }
    }
}
