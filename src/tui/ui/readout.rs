//! The readout of the selected racer: optimizer and learning rate (in the title), step, run
//! state and speed, loss, gradient norm, position, the Hessian's extreme eigenvalues at the
//! marker with what they say (a kind of point only at a critical point, the local shape
//! elsewhere), the plateau or the last escape (and the low-gradient stretch), the per-coordinate step of adaptive
//! optimizers, noise, and the other hyperparameters last (the lines cut first on a short
//! screen).

use crate::tui::app::App;
use crate::tui::theme;
use crate::tui::theme::Options;
use plateau_core::Point;
use plateau_core::analysis::{Curvature, SingularityGauge, Spectrum};
use plateau_core::text::format;
use plateau_core::verdict::{self, PointKind};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// The plateau lines for an inner width of `width` columns: the plateau the run is on or the
/// last one escaped, with its level (`analysis::plateau`; on a line of its own where the
/// line would not fit), then, as a detail, the longest low-gradient stretch.
fn plateaus(app: &App, width: u16) -> Vec<Line<'static>> {
    let options = app.options();
    let racer = app.racers().selected();
    let detector = racer.detector();
    let label = |s: &str| Span::styled(s.to_owned(), theme::dim(options));
    let dash = theme::pick(options, "–", "-");
    let level = |l: f64| label(&format!(" at L {}", format::short(l, 4)));
    let mut spans = Vec::new();
    let mut at = None;
    if let Some(open) = detector.open() {
        spans.push(Span::styled(
            format!(
                "plateau {}{dash} ({} step{})",
                format::count(open.entry),
                format::count(detector.on_plateau()),
                if detector.on_plateau() == 1 { "" } else { "s" }
            ),
            theme::notice_style(options),
        ));
        at = Some(level(open.level));
    } else if let Some(escape) = detector.last_escape() {
        spans.push(label("plateau "));
        spans.push(Span::raw(format!(
            "{}{dash}",
            format::count(escape.plateau.entry)
        )));
        spans.push(Span::styled(
            format::count(escape.step),
            Style::new().add_modifier(Modifier::BOLD),
        ));
        at = Some(level(escape.plateau.level));
    } else {
        spans.push(label("no plateau"));
    }
    let mut lines = vec![Line::from(spans)];
    if let Some(at) = at {
        if lines[0].width() + at.width() <= usize::from(width) {
            lines[0].push_span(at);
        } else {
            lines.push(Line::from(at));
        }
    }
    if let Some(stall) = detector.longest() {
        let grad = theme::pick(options, "|∇L|", "|grad|");
        let tol = app.scene().landscape.info().plateau.grad_tol;
        lines.push(Line::from(label(&format!(
            "{grad} < {} for {}{dash}{}",
            format::short(tol, 3),
            format::count(stall.start),
            format::count(stall.end)
        ))));
    }
    lines
}

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
        label(&if controls.slow > 1 {
            format!(" {times}1/{}", controls.slow)
        } else {
            format!(" {times}{}", format::count(u64::from(controls.speed)))
        }),
    ]));
    lines.push(Line::from(vec![
        label("loss "),
        value(format::short(sample.loss, 4)),
        label(theme::pick(options, "  |∇L| ", "  |grad| ")),
        value(format::short(sample.grad_norm, 3)),
    ]));
    let position = racer.position();
    let coordinates = (info.parameters.iter().zip(position))
        .map(|(name, v)| (name.clone(), format::short(*v, 4)))
        .collect();
    lines.extend(labelled(options, coordinates, width));
    let spectrum = match landscape.surface() {
        Some(surface) => Curvature::at(surface, Point::new(position[0], position[1]))
            .map(|c| (c.eigenvalues.to_vec(), None)),
        None => Spectrum::of(&landscape.hessian(position)).map(|s| {
            let e = &s.eigenvectors[0];
            let biggest = (0..e.len())
                .max_by(|&a, &b| e[a].abs().total_cmp(&e[b].abs()))
                .map(|i| info.parameters[i].clone());
            (s.eigenvalues, biggest)
        }),
    };
    lines.push(match spectrum {
        Some((eigenvalues, along)) => {
            let kind = PointKind::at(sample.grad_norm, &eigenvalues);
            let (low, high) = (eigenvalues[0], eigenvalues[eigenvalues.len() - 1]);
            // Three digits where they fit, else two: the kind must stay readable.
            let spans_with = |digits: usize| {
                let mut spans = vec![
                    label(theme::pick(options, "λ ", "eig ")),
                    value(format!(
                        "{} {} {} ",
                        format::short(low, digits),
                        theme::pick(options, "…", ".."),
                        format::short(high, digits)
                    )),
                    Span::styled(kind.label(), Style::new().add_modifier(Modifier::BOLD)),
                ];
                if let Some(name) = along
                    .as_ref()
                    .filter(|_| verdict::has_descent_direction(&eigenvalues))
                {
                    spans.push(label(&format!(" (along {name})")));
                }
                Line::from(spans)
            };
            let line = spans_with(3);
            if line.width() > usize::from(width) {
                spans_with(2)
            } else {
                line
            }
        }
        None => Line::from(label("Hessian undefined here")),
    });
    lines.extend(singularity(app, position, width));
    lines.extend(plateaus(app, width));
    if let Some(rates) = racer.effective_lr() {
        let mut spans = vec![label("step per unit g: ")];
        for (i, (name, rate)) in info.parameters.iter().zip(&rates).enumerate().take(4) {
            if i > 0 {
                spans.push(Span::raw("  "));
            }
            spans.push(label(&format!("{name} ")));
            spans.push(value(format::short(*rate, 3)));
        }
        lines.push(Line::from(spans));
    }
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
    let others: Vec<String> = (racer.spec().hyper.values.iter())
        .map(|(name, v)| match v {
            plateau_core::optim::Value::Float(x) => format!("{name}={}", format::short(*x, 4)),
            other => format!("{name}={other}"),
        })
        .collect();
    lines.extend(
        wrap(&others.join(" "), usize::from(width))
            .into_iter()
            .map(Line::raw),
    );
    lines
}

