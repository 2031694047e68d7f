//! Drawing: [`view`] is a pure function of the [`App`] and the [`Screen`] (what the view
//! keeps between frames: the layout and the cached contour raster) onto a ratatui frame, one
//! file per panel. [`draw`] brings the screen up to date first; the map widget ([`map`]) is
//! shared with `plateau render`.

mod basins;
mod batch;
mod charts;
mod editor;
mod ensemble;
mod form;
mod help;
mod hints;
mod info;
pub mod layout;
mod legend;
pub mod map;
mod picker;
pub mod raster;
mod readout;
pub mod theme;
mod tour;
mod wide;

use crate::tui::app::{App, Overlay, Pick};
use crate::tui::input::MapGeometry;
use crate::tui::tour::Lang;
use batch::Batch;
use layout::{Areas, MIN_SIZE, MapAreas, centered};
use plateau_core::raster::Contour;
use raster::Rasters;
use ratatui::backend::Backend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::crossterm::{execute, queue};
use ratatui::layout::{Alignment, Rect};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use ratatui::{Frame, Terminal};
use std::io::{self, Write};
use std::num::NonZeroUsize;

/// Rows of a chart box with two rows of plot (room for two y labels).
const CHART_MIN: u16 = 4;

/// Rows of a readout box showing step, run state and loss.
const READOUT_MIN: u16 = 4;

/// Rows of a readout box showing everything but the extra hyperparameters.
const READOUT_CORE: u16 = 8;

/// What the view keeps between frames: the layout of the screen it last prepared, the map's
/// rasters (recomputed only when what they show changes, see [`raster`]), and which part of
/// a long formula the editor shows.
#[derive(Default)]
pub struct Screen {
    size: Rect,
    areas: Option<Areas>,
    rasters: Rasters,
    basins: basins::BasinLayer,
    ensemble: ensemble::EnsembleLayer,
    editor_first: usize,
    /// The tour panel's text as last prepared (see [`tour::text`]).
    tour_text: Vec<ratatui::text::Line<'static>>,
    /// The last frame drawn, if it held wide characters (see [`wide`]).
    last_wide: Option<Buffer>,
    /// The stretches of screen rows to draw blank this frame (see [`wide::blank`]).
    blank: Vec<wide::Stretch>,
}

impl Screen {
    /// A screen that computes its rasters inline (deterministic: recordings, tests, render).
    pub fn new() -> Self {
        Self::default()
    }

    /// A screen that computes its rasters, basin maps and ensembles off the UI thread (the
    /// live explorer), the latter two on `threads` threads.
    pub fn background(threads: NonZeroUsize) -> Self {
        Self {
            rasters: Rasters::background(),
            basins: Batch::new(true, threads),
            ensemble: Batch::new(true, threads),
            ..Self::default()
        }
    }

    /// Whether something is still being computed (the loop should draw again soon).
    pub fn busy(&self) -> bool {
        self.rasters.busy() || self.basins.busy() || self.ensemble.busy()
    }

    /// Lays out a screen of `size` for `app` and brings the caches up to date.
    pub fn prepare(&mut self, app: &App, size: Rect) {
        let scene = app.scene();
        self.size = size;
        self.tour_text = tour::text(app, size.width);
        let tour_rows = tour::rows(app, &self.tour_text, size);
        self.areas = layout::areas(size, &scene.view, &scene.axes()[1], tour_rows);
        if let Some(areas) = self.areas {
            self.prepare_map(app, &areas.map);
        }
        if let Overlay::Editor(editor) = app.overlay() {
            self.editor_first = editor.window(self.editor_first, layout::editor_columns(size));
        } else {
            self.editor_first = 0;
        }
    }

    /// Brings the map's rasters up to date for a map drawn in `map` (what `plateau render`
    /// calls without a full screen).
    pub fn prepare_map(&mut self, app: &App, map: &MapAreas) {
        let (cols, rows) = (usize::from(map.cells.width), usize::from(map.cells.height));
        self.rasters.want(raster::Key::of(app, cols, rows));
        self.basins
            .want(basins::Key::of(app, cols, rows), basins::Key::job);
        let request = app.ensemble();
        self.ensemble.want(request.map(|r| r.generation), |_| {
            let job = request.expect("a request").job.clone();
            plateau_core::ensemble::Ensemble::new(job).map_err(|e| e.to_string())
        });
    }

    /// Why a basin map or an ensemble could not be computed, if one could not.
    pub fn batch_error(&self) -> Option<&str> {
        self.basins.error().or(self.ensemble.error())
    }

    /// The first character of the formula the editor shows (0 when it is closed).
    pub fn editor_first(&self) -> usize {
        self.editor_first
    }

    /// The contour raster prepared last.
    pub fn contour(&self) -> Option<&Contour> {
        self.rasters.current().map(|r| &r.contour)
    }

