//! The charts' axes as arithmetic, apart from the drawing: the step axis ([`Steps`],
//! linear or logarithmic, and its labelled steps) and the value axis ([`Scale`]: log10 of
//! the gap to L* or 0 with a floor for zero, or a symmetric log for losses below it, and
//! its labelled decades).

use super::Quantity;
use crate::tui::app::{App, History, Span};
use plateau_core::text::format;

/// Decades between the floor a zero is drawn at and the smallest positive value shown.
const FLOOR_DECADES: i32 = 2;

/// The most decades the loss axis reaches below the run's largest loss gap: further down
/// is one band at the floor (labelled `≤10^k`), so that after convergence to machine
/// precision the plateau stays in the chart's upper middle instead of its top row.
pub const LOSS_DECADES: i32 = 6;

/// The x axis: steps `0..=last`, linear or logarithmic.
#[derive(Clone, Copy, Debug)]
pub(super) struct Steps {
    log: bool,
    pub(super) last: u64,
}

impl Steps {
    /// The axis of every racer's run so far.
    pub(super) fn of(app: &App) -> Self {
        let last = (app.racers().all().iter())
            .map(|r| r.loss().steps().saturating_sub(1))
            .max()
            .unwrap_or(0);
        Self {
            log: app.layers().log_steps,
            last,
        }
    }

    /// The right end of the axis (at least 1 linear, 9 logarithmic: a decade).
    fn end(self) -> u64 {
        self.last.max(if self.log { 9 } else { 1 })
    }

    /// Where `step` is along the axis, 0 at the left to 1 at the right.
    pub(super) fn fraction(self, step: u64) -> f64 {
        let end = self.end() as f64;
        if self.log {
            (step as f64).ln_1p() / end.ln_1p()
        } else {
            step as f64 / end
        }
    }
}

/// How a value becomes a height on the y axis.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Transform {
    /// log10 of the gap to `reference` (L* or 0), drawn at `floor` when under it.
    Log { reference: f64, floor: f64 },
    /// The gap to `reference` itself (the loss axis's linear scale).
    Linear { reference: f64 },
    /// The symmetric log sign(v)·log10(1 + |v|), for losses that go below 0 with no known
    /// minimum (landscapes unbounded below) or below the known one.
    SymLog,
}

impl Transform {
    /// The height of `value`.
    fn y(self, value: f64) -> f64 {
        match self {
            Self::Log { reference, floor } => (value - reference).max(floor).log10(),
            Self::Linear { reference } => value - reference,
            Self::SymLog => symlog(value),
        }
    }

    /// What is plotted for `value`, for the title: its gap to the reference (0 at least; NaN
    /// stays NaN), or the value itself.
    pub(super) fn shown(self, value: f64) -> f64 {
        match self {
            Self::Log { reference, .. } => {
                let gap = value - reference;
                if gap < 0.0 { 0.0 } else { gap }
            }
            Self::Linear { reference } => value - reference,
            Self::SymLog => value,
        }
    }
}

/// sign(v)·log10(1 + |v|).
fn symlog(v: f64) -> f64 {
    v.signum() * v.abs().ln_1p() / std::f64::consts::LN_10
}

/// The y axis: how values become heights, the heights at the bottom and top, and the
/// labelled heights.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Scale {
    pub(super) transform: Transform,
    /// What is plotted, for the title.
    pub(super) name: &'static str,
    pub(super) lo: f64,
    pub(super) hi: f64,
    /// Labels from the top down: height and text.
    pub(super) ticks: Vec<(f64, String)>,
}

