//! The eigen-decomposition of a symmetric matrix of any size (a Hessian or Fisher matrix of
//! an N-parameter landscape), eigenvalues in ascending order with their eigenvectors.

use crate::MatrixN;
use nalgebra::SymmetricEigen;

/// Eigenvalues (ascending) and unit eigenvectors of a symmetric matrix.
#[derive(Clone, Debug, PartialEq)]
pub struct Spectrum {
    /// The eigenvalues, smallest first.
    pub eigenvalues: Vec<f64>,
    /// The unit eigenvector of each eigenvalue, in the same order.
    pub eigenvectors: Vec<Vec<f64>>,
}

impl Spectrum {
    /// The decomposition of the symmetric matrix `m`; `None` if it has non-finite entries
    /// or is empty.
    pub fn of(m: &MatrixN) -> Option<Self> {
        if m.is_empty() || !m.iter().all(|v| v.is_finite()) {
            return None;
        }
        let eigen = SymmetricEigen::new(m.clone());
        let mut order: Vec<usize> = (0..eigen.eigenvalues.len()).collect();
        order.sort_by(|&a, &b| eigen.eigenvalues[a].total_cmp(&eigen.eigenvalues[b]));
        Some(Self {
            eigenvalues: order.iter().map(|&i| eigen.eigenvalues[i]).collect(),
            eigenvectors: (order.iter())
                .map(|&i| eigen.eigenvectors.column(i).iter().copied().collect())
                .collect(),
        })
    }

    /// The smallest eigenvalue.
    pub fn min(&self) -> f64 {
        self.eigenvalues[0]
    }

    /// The largest eigenvalue.
    pub fn max(&self) -> f64 {
        self.eigenvalues[self.eigenvalues.len() - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eigenvalues_come_sorted_with_their_vectors() {
        let m = MatrixN::from_row_slice(3, 3, &[3.0, 0.0, 0.0, 0.0, -1.0, 0.0, 0.0, 0.0, 2.0]);
        let s = Spectrum::of(&m).unwrap();
        assert_eq!(s.eigenvalues, [-1.0, 2.0, 3.0]);
        assert_eq!(s.eigenvectors[0][1].abs(), 1.0);
        assert_eq!((s.min(), s.max()), (-1.0, 3.0));
        let bad = MatrixN::from_row_slice(1, 1, &[f64::NAN]);
        assert!(Spectrum::of(&bad).is_none());
    }
}
