//! Where a landscape is flat or singular, cell by cell of a picture: the map's flatness
//! layer, which makes plateaus and singular regions visible shapes.
//!
//! A cell is **flat** when somewhere in it the full gradient norm |∇L| is below the plateau
//! detector's threshold while the loss is above the floor (so a minimum is not a plateau).
//! Plateaus are often thin — on `neuron` the valley floor where sgd crawls is a curve — so
//! the gradient is not just read at the cell's centre: from the gradients at the centres
//! of the neighbouring cells, the change of ∇L across the cell is estimated (its Jacobian
//! along the picture's axes, `H·D` for a plane of directions D), and the smallest
//! |∇L + JΔ| over the cell's offsets Δ is taken. A cell is **singular** when the model's
//! Fisher matrix there has lost rank: its smallest eigenvalue below [`TerrainSpec::singular`]
//! times its largest (on `neuron` the line v = 0, where the output ignores w).

use crate::analysis::Spectrum;
use crate::geometry::domain::Domain;
use crate::geometry::plane::Plane;
use crate::landscape::Landscape;
use crate::num::dot;
use crate::verdict::{NEARLY_SINGULAR, stalled};
use crate::{MatrixN, Point};

/// What makes a cell flat or singular.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TerrainSpec {
    /// Gradient norms below this are flat (the plateau detector's threshold).
    pub grad_tol: f64,
    /// Only where the loss is above this (the best known minimum plus a margin).
    pub loss_floor: f64,
    /// A Fisher matrix whose eigenvalues span more than this ratio is singular (the
    /// verdict's [`NEARLY_SINGULAR`] by default).
    pub singular: f64,
}

impl TerrainSpec {
    /// The plateau detector's rule on `info`'s landscape: |∇L| below its threshold while the
    /// loss is more than its margin above the best known minimum.
    pub fn for_landscape(info: &crate::landscape::LandscapeInfo) -> Self {
        Self {
            grad_tol: info.plateau.grad_tol,
            loss_floor: info
                .best_known_value()
                .map_or(f64::NEG_INFINITY, |best| best + info.plateau.margin),
            singular: NEARLY_SINGULAR,
        }
    }
}

/// One cell's ground.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ground {
    /// Somewhere in the cell the gradient is below the threshold, above the loss floor.
    pub flat: bool,
    /// The Fisher matrix at the cell's centre has (numerically) lost rank.
    pub singular: bool,
}

/// The flat and singular cells of a `cols × rows` picture of a region.
#[derive(Clone, Debug)]
pub struct Terrain {
    cols: usize,
    rows: usize,
    cells: Vec<Ground>,
}

impl Terrain {
    /// The terrain of `landscape` over `domain` of `plane` (`None`: a 2-D landscape's own
    /// plane), in a `cols × rows` picture, row 0 at the top.
    pub fn compute(
        landscape: &dyn Landscape,
        plane: Option<&Plane>,
        domain: Domain,
        cols: usize,
        rows: usize,
        spec: TerrainSpec,
    ) -> Self {
        Self::compute_unless(landscape, plane, domain, cols, rows, spec, &|| false)
            .expect("never cancelled")
    }