impl Scale {
    /// The scale of `quantity` for the histories `drawn`, with room for `labels` y labels.
    pub(super) fn new(app: &App, quantity: Quantity, drawn: &[&History], labels: usize) -> Self {
        let spans = || drawn.iter().flat_map(|h| h.buckets().map(|b| b.span));
        let all = spans().fold(Span::EMPTY, Span::merge);
        let (reference, name) = match quantity {
            Quantity::Grad => (0.0, GRAD),
            Quantity::Lr => (0.0, "lr"),
            Quantity::Loss => {
                let best = app.scene().landscape.info().best_known_value();
                match best {
                    Some(best) if all.is_empty() || all.min >= best - slack(best) => {
                        (best, "loss − L*")
                    }
                    None if all.is_empty() || all.min >= 0.0 => (0.0, "loss"),
                    _ => return Self::symlog(all, labels),
                }
            }
        };
        // Gaps within rounding of the reference count as zero.
        let rounding = f64::EPSILON * reference.abs();
        let mut smallest = f64::INFINITY;
        let mut zero = false;
        for span in spans().filter(|s| !s.is_empty()) {
            for v in [span.min - reference, span.max - reference] {
                if v > rounding {
                    smallest = smallest.min(v);
                } else {
                    zero = true;
                }
            }
        }
        let largest = all.max - reference;
        if quantity == Quantity::Loss && app.layers().linear_loss {
            return Self::linear(all, reference, name, labels);
        }
        let grad_tol = (quantity == Quantity::Grad).then(|| grad_tol(app));
        let under = grad_tol.map_or(smallest, |tol| smallest.min(tol));
        let mut floor = if under.is_finite() {
            under.log10().floor() as i32 - FLOOR_DECADES
        } else {
            -16
        };
        if rounding > 0.0 {
            floor = floor.max(rounding.log10().floor() as i32);
        }
        // The loss axis ends LOSS_DECADES under the largest gap; what is below is a band.
        let lowest = (quantity == Quantity::Loss && largest.is_finite() && largest > rounding)
            .then(|| (largest.log10() - f64::from(LOSS_DECADES)).floor() as i32);
        let below = lowest.is_some_and(|lowest| {
            let under = smallest < 10f64.powi(lowest) || (zero && floor < lowest);
            if under {
                floor = lowest;
            }
            under
        });
        let mut low = if zero || below || !smallest.is_finite() {
            f64::from(floor)
        } else {
            smallest.log10()
        };
        let mut high = if largest.is_finite() && largest > rounding {
            largest.log10().max(low)
        } else {
            low
        };
        if let Some(tol) = grad_tol {
            low = low.min(tol.log10());
            high = high.max(tol.log10());
        }
        let (lo, hi, step) = decades(low, high, labels, zero || below);
        let ticks = (0..=(hi - lo) / step)
            .map(|i| hi - i * step)
            .map(|decade| {
                let text = if below && decade == lo {
                    let at_most = crate::tui::theme::pick(app.options(), "≤", "<=");
                    format!("{at_most}{}", power(decade, false))
                } else if zero && decade == lo {
                    "0".to_owned()
                } else {
                    power(decade, false)
                };
                (f64::from(decade), text)
            })
            .collect();
        Self {
            transform: Transform::Log {
                reference,
                floor: 10f64.powi(floor),
            },
            name,
            lo: f64::from(lo),
            hi: f64::from(hi),
            ticks,
        }
    }

    /// The linear scale of losses spanning `all`, less `reference`, from 0 (or the lowest
    /// below it) to the highest, labelled evenly.
    fn linear(all: Span, reference: f64, name: &'static str, labels: usize) -> Self {
        let (mut lo, mut hi) = (0f64.min(all.min - reference), all.max - reference);
        if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
            (lo, hi) = (0.0, 1.0);
        }
        let gaps = labels.max(2) - 1;
        let ticks = (0..=gaps)
            .map(|i| hi - (hi - lo) * i as f64 / gaps as f64)
            .map(|v| (v, format::short(v, 2)))
            .collect();
        Self {
            transform: Transform::Linear { reference },
            name,
            lo,
            hi,
            ticks,
        }
    }

    /// The symmetric-log scale of losses spanning `all`, labelled at 0 and ±10^k.
    fn symlog(all: Span, labels: usize) -> Self {
        let (low, high) = (symlog(all.min), symlog(all.max));
        let (lo, hi, step) = symlog_ticks(low, high, labels);
        let ticks = (0..=(hi - lo) / step)
            .map(|i| hi - i * step)
            .map(|t| (symlog_tick(t), symlog_label(t)))
            .collect();
        Self {
            transform: Transform::SymLog,
            name: "loss, symlog",
            lo: symlog_tick(lo),
            hi: symlog_tick(hi),
            ticks,
        }
    }

    /// The fraction of the height at which `value` is drawn.
    pub(super) fn fraction(&self, value: f64) -> f64 {
        (self.transform.y(value) - self.lo) / (self.hi - self.lo)
    }
}

/// The value of symmetric-log tick `t`: 0, or ±10^|t|.
fn signed_power(t: i32) -> f64 {
    f64::from(t.signum()) * 10f64.powi(t.abs())
}

