//! Contour rasterisation: samples a landscape over a region, splits its range into bands
//! (log-spaced where the values span decades) and draws the band boundaries as a grid of
//! characters — braille isolines for colour terminals, level digits where glyphs alone must
//! carry the levels — and says which mark wins a cell. The explorer's map widget (which
//! `plateau render` draws too) paints from it.

use crate::verdict::CriticalKind;

use crate::Point;
use crate::geometry::domain::Domain;
use crate::geometry::surface::Surface;

/// Number of contour bands (levels 0 to 9).
pub const BANDS: u8 = 10;

/// How band boundaries are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Glyphs {
    /// Braille isolines at 2×4 dots per cell (the level is shown by colour).
    Braille,
    /// The level digit `0`–`9` on the cells where the level changes: readable without
    /// colour and in plain ASCII.
    Digits,
}

/// A picture is shaded on a log scale when its 90th percentile (above the minimum) is at least
/// this many times its 10th: the values span decades.
const LOG_SPREAD: f64 = 25.0;

/// How landscape values map to bands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LevelScale {
    /// The lowest finite value in the region.
    pub min: f64,
    /// The highest finite value in the region.
    pub max: f64,
    /// Whether band edges are spaced geometrically in `value − min` (the values span
    /// decades) rather than evenly.
    pub log: bool,
    /// Smallest `value − min` resolved on a log scale; everything below is band 0.
    floor: f64,
}

impl LevelScale {
    /// Chooses a scale for a set of samples (non-finite ones are ignored); `None` when
    /// no sample is finite.
    pub fn fit(samples: &[f64]) -> Option<Self> {
        let mut finite: Vec<f64> = samples.iter().copied().filter(|v| v.is_finite()).collect();
        let n = finite.len();
        if n == 0 {
            return None;
        }
        // Only five ranks are read, so each is selected in linear time rather than the
        // whole picture sorted (a sort was a sixth of a map's recompute at 240x70).
        let rank = |q: f64| ((n - 1) as f64 * q) as usize;
        let ranks = select_ranks(&mut finite, [0, n / 100, rank(0.1), rank(0.9), n - 1]);
        let [min, lowest_hundredth, lower_tenth, upper_tenth, max] = ranks;
        let span = max - min;
        // Values span decades when the upper tenth is far above the lower tenth: a linear
        // scale would paint almost everything in the lowest bands.
        let log = span > 0.0 && upper_tenth - min >= LOG_SPREAD * (lower_tenth - min);
        let floor = if log {
            let low = lowest_hundredth - min;
            low.max(span * 1e-7).max(f64::MIN_POSITIVE)
        } else {
            0.0
        };
        Some(Self {
            min,
            max,
            log,
            floor,
        })
    }

    /// Where `value` lies on the scale, from 0 (the lowest value) to 1 (the highest),
    /// geometrically on a log scale; `None` for non-finite values.
    pub fn fraction(&self, value: f64) -> Option<f64> {
        if !value.is_finite() {
            return None;
        }
        let span = self.max - self.min;
        if span <= 0.0 {
            return Some(0.0);
        }
        let t = if self.log {
            let s = (value - self.min).max(self.floor);
            (s / self.floor).ln() / (span / self.floor).ln()
        } else {
            (value - self.min) / span
        };
        Some(t.clamp(0.0, 1.0))
    }

    /// The band of `value`, 0 (lowest) to `BANDS − 1`; `None` for non-finite values.
    pub fn band(&self, value: f64) -> Option<u8> {
        let t = self.fraction(value)?;
        let band = (t * f64::from(BANDS)).floor() as u8;
        Some(band.min(BANDS - 1))
    }

    /// The value at fraction `t` of the scale (inverse of [`LevelScale::fraction`]).
    pub fn value_at(&self, t: f64) -> f64 {
        let span = self.max - self.min;
        if self.log && span > 0.0 {
            self.min + self.floor * (span / self.floor).powf(t)
        } else {
            self.min + t * span
        }
    }
}

