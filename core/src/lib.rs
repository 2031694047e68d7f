//! The math core of plateau: loss landscapes with exact derivatives (built in, or typed as
//! formulas: [`expr`]), optimizers that follow `torch.optim` operation for operation,
//! analysis of critical points and plateaus, trajectory runs, many runs at once (basin maps
//! and escape ensembles, on every core), the planes through which a landscape of many
//! parameters is seen ([`views`]), and contour rasterisation to a plain grid.
//!
//! Nothing here knows about terminals; the explorer and the headless CLI are thin layers
//! over these modules and step exactly the same code.

// The layers, lowest first: each module uses only those before it in this list (the main
// crate's `layers` test checks it, and that no two modules use each other).

// Leaves: refusals, shared arithmetic, judgements about a point.
pub mod error;

pub mod num;

pub mod verdict;

// The plane and functions on it; text in and out.
pub mod geometry;

pub mod text;

// The classical theory of the soft committee machine: closed forms and their ODE.
pub mod theory;

// Formulas, landscapes, optimizers.
pub mod expr;

pub mod landscape;

pub mod schedule;

pub mod optim;

// The one loop, and the setup that builds it.
pub mod run;

pub mod setup;

// Reading runs and landscapes; planes through many parameters.
pub mod analysis;

pub mod views;

// Many runs at once; pictures on a grid.
pub mod many;

pub mod picture;

pub use error::{Error, Result};
pub use geometry::Domain;
pub use landscape::Landscape;
pub use optim::{Optimizer, OptimizerKind};

/// A point of a plane: the parameters of a 2-D landscape, or (u, v) on a plane through the
/// parameter space of a larger one ([`geometry::plane::Plane`]).
pub type Point = nalgebra::Vector2<f64>;

/// A 2x2 matrix: Hessians and Fisher matrices.
pub type Matrix = nalgebra::Matrix2<f64>;

/// A square matrix of any size: the Hessian and Fisher matrix of an N-parameter landscape.
pub type MatrixN = nalgebra::DMatrix<f64>;

/// The random number generator of every run: a named, portable generator, so that a seed
/// gives the same numbers on every platform (the normal samples also depend on the
/// `rand_distr` version that `Cargo.lock` pins).
pub type Rng = rand::rngs::Xoshiro256PlusPlus;

/// Builds the run generator from a user-given seed.
pub fn seeded_rng(seed: u64) -> Rng {
    use rand::SeedableRng;
    Rng::seed_from_u64(seed)
}

/// The seed used when the user gives none.
pub const DEFAULT_SEED: u64 = 42;
