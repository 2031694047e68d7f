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
    param_names,
};
use crate::MatrixN;
use crate::geometry::domain::Domain;
use crate::geometry::plane::Plane;
use crate::geometry::window::Window;
use crate::num::saturating_tanh;
use nalgebra::{Const, SVector};
use num_dual::{Dual2Vec, DualNum};
use std::ops::Range;
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

    /// The plane of the symmetry breaking: u along (δ̂, −δ̂)/√2, where δ̂ is the unit
    /// direction of w1 − w2, and v along (v1 − v2)/√2. With the plane's own coordinates
    /// (θ at (θ·d̂₁, θ·d̂₂)) u is (w1 − w2)·δ̂/√2 — at θ itself |w1 − w2|/√2 — and v is
    /// (v1 − v2)/√2, so the line u = 0 of the picture is where the units are copies
    /// (w1 = w2 along δ̂) and the origin is the symmetric point w1 = w2, v1 = v2.
    ///
    /// On the singular region itself (|w1 − w2| ≤ 1e-10 of the weights, no direction to
    /// follow) δ̂ is the direction in which parting the units curves the loss least: the
    /// lowest eigenvector of the Hessian restricted to the two w1 − w2 directions. At the
    /// symmetric saddle that is exactly the Hessian's negative eigenvector, w1[1] − w2[1],
    /// the direction sgd escapes along; unlike a fixed w1[1] − w2[1] it stays the most
    /// telling direction anywhere on the region, for any teacher.
    fn has_singular_view(&self) -> bool {
        true
    }

    fn singular_view(&self, theta: &[f64]) -> Option<Window> {
        let delta = [theta[0] - theta[2], theta[1] - theta[3]];
        let length = delta[0].hypot(delta[1]);
        let size = (theta[0].hypot(theta[1]))
            .max(theta[2].hypot(theta[3]))
            .max(1.0);
        let s = std::f64::consts::FRAC_1_SQRT_2;
        let (direction, at) = if length > 1e-10 * size {
            ([delta[0] / length, delta[1] / length], "")
        } else {
            let basis = [[s, 0.0, -s, 0.0, 0.0, 0.0], [0.0, s, 0.0, -s, 0.0, 0.0]];
            let d = crate::geometry::curvature::least_curvature(
                &self.hessian(theta),
                [&basis[0], &basis[1]],
            )?;
            (d, ", least curvature")
        };
        let [a, b] = direction;
        let d1 = [s * a, s * b, -s * a, -s * b, 0.0, 0.0];
        let d2 = [0.0, 0.0, 0.0, 0.0, s, -s];
        Some(Window {
            plane: Plane::spanned(theta, &d1, &d2)?,
            axes: [
                format!(
                    "(w1−w2)·({},{})/√2{at}",
                    crate::text::format::fixed(a, 2),
                    crate::text::format::fixed(b, 2)
                ),
                "(v1−v2)/√2".into(),
            ],
            note: None,
        })
    }

    /// Each hidden unit's incoming weights, w1 and w2, and the output unit's, v.
    fn filters(&self) -> Vec<Range<usize>> {
        vec![0..2, 2..4, 4..6]
    }

    /// `|w1 − w2|`, `cos(w1, w2)` (NaN if either is zero) and `v1 + v2`: how far the units
    /// are from being copies, and the one output weight that matters when they are.
    fn diagnostics(&self, theta: &[f64]) -> Vec<(&'static str, f64)> {
        let (w1, w2) = ([theta[0], theta[1]], [theta[2], theta[3]]);
        let distance = (w1[0] - w2[0]).hypot(w1[1] - w2[1]);
        // Each vector normalised first: the product of two huge norms would overflow.
        let (n1, n2) = (w1[0].hypot(w1[1]), w2[0].hypot(w2[1]));
        let cos = (w1[0] / n1) * (w2[0] / n2) + (w1[1] / n1) * (w2[1] / n2);
        vec![
            ("|w1−w2|", distance),
            ("cos(w1,w2)", cos),
            ("v1+v2", theta[4] + theta[5]),
        ]
    }
}

