//! Drawing: [`view`] is a pure function of the [`App`] and the [`Screen`] (what the view
//! keeps between frames: the layout and the cached contour raster) onto a ratatui frame, one
//! file per panel. [`draw`] brings the screen up to date first; the map widget ([`map`]) is
//! shared with `plateau render`.

mod charts;
mod editor;
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

use crate::tui::app::{App, Overlay};
use crate::tui::input::MapGeometry;
use layout::{Areas, MIN_SIZE, MapAreas, centered};
use plateau_core::raster::Contour;
use raster::Rasters;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::widgets::{Paragraph, Widget, Wrap};

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
    editor_first: usize,
}

impl Screen {
    /// A screen that computes its rasters inline (deterministic: recordings, tests, render).
    pub fn new() -> Self {
        Self::default()
    }

    /// A screen that computes its rasters on a background thread (the live explorer).
    pub fn background() -> Self {
        Self {
            rasters: Rasters::background(),
            ..Self::default()
        }
    }

    /// Whether a raster is still being computed (the loop should draw again soon).
    pub fn busy(&self) -> bool {
        self.rasters.busy()
    }

    /// Lays out a screen of `size` for `app` and brings the caches up to date.
    pub fn prepare(&mut self, app: &App, size: Rect) {
        let scene = app.scene();
        self.size = size;
        self.areas = layout::areas(size, &scene.view, &scene.axes()[1]);
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
        map::Layers {
            terrain: (self.rasters.current())
                .and_then(|r| r.terrain.as_ref())
                .filter(|_| app.layers().flat),
            racers: true,
        }
    }

    /// Where the map was laid out and what it shows, for mouse clicks and scripted clicks
    /// (an empty area when the screen is too small).
    pub fn map_geometry(&self, app: &App) -> MapGeometry {
        MapGeometry {
            area: self.areas.map_or(Rect::default(), |a| a.map.cells),
            view: app.scene().view,
        }
    }
}

/// Prepares `screen` for the frame's size and draws `app` on it.
pub fn draw(app: &App, screen: &mut Screen, frame: &mut Frame) {
    screen.prepare(app, frame.area());
    view(app, screen, frame);
}

/// Draws the whole screen, as laid out by [`Screen::prepare`].
pub fn view(app: &App, screen: &Screen, frame: &mut Frame) {
    let area = frame.area();
    let buf = frame.buffer_mut();
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
    panel(app, areas.panel, buf);
    hints::render(app, areas.keys, buf);
    match app.overlay() {
        Overlay::None => {}
        Overlay::Help => help::render(app, area, buf),
        Overlay::Picker(picker) => picker::render(picker, app.options(), area, buf),
        Overlay::Editor(editor) => {
            editor::render(editor, screen.editor_first, app.options(), area, buf);
        }
        Overlay::Form(form) => form::render(form, app.options(), area, buf),
        Overlay::Info => info::render(app, area, buf),
    }
}

/// The right-hand column: readout, race legend, then the two charts sharing the rest. Rows
/// are handed out by priority, so a short screen keeps the essentials: two rows of plot per
/// chart, the readout's first lines, the legend, the rest of the readout's core lines, a
/// third row of plot, the extra hyperparameters, then more plot.
fn panel(app: &App, area: Rect, buf: &mut Buffer) {
    let legend_wanted = if app.racers().race() {
        legend::height(app)
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
    readout += take(wanted.min(READOUT_CORE).saturating_sub(readout));
    charts += take(2);
    readout += take(wanted - readout);
    charts += left;
    let row = |y: u16, height: u16| Rect::new(area.x, y, area.width, height);
    readout::render(app, row(area.y, readout), buf);
    if legend > 0 {
        legend::render(app, row(area.y + readout, legend), buf);
    }
    charts::render(app, row(area.y + readout + legend, charts), buf);
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
