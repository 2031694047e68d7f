//! The readout of the selected racer: optimizer and learning rate (in the title), step, run
//! state and speed, loss, gradient norm, position, Hessian eigenvalues and their label at
//! the marker, plateau count, noise, and the other hyperparameters last (the lines cut
//! first on a short screen).

use super::theme;
use crate::tui::app::App;
use plateau_core::Point;
use plateau_core::analysis::{Curvature, Spectrum};
use plateau_core::format;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// The readout's lines for an inner width of `width` columns.
pub fn lines(app: &App, width: u16) -> Vec<Line<'static>> {
    let options = app.options();
    let racer = app.racers().selected();
    let sample = racer.sample();
    let landscape = &app.scene().landscape;
    let info = landscape.info();
    let controls = app.controls();
    let label = |s: &str| Span::styled(s.to_owned(), theme::dim(options));
    let value = |s: String| Span::raw(s);
    let mut lines = Vec::new();
    let state = match racer.diverged_at() {
        Some(_) => Span::styled("diverged", theme::notice_style(options)),
        None if controls.running => {
            Span::styled("running", Style::new().add_modifier(Modifier::BOLD))
        }
        None => Span::raw("paused"),
    };
    let times = theme::pick(options, "×", "x");
    lines.push(Line::from(vec![
        label("step "),
        value(format::count(sample.step)),
        Span::raw(" "),
        state,
        label(&format!(
            " {times}{}",
            format::count(u64::from(controls.speed))
        )),
    ]));
    lines.push(Line::from(vec![
        label("loss "),
        value(format::short(sample.loss, 4)),
        label(theme::pick(options, "  |∇L| ", "  |grad| ")),
        value(format::short(sample.grad_norm, 3)),
    ]));
    let position = racer.position();
    let mut coordinates = Vec::new();
    for (i, (name, v)) in info.parameters.iter().zip(position).enumerate() {
        let gap = if i == 0 { "" } else { "  " };
        coordinates.push(label(&format!("{gap}{name} ")));
        coordinates.push(value(format::short(*v, 5)));
    }
    lines.push(Line::from(coordinates));
    let spectrum = match landscape.surface() {
        Some(surface) => Curvature::at(surface, Point::new(position[0], position[1]))
            .map(|c| (c.eigenvalues[0], c.eigenvalues[1], Some(c.kind))),
        None => Spectrum::of(&landscape.hessian(position)).map(|s| (s.min(), s.max(), None)),
    };
    lines.push(match spectrum {
        Some((low, high, kind)) => Line::from(vec![
            label(theme::pick(options, "λ ", "eig ")),
            value(format!(
                "{}, {} ",
                format::short(low, 3),
                format::short(high, 3)
            )),
            Span::styled(
                kind.map_or("", |k| k.name()),
                Style::new().add_modifier(Modifier::BOLD),
            ),
        ]),
        None => Line::from(label("Hessian undefined here")),
    });
    let detector = racer.detector();
    let mut stalled = vec![
        label("stalled "),
        value(format!("{} steps", format::count(detector.stalled()))),
    ];
    if let Some(longest) = detector
        .longest()
        .filter(|l| l.steps() > detector.stalled())
    {
        stalled.push(label(&format!(" max {}", format::count(longest.steps()))));
    }
    lines.push(Line::from(stalled));
    lines.push(Line::from(vec![
        label(theme::pick(options, "noise σ ", "noise ")),
        value(format::short(controls.sigma, 3)),
        label("  continuous "),
        value(
            if controls.continuous_noise {
                "on"
            } else {
                "off"
            }
            .to_owned(),
        ),
    ]));
    let describe = racer.spec().hyper.describe();
    let (_, others) = describe.split_once(' ').unwrap_or_default();
    lines.extend(wrap(others, usize::from(width)).into_iter().map(Line::raw));
    lines
}

/// Draws the readout box.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let options = app.options();
    let racers = app.racers();
    let racer = racers.selected();
    let mut title = vec![
        Span::styled(
            format!(" {} ", racer.name()),
            theme::racer_style(options, racers.selected_index()).add_modifier(Modifier::BOLD),
        ),
        Span::raw(format!("lr={} ", format::round_trip(racer.spec().hyper.lr))),
    ];
    if racers.race() {
        title.push(Span::styled(
            format!(
                "{}/{} v: next ",
                racers.selected_index() + 1,
                racers.all().len()
            ),
            theme::dim(options),
        ));
    }
    let block = theme::block(options).title(Line::from(title));
    let inner = block.inner(area);
    Paragraph::new(lines(app, inner.width))
        .block(block)
        .render(area, buf);
}

/// Splits `text` at spaces into lines of at most `width` characters (longer words get a
/// line of their own).
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_at_spaces() {
        assert_eq!(
            wrap("lr=0.05 momentum=0 x", 12),
            vec!["lr=0.05", "momentum=0 x"]
        );
        assert_eq!(
            wrap("averyveryverylongword", 5),
            vec!["averyveryverylongword"]
        );
    }
}