    /// [`Terrain::compute`], giving up (`None`) as soon as `cancelled` says so (asked once
    /// per row).
    pub fn compute_unless(
        landscape: &dyn Landscape,
        plane: Option<&Plane>,
        domain: Domain,
        cols: usize,
        rows: usize,
        spec: TerrainSpec,
        cancelled: &dyn Fn() -> bool,
    ) -> Option<Self> {
        let dim = landscape.info().dim();
        let centre = |col: usize, row: usize| {
            domain.lerp(
                (col as f64 + 0.5) / cols as f64,
                1.0 - (row as f64 + 0.5) / rows as f64,
            )
        };
        let params = |p: Point, out: &mut [f64]| match plane {
            Some(plane) => plane.params(p, out),
            None => {
                out[0] = p.x;
                out[1] = p.y;
            }
        };
        let mut theta = vec![0.0; dim];
        let mut gradients = vec![0.0; cols * rows * dim];
        let mut losses = vec![0.0; cols * rows];
        let mut singular = vec![false; cols * rows];
        let mut fisher = MatrixN::zeros(dim, dim);
        for row in 0..rows {
            if cancelled() {
                return None;
            }
            for col in 0..cols {
                let i = row * cols + col;
                params(centre(col, row), &mut theta);
                landscape.gradient(&theta, &mut gradients[i * dim..(i + 1) * dim]);
                losses[i] = landscape.value(&theta);
                if landscape.has_fisher() {
                    landscape.fisher(&theta, &mut fisher);
                    singular[i] = Spectrum::of(&fisher)
                        .is_some_and(|s| s.max() > 0.0 && s.min() <= spec.singular * s.max());
                }
            }
        }
        let (hx, hy) = (domain.width() / cols as f64, domain.height() / rows as f64);
        let gradient = |col: usize, row: usize| {
            let i = row * cols + col;
            &gradients[i * dim..(i + 1) * dim]
        };
        // The change of the gradient per unit of u (along a row) and v (up a column), by
        // central differences (one-sided at the edges).
        let slope = |col: usize, row: usize, out_u: &mut [f64], out_v: &mut [f64]| {
            let (left, right) = (col.saturating_sub(1), (col + 1).min(cols - 1));
            let (up, down) = (row.saturating_sub(1), (row + 1).min(rows - 1));
            let du = (right - left) as f64 * hx;
            let dv = (down - up) as f64 * hy;
            for k in 0..dim {
                out_u[k] = if du > 0.0 {
                    (gradient(right, row)[k] - gradient(left, row)[k]) / du
                } else {
                    0.0
                };
                // Rows grow downwards, v upwards.
                out_v[k] = if dv > 0.0 {
                    (gradient(col, up)[k] - gradient(col, down)[k]) / dv
                } else {
                    0.0
                };
            }
        };
        // The picture's axes in parameter space.
        let unit =
            |k: usize| -> Vec<f64> { (0..dim).map(|n| f64::from(u8::from(n == k))).collect() };
        let (d1, d2) = match plane {
            Some(plane) => (plane.d1().to_vec(), plane.d2().to_vec()),
            None => (unit(0), unit(1)),
        };
        let mut ju = vec![0.0; dim];
        let mut jv = vec![0.0; dim];
        let mut cells = Vec::with_capacity(cols * rows);
        for row in 0..rows {
            for col in 0..cols {
                let i = row * cols + col;
                let g = gradient(col, row);
                slope(col, row, &mut ju, &mut jv);
                let (d, smallest) = smallest_in_cell(g, &ju, &jv, hx / 2.0, hy / 2.0);
                // The loss where the gradient is smallest, to second order.
                let loss = losses[i]
                    + d.x * dot(g, &d1)
                    + d.y * dot(g, &d2)
                    + 0.5
                        * (d.x * d.x * dot(&d1, &ju)
                            + 2.0 * d.x * d.y * dot(&d1, &jv)
                            + d.y * d.y * dot(&d2, &jv));
                let flat =
                    loss.is_finite() && stalled(smallest, loss, spec.grad_tol, spec.loss_floor);
                cells.push(Ground {
                    flat,
                    singular: singular[i],
                });
            }
        }
        Some(Self { cols, rows, cells })
    }

    /// The ground of cell `(col, row)`, row 0 at the top.
    pub fn cell(&self, col: usize, row: usize) -> Ground {
        self.cells[row * self.cols + col]
    }

    /// Width in cells.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// Height in cells.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Whether any cell is flat or singular.
    pub fn any(&self) -> (bool, bool) {
        (
            self.cells.iter().any(|g| g.flat),
            self.cells.iter().any(|g| g.singular),
        )
    }
}

