//! Natural gradient descent (Amari 1998): θ ← θ − lr·(F + damping·I)⁻¹g, with F the Fisher
//! matrix Σ JₙᵀJₙ of the model's outputs. It rescales the parameters so that steps are
//! measured by their effect on the outputs, which flattens plateaus caused by a degenerate
//! parametrisation (a saturated tanh, two identical units).

use super::hyper::{Hyperparams, Param, Range, Value};
use super::torch::descend;
use super::{LrFamily, Optimizer, OptimizerKind, StepContext};
use crate::MatrixN;
use crate::error::{Error, Result};
use crate::landscape::Landscape;

/// The `damping` hyperparameter.
const DAMPING: Param = Param {
    name: "damping",
    default: Value::Float(1e-4),
    range: Range::NonNegative,
    help: "added to the Fisher matrix's diagonal (Tikhonov damping) before inverting",
};

/// Natural gradient's hyperparameters.
const PARAMS: &[Param] = &[DAMPING];

/// Registry entry.
pub const KIND: OptimizerKind = OptimizerKind {
    name: "natgrad",
    summary: "natural gradient θ ← θ − lr·(F + δI)⁻¹g on model losses (neuron, overlap, committee)",
    lr_family: LrFamily::Gradient,
    params: PARAMS,
    build,
};

/// Builds natural gradient descent; errors on a landscape that is not a model's squared
/// error (it has no Fisher matrix).
fn build(h: &Hyperparams, landscape: &dyn Landscape) -> Result<Box<dyn Optimizer>> {
    let info = landscape.info();
    if !landscape.has_fisher() {
        return Err(Error::Unsupported(format!(
            "natgrad needs a landscape that is a model's squared error (neuron, overlap, committee); {} is a plain function",
            info.name
        )));
    }
    let dim = info.dim();
    Ok(Box::new(NaturalGradient {
        lr: h.lr,
        damping: h.float(&DAMPING),
        fisher: MatrixN::zeros(dim, dim),
        direction: nalgebra::DVector::zeros(dim),
    }))
}

/// Natural gradient's hyperparameters and its work space.
struct NaturalGradient {
    lr: f64,
    damping: f64,
    /// The (damped, then inverted) Fisher matrix, reused between steps.
    fisher: MatrixN,
    /// The step direction, reused between steps.
    direction: nalgebra::DVector<f64>,
}

impl Optimizer for NaturalGradient {
    fn set_lr(&mut self, lr: f64) {
        self.lr = lr;
    }

    /// Where `F + damping·I` is exactly singular (damping 0 on a degenerate model, e.g.
    /// `neuron` on its line v = 0), the step falls back to a plain gradient step.
    fn step(&mut self, params: &mut [f64], grad: &[f64], ctx: &mut StepContext<'_>) {
        ctx.landscape.fisher(params, &mut self.fisher);
        let n = params.len();
        for r in 0..n {
            for c in 0..n {
                self.fisher[(r, c)] += if r == c { self.damping } else { 0.0 };
            }
        }
        let g = nalgebra::DVectorView::from_slice(grad, n);
        if self.fisher.try_inverse_mut() {
            self.direction.gemv(1.0, &self.fisher, &g, 0.0);
        } else {
            self.direction.copy_from(&g);
        }
        descend(params, self.lr, self.direction.as_slice());
    }
}
