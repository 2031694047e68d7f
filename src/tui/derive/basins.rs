//! The basin map behind the map: what it is computed from ([`BasinKey`]) and the batch that
//! keeps it ([`BasinLayer`]).

use super::job::KeptJob;
use super::raster::Canvas;
use crate::tui::app::{App, BASIN_STEPS};
use plateau_core::many::basins::{BasinJob, Basins, Grid};
use plateau_core::optim::OptimizerSpec;
use std::sync::Arc;

/// The basin map kept for what the app shows.
pub type BasinLayer = KeptJob<BasinKey, Basins>;

/// Everything a basin map depends on.
#[derive(Clone, PartialEq)]
pub struct BasinKey {
    canvas: Canvas,
    spec: OptimizerSpec,
    seed: u64,
}

impl BasinKey {
    /// The key of `app`'s basin map at `cols × rows` cells (the selected racer's optimizer
    /// with its hyperparameters); `None` when the layer is off.
    pub fn of(app: &App, cols: usize, rows: usize) -> Option<Self> {
        app.layers().basins.then(|| Self {
            canvas: Canvas::of(app, cols, rows),
            spec: app.racers().selected().spec().clone(),
            seed: app.scene().seed,
        })
    }

    /// The job of this key.
    pub fn job(&self) -> Result<Basins, String> {
        let canvas = &self.canvas;
        let grid = Grid::new(
            canvas.landscape.as_ref(),
            canvas.region,
            canvas.plane.clone(),
            canvas.cols,
            canvas.rows,
        )
        .map_err(|e| e.to_string())?;
        let job = BasinJob::new(
            Arc::clone(&canvas.landscape),
            self.spec.clone(),
            grid,
            BASIN_STEPS,
            self.seed,
        );
        Basins::new(job).map_err(|e| e.to_string())
    }
}
