//! `plateau render`: one frame of the contour view as text, drawn by the explorer's
//! rasteriser, with start, trails and critical points marked.

use super::RenderArgs;
use crate::cli::output::{Out, finish};
use crate::style::{ANSI_RESET, ansi_fg, band_color};
use plateau_core::analysis::landmarks;
use plateau_core::raster::{Contour, Glyphs, Mark, MarkGrid};
use std::io::Write;

/// Smallest frame `render` draws.
const MIN_SIZE: (u16, u16) = (30, 8);
/// Largest frame `render` draws.
const MAX_SIZE: (u16, u16) = (1000, 1000);
/// Width of the y-axis labels.
const LABEL_WIDTH: usize = 9;
/// Lines of the frame that are not contour: title, axis, x labels, legend.
const CHROME_LINES: usize = 4;

/// Runs `plateau render`.
pub fn render(args: &RenderArgs) -> Result<(), String> {
    let text = render_frame(args)?;
    let mut out = Out::stdout();
    let written = out.write_all(text.as_bytes());
    finish(written.and_then(|()| out.flush()))
}

/// The frame `plateau render` prints, as text (with ANSI escapes if colour is asked for).
pub fn render_frame(args: &RenderArgs) -> Result<String, String> {
    let (w, h) = (args.width, args.height);
    if !(MIN_SIZE.0..=MAX_SIZE.0).contains(&w) || !(MIN_SIZE.1..=MAX_SIZE.1).contains(&h) {
        return Err(format!(
            "--width must be in {}..={} and --height in {}..={}, got {w}x{h}",
            MIN_SIZE.0, MAX_SIZE.0, MIN_SIZE.1, MAX_SIZE.1
        ));
    }
    if args.steps > super::MAX_STEPS {
        return Err(format!(
            "--steps must be at most {}, got {}",
            super::MAX_STEPS,
            args.steps
        ));
    }
    let resolved = args.setup.resolve()?;
    // Plain text unless asked: `auto` never colours a rendered frame.
    let color = args.color.enabled(false);
    let frame = Frame {
        ascii: args.ascii,
        color,
        cols: usize::from(w) - LABEL_WIDTH - 1,
        rows: usize::from(h) - CHROME_LINES,
    };
    let landscape = resolved.landscape.as_ref();
    let domain = landscape.info().domain;
    let mut marks = MarkGrid::new(domain, frame.cols, frame.rows);
    for c in landmarks(landscape, domain) {
        marks.add(c.position, Mark::Critical(c.curvature.kind));
    }
    marks.add(resolved.start, Mark::Start);
    let info = landscape.info();
    let mut summaries = Vec::new();
    if args.steps > 0 || !args.setup.optimizers.is_empty() {
        for spec in &resolved.specs {
            let mut run = resolved.run(spec)?;
            // The last quarter of the steps is the recent part of the trail.
            let recent_from = args.steps - args.steps / 4;
            for _ in 0..args.steps {
                let Some(sample) = run.step() else { break };
                let recent = sample.step > recent_from;
                marks.add(sample.position, Mark::Trail { recent });
            }
            let end = run.last_finite();
            marks.add(end.position, Mark::Current);
            let diverged = run
                .diverged_at()
                .map(|k| format!(", diverged at step {k}"))
                .unwrap_or_default();
            summaries.push(format!(
                "{} lr={}: step {} loss {:.4e} at ({:.4}, {:.4}){diverged}",
                spec.kind.name,
                plateau_core::format_float(spec.hyper.lr),
                end.step,
                end.loss,
                end.position.x,
                end.position.y,
            ));
        }
    }
    let title = if summaries.is_empty() {
        format!("{}: {}", info.name, info.description)
    } else {
        format!("{} | {}", info.name, summaries.join(" | "))
    };
    let glyphs = if color && !args.ascii {
        Glyphs::Braille
    } else {
        Glyphs::Digits
    };
    let contour = Contour::compute(landscape, domain, frame.cols, frame.rows, glyphs);
    Ok(frame.draw(&title, &contour, &marks, landscape.info().axes.clone()))
}

/// The layout of a text frame.
struct Frame {
    ascii: bool,
    color: bool,
    cols: usize,
    rows: usize,
}

