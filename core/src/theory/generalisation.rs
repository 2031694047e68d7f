//! The generalisation error of a soft committee machine with erf units, exactly:
//! `ε_g = ⟨(σ − ζ)²⟩ / 2` over standard Gaussian inputs, a sum of arcsin terms.

use super::integrals::i2;
use super::overlaps::Overlaps;

/// `ε_g(Q, R, T) = ½ [Σ_ik I2(x_i, x_k) + Σ_nm I2(y_n, y_m) − 2 Σ_in I2(x_i, y_n)]`
/// (`= (1/π)[Σ arcsin … ]`, docs/reference/SCM.md).
pub fn generalisation_error(overlaps: &Overlaps) -> f64 {
    let c = overlaps.covariance();
    let (k, m) = (overlaps.students(), overlaps.teachers());
    let pairs = |from: std::ops::Range<usize>, to: std::ops::Range<usize>| {
        let c = &c;
        from.flat_map(move |a| to.clone().map(move |b| i2(c, a, b)))
            .sum::<f64>()
    };
    let students = 0..k;
    let teachers = k..k + m;
    0.5 * (pairs(students.clone(), students.clone()) + pairs(teachers.clone(), teachers.clone())
        - 2.0 * pairs(students, teachers))
}
