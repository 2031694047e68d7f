//! The right-hand sides of the order parameters' ODEs for on-line SGD with learning rate η
//! (Saad & Solla 1995), as derivatives per unit of `α = steps / N`:
//!
//! - `dR_in/dα = η Σ_p s_p I3(i, n, p)`
//! - `dQ_ik/dα = η Σ_p s_p [I3(i, k, p) + I3(k, i, p)] + η² Σ_pq s_p s_q I4(i, k, p, q)`
//!
//! where `p, q` run over the K students (`s_p = −1`) and the M teachers (`s_p = +1`), so that
//! `ζ − σ = Σ_p s_p g(u_p)`. The η² term is the average of the squared step: `|ξ|²/N → 1`.

use super::integrals::{i3, i4};
use super::overlaps::Overlaps;

/// The rates `(dQ/dα, dR/dα)` at `overlaps` for learning rate `eta`, packed like
/// [`Overlaps::state`] (`T` does not move).
pub fn rates(overlaps: &Overlaps, eta: f64) -> Vec<f64> {
    let c = overlaps.covariance();
    let (k, m) = (overlaps.students(), overlaps.teachers());
    let units = k + m;
    let sign = |p: usize| if p < k { -1.0 } else { 1.0 };
    let mut out = Vec::with_capacity(k * (k + 1) / 2 + k * m);
    for i in 0..k {
        for j in i..k {
            let mut first = 0.0;
            let mut second = 0.0;
            for p in 0..units {
                first += sign(p) * (i3(&c, i, j, p) + i3(&c, j, i, p));
                for q in 0..units {
                    second += sign(p) * sign(q) * i4(&c, i, j, p, q);
                }
            }
            out.push(eta * first + eta * eta * second);
        }
    }
    for i in 0..k {
        for n in k..units {
            let drive: f64 = (0..units).map(|p| sign(p) * i3(&c, i, n, p)).sum();
            out.push(eta * drive);
        }
    }
    out
}
