//! Perturbed gradient descent (Jin et al. 2017): gradient descent that, where the gradient
//! is small and no kick happened recently, jumps to a random point of a small disc first, so
//! that it cannot stay on a saddle.

use super::{
    Hyperparams, LrFamily, Optimizer, OptimizerKind, Param, Range, StepContext, Value, descend,
};
use crate::Point;
use crate::error::Result;
use crate::landscape::Landscape;
use rand::RngExt;
use std::f64::consts::TAU;

/// Perturbed gradient descent's hyperparameters.
const PARAMS: &[Param] = &[
    Param {
        name: "threshold",
        default: Value::Float(1e-3),
        range: Range::NonNegative,
        help: "kick when the gradient norm |g| is at most this",
    },
    Param {
        name: "interval",
        default: Value::Count(10),
        range: Range::Any,
        help: "no kick within this many steps after the previous one",
    },
    Param {
        name: "radius",
        default: Value::Float(0.1),
        range: Range::NonNegative,
        help: "radius of the disc the random kick is drawn from (uniformly)",
    },
];

/// Registry entry.
pub const KIND: OptimizerKind = OptimizerKind {
    name: "pgd",
    summary: "perturbed gradient descent: a random kick where |g| is small (Jin et al. 2017)",
    lr_family: LrFamily::Gradient,
    params: PARAMS,
    build,
};

/// Builds perturbed gradient descent with no kick yet.
fn build(h: &Hyperparams, _: &dyn Landscape) -> Result<Box<dyn Optimizer>> {
    Ok(Box::new(Perturbed {
        lr: h.lr,
        threshold: h.float("threshold"),
        interval: h.count("interval"),
        radius: h.float("radius"),
        step: 0,
        last_kick: None,
    }))
}

/// Perturbed gradient descent's hyperparameters and state.
struct Perturbed {
    lr: f64,
    threshold: f64,
    interval: u64,
    radius: f64,
    /// Steps taken, the current one included.
    step: u64,
    /// The step of the latest kick.
    last_kick: Option<u64>,
}

impl Optimizer for Perturbed {
    fn step(&mut self, params: &mut Point, grad: Point, ctx: &mut StepContext<'_>) {
        self.step += 1;
        let rested = self
            .last_kick
            .is_none_or(|kick| self.step - kick > self.interval);
        if grad.norm() <= self.threshold && rested {
            self.last_kick = Some(self.step);
            // Uniform on the disc: uniform angle, radius ∝ √u.
            let angle = TAU * ctx.rng.random::<f64>();
            let r = self.radius * ctx.rng.random::<f64>().sqrt();
            *params += r * Point::new(angle.cos(), angle.sin());
            let kicked_grad = ctx.landscape.gradient(*params);
            descend(params, self.lr, &kicked_grad);
        } else {
            descend(params, self.lr, &grad);
        }
    }
}