/// Where a model is singular: how many of the Fisher matrix's eigenvalues are nearly zero
/// (the verdict's [`verdict::NEARLY_SINGULAR`] of its largest (directions in which the outputs barely change) with its
/// smallest, and the model's own quantities (committee: |w1−w2|, cos(w1,w2), v1+v2); no
/// lines for a landscape that is not a model.
fn singularity(app: &App, theta: &[f64], width: u16) -> Vec<Line<'static>> {
    let options = app.options();
    let label = |s: &str| Span::styled(s.to_owned(), theme::dim(options));
    let value = |s: String| Span::raw(s);
    let landscape = app.scene().landscape.as_ref();
    let mut lines = Vec::new();
    if let Some(gauge) = SingularityGauge::at(landscape, theta) {
        let dead = gauge.nearly_singular();
        let style = if dead > 0 {
            theme::notice_style(options)
        } else {
            Style::new()
        };
        lines.push(Line::from(vec![
            label("Fisher "),
            Span::styled(
                theme::text(options, &format!("{dead} of {} ≈ 0", theta.len())),
                style.add_modifier(Modifier::BOLD),
            ),
            label(theme::pick(options, "  λmin ", "  min ")),
            value(format::short(gauge.spectrum.min(), 3)),
        ]));
    }
    let quantities = (landscape.diagnostics(theta).into_iter())
        .map(|(name, v)| {
            // A cosine near 1 needs its digits: 0.99998 is not 1.
            let digits = if name.starts_with("cos") { 6 } else { 3 };
            (theme::text(options, name), format::short(v, digits))
        })
        .collect();
    lines.extend(labelled(options, quantities, width));
    lines
}

/// `name value` pairs two spaces apart, as many to a line as fit in `width` (none for no
/// pairs).
fn labelled(options: Options, pairs: Vec<(String, String)>, width: u16) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut spans = Vec::new();
    let mut used = 0;
    for (name, value) in pairs {
        let needed = name.chars().count() + 1 + value.chars().count();
        if used > 0 && used + 2 + needed > usize::from(width) {
            lines.push(Line::from(std::mem::take(&mut spans)));
            used = 0;
        }
        if used > 0 {
            spans.push(Span::raw("  "));
            used += 2;
        }
        spans.push(Span::styled(format!("{name} "), theme::dim(options)));
        spans.push(Span::raw(value));
        used += needed;
    }
    if !spans.is_empty() {
        lines.push(Line::from(spans));
    }
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
        Span::raw(format!("lr={} ", format::short(racer.lr(), 4))),
    ];
    if let Some(schedule) = &racer.spec().schedule {
        title.push(Span::styled(
            format!("{} ", schedule.kind.name),
            theme::dim(options),
        ));
    }
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
