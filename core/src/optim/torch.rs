//! torch's elementwise operations, one coordinate at a time and in torch's floating-point
//! order, shared by the optimizers that use them.

/// torch's L2 weight decay `grad.add(param, alpha=wd)` on one coordinate, i.e.
/// `fma(wd, θ, g)`; the gradient unchanged when `wd` is 0 (torch skips the op then).
pub(super) fn weight_decayed(grad: f64, param: f64, wd: f64) -> f64 {
    if wd == 0.0 {
        grad
    } else {
        wd.mul_add(param, grad)
    }
}

/// torch's `param.add_(direction, alpha=-lr)`: θ ← fma(−lr, d, θ), per coordinate.
pub(super) fn descend(params: &mut [f64], lr: f64, direction: &[f64]) {
    for (p, d) in params.iter_mut().zip(direction) {
        *p = (-lr).mul_add(*d, *p);
    }
}

/// torch's `a.addcdiv(b, c, value=s)` on one coordinate: `a + (s·b)/c`, not fused.
pub(super) fn addcdiv(a: f64, s: f64, b: f64, c: f64) -> f64 {
    a + (s * b) / c
}

/// torch's CPU `lerp(start, end, w)`: `start + w·(end − start)` for |w| < 0.5 and
/// `end − (1 − w)·(end − start)` otherwise, each fused into one rounding.
pub(super) fn lerp(start: f64, end: f64, weight: f64) -> f64 {
    if weight.abs() < 0.5 {
        weight.mul_add(end - start, start)
    } else {
        (weight - 1.0).mul_add(end - start, end)
    }
}
