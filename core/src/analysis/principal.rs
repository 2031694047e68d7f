//! Principal directions of a set of points of parameter space (PCA): the directions in which
//! a trajectory spread most, as loss-landscape papers draw optimizer paths.
//!
//! [`Scatter`] accumulates the mean and the scatter matrix one point at a time (Welford's
//! update, numerically stable, no allocation per point), so it can follow a run live or be
//! rebuilt from a bounded trail (2048 points of 6 parameters are about 74,000 multiply-adds).

use super::Spectrum;
use crate::MatrixN;

/// A set of points reduced to what PCA needs: count, mean, scatter matrix, and the first and
/// last points (to orient the main direction along the path).
#[derive(Clone, Debug, PartialEq)]
pub struct Scatter {
    count: usize,
    mean: Vec<f64>,
    /// `Σ (p − mean)(p − mean)ᵀ` over the points.
    scatter: MatrixN,
    first: Vec<f64>,
    last: Vec<f64>,
    /// Work space: the newest point's offset from the previous mean.
    delta: Vec<f64>,
}

/// Principal directions found in a [`Scatter`].
#[derive(Clone, Debug, PartialEq)]
pub struct Principal {
    /// How many directions the points determine: 0 (fewer than two distinct points), 1
    /// (they lie on a line, to within a relative width of 1e-5) or 2.
    pub rank: usize,
    /// The unit directions of largest and second-largest variance, `rank` of them. The
    /// first points from the first point towards the last (or, if those coincide, has its
    /// largest component positive); the second has its largest component positive.
    pub directions: Vec<Vec<f64>>,
    /// The fraction of the total variance along each direction.
    pub explained: Vec<f64>,
}

/// Below this ratio of the second to the first variance the points are on a line (a width
/// of 1e-5 of the length: well above rounding, well below anything a picture shows).
const LINE: f64 = 1e-10;

/// Below this variance, relative to the squared size of the coordinates, the points are one
/// point (differences of a few ulp).
const POINT: f64 = 1e-24;

impl Scatter {
    /// No points yet, in a space of `dim` dimensions.
    pub fn new(dim: usize) -> Self {
        Self {
            count: 0,
            mean: vec![0.0; dim],
            scatter: MatrixN::zeros(dim, dim),
            first: vec![0.0; dim],
            last: vec![0.0; dim],
            delta: vec![0.0; dim],
        }
    }

    /// The scatter of `points` (each of `dim` coordinates).
    pub fn of<'a>(dim: usize, points: impl IntoIterator<Item = &'a [f64]>) -> Self {
        let mut scatter = Self::new(dim);
        points.into_iter().for_each(|p| scatter.push(p));
        scatter
    }

    /// Adds a point (of the scatter's dimension; non-finite points are ignored).
    pub fn push(&mut self, p: &[f64]) {
        assert_eq!(p.len(), self.mean.len(), "point of the wrong dimension");
        if !p.iter().all(|v| v.is_finite()) {
            return;
        }
        if self.count == 0 {
            self.first.copy_from_slice(p);
        }
        self.last.copy_from_slice(p);
        self.count += 1;
        let n = self.count as f64;
        for ((d, m), x) in self.delta.iter_mut().zip(&mut self.mean).zip(p) {
            *d = x - *m;
            *m += *d / n;
        }
        // C ← C + (n−1)/n · δδᵀ (δ = p − previous mean): symmetric by construction.
        let weight = (n - 1.0) / n;
        let dim = self.delta.len();
        for c in 0..dim {
            for r in 0..dim {
                self.scatter[(r, c)] += weight * self.delta[r] * self.delta[c];
            }
        }
    }

    /// Forgets every point.
    pub fn clear(&mut self) {
        self.count = 0;
        self.mean.fill(0.0);
        self.scatter.fill(0.0);
    }

    /// The number of points added.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether no point was added.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The points' mean (zeros when empty).
    pub fn mean(&self) -> &[f64] {
        &self.mean
    }

    /// The covariance matrix `Σ (p − mean)(p − mean)ᵀ / n` (zeros when empty).
    pub fn covariance(&self) -> MatrixN {
        &self.scatter / (self.count.max(1) as f64)
    }

    /// The two principal directions, as far as the points determine them (see
    /// [`Principal::rank`]).
    pub fn principal(&self) -> Principal {
        let none = Principal {
            rank: 0,
            directions: Vec::new(),
            explained: Vec::new(),
        };
        let dim = self.mean.len();
        if self.count < 2 || dim == 0 {
            return none;
        }
        let Some(spectrum) = Spectrum::of(&self.covariance()) else {
            return none;
        };
        let total: f64 = spectrum.eigenvalues.iter().map(|l| l.max(0.0)).sum();
        let size = self.mean.iter().fold(1.0_f64, |m, x| m.max(x.abs()));
        let first = spectrum.max();
        if first.is_nan() || first <= POINT * size * size {
            return none;
        }
        let mut d1 = spectrum.eigenvectors[dim - 1].clone();
        let along: f64 = (d1.iter().zip(self.last.iter().zip(&self.first)))
            .map(|(d, (b, a))| d * (b - a))
            .sum();
        if along < 0.0 || (along == 0.0 && largest_is_negative(&d1)) {
            d1.iter_mut().for_each(|x| *x = -*x);
        }
        let mut directions = vec![d1];
        let mut explained = vec![first / total];
        let second = if dim >= 2 {
            spectrum.eigenvalues[dim - 2]
        } else {
            0.0
        };
        if second > LINE * first {
            let mut d2 = spectrum.eigenvectors[dim - 2].clone();
            if largest_is_negative(&d2) {
                d2.iter_mut().for_each(|x| *x = -*x);
            }
            directions.push(d2);
            explained.push(second / total);
        }
        Principal {
            rank: directions.len(),
            directions,
            explained,
        }
    }
}

