//! The plane and what lives on it: rectangles of the plane ([`domain`]), planes through a
//! parameter space ([`plane`]) and their named [`window`]s, functions of a point of the plane
//! with exact derivatives ([`surface`]), their [`curvature`] and their [`critical`] points.
//! Above the leaves (`num`, `verdict`), below everything that knows a landscape.

pub mod critical;
pub mod curvature;
pub mod domain;
pub mod plane;
pub mod surface;
pub mod window;

pub use domain::Domain;
