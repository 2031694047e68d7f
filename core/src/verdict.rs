//! Judgements about a point: what kind of critical point the Hessian says it is. Each
//! tolerance is declared once here, with why it has its value.

use serde::Serialize;

/// What a point of zero gradient is, judged by the Hessian's eigenvalues.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CriticalKind {
    /// Both eigenvalues positive.
    Minimum,
    /// Both eigenvalues negative.
    Maximum,
    /// Eigenvalues of opposite signs.
    Saddle,
    /// An eigenvalue is (numerically) zero: the second-order test cannot decide.
    Degenerate,
}

impl CriticalKind {
    /// The lower-case name used in output.
    pub fn name(self) -> &'static str {
        match self {
            Self::Minimum => "minimum",
            Self::Maximum => "maximum",
            Self::Saddle => "saddle",
            Self::Degenerate => "degenerate",
        }
    }
}

/// Eigenvalues below this fraction of the larger one (or of 1) count as zero.
const RELATIVE_ZERO: f64 = 1e-8;

/// Classifies a point by its Hessian eigenvalues (smallest first).
pub fn classify([low, high]: [f64; 2]) -> CriticalKind {
    let zero = RELATIVE_ZERO * low.abs().max(high.abs()).max(1.0);
    if low.abs() <= zero || high.abs() <= zero {
        CriticalKind::Degenerate
    } else if low > 0.0 {
        CriticalKind::Minimum
    } else if high < 0.0 {
        CriticalKind::Maximum
    } else {
        CriticalKind::Saddle
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_signs() {
        assert_eq!(classify([1.0, 2.0]), CriticalKind::Minimum);
        assert_eq!(classify([-2.0, -1.0]), CriticalKind::Maximum);
        assert_eq!(classify([-1.0, 1.0]), CriticalKind::Saddle);
        assert_eq!(classify([0.0, 1.0]), CriticalKind::Degenerate);
        assert_eq!(classify([1e-12, 5.0]), CriticalKind::Degenerate);
    }
}
