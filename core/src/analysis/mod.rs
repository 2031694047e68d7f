//! Analysis of a landscape and of a run: curvature at a point, the critical points of a
//! view, and plateaus along a trajectory.

mod critical;
mod curvature;
pub mod plateau;
mod spectrum;

pub use critical::{CriticalPoint, DEFAULT_STARTS, find_critical_points, landmarks};
pub use curvature::{Curvature, classify};
pub use plateau::{Escape, PlateauDetector, PlateauSpan};
pub use spectrum::Spectrum;
