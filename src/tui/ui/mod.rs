//! Drawing: [`view`] is a pure function of the [`App`] and the [`Screen`] (what the view
//! keeps between frames: the layout and the cached contour raster) onto a ratatui frame, one
//! file per panel. [`draw`] brings the screen up to date first; the map widget ([`map`]) is
//! shared with `plateau render`.

mod editor;
mod help;
mod hints;
pub mod layout;
mod legend;
pub mod map;
mod picker;
mod readout;
mod sparklines;
pub mod theme;

use crate::tui::app::{App, Overlay};
use crate::tui::input::MapGeometry;
use layout::{Areas, MIN_SIZE, MapAreas, centered};
use plateau_core::landscape::Landscape;
use plateau_core::plane::Plane;
use plateau_core::raster::Contour;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use std::sync::Arc;

/// Rows of a sparkline box with one row of bars.
const SPARKLINE_MIN: u16 = 3;

/// Rows of a readout box showing step, run state and loss.
const READOUT_MIN: u16 = 4;

/// Rows of a readout box showing everything but the extra hyperparameters.
const READOUT_CORE: u16 = 8;

/// What the view keeps between frames: the layout of the screen it last prepared, the
/// contour raster of the view at the map's size (recomputed only when the landscape, the
/// view or the size changes), and which part of a long formula the editor shows.
#[derive(Default)]
pub struct Screen {
    size: Rect,
    areas: Option<Areas>,
    /// The raster, the landscape it was computed from (held, so that a new landscape can
    /// never be mistaken for it) and the plane it was seen on.
    contour: Option<(Contour, Arc<dyn Landscape>, Option<Plane>)>,
    editor_first: usize,
}

impl Screen {
    /// A screen with nothing laid out yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Lays out a screen of `size` for `app` and brings the caches up to date.
    pub fn prepare(&mut self, app: &App, size: Rect) {
        let scene = app.scene();
        self.size = size;
        self.areas = layout::areas(size, &scene.view, &scene.axes()[1]);
        match self.areas {
            Some(areas) => self.prepare_map(app, &areas.map),
            None => self.contour = None,
        }
        if let Overlay::Editor(editor) = app.overlay() {
            self.editor_first = editor.window(self.editor_first, layout::editor_columns(size));
        } else {
            self.editor_first = 0;
        }
    }

    /// Brings the contour raster up to date for a map drawn in `map` (what `plateau render`
    /// calls without a full screen).
    pub fn prepare_map(&mut self, app: &App, map: &MapAreas) {
        let scene = app.scene();
        let (cols, rows) = (usize::from(map.cells.width), usize::from(map.cells.height));
        let landscape = &scene.landscape;
        let fresh = self.contour.as_ref().is_some_and(|(c, of, plane)| {
            c.domain() == scene.view
                && c.cols() == cols
                && c.rows() == rows
                && Arc::ptr_eq(of, landscape)
                && *plane == scene.plane
        });
        if !fresh {
            let contour = Contour::compute(
                &scene.surface(),
                scene.view,
                cols,
                rows,
                theme::glyphs(app.options()),
            );
            self.contour = Some((contour, Arc::clone(landscape), scene.plane.clone()));
        }
    }

    /// The first character of the formula the editor shows (0 when it is closed).
    pub fn editor_first(&self) -> usize {
        self.editor_first
    }

    /// The contour raster prepared last.
    pub fn contour(&self) -> Option<&Contour> {
        self.contour.as_ref().map(|(c, _, _)| c)
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
    map::render(app, screen.contour(), &areas.map, buf);
    panel(app, areas.panel, buf);
    hints::render(app, areas.keys, buf);
    match app.overlay() {
        Overlay::None => {}
        Overlay::Help => help::render(app, area, buf),
        Overlay::Picker(picker) => picker::render(picker, app.options(), area, buf),
        Overlay::Editor(editor) => {
            editor::render(editor, screen.editor_first, app.options(), area, buf);
        }
    }
}

/// The right-hand column: readout, race legend, then the two sparklines sharing the rest.
/// Rows are handed out by priority, so a short screen keeps the essentials: one row of bars
/// per sparkline, the readout's first lines, the legend, the rest of the readout's core
/// lines, a second row of bars, the extra hyperparameters, then more bars.
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
    let mut sparklines = take(2 * SPARKLINE_MIN);
    let mut readout = take(wanted.min(READOUT_MIN));
    let legend = take(legend_wanted);
    readout += take(wanted.min(READOUT_CORE).saturating_sub(readout));
    sparklines += take(2);
    readout += take(wanted - readout);
    sparklines += left;
    let row = |y: u16, height: u16| Rect::new(area.x, y, area.width, height);
    readout::render(app, row(area.y, readout), buf);
    if legend > 0 {
        legend::render(app, row(area.y + readout, legend), buf);
    }
    sparklines::render(app, row(area.y + readout + legend, sparklines), buf);
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
