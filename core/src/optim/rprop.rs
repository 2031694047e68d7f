//! Rprop, resilient backpropagation (Riedmiller & Braun 1993, "A direct adaptive method for
//! faster backpropagation learning: the RPROP algorithm"): `torch.optim.Rprop`, operation for
//! operation as its single-tensor code path (`_single_tensor_rprop`, `foreach=False`) does
//! it.
//!
//! Every coordinate has its own step size Δ (starting at `lr`). Only the *sign* of the
//! gradient is used: while ∂L/∂θᵢ keeps its sign, Δᵢ grows by η+; when it flips, the last
//! step jumped over a minimum, so Δᵢ shrinks by η− and that coordinate does not move this
//! step (nor does Δᵢ change on the next: the remembered gradient was zeroed); Δ stays within
//! `step_sizes`. The parameter moves by Δᵢ against the sign.
//!
//! Why it matters for plateaus: the step does not depend on the gradient's size, so a
//! vanishing gradient does not shrink it. On `neuron` from (0.01, 9), where the saturated
//! tanh leaves |∂L/∂w| below 10⁻³, gradient descent (lr 0.05) takes w from 9 only to 8.97 in
//! 1000 steps, while Rprop's steps grow ×1.2 a step and it is at (1.496, 0.997) after 60.
//! At the strict saddle of `saddle`, from (1, 0.001), the tiny ∂L/∂y = −0.002 likewise does
//! not hold it: y passes 1 within 20 steps. The price: step sizes ignore curvature (a sign
//! change is only noticed one step after overshooting), and with noisy (mini-batch)
//! gradients the sign flips at random, which is why Rprop is a full-batch method.
//!
//! torch's exact per-element sequence, with `prev` (zero at first) and `step_size` (`lr` at
//! first) as state:
//!
//! ```text
//! sign = (grad * prev).sign()
//! sign[sign > 0] = etaplus ; sign[sign < 0] = etaminus ; sign[sign == 0] = 1
//! step_size = clamp(step_size * sign, step_size_min, step_size_max)
//! grad[sign == etaminus] = 0
//! param.addcmul_(grad.sign(), step_size, value=-1)      # θ ← fma(−1·sign(g), Δ, θ)
//! prev = grad
//! ```
//!
//! Every operation is exact or correctly rounded (one product for the sign, one for Δ·η, a
//! clamp, and θ ± Δ, as ±1·Δ is exact), so this port is bit-identical to torch
//! (`core/tests/it/rprop.rs`). Two subtle points:
//!
//! - The sign is that of the *rounded* product: when `grad * prev` underflows to 0 (both
//!   tiny) the factor is 1 although the signs agree, and `inf * 0` (an infinite gradient
//!   just after a sign change, or on the first step) is NaN, whose torch sign is 0 (torch's
//!   CPU `sign` is `(0 < x) − (x < 0)`, so NaN gives 0: pytorch/pytorch#41245). The step
//!   size therefore never becomes NaN.
//! - The one deliberate difference: torch moves a coordinate whose gradient is NaN by
//!   `sign(NaN)·Δ = 0`, silently freezing it. Here that coordinate becomes NaN, so a NaN
//!   gradient surfaces as divergence, as it does for every other optimizer of plateau.
//!   Finite and infinite gradients follow torch exactly.

use super::hyper::{Hyperparams, Param, Range, Value};
use super::{LrFamily, Optimizer, OptimizerKind, StepContext};
use crate::error::{Error, Result};
use crate::landscape::Landscape;
use std::cmp::Ordering;

/// Rprop's `etas` (default (0.5, 1.2)); torch requires 0 < η− < 1 < η+ (checked in `build`).
const ETAS: Param = Param {
    name: "etas",
    default: Value::Pair(0.5, 1.2),
    range: Range::Positive,
    help: "(η−, η+): step size ×η− when g flips sign, ×η+ when not (0 < η− < 1 < η+)",
};

