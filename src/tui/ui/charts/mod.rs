//! The loss and gradient-norm charts of the panel: two stacked line charts over the whole
//! run, step on x (linear, or log10(1 + step) with the `x` key), log10 of the value on y;
//! when a racer has a learning-rate schedule, a third chart of the lr in force.
//!
//! Every visible racer is a line in its colour (its own glyph without colour), the selected
//! one drawn last. Each x dot of the chart shows the smallest and largest value of the steps
//! it covers (see [`History`]), so noise and spikes survive downsampling. Over the selected
//! racer's plateaus (`analysis::plateau`, from entry to exit) the chart is tinted and its
//! bottom border doubled; its events are dotted vertical lines tagged at the top (o
//! optimizer, n kick, l learning rate, also each ReduceLROnPlateau reduction, h other
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
//! plotted ("loss − L*", "loss", "loss, symlog") and its current value. The arithmetic of
//! both axes is in `scale`; this file draws.

mod scale;

use crate::tui::app::{App, EventKind, History, Racer, Span};
use crate::tui::theme;
use crate::tui::theme::Options;
use plateau_core::text::format;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span as Text};
use ratatui::widgets::Widget;
use ratatui::widgets::canvas::{Canvas, Line as Segment, Points};
use scale::{GRAD, Scale, Steps, compact, grad_tol, x_ticks};

/// Background of the columns where the selected racer was on a plateau.
const STALL_TINT: Color = Color::Indexed(236);

/// What a chart plots.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Quantity {
    Loss,
    Grad,
    /// The learning rate, charted when a racer has a schedule.
    Lr,
}

impl Quantity {
    /// The racer's record of this quantity.
    fn history(self, racer: &Racer) -> &History {
        match self {
            Self::Loss => racer.loss(),
            Self::Grad => racer.grad_norm(),
            Self::Lr => racer.lr_history(),
        }
    }

    /// The racer's current (latest finite) value.
    fn current(self, racer: &Racer) -> f64 {
        let sample = racer.sample();
        match self {
            Self::Loss => sample.loss,
            Self::Grad => sample.grad_norm,
            Self::Lr => racer.lr(),
        }
    }
}

/// How many charts [`render`] stacks for `app`: three when a racer has a learning-rate
/// schedule, else two.
pub fn count(app: &App) -> u16 {
    if scheduled(app) { 3 } else { 2 }
}

/// Whether a racer of `app` has a learning-rate schedule (its lr is charted).
fn scheduled(app: &App) -> bool {
    (app.racers().all().iter()).any(|r| r.spec().schedule.is_some())
}

/// The charts, stacked in `area`: loss on top, gradient norm below, and, when a racer has
/// a learning-rate schedule, the lr under them.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let steps = Steps::of(app);
    if scheduled(app) {
        let [top, middle, bottom] = Layout::vertical([Constraint::Fill(1); 3]).areas(area);
        chart(app, Quantity::Loss, steps, top, buf);
        chart(app, Quantity::Grad, steps, middle, buf);
        chart(app, Quantity::Lr, steps, bottom, buf);
    } else {
        let [top, bottom] = Layout::vertical([Constraint::Fill(1); 2]).areas(area);
        chart(app, Quantity::Loss, steps, top, buf);
        chart(app, Quantity::Grad, steps, bottom, buf);
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

/// The name of a quantity in the right character set.
fn name(options: Options, name: &'static str) -> String {
    if name == GRAD {
        theme::pick(options, "|∇L|", "|grad|").to_owned()
    } else {
        theme::text(options, name)
    }
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
    let plateaus = racer.detector().plateaus();
    let now = racer.sample().step;
    let stalled = |column: u16| {
        plateaus.iter().any(|p| {
            let last = p.exit.unwrap_or(now);
            (plot.step_column(steps, p.entry)..=plot.step_column(steps, last)).contains(&column)
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
