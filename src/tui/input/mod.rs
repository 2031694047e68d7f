//! Input: terminal events become [`Action`]s here and nowhere else. Keys go through the one
//! keymap ([`crate::tui::app::keymap`]); a left click on the map becomes a new start at the
//! clicked point; key scripts ([`script`]) replay the events a terminal would send.

pub mod script;

use crate::tui::app::keymap::action_for_key;
use crate::tui::app::keys::Key;
use crate::tui::app::{Action, Mode};
use plateau_core::Domain;
use plateau_core::picture::raster::cell_center;
use ratatui::crossterm::event::{Event, KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

/// Where the map was drawn in the last frame and which part of the plane it showed (what a
/// click needs to become a point), and how many pages the tour's panel had (what PgDn needs
/// to turn a page rather than the chapter).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MapGeometry {
    /// The map's cells on screen (empty when the screen is too small for a map).
    pub area: Rect,
    /// The part of the plane they show.
    pub region: Domain,
    /// Pages of the tour's text at its panel's size (0 without a tour).
    pub tour_pages: usize,
}

/// The action of a left click inside the map: a new start at the centre of the clicked
/// cell; `None` for other mouse events and for clicks elsewhere.
pub fn action_for_click(mouse: MouseEvent, map: &MapGeometry) -> Option<Action> {
    if mouse.kind != MouseEventKind::Down(MouseButton::Left) {
        return None;
    }
    let area = map.area;
    if !area.contains(Position::new(mouse.column, mouse.row)) {
        return None;
    }
    let point = cell_center(
        map.region,
        usize::from(area.width),
        usize::from(area.height),
        usize::from(mouse.column - area.x),
        usize::from(mouse.row - area.y),
    );
    Some(Action::SetStart(point))
}

/// The action of a key press in `mode`; `None` for unbound keys and for the releases and
/// repeats some terminals report.
pub fn action_for(key: KeyEvent, mode: Mode) -> Option<Action> {
    Key::from_event(key).and_then(|key| action_for_key(key, mode))
}

/// The action of a terminal event in key mode `mode`, with the map as last drawn (mouse
/// clicks count only on the main screen). Resizes are the view's business, not an action.
pub fn action_for_event(event: &Event, mode: Mode, map: &MapGeometry) -> Option<Action> {
    match event {
        // The chapter keys turn the panel's pages first.
        Event::Key(key) => action_for(*key, mode).map(|action| match action {
            Action::NextChapter => Action::TourForward(map.tour_pages),
            Action::PrevChapter => Action::TourBack(map.tour_pages),
            other => other,
        }),
        Event::Mouse(mouse) if mode == Mode::Normal => action_for_click(*mouse, map),
        _ => None,
    }
}
