//! Planes through parameter space: the explorer's 2-D window onto a landscape with more than
//! two parameters. A [`Plane`] maps a point (u, v) of the picture to the parameters
//! θ = origin + u·d₁ + v·d₂ (d₁, d₂ orthonormal) and back by orthogonal projection (the
//! landscape seen on a plane is `landscape::Slice`).

use crate::Point;
use crate::num::dot;

/// A plane θ(u, v) = origin + u·d₁ + v·d₂ with orthonormal directions.
#[derive(Clone, Debug, PartialEq)]
pub struct Plane {
    origin: Vec<f64>,
    d1: Vec<f64>,
    d2: Vec<f64>,
}

impl Plane {
    /// The plane through `origin` spanned by `d1` and `d2`, orthonormalised (Gram–Schmidt:
    /// d₁ normalised, then d₂ made orthogonal to it and normalised); `None` if the two are
    /// (numerically) parallel, zero or not finite, or their lengths differ from the origin's.
    pub fn new(origin: Vec<f64>, d1: &[f64], d2: &[f64]) -> Option<Self> {
        if d1.len() != origin.len() || d2.len() != origin.len() {
            return None;
        }
        let d1 = normalised(d1.to_vec())?;
        let along = dot(&d1, d2);
        let d2 = normalised(d2.iter().zip(&d1).map(|(b, a)| b - along * a).collect())?;
        Some(Self { origin, d1, d2 })
    }

    /// The plane of parameters `i` and `j` through `theta`: (u, v) are θᵢ and θⱼ themselves,
    /// every other parameter is held at its value in `theta`.
    pub fn coordinates(theta: &[f64], i: usize, j: usize) -> Option<Self> {
        let unit = |k: usize| -> Vec<f64> {
            (0..theta.len())
                .map(|n| f64::from(u8::from(n == k)))
                .collect()
        };
        let mut origin = theta.to_vec();
        *origin.get_mut(i)? = 0.0;
        *origin.get_mut(j)? = 0.0;
        (i != j).then(|| Self {
            origin,
            d1: unit(i),
            d2: unit(j),
        })
    }

    /// The plane through `theta` spanned by `d1` and `d2` (orthonormalised as by
    /// [`Plane::new`]), with the directions' own coordinates: θ is at (u, v) = (θ·d̂₁, θ·d̂₂),
    /// as a coordinate plane shows θᵢ and θⱼ themselves, and (0, 0) is the point of the plane
    /// nearest to the origin of parameter space. `None` as for [`Plane::new`].
    pub fn spanned(theta: &[f64], d1: &[f64], d2: &[f64]) -> Option<Self> {
        Self::new(vec![0.0; theta.len()], d1, d2).map(|plane| plane.through(theta))
    }

    /// The dimension of the parameter space.
    pub fn dim(&self) -> usize {
        self.origin.len()
    }

    /// The plane's origin (the parameters at (0, 0)).
    pub fn origin(&self) -> &[f64] {
        &self.origin
    }

    /// The unit direction of the u axis.
    pub fn d1(&self) -> &[f64] {
        &self.d1
    }

    /// The unit direction of the v axis.
    pub fn d2(&self) -> &[f64] {
        &self.d2
    }

    /// The same plane moved to pass through `theta` (its origin becomes θ's foot, so that θ
    /// projects exactly onto the picture).
    pub fn through(&self, theta: &[f64]) -> Self {
        let p = self.project(theta);
        let mut origin = theta.to_vec();
        for (k, o) in origin.iter_mut().enumerate() {
            *o -= p.x * self.d1[k] + p.y * self.d2[k];
        }
        Self {
            origin,
            d1: self.d1.clone(),
            d2: self.d2.clone(),
        }
    }

    /// Writes the parameters of the point `p` of the plane into `out`.
    pub fn params(&self, p: Point, out: &mut [f64]) {
        for (k, o) in out.iter_mut().enumerate() {
            *o = self.origin[k] + p.x * self.d1[k] + p.y * self.d2[k];
        }
    }

