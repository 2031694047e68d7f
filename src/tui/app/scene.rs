//! What is being explored: the landscape, the plane the map shows it on, the part of it on
//! screen, its critical points and where runs start.

use super::{FOLLOW_TOLERANCE, Projection};
use plateau_core::analysis::landmarks;
use plateau_core::geometry::plane::Plane;
use plateau_core::landscape::{KnownPoint, Landscape, Slice, Surface};
use plateau_core::{Domain, Matrix, Point};
use std::sync::Arc;

/// What is being explored: the landscape, the plane the map shows it on, its marked
/// critical points, the part of the plane on screen and where runs start.
pub struct Scene {
    /// The landscape.
    pub landscape: Arc<dyn Landscape>,
    /// Where the landscape is in the registry; `None` for a formula.
    pub registry_index: Option<usize>,
    /// For a landscape of more than two parameters, the view and the plane through its
    /// parameter space that the map shows; `None` for a 2-D landscape, its own plane.
    pub projection: Option<Projection>,
    /// The critical points to mark (found over the landscape's default view, plus its
    /// known ones the search missed), in parameter coordinates.
    pub critical: Vec<KnownPoint>,
    /// The part of the plane on screen.
    pub region: Domain,
    /// Where every racer starts, one coordinate per parameter.
    pub start: Vec<f64>,
    /// The seed of every racer's random number generator.
    pub seed: u64,
}

impl Scene {
    /// The plane the map shows an N-D landscape on; `None` for a 2-D landscape.
    pub fn plane(&self) -> Option<&Plane> {
        self.projection.as_ref().map(Projection::plane)
    }

    /// The function the map draws: the landscape itself, or its slice on [`Scene::plane`].
    pub fn surface(&self) -> MapSurface<'_> {
        match (self.plane(), self.landscape.surface()) {
            (None, Some(own)) => MapSurface::Own(own),
            (plane, _) => {
                let plane = plane.expect("an N-D landscape has a plane");
                MapSurface::Slice(Slice::new(self.landscape.as_ref(), plane))
            }
        }
    }

    /// Where parameters `theta` appear on the map.
    pub fn project(&self, theta: &[f64]) -> Point {
        match self.plane() {
            Some(plane) => plane.project(theta),
            None => Point::new(theta[0], theta[1]),
        }
    }

    /// A change of parameters `d` as a vector of the map's plane (its projection).
    pub fn project_vector(&self, d: &[f64]) -> Point {
        match self.plane() {
            Some(plane) => plane.project_direction(d),
            None => Point::new(d[0], d[1]),
        }
    }

    /// The direction of −∇L at parameters `theta` as the map draws it: the full gradient at
    /// `theta` itself, projected onto the plane drawn now (not the gradient of the map's slice
    /// at the projected point, which is another point once the run has left the plane).
    pub fn descent(&self, theta: &[f64]) -> Point {
        let mut gradient = vec![0.0; theta.len()];
        self.landscape.gradient(theta, &mut gradient);
        -self.project_vector(&gradient)
    }

    /// The parameters at the point `p` of the map.
    pub fn lift(&self, p: Point) -> Vec<f64> {
        match self.plane() {
            Some(plane) => plane.params_of(p),
            None => vec![p.x, p.y],
        }
    }

    /// The names of the map's axes: the parameters of a 2-D landscape, or the view's.
    pub fn axes(&self) -> [String; 2] {
        let names = &self.landscape.info().parameters;
        match &self.projection {
            None => [names[0].clone(), names[1].clone()],
            Some(projection) => projection.window().axes.clone(),
        }
    }

    /// The critical points to mark with where they fall on the map: on an N-D landscape
    /// only those within [`FOLLOW_TOLERANCE`] of the view's width from the plane (the others
    /// are not on the slice the map shows).
    pub fn marked_critical(&self) -> impl Iterator<Item = (&KnownPoint, Point)> + '_ {
        let near = FOLLOW_TOLERANCE * self.region.width();
        (self.critical.iter())
            .filter(move |k| {
                self.plane()
                    .is_none_or(|plane| plane.distance(&k.position) <= near)
            })
            .map(|k| (k, self.project(&k.position)))
    }
}

/// The landscape as the map sees it: its own surface, or a slice through a plane.
pub enum MapSurface<'a> {
    /// A 2-D landscape's own surface.
    Own(&'a dyn Surface),
    /// An N-D landscape on a plane.
    Slice(Slice<'a>),
}

impl Surface for MapSurface<'_> {
    fn value(&self, p: Point) -> f64 {
        match self {
            Self::Own(s) => s.value(p),
            Self::Slice(s) => s.value(p),
        }
    }

    fn gradient(&self, p: Point) -> Point {
        match self {
            Self::Own(s) => s.gradient(p),
            Self::Slice(s) => s.gradient(p),
        }
    }

    fn hessian(&self, p: Point) -> Matrix {
        match self {
            Self::Own(s) => s.hessian(p),
            Self::Slice(s) => s.hessian(p),
        }
    }
}

/// The part of a view's plane to show: `domain`, moved to centre `theta` if `theta` is not
/// inside.
pub(super) fn framed(domain: Domain, projection: &Projection, theta: &[f64]) -> Domain {
    let at = projection.plane().project(theta);
    if domain.contains(at) {
        return domain;
    }
    let centre = domain.center();
    domain.panned(
        (at.x - centre.x) / domain.width(),
        (at.y - centre.y) / domain.height(),
    )
}

/// The critical points to mark: over a 2-D landscape's default view, the same
/// [`landmarks`] that `plateau render` marks; for a landscape seen on a plane, its known
/// points (the critical points of a slice are not those of the landscape).
pub(super) fn critical_points(landscape: &dyn Landscape) -> Vec<KnownPoint> {
    let info = landscape.info();
    match landscape.surface() {
        Some(surface) => landmarks(surface, info.domain, &info.known_points)
            .into_iter()
            .map(|c| KnownPoint {
                position: vec![c.position.x, c.position.y],
                value: c.value,
                kind: c.curvature.kind,
            })
            .collect(),
        _ => info.known_points.clone(),
    }
}
