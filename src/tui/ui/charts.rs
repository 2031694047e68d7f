//! The loss and gradient-norm charts of the panel: two stacked line charts over the whole
//! run, step on x (linear, or log10(1 + step) with the `x` key), log10 of the value on y.
//!
//! Every visible racer is a line in its colour (its own glyph without colour), the selected
//! one drawn last. Each x dot of the chart shows the smallest and largest value of the steps
//! it covers (see [`History`]), so noise and spikes survive downsampling. Over the selected
//! racer's stalled spans the chart is tinted and its bottom border doubled; its events are
//! dotted vertical lines tagged at the top (o optimizer, n kick, l learning rate, h other
//! hyperparameter, r reset, e escape); the gradient chart has the landscape's plateau
//! threshold (`PlateauRule::grad_tol`, usually 1e-3) as a dashed line.
//!
//! The loss is plotted as its gap L − L* to the landscape's lowest known minimum, which
//! spans decades as a run converges; where no minimum is known, as the plain loss while it
//! stays at 0 or above. A gap (or gradient) of 0 is drawn at a floor two decades under the
//! smallest positive value (and the threshold), and never under the rounding error of L*;
//! the floor is then the bottom of the chart, labelled 0, so a line that reaches its
//! minimum runs on along the bottom instead of stopping. A loss that goes below 0 with no
//! known minimum (landscapes unbounded below), or below L*, is plotted on the symmetric
//! log sign(L)·log10(1 + |L|), labelled at 0 and ±10^k. The title says which quantity is
//! plotted ("loss − L*", "loss", "loss, symlog") and its current value.

use crate::tui::app::{App, EventKind, History, Racer, Span};
use crate::tui::config::Options;
use crate::tui::theme;
use plateau_core::format;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span as Text};
use ratatui::widgets::Widget;
use ratatui::widgets::canvas::{Canvas, Line as Segment, Points};

/// Decades between the floor a zero is drawn at and the smallest positive value shown.
const FLOOR_DECADES: i32 = 2;

/// Background of the columns where the selected racer stalled.
const STALL_TINT: Color = Color::Indexed(236);

/// What a chart plots.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Quantity {
    Loss,
    Grad,
}

impl Quantity {
    /// The racer's record of this quantity.
    fn history(self, racer: &Racer) -> &History {
        match self {
            Self::Loss => racer.loss(),
            Self::Grad => racer.grad_norm(),
        }
    }

    /// The racer's current (latest finite) value.
    fn current(self, racer: &Racer) -> f64 {
        let sample = racer.sample();
        match self {
            Self::Loss => sample.loss,
            Self::Grad => sample.grad_norm,
        }
    }
}

/// The two charts, stacked in `area`: loss on top, gradient norm below.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let [top, bottom] = Layout::vertical([Constraint::Fill(1); 2]).areas(area);
    let steps = Steps::of(app);
    chart(app, Quantity::Loss, steps, top, buf);
    chart(app, Quantity::Grad, steps, bottom, buf);
}

/// The x axis: steps `0..=last`, linear or logarithmic.
#[derive(Clone, Copy, Debug)]
struct Steps {
    log: bool,
    last: u64,
}

impl Steps {
    /// The axis of every racer's run so far.
    fn of(app: &App) -> Self {
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
    fn fraction(self, step: u64) -> f64 {
        let end = self.end() as f64;
        if self.log {
            (step as f64).ln_1p() / end.ln_1p()
        } else {
            step as f64 / end
        }
    }
}

/// Where a chart plots: its cells and the dots a marker makes of them.
#[derive(Clone, Copy, Debug)]
struct Plot {
    area: Rect,
    /// Dots per cell, across and down.
    per_cell: (u16, u16),
}

impl Plot {
    /// Dots across and down.
    fn resolution(self) -> (usize, usize) {
        (
            usize::from(self.area.width * self.per_cell.0),
            usize::from(self.area.height * self.per_cell.1),
        )
    }

