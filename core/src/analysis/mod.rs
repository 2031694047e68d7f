//! Analysis of a landscape and of a run: curvature at a point, the critical points of a
//! view, plateaus along a trajectory, and when a run has escaped from its start.

mod critical;
mod curvature;
mod escape;
mod plateau;
mod spectrum;

pub use critical::{CriticalPoint, DEFAULT_STARTS, find_critical_points, landmarks};
pub use curvature::{Curvature, classify};
pub use escape::{Escape, UNBOUNDED_DROP};
pub use plateau::{PlateauDetector, PlateauSpan};
pub use spectrum::Spectrum;
