//! Drawing: [`render`] is a pure function of the [`App`] and what is [`Derived`] from it for
//! the frame (the layout, the rasters, the many runs, the tour's text) onto a ratatui frame,
//! one file per panel. [`draw_on`] also keeps the last frame ([`Repaint`]), to write
//! nothing when nothing changed and to repaint rows of wide characters; the map widget ([`map`]) is shared with `plateau render`.

mod basins;
mod charts;
mod editor;
mod ensemble;
mod form;
mod help;
mod hints;
mod info;
mod legend;
pub mod map;
mod picker;
mod readout;
mod settle;
mod tour;
mod wide;

use crate::tui::app::{App, Overlay, Pick};
use crate::tui::derive::Derived;
use crate::tui::derive::layout::{MIN_SIZE, centered};
use crate::tui::tour::Lang;
use ratatui::backend::Backend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::crossterm::{execute, queue};
use ratatui::layout::{Alignment, Rect};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use ratatui::{Frame, Terminal};
use std::io::{self, Write};

/// Rows of a chart box with two rows of plot (room for two y labels).
const CHART_MIN: u16 = 4;

/// Rows of a chart box the tour's panel leaves room for (four rows of plot).
const CHART_ROOMY: u16 = 6;

/// Rows of a readout box showing step, run state and loss.
const READOUT_MIN: u16 = 4;

/// Rows of a readout box showing everything but the extra hyperparameters.
const READOUT_CORE: u16 = 8;

/// What [`draw_on`] keeps between frames: the last frame, to write nothing when nothing
/// changed and to repaint rows that held wide characters.
#[derive(Default)]
pub struct Repaint {
    /// The last frame drawn; `None` before the first and after the screen was cleared.
    last: Option<Buffer>,
    /// The stretches of screen rows to draw blank this frame (see [`wide::blank`]).
    blank: Vec<wide::Stretch>,
}

impl Repaint {
    /// Forgets the last frame: the screen was cleared, the next frame is drawn whole.
    pub fn forget(&mut self) {
        self.last = None;
    }
}

/// The layers the map draws over the contour, as derived last and switched on.
pub fn map_layers<'a>(app: &App, derived: &'a Derived) -> map::LayerData<'a> {
    let basins = derived
        .basin_map()
        .map(|(map, _)| map)
        .filter(|_| app.layers().basins);
    map::LayerData {
        // Behind a basin map the flat and singular marks would be lost.
        terrain: derived
            .terrain()
            .filter(|_| app.layers().flat && basins.is_none()),
        basins,
        ensemble: derived
            .ensemble()
            .map(|(result, _)| result)
            .filter(|_| app.ensemble().is_some()),
        racers: true,
    }
}

/// The rows the right-hand column wants for `app` when it is `width` columns wide: the whole
/// readout, the race legend, the ensemble's table and each chart `CHART_ROOMY` (6) rows
/// (the basin table aside: its height comes with the basin map, derived after the layout).
pub fn column_rows(app: &App, width: u16) -> u16 {
    let readout = readout::lines(app, width.saturating_sub(2)).len() as u16 + 2;
    let legend = if app.racers().race() {
        legend::height(app)
    } else {
        0
    };
    let ensemble = if app.ensemble().is_some() {
        ensemble::HEIGHT
    } else {
        0
    };
    readout + legend + ensemble + charts::count(app) * CHART_ROOMY
}

/// Derives everything for the frame's size and draws `app` (for callers that draw one
/// frame at a time: tests, benchmarks).
pub fn draw(app: &App, derived: &mut Derived, frame: &mut Frame) {
    derived.update(app, frame.area(), column_rows);
    render(app, derived, frame);
}

/// Draws `app` on `terminal` as [`render`] does, `derived` already brought up to date for the
/// terminal's size, and writes nothing when the frame is the one drawn last (ratatui's
/// backend would still write its resets and hide the cursor); colours that moved by less
/// than a perceptible step since the last frame are not redrawn (see `ui::settle`). When rows that held wide
/// characters in the last frame are about to change, they are first drawn blank in a frame
/// of their own (see `ui::wide`), the two frames inside one synchronised update, so that a
/// terminal that knows it shows neither half-drawn.
pub fn draw_on<B: Backend<Error = io::Error> + Write>(
    terminal: &mut Terminal<B>,
    app: &App,
    derived: &Derived,
    repaint: &mut Repaint,
) -> io::Result<()> {
    // The viewport's area (a recording's is fixed; no terminal is asked).
    let size = terminal.get_frame().area();
    let mut painted = Buffer::empty(size);
    paint(app, derived, &[], size, &mut painted);
    if let Some(last) = &repaint.last {
        settle::settle(last, &mut painted);
    }
    if repaint.last.as_ref() == Some(&painted) {
        return Ok(());
    }
    let last = repaint.last.take();
    let mut synchronised = false;
    let drawn = (|| {
        if let Some(last) = last.filter(wide::any) {
            let stretches = wide::changed(&last, &painted);
            if !stretches.is_empty() {
                queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
                synchronised = true;
                repaint.blank = stretches;
                let blanked = terminal.draw(|frame| {
                    paint(
                        app,
                        derived,
                        &repaint.blank,
                        frame.area(),
                        frame.buffer_mut(),
                    );
                });
                repaint.blank.clear();
                blanked?;
            }
        }
        let frame = terminal.draw(|frame| {
            if painted.area == frame.area() {
                // Painted already: copied, not painted again.
                frame.buffer_mut().content.clone_from(&painted.content);
            } else {
                render(app, derived, frame);
            }
        })?;
        repaint.last = Some(frame.buffer.clone());
        Ok(())
    })();
    // The synchronised update ends whatever happened inside it.
    let ended = if synchronised {
        execute!(terminal.backend_mut(), EndSynchronizedUpdate)
    } else {
        Ok(())
    };
    drawn.and(ended)
}

