//! Analysis of a landscape and of a run: the critical points worth marking on a picture,
//! plateaus along a trajectory and the escapes from them, the principal directions of a
//! trajectory, and the Fisher matrix's degeneracy (the singularity gauge). The curvature at
//! a point and the critical-point finder live a layer lower, in [`crate::geometry`], and are
//! re-exported here where callers look for them.

mod escape;
mod landmarks;
pub mod plateau;
mod principal;
mod singularity;
mod spectrum;

pub use crate::geometry::critical::{CriticalPoint, find_critical_points};
pub use crate::geometry::curvature::Curvature;
pub use crate::verdict::classify;
pub use escape::{ESCAPE_FACTOR, EscapeLevel, UNBOUNDED_DROP};
pub use landmarks::{DEFAULT_STARTS, landmarks};
pub use plateau::{Escape, PlateauDetector, PlateauSpan};
pub use principal::{Principal, Scatter};
pub use singularity::SingularityGauge;
pub use spectrum::Spectrum;
