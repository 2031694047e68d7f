//! Loss landscapes: functions of a parameter vector θ with exact gradients and Hessians.
//!
//! A [`Landscape`] is what an optimizer trains: any number of parameters, read and written
//! as slices. A [`Surface`] is a function of a point of a plane, what the map draws and the
//! critical-point finder searches. Every 2-D landscape is both: it is written once as a
//! [`Formula`], generic over a dual-number type ([`Formula::eval`]), and `num-dual` gives
//! the exact gradient and Hessian of that one function. Where a reference (torch)
//! trajectory depends on the exact floating-point order of the gradient, the formula also
//! hand-writes it ([`Formula::gradient`]) in that order; a test checks both against finite
//! differences. Models with more parameters (`committee`) implement [`Landscape`] directly
//! and are seen through a plane ([`Slice`]).
//!
//! Adding a landscape is one new file and one line in [`REGISTRY`]. A formula typed by the
//! user becomes a landscape through [`from_expr`].

mod ackley;
mod beale;
mod booth;
mod bowl;
mod camel3;
mod camel6;
mod committee;
mod custom;
mod goldstein_price;
mod himmelblau;
mod matyas;
mod monkey;
mod neuron;
mod overlap;
mod quartic;
mod rastrigin;
mod rosenbrock;
mod saddle;
mod slice;
mod styblinski_tang;

use crate::error::{Error, Result};
use crate::geometry::domain::Domain;
pub use crate::geometry::surface::Surface;
use crate::geometry::window::Window;
pub use crate::verdict::CriticalKind;
use crate::{Matrix, MatrixN, Point};
pub use custom::{DEFAULT_DOMAIN, from_expr};
use nalgebra::SVector;
use num_dual::{Dual2Vec, DualNum, DualVec};
use serde::Serialize;
pub use slice::Slice;
use std::ops::Range;
use std::sync::Arc;

/// A critical point that is known in closed form or from the literature.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KnownPoint {
    /// Where it is: one coordinate per parameter.
    pub position: Vec<f64>,
    /// The loss there.
    pub value: f64,
    /// What kind of point it is.
    pub kind: CriticalKind,
}

impl KnownPoint {
    /// A known minimum of a 2-D landscape.
    pub fn minimum(x: f64, y: f64, value: f64) -> Self {
        Self {
            position: vec![x, y],
            value,
            kind: CriticalKind::Minimum,
        }
    }

    /// A known saddle of a 2-D landscape.
    pub fn saddle(x: f64, y: f64, value: f64) -> Self {
        Self {
            position: vec![x, y],
            value,
            kind: CriticalKind::Saddle,
        }
    }

    /// The position as a point of the plane (the first two coordinates).
    pub fn point(&self) -> Point {
        Point::new(
            self.position.first().copied().unwrap_or(f64::NAN),
            self.position.get(1).copied().unwrap_or(f64::NAN),
        )
    }
}

/// The suggested learning rates of a landscape, one per family of optimizer (see
/// `optim::LrFamily`).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct SuggestedLr {
    /// For plain, momentum and noisy gradient descent.
    pub gradient: f64,
    /// For Adam, AdamW and RMSprop (Adagrad takes ten times this).
    pub adaptive: f64,
}

/// The training data of a model landscape: inputs and teacher outputs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Dataset {
    /// One input vector per example.
    pub inputs: Vec<Vec<f64>>,
    /// The teacher's output for each example.
    pub targets: Vec<f64>,
}

/// When a run counts as stalled on a landscape: the gradient norm below `grad_tol` while
/// the loss is more than `margin` above the best known minimum (see
/// `analysis::PlateauDetector`).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PlateauRule {
    /// Gradient norms below this are stalled.
    pub grad_tol: f64,
    /// How far above the best known minimum the loss must be.
    pub margin: f64,
}

impl PlateauRule {
    /// The rule of most landscapes: |∇L| < 1e-3 while L > L* + 1e-2 (the seed's numbers).
    pub const DEFAULT: Self = Self {
        grad_tol: 1e-3,
        margin: 1e-2,
    };
}

/// Everything about a landscape except its formula.
#[derive(Clone, Debug, Serialize)]
pub struct LandscapeInfo {
    /// Registry name, e.g. `rosenbrock`.
    pub name: String,
    /// One-line description.
    pub description: String,
    /// The formula in plateau's expression syntax (what `e` in the explorer pre-fills);
    /// empty for models with more than two parameters.
    pub formula: String,
    /// The parameters' names, in order, e.g. `["x", "y"]`, `["v", "w"]` or `["w1_0", …]`;
    /// their number is the landscape's dimension.
    pub parameters: Vec<String>,
    /// The default plot domain (for a 2-D landscape its own plane; for a model, the plane of
    /// its default view).
    pub domain: Domain,
    /// The default start of a run, one coordinate per parameter.
    pub start: Vec<f64>,
    /// Suggested learning rates.
    pub lr: SuggestedLr,
    /// Known critical points (at least the minima); empty when none is known.
    pub known_points: Vec<KnownPoint>,
    /// When a run counts as stalled here.
    pub plateau: PlateauRule,
    /// The training data, for models.
    pub dataset: Option<Dataset>,
}

