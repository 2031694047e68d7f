//! A bounded record of one quantity over a whole run (loss or gradient norm), for the
//! sparklines.
//!
//! The record keeps the entire run, not just its tail: values are collected in buckets of
//! `stride` consecutive steps, and when all buckets are full, neighbours are merged and the
//! stride doubles. Memory stays bounded however long the run, and a plateau of 17,000 steps
//! stays visible next to the descent before it and the escape after it.

/// Number of buckets kept; merged pairwise when full.
const CAPACITY: usize = 2048;

/// The smallest and largest finite value among some steps (NaN when none was finite).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Span {
    /// Smallest finite value.
    pub min: f64,
    /// Largest finite value.
    pub max: f64,
}

impl Span {
    /// A span with no finite value yet.
    const EMPTY: Self = Self {
        min: f64::NAN,
        max: f64::NAN,
    };

    /// The span of both (`f64::min`/`max` ignore NaN).
    fn merge(self, other: Self) -> Self {
        Self {
            min: self.min.min(other.min),
            max: self.max.max(other.max),
        }
    }

    /// Whether no finite value went in.
    pub fn is_empty(&self) -> bool {
        self.max.is_nan()
    }
}

/// The compacting record of one quantity (see the module docs).
#[derive(Clone, Debug)]
pub struct History {
    full: Vec<Span>,
    open: Span,
    open_len: u64,
    stride: u64,
    last: f64,
}

impl Default for History {
    fn default() -> Self {
        Self {
            full: Vec::with_capacity(CAPACITY),
            open: Span::EMPTY,
            open_len: 0,
            stride: 1,
            last: f64::NAN,
        }
    }
}

impl History {
    /// Records the value of the next step; non-finite values count as steps but are left
    /// out of every span.
    pub fn push(&mut self, value: f64) {
        self.last = value;
        if value.is_finite() {
            self.open = self.open.merge(Span {
                min: value,
                max: value,
            });
        }
        self.open_len += 1;
        if self.open_len == self.stride {
            self.full.push(self.open);
            self.open = Span::EMPTY;
            self.open_len = 0;
            if self.full.len() == CAPACITY {
                self.compact();
            }
        }
    }

    /// Merges neighbouring buckets, halving their number and doubling the stride.
    fn compact(&mut self) {
        self.full = self
            .full
            .chunks(2)
            .map(|pair| pair.iter().fold(Span::EMPTY, |a, b| a.merge(*b)))
            .collect();
        self.stride *= 2;
    }

    /// The last value pushed (NaN before any).
    pub fn last(&self) -> f64 {
        self.last
    }

    /// The whole record in at most `width` columns, oldest first, each the span of the steps
    /// it covers.
    pub fn columns(&self, width: usize) -> Vec<Span> {
        let buckets: Vec<Span> = self
            .full
            .iter()
            .copied()
            .chain((self.open_len > 0).then_some(self.open))
            .collect();
        if width == 0 {
            return Vec::new();
        }
        let per_column = buckets.len().div_ceil(width).max(1);
        buckets
            .chunks(per_column)
            .map(|chunk| chunk.iter().fold(Span::EMPTY, |a, b| a.merge(*b)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_whole_run_within_capacity() {
        let mut h = History::default();
        for i in 0..100_000 {
            h.push(f64::from(i));
        }
        let cols = h.columns(10);
        assert!(cols.len() <= 10);
        assert_eq!(cols[0].min, 0.0);
        assert_eq!(cols.last().unwrap().max, 99_999.0);
        assert!(h.full.len() < CAPACITY);
        assert_eq!(h.last(), 99_999.0);
    }

    #[test]
    fn non_finite_values_are_left_out() {
        let mut h = History::default();
        h.push(f64::NAN);
        h.push(2.0);
        h.push(f64::INFINITY);
        let cols = h.columns(1);
        assert_eq!(cols, vec![Span { min: 2.0, max: 2.0 }]);
        assert!(h.columns(3)[0].is_empty());
    }
}
