//! The info overlay (`i`): the landscape's full description, its parameters, start, domain,
//! known critical points and, for models, the size of their data, wrapped to the screen.

use super::readout;
use crate::tui::app::App;
use crate::tui::derive::layout::centered;
use crate::tui::theme;
use plateau_core::text::format;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Widget};

/// The widest the info box gets.
const MAX_WIDTH: u16 = 76;

/// Numbers in short form, comma separated.
fn numbers(values: &[f64]) -> String {
    (values.iter().map(|v| format::short(*v, 4)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Draws the info box centred in `area`.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let options = app.options();
    let info = app.scene().landscape.info();
    let width = MAX_WIDTH.min(area.width.saturating_sub(2)).max(20);
    let text_width = usize::from(width.saturating_sub(4));
    let mut lines: Vec<Line> = Vec::new();
    let mut paragraph = |text: String, style: Style| {
        for line in readout::wrap(&theme::text(options, &text), text_width) {
            lines.push(Line::styled(format!(" {line}"), style));
        }
    };
    paragraph(info.description.clone(), Style::new());
    paragraph(String::new(), Style::new());
    let dim = theme::dim(options);
    paragraph(
        format!("{} parameters: {}", info.dim(), info.parameters.join(", ")),
        dim,
    );
    paragraph(format!("start ({})", numbers(&info.start)), dim);
    let d = info.domain;
    paragraph(
        format!(
            "region [{}, {}] x [{}, {}]",
            format::short(d.x_min, 4),
            format::short(d.x_max, 4),
            format::short(d.y_min, 4),
            format::short(d.y_max, 4)
        ),
        dim,
    );
    for k in &info.known_points {
        paragraph(
            format!(
                "{} at ({}), loss {}",
                k.kind.name(),
                numbers(&k.position),
                format::short(k.value, 4)
            ),
            dim,
        );
    }
    if let Some(data) = &info.dataset {
        paragraph(
            format!(
                "trained on {} examples (squared error, summed)",
                data.targets.len()
            ),
            dim,
        );
    }
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = centered(area, width, height);
    Clear.render(popup, buf);
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let block = theme::block(options)
        .title(Line::styled(format!(" {} ", info.name), bold))
        .title_bottom(Line::styled(" i or Esc closes ", dim));
    Paragraph::new(lines).block(block).render(popup, buf);
}