/// The height of symmetric-log tick `t` (about `t` where 10^|t| overflows).
fn symlog_tick(t: i32) -> f64 {
    if t.abs() > 300 {
        f64::from(t)
    } else {
        symlog(signed_power(t))
    }
}

/// The label of symmetric-log tick `t`.
fn symlog_label(t: i32) -> String {
    if t == 0 {
        "0".to_owned()
    } else {
        power(t.abs(), t < 0)
    }
}

/// The symmetric-log ticks (see [`signed_power`]) around the heights `low` to `high`: at
/// most `labels` of them (at least 2), every `step`, from `lo` to `hi`; 0 among them when
/// the range takes it in and the labels allow.
fn symlog_ticks(low: f64, high: f64, labels: usize) -> (i32, i32, i32) {
    let (low, high) = if low.is_finite() && high.is_finite() {
        (low.min(high), high.max(low))
    } else {
        (-1.0, 1.0)
    };
    let mut bottom = low.ceil() as i32;
    while symlog_tick(bottom) > low {
        bottom -= 1;
    }
    let mut top = high.floor() as i32;
    while symlog_tick(top) < high {
        top += 1;
    }
    let top = top.max(bottom + 1);
    let span = top - bottom;
    let gaps = labels.max(2) as i32 - 1;
    let least = (span + gaps - 1) / gaps;
    // Ticks at multiples of the step take in 0; accept up to a step more decades for them.
    for step in least..=2 * least {
        let lo = bottom.div_euclid(step) * step;
        let hi = -((-top).div_euclid(step) * step);
        if (hi - lo) / step <= gaps && hi - lo - span <= least {
            return (lo, hi, step);
        }
    }
    let n = (span + least - 1) / least;
    (bottom, bottom + n * least, least)
}

/// The label of 10^`decade` (negated if `negative`), for decades past f64's range too.
fn power(decade: i32, negative: bool) -> String {
    let sign = if negative { "-" } else { "" };
    if decade.abs() <= 300 {
        format!("{sign}{}", format::short(10f64.powi(decade), 1))
    } else {
        format!("{sign}1e{decade}")
    }
}

/// The gradient norm under which a step counts as stalled on the landscape.
pub(super) fn grad_tol(app: &App) -> f64 {
    app.scene().landscape.info().plateau.grad_tol
}

/// How far under L* a loss may go (rounding) before the symmetric log is plotted.
fn slack(best: f64) -> f64 {
    1e-9 * best.abs().max(1.0)
}

/// The name of the gradient norm (in Unicode; see [`name`]).
pub(super) const GRAD: &str = "|∇L|";

/// The decades from under `low` to over `high` (log10 values) with at most `labels` labels
/// (and at least 2) a whole number of decades apart: bottom, top and step. What the step
/// leaves over is shared out above and below, or all above when the bottom is `pinned`
/// (the floor).
fn decades(low: f64, high: f64, labels: usize, pinned: bool) -> (i32, i32, i32) {
    let (low, high) = if low.is_finite() && high.is_finite() {
        (low.min(high), high.max(low))
    } else {
        (0.0, 1.0)
    };
    let gaps = labels.max(2) as i32 - 1;
    let bottom = low.floor() as i32;
    let top = (high.ceil() as i32).max(bottom + 1);
    let span = top - bottom;
    let step = (span + gaps - 1) / gaps;
    let n = (span + step - 1) / step;
    let lo = if pinned {
        bottom
    } else {
        bottom - (n * step - span) / 2
    };
    (lo, lo + n * step, step)
}

/// The steps labelled on an axis `width` cells wide.
pub(super) fn x_ticks(steps: Steps, width: usize) -> Vec<u64> {
    let end = steps.end();
    if steps.log {
        let decades = (end as f64 + 1.0).log10().floor() as u32;
        let fit = (width / 5).max(2) as u32;
        let every = decades.div_ceil(fit.saturating_sub(1).max(1)).max(1);
        return std::iter::once(0)
            .chain(
                (every..=decades)
                    .step_by(every as usize)
                    .map(|k| 10u64.pow(k)),
            )
            .collect();
    }
    let mut tick = 1;
    'search: for power in 0..19 {
        for m in [1, 2, 5] {
            tick = m * 10u64.pow(power);
            let count = end / tick + 1;
            let len = compact((end / tick) * tick).len().max(2) + 2;
            if count as usize * len <= width {
                break 'search;
            }
        }
    }
    (0..=end / tick).map(|i| i * tick).collect()
}