impl Frame {
    /// The whole frame: title, contour with y labels, x axis and labels, legend.
    fn draw(&self, title: &str, contour: &Contour, marks: &MarkGrid, axes: [String; 2]) -> String {
        let d = contour.domain();
        let width = LABEL_WIDTH + 1 + self.cols;
        let mut text = String::new();
        text.push_str(&truncate(title, width));
        text.push('\n');
        let (vbar, corner, hbar) = if self.ascii {
            ('|', '+', '-')
        } else {
            ('│', '└', '─')
        };
        for row in 0..self.rows {
            let label = match row {
                0 => format!("{:>w$}", short(d.y_max), w = LABEL_WIDTH),
                r if r == self.rows / 2 => format!("{:>w$}", axes[1], w = LABEL_WIDTH),
                r if r + 1 == self.rows => format!("{:>w$}", short(d.y_min), w = LABEL_WIDTH),
                _ => " ".repeat(LABEL_WIDTH),
            };
            let mut line = label;
            line.push(vbar);
            for col in 0..self.cols {
                self.push_cell(&mut line, contour, col, row, marks.get(col, row));
            }
            text.push_str(line.trim_end());
            text.push('\n');
        }
        text.push_str(&" ".repeat(LABEL_WIDTH));
        text.push(corner);
        text.extend(std::iter::repeat_n(hbar, self.cols));
        text.push('\n');
        let (lo, hi) = (short(d.x_min), short(d.x_max));
        let mid = self
            .cols
            .saturating_sub(lo.len() + hi.len() + axes[0].len())
            / 2;
        let x_labels = format!(
            "{}{lo}{}{}{}{hi}",
            " ".repeat(LABEL_WIDTH + 1),
            " ".repeat(mid),
            axes[0],
            " ".repeat(
                self.cols
                    .saturating_sub(lo.len() + hi.len() + axes[0].len() + mid)
            )
        );
        text.push_str(x_labels.trim_end());
        text.push('\n');
        text.push_str(&truncate(&self.legend(contour), width));
        text.push('\n');
        text
    }

    /// Appends one contour cell (or the mark over it) to `line`.
    fn push_cell(
        &self,
        line: &mut String,
        contour: &Contour,
        col: usize,
        row: usize,
        mark: Option<Mark>,
    ) {
        let cell = contour.cell(col, row);
        match (mark, self.color) {
            (Some(m), true) => {
                line.push_str("\x1b[1m");
                line.push(m.glyph(self.ascii));
                line.push_str(ANSI_RESET);
            }
            (Some(m), false) => line.push(m.glyph(self.ascii)),
            (None, true) if cell.ch != ' ' => {
                line.push_str(&ansi_fg(band_color(cell.band.unwrap_or(0))));
                line.push(cell.ch);
                line.push_str(ANSI_RESET);
            }
            (None, _) => line.push(cell.ch),
        }
    }

    /// The legend line: marks, and the level scale.
    fn legend(&self, contour: &Contour) -> String {
        let marks = [
            Mark::Start,
            Mark::Current,
            Mark::Trail { recent: true },
            Mark::Critical(plateau_core::landscape::CriticalKind::Minimum),
            Mark::Critical(plateau_core::landscape::CriticalKind::Saddle),
            Mark::Critical(plateau_core::landscape::CriticalKind::Maximum),
            Mark::Critical(plateau_core::landscape::CriticalKind::Degenerate),
        ];
        let mut legend: Vec<String> = marks
            .iter()
            .map(|m| format!("{} {}", m.glyph(self.ascii), m.meaning()))
            .collect();
        if let Some(scale) = contour.scale() {
            legend.push(format!(
                "levels 0-9 {} from {} to {}",
                if scale.log { "log" } else { "linear" },
                short(scale.min),
                short(scale.max)
            ));
        }
        legend.join("  ")
    }
}

/// A short label for an axis or level value.
fn short(v: f64) -> String {
    if v == 0.0 || (1e-3..1e5).contains(&v.abs()) {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        format!("{v:.2e}")
    }
}

/// `s` cut to `width` characters.
fn truncate(s: &str, width: usize) -> String {
    s.chars().take(width).collect()
}

#[cfg(test)]
mod tests {
    use super::short;

    #[test]
    fn short_labels() {
        assert_eq!(short(-3.0), "-3");
        assert_eq!(short(2.5), "2.5");
        assert_eq!(short(137.5), "137.5");
        assert_eq!(short(1.016e6), "1.02e6");
        assert_eq!(short(0.0), "0");
    }
}
