//! Owning the terminal: whether it shows 24-bit colour ([`depth`]), the guard that puts it
//! into explorer mode and always restores it (`guard`), signals (`signals`), a terminal that hangs up without one (`hangup`), the live event loop ([`live`]) and the headless
//! recorder on a virtual clock ([`headless`], writing [`cast`] into a file replaced all at
//! once, [`file`](mod@file), within the bounds of `budget`).

mod budget;
pub mod cast;
pub mod depth;
pub mod file;
mod guard;
mod hangup;
pub mod headless;
pub mod live;
mod signals;

use crate::tui::app::App;
use crate::tui::derive::Derived;
use crate::tui::input::action_for_event;
use crate::tui::ui;
use ratatui::crossterm::event::Event;
use ratatui::layout::Rect;
use std::time::Duration;

/// Time between frames while running: at most about 30 redraws per second.
pub const FRAME: Duration = Duration::from_millis(33);

/// Brings `derived` up to date for `app` on a screen of `size` before a frame is drawn; what
/// could not be computed becomes a notice in `app`, which turns the feature off, and the
/// frame is derived again without it.
pub fn derive(app: &mut App, derived: &mut Derived, size: Rect) {
    derived.update(app, size, ui::column_rows);
    // Each report turns a feature off; there are two.
    for _ in 0..2 {
        if !derived.report(app) {
            break;
        }
        derived.update(app, size, ui::column_rows);
    }
}

/// Applies one terminal event (real or scripted) through the keymap, clicks mapped on the
/// map as `derived` last laid it out, a paste into the open text field; whether it changed
/// anything (a resize always does: the screen is laid out anew).
pub fn apply(app: &mut App, derived: &Derived, event: &Event) -> bool {
    match event {
        Event::Resize(..) => return true,
        Event::Paste(text) => {
            app.paste(text);
            return true;
        }
        _ => {}
    }
    match action_for_event(event, app.mode(), &derived.map_geometry(app)) {
        Some(action) => {
            app.update(action);
            true
        }
        None => false,
    }
}