    /// The dot column at fraction `f` of the width (as the canvas rounds it).
    fn dot_x(self, f: f64) -> usize {
        let last = self.resolution().0.saturating_sub(1);
        ((f.clamp(0.0, 1.0) * last as f64).round() as usize).min(last)
    }

    /// The dot height (from the bottom) at fraction `f` of the height.
    fn dot_y(self, f: f64) -> f64 {
        f.clamp(0.0, 1.0) * self.resolution().1.saturating_sub(1) as f64
    }

    /// The screen column of dot column `dot`.
    fn column(self, dot: usize) -> u16 {
        self.area.x + (dot / usize::from(self.per_cell.0)) as u16
    }

    /// The screen column of `step`.
    fn step_column(self, steps: Steps, step: u64) -> u16 {
        self.column(self.dot_x(steps.fraction(step)))
    }

    /// The screen row of the dot height `y` (as the canvas rounds it).
    fn row(self, y: f64) -> u16 {
        let top = self.resolution().1.saturating_sub(1);
        let from_top = top.saturating_sub(y.round().max(0.0) as usize);
        self.area.y + (from_top / usize::from(self.per_cell.1)) as u16
    }
}

/// How a value becomes a height on the y axis.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Transform {
    /// log10 of the gap to `reference` (L* or 0), drawn at `floor` when under it.
    Log { reference: f64, floor: f64 },
    /// The symmetric log sign(v)·log10(1 + |v|), for losses that go below 0 with no known
    /// minimum (landscapes unbounded below) or below the known one.
    SymLog,
}

impl Transform {
    /// The height of `value`.
    fn y(self, value: f64) -> f64 {
        match self {
            Self::Log { reference, floor } => (value - reference).max(floor).log10(),
            Self::SymLog => symlog(value),
        }
    }

