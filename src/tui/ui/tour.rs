//! The tour's panel, under the explorer: the chapter's title and place in the tour, the
//! page of its text ([`crate::tui::derive::tour`]) shown, turned with PgDn and PgUp when it
//! does not fit, and the keys that move through the tour.

use crate::tui::app::App;
use crate::tui::app::keymap;
use crate::tui::app::{Action, Mode};
use crate::tui::derive::tour::{TourText, per_page};
use crate::tui::theme;
use crate::tui::tour::{CHAPTERS, Tour, UI, fill};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// What the panel in `area` shows: its title, its rows of text (the current page) and its
/// bottom line.
struct Shown {
    title: Line<'static>,
    rows: Vec<Line<'static>>,
    bottom: Line<'static>,
}

/// The panel of `tour` holding `text` in `area`.
fn shown(app: &App, tour: &Tour, text: &TourText, area: Rect) -> Shown {
    let options = app.options();
    let lang = tour.lang;
    let per_page = per_page(area);
    let pages = text.pages.max(1);
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
    let rows = (text.lines.iter().skip(page * per_page).take(per_page))
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

/// Draws the panel holding `text` in `area`.
pub fn render(app: &App, text: &TourText, area: Rect, buf: &mut Buffer) {
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
