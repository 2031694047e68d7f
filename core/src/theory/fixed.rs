//! The fixed points of the symmetric subspace, where every student has the same norm
//! (`Q_ii = Q_d`), every pair of students the same overlap (`Q_ik = Q_o`) and every
//! student the same overlap with every teacher (`R_in = R`), with `T = I`. The subspace is
//! invariant under the ODE and, for η > 0, holds two fixed points (docs/reference/SCM.md):
//!
//! - **identical** students (`Q_d = Q_o`: all J_i equal, a singular covariance): a fixed
//!   point for every η, unstable inside the subspace in the direction `Q_d − Q_o`;
//! - the **plateau** (`Q_d > Q_o`): stable inside the subspace, where the trajectories
//!   linger; its error is the plateau height ε*, and the largest eigenvalue of the full
//!   linearised ODE there (a symmetry-breaking direction) is the escape rate.
//!
//! Both are found by Newton's method on the three equations `dQ_d = dQ_o = dR = 0`: the
//! identical point from the small-η limit `Q = 1/(2K − 1)`, `R = 1/√(K(2K − 1))` (Newton
//! stays on the invariant line `Q_d = Q_o`), the plateau from where the flow inside the
//! subspace settles.

use super::generalisation::generalisation_error;
use super::integrator::DormandPrince;
use super::overlaps::Overlaps;
use super::rates::rates;
use crate::error::{Error, Result};
use nalgebra::{Complex, DMatrix, DVector, Matrix3, Vector3};
use serde::Serialize;

/// Which of the two symmetric fixed points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixedPointKind {
    /// All students identical (`Q_d = Q_o`).
    Identical,
    /// The plateau (`Q_d > Q_o`).
    Plateau,
}

/// A fixed point of the symmetric subspace and the linearised ODE there.
#[derive(Clone, Debug)]
pub struct SymmetricFixedPoint {
    /// Which one.
    pub kind: FixedPointKind,
    /// `Q_ii`.
    pub q_diag: f64,
    /// `Q_ik`, i ≠ k.
    pub q_offdiag: f64,
    /// `R_in`.
    pub r: f64,
    /// The generalisation error there.
    pub eps_g: f64,
    /// The largest |rate| of the full ODE there (zero up to round-off).
    pub residual: f64,
    /// The eigenvalues of the Jacobian of the full ODE (every independent overlap), by
    /// decreasing real part.
    pub spectrum: Vec<Complex<f64>>,
}

impl SymmetricFixedPoint {
    /// The largest real part of the spectrum: the escape rate where it is positive.
    pub fn lambda_max(&self) -> f64 {
        self.spectrum[0].re
    }
}

/// The symmetric fixed points (identical, then plateau) of K ≥ 2 students learning M
/// orthonormal teachers at learning rate `eta` > 0. An error where one cannot be found: at
/// large η, where the symmetric flow diverges or the two points have merged.
pub fn symmetric_fixed_points(k: usize, m: usize, eta: f64) -> Result<Vec<SymmetricFixedPoint>> {
    if k < 2 || m < 1 {
        return Err(Error::OutOfRange(format!(
            "the symmetric fixed points need at least 2 students and 1 teacher, got K = {k}, M = {m}"
        )));
    }
    if !(eta.is_finite() && eta > 0.0) {
        return Err(Error::LearningRate(eta.to_string()));
    }
    let flow = Symmetric { k, m, eta };
    let limit = 1.0 / (2.0 * k as f64 - 1.0);
    let start = Vector3::new(limit, limit, (limit / k as f64).sqrt());
    let identical = flow.newton(start);
    let plateau = flow.plateau(identical)?;
    Ok(vec![
        flow.point(FixedPointKind::Identical, identical),
        flow.point(FixedPointKind::Plateau, plateau),
    ])
}

/// The ODE restricted to the symmetric subspace, in `(Q_d, Q_o, R)`.
struct Symmetric {
    k: usize,
    m: usize,
    eta: f64,
}

impl Symmetric {
    /// The overlaps of a point of the subspace.
    fn overlaps(&self, s: &[f64]) -> Overlaps {
        let mut q = DMatrix::from_element(self.k, self.k, s[1]);
        q.fill_diagonal(s[0]);
        Overlaps {
            q,
            r: DMatrix::from_element(self.k, self.m, s[2]),
            t: DMatrix::identity(self.m, self.m),
        }
    }

    /// `(dQ_11, dQ_12, dR_11)` at a point of the subspace (the other rates equal these).
    fn rates(&self, s: &[f64]) -> Vector3<f64> {
        let all = rates(&self.overlaps(s), self.eta);
        // The state begins Q_11, Q_12, …, Q_1K, then the rest of Q's upper triangle.
        let first_r = self.k * (self.k + 1) / 2;
        Vector3::new(all[0], all[1], all[first_r])
    }

