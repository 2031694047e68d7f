//! A plane with the names of its axes: what a view of a many-parameter landscape shows.

use super::plane::Plane;

/// A plane with the names of its axes: what a view shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Window {
    /// The plane through θ.
    pub plane: Plane,
    /// What the u and v axes measure, e.g. `w1_1`, `(v1−v2)/√2`, `PC1 93%`.
    pub axes: [String; 2],
    /// Why the window is not quite the view asked for (a fallback), if it is not.
    pub note: Option<String>,
}
