//! The loss and gradient-norm sparklines of the selected racer, on log scales.
//!
//! Each column covers an equal share of the whole run (see [`History`]) and shows the
//! largest value in it, so spikes survive downsampling and a plateau is a long low run.
//! The gradient norm is drawn as log10 |∇L|. The loss is drawn as log10(L − L*), its gap to
//! the landscape's lowest known minimum L*, which is ≥ 0 and spans decades as a run
//! converges; on landscapes with no known minimum (unbounded below) it is drawn as the
//! symmetric log sign(L)·log10(1 + |L|). Values that are exactly 0 on the log scale (a zero
//! gradient, a loss at L*) are empty columns; non-finite steps are skipped.

use super::theme;
use crate::tui::app::{App, History};
use plateau_core::format;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Sparkline, SparklineBar, Widget};

/// Height of the tallest bar in sparkline units.
const TOP: u64 = 1000;

/// The two sparklines, stacked in `area`.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let options = app.options();
    let racer = app.racers().selected();
    let sample = racer.sample();
    let floor = app.scene().landscape.info().best_known_value();
    let [top, bottom] = Layout::vertical([Constraint::Fill(1); 2]).areas(area);
    let loss_scale = move |l: f64| match floor {
        Some(best) => log10_positive(l - best),
        None => Some(l.signum() * l.abs().ln_1p() / std::f64::consts::LN_10),
    };
    let grad = theme::pick(options, "|∇L|", "|grad|");
    one(app, "loss", sample.loss, racer.loss(), loss_scale, top, buf);
    one(
        app,
        grad,
        sample.grad_norm,
        racer.grad_norm(),
        log10_positive,
        bottom,
        buf,
    );
}

/// log10 of a positive value; `None` (an empty column) for zero or less.
fn log10_positive(v: f64) -> Option<f64> {
    (v > 0.0).then(|| v.log10())
}

/// One sparkline: `name current [min, max]` as title, the history on the scale `scale`.
fn one(
    app: &App,
    name: &str,
    current: f64,
    history: &History,
    scale: impl Fn(f64) -> Option<f64>,
    area: Rect,
    buf: &mut Buffer,
) {
    let options = app.options();
    let columns = history.columns(usize::from(area.width.saturating_sub(2)));
    let low = columns.iter().map(|s| s.min).fold(f64::NAN, f64::min);
    let high = columns.iter().map(|s| s.max).fold(f64::NAN, f64::max);
    let title = Line::from(vec![
        Span::styled(
            format!(" {name} "),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Span::raw(format!("{} ", format::short(current, 3))),
        Span::styled(
            format!("[{}, {}] ", format::short(low, 3), format::short(high, 3)),
            theme::dim(options),
        ),
    ]);
    let scaled: Vec<Option<f64>> = columns
        .iter()
        .map(|s| (!s.is_empty()).then(|| scale(s.max).unwrap_or(f64::NEG_INFINITY)))
        .collect();
    let finite = || scaled.iter().flatten().filter(|v| v.is_finite());
    let lo = finite().copied().fold(f64::INFINITY, f64::min);
    let hi = finite().copied().fold(f64::NEG_INFINITY, f64::max);
    let lowest = TOP.div_ceil(u64::from(area.height.saturating_sub(2).max(1)) * 8);
    let bars: Vec<SparklineBar> = scaled
        .iter()
        .map(|v| SparklineBar::from(v.map(|v| bar_height(v, lo, hi, lowest))))
        .collect();
    Sparkline::default()
        .block(theme::block(options).title(title))
        .data(bars)
        .max(TOP)
        .bar_set(theme::bars(options))
        .style(theme::racer_style(options, app.racers().selected_index()))
        .render(area, buf);
}

/// The bar of scaled value `v` between `lo` and `hi`: from `lowest` (the smallest visible
/// bar) to [`TOP`], 0 for −∞ (an exact zero on the log scale), the middle when all values
/// are equal.
fn bar_height(v: f64, lo: f64, hi: f64, lowest: u64) -> u64 {
    if !v.is_finite() {
        0
    } else if hi > lo {
        lowest + ((v - lo) / (hi - lo) * (TOP - lowest) as f64).round() as u64
    } else {
        TOP / 2
    }
}