/// The info of the committee machine, registered as `name`.
fn info(name: &str) -> LandscapeInfo {
    let (w, v) = SYMMETRIC;
    let minimum = |a: [f64; 2], b: [f64; 2]| KnownPoint {
        position: vec![a[0], a[1], b[0], b[1], 1.0, 1.0],
        value: 0.0,
        kind: CriticalKind::Minimum,
    };
    LandscapeInfo {
        name: name.into(),
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
    build: |name| Arc::new(Committee { info: info(name) }),
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

    fn committee() -> Committee {
        Committee {
            info: info(ENTRY.name),
        }
    }

    #[test]
    fn the_singular_view_measures_the_distance_from_the_copies() {
        let c = committee();
        let theta = [1.45, 0.003, 1.46, -0.002, 0.99, 1.01];
        let w = c.singular_view(&theta).unwrap();
        let s = std::f64::consts::FRAC_1_SQRT_2;
        let (delta, dv) = ((0.01_f64).hypot(0.005), -0.02);
        let p = w.plane.project(&theta);
        assert!(
            (p.x - s * delta).abs() < 1e-15 && (p.y - s * dv).abs() < 1e-15,
            "{p}"
        );
        assert!(w.plane.distance(&theta) < 1e-15);
        // The plane's origin is the symmetric point: w1 = w2 and v1 = v2.
        let o = w.plane.origin();
        assert!(
            (o[0] - o[2]).abs() < 1e-15
                && (o[1] - o[3]).abs() < 1e-15
                && (o[4] - o[5]).abs() < 1e-15
        );
        // Along u only the units' difference changes; along v only v1 − v2.
        let moved = w.plane.params_of(p + crate::Point::new(0.1, 0.0));
        assert!(((moved[0] + moved[2]) - (theta[0] + theta[2])).abs() < 1e-15);
        assert!(((moved[4] - moved[5]) - (theta[4] - theta[5])).abs() < 1e-15);
        assert_eq!(w.axes, ["(w1−w2)·(-0.89,0.45)/√2", "(v1−v2)/√2"]);
    }

    /// A component of the direction that rounds to zero reads 0.00, not -0.00.
    #[test]
    fn the_singular_axis_never_names_a_negative_zero() {
        let c = committee();
        let theta = [0.999, 1.0, 1.0, 0.0, 0.5, 0.5];
        let w = c.singular_view(&theta).unwrap();
        assert_eq!(w.axes[0], "(w1−w2)·(0.00,1.00)/√2");
    }

    #[test]
    fn on_the_singular_region_the_view_follows_the_escape_direction() {
        let c = committee();
        let (w, v) = SYMMETRIC;
        let saddle = [w, 0.0, w, 0.0, v, v];
        let window = c.singular_view(&saddle).unwrap();
        let s = std::f64::consts::FRAC_1_SQRT_2;
        let d1 = window.plane.d1();
        for (a, b) in d1.iter().zip([0.0, s, 0.0, -s, 0.0, 0.0]) {
            assert!((a - b).abs() < 1e-12, "{d1:?}");
        }
        assert!(
            window.axes[0].ends_with("least curvature"),
            "{:?}",
            window.axes
        );
        assert!(window.plane.project(&saddle).norm() < 1e-15);
    }

    #[test]
    fn diagnostics_say_how_far_the_units_are_from_copies() {
        let c = committee();
        let d = c.diagnostics(&[3.0, 4.0, 3.0, 0.0, 0.25, 0.5]);
        assert_eq!(d, [("|w1−w2|", 4.0), ("cos(w1,w2)", 0.6), ("v1+v2", 0.75)]);
        assert!(c.diagnostics(&[0.0; 6])[1].1.is_nan());
        // Weights whose norms' product overflows still have a cosine.
        let huge = c.diagnostics(&[3e200, 4e200, 3e200, 0.0, 1.0, 1.0]);
        assert!((huge[1].1 - 0.6).abs() < 1e-15, "{huge:?}");
        assert_eq!(c.filters(), [0..2, 2..4, 4..6]);
    }

    #[test]
    fn the_teacher_is_a_zero_loss_minimum() {
        let c = committee();
        for k in &c.info.known_points[..2] {
            assert_eq!(c.value(&k.position), 0.0);
        }
    }
}