/// Whether the component of largest magnitude (the first of equal ones) is negative.
fn largest_is_negative(v: &[f64]) -> bool {
    let mut largest = 0.0_f64;
    for &x in v {
        if x.abs() > largest.abs() {
            largest = x;
        }
    }
    largest < 0.0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `a·s + b·t + c` for each `(s, t)`.
    fn on_plane(a: &[f64], b: &[f64], c: &[f64], st: &[(f64, f64)]) -> Vec<Vec<f64>> {
        (st.iter())
            .map(|&(s, t)| (0..a.len()).map(|k| a[k] * s + b[k] * t + c[k]).collect())
            .collect()
    }

    fn dot(a: &[f64], b: &[f64]) -> f64 {
        a.iter().zip(b).map(|(x, y)| x * y).sum()
    }

    #[test]
    fn fewer_than_two_distinct_points_determine_nothing() {
        let p = [1.0, 2.0, 3.0];
        assert_eq!(Scatter::new(3).principal().rank, 0);
        assert_eq!(Scatter::of(3, [&p[..]]).principal().rank, 0);
        assert_eq!(Scatter::of(3, [&p[..], &p[..], &p[..]]).principal().rank, 0);
        // Non-finite points are not counted.
        let nan = [f64::NAN, 0.0, 0.0];
        assert_eq!(Scatter::of(3, [&p[..], &nan[..]]).len(), 1);
    }

    #[test]
    fn points_on_a_line_give_one_direction_along_the_path() {
        let a = [3.0, 0.0, -4.0];
        let c = [0.1, 0.2, 0.3];
        // Two points, then a long straight run with rounding in every coordinate.
        let two = on_plane(&a, &[0.0; 3], &c, &[(0.0, 0.0), (-1.0, 0.0)]);
        let st: Vec<(f64, f64)> = (0..500).map(|i| (0.013 * f64::from(i), 0.0)).collect();
        let many = on_plane(&a, &[0.0; 3], &c, &st);
        for (points, sign) in [(&two, -1.0), (&many, 1.0)] {
            let pca = Scatter::of(3, points.iter().map(Vec::as_slice)).principal();
            assert_eq!(pca.rank, 1, "{points:?}");
            let d = &pca.directions[0];
            for k in 0..3 {
                assert!((d[k] - sign * a[k] / 5.0).abs() < 1e-12, "{d:?}");
            }
            assert!((pca.explained[0] - 1.0).abs() < 1e-12);
        }
    }

    #[test]
    fn points_of_a_plane_give_its_directions_largest_variance_first() {
        let s = std::f64::consts::FRAC_1_SQRT_2;
        let a = [s, 0.0, s, 0.0];
        let b = [0.0, 1.0, 0.0, 0.0];
        let c = [1.0, -2.0, 0.5, 3.0];
        // An ellipse, wider along a, traced twice.
        let st: Vec<(f64, f64)> = (0..400)
            .map(|i| {
                let t = f64::from(i) * std::f64::consts::PI / 100.0;
                (2.0 * t.cos(), 0.5 * t.sin())
            })
            .collect();
        let points = on_plane(&a, &b, &c, &st);
        let scatter = Scatter::of(4, points.iter().map(Vec::as_slice));
        let pca = scatter.principal();
        assert_eq!(pca.rank, 2);
        assert!((dot(&pca.directions[0], &a).abs() - 1.0).abs() < 1e-12);
        assert!((dot(&pca.directions[1], &b) - 1.0).abs() < 1e-12);
        assert!(dot(&pca.directions[0], &pca.directions[1]).abs() < 1e-12);
        // Variances 2 and 0.125 (the mean squares of 2·cos and 0.5·sin).
        assert!((pca.explained[0] - 2.0 / 2.125).abs() < 1e-12);
        for (m, c) in scatter.mean().iter().zip(c) {
            assert!((m - c).abs() < 1e-12);
        }
    }

    #[test]
    fn the_incremental_scatter_is_the_two_pass_one() {
        let points: Vec<Vec<f64>> = (0..50)
            .map(|i| {
                let t = f64::from(i);
                vec![1e3 + t.sin(), (0.3 * t).cos() * t, 1e-3 * t * t]
            })
            .collect();
        let scatter = Scatter::of(3, points.iter().map(Vec::as_slice));
        let n = points.len() as f64;
        let mean: Vec<f64> = (0..3)
            .map(|k| points.iter().map(|p| p[k]).sum::<f64>() / n)
            .collect();
        let mut covariance = MatrixN::zeros(3, 3);
        for p in &points {
            for r in 0..3 {
                for c in 0..3 {
                    covariance[(r, c)] += (p[r] - mean[r]) * (p[c] - mean[c]) / n;
                }
            }
        }
        let err = (scatter.covariance() - &covariance).amax() / covariance.amax();
        assert!(err < 1e-12, "{err:e}");
        let mut cleared = scatter.clone();
        cleared.clear();
        assert!(cleared.is_empty() && cleared.principal().rank == 0);
    }
}
