//! The Gaussian averages of erf units in closed form: for a zero-mean Gaussian vector `u`
//! with covariance `C`, `I2 = ⟨g(u_a) g(u_b)⟩`, `I3 = ⟨g'(u_a) u_b g(u_c)⟩` and
//! `I4 = ⟨g'(u_a) g'(u_b) g(u_c) g(u_d)⟩`, with `g(x) = erf(x/√2)` and
//! `g'(x) = √(2/π) e^{−x²/2}`. Indices may coincide.

use nalgebra::DMatrix;
use std::f64::consts::PI;

/// `⟨g(u_a) g(u_b)⟩ = (2/π) arcsin(C_ab / √((1 + C_aa)(1 + C_bb)))`.
pub fn i2(c: &DMatrix<f64>, a: usize, b: usize) -> f64 {
    2.0 / PI * (c[(a, b)] / ((1.0 + c[(a, a)]) * (1.0 + c[(b, b)])).sqrt()).asin()
}

/// `⟨g'(u_a) u_b g(u_c)⟩ = (2/π) [C_bc (1 + C_aa) − C_ab C_ac] / [(1 + C_aa) √L3]`, with
/// `L3 = (1 + C_aa)(1 + C_cc) − C_ac²`.
pub fn i3(c: &DMatrix<f64>, a: usize, b: usize, cc: usize) -> f64 {
    let aa = 1.0 + c[(a, a)];
    let l3 = aa * (1.0 + c[(cc, cc)]) - c[(a, cc)] * c[(a, cc)];
    2.0 / PI * (c[(b, cc)] * aa - c[(a, b)] * c[(a, cc)]) / (aa * l3.sqrt())
}

/// `⟨g'(u_a) g'(u_b) g(u_c) g(u_d)⟩ = (4/π²) arcsin(L0 / √(L1 L2)) / √L4` (the L's are
/// written out in docs/reference/SCM.md).
pub fn i4(c: &DMatrix<f64>, a: usize, b: usize, cc: usize, d: usize) -> f64 {
    let (aa, bb) = (1.0 + c[(a, a)], 1.0 + c[(b, b)]);
    let (ab, ac, ad, bc, bd, cd) = (
        c[(a, b)],
        c[(a, cc)],
        c[(a, d)],
        c[(b, cc)],
        c[(b, d)],
        c[(cc, d)],
    );
    let l4 = aa * bb - ab * ab;
    let l0 = l4 * cd - bc * bd * aa - ac * ad * bb + ab * ac * bd + ab * ad * bc;
    let l1 = l4 * (1.0 + c[(cc, cc)]) - bc * bc * aa - ac * ac * bb + 2.0 * ab * ac * bc;
    let l2 = l4 * (1.0 + c[(d, d)]) - bd * bd * aa - ad * ad * bb + 2.0 * ab * ad * bd;
    4.0 / (PI * PI) / l4.sqrt() * (l0 / (l1 * l2).sqrt()).asin()
}
