//! The critical points worth marking on a picture: those found, plus the known ones missed.

use crate::geometry::critical::{CriticalPoint, find_critical_points};
use crate::geometry::curvature::Curvature;
use crate::geometry::domain::Domain;
use crate::geometry::surface::Surface;
use crate::landscape::KnownPoint;

/// Starts per axis used by [`landmarks`].
pub const DEFAULT_STARTS: usize = 32;

/// The critical points worth marking on a picture of `domain`: those the finder locates
/// plus the `known` points of the surface's plane it missed (e.g. kinks, where Newton
/// fails), the known kind taking precedence there.
pub fn landmarks(
    landscape: &dyn Surface,
    domain: Domain,
    known: &[KnownPoint],
) -> Vec<CriticalPoint> {
    let mut points = find_critical_points(landscape, domain, DEFAULT_STARTS);
    let merge = 1e-6 * domain.width().hypot(domain.height());
    for known in known {
        let position = known.point();
        if !domain.contains(position)
            || points
                .iter()
                .any(|c| (c.position - position).norm() < merge)
        {
            continue;
        }
        if let Some(mut curvature) = Curvature::at(landscape, position) {
            curvature.kind = known.kind;
            points.push(CriticalPoint {
                position,
                value: known.value,
                curvature,
            });
        }
    }
    points
}
