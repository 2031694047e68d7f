//! The race legend: one line per racer with its number, glyph, optimizer, loss and state
//! (diverged, hidden, stalled for how long, or where it escaped).

use crate::tui::app::App;
use crate::tui::theme;
use plateau_core::text::format;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// Rows the legend needs, borders included.
pub fn height(app: &App) -> u16 {
    app.racers().all().len() as u16 + 2
}

/// Draws the legend box.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let options = app.options();
    let racers = app.racers();
    let lines: Vec<Line> = (racers.all().iter().enumerate())
        .map(|(i, racer)| {
            let selected = i == racers.selected_index();
            let pointer = match (selected, options.ascii) {
                (false, _) => " ",
                (true, false) => "▸",
                (true, true) => ">",
            };
            let style = theme::racer_style(options, i);
            let name_style = if selected {
                style.add_modifier(Modifier::BOLD)
            } else {
                style
            };
            let detector = racer.detector();
            let state = match racer.diverged_at() {
                Some(k) => Span::styled(
                    format!(" diverged@{}", format::count(k)),
                    theme::notice_style(options),
                ),
                None if !racer.visible() => Span::styled(" hidden", theme::dim(options)),
                None if detector.open().is_some() => Span::styled(
                    format!(" plateau {}", format::count(detector.on_plateau())),
                    theme::notice_style(options),
                ),
                None => match detector.last_escape() {
                    Some(e) => Span::styled(
                        format!(" escaped@{}", format::count(e.step)),
                        Style::new().add_modifier(Modifier::BOLD),
                    ),
                    None => Span::raw(""),
                },
            };
            Line::from(vec![
                Span::raw(format!("{pointer}{} ", i + 1)),
                Span::styled(
                    theme::racer_glyph(true, i).to_string(),
                    theme::marker_style(options, i),
                ),
                Span::styled(format!(" {:<9}", racer.name()), name_style),
                Span::raw(format::short(racer.sample().loss, 3)),
                state,
            ])
        })
        .collect();
    let title = Line::from(vec![
        Span::styled(" race ", Style::new().add_modifier(Modifier::BOLD)),
        Span::styled("1-9 show/hide ", theme::dim(options)),
    ]);
    Paragraph::new(lines)
        .block(theme::block(options).title(title))
        .render(area, buf);
}