/// The offset Δ = (du, dv) within `|du| ≤ ru, |dv| ≤ rv` that minimises |g + du·ju + dv·jv|
/// (least squares, then clamped to the box and each coordinate re-fitted given the other),
/// and that smallest norm.
fn smallest_in_cell(g: &[f64], ju: &[f64], jv: &[f64], ru: f64, rv: f64) -> (Point, f64) {
    let dot = |a: &[f64], b: &[f64]| -> f64 { a.iter().zip(b).map(|(x, y)| x * y).sum() };
    let (aa, ab, bb) = (dot(ju, ju), dot(ju, jv), dot(jv, jv));
    let (ga, gb) = (dot(g, ju), dot(g, jv));
    let det = aa * bb - ab * ab;
    let (mut du, mut dv) = if det.abs() > 1e-300 && det.is_finite() {
        ((-ga * bb + gb * ab) / det, (-gb * aa + ga * ab) / det)
    } else {
        (0.0, 0.0)
    };
    if !(du.is_finite() && dv.is_finite()) {
        (du, dv) = (0.0, 0.0);
    }
    du = du.clamp(-ru, ru);
    dv = dv.clamp(-rv, rv);
    // One pass of coordinate refits inside the box.
    if aa > 0.0 {
        du = (-(ga + dv * ab) / aa).clamp(-ru, ru);
    }
    if bb > 0.0 {
        dv = (-(gb + du * ab) / bb).clamp(-rv, rv);
    }
    let norm = g
        .iter()
        .zip(ju.iter().zip(jv))
        .map(|(g, (a, b))| {
            let r = g + du * a + dv * b;
            r * r
        })
        .sum::<f64>()
        .sqrt();
    (Point::new(du, dv), norm)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::landscape::by_name;

    fn spec() -> TerrainSpec {
        TerrainSpec {
            grad_tol: 1e-3,
            loss_floor: 1e-2,
            singular: NEARLY_SINGULAR,
        }
    }

    #[test]
    fn the_smallest_gradient_in_a_cell_finds_a_line_through_it() {
        // g(Δ) = (0.5 + 10·du, 0): zero at du = −0.05, inside a cell of half-width 0.1.
        let (offset, norm) = smallest_in_cell(&[0.5, 0.0], &[10.0, 0.0], &[0.0, 0.0], 0.1, 0.1);
        assert!(
            (offset.x + 0.05).abs() < 1e-12 && norm < 1e-12,
            "{offset:?} {norm}"
        );
        // Outside the cell: the nearest edge.
        let (_, norm) = smallest_in_cell(&[5.0, 0.0], &[10.0, 0.0], &[0.0, 0.0], 0.1, 0.1);
        assert!((norm - 4.0).abs() < 1e-12);
    }

    #[test]
    fn the_neurons_valley_floor_is_flat_and_its_line_v_0_singular() {
        let neuron = by_name("neuron").unwrap();
        let domain = neuron.info().domain;
        let (cols, rows) = (80, 40);
        let t = Terrain::compute(neuron.as_ref(), None, domain, cols, rows, spec());
        // Where sgd from (0.01, 9) crawls: v ≈ 1.16 on w = 9, and the saturated region w > 8.4.
        let cell = |v: f64, w: f64| {
            let (u, y) = domain.fraction(Point::new(v, w));
            (
                (u * cols as f64) as usize,
                ((1.0 - y) * rows as f64) as usize,
            )
        };
        let (c, r) = cell(1.16, 9.5);
        assert!(
            (c.saturating_sub(1)..=c + 1).any(|c| t.cell(c, r).flat),
            "the valley floor at w = 9.5 is flat"
        );
        let (c, r) = cell(1.5, 1.0);
        assert!(!t.cell(c, r).flat, "the minimum is not a plateau");
        let (c, r) = cell(0.0, 5.0);
        assert!(
            (c.saturating_sub(1)..=c).any(|c| t.cell(c, r).singular),
            "v = 0 is singular"
        );
        let (c, r) = cell(2.0, 5.0);
        assert!(!t.cell(c, r).singular);
    }

    #[test]
    fn plain_functions_have_no_singular_cells() {
        let bowl = by_name("bowl").unwrap();
        let t = Terrain::compute(bowl.as_ref(), None, bowl.info().domain, 20, 10, spec());
        assert_eq!(
            t.any(),
            (false, false),
            "a bowl has no plateau above its floor"
        );
    }
}