/// Rprop's `step_sizes` (default (1e-6, 50)): the bounds of every step size (min ≤ max,
/// checked in `build`; torch does not check it, and its clamp then yields the max).
const STEP_SIZES: Param = Param {
    name: "step_sizes",
    default: Value::Pair(1e-6, 50.0),
    range: Range::NonNegative,
    help: "bounds (Δmin, Δmax) of the per-coordinate step size (Δmin <= Δmax)",
};

/// `torch.optim.Rprop`'s hyperparameters with torch's defaults.
const PARAMS: &[Param] = &[ETAS, STEP_SIZES];

/// Registry entry.
///
/// The learning rate is Rprop's initial step size: a fixed 0.01, torch's default, whatever
/// the landscape. Rprop rescales it by ×η+ or ×η− on every step (×1.2 per step reaches 1
/// in 25 steps), so it is a seed rather than a scale tied to the landscape's curvature, and
/// the landscapes' gradient-descent suggestions (tuned to curvature, as small as 0.001)
/// would only slow the first steps; a fixed 0.01 also makes `-o rprop` with no options
/// equal `torch.optim.Rprop(params)`.
pub const KIND: OptimizerKind = OptimizerKind {
    name: "rprop",
    summary: "sign-only steps Δ per coordinate: ×η+ while g keeps its sign, ×η− when it flips \
              (torch.optim.Rprop)",
    lr_family: LrFamily::Fixed(0.01),
    params: PARAMS,
    build,
};

/// Builds Rprop, refusing what torch refuses (and a step-size range that is empty).
fn build(h: &Hyperparams, landscape: &dyn Landscape) -> Result<Box<dyn Optimizer>> {
    let dim = landscape.info().dim();
    let (etaminus, etaplus) = h.pair(&ETAS);
    let (step_size_min, step_size_max) = h.pair(&STEP_SIZES);
    // torch: `if not 0.0 < etas[0] < 1.0 < etas[1]: raise ValueError("Invalid eta values")`.
    if !(0.0 < etaminus && etaminus < 1.0 && 1.0 < etaplus) {
        return Err(Error::Unsupported(format!(
            "Rprop requires 0 < etaminus < 1 < etaplus, got etas = ({etaminus}, {etaplus})"
        )));
    }
    // Also refuses NaN bounds (if `h` did not come through the range checks): Rust's clamp
    // panics on them.
    let ordered = matches!(
        step_size_min.partial_cmp(&step_size_max),
        Some(Ordering::Less | Ordering::Equal)
    );
    if !ordered {
        return Err(Error::Unsupported(format!(
            "Rprop requires step_size_min <= step_size_max, got step_sizes = \
             ({step_size_min}, {step_size_max})"
        )));
    }
    Ok(Box::new(Rprop {
        etaminus,
        etaplus,
        step_size_min,
        step_size_max,
        prev: vec![0.0; dim],
        step_size: vec![h.lr; dim],
        started: false,
    }))
}

/// Rprop's hyperparameters and state.
struct Rprop {
    etaminus: f64,
    etaplus: f64,
    step_size_min: f64,
    step_size_max: f64,
    /// The previous step's gradient, zeroed where the sign flipped (torch's `prev`).
    prev: Vec<f64>,
    /// The per-coordinate step sizes Δ (torch's `step_size`, initially `lr`).
    step_size: Vec<f64>,
    /// Whether a step was taken (the lr no longer matters then).
    started: bool,
}

/// torch's CPU `sign`: `(0 < x) − (x < 0)`, so ±0 and NaN give +0.
fn torch_sign(x: f64) -> f64 {
    f64::from(u8::from(0.0 < x)) - f64::from(u8::from(x < 0.0))
}

impl Optimizer for Rprop {
    /// torch's Rprop reads the lr once, to fill the step sizes at its first step.
    fn set_lr(&mut self, lr: f64) {
        if !self.started {
            self.step_size.fill(lr);
        }
    }