    /// The parameters of the point `p` of the plane.
    pub fn params_of(&self, p: Point) -> Vec<f64> {
        let mut out = vec![0.0; self.dim()];
        self.params(p, &mut out);
        out
    }

    /// The point of the plane nearest to `theta` (its orthogonal projection).
    pub fn project(&self, theta: &[f64]) -> Point {
        let mut u = 0.0;
        let mut v = 0.0;
        for (k, (t, o)) in theta.iter().zip(&self.origin).enumerate() {
            let r = t - o;
            u += r * self.d1[k];
            v += r * self.d2[k];
        }
        Point::new(u, v)
    }

    /// A change of parameters `d` as a vector of the plane: its components along the two
    /// directions (what [`Plane::project`] does to a difference of two points).
    pub fn project_direction(&self, d: &[f64]) -> Point {
        Point::new(dot(d, &self.d1), dot(d, &self.d2))
    }

    /// How far `theta` is from the plane (the length of what the projection drops).
    pub fn distance(&self, theta: &[f64]) -> f64 {
        let p = self.project(theta);
        let mut squares = 0.0;
        for (k, (t, o)) in theta.iter().zip(&self.origin).enumerate() {
            let r = t - o - p.x * self.d1[k] - p.y * self.d2[k];
            squares += r * r;
        }
        squares.sqrt()
    }
}

/// `v / |v|`, or `None` if `v` is (numerically) zero or not finite.
fn normalised(mut v: Vec<f64>) -> Option<Vec<f64>> {
    let length = dot(&v, &v).sqrt();
    if !(length.is_finite() && length > 1e-12) {
        return None;
    }
    v.iter_mut().for_each(|x| *x /= length);
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinate_planes_show_the_coordinates_themselves() {
        let theta = [0.5, -1.0, 2.0];
        let plane = Plane::coordinates(&theta, 2, 0).unwrap();
        assert_eq!(plane.project(&theta), Point::new(2.0, 0.5));
        assert_eq!(plane.params_of(Point::new(3.0, 4.0)), [4.0, -1.0, 3.0]);
        assert_eq!(plane.distance(&[4.0, 0.0, 3.0]), 1.0);
        assert!(Plane::coordinates(&theta, 1, 1).is_none());
        assert!(Plane::coordinates(&theta, 1, 3).is_none());
    }

    #[test]
    fn directions_are_orthonormalised_and_projection_inverts_params() {
        let plane = Plane::new(vec![1.0, 0.0, 0.0], &[2.0, 0.0, 0.0], &[1.0, 1.0, 0.0]).unwrap();
        assert_eq!(plane.d1(), [1.0, 0.0, 0.0]);
        assert_eq!(plane.d2(), [0.0, 1.0, 0.0]);
        let p = Point::new(0.25, -3.0);
        assert_eq!(plane.project(&plane.params_of(p)), p);
        assert!(Plane::new(vec![0.0; 2], &[1.0, 1.0], &[2.0, 2.0]).is_none());
        let moved = plane.through(&[5.0, 6.0, 7.0]);
        assert_eq!(moved.distance(&[5.0, 6.0, 7.0]), 0.0);
    }

    #[test]
    fn spanned_planes_use_the_directions_own_coordinates() {
        let theta = [1.0, 2.0, 3.0];
        let plane = Plane::spanned(&theta, &[0.0, 0.0, 2.0], &[1.0, 1.0, 1.0]).unwrap();
        let s = std::f64::consts::FRAC_1_SQRT_2;
        assert!((plane.d2()[0] - s).abs() < 1e-15 && (plane.d2()[1] - s).abs() < 1e-15);
        assert_eq!(plane.d2()[2], 0.0);
        let p = plane.project(&theta);
        assert!((p - Point::new(3.0, 3.0 * s)).norm() < 1e-15, "{p}");
        assert!(plane.distance(&theta) < 1e-15);
        assert!(plane.project(plane.origin()).norm() < 1e-15);
        let coordinates = Plane::coordinates(&theta, 2, 0).unwrap();
        let spanned = Plane::spanned(&theta, &[0.0, 0.0, 1.0], &[1.0, 0.0, 0.0]).unwrap();
        assert_eq!(spanned, coordinates);
    }
}