    /// What is plotted for `value`, for the title: its gap to the reference (0 at least; NaN
    /// stays NaN), or the value itself.
    fn shown(self, value: f64) -> f64 {
        match self {
            Self::Log { reference, .. } => {
                let gap = value - reference;
                if gap < 0.0 { 0.0 } else { gap }
            }
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
struct Scale {
    transform: Transform,
    /// What is plotted, for the title.
    name: &'static str,
    lo: f64,
    hi: f64,
    /// Labels from the top down: height and text.
    ticks: Vec<(f64, String)>,
}

impl Scale {
    /// The scale of `quantity` for the histories `drawn`, with room for `labels` y labels.
    fn new(app: &App, quantity: Quantity, drawn: &[&History], labels: usize) -> Self {
        let spans = || drawn.iter().flat_map(|h| h.buckets().map(|b| b.span));
        let all = spans().fold(Span::EMPTY, Span::merge);
        let (reference, name) = match quantity {
            Quantity::Grad => (0.0, GRAD),
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
        let mut low = if zero || !smallest.is_finite() {
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
        let (lo, hi, step) = decades(low, high, labels, zero);
        let ticks = (0..=(hi - lo) / step)
            .map(|i| hi - i * step)
            .map(|decade| {
                let text = if zero && decade == lo {
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
    fn fraction(&self, value: f64) -> f64 {
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
fn grad_tol(app: &App) -> f64 {
    app.scene().landscape.info().plateau.grad_tol
}

/// How far under L* a loss may go (rounding) before the symmetric log is plotted.
fn slack(best: f64) -> f64 {
    1e-9 * best.abs().max(1.0)
}

/// The name of the gradient norm (in Unicode; see [`name`]).
const GRAD: &str = "|∇L|";

/// The name of a quantity in the right character set.
fn name(options: Options, name: &'static str) -> String {
    if name == GRAD {
        theme::pick(options, "|∇L|", "|grad|").to_owned()
    } else {
        theme::text(options, name)
    }
}

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

/// One chart in `area`: box, title, axes, markings and every visible racer's line.
fn chart(app: &App, quantity: Quantity, steps: Steps, area: Rect, buf: &mut Buffer) {
    let options = app.options();
    let racers = app.racers();
    let selected = racers.selected_index();
    let block = theme::block(options);
    let inner = block.inner(area);
    block.render(area, buf);
    // Visible racers in legend order, the selected one last (on top).
    let order = || {
        (0..racers.all().len())
            .filter(move |&i| i != selected)
            .chain(std::iter::once(selected))
            .filter(|&i| racers.all()[i].visible())
    };
    let mut drawn: Vec<&History> = order()
        .map(|i| quantity.history(&racers.all()[i]))
        .collect();
    if drawn.is_empty() {
        drawn.push(quantity.history(racers.selected()));
    }
    let rows = usize::from(inner.height);
    let label_rows = if rows >= 2 { rows.div_ceil(2) } else { 1 };
    let scale = Scale::new(app, quantity, &drawn, label_rows);
    let one_line = order().count() <= 1;
    let braille = !options.ascii && (options.color || one_line);
    let per_cell = if braille { (2, 4) } else { (1, 1) };
    let label_width = (scale.ticks.iter())
        .map(|(_, text)| text.chars().count())
        .max()
        .unwrap_or(0) as u16;
    let with_axis = inner.width >= label_width + 1 + 8;
    let left = if with_axis { label_width + 1 } else { 0 };
    let plot = Plot {
        area: Rect::new(
            inner.x + left,
            inner.y,
            inner.width.saturating_sub(left),
            inner.height,
        ),
        per_cell,
    };
    if plot.area.is_empty() {
        title(app, quantity, &scale, false, area, buf);
        return;
    }
    if with_axis {
        y_axis(options, &scale, plot, label_width, buf);
    }
    let racer = racers.selected();
    let dim = theme::dim(options);
    let spans = racer.detector().spans();
    let stalled = |column: u16| {
        spans.iter().any(|s| {
            (plot.step_column(steps, s.start)..=plot.step_column(steps, s.end)).contains(&column)
        })
    };
    // Under the lines: event lines and the threshold, in cells the lines leave empty.
    for event in racer.events() {
        let x = plot.step_column(steps, event.step);
        let glyph = theme::pick(options, "┊", ":");
        for y in plot.area.top()..plot.area.bottom() {
            buf[(x, y)].set_symbol(glyph).set_style(dim);
        }
    }
    let threshold = (quantity == Quantity::Grad).then(|| {
        let f = scale.fraction(grad_tol(app));
        plot.row(plot.dot_y(f))
    });
    if let Some(y) = threshold {
        let glyph = theme::pick(options, "╌", "-");
        for x in plot.area.left()..plot.area.right() {
            buf[(x, y)].set_symbol(glyph).set_style(dim);
        }
    }
    lines(app, quantity, &scale, steps, plot, braille, buf);
    // Over the lines: the stall tint, the threshold's label, the event tags.
    let bottom = area.bottom() - 1;
    for x in plot.area.left()..plot.area.right() {
        if stalled(x) {
            if options.color {
                for y in plot.area.top()..plot.area.bottom() {
                    buf[(x, y)].set_bg(STALL_TINT);
                }
            }
            if area.height >= 2 {
                buf[(x, bottom)].set_symbol(theme::pick(options, "═", "="));
            }
        }
    }
    let axis = with_axis.then_some(label_width);
    let placed = threshold.is_none_or(|y| threshold_label(options, plot, y, axis, false, buf));
    if !title(app, quantity, &scale, !placed, area, buf)
        && !placed
        && let Some(y) = threshold
    {
        threshold_label(options, plot, y, axis, true, buf);
    }
    let tag_style = theme::racer_style(options, selected).add_modifier(Modifier::BOLD);
    for event in racer.events() {
        let x = plot.step_column(steps, event.step);
        buf[(x, plot.area.y)]
            .set_symbol(tag(event.kind))
            .set_style(tag_style);
    }
    if area.height >= 2 {
        x_labels(options, steps, plot, inner, bottom, buf);
    }
}

/// Labels the threshold line on row `y`: on the rightmost stretch of it no line covers,
/// else left of the y axis (`axis`: the labels' width) if no decade is labelled there, else
/// when `force`d over the lines at the left end (the oldest steps). Returns whether it did.
fn threshold_label(
    options: Options,
    plot: Plot,
    y: u16,
    axis: Option<u16>,
    force: bool,
    buf: &mut Buffer,
) -> bool {
    let dim = theme::dim(options);
    let line = theme::pick(options, "╌", "-");
    let texts: &[&str] = if plot.area.width >= 24 {
        &[" plateau tol ", " tol "]
    } else {
        &[" tol "]
    };
    let (left, right) = (plot.area.left(), plot.area.right());
    for text in texts {
        let width = text.len() as u16;
        let mut run = 0;
        for x in (left..right).rev() {
            run = if buf[(x, y)].symbol() == line {
                run + 1
            } else {
                0
            };
            if run == width {
                buf.set_string(x, y, text, dim);
                return true;
            }
        }
    }
    let tick = theme::pick(options, "│", "|");
    if let Some(width) = axis.filter(|&w| w >= 3 && buf[(left - 1, y)].symbol() == tick) {
        let text = format!("{:>w$}", "tol", w = usize::from(width));
        buf.set_string(left - 1 - width, y, text, dim);
        return true;
    }
    let text = texts[texts.len() - 1];
    if force && plot.area.width > text.len() as u16 + 2 {
        buf.set_string(left + 1, y, text, dim);
        return true;
    }
    false
}

/// The one-letter tag of an event kind.
fn tag(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Optimizer(_) => "o",
        EventKind::Kick => "n",
        EventKind::LearningRate(_) => "l",
        EventKind::Hyperparameter(_) => "h",
        EventKind::Reset => "r",
        EventKind::Escape => "e",
    }
}

/// What each tag means, in key order: tag, word, short word.
const TAGS: [(&str, &str, &str); 6] = [
    ("o", "optimizer", "opt"),
    ("n", "kick", "kick"),
    ("l", "lr", "lr"),
    ("h", "hyper", "hyp"),
    ("r", "reset", "rst"),
    ("e", "escape", "esc"),
];

/// The y axis left of the plot: the labels right-aligned at their height's row, a tick on
/// the axis line next to each.
fn y_axis(options: Options, scale: &Scale, plot: Plot, width: u16, buf: &mut Buffer) {
    let dim = theme::dim(options);
    let axis_x = plot.area.x - 1;
    for y in plot.area.top()..plot.area.bottom() {
        buf[(axis_x, y)]
            .set_symbol(theme::pick(options, "│", "|"))
            .set_style(dim);
    }
    let mut used = None;
    for (height, label) in &scale.ticks {
        let f = (height - scale.lo) / (scale.hi - scale.lo);
        let y = plot.row(plot.dot_y(f));
        if used == Some(y) {
            continue;
        }
        used = Some(y);
        let pad = width - label.chars().count() as u16;
        buf.set_string(axis_x - width + pad, y, label, dim);
        buf[(axis_x, y)]
            .set_symbol(theme::pick(options, "┤", "+"))
            .set_style(dim);
    }
}

/// The x labels in the bottom border: steps at round numbers (decades when logarithmic),
/// each centred under its column, as many as fit.
fn x_labels(options: Options, steps: Steps, plot: Plot, inner: Rect, y: u16, buf: &mut Buffer) {
    let dim = theme::dim(options);
    let width = usize::from(plot.area.width);
    let ticks = x_ticks(steps, width);
    let mut free = inner.x;
    for step in ticks {
        let text = compact(step);
        let len = text.len() as u16;
        let x = plot.step_column(steps, step);
        let start = x
            .saturating_sub(len / 2)
            .max(plot.area.x)
            .min(inner.right().saturating_sub(len));
        if start < free || start + len > inner.right() {
            continue;
        }
        buf.set_string(start, y, &text, dim);
        free = start + len + 1;
    }
}

/// The steps labelled on an axis `width` cells wide.
fn x_ticks(steps: Steps, width: usize) -> Vec<u64> {
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
fn compact(n: u64) -> String {
    let (unit, suffix) = match n {
        0..1_000 => return n.to_string(),
        1_000..1_000_000 => (1e3, "k"),
        1_000_000..1_000_000_000 => (1e6, "M"),
        _ => (1e9, "G"),
    };
    format!("{}{suffix}", format::short(n as f64 / unit, 3))
}

/// The title on the top border: on the left the name, the current value and the range, on
/// the right the legend (loss) or the event key (gradient), after the threshold's line and
/// name if `tol` (it was not labelled on the chart); each part but the name and value only
/// if it fits. Returns whether the threshold's name was drawn.
fn title(
    app: &App,
    quantity: Quantity,
    scale: &Scale,
    tol: bool,
    area: Rect,
    buf: &mut Buffer,
) -> bool {
    let options = app.options();
    let racer = app.racers().selected();
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let dim = theme::dim(options);
    let current = scale.transform.shown(quantity.current(racer));
    let mut left = vec![
        Text::styled(format!(" {} ", name(options, scale.name)), bold),
        Text::raw(format!("{} ", format::short(current, 3))),
    ];
    let span = (quantity.history(racer).buckets()).fold(Span::EMPTY, |a, b| a.merge(b.span));
    let range = (!span.is_empty()).then(|| {
        let (lo, hi) = (
            scale.transform.shown(span.min),
            scale.transform.shown(span.max),
        );
        Text::styled(
            format!("[{}, {}] ", format::short(lo, 3), format::short(hi, 3)),
            dim,
        )
    });
    let room = usize::from(area.width.saturating_sub(2));
    let width = |spans: &[Text]| spans.iter().map(Text::width).sum::<usize>();
    let mut used = width(&left);
    let mut right: Vec<Text> = Vec::new();
    let add = |used: &mut usize, right: &mut Vec<Text<'static>>, part: Vec<Text<'static>>| {
        // Parts on the right each start with a space; the first one's is the gap.
        let part: Vec<Text> = part
            .into_iter()
            .skip(usize::from(!right.is_empty()))
            .collect();
        let fits = *used + width(&part) <= room;
        if fits {
            *used += width(&part);
            right.extend(part);
        }
        fits
    };
    // By priority: the threshold's name when the chart has no room for it, the event key
    // (long, else short), the race legend, the range, the single run's legend.
    let mut tol_shown = false;
    if tol {
        let line = theme::pick(options, "╌╌", "--");
        tol_shown = add(
            &mut used,
            &mut right,
            vec![Text::styled(format!(" {line} tol "), dim)],
        );
    }
    if quantity == Quantity::Grad {
        let long = key(app, false).is_some_and(|k| add(&mut used, &mut right, k));
        if !long && let Some(k) = key(app, true) {
            add(&mut used, &mut right, k);
        }
    }
    let legend = (quantity == Quantity::Loss).then(|| legend(app)).flatten();
    let race = app.racers().race();
    if race && let Some(legend) = legend.clone() {
        add(&mut used, &mut right, legend);
    }
    if let Some(range) = range
        && used + range.width() <= room
    {
        used += range.width();
        left.push(range);
    }
    if !race && let Some(legend) = legend {
        add(&mut used, &mut right, legend);
    }
    buf.set_line(area.x + 1, area.y, &Line::from(left), room as u16);
    let w = width(&right) as u16;
    let x = area.right().saturating_sub(1 + w);
    buf.set_line(x, area.y, &Line::from(right), w);
    tol_shown
}

/// The glyph drawn for racer `index`'s line when not in braille (and in its legend).
fn glyph(options: Options, index: usize) -> char {
    theme::trail_glyph(options, index, true)
}

/// The chart legend: in race mode each visible racer's line glyph and number (as in the
/// race legend), otherwise the one line's glyph and optimizer.
fn legend(app: &App) -> Option<Vec<Text<'static>>> {
    let options = app.options();
    let racers = app.racers();
    let visible: Vec<usize> = (0..racers.all().len())
        .filter(|&i| racers.all()[i].visible())
        .collect();
    let braille = !options.ascii && (options.color || visible.len() <= 1);
    let mark = |i: usize| {
        if braille {
            "━".to_owned()
        } else {
            glyph(options, i).to_string()
        }
    };
    let mut spans = vec![Text::raw(" ")];
    if racers.race() && visible.len() > 1 {
        for &i in &visible {
            let mut style = theme::racer_style(options, i);
            if i == racers.selected_index() {
                style = style.add_modifier(Modifier::BOLD);
            }
            spans.push(Text::styled(format!("{}{} ", mark(i), i + 1), style));
        }
    } else {
        let i = racers.selected_index();
        if !visible.contains(&i) {
            return None;
        }
        let style = theme::racer_style(options, i);
        spans.push(Text::styled(
            format!("{} {} ", mark(i), racers.selected().name()),
            style,
        ));
    }
    Some(spans)
}

/// The key of the event tags on the chart, for the kinds that happened (in `short` words).
fn key(app: &App, short: bool) -> Option<Vec<Text<'static>>> {
    let options = app.options();
    let racer = app.racers().selected();
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let dim = theme::dim(options);
    let mut spans = vec![Text::raw(" ")];
    for (letter, long, brief) in TAGS {
        let what = if short { brief } else { long };
        if racer.events().any(|e| tag(e.kind) == letter) {
            spans.push(Text::styled(letter, bold));
            spans.push(Text::styled(format!(" {what} "), dim));
        }
    }
    (spans.len() > 1).then_some(spans)
}

/// Every visible racer's line on a canvas over the plot, the selected one last.
fn lines(
    app: &App,
    quantity: Quantity,
    scale: &Scale,
    steps: Steps,
    plot: Plot,
    braille: bool,
    buf: &mut Buffer,
) {
    let options = app.options();
    let racers = app.racers();
    let selected = racers.selected_index();
    let (width, height) = plot.resolution();
    let series: Vec<(usize, Vec<(f64, f64)>)> = (0..racers.all().len())
        .filter(|&i| i != selected)
        .chain(std::iter::once(selected))
        .filter(|&i| racers.all()[i].visible())
        .map(|i| {
            let history = quantity.history(&racers.all()[i]);
            (i, polyline(history, scale, steps, plot))
        })
        .collect();
    Canvas::default()
        .x_bounds([0.0, (width.max(2) - 1) as f64])
        .y_bounds([0.0, (height.max(2) - 1) as f64])
        .marker(Marker::Braille)
        .paint(|ctx| {
            for (i, points) in &series {
                let color = theme::racer_style(options, *i).fg.unwrap_or(Color::Reset);
                ctx.marker(if braille {
                    Marker::Braille
                } else {
                    Marker::Custom(glyph(options, *i))
                });
                ctx.draw(&Points {
                    coords: points,
                    color,
                });
                for pair in points.windows(2) {
                    ctx.draw(&Segment {
                        x1: pair[0].0,
                        y1: pair[0].1,
                        x2: pair[1].0,
                        y2: pair[1].1,
                        color,
                    });
                }
            }
        })
        .render(plot.area, buf);
}

/// A history as a polyline in dots: per x dot the smallest and largest value of the steps
/// it covers, joined in the order that continues the line (down then up, or up then down).
fn polyline(history: &History, scale: &Scale, steps: Steps, plot: Plot) -> Vec<(f64, f64)> {
    let (width, _) = plot.resolution();
    let mut dots = vec![Span::EMPTY; width];
    for bucket in history.buckets().filter(|b| !b.span.is_empty()) {
        let first = plot.dot_x(steps.fraction(bucket.first));
        let last = plot.dot_x(steps.fraction(bucket.last));
        for x in [first, last] {
            dots[x] = dots[x].merge(bucket.span);
        }
    }
    let mut points = Vec::with_capacity(2 * width);
    for (x, span) in dots.iter().enumerate().filter(|(_, s)| !s.is_empty()) {
        let x = x as f64;
        let low = plot.dot_y(scale.fraction(span.min));
        let high = plot.dot_y(scale.fraction(span.max));
        let falling = points.last().is_some_and(|&(_, y)| y >= high);
        let (a, b) = if falling { (high, low) } else { (low, high) };
        points.push((x, a));
        if b != a {
            points.push((x, b));
        }
    }
    points
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