/// A step count in at most a few characters: `750`, `20k`, `1.5k`, `2.5M`.
pub(super) fn compact(n: u64) -> String {
    let (unit, suffix) = match n {
        0..1_000 => return n.to_string(),
        1_000..1_000_000 => (1e3, "k"),
        1_000_000..1_000_000_000 => (1e6, "M"),
        _ => (1e9, "G"),
    };
    format!("{}{suffix}", format::short(n as f64 / unit, 3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_shows_the_gap_and_keeps_nan() {
        let log = Transform::Log {
            reference: -436.0,
            floor: 1e-13,
        };
        assert_eq!(log.shown(-435.5), 0.5);
        assert_eq!(log.shown(-437.0), 0.0);
        assert!(log.shown(f64::NAN).is_nan());
        assert_eq!(log.y(-436.0), -13.0, "a zero gap is drawn at the floor");
        assert!((Transform::SymLog.y(-999.0) + 3.0).abs() < 1e-12);
    }

    #[test]
    fn step_counts_are_compact() {
        assert_eq!(compact(0), "0");
        assert_eq!(compact(750), "750");
        assert_eq!(compact(20_000), "20k");
        assert_eq!(compact(1_500), "1.5k");
        assert_eq!(compact(2_500_000), "2.5M");
    }

    #[test]
    fn decades_fit_the_labels() {
        assert_eq!(decades(-3.2, 1.1, 5, false), (-4, 2, 2));
        assert_eq!(decades(-0.3, 0.2, 2, false), (-1, 1, 2));
        assert_eq!(decades(0.0, 0.0, 2, false), (0, 1, 1));
        assert_eq!(decades(-16.0, 0.5, 2, false), (-16, 1, 17));
        assert_eq!(decades(-3.3, 1.3, 2, false), (-4, 2, 6));
        assert_eq!(decades(-3.3, 1.3, 3, false), (-4, 2, 3));
        assert_eq!(decades(-5.0, 5.0, 4, false), (-6, 6, 4), "slack shared");
        assert_eq!(
            decades(-5.0, 5.0, 4, true),
            (-5, 7, 4),
            "slack above the floor"
        );
        let (lo, hi, step) = decades(-300.0, 300.0, 3, false);
        assert!((hi - lo) / step < 3 && lo <= -300 && hi >= 300);
    }

    #[test]
    fn symlog_ticks_take_in_zero_and_fit() {
        assert_eq!(
            symlog_ticks(symlog(-1e6), symlog(100.0), 5),
            (-6, 2, 2),
            "0 a tick"
        );
        let (lo, hi, step) = symlog_ticks(symlog(-1.12e60), symlog(0.2), 5);
        assert!(symlog_tick(lo) <= symlog(-1.12e60) && symlog_tick(hi) >= symlog(0.2));
        assert!((hi - lo) / step < 5);
        assert_eq!(symlog_ticks(symlog(-5.0), symlog(5.0), 3), (-1, 1, 1));
        let (lo, hi, step) = symlog_ticks(symlog(-1.12e60), symlog(0.99), 2);
        assert_eq!((hi - lo) / step, 1, "two labels: {lo} {hi} {step}");
        assert!(symlog_tick(lo) <= symlog(-1.12e60) && symlog_tick(hi) >= symlog(0.99));
        assert_eq!(symlog_label(-3), "-1000");
        assert_eq!(power(400, true), "-1e400");
        let (lo, hi, _) = symlog_ticks(symlog(-f64::MAX), symlog(f64::MAX), 3);
        assert!(symlog_tick(lo).is_finite() && symlog_tick(hi).is_finite());
        assert_eq!(signed_power(-2), -100.0);
        assert_eq!(symlog(0.0), 0.0);
    }

    #[test]
    fn linear_ticks_fit_and_are_round() {
        let steps = Steps {
            log: false,
            last: 19_200,
        };
        let ticks = x_ticks(steps, 30);
        assert_eq!(ticks, vec![0, 5_000, 10_000, 15_000]);
        let log = x_ticks(Steps { log: true, ..steps }, 30);
        assert_eq!(log, vec![0, 10, 100, 1_000, 10_000]);
    }

    #[test]
    fn log_steps_put_decades_evenly() {
        let steps = Steps {
            log: true,
            last: 9_999,
        };
        assert_eq!(steps.fraction(0), 0.0);
        assert!((steps.fraction(99) - 0.5).abs() < 1e-12);
        assert_eq!(steps.fraction(9_999), 1.0);
    }
}