impl LandscapeInfo {
    /// The number of parameters.
    pub fn dim(&self) -> usize {
        self.parameters.len()
    }

    /// The lowest known minimum value, or `None` if no minimum is known (unbounded below).
    pub fn best_known_value(&self) -> Option<f64> {
        self.known_points
            .iter()
            .filter(|k| k.kind == CriticalKind::Minimum)
            .map(|k| k.value)
            .min_by(f64::total_cmp)
    }

    /// The default start as a point of the plane (2-D landscapes).
    pub fn start_point(&self) -> Point {
        Point::new(self.start[0], self.start.get(1).copied().unwrap_or(0.0))
    }
}

/// A loss landscape as an optimizer sees it (object safe): a function of a parameter vector
/// of [`LandscapeInfo::dim`] coordinates.
pub trait Landscape: Send + Sync {
    /// Name, parameters, domain, start, learning rates, known points.
    fn info(&self) -> &LandscapeInfo;
    /// The loss at `theta`.
    fn value(&self, theta: &[f64]) -> f64;
    /// Writes the exact gradient at `theta` into `out` (same length).
    fn gradient(&self, theta: &[f64], out: &mut [f64]);
    /// The exact Hessian at `theta`.
    fn hessian(&self, theta: &[f64]) -> MatrixN;
    /// Whether the landscape is the squared error of a model `y_n(θ)`, with a Fisher matrix.
    fn has_fisher(&self) -> bool {
        false
    }
    /// For a model's squared error ([`Landscape::has_fisher`]), writes the Fisher matrix of
    /// the outputs `Σ_n J_nᵀ J_n` (`J_n = ∂y_n/∂θ`) at `theta` into `out` (dim × dim);
    /// leaves `out` alone for plain functions.
    fn fisher(&self, _theta: &[f64], _out: &mut MatrixN) {}
    /// The landscape itself as a function of the plane, when it has exactly two parameters
    /// (so that the map, the critical-point finder and the 2×2 fast paths need no plane).
    fn surface(&self) -> Option<&dyn Surface> {
        None
    }
    /// Whether the model has a singularity view ([`Landscape::singular_view`]).
    fn has_singular_view(&self) -> bool {
        false
    }
    /// The model's singularity view at `theta` (see `views`): a plane through θ
    /// whose axes measure the distance from the model's singular region, so that a run is
    /// seen approaching and leaving it; `None` (the default) for landscapes without one,
    /// and for a model that has one where its directions are not finite (far out, where
    /// the curvature overflows).
    fn singular_view(&self, _theta: &[f64]) -> Option<Window> {
        None
    }
    /// The groups of parameters ("filters", Li et al. 2018) that a filter-normalised random
    /// direction rescales together, as index ranges: for a network, each unit's incoming
    /// weights. Parameters in no range are not moved by such a direction. The default is one
    /// filter, the whole vector, which makes the random directions plain isotropic ones
    /// (normalising the whole direction to |θ| changes only its length, and a plane's
    /// directions are unit vectors anyway).
    #[expect(
        clippy::single_range_in_vec_init,
        reason = "one filter: the whole vector"
    )]
    fn filters(&self) -> Vec<Range<usize>> {
        vec![0..self.info().dim()]
    }
    /// Model-specific quantities at `theta`, as `(label, value)` pairs for the readout
    /// (committee: |w1 − w2|, cos(w1, w2), v1 + v2); none by default.
    fn diagnostics(&self, _theta: &[f64]) -> Vec<(&'static str, f64)> {
        Vec::new()
    }
}

/// A landscape written once as a generic function of two (dual) numbers.
pub trait Formula: Send + Sync + 'static {
    /// The loss at `(x, y)`, for plain `f64` and for every dual number type.
    fn eval<D: DualNum<Primitive = f64> + Copy>(&self, x: D, y: D) -> D;

    /// A hand-written gradient in a fixed floating-point order (the order torch reference
    /// runs use); `None` to take the dual-number gradient of [`Formula::eval`].
    fn gradient(&self, _p: Point) -> Option<Point> {
        None
    }

    /// A hand-written Hessian where the dual-number one is undefined (a kink).
    fn hessian(&self, _p: Point) -> Option<Matrix> {
        None
    }

    /// See [`Landscape::fisher`].
    fn fisher(&self, _p: Point) -> Option<Matrix> {
        None
    }
}

