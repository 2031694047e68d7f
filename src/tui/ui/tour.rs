//! The tour's panel, under the explorer: the chapter's title and place in the tour, what
//! just happened (a reaction), the explanation, what to look at and which keys to try,
//! wrapped for English or Japanese ([`crate::tui::text::wrap`]) and turned page by page
//! with PgDn and PgUp when it does not fit.

use super::theme;
use crate::tui::app::App;
use crate::tui::config::Options;
use crate::tui::input::{Action, Mode, keymap};
use crate::tui::text::wrap::wrap_spans;
use crate::tui::tour::{CHAPTERS, Tour, UI, When, facts, fill};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// The most of the screen's height the panel takes.
const MAX_SHARE: u16 = 45;

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

/// The reaction shown in the chapter of `tour`, with the racer it is about: the first of
/// the chapter's lines, in [`When::ORDER`], whose condition holds.
fn reaction(app: &App, tour: &Tour) -> Option<(&'static str, usize)> {
    let chapter = tour.current();
    When::ORDER.iter().find_map(|when| {
        let line = chapter.prose.reactions.iter().find(|r| r.when == *when)?;
        let subject = when.holds(app, chapter.stage.as_ref())?;
        Some((line.text.get(tour.lang), subject))
    })
}

/// Every line of the panel's text at `width` columns, the numbers filled from the run.
fn lines(app: &App, tour: &Tour, width: usize) -> Vec<Line<'static>> {
    let options = app.options();
    let prose = &tour.current().prose;
    let lang = tour.lang;
    let selected = app.racers().selected_index();
    let values = facts::values(app, selected);
    let mut parts: Vec<(Part, String)> = Vec::new();
    if let Some((text, subject)) = reaction(app, tour) {
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
/// filled from the run; empty without a tour. [`super::Screen::prepare`] makes it once a
/// frame for the layout, the drawing and the page keys.
pub fn text(app: &App, width: u16) -> Vec<Line<'static>> {
    app.tour()
        .map_or_else(Vec::new, |tour| lines(app, tour, text_width(width)))
}

/// The rows the panel holding `text` takes on a screen of `size` (0 without a tour): its
/// text and box, at most [`MAX_SHARE`] percent of the screen's height.
pub fn rows(app: &App, text: &[Line], size: Rect) -> u16 {
    if app.tour().is_none() {
        return 0;
    }
    let wanted = u16::try_from(text.len() + 2).unwrap_or(u16::MAX);
    let share = u32::from(size.height.saturating_sub(1)) * u32::from(MAX_SHARE) / 100;
    let most = u16::try_from(share).unwrap_or(u16::MAX).max(MIN_ROWS);
    wanted.clamp(MIN_ROWS, most)
}

/// How many pages `text` takes in a panel of `area` (0 without a tour).
pub fn pages(app: &App, text: &[Line], area: Rect) -> usize {
    if app.tour().is_none() {
        return 0;
    }
    text.len().div_ceil(per_page(area))
}

/// The rows of text a page of the panel in `area` holds.
fn per_page(area: Rect) -> usize {
    usize::from(area.height.saturating_sub(2)).max(1)
}

/// The text's width in a panel `width` wide: inside its box, one space either side.
fn text_width(width: u16) -> usize {
    usize::from(width.saturating_sub(4)).max(1)
}

/// What the panel in `area` shows: its title, its rows of text (the current page) and its
/// bottom line.
struct Shown {
    title: Line<'static>,
    rows: Vec<Line<'static>>,
    bottom: Line<'static>,
}

/// The panel of `tour` holding `text` in `area`.
fn shown(app: &App, tour: &Tour, text: &[Line<'static>], area: Rect) -> Shown {
    let options = app.options();
    let lang = tour.lang;
    let per_page = per_page(area);
    let pages = text.len().div_ceil(per_page).max(1);
    let page = tour.page.min(pages - 1);
    let total = CHAPTERS.len().to_string();
    let place = fill(
        UI.chapter.get(lang),
        &[("n", (tour.chapter + 1).to_string()), ("total", total)],
    );
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let title = Line::from(vec![
        Span::styled(format!(" {} ", UI.title.get(lang)), bold),
        Span::styled(format!("{place} "), theme::dim(options)),
        Span::styled(format!("{} ", tour.current().prose.title.get(lang)), bold),
    ]);
    // Each key as the keymap binds it.
    let keys = [
        (UI.next, "next", Action::NextChapter),
        (UI.prev, "prev", Action::PrevChapter),
        (UI.list, "list", Action::OpenChapterList),
        (UI.leave, "leave", Action::ToggleTour),
    ];
    let mut hints: Vec<String> = (keys.iter())
        .filter_map(|(text, name, action)| {
            let key = keymap::key_for(*action, Mode::Normal)?;
            Some(fill(text.get(lang), &[(name, key)]))
        })
        .collect();
    if pages > 1 {
        hints.insert(0, format!("{}/{pages}", page + 1));
    }
    let bottom = Line::styled(format!(" {} ", hints.join("  ")), theme::dim(options));
    let rows = (text.iter().skip(page * per_page).take(per_page))
        .map(|line| {
            let mut spans = vec![Span::raw(" ")];
            spans.extend(line.spans.iter().cloned());
            Line::from(spans)
        })
        .collect();
    Shown {
        title,
        rows,
        bottom,
    }
}

/// Draws the panel holding `text` (see [`text`]) in `area`.
pub fn render(app: &App, text: &[Line<'static>], area: Rect, buf: &mut Buffer) {
    let Some(tour) = app.tour() else {
        return;
    };
    let Shown {
        title,
        rows,
        bottom,
    } = shown(app, tour, text, area);
    Paragraph::new(rows)
        .block(
            theme::block(app.options())
                .title(title)
                .title_bottom(bottom),
        )
        .render(area, buf);
}
