//! Finding the critical points of a surface: multi-start Newton on the gradient,
//! deduplicated and classified by the Hessian.

use super::curvature::Curvature;
use super::domain::Domain;
use super::surface::Surface;
use crate::Point;

/// A point where the gradient vanishes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CriticalPoint {
    /// Where it is.
    pub position: Point,
    /// The loss there.
    pub value: f64,
    /// The Hessian's eigen-decomposition there, with the point's kind.
    pub curvature: Curvature,
}

/// Newton iterations per start.
const MAX_ITERATIONS: usize = 60;

/// Finds the critical points of `landscape` inside `domain`, starting Newton's method on
/// the gradient from a `starts × starts` grid. Points closer than a millionth of the
/// domain's diagonal are merged. Sorted by value, lowest first.
pub fn find_critical_points(
    landscape: &dyn Surface,
    domain: Domain,
    starts: usize,
) -> Vec<CriticalPoint> {
    let diagonal = domain.width().hypot(domain.height());
    let max_step = 0.25 * diagonal;
    let merge = 1e-6 * diagonal;
    let mut found: Vec<CriticalPoint> = Vec::new();
    for i in 0..starts {
        for j in 0..starts {
            let u = (i as f64 + 0.5) / starts as f64;
            let v = (j as f64 + 0.5) / starts as f64;
            let Some(p) = newton(landscape, domain.lerp(u, v), max_step) else {
                continue;
            };
            if !domain.contains(p) || found.iter().any(|c| (c.position - p).norm() < merge) {
                continue;
            }
            if let Some(curvature) = Curvature::at(landscape, p) {
                found.push(CriticalPoint {
                    position: p,
                    value: landscape.value(p),
                    curvature,
                });
            }
        }
    }
    found.sort_by(|a, b| a.value.total_cmp(&b.value));
    found
}

/// Newton's method on ∇L = 0 from `p`; `Some` only if it converged.
fn newton(landscape: &dyn Surface, mut p: Point, max_step: f64) -> Option<Point> {
    for _ in 0..MAX_ITERATIONS {
        let g = landscape.gradient(p);
        if g == Point::zeros() {
            return Some(p);
        }
        let step = landscape.hessian(p).lu().solve(&(-g))?;
        let length = step.norm();
        if !length.is_finite() {
            return None;
        }
        p += if length > max_step {
            step * (max_step / length)
        } else {
            step
        };
        if length <= 1e-13 * (1.0 + p.norm()) {
            return Some(p);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Matrix;
    use crate::verdict::CriticalKind;

    /// x² + y².
    struct Bowl;

    impl Surface for Bowl {
        fn value(&self, p: Point) -> f64 {
            p.norm_squared()
        }
        fn gradient(&self, p: Point) -> Point {
            2.0 * p
        }
        fn hessian(&self, _p: Point) -> Matrix {
            Matrix::new(2.0, 0.0, 0.0, 2.0)
        }
    }

    #[test]
    fn bowl_has_one_minimum_at_the_origin() {
        let found = find_critical_points(&Bowl, Domain::square(3.0), 8);
        assert_eq!(found.len(), 1);
        assert!(found[0].position.norm() < 1e-12);
        assert_eq!(found[0].curvature.kind, CriticalKind::Minimum);
    }
}
