//! Analysis of a landscape and of a run: curvature at a point, the critical points of a
//! view, plateaus along a trajectory and the escapes from them, the principal directions of
//! a trajectory, and the Fisher matrix's degeneracy (the singularity gauge).

mod critical;
mod curvature;
mod escape;
pub mod plateau;
mod principal;
mod singularity;
mod spectrum;

pub use critical::{CriticalPoint, DEFAULT_STARTS, find_critical_points, landmarks};
pub use curvature::{Curvature, classify};
pub use escape::{ESCAPE_FACTOR, EscapeLevel, UNBOUNDED_DROP};
pub use plateau::{Escape, PlateauDetector, PlateauSpan};
pub use principal::{Principal, Scatter};
pub use singularity::{DEGENERATE, SingularityGauge};
pub use spectrum::Spectrum;
