//! Axis-aligned rectangles of the parameter plane: plot views and search boxes.

use crate::Point;
use serde::Serialize;

/// A rectangle `[x_min, x_max] × [y_min, y_max]` with `x_min < x_max` and `y_min < y_max`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Domain {
    /// Left edge.
    pub x_min: f64,
    /// Right edge.
    pub x_max: f64,
    /// Bottom edge.
    pub y_min: f64,
    /// Top edge.
    pub y_max: f64,
}

impl Domain {
    /// A domain from its edges; `None` unless both spans are finite and positive.
    pub fn new(x_min: f64, x_max: f64, y_min: f64, y_max: f64) -> Option<Self> {
        let ok = [x_min, x_max, y_min, y_max].iter().all(|v| v.is_finite())
            && x_max > x_min
            && y_max > y_min
            && (x_max - x_min).is_finite()
            && (y_max - y_min).is_finite();
        ok.then_some(Self {
            x_min,
            x_max,
            y_min,
            y_max,
        })
    }

    /// A domain from edges known to be valid (for built-in constants); prefer
    /// [`Domain::new`] for anything that comes from input.
    pub const fn rect(x_min: f64, x_max: f64, y_min: f64, y_max: f64) -> Self {
        Self {
            x_min,
            x_max,
            y_min,
            y_max,
        }
    }

    /// The square `[-r, r]²`.
    pub const fn square(r: f64) -> Self {
        Self {
            x_min: -r,
            x_max: r,
            y_min: -r,
            y_max: r,
        }
    }

    /// Width of the x range.
    pub fn width(&self) -> f64 {
        self.x_max - self.x_min
    }

    /// Height of the y range.
    pub fn height(&self) -> f64 {
        self.y_max - self.y_min
    }

    /// The centre point.
    pub fn center(&self) -> Point {
        Point::new(
            0.5 * (self.x_min + self.x_max),
            0.5 * (self.y_min + self.y_max),
        )
    }

    /// Whether `p` lies inside (edges included).
    pub fn contains(&self, p: Point) -> bool {
        (self.x_min..=self.x_max).contains(&p.x) && (self.y_min..=self.y_max).contains(&p.y)
    }

    /// The same domain scaled by `factor` about its centre (`factor < 1` zooms in).
    pub fn zoomed(&self, factor: f64) -> Self {
        let c = self.center();
        let hw = 0.5 * self.width() * factor;
        let hh = 0.5 * self.height() * factor;
        Self::new(c.x - hw, c.x + hw, c.y - hh, c.y + hh).unwrap_or(*self)
    }

    /// The same domain moved by the given fractions of its width and height.
    pub fn panned(&self, dx_fraction: f64, dy_fraction: f64) -> Self {
        let dx = dx_fraction * self.width();
        let dy = dy_fraction * self.height();
        Self::new(
            self.x_min + dx,
            self.x_max + dx,
            self.y_min + dy,
            self.y_max + dy,
        )
        .unwrap_or(*self)
    }

    /// The point at fractional position `(u, v)`, with `(0, 0)` the bottom-left corner.
    pub fn lerp(&self, u: f64, v: f64) -> Point {
        Point::new(
            self.x_min + u * self.width(),
            self.y_min + v * self.height(),
        )
    }

    /// The fractional position of `p`, inverse of [`Domain::lerp`].
    pub fn fraction(&self, p: Point) -> (f64, f64) {
        (
            (p.x - self.x_min) / self.width(),
            (p.y - self.y_min) / self.height(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_empty_and_non_finite_domains() {
        assert!(Domain::new(0.0, 0.0, 0.0, 1.0).is_none());
        assert!(Domain::new(1.0, 0.0, 0.0, 1.0).is_none());
        assert!(Domain::new(f64::NAN, 1.0, 0.0, 1.0).is_none());
        assert!(Domain::new(-f64::MAX, f64::MAX, 0.0, 1.0).is_none());
    }

    #[test]
    fn lerp_and_fraction_are_inverse() {
        let d = Domain::new(-2.0, 4.0, 1.0, 3.0).unwrap();
        let p = d.lerp(0.25, 0.5);
        assert_eq!(p, Point::new(-0.5, 2.0));
        assert_eq!(d.fraction(p), (0.25, 0.5));
    }

    #[test]
    fn zoom_keeps_centre() {
        let d = Domain::square(2.0).zoomed(0.5);
        assert_eq!(d, Domain::square(1.0));
    }
}
