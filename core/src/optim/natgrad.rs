//! Natural gradient descent (Amari 1998): θ ← θ − lr·(F + damping·I)⁻¹g, with F the Fisher
//! matrix Σ JₙᵀJₙ of the model's outputs. It rescales the parameters so that steps are
//! measured by their effect on the outputs, which flattens plateaus caused by a degenerate
//! parametrisation (a saturated tanh, two identical units).

use super::{
    Hyperparams, LrFamily, Optimizer, OptimizerKind, Param, Range, StepContext, Value, descend,
};
use crate::error::{Error, Result};
use crate::landscape::Landscape;
use crate::{Matrix, Point};

/// Natural gradient's hyperparameters.
const PARAMS: &[Param] = &[Param {
    name: "damping",
    default: Value::Float(1e-4),
    range: Range::NonNegative,
    help: "added to the Fisher matrix's diagonal (Tikhonov damping) before inverting",
}];

/// Registry entry.
pub const KIND: OptimizerKind = OptimizerKind {
    name: "natgrad",
    summary: "natural gradient θ ← θ − lr·(F + δI)⁻¹g on model losses (neuron, overlap)",
    lr_family: LrFamily::Gradient,
    params: PARAMS,
    build,
};

/// Builds natural gradient descent; errors on a landscape that is not a model's squared
/// error (it has no Fisher matrix).
fn build(h: &Hyperparams, landscape: &dyn Landscape) -> Result<Box<dyn Optimizer>> {
    let info = landscape.info();
    if landscape.fisher(info.start).is_none() {
        return Err(Error::Unsupported(format!(
            "natgrad needs a landscape that is a model's squared error (neuron, overlap); {} is a plain function",
            info.name
        )));
    }
    Ok(Box::new(NaturalGradient {
        lr: h.lr,
        damping: h.float("damping"),
    }))
}

/// Natural gradient's hyperparameters.
struct NaturalGradient {
    lr: f64,
    damping: f64,
}

impl Optimizer for NaturalGradient {
    /// Where `F + damping·I` is exactly singular (damping 0 on a degenerate model, e.g.
    /// `neuron` on its line v = 0) or the landscape gives no Fisher matrix there, the step
    /// falls back to a plain gradient step.
    fn step(&mut self, params: &mut Point, grad: Point, ctx: &mut StepContext<'_>) {
        let direction = ctx
            .landscape
            .fisher(*params)
            .and_then(|f| (f + Matrix::from_diagonal_element(self.damping)).try_inverse())
            .map_or(grad, |inverse| inverse * grad);
        descend(params, self.lr, &direction);
    }
}
