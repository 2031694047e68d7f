//! `plateau render`: one frame of the explorer's map. The explorer's own state is stepped
//! and its map widget drawn into a ratatui buffer under a summary line, which is printed as
//! plain text, through the explorer's own terminal writer (`--color always`), or as an SVG
//! picture (`--format svg`); the map's own colour key says what the shading means.

use super::args::ColorChoice;
use super::{MAX_STEPS, RenderArgs, frame_text, svg};
use crate::cli::output::{Out, finish};
use crate::tui::app::App;
use crate::tui::derive::{Derived, layout};
use crate::tui::theme::Options;
use crate::tui::ui::{self, map};
use plateau_core::text::format;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use std::io::Write;

/// Smallest frame `render` draws.
const MIN_SIZE: (u16, u16) = (30, 8);
/// Largest frame `render` draws.
const MAX_SIZE: (u16, u16) = (1000, 1000);

/// What `plateau render` writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum RenderFormat {
    /// Text: plain, or with the terminal escapes the explorer writes (`--color always`).
    #[default]
    Text,
    /// A standalone SVG picture of the frame (in colour unless `--color never`).
    Svg,
}

/// Runs `plateau render`.
pub fn render(args: &RenderArgs) -> Result<(), String> {
    let text = render_frame(args)?;
    let mut out = Out::stdout();
    let written = out.write_all(text.as_bytes());
    finish(written.and_then(|()| out.flush()))
}

/// What `plateau render` prints: the frame as text (with the explorer's escapes if colour
/// is asked for) or as an SVG document.
pub fn render_frame(args: &RenderArgs) -> Result<String, String> {
    let svg = args.format == RenderFormat::Svg;
    // Plain text unless asked: `auto` never colours a rendered frame, and a frame is a file
    // as often as a terminal's: 24-bit only when asked for. A picture is in colour unless
    // `--color never`, 24-bit (as a recording is) unless `--color 256`.
    let color = if svg {
        args.color != ColorChoice::Never
    } else {
        args.color.enabled(false)
    };
    let options = Options {
        ascii: args.ascii,
        color,
        truecolor: color && args.color.truecolor(|| svg),
    };
    let buf = frame(args, options)?;
    if svg {
        return Ok(svg::document(&buf));
    }
    let lines = if color {
        // crossterm drops colours when NO_COLOR is set; `--color always` decides alone.
        ratatui::crossterm::style::force_color_output(true);
        frame_text::ansi(&buf).map_err(|e| format!("writing the frame: {e}"))?
    } else {
        frame_text::plain(&buf)
    };
    Ok(lines.iter().map(|line| format!("{line}\n")).collect())
}

/// The frame of `args` drawn with `options`: the summary on the first row, the explorer's
/// map widget under it.
pub fn frame(args: &RenderArgs, options: Options) -> Result<Buffer, String> {
    let (w, h) = (args.width, args.height);
    if !(MIN_SIZE.0..=MAX_SIZE.0).contains(&w) || !(MIN_SIZE.1..=MAX_SIZE.1).contains(&h) {
        return Err(format!(
            "--width must be in {}..={} and --height in {}..={}, got {w}x{h}",
            MIN_SIZE.0, MAX_SIZE.0, MIN_SIZE.1, MAX_SIZE.1
        ));
    }
    if args.steps > MAX_STEPS {
        return Err(format!(
            "--steps must be at most {MAX_STEPS}, got {}",
            args.steps
        ));
    }
    let session = args.setup.setup().resolve().map_err(|e| e.to_string())?;
    super::args::check_schedule_steps(&session, args.steps)?;
    let view = args.view.resolve(&session)?;
    let mut app = App::with_view(session, options, view)?;
    // Without steps or an optimizer only the landscape and the start are drawn.
    let runs = args.steps > 0 || !args.setup.optimizers.is_empty();
    app.advance(args.steps);
    let scene = app.scene();
    let block = Rect::new(0, 1, w, h - 1);
    let areas = layout::map_areas(block, &scene.region, &scene.axes()[1]);
    let mut derived = Derived::new();
    derived.update_map(&app, &areas);
    let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
    let layers = map::LayerData {
        racers: runs,
        ..ui::map_layers(&app, &derived)
    };
    map::render(&app, derived.contour(), layers, &areas, &mut buf);
    let summary = if runs {
        summary(&app)
    } else {
        let info = app.scene().landscape.info();
        format!("{}: {}", info.name, info.description)
    };
    let summary = crate::tui::theme::text(options, &summary);
    buf.set_stringn(0, 0, &summary, usize::from(w), Style::new());
    Ok(buf)
}

/// One line per optimizer: its lr (a schedule's current one), where it is after the steps,
/// and whether it diverged.
fn summary(app: &App) -> String {
    let info = app.scene().landscape.info();
    let racers: Vec<String> = app
        .racers()
        .all()
        .iter()
        .map(|racer| {
            let end = racer.sample();
            let diverged = racer
                .diverged_at()
                .map(|k| format!(", diverged at step {k}"))
                .unwrap_or_default();
            let at: Vec<String> = racer
                .position()
                .iter()
                .map(|&p| format::short(p, 4))
                .collect();
            let schedule = (racer.spec().schedule.as_ref())
                .map(|s| format!(" ({})", s.kind.name))
                .unwrap_or_default();
            format!(
                "{} lr={}{schedule}: step {} loss {} at ({}){diverged}",
                racer.name(),
                format::round_trip(racer.lr()),
                end.step,
                format::short(end.loss, 4),
                at.join(", "),
            )
        })
        .collect();
    format!("{} | {}", info.name, racers.join(" | "))
}
