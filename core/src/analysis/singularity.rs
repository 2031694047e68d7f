//! The singularity gauge: how degenerate a model's Fisher matrix `F = Σ JₙᵀJₙ` is at θ.
//!
//! Where a model is singular (committee's two units identical, a neuron whose output weight
//! is 0) some change of the parameters does not change any output: F loses rank, and
//! gradient descent, whose step in output space is F-shaped, crawls. The smallest
//! eigenvalues of F, against its largest, say how close θ is to such a region: on the
//! committee's symmetric saddle three are zero, on its plateau three are below 1e-4 of the
//! largest, after the escape none is.

use super::Spectrum;
use crate::MatrixN;
use crate::landscape::Landscape;
use crate::verdict;

/// The eigenvalues of the Fisher matrix at a point.
#[derive(Clone, Debug, PartialEq)]
pub struct SingularityGauge {
    /// The Fisher matrix's eigen-decomposition, smallest eigenvalue first.
    pub spectrum: Spectrum,
}

impl SingularityGauge {
    /// The gauge of `landscape` at `theta`; `None` for a landscape that is not a model's
    /// squared error (no Fisher matrix) or where the matrix is not finite.
    pub fn at(landscape: &dyn Landscape, theta: &[f64]) -> Option<Self> {
        if !landscape.has_fisher() {
            return None;
        }
        let mut fisher = MatrixN::zeros(theta.len(), theta.len());
        landscape.fisher(theta, &mut fisher);
        Spectrum::of(&fisher).map(|spectrum| Self { spectrum })
    }

    /// The `k` smallest eigenvalues (fewer if the dimension is smaller), ascending.
    pub fn smallest(&self, k: usize) -> &[f64] {
        let e = &self.spectrum.eigenvalues;
        &e[..k.min(e.len())]
    }

    /// The eigenvalues divided by the largest, ascending (zeros if F is zero).
    pub fn relative(&self) -> Vec<f64> {
        let largest = self.spectrum.max();
        (self.spectrum.eigenvalues.iter())
            .map(|&l| if largest > 0.0 { l / largest } else { 0.0 })
            .collect()
    }

    /// How many directions the outputs (nearly) ignore, by the verdict's
    /// [`verdict::NEARLY_SINGULAR`] (what the readout and the tour report).
    pub fn nearly_singular(&self) -> usize {
        verdict::nearly_singular(&self.spectrum.eigenvalues)
    }

    /// How many eigenvalues are at most `rtol` times the largest in magnitude: the number
    /// of directions in which the outputs (nearly) do not change. All of them if F is zero.
    pub fn degenerate(&self, rtol: f64) -> usize {
        let zero = rtol * self.spectrum.max();
        (self.spectrum.eigenvalues.iter())
            .filter(|l| l.abs() <= zero)
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::landscape::by_name;

    #[test]
    fn the_gauge_counts_the_directions_the_outputs_ignore() {
        let committee = by_name("committee").unwrap();
        let saddle = &committee.info().known_points[2].position;
        let gauge = SingularityGauge::at(committee.as_ref(), saddle).unwrap();
        assert_eq!(
            gauge.degenerate(1e-10),
            3,
            "{:?}",
            gauge.spectrum.eigenvalues
        );
        assert_eq!(gauge.smallest(2), &gauge.spectrum.eigenvalues[..2]);
        assert_eq!(gauge.smallest(9).len(), 6);
        let relative = gauge.relative();
        assert_eq!(relative[5], 1.0);
        assert!(relative[..3].iter().all(|r| r.abs() < 1e-10));
        // Off the singular region, at a teacher minimum, nothing degenerates.
        let minimum = &committee.info().known_points[0].position;
        let gauge = SingularityGauge::at(committee.as_ref(), minimum).unwrap();
        assert_eq!(
            gauge.degenerate(1e-6),
            0,
            "{:?}",
            gauge.spectrum.eigenvalues
        );
        // Plain functions have no gauge.
        let bowl = by_name("bowl").unwrap();
        assert!(SingularityGauge::at(bowl.as_ref(), &[1.0, 2.0]).is_none());
    }
}
