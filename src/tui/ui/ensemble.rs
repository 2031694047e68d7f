//! The escape-ensemble panel (`E`): how many copies escaped and when (a histogram of escape
//! steps in bins doubling in width, the median), and where they ended. The copies' end
//! points are drawn on the map by [`super::map`].

use crate::tui::app::{App, EnsembleRequest};
use crate::tui::theme;
use plateau_core::many::ensemble::EnsembleResult;
use plateau_core::many::minima::Status;
use plateau_core::text::format;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// Rows of the panel: its box and four lines.
pub const HEIGHT: u16 = 6;

/// The eighths of a bar, empty to full.
const BARS: [char; 9] = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// The same in ASCII.
const ASCII_BARS: [char; 9] = [' ', '.', '.', '_', '_', '=', '=', '#', '#'];

/// Draws the panel of `result` (`fraction` of `request`'s copies done).
pub fn render(
    app: &App,
    request: &EnsembleRequest,
    result: &EnsembleResult,
    fraction: f64,
    area: Rect,
    buf: &mut Buffer,
) {
    let options = app.options();
    let dim = theme::dim(options);
    let job = &request.job;
    let mut title = vec![
        Span::styled(" ensemble ", Style::new().add_modifier(Modifier::BOLD)),
        Span::styled(
            format!(
                "{}× {} {} {}, {} ",
                format::count(job.copies as u64),
                job.spec.kind.name,
                theme::pick(options, "σ", "sigma"),
                format::short(job.sigma, 3),
                request.noise_name()
            ),
            dim,
        ),
    ];
    if fraction < 1.0 {
        title.push(Span::styled(
            format!("{:.0}% ", 100.0 * fraction),
            theme::notice_style(options),
        ));
    }
    let median = match result.median_escape {
        Some(m) => format!("median {}", format::count(m)),
        None => format!("median > {}", format::count(job.steps)),
    };
    let summary = Line::from(vec![
        Span::raw(format!("escaped {:.0}%", 100.0 * result.fraction_escaped())),
        Span::styled(format!(" in {} · ", format::count(job.steps)), dim),
        Span::raw(median),
    ]);
    let width = usize::from(area.width.saturating_sub(2));
    let (bars, axis) = histogram(result, job.steps, width, options.ascii);
    let mut ended = vec![Span::styled("ended ", dim)];
    for (i, e) in result.legend.iter().enumerate().filter(|(_, e)| e.runs > 0) {
        ended.push(Span::raw(format!(
            "{} {:.0}%  ",
            Status::Minimum(i).symbol(),
            100.0 * e.share
        )));
    }
    let t = &result.tally;
    for (count, name) in [
        (t.stalled, "stalled"),
        (t.not_converged, "moving"),
        (t.diverged, "diverged"),
    ] {
        if count > 0 {
            ended.push(Span::raw(format!(
                "{name} {:.0}%  ",
                100.0 * t.share(count)
            )));
        }
    }
    let lines = vec![
        summary,
        Line::styled(
            bars,
            theme::racer_style(options, app.racers().selected_index()),
        ),
        Line::styled(axis, dim),
        Line::from(ended),
    ];
    Paragraph::new(lines)
        .block(theme::block(options).title(Line::from(title)))
        .render(area, buf);
}

/// The histogram of escape steps (bins doubling in width up to `steps`) as one row of bars
/// at most `width` wide (each bin the same number of columns) and the row of its step
/// labels under it.
fn histogram(result: &EnsembleResult, steps: u64, width: usize, ascii: bool) -> (String, String) {
    let bins = &result.histogram;
    if bins.is_empty() || width == 0 {
        return (String::new(), String::new());
    }
    let per = (width / bins.len()).max(1);
    let top = bins.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let glyphs = if ascii { ASCII_BARS } else { BARS };
    let mut bars = String::new();
    for bin in bins {
        let eighths = if bin.count == 0 {
            0
        } else {
            (bin.count * 8).div_ceil(top).clamp(1, 8)
        };
        bars.extend(std::iter::repeat_n(glyphs[eighths], per));
    }
    let first = "0";
    let last = format::count(steps);
    let middle = " log steps ";
    let used = per * bins.len();
    let gap = used.saturating_sub(first.len() + middle.len() + last.len());
    let axis = format!("{first}{middle}{}{last}", " ".repeat(gap));
    (bars, axis)
}
