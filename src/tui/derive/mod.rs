//! What the explorer shows that is derived from the app's state rather than kept in it: the
//! screen's layout, the tour panel's text and its page count ([`tour`]), the map's contour
//! and terrain rasters ([`raster`]), the basin map ([`basins`]) and the escape ensemble,
//! and which part of a long formula the editor shows. [`Derived`] brings all of it up to
//! date for a frame, owns the background work behind it (the raster thread and the worker
//! worker pool of the live explorer), and hands what went wrong back to the app as
//! notices. The view ([`crate::tui::ui`]) only reads it; the input reads where the map is
//! and how many pages the tour has ([`Derived::map_geometry`]).

pub mod basins;
pub mod facts;
mod job;
pub mod layout;
mod pool;
pub mod raster;
pub mod reaction;
pub mod tour;

use crate::tui::app::{App, Overlay, Work};
use crate::tui::input::MapGeometry;
use basins::{BasinKey, BasinLayer};
use job::{Compute, KeptJob};
use layout::{Areas, MapAreas};
use plateau_core::many::basins::BasinMap;
use plateau_core::many::ensemble::{Ensemble, EnsembleResult};
use plateau_core::picture::raster::Contour;
use plateau_core::picture::terrain::Terrain;
use pool::Pool;
use raster::{RasterKey, Rasters};
use ratatui::layout::Rect;
use std::num::NonZeroUsize;
use tour::TourText;

/// The rows the right-hand column wants for an app when it is a given number of columns
/// wide, with charts that show their story (the view's [`crate::tui::ui::column_rows`]): the
/// tour's panel leaves the column that many rows and scrolls instead.
pub type ColumnRows = fn(&App, u16) -> u16;

/// The escape ensemble kept for what the app shows, by launch.
type EnsembleLayer = KeptJob<u64, Ensemble>;

/// Everything derived from the app for the frame last prepared (see the module).
pub struct Derived {
    size: Rect,
    areas: Option<Areas>,
    tour: TourText,
    rasters: Rasters,
    basins: BasinLayer,
    ensemble: EnsembleLayer,
    /// The live explorer's workers; `None`: many runs are computed inline.
    pool: Option<Pool>,
    editor_first: usize,
    /// What could not be computed since the app was last told, and why.
    failures: Vec<(Work, String)>,
}

impl Default for Derived {
    fn default() -> Self {
        Self::new()
    }
}

impl Derived {
    /// Computed inline, on the caller's thread, many runs on every core (deterministic:
    /// recordings, tests, render).
    pub fn new() -> Self {
        Self::with(
            Rasters::inline(),
            None,
            plateau_core::many::batch::threads(None),
        )
    }

    /// Computed off the UI thread (the live explorer): the rasters on a thread of their
    /// own, basin maps and ensembles by a pool of `threads` workers started when first
    /// needed.
    pub fn background(threads: NonZeroUsize) -> Self {
        let threads = plateau_core::many::batch::threads(Some(threads));
        Self::with(
            Rasters::background(),
            Some(Pool::new(threads, spawn())),
            threads,
        )
    }

    /// Derived state with these rasters and pool, many runs inline on `threads` threads.
    fn with(rasters: Rasters, pool: Option<Pool>, threads: NonZeroUsize) -> Self {
        Self {
            size: Rect::default(),
            areas: None,
            tour: TourText::default(),
            rasters,
            basins: KeptJob::new(Work::Basins, threads),
            ensemble: KeptJob::new(Work::Ensemble, threads),
            pool,
            editor_first: 0,
            failures: Vec::new(),
        }
    }

    /// Lays out a screen of `size` for `app`, the right-hand column wanting `column` rows,
    /// and brings everything on it up to date.
    pub fn update(&mut self, app: &App, size: Rect, column: ColumnRows) {
        self.size = size;
        let column = column(app, layout::panel_width(size));
        (self.tour, self.areas) = tour::lay_out(app, size, column);
        if let Some(areas) = self.areas {
            self.update_map(app, &areas.map);
        }
        if let Overlay::Editor(editor) = app.overlay() {
            self.editor_first = editor.window(self.editor_first, layout::editor_columns(size));
        } else {
            self.editor_first = 0;
        }
    }

