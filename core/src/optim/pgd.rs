//! Perturbed gradient descent (Jin et al. 2017): gradient descent that, where the gradient
//! is small and no kick happened recently, jumps to a random point of a small disc first, so
//! that it cannot stay on a saddle.

use super::hyper::{Hyperparams, Param, Range, Value};
use super::torch::descend;
use super::{LrFamily, Optimizer, OptimizerKind, StepContext};
use crate::error::Result;
use crate::landscape::Landscape;
use crate::num::norm;
use rand::RngExt;
use rand_distr::{Distribution, StandardNormal};
use std::f64::consts::TAU;

/// The `threshold` hyperparameter.
const THRESHOLD: Param = Param {
    name: "threshold",
    default: Value::Float(1e-3),
    range: Range::NonNegative,
    help: "kick when the gradient norm |g| is at most this",
};

/// The `interval` hyperparameter.
const INTERVAL: Param = Param {
    name: "interval",
    default: Value::Count(10),
    range: Range::Any,
    help: "no kick within this many steps after the previous one",
};

/// The `radius` hyperparameter.
const RADIUS: Param = Param {
    name: "radius",
    default: Value::Float(0.1),
    range: Range::NonNegative,
    help: "radius of the disc the random kick is drawn from (uniformly)",
};

/// Perturbed gradient descent's hyperparameters.
const PARAMS: &[Param] = &[THRESHOLD, INTERVAL, RADIUS];

/// Registry entry.
pub const KIND: OptimizerKind = OptimizerKind {
    name: "pgd",
    summary: "perturbed gradient descent: a random kick where |g| is small (Jin et al. 2017)",
    lr_family: LrFamily::Gradient,
    params: PARAMS,
    build,
};

/// Builds perturbed gradient descent with no kick yet.
fn build(h: &Hyperparams, landscape: &dyn Landscape) -> Result<Box<dyn Optimizer>> {
    Ok(Box::new(Perturbed {
        lr: h.lr,
        threshold: h.float(&THRESHOLD),
        interval: h.count(&INTERVAL),
        radius: h.float(&RADIUS),
        step: 0,
        last_kick: None,
        kicked_grad: vec![0.0; landscape.info().dim()],
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
    /// The gradient after a kick (and before it the kick's direction), reused between steps.
    kicked_grad: Vec<f64>,
}

/// Moves `params` to a uniform random point of the ball of `radius` around it: on a plane a
/// uniform angle and a radius ∝ √u; in more dimensions a direction from normalised
/// Gaussians (drawn into `direction`, of the same length) and a radius ∝ u^(1/N).
fn kick(params: &mut [f64], radius: f64, rng: &mut crate::Rng, direction: &mut [f64]) {
    if let [x, y] = params {
        let angle = TAU * rng.random::<f64>();
        let r = radius * rng.random::<f64>().sqrt();
        *x += r * angle.cos();
        *y += r * angle.sin();
        return;
    }
    let n = params.len();
    for d in direction.iter_mut() {
        *d = StandardNormal.sample(rng);
    }
    let length = norm(direction);
    let r = radius * rng.random::<f64>().powf(1.0 / n as f64);
    if length > 0.0 {
        for (p, d) in params.iter_mut().zip(direction.iter()) {
            *p += r * d / length;
        }
    }
}

impl Optimizer for Perturbed {
    fn set_lr(&mut self, lr: f64) {
        self.lr = lr;
    }

    fn step(&mut self, params: &mut [f64], grad: &[f64], ctx: &mut StepContext<'_>) {
        self.step += 1;
        let rested = self
            .last_kick
            .is_none_or(|kick| self.step - kick > self.interval);
        if norm(grad) <= self.threshold && rested {
            self.last_kick = Some(self.step);
            kick(params, self.radius, ctx.rng, &mut self.kicked_grad);
            ctx.landscape.gradient(params, &mut self.kicked_grad);
            descend(params, self.lr, &self.kicked_grad);
        } else {
            descend(params, self.lr, grad);
        }
    }
}
