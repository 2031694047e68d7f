//! The order parameters of a soft committee machine: the student–student overlaps `Q`
//! (K × K), the student–teacher overlaps `R` (K × M) and the teacher–teacher overlaps `T`
//! (M × M, the identity for orthonormal teachers), and their packing into the state vector
//! of the ODE: the upper triangle of `Q` row by row (`Q_11, Q_12, …, Q_KK`), then `R` row by
//! row (`R_11, …, R_KM`).

use crate::error::{Error, Result};
use nalgebra::DMatrix;

/// The overlaps of K student and M teacher weight vectors.
#[derive(Clone, Debug, PartialEq)]
pub struct Overlaps {
    /// `Q_ik = J_i·J_k`, symmetric.
    pub q: DMatrix<f64>,
    /// `R_in = J_i·B_n`.
    pub r: DMatrix<f64>,
    /// `T_nm = B_n·B_m`, symmetric.
    pub t: DMatrix<f64>,
}

impl Overlaps {
    /// Overlaps with orthonormal teachers (`T = I`), checked: `q` square and symmetric, `r`
    /// with a row per student, every entry finite, and the covariance `[[Q, R], [Rᵀ, I]]`
    /// positive semi-definite (the overlaps of real vectors).
    pub fn new(q: DMatrix<f64>, r: DMatrix<f64>) -> Result<Self> {
        let (k, m) = (q.nrows(), r.ncols());
        let fail = |why: String| Err(Error::OutOfRange(why));
        if k == 0 || m == 0 {
            return fail("need at least one student and one teacher".to_owned());
        }
        if q.ncols() != k || r.nrows() != k {
            return fail(format!(
                "Q must be {k}x{k} and R {k}x{m} (a row per student), got Q {}x{} and R {}x{m}",
                q.nrows(),
                q.ncols(),
                r.nrows()
            ));
        }
        if q.iter().chain(r.iter()).any(|v| !v.is_finite()) {
            return fail("the overlaps must be finite".to_owned());
        }
        if q != q.transpose() {
            return fail("Q must be symmetric (Q_ik = Q_ki)".to_owned());
        }
        let overlaps = Self {
            q,
            r,
            t: DMatrix::identity(m, m),
        };
        let c = overlaps.covariance();
        let smallest = c.symmetric_eigenvalues().min();
        // Round-off in a singular covariance (identical students) stays far above this.
        if smallest < -1e-12 * c.amax().max(1.0) {
            return fail(format!(
                "Q and R are not the overlaps of real vectors: the covariance [[Q, R], [Rᵀ, I]] \
                 has the negative eigenvalue {smallest:.3e}"
            ));
        }
        Ok(overlaps)
    }

    /// The number of students K.
    pub fn students(&self) -> usize {
        self.q.nrows()
    }

    /// The number of teachers M.
    pub fn teachers(&self) -> usize {
        self.t.nrows()
    }

    /// The covariance of the K + M pre-activations `(x_1..x_K, y_1..y_M)` for a standard
    /// Gaussian input: `[[Q, R], [Rᵀ, T]]`.
    pub fn covariance(&self) -> DMatrix<f64> {
        let (k, m) = (self.students(), self.teachers());
        let mut c = DMatrix::zeros(k + m, k + m);
        c.view_mut((0, 0), (k, k)).copy_from(&self.q);
        c.view_mut((0, k), (k, m)).copy_from(&self.r);
        c.view_mut((k, 0), (m, k)).copy_from(&self.r.transpose());
        c.view_mut((k, k), (m, m)).copy_from(&self.t);
        c
    }

    /// The state vector: `Q`'s upper triangle row by row, then `R` row by row.
    pub fn state(&self) -> Vec<f64> {
        let (k, m) = (self.students(), self.teachers());
        let upper = (0..k).flat_map(|i| (i..k).map(move |j| (i, j)));
        let mut state: Vec<f64> = upper.map(|ij| self.q[ij]).collect();
        state.extend(
            (0..k)
                .flat_map(|i| (0..m).map(move |n| (i, n)))
                .map(|ij| self.r[ij]),
        );
        state
    }

    /// The overlaps of a state vector ([`Overlaps::state`]), with this `T`.
    pub fn with_state(&self, state: &[f64]) -> Self {
        let (k, m) = (self.students(), self.teachers());
        let mut q = DMatrix::zeros(k, k);
        let mut at = 0;
        for i in 0..k {
            for j in i..k {
                q[(i, j)] = state[at];
                q[(j, i)] = state[at];
                at += 1;
            }
        }
        let r = DMatrix::from_row_slice(k, m, &state[at..at + k * m]);
        Self {
            q,
            r,
            t: self.t.clone(),
        }
    }

    /// The names of the state's entries: `Q_1_1, Q_1_2, …, Q_K_K, R_1_1, …, R_K_M`.
    pub fn labels(&self) -> Vec<String> {
        let (k, m) = (self.students(), self.teachers());
        let q = (1..=k).flat_map(|i| (i..=k).map(move |j| format!("Q_{i}_{j}")));
        let r = (1..=k).flat_map(|i| (1..=m).map(move |n| format!("R_{i}_{n}")));
        q.chain(r).collect()
    }
}