    /// Damped Newton's method from `start`, with a central-difference Jacobian, until no
    /// step shrinks the rates.
    fn newton(&self, start: Vector3<f64>) -> Vector3<f64> {
        let mut s = start;
        let mut residual = self.rates(s.as_slice()).amax();
        for _ in 0..100 {
            let f = self.rates(s.as_slice());
            let mut jacobian = Matrix3::zeros();
            for j in 0..3 {
                let h = 1e-6 * s[j].abs().max(1.0);
                let (mut up, mut down) = (s, s);
                up[j] += h;
                down[j] -= h;
                let column = (self.rates(up.as_slice()) - self.rates(down.as_slice())) / (2.0 * h);
                jacobian.set_column(j, &column);
            }
            let Some(step) = jacobian.lu().solve(&f) else {
                break;
            };
            // Damped: the step halved until it lowers the rates.
            let better = (0..30)
                .map(|halvings| s - step * 0.5f64.powi(halvings))
                .map(|next| (next, self.rates(next.as_slice()).amax()))
                .find(|(_, next_residual)| *next_residual < residual);
            let Some(next) = better else { break };
            (s, residual) = next;
        }
        s
    }

    /// The plateau: Newton's method from a few points beside `identical`, else from where the flow inside the subspace goes, from no
    /// overlap with the teachers (`Q_d = 0.5`, `Q_o = 0`, `R = 0`), tried after every
    /// stretch of 10/η until it converges (rates below 1e-13) to a point with `Q_d > Q_o`
    /// apart from `identical`. An error if the flow diverges or no such point is found by
    /// α = min(10⁴/η², 10⁶).
    fn plateau(&self, identical: Vector3<f64>) -> Result<Vector3<f64>> {
        let found = |s: Vector3<f64>| {
            let converged = self.rates(s.as_slice()).amax() <= 1e-13;
            let apart = s[0] - s[1] > 1e-9 * s[0].abs() && (s - identical).amax() > 1e-9;
            converged && apart
        };
        // First guesses: the students pushed apart by d ∝ η (the plateau's Q_d − Q_o is
        // about 0.07η to 0.3η in every case checked).
        for d in [0.05, 0.1, 0.2, 0.4].map(|c| c * self.eta) {
            let s = self.newton(identical + Vector3::new(d / 2.0, -d / 2.0, 0.0));
            if found(s) {
                return Ok(s);
            }
        }
        let mut y = [0.5, 0.0, 0.0];
        let f = |s: &[f64]| self.rates(s).as_slice().to_vec();
        let mut integrator = DormandPrince::default();
        let chunk = 10.0 / self.eta;
        let most = (1e4 / (self.eta * self.eta)).min(1e6);
        let mut alpha = 0.0;
        while alpha < most {
            integrator.advance(&f, &mut y, chunk)?;
            alpha += chunk;
            if self.rates(&y).amax() > 1e-4 * self.eta {
                continue;
            }
            let s = self.newton(Vector3::from(y));
            if found(s) {
                return Ok(s);
            }
        }
        Err(Error::OutOfRange(format!(
            "no plateau fixed point apart from the identical students at η = {} (the \
             symmetric flow has not settled by α = {most:.0})",
            self.eta
        )))
    }

    /// The fixed point at `s` with its error, residual and spectrum.
    fn point(&self, kind: FixedPointKind, s: Vector3<f64>) -> SymmetricFixedPoint {
        let overlaps = self.overlaps(s.as_slice());
        let state = overlaps.state();
        let full = |y: &[f64]| DVector::from_vec(rates(&overlaps.with_state(y), self.eta));
        let residual = full(&state).amax();
        let n = state.len();
        let mut jacobian = DMatrix::zeros(n, n);
        for j in 0..n {
            let h = 1e-6 * state[j].abs().max(1.0);
            let (mut up, mut down) = (state.clone(), state.clone());
            up[j] += h;
            down[j] -= h;
            jacobian.set_column(j, &((full(&up) - full(&down)) / (2.0 * h)));
        }
        let mut spectrum: Vec<Complex<f64>> =
            jacobian.complex_eigenvalues().iter().copied().collect();
        spectrum.sort_by(|a, b| b.re.total_cmp(&a.re));
        SymmetricFixedPoint {
            kind,
            q_diag: s[0],
            q_offdiag: s[1],
            r: s[2],
            eps_g: generalisation_error(&overlaps),
            residual,
            spectrum,
        }
    }
}