/// The values of ranks `ranks` (indices into `values` sorted by [`f64::total_cmp`]), found
/// by selection; `values` is left partly ordered.
fn select_ranks<const N: usize>(values: &mut [f64], ranks: [usize; N]) -> [f64; N] {
    let mut order: [usize; N] = std::array::from_fn(|i| i);
    order.sort_by_key(|&i| ranks[i]);
    let mut out = [0.0; N];
    // Once rank r is in place, every value after it is at least as large: the next, higher
    // rank is selected among those alone.
    let mut first = 0;
    for i in order {
        let r = ranks[i];
        if r >= first {
            values[first..].select_nth_unstable_by(r - first, f64::total_cmp);
            first = r + 1;
        }
        out[i] = values[r];
    }
    out
}

/// One character cell of a contour picture.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cell {
    /// The glyph (a space where nothing is drawn).
    pub ch: char,
    /// The band at the cell's centre; `None` where the landscape is undefined.
    pub band: Option<u8>,
    /// Where the cell's centre lies on the level scale, 0 to 1 (for a continuous shading);
    /// `None` where the landscape is undefined.
    pub level: Option<f32>,
}

/// A rasterised contour picture of a landscape over a region, without markers.
#[derive(Clone, Debug)]
pub struct Contour {
    domain: Domain,
    cols: usize,
    rows: usize,
    scale: Option<LevelScale>,
    cells: Vec<Cell>,
}

/// Sub-samples per cell (horizontal, vertical) of braille: one per dot.
const BRAILLE_SUB: (usize, usize) = (2, 4);

impl Contour {
    /// Samples `landscape` over `domain` into a `cols × rows` picture.
    pub fn compute(
        landscape: &dyn Surface,
        domain: Domain,
        cols: usize,
        rows: usize,
        glyphs: Glyphs,
    ) -> Self {
        Self::compute_unless(landscape, domain, cols, rows, glyphs, &|| false)
            .expect("never cancelled")
    }

    /// [`Contour::compute`], giving up (`None`) as soon as `cancelled` says so; it is asked
    /// once per row of samples, so that a picture nobody will see stops costing time.
    pub fn compute_unless(
        landscape: &dyn Surface,
        domain: Domain,
        cols: usize,
        rows: usize,
        glyphs: Glyphs,
        cancelled: &dyn Fn() -> bool,
    ) -> Option<Self> {
        let (sx, sy) = match glyphs {
            Glyphs::Braille => BRAILLE_SUB,
            Glyphs::Digits => (1, 1),
        };
        let (w, h) = (cols * sx, rows * sy);
        // Row 0 is the top of the picture (y_max).
        let mut values: Vec<f64> = Vec::with_capacity(w * h);
        for j in 0..h {
            if cancelled() {
                return None;
            }
            let v = 1.0 - (j as f64 + 0.5) / h as f64;
            values.extend((0..w).map(|i| {
                let u = (i as f64 + 0.5) / w as f64;
                landscape.value(domain.lerp(u, v))
            }));
        }
        let scale = LevelScale::fit(&values);
        let bands: Vec<Option<u8>> = match &scale {
            Some(s) => values.iter().map(|&v| s.band(v)).collect(),
            None => vec![None; values.len()],
        };
        let band_at = |i: usize, j: usize| bands[j * w + i];
        // A sample lies on an isoline if a 4-neighbour is in a lower band.
        let on_line = |i: usize, j: usize| -> bool {
            let Some(b) = band_at(i, j) else {
                return false;
            };
            let lower = |n: Option<u8>| n.is_some_and(|n| n < b);
            (i > 0 && lower(band_at(i - 1, j)))
                || (i + 1 < w && lower(band_at(i + 1, j)))
                || (j > 0 && lower(band_at(i, j - 1)))
                || (j + 1 < h && lower(band_at(i, j + 1)))
        };
        let mut cells = Vec::with_capacity(cols * rows);
        for row in 0..rows {
            for col in 0..cols {
                let centre = (row * sy + sy / 2) * w + col * sx + sx / 2;
                let band = bands[centre];
                let level = (scale.as_ref())
                    .and_then(|s| s.fraction(values[centre]))
                    .map(|t| t as f32);
                let ch = match glyphs {
                    Glyphs::Braille => {
                        let mut dots = 0u32;
                        for dy in 0..sy {
                            for dx in 0..sx {
                                if on_line(col * sx + dx, row * sy + dy) {
                                    dots |= braille_dot(dx, dy);
                                }
                            }
                        }
                        if dots == 0 {
                            ' '
                        } else {
                            char::from_u32(0x2800 + dots).unwrap_or(' ')
                        }
                    }
                    Glyphs::Digits => match band {
                        Some(b) if on_line(col, row) => char::from(b'0' + b),
                        _ => ' ',
                    },
                };
                cells.push(Cell { ch, band, level });
            }
        }
        Some(Self {
            domain,
            cols,
            rows,
            scale,
            cells,
        })
    }

