//! A bounded record of one quantity over a whole run (loss or gradient norm), for the
//! charts.
//!
//! The record keeps the entire run, not just its tail. The first [`HEAD`] steps are kept one
//! by one (a log-step chart spreads them over decades); after them, values are collected in
//! buckets of `stride` consecutive steps, and when all buckets are full, neighbours are
//! merged and the stride doubles. Memory stays bounded (at most [`CAPACITY`] buckets)
//! however long the run, and a plateau of 17,000 steps stays visible next to the descent
//! before it and the escape after it.
//!
//! The value pushed `i`-th (from 0) belongs to step `i`: a racer pushes one value at its
//! start and one per step.

/// Number of buckets kept, the exact head included.
const CAPACITY: usize = 2048;

/// The first steps, kept one bucket per step and never merged.
const HEAD: usize = 64;

/// Buckets after the head; merged pairwise when full (even).
const BODY: usize = CAPACITY - HEAD;

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
    pub const EMPTY: Self = Self {
        min: f64::NAN,
        max: f64::NAN,
    };

    /// The span of one value (empty if it is not finite).
    fn of(value: f64) -> Self {
        if value.is_finite() {
            Self {
                min: value,
                max: value,
            }
        } else {
            Self::EMPTY
        }
    }

    /// The span of both (`f64::min`/`max` ignore NaN).
    pub fn merge(self, other: Self) -> Self {
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

/// Some consecutive steps of a [`History`] and the span of their values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bucket {
    /// The first step.
    pub first: u64,
    /// The last step (inclusive).
    pub last: u64,
    /// The span of the finite values among them.
    pub span: Span,
}

/// The compacting record of one quantity (see the module docs).
#[derive(Clone, Debug)]
pub struct History {
    head: Vec<Span>,
    full: Vec<Span>,
    open: Span,
    open_len: u64,
    stride: u64,
    last: f64,
}

impl Default for History {
    fn default() -> Self {
        Self {
            head: Vec::with_capacity(HEAD),
            full: Vec::with_capacity(BODY),
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
        if self.head.len() < HEAD {
            self.head.push(Span::of(value));
            return;
        }
        self.open = self.open.merge(Span::of(value));
        self.open_len += 1;
        if self.open_len == self.stride {
            self.full.push(self.open);
            self.open = Span::EMPTY;
            self.open_len = 0;
            if self.full.len() == BODY {
                self.compact();
            }
        }
    }

    /// Merges neighbouring buckets after the head, halving their number and doubling the
    /// stride.
    fn compact(&mut self) {
        let mut merged = Vec::with_capacity(BODY);
        merged.extend(
            (self.full.chunks(2)).map(|pair| pair.iter().fold(Span::EMPTY, |a, b| a.merge(*b))),
        );
        self.full = merged;
        self.stride *= 2;
    }

    /// The last value pushed (NaN before any).
    pub fn last(&self) -> f64 {
        self.last
    }

    /// How many values were pushed: the steps recorded (the last is `steps() - 1`).
    pub fn steps(&self) -> u64 {
        self.head.len() as u64 + self.full.len() as u64 * self.stride + self.open_len
    }

    /// Every bucket, oldest first: the head's one-step buckets, then the merged ones, then
    /// the one being filled. They cover steps `0..steps()` without gap or overlap.
    pub fn buckets(&self) -> impl Iterator<Item = Bucket> + '_ {
        let head = (self.head.iter().enumerate()).map(|(i, &span)| Bucket {
            first: i as u64,
            last: i as u64,
            span,
        });
        let start = HEAD as u64;
        let stride = self.stride;
        let full = (self.full.iter().enumerate()).map(move |(i, &span)| Bucket {
            first: start + i as u64 * stride,
            last: start + (i as u64 + 1) * stride - 1,
            span,
        });
        let open_first = start + self.full.len() as u64 * stride;
        let open = (self.open_len > 0).then_some(Bucket {
            first: open_first,
            last: open_first + self.open_len - 1,
            span: self.open,
        });
        head.chain(full).chain(open)
    }

    /// The whole record in at most `width` columns, oldest first, each the span of an equal
    /// number of buckets (never more columns than buckets).
    pub fn columns(&self, width: usize) -> Vec<Span> {
        if width == 0 {
            return Vec::new();
        }
        let buckets: Vec<Span> = self.buckets().map(|b| b.span).collect();
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
        assert!(h.buckets().count() <= CAPACITY);
        assert!(h.columns(4096).len() <= CAPACITY);
        assert_eq!(h.last(), 99_999.0);
        assert_eq!(h.steps(), 100_000);
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
        assert_eq!(h.steps(), 3);
    }

    #[test]
    fn buckets_cover_every_step_once_in_order() {
        let mut h = History::default();
        for n in 0..20_000_u64 {
            if n.is_power_of_two() || n % 4_999 == 0 {
                let mut next = 0;
                for b in h.buckets() {
                    assert_eq!(b.first, next, "after {n} steps");
                    assert!(b.last >= b.first);
                    next = b.last + 1;
                }
                assert_eq!(next, n);
                assert_eq!(h.steps(), n);
            }
            h.push(n as f64);
        }
    }

    #[test]
    fn each_bucket_spans_the_values_of_its_steps() {
        let mut h = History::default();
        let value = |i: u64| ((i as f64) * 0.37).sin();
        for i in 0..10_000 {
            h.push(value(i));
        }
        for b in h.buckets() {
            let (lo, hi) = (b.first..=b.last)
                .map(value)
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                    (lo.min(v), hi.max(v))
                });
            assert_eq!(b.span, Span { min: lo, max: hi });
        }
    }

    #[test]
    fn the_head_stays_exact_after_compaction() {
        let mut h = History::default();
        for i in 0..50_000 {
            h.push(f64::from(i));
        }
        let head: Vec<Bucket> = h.buckets().take(HEAD + 1).collect();
        for (i, b) in head.iter().take(HEAD).enumerate() {
            assert_eq!((b.first, b.last), (i as u64, i as u64));
            assert_eq!(b.span.min, i as f64);
        }
        assert!(head[HEAD].last > head[HEAD].first, "the body is merged");
    }
}