    /// The layers the map draws over the contour, as prepared last and switched on.
    pub fn map_layers(&self, app: &App) -> map::Layers<'_> {
        let basins = self.basins.snapshot().filter(|_| app.layers().basins);
        map::Layers {
            // Behind a basin map the flat and singular marks would be lost.
            terrain: (self.rasters.current())
                .and_then(|r| r.terrain.as_ref())
                .filter(|_| app.layers().flat && basins.is_none()),
            basins,
            ensemble: self
                .ensemble
                .snapshot()
                .filter(|_| app.ensemble().is_some()),
            racers: true,
        }
    }

    /// Where the map was laid out and what it shows, for mouse clicks and scripted clicks
    /// (an empty area when the screen is too small).
    pub fn map_geometry(&self, app: &App) -> MapGeometry {
        MapGeometry {
            area: self.areas.map_or(Rect::default(), |a| a.map.cells),
            view: app.scene().view,
            tour_pages: (self.areas).map_or(0, |a| tour::pages(app, &self.tour_text, a.tour)),
        }
    }
}

/// Prepares `screen` for the frame's size and draws `app` on it.
pub fn draw(app: &App, screen: &mut Screen, frame: &mut Frame) {
    screen.prepare(app, frame.area());
    view(app, screen, frame);
}

/// Draws `app` on `terminal` as [`draw`] does; when rows that held wide characters in the
/// last frame are about to change, they are first drawn blank in a frame of their own (see
/// `ui::wide`), the two frames inside one synchronised update, so that a terminal that knows
/// it shows neither half-drawn.
pub fn draw_on<B: Backend<Error = io::Error> + Write>(
    terminal: &mut Terminal<B>,
    app: &App,
    screen: &mut Screen,
) -> io::Result<()> {
    // The viewport's area (a recording's is fixed; no terminal is asked).
    let size = terminal.get_frame().area();
    screen.prepare(app, size);
    let mut next = None;
    let mut synchronised = false;
    let drawn = (|| {
        if let Some(last) = screen.last_wide.take() {
            let mut painted = Buffer::empty(size);
            paint(app, screen, size, &mut painted);
            let stretches = wide::changed(&last, &painted);
            if !stretches.is_empty() {
                queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
                synchronised = true;
                screen.blank = stretches;
                let blanked = terminal.draw(|frame| view(app, screen, frame));
                screen.blank.clear();
                blanked?;
            }
            next = Some(painted);
        }
        let frame = terminal.draw(|frame| match &next {
            // Painted already: copied, not painted again (unless the terminal has just
            // been resized under it).
            Some(painted) if painted.area == frame.area() => {
                frame.buffer_mut().content.clone_from(&painted.content);
            }
            // Laid out for this size already; a terminal resized under it is laid out again.
            _ if frame.area() == size => view(app, screen, frame),
            _ => draw(app, screen, frame),
        })?;
        screen.last_wide = wide::any(frame.buffer).then(|| frame.buffer.clone());
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

/// Draws the whole screen, as laid out by [`Screen::prepare`].
pub fn view(app: &App, screen: &Screen, frame: &mut Frame) {
    let area = frame.area();
    paint(app, screen, area, frame.buffer_mut());
}

/// Paints the whole screen of `area` into `buf`.
fn paint(app: &App, screen: &Screen, area: Rect, buf: &mut Buffer) {
    let Some(areas) = screen.areas.filter(|_| screen.size == area) else {
        too_small(area, buf);
        return;
    };
    map::render(
        app,
        screen.contour(),
        screen.map_layers(app),
        &areas.map,
        buf,
    );
    panel(app, screen, areas.panel, buf);
    tour::render(app, &screen.tour_text, areas.tour, buf);
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
            editor::render(editor, screen.editor_first, app.options(), area, buf);
        }
        Overlay::Form(form) => form::render(form, app.options(), area, buf),
        Overlay::Info => info::render(app, area, buf),
    }
    wide::blank(&screen.blank, buf);
}

/// The right-hand column: readout, race legend, then the two charts sharing the rest. Rows
/// are handed out by priority, so a short screen keeps the essentials: two rows of plot per
/// chart, the readout's first lines, the legend, the rest of the readout's core lines, a
/// third row of plot, the extra hyperparameters, then more plot.
fn panel(app: &App, screen: &Screen, area: Rect, buf: &mut Buffer) {
    let legend_wanted = if app.racers().race() {
        legend::height(app)
    } else {
        0
    };
    let basin_map = screen.basins.snapshot().filter(|_| app.layers().basins);
    let basins_wanted = basin_map.map_or(0, basins::height);
    let ensemble = app.ensemble().zip(screen.ensemble.snapshot());
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
    if let (Some((request, result)), true) = (ensemble, ensemble_rows > 0) {
        let fraction = screen.ensemble.fraction().unwrap_or(1.0);
        ensemble::render(app, request, result, fraction, row(y, ensemble_rows), buf);
        y += ensemble_rows;
    }
    if let (Some(map), true) = (basin_map, basin_rows > 0) {
        let fraction = screen.basins.fraction().unwrap_or(1.0);
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
