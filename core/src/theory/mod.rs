//! The classical theory of plateaus: on-line learning of the soft committee machine with erf
//! units, `g(x) = erf(x/√2)` (Saad & Solla 1995; Biehl & Schwarze 1995). A student of K
//! units learns a teacher of M units from fresh Gaussian inputs; as the input dimension N
//! grows, the overlaps `Q_ik = J_i·J_k`, `R_in = J_i·B_n` (the order parameters) follow
//! ordinary differential equations in the time `α = steps / N`, whose right-hand sides and
//! the generalisation error are closed forms (docs/reference/SCM.md).
//!
//! - [`Overlaps`]: the order parameters and the teacher's overlaps `T`;
//! - [`generalisation_error`]: ε_g(Q, R, T), a sum of arcsin terms;
//! - [`rates`]: dQ/dα and dR/dα (the η and η² terms);
//! - [`Trajectory`]: the ODE integrated by an adaptive Dormand–Prince scheme;
//! - [`symmetric_fixed_points`]: the two fixed points of the symmetric subspace (identical
//!   students, and the plateau) with the spectrum of the linearised ODE at each.
//!
//! Nothing here knows about landscapes or runs: only nalgebra and the core's error type.

mod fixed;
mod generalisation;
mod integrals;
mod integrator;
mod overlaps;
mod rates;
mod trajectory;

pub use fixed::{FixedPointKind, SymmetricFixedPoint, symmetric_fixed_points};
pub use generalisation::generalisation_error;
pub use integrals::{i2, i3, i4};
pub use integrator::{DormandPrince, TOLERANCE};
pub use overlaps::Overlaps;
pub use rates::rates;
pub use trajectory::Trajectory;
