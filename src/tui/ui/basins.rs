//! The basin-map layer (`b`): what it is computed from, the colour of its cells (one hue per
//! minimum, darker the more steps its run took; grey where runs stalled), and its legend
//! panel (each minimum with its share of the view and the median steps to reach it).

use crate::tui::app::{App, BASIN_STEPS};
use crate::tui::theme;
use crate::tui::theme::Options;
use plateau_core::many::basins::{BasinMap, Cell};
use plateau_core::many::minima::Status;
use plateau_core::text::format;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// The background of a computed cell: its status's colour, darker the more of
/// [`BASIN_STEPS`] its run took (log scale); `None` without colour.
pub fn background(options: Options, cell: &Cell) -> Option<Color> {
    if !options.color {
        return None;
    }
    let ((r, g, b), bright, dark) = theme::basin_colours(cell.status);
    let slow = ((1 + cell.steps) as f32).ln() / ((1 + BASIN_STEPS) as f32).ln();
    Some(if options.truecolor {
        let k = 1.0 - 0.6 * slow.clamp(0.0, 1.0);
        let d = |c: u8| (f32::from(c) * k).round() as u8;
        Color::Rgb(d(r), d(g), d(b))
    } else if slow < 0.5 {
        Color::Indexed(bright)
    } else {
        Color::Indexed(dark)
    })
}

/// The swatch of a status in the legend: its colour, or its symbol without colour.
fn swatch(options: Options, status: Status) -> Span<'static> {
    if options.color {
        let ((r, g, b), bright, _) = theme::basin_colours(status);
        let bg = if options.truecolor {
            Color::Rgb(r, g, b)
        } else {
            Color::Indexed(bright)
        };
        Span::styled(
            format!("{} ", status.symbol()),
            Style::new().bg(bg).fg(Color::Indexed(16)),
        )
    } else {
        Span::raw(format!("{} ", status.symbol()))
    }
}

/// Rows the legend wants for `map`: a box around one line per minimum reached and one for
/// the runs in no minimum.
pub fn height(map: &BasinMap) -> u16 {
    let reached = map.legend.iter().filter(|e| e.runs > 0).count();
    (reached as u16).saturating_add(3)
}

/// Draws the legend of `map` (`fraction` of its cells done).
pub fn render(app: &App, map: &BasinMap, fraction: f64, area: Rect, buf: &mut Buffer) {
    let options = app.options();
    let dim = theme::dim(options);
    let racer = app.racers().selected();
    let mut title = vec![
        Span::styled(" basins ", Style::new().add_modifier(Modifier::BOLD)),
        Span::styled(
            format!("{} ×{} ", racer.name(), format::count(BASIN_STEPS)),
            dim,
        ),
    ];
    if fraction < 1.0 {
        title.push(Span::styled(
            format!("{:.0}% ", 100.0 * fraction),
            theme::notice_style(options),
        ));
    }
    let n_d = app.scene().landscape.info().dim() > 2;
    let mut lines: Vec<Line> = (map.legend.iter().enumerate())
        .filter(|(_, e)| e.runs > 0)
        .map(|(i, e)| {
            let at = if n_d {
                String::new()
            } else {
                let p = &e.minimum.position;
                format!("({}, {}) ", format::short(p[0], 3), format::short(p[1], 3))
            };
            let steps = e
                .median_steps
                .map_or(String::new(), |s| format!(" · {} steps", format::count(s)));
            Line::from(vec![
                swatch(options, Status::Minimum(i)),
                Span::raw(format!("{at}L {}", format::short(e.minimum.value, 3))),
                Span::styled(format!(" {:.0}%{steps}", 100.0 * e.share), dim),
            ])
        })
        .collect();
    let tally = &map.tally;
    let mut others = Vec::new();
    for (status, count, name) in [
        (Status::Stalled, tally.stalled, "stalled"),
        (Status::NotConverged, tally.not_converged, "moving"),
        (Status::Diverged, tally.diverged, "diverged"),
    ] {
        if count > 0 {
            others.push(swatch(options, status));
            others.push(Span::styled(
                format!("{name} {:.0}%  ", 100.0 * tally.share(count)),
                dim,
            ));
        }
    }
    if others.is_empty() {
        others.push(Span::styled("every run ended in a minimum", dim));
    }
    lines.push(Line::from(others));
    Paragraph::new(lines)
        .block(theme::block(options).title(Line::from(title)))
        .render(area, buf);
}