    /// The region this picture shows.
    pub fn domain(&self) -> Domain {
        self.domain
    }

    /// Width in cells.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// Height in cells.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The level scale (`None` if the landscape is undefined everywhere in the region).
    pub fn scale(&self) -> Option<&LevelScale> {
        self.scale.as_ref()
    }

    /// The cell at `(col, row)`, row 0 at the top.
    pub fn cell(&self, col: usize, row: usize) -> Cell {
        self.cells[row * self.cols + col]
    }
}

/// The cell `(col, row)` of a `cols × rows` picture of `domain` that shows `p`.
pub fn locate(domain: Domain, cols: usize, rows: usize, p: Point) -> Option<(usize, usize)> {
    if !domain.contains(p) {
        return None;
    }
    let (u, v) = domain.fraction(p);
    let col = ((u * cols as f64) as usize).min(cols.checked_sub(1)?);
    let row = (((1.0 - v) * rows as f64) as usize).min(rows.checked_sub(1)?);
    Some((col, row))
}

/// The point at the centre of cell `(col, row)` (inverse of [`locate`]; for mouse clicks).
pub fn cell_center(domain: Domain, cols: usize, rows: usize, col: usize, row: usize) -> Point {
    domain.lerp(
        (col as f64 + 0.5) / cols as f64,
        1.0 - (row as f64 + 0.5) / rows as f64,
    )
}

/// The bit of braille dot `(dx, dy)` (dx 0–1, dy 0–3) in the Unicode braille block.
fn braille_dot(dx: usize, dy: usize) -> u32 {
    const BITS: [[u32; 4]; 2] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]];
    BITS[dx][dy]
}

/// What a marker on the picture stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// A trail point; `recent` for the newest part of the trail.
    Trail {
        /// Whether this point is among the newest.
        recent: bool,
    },
    /// A critical point.
    Critical(CriticalKind),
    /// Where the run started.
    Start,
    /// The current position.
    Current,
}

impl Mark {
    /// Which mark wins a cell that several fall into (higher wins): the current position,
    /// then the start, critical points (minima first), and the trail, newest first.
    pub fn priority(self) -> u8 {
        match self {
            Self::Trail { recent: false } => 0,
            Self::Trail { recent: true } => 1,
            Self::Critical(CriticalKind::Degenerate) => 2,
            Self::Critical(CriticalKind::Maximum) => 3,
            Self::Critical(CriticalKind::Saddle) => 4,
            Self::Critical(CriticalKind::Minimum) => 5,
            Self::Start => 6,
            Self::Current => 7,
        }
    }