    /// Brings the map's rasters and many runs up to date for a map drawn in `map` (what
    /// `plateau render` calls without a full screen).
    pub fn update_map(&mut self, app: &App, map: &MapAreas) {
        let (cols, rows) = (usize::from(map.cells.width), usize::from(map.cells.height));
        self.rasters.want(RasterKey::of(app, cols, rows));
        let basins = self.basins.want(
            BasinKey::of(app, cols, rows),
            BasinKey::job,
            compute(&mut self.pool),
        );
        let request = app.ensemble();
        let ensemble = self.ensemble.want(
            request.map(|r| r.generation),
            |_| {
                let job = request.expect("a request").job.clone();
                Ensemble::new(job).map_err(|e| e.to_string())
            },
            compute(&mut self.pool),
        );
        self.failures.extend(
            [(Work::Basins, basins), (Work::Ensemble, ensemble)]
                .into_iter()
                .filter_map(|(work, result)| Some((work, result.err()?))),
        );
    }

    /// Tells `app` what could not be computed since it was last told (it shows a notice and
    /// turns the feature off); whether there was anything (`app` changed: derive again).
    pub fn report(&mut self, app: &mut App) -> bool {
        let any = !self.failures.is_empty();
        for (work, why) in self.failures.drain(..) {
            app.work_failed(work, why);
        }
        any
    }

    /// Whether something is still being computed (the loop should draw again soon).
    pub fn busy(&self) -> bool {
        self.rasters.busy() || self.basins.busy() || self.ensemble.busy()
    }

    /// The size of the screen last laid out.
    pub fn size(&self) -> Rect {
        self.size
    }

    /// The screen's regions as last laid out (`None` when the screen is too small).
    pub fn areas(&self) -> Option<Areas> {
        self.areas
    }

    /// The tour panel's text and page count.
    pub fn tour(&self) -> &TourText {
        &self.tour
    }

    /// The first character of the formula the editor shows (0 when it is closed).
    pub fn editor_first(&self) -> usize {
        self.editor_first
    }

    /// The contour raster prepared last.
    pub fn contour(&self) -> Option<&Contour> {
        self.rasters.current().map(|r| &r.contour)
    }

    /// The flat and singular cells prepared last, when that layer is on.
    pub fn terrain(&self) -> Option<&Terrain> {
        self.rasters.current().and_then(|r| r.terrain.as_ref())
    }

    /// The basin map as far as it is computed, and the fraction of its cells done.
    pub fn basin_map(&self) -> Option<(&BasinMap, f64)> {
        Some((self.basins.snapshot()?, self.basins.fraction()?))
    }

    /// The escape ensemble as far as it is computed, and the fraction of its copies done.
    pub fn ensemble(&self) -> Option<(&EnsembleResult, f64)> {
        Some((self.ensemble.snapshot()?, self.ensemble.fraction()?))
    }

    /// Where the map was laid out and what it shows, for mouse clicks and scripted clicks
    /// (an empty area when the screen is too small), and the tour's page count.
    pub fn map_geometry(&self, app: &App) -> MapGeometry {
        MapGeometry {
            area: self.areas.map_or(Rect::default(), |a| a.map.cells),
            region: app.scene().region,
            tour_pages: self.tour.pages,
        }
    }
}

/// Computed by `pool`'s workers if there is one, else inline.
fn compute(pool: &mut Option<Pool>) -> Compute<'_> {
    match pool {
        Some(pool) => Compute::Pool(pool),
        None => Compute::Inline,
    }
}

/// How the workers are started: real threads, except in debug builds with the environment
/// variable `PLATEAU_TEST_SPAWN_FAILS` set, where every start fails as under a process
/// limit (`ulimit -u`), for the end-to-end tests.
fn spawn() -> pool::Spawn {
    #[cfg(debug_assertions)]
    if std::env::var_os("PLATEAU_TEST_SPAWN_FAILS").is_some() {
        return |_, _| Err(std::io::Error::from_raw_os_error(11));
    }
    pool::spawn_thread
}
