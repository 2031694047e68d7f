//! The map's rasters (the shaded contour and the flat and singular cells), cached by what
//! they are computed from and, in the live explorer, computed off the UI thread so that an
//! expensive landscape never delays a key: the map keeps showing the previous picture until
//! the new one is ready, and a picture nobody will see any more is abandoned half-way.
//! Headless recordings and tests compute inline, so that every frame is deterministic.

use crate::tui::app::App;
use crate::tui::theme;
use plateau_core::Domain;
use plateau_core::geometry::plane::Plane;
use plateau_core::landscape::Landscape;
use plateau_core::picture::raster::{Contour, Glyphs};
use plateau_core::picture::terrain::{Terrain, TerrainSpec};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};

/// What every picture of the map is computed over: the landscape, the plane shown (for a
/// model of more than two parameters) and the part of it in view, in `cols × rows` cells.
#[derive(Clone)]
pub struct Canvas {
    /// The landscape.
    pub landscape: Arc<dyn Landscape>,
    /// The plane shown, for a model of more than two parameters.
    pub plane: Option<Plane>,
    /// The part of the plane on the map.
    pub region: Domain,
    /// Cells across.
    pub cols: usize,
    /// Cells down.
    pub rows: usize,
}

impl PartialEq for Canvas {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.landscape, &other.landscape)
            && self.plane == other.plane
            && self.region == other.region
            && (self.cols, self.rows) == (other.cols, other.rows)
    }
}

impl Canvas {
    /// The canvas of `app`'s map at `cols × rows` cells.
    pub fn of(app: &App, cols: usize, rows: usize) -> Self {
        let scene = app.scene();
        Self {
            landscape: Arc::clone(&scene.landscape),
            plane: scene.plane().cloned(),
            region: scene.region,
            cols,
            rows,
        }
    }
}

/// Everything a raster depends on.
#[derive(Clone, PartialEq)]
pub struct RasterKey {
    canvas: Canvas,
    glyphs: Glyphs,
    flat: bool,
}

impl RasterKey {
    /// The key of `app`'s map at `cols × rows` cells.
    pub fn of(app: &App, cols: usize, rows: usize) -> Self {
        Self {
            canvas: Canvas::of(app, cols, rows),
            glyphs: theme::glyphs(app.options()),
            flat: app.layers().flat,
        }
    }

    /// The rasters of this key, or `None` if `cancelled` said to stop.
    fn compute(&self, cancelled: &dyn Fn() -> bool) -> Option<Raster> {
        let Canvas {
            landscape,
            plane,
            region,
            cols,
            rows,
        } = &self.canvas;
        let landscape = landscape.as_ref();
        let contour = match (plane, landscape.surface()) {
            (None, Some(surface)) => {
                Contour::compute_unless(surface, *region, *cols, *rows, self.glyphs, cancelled)
            }
            (plane, _) => {
                let plane = plane.as_ref()?;
                let slice = plateau_core::landscape::Slice::new(landscape, plane);
                Contour::compute_unless(&slice, *region, *cols, *rows, self.glyphs, cancelled)
            }
        }?;
        let terrain = if self.flat {
            let spec = TerrainSpec::for_landscape(landscape.info());
            Some(Terrain::compute_unless(
                landscape,
                plane.as_ref(),
                *region,
                *cols,
                *rows,
                spec,
                cancelled,
            )?)
        } else {
            None
        };
        Some(Raster { contour, terrain })
    }
}

/// The computed pictures of one key.
pub struct Raster {
    /// The shaded contour.
    pub contour: Contour,
    /// The flat and singular cells, when that layer is on.
    pub terrain: Option<Terrain>,
}

/// A request to the worker: a key and its generation.
type Request = (u64, RasterKey);

/// The thread computing rasters for the live explorer.
struct Worker {
    jobs: Sender<Request>,
    done: Receiver<(u64, RasterKey, Raster)>,
    /// The generation of the newest request: older jobs give up.
    latest: Arc<AtomicU64>,
}

impl Worker {
    /// Starts the worker thread.
    fn start() -> Option<Self> {
        let (jobs, inbox) = mpsc::channel::<Request>();
        let (outbox, done) = mpsc::channel();
        let latest = Arc::new(AtomicU64::new(0));
        let newest = Arc::clone(&latest);
        std::thread::Builder::new()
            .name("raster".to_owned())
            .spawn(move || {
                while let Ok((mut generation, mut key)) = inbox.recv() {
                    // Only the newest of the waiting requests is worth computing.
                    while let Ok(newer) = inbox.try_recv() {
                        (generation, key) = newer;
                    }
                    let stale = || newest.load(Ordering::Relaxed) != generation;
                    if let Some(raster) = key.compute(&stale)
                        && outbox.send((generation, key, raster)).is_err()
                    {
                        return;
                    }
                }
            })
            .ok()?;
        Some(Self { jobs, done, latest })
    }
}

/// The cache of the map's rasters.
#[derive(Default)]
pub struct Rasters {
    current: Option<(RasterKey, Raster)>,
    worker: Option<Worker>,
    /// The key last asked of the worker.
    pending: Option<RasterKey>,
    generation: u64,
}

impl Rasters {
    /// A cache that computes inline, on the caller's thread.
    pub fn inline() -> Self {
        Self::default()
    }

    /// A cache that computes on a background thread (inline if it cannot be started).
    pub fn background() -> Self {
        Self {
            worker: Worker::start(),
            ..Self::default()
        }
    }

    /// Makes the rasters of `key` current: at once inline; in the background, by asking
    /// for them (if not already asked) and taking whatever finished since.
    pub fn want(&mut self, key: RasterKey) {
        if self.current.as_ref().is_some_and(|(k, _)| *k == key) {
            self.pending = None;
            return;
        }
        let asked = match &self.worker {
            None => false,
            Some(_) if self.pending.as_ref() == Some(&key) => true,
            Some(worker) => {
                self.generation += 1;
                worker.latest.store(self.generation, Ordering::Relaxed);
                worker.jobs.send((self.generation, key.clone())).is_ok()
            }
        };
        if !asked {
            // No worker (or it is gone): compute here.
            self.worker = None;
            self.pending = None;
            self.current = key.compute(&|| false).map(|raster| (key, raster));
            return;
        }
        self.pending = Some(key);
        if let Some(worker) = &self.worker {
            while let Ok((generation, done, raster)) = worker.done.try_recv() {
                if generation == self.generation {
                    self.pending = None;
                    self.current = Some((done, raster));
                }
            }
        }
    }

    /// Whether a raster is being computed in the background (the loop should look again
    /// soon).
    pub fn busy(&self) -> bool {
        self.pending.is_some()
    }

    /// The current rasters (possibly of an older key while a new one is computed).
    pub fn current(&self) -> Option<&Raster> {
        self.current.as_ref().map(|(_, r)| r)
    }
}