    fn step(&mut self, params: &mut [f64], grad: &[f64], _: &mut StepContext<'_>) {
        for i in 0..params.len() {
            let mut g = grad[i];
            let mut sign = torch_sign(g * self.prev[i]);
            // The three masked assignments, in torch's order (each sees the previous ones).
            if sign > 0.0 {
                sign = self.etaplus;
            }
            if sign < 0.0 {
                sign = self.etaminus;
            }
            if sign == 0.0 {
                sign = 1.0;
            }
            let step_size =
                (self.step_size[i] * sign).clamp(self.step_size_min, self.step_size_max);
            self.step_size[i] = step_size;
            if sign == self.etaminus {
                g = 0.0;
            }
            // torch: sign(NaN) = 0 would freeze the coordinate; plateau propagates the NaN.
            let direction = if g.is_nan() { g } else { torch_sign(g) };
            params[i] = (-direction).mul_add(step_size, params[i]);
            self.prev[i] = g;
        }
        self.started = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::landscape;
    use crate::optim::{OptimizerSpec, Overrides};

    /// Builds `rprop` on the bowl with the given `etas` and `step_sizes`.
    fn built(etas: (f64, f64), step_sizes: (f64, f64)) -> Result<Box<dyn Optimizer>> {
        let land = landscape::by_name("bowl").unwrap();
        let overrides = Overrides {
            lr: None,
            values: vec![
                ("etas".into(), Value::Pair(etas.0, etas.1)),
                ("step_sizes".into(), Value::Pair(step_sizes.0, step_sizes.1)),
            ],
        };
        OptimizerSpec::resolve(&KIND, &overrides, &land.info().lr)?.build(land.as_ref())
    }

    #[test]
    fn torch_constraints_on_etas_and_step_sizes() {
        assert!(built((0.5, 1.2), (1e-6, 50.0)).is_ok());
        assert!(built((0.999, 1.001), (0.0, 0.0)).is_ok());
        for etas in [(1.0, 1.2), (1.5, 2.0), (0.5, 1.0), (0.5, 0.9), (0.7, 0.5)] {
            let err = built(etas, (1e-6, 50.0)).err().map(|e| e.to_string());
            assert!(
                err.as_deref()
                    .is_some_and(|e| e.contains("0 < etaminus < 1 < etaplus")),
                "{etas:?}: {err:?}"
            );
        }
        let err = built((0.5, 1.2), (1.0, 0.5)).err().map(|e| e.to_string());
        assert!(
            err.as_deref()
                .is_some_and(|e| e.contains("step_size_min <= step_size_max")),
            "{err:?}"
        );
        // Per component: η− = 0 and negative or non-finite bounds fail the declared ranges.
        assert!(matches!(
            built((0.0, 1.2), (1e-6, 50.0)),
            Err(Error::HyperparameterRange { name: "etas", .. })
        ));
        for step_sizes in [(-1.0, 50.0), (1e-6, f64::INFINITY), (f64::NAN, 1.0)] {
            assert!(matches!(
                built((0.5, 1.2), step_sizes),
                Err(Error::HyperparameterRange {
                    name: "step_sizes",
                    ..
                })
            ));
        }
    }

    #[test]
    fn defaults_are_torchs() {
        let land = landscape::by_name("rosenbrock").unwrap();
        let spec = OptimizerSpec::resolve(&KIND, &Overrides::default(), &land.info().lr).unwrap();
        assert_eq!(spec.hyper.lr, 0.01);
        assert_eq!(spec.hyper.get("etas"), Some(Value::Pair(0.5, 1.2)));
        assert_eq!(spec.hyper.get("step_sizes"), Some(Value::Pair(1e-6, 50.0)));
    }

    #[test]
    fn the_torch_sign() {
        assert_eq!(torch_sign(3.0), 1.0);
        assert_eq!(torch_sign(-5e-324), -1.0);
        assert_eq!(torch_sign(f64::NEG_INFINITY), -1.0);
        for zero in [0.0, -0.0, f64::NAN, -f64::NAN] {
            assert_eq!(torch_sign(zero).to_bits(), 0.0f64.to_bits(), "{zero}");
        }
    }
}
