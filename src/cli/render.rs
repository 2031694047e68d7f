//! `plateau render`: one frame of the explorer's map as text. The explorer's own state is
//! stepped and its map widget drawn into a ratatui buffer, which is printed plain or with
//! ANSI colours, under a summary line; the map's own colour key says what the shading means.

use super::{MAX_STEPS, RenderArgs};
use crate::cli::output::{Out, finish};
use crate::tui::app::App;
use crate::tui::derive::{Derived, layout};
use crate::tui::theme::Options;
use crate::tui::ui::{self, map};
use plateau_core::text::format;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use std::fmt::Write as _;
use std::io::Write;

/// Smallest frame `render` draws.
const MIN_SIZE: (u16, u16) = (30, 8);
/// Largest frame `render` draws.
const MAX_SIZE: (u16, u16) = (1000, 1000);

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
    if args.steps > MAX_STEPS {
        return Err(format!(
            "--steps must be at most {MAX_STEPS}, got {}",
            args.steps
        ));
    }
    let session = args.setup.setup().resolve().map_err(|e| e.to_string())?;
    super::args::check_schedule_steps(&session, args.steps)?;
    // Plain text unless asked: `auto` never colours a rendered frame.
    let color = args.color.enabled(false);
    let options = Options {
        ascii: args.ascii,
        color,
        // A frame is a file as often as a terminal's: 24-bit only when asked for.
        truecolor: color && args.color.truecolor(|| false),
    };
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
    let mut text = String::new();
    for (y, line) in text_lines(&buf, options.color).into_iter().enumerate() {
        let line = if y == 0 {
            truncate(&summary, usize::from(w))
        } else {
            line
        };
        text.push_str(line.trim_end());
        text.push('\n');
    }
    Ok(text)
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

/// `s` cut to `width` characters.
fn truncate(s: &str, width: usize) -> String {
    s.chars().take(width).collect()
}

/// The buffer's rows as text, with SGR escapes for colours and attributes when `color`.
fn text_lines(buf: &Buffer, color: bool) -> Vec<String> {
    let area = buf.area;
    (area.top()..area.bottom())
        .map(|y| {
            let mut line = String::new();
            let mut style = None;
            for x in area.left()..area.right() {
                let cell = &buf[(x, y)];
                if color {
                    let now = (cell.fg, cell.modifier);
                    if style != Some(now) {
                        line.push_str(&sgr(cell.fg, cell.modifier));
                        style = Some(now);
                    }
                }
                line.push_str(cell.symbol());
            }
            if color {
                line.push_str("\x1b[0m");
            }
            line
        })
        .collect()
}

/// The escapes that reset the attributes, then set foreground `fg` and the bold, dim and
/// reversed attributes of `modifier`.
fn sgr(fg: Color, modifier: Modifier) -> String {
    let mut codes = String::from("\x1b[0m");
    for (attribute, code) in [
        (Modifier::BOLD, 1),
        (Modifier::DIM, 2),
        (Modifier::REVERSED, 7),
    ] {
        if modifier.contains(attribute) {
            let _ = write!(codes, "\x1b[{code}m");
        }
    }
    match fg {
        Color::Indexed(i) => {
            let _ = write!(codes, "\x1b[38;5;{i}m");
        }
        Color::Rgb(r, g, b) => {
            let _ = write!(codes, "\x1b[38;2;{r};{g};{b}m");
        }
        _ => {}
    }
    codes
}
