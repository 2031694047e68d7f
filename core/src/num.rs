//! Numeric helpers every layer shares: the dot product and norm of parameter slices, and a
//! `tanh` that stays finite for dual numbers. A leaf: it uses nothing else of the crate.

use nalgebra::DVectorView;
use num_dual::DualNum;

/// `a · b` of two slices of the same length (nalgebra's dot product).
pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    DVectorView::from_slice(a, a.len()).dot(&DVectorView::from_slice(b, b.len()))
}

/// The Euclidean norm of `v`: the square root of the squares summed in order (as nalgebra's
/// `norm` does), or, where that is not finite (squares overflow above ~1e154, or a
/// component is not finite), `hypot` folded over the components, which does not overflow.
pub fn norm(v: &[f64]) -> f64 {
    let plain = v.iter().fold(0.0, |sum, x| sum + x * x).sqrt();
    if plain.is_finite() {
        plain
    } else {
        v.iter().fold(0.0, |acc: f64, x| acc.hypot(*x))
    }
}

/// The Euclidean distance of two points of the same dimension (NaN if either is not
/// finite).
pub fn distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y) * (x - y))
        .sum::<f64>()
        .sqrt()
}

/// Below this |argument| num-dual's `tanh` (`sinh / cosh`) is finite. From about 355 on
/// the quotient rule's `cosh²` overflows and its derivatives are NaN (and from 710 on its
/// value too).
const TANH_OVERFLOW: f64 = 350.0;

/// `tanh` of a plain or dual number that stays finite for any finite argument: beyond
/// `TANH_OVERFLOW` (350), where the true tanh is ±1 to far below f64 precision and its
/// derivatives are 0, it is that constant. Below, it is num-dual's `tanh` unchanged, so
/// every result that was finite before stays bit for bit the same. Formulas use it instead
/// of `.tanh()`, so that a saturated unit gives a zero gradient, not a NaN that ends the
/// run at a finite point.
pub fn saturating_tanh<D: DualNum<Primitive = f64> + Copy>(u: D) -> D {
    let re = u.re();
    if re.abs() > TANH_OVERFLOW {
        D::from(re.signum())
    } else {
        u.tanh()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saturating_tanh_is_num_dual_tanh_wherever_that_is_finite() {
        use nalgebra::Const;
        use num_dual::Dual2Vec;
        let mut u = -350.0;
        while u <= 350.0 {
            let d = Dual2Vec::<f64, Const<1>>::from_re(u).derivative(0);
            let (mine, theirs) = (saturating_tanh(d), d.tanh());
            assert_eq!(mine.re, theirs.re, "{u}");
            assert_eq!(format!("{mine:?}"), format!("{theirs:?}"), "{u}");
            assert_eq!(saturating_tanh(u).to_bits(), u.tanh().to_bits(), "{u}");
            u += 0.173;
        }
        assert_eq!(saturating_tanh(1e4), 1.0);
        assert_eq!(saturating_tanh(-1e300), -1.0);
        assert!(saturating_tanh(f64::NAN).is_nan());
    }

    #[test]
    fn dot_and_norm() {
        assert_eq!(dot(&[1.0, 2.0, 3.0], &[4.0, -5.0, 6.0]), 12.0);
        assert_eq!(norm(&[3.0, 4.0]), 5.0);
        assert_eq!(distance(&[1.0, 1.0], &[4.0, 5.0]), 5.0);
        assert!(
            (norm(&[3e200, 4e200]) / 5e200 - 1.0).abs() < 1e-15,
            "no overflow"
        );
    }
}