/// Draws the whole screen, as laid out by [`Derived::update`].
pub fn render(app: &App, derived: &Derived, frame: &mut Frame) {
    let area = frame.area();
    paint(app, derived, &[], area, frame.buffer_mut());
}

/// Paints the whole screen of `area` into `buf`, the stretches `blank` left blank.
fn paint(app: &App, derived: &Derived, blank: &[wide::Stretch], area: Rect, buf: &mut Buffer) {
    let Some(areas) = derived.areas().filter(|_| derived.size() == area) else {
        too_small(area, buf);
        return;
    };
    map::render(
        app,
        derived.contour(),
        map_layers(app, derived),
        &areas.map,
        buf,
    );
    panel(app, derived, areas.panel, buf);
    tour::render(app, derived.tour(), areas.tour, buf);
    hints::render(app, areas.keys, buf);
    match app.overlay() {
        Overlay::None => {}
        Overlay::Help => help::render(app, area, buf),
        Overlay::Picker(picker) => {
            // The chapter list in the tour's language; the explorer's pickers in it inside
            // the tour.
            let lang = match picker.pick() {
                Pick::Chapter => app.tour_lang(),
                _ => app.tour().map_or(Lang::En, |t| t.lang),
            };
            picker::render(picker, app.options(), lang, area, buf);
        }
        Overlay::Editor(editor) => {
            editor::render(editor, derived.editor_first(), app.options(), area, buf);
        }
        Overlay::Form(form) => form::render(form, app.options(), area, buf),
        Overlay::Info => info::render(app, area, buf),
    }
    wide::blank(blank, buf);
}

/// The right-hand column: readout, race legend, then the two charts sharing the rest. Rows
/// are handed out by priority, so a short screen keeps the essentials: two rows of plot per
/// chart, the readout's first lines, the legend, the rest of the readout's core lines, a
/// third row of plot, the extra hyperparameters, then more plot.
fn panel(app: &App, derived: &Derived, area: Rect, buf: &mut Buffer) {
    let legend_wanted = if app.racers().race() {
        legend::height(app)
    } else {
        0
    };
    let basin_map = derived.basin_map().filter(|_| app.layers().basins);
    let basins_wanted = basin_map.map_or(0, |(map, _)| basins::height(map));
    let ensemble = app.ensemble().zip(derived.ensemble());
    let ensemble_wanted = if ensemble.is_some() {
        ensemble::HEIGHT
    } else {
        0
    };
    let wanted = readout::lines(app, area.width.saturating_sub(2)).len() as u16 + 2;
    let mut left = area.height;
    let mut take = |rows: u16| {
        let rows = rows.min(left);
        left -= rows;
        rows
    };
    let mut charts = take(2 * CHART_MIN);
    let mut readout = take(wanted.min(READOUT_MIN));
    let legend = take(legend_wanted);
    let ensemble_rows = take(ensemble_wanted);
    let basin_rows = take(basins_wanted);
    readout += take(wanted.min(READOUT_CORE).saturating_sub(readout));
    charts += take(2);
    readout += take(wanted - readout);
    charts += left;
    let row = |y: u16, height: u16| Rect::new(area.x, y, area.width, height);
    readout::render(app, row(area.y, readout), buf);
    let mut y = area.y + readout;
    if legend > 0 {
        legend::render(app, row(y, legend), buf);
        y += legend;
    }
    if let (Some((request, (result, fraction))), true) = (ensemble, ensemble_rows > 0) {
        ensemble::render(app, request, result, fraction, row(y, ensemble_rows), buf);
        y += ensemble_rows;
    }
    if let (Some((map, fraction)), true) = (basin_map, basin_rows > 0) {
        basins::render(app, map, fraction, row(y, basin_rows), buf);
        y += basin_rows;
    }
    charts::render(app, row(y, charts), buf);
}

/// The message shown instead of the explorer on a too small terminal.
fn too_small(area: Rect, buf: &mut Buffer) {
    let text = format!("terminal too small (need {}x{})", MIN_SIZE.0, MIN_SIZE.1);
    let lines = (text.len() as u16).div_ceil(area.width.max(1));
    Paragraph::new(text)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
        .render(centered(area, area.width, lines), buf);
}