/// Turns a [`Formula`] and its [`LandscapeInfo`] into a [`Landscape`].
pub struct Smooth<F> {
    formula: F,
    info: LandscapeInfo,
}

impl<F: Formula> Smooth<F> {
    /// Pairs a formula with its description.
    pub fn new(formula: F, info: LandscapeInfo) -> Self {
        Self { formula, info }
    }
}

impl<F: Formula> Surface for Smooth<F> {
    fn value(&self, p: Point) -> f64 {
        self.formula.eval(p.x, p.y)
    }

    fn gradient(&self, p: Point) -> Point {
        if let Some(g) = self.formula.gradient(p) {
            return g;
        }
        let (_, g) = num_dual::gradient(
            |v: SVector<DualVec<f64, nalgebra::Const<2>>, 2>| self.formula.eval(v[0], v[1]),
            &p,
        );
        g
    }

    fn hessian(&self, p: Point) -> Matrix {
        if let Some(h) = self.formula.hessian(p) {
            return h;
        }
        let (_, _, h) = num_dual::hessian(
            |v: SVector<Dual2Vec<f64, nalgebra::Const<2>>, 2>| self.formula.eval(v[0], v[1]),
            &p,
        );
        h
    }
}

/// The point of a 2-D parameter vector.
fn point_of(theta: &[f64]) -> Point {
    Point::new(theta[0], theta[1])
}

impl<F: Formula> Landscape for Smooth<F> {
    fn info(&self) -> &LandscapeInfo {
        &self.info
    }

    fn value(&self, theta: &[f64]) -> f64 {
        Surface::value(self, point_of(theta))
    }

    fn gradient(&self, theta: &[f64], out: &mut [f64]) {
        out.copy_from_slice(Surface::gradient(self, point_of(theta)).as_slice());
    }

    fn hessian(&self, theta: &[f64]) -> MatrixN {
        let h = Surface::hessian(self, point_of(theta));
        MatrixN::from_column_slice(2, 2, h.as_slice())
    }

    fn has_fisher(&self) -> bool {
        self.formula.fisher(Point::zeros()).is_some()
    }

    fn fisher(&self, theta: &[f64], out: &mut MatrixN) {
        if let Some(f) = self.formula.fisher(point_of(theta)) {
            out.copy_from_slice(f.as_slice());
        }
    }

    fn surface(&self) -> Option<&dyn Surface> {
        Some(self)
    }
}

/// One entry of the landscape registry: its name, declared here once (the landscape's
/// [`LandscapeInfo::name`] is this one, handed to `build`).
pub struct Entry {
    /// Registry name.
    pub name: &'static str,
    /// Builds the landscape, named `name`.
    build: fn(name: &'static str) -> Arc<dyn Landscape>,
}

impl Entry {
    /// The landscape of this entry.
    pub fn landscape(&self) -> Arc<dyn Landscape> {
        (self.build)(self.name)
    }
}

/// Every built-in landscape, in the order the explorer cycles through them.
pub static REGISTRY: &[Entry] = &[
    neuron::ENTRY,
    overlap::ENTRY,
    saddle::ENTRY,
    monkey::ENTRY,
    bowl::ENTRY,
    quartic::ENTRY,
    rosenbrock::ENTRY,
    himmelblau::ENTRY,
    beale::ENTRY,
    booth::ENTRY,
    matyas::ENTRY,
    camel3::ENTRY,
    camel6::ENTRY,
    goldstein_price::ENTRY,
    rastrigin::ENTRY,
    ackley::ENTRY,
    styblinski_tang::ENTRY,
    committee::ENTRY,
];

/// The names of all built-in landscapes.
pub fn names() -> impl Iterator<Item = &'static str> {
    REGISTRY.iter().map(|e| e.name)
}

/// Looks a built-in landscape up by name; the error lists the valid names.
pub fn by_name(name: &str) -> Result<Arc<dyn Landscape>> {
    REGISTRY
        .iter()
        .find(|e| e.name == name)
        .map(Entry::landscape)
        .ok_or_else(|| Error::UnknownName {
            kind: "landscape",
            name: name.to_owned(),
            valid: names().collect::<Vec<_>>().join(", "),
        })
}

/// Shorthand for a list of parameter names.
fn param_names(names: &[&str]) -> Vec<String> {
    names.iter().map(|&n| n.to_owned()).collect()
}

#[cfg(test)]
mod tests;
