//! The tour panel's text, made once a frame from the app for the layout, the drawing and the
//! page keys alike: the chapter's reaction to what just happened, the explanation, what to
//! look at and which keys to try, wrapped for English or Japanese
//! ([`crate::tui::text::wrap`]), and how many pages it takes in the panel laid out for it.

use super::layout::{self, Areas};
use super::{facts, reaction};
use crate::tui::app::App;
use crate::tui::text::wrap::wrap_spans;
use crate::tui::theme;
use crate::tui::theme::Options;
use crate::tui::tour::{Tour, fill};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

/// The tour panel's text and the screen laid out around it.
#[derive(Default)]
pub struct TourText {
    /// Every line of the text (empty without a tour).
    pub lines: Vec<Line<'static>>,
    /// How many pages the lines take in the panel (0 without a tour).
    pub pages: usize,
}

/// The tour panel's text for `app` on a screen of `size`, and the screen's regions laid out
/// with room for it, the right-hand column wanting `column` rows (`None` when the screen is
/// too small).
pub fn lay_out(app: &App, size: Rect, column: u16) -> (TourText, Option<Areas>) {
    let lines = text(app, size.width);
    let scene = app.scene();
    let areas = layout::areas(
        size,
        &scene.region,
        &scene.axes()[1],
        rows(app, &lines, size, column),
    );
    let pages = areas.map_or(0, |a| pages(app, &lines, a.tour));
    (TourText { lines, pages }, areas)
}

/// The most of the screen's height the panel takes.
const MAX_SHARE: u16 = 45;

/// The rows the panel keeps, when its text fills them, before the right-hand column gets
/// all it wants (its box and seven lines).
const READABLE_ROWS: u16 = 9;

/// The fewest rows the panel gets (its box and three lines).
const MIN_ROWS: u16 = 5;

/// What kind of text a line is, for its style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Reaction,
    Body,
    Look,
    Keys,
}

/// The style of a part.
fn style(options: Options, part: Part) -> Style {
    match part {
        // What just happened, often good news: bright, not the red of a notice.
        Part::Reaction if options.color => Style::new()
            .fg(Color::Indexed(221))
            .add_modifier(Modifier::BOLD),
        Part::Reaction => Style::new().add_modifier(Modifier::BOLD),
        Part::Body => Style::new(),
        Part::Look if options.color => Style::new().fg(Color::Indexed(159)),
        Part::Look => Style::new().add_modifier(Modifier::BOLD),
        Part::Keys => theme::dim(options),
    }
}

/// Every line of the panel's text at `width` columns, the numbers filled from the run.
fn lines(app: &App, tour: &Tour, width: usize) -> Vec<Line<'static>> {
    let options = app.options();
    let prose = &tour.current().prose;
    let lang = tour.lang;
    let selected = app.racers().selected_index();
    let values = facts::values(app, selected);
    let mut parts: Vec<(Part, String)> = Vec::new();
    if let Some((text, subject)) = reaction::shown(app, tour) {
        let filled = if subject == selected {
            fill(text, &values)
        } else {
            fill(text, &facts::values(app, subject))
        };
        parts.push((Part::Reaction, filled));
    }
    parts.push((Part::Body, fill(prose.body.get(lang), &values)));
    parts.push((Part::Look, fill(prose.look.get(lang), &values)));
    parts.push((Part::Keys, fill(prose.keys.get(lang), &values)));
    let mut out = Vec::new();
    for (k, (part, text)) in parts.into_iter().enumerate() {
        if k > 0 {
            out.push(Line::raw(""));
        }
        let text = theme::text(options, &text);
        for line in wrap_spans(&[(part, text.as_str())], width) {
            out.push(Line::from(
                (line.into_iter())
                    .map(|(p, s)| Span::styled(s, style(options, p)))
                    .collect::<Vec<_>>(),
            ));
        }
    }
    out
}

/// The panel's text on a screen `width` columns wide (the panel spans it), the numbers
/// filled from the run; empty without a tour.
fn text(app: &App, width: u16) -> Vec<Line<'static>> {
    app.tour()
        .map_or_else(Vec::new, |tour| lines(app, tour, text_width(width)))
}

/// The rows the panel holding `text` takes on a screen of `size` (0 without a tour): its
/// text and box, at most [`MAX_SHARE`] percent of the screen's height, and no more than
/// leaves the map half the screen and the right-hand column the `column` rows it wants
/// (unless that leaves the panel fewer than [`READABLE_ROWS`]); at least [`MIN_ROWS`].
/// What does not fit scrolls (the page keys).
fn rows(app: &App, text: &[Line], size: Rect, column: u16) -> u16 {
    if app.tour().is_none() {
        return 0;
    }
    let wanted = u16::try_from(text.len() + 2).unwrap_or(u16::MAX);
    let main = size.height.saturating_sub(1);
    let share = u32::from(main) * u32::from(MAX_SHARE) / 100;
    let column = column.min(main.saturating_sub(READABLE_ROWS));
    let upper = column.max(size.height.div_ceil(2));
    let most = u16::try_from(share)
        .unwrap_or(u16::MAX)
        .min(main.saturating_sub(upper))
        .max(MIN_ROWS);
    wanted.clamp(MIN_ROWS, most)
}

/// How many pages `text` takes in a panel of `area` (0 without a tour).
fn pages(app: &App, text: &[Line], area: Rect) -> usize {
    if app.tour().is_none() {
        return 0;
    }
    text.len().div_ceil(per_page(area))
}

/// The rows of text a page of the panel in `area` holds.
pub fn per_page(area: Rect) -> usize {
    usize::from(area.height.saturating_sub(2)).max(1)
}

/// The text's width in a panel `width` wide: inside its box, one space either side.
fn text_width(width: u16) -> usize {
    usize::from(width.saturating_sub(4)).max(1)
}