    /// The glyph of the mark; `ascii` restricts to ASCII characters.
    pub fn glyph(self, ascii: bool) -> char {
        match (self, ascii) {
            (Self::Current, _) => '@',
            (Self::Start, _) => 'S',
            (Self::Critical(CriticalKind::Minimum), _) => '*',
            (Self::Critical(CriticalKind::Saddle), _) => 'X',
            (Self::Critical(CriticalKind::Maximum), _) => '^',
            (Self::Critical(CriticalKind::Degenerate), _) => '?',
            (Self::Trail { recent: true }, false) => '•',
            (Self::Trail { recent: false }, false) => '·',
            (Self::Trail { recent: true }, true) => 'o',
            (Self::Trail { recent: false }, true) => '.',
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::landscape::by_name;

    #[test]
    fn linear_scale_for_evenly_spread_values() {
        let samples: Vec<f64> = (0..100).map(f64::from).collect();
        let s = LevelScale::fit(&samples).unwrap();
        assert!(!s.log);
        assert_eq!(s.band(0.0), Some(0));
        assert_eq!(s.band(99.0), Some(BANDS - 1));
        assert_eq!(s.band(f64::NAN), None);
    }

    #[test]
    fn log_scale_when_values_span_decades() {
        let samples: Vec<f64> = (0..100).map(|i| 10f64.powf(f64::from(i) / 10.0)).collect();
        let s = LevelScale::fit(&samples).unwrap();
        assert!(s.log);
        // Every band is used.
        let used: std::collections::BTreeSet<u8> =
            samples.iter().filter_map(|&v| s.band(v)).collect();
        assert_eq!(used.len(), usize::from(BANDS));
    }

    /// [`LevelScale::fit`] as it was first written, on a fully sorted copy.
    fn fit_by_sorting(samples: &[f64]) -> Option<LevelScale> {
        let mut finite: Vec<f64> = samples.iter().copied().filter(|v| v.is_finite()).collect();
        if finite.is_empty() {
            return None;
        }
        finite.sort_by(f64::total_cmp);
        let n = finite.len();
        let (min, max) = (finite[0], finite[n - 1]);
        let span = max - min;
        let quantile = |q: f64| finite[((n - 1) as f64 * q) as usize] - min;
        let log = span > 0.0 && quantile(0.9) >= LOG_SPREAD * quantile(0.1);
        let floor = if log {
            (finite[n / 100] - min)
                .max(span * 1e-7)
                .max(f64::MIN_POSITIVE)
        } else {
            0.0
        };
        Some(LevelScale {
            min,
            max,
            log,
            floor,
        })
    }

    #[test]
    fn selecting_ranks_fits_the_scale_a_sort_fits() {
        let mut rng = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng
        };
        for n in [1, 2, 3, 7, 10, 11, 99, 100, 101, 1000, 4096] {
            for kind in 0..4 {
                let samples: Vec<f64> = (0..n)
                    .map(|_| {
                        let r = next();
                        match kind {
                            // Uniform, then decades, then few distinct values with signed
                            // zeros, then non-finite values mixed in.
                            0 => (r >> 11) as f64 / (1u64 << 53) as f64,
                            1 => 10f64.powf((r % 1200) as f64 / 100.0 - 6.0),
                            2 => [0.0, -0.0, 1.0, 3.0][(r % 4) as usize],
                            _ => [f64::NAN, f64::INFINITY, (r % 1000) as f64][(r % 3) as usize],
                        }
                    })
                    .collect();
                let (fast, sorted) = (LevelScale::fit(&samples), fit_by_sorting(&samples));
                // Bit for bit (Debug shows -0.0 apart from 0.0).
                assert_eq!(
                    format!("{fast:?}"),
                    format!("{sorted:?}"),
                    "n {n}, kind {kind}"
                );
            }
        }
    }

    #[test]
    fn locate_and_cell_center_agree() {
        let d = Domain::square(2.0);
        for (col, row) in [(0, 0), (5, 3), (79, 23)] {
            let p = cell_center(d, 80, 24, col, row);
            assert_eq!(locate(d, 80, 24, p), Some((col, row)));
        }
        assert_eq!(locate(d, 80, 24, Point::new(3.0, 0.0)), None);
        assert_eq!(locate(d, 80, 24, Point::new(f64::NAN, 0.0)), None);
    }

    #[test]
    fn bowl_digits_are_rings_around_the_centre() {
        let bowl = by_name("bowl").unwrap();
        let c = Contour::compute(
            bowl.surface().unwrap(),
            Domain::square(3.0),
            41,
            21,
            Glyphs::Digits,
        );
        // The centre is the lowest band and not on a line; corners are the highest band.
        assert_eq!(c.cell(20, 10).band, Some(0));
        assert_eq!(c.cell(20, 10).ch, ' ');
        assert_eq!(c.cell(0, 0).band, Some(BANDS - 1));
        let glyphs: String = (0..21)
            .flat_map(|r| (0..41).map(move |col| (col, r)))
            .map(|(col, r)| c.cell(col, r).ch)
            .collect();
        assert!(glyphs.contains('1') && glyphs.contains('5'));
    }
}
