//! Basins of attraction: every cell of a region is the start of a run, and the map says
//! which minimum each start ends in (or that it stalled, did not converge, or diverged) and
//! how many steps it took.
//!
//! A [`BasinJob`] says what to run: a landscape, an optimizer with its hyperparameters, a
//! [`Grid`] of starts over a region (of the landscape's own plane, or of a
//! [`Plane`] through the parameters of a larger one), the most steps per run and a seed.
//! [`Basins`] computes it on any number of threads, coarse to fine (every fourth cell of
//! every fourth row first, then every second, then the rest), while another thread may
//! poll its [`Progress`], take the [`BasinMap`] so far, or cancel it.
//!
//! Convergence follows [`crate::many::settle`], the minima and statuses [`crate::many::minima`]. Each
//! cell's run is seeded with [`item_seed`]`(seed, cell index)`, and the classification
//! takes the cells in index order, so the map is the same whatever the number of threads.

use crate::Point;
use crate::error::{Error, Result};
use crate::geometry::domain::Domain;
use crate::geometry::plane::Plane;
use crate::landscape::Landscape;
use crate::many::batch::{self, Progress, item_seed};
use crate::many::minima::{self, LegendEntry, Status, Tally};
use crate::many::settle::{Ending, Rules, settle};
use crate::optim::OptimizerSpec;
use crate::run::Run;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, PoisonError};

/// The most cells of a map.
pub const MAX_CELLS: usize = 4_000_000;

/// The strides of the passes, coarsest first: a cell is computed in the first pass whose
/// stride divides both its column and its row.
const PASSES: [usize; 3] = [4, 2, 1];

/// The starts of a basin map: `cols × rows` cells over a region, numbered row by row from the
/// top left (row 0 is the top, at the region's largest y), each run started at its centre.
#[derive(Clone, Debug, PartialEq)]
pub struct Grid {
    region: Domain,
    plane: Option<Plane>,
    cols: usize,
    rows: usize,
}

impl Grid {
    /// `cols × rows` cells over `region`: a part of the landscape's own plane (`plane` is
    /// `None`, for a landscape of two parameters), or of `plane` through its parameter
    /// space.
    pub fn new(
        landscape: &dyn Landscape,
        region: Domain,
        plane: Option<Plane>,
        cols: usize,
        rows: usize,
    ) -> Result<Self> {
        let info = landscape.info();
        match &plane {
            None if info.dim() != 2 => {
                return Err(Error::Unsupported(format!(
                    "{} has {} parameters: a basin map needs a plane through them",
                    info.name,
                    info.dim()
                )));
            }
            Some(p) if p.dim() != info.dim() || !p.origin().iter().all(|v| v.is_finite()) => {
                return Err(Error::Unsupported(format!(
                    "the plane of a basin map of {} must pass through a finite point of its {} parameters",
                    info.name,
                    info.dim()
                )));
            }
            _ => {}
        }
        if cols == 0 || rows == 0 || cols.saturating_mul(rows) > MAX_CELLS {
            return Err(Error::OutOfRange(format!(
                "a basin map has between 1 and {MAX_CELLS} cells, got {cols}x{rows}"
            )));
        }
        Ok(Self {
            region,
            plane,
            cols,
            rows,
        })
    }

    /// The part of the plane the cells cover.
    pub fn region(&self) -> Domain {
        self.region
    }

    /// The plane through the parameter space (`None`: the landscape's own).
    pub fn plane(&self) -> Option<&Plane> {
        self.plane.as_ref()
    }

    /// Cells per row.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// Rows of cells.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The number of cells.
    pub fn len(&self) -> usize {
        self.cols * self.rows
    }

    /// Whether the grid has no cells (never: [`Grid::new`] refuses that).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The index of the cell at column `col` and row `row`.
    pub fn index(&self, col: usize, row: usize) -> usize {
        row * self.cols + col
    }

    /// The centre of cell `index`, a point of the plane.
    pub fn centre(&self, index: usize) -> Point {
        let (col, row) = (index % self.cols, index / self.cols);
        self.region.lerp(
            (col as f64 + 0.5) / self.cols as f64,
            1.0 - (row as f64 + 0.5) / self.rows as f64,
        )
    }

    /// Writes the parameters at the point `p` of the plane into `out`.
    pub fn params(&self, p: Point, out: &mut [f64]) {
        match &self.plane {
            Some(plane) => plane.params(p, out),
            None => out.copy_from_slice(p.as_slice()),
        }
    }

    /// The point of the plane nearest to the parameters `theta`.
    pub fn project(&self, theta: &[f64]) -> Point {
        match &self.plane {
            Some(plane) => plane.project(theta),
            None => Point::new(theta[0], theta[1]),
        }
    }

    /// The pass (0 coarsest) in which cell (`col`, `row`) is computed.
    fn pass(col: usize, row: usize) -> usize {
        (PASSES.iter())
            .position(|&s| col.is_multiple_of(s) && row.is_multiple_of(s))
            .unwrap_or(PASSES.len() - 1)
    }

    /// Every cell index in the order computed: pass by pass, in index order within each.
    fn order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.len()).collect();
        order.sort_by_key(|&i| Self::pass(i % self.cols, i / self.cols));
        order
    }
}

/// What a basin map runs: `spec` on `landscape` from every cell of `grid`, for at most
/// `steps` steps each, noisy optimizers seeded from `seed` and the cell's index.
#[derive(Clone)]
pub struct BasinJob {
    /// The landscape.
    pub landscape: Arc<dyn Landscape>,
    /// The optimizer and its hyperparameters.
    pub spec: OptimizerSpec,
    /// The starts.
    pub grid: Grid,
    /// The most steps of each run.
    pub steps: u64,
    /// The seed of the job ([`item_seed`] gives each cell's).
    pub seed: u64,
    /// When a run has converged, and how near a minimum counts as in it.
    pub rules: Rules,
}

impl BasinJob {
    /// A job with the landscape's default [`Rules`].
    pub fn new(
        landscape: Arc<dyn Landscape>,
        spec: OptimizerSpec,
        grid: Grid,
        steps: u64,
        seed: u64,
    ) -> Self {
        let rules = Rules::for_landscape(landscape.info());
        Self {
            landscape,
            spec,
            grid,
            steps,
            seed,
            rules,
        }
    }
}

/// One cell of a map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cell {
    /// How its run ended (the minimum's index into [`BasinMap::legend`]).
    pub status: Status,
    /// The steps its run took.
    pub steps: u64,
}

/// A basin map, complete or as far as it was computed.
#[derive(Clone, Debug, PartialEq)]
pub struct BasinMap {
    /// The starts.
    pub grid: Grid,
    /// One entry per cell, in index order; `None` for a cell not computed yet.
    pub cells: Vec<Option<Cell>>,
    /// Every minimum runs may end in, with its share of the cells computed and the median
    /// steps to reach it (minima no cell reached included, with a share of 0).
    pub legend: Vec<LegendEntry>,
    /// The cells computed, counted by status.
    pub tally: Tally,
    /// The end parameters of every cell, `dim` per cell (NaN for a cell not computed).
    ends: Vec<f64>,
    dim: usize,
}

impl BasinMap {
    /// The parameters where the run of cell `index` ended (non-finite if it diverged).
    pub fn end(&self, index: usize) -> &[f64] {
        &self.ends[index * self.dim..(index + 1) * self.dim]
    }

    /// Where the run of cell `index` ended, projected onto the map's plane.
    pub fn end_point(&self, index: usize) -> Point {
        self.grid.project(self.end(index))
    }

    /// Whether every cell is computed.
    pub fn is_complete(&self) -> bool {
        self.tally.done == self.cells.len()
    }

    /// What to show at (`col`, `row`): its own cell once computed, until then the cell of a
    /// coarser pass that stands for it (the top-left corner of its 2×2, then 4×4, block).
    pub fn shown(&self, col: usize, row: usize) -> Option<&Cell> {
        PASSES.iter().rev().find_map(|s| {
            let i = self.grid.index(col - col % s, row - row % s);
            self.cells.get(i)?.as_ref()
        })
    }
}

/// The endings and end points computed so far.
struct Slots {
    endings: Vec<Option<Ending>>,
    ends: Vec<f64>,
}

/// A basin map being computed: shared between the threads that compute it and any that
/// watch it.
pub struct Basins {
    job: BasinJob,
    progress: Progress,
    slots: Mutex<Slots>,
}

impl Basins {
    /// A job ready to compute; an error if its optimizer cannot run on its landscape.
    pub fn new(job: BasinJob) -> Result<Self> {
        job.spec.build(job.landscape.as_ref())?;
        let (cells, dim) = (job.grid.len(), job.landscape.info().dim());
        Ok(Self {
            slots: Mutex::new(Slots {
                endings: vec![None; cells],
                ends: vec![f64::NAN; cells * dim],
            }),
            progress: Progress::new(),
            job,
        })
    }

    /// What is computed.
    pub fn job(&self) -> &BasinJob {
        &self.job
    }

    /// Cells done so far, and the switch that cancels the rest.
    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// Computes every cell on `threads` threads, coarse to fine; returns when all are done
    /// (`true`) or the job was cancelled (`false`). Blocks the caller, which computes too
    /// (the explorer calls it from a thread of its own). A cancelled job stays cancelled: a
    /// change of region or optimizer makes a new one.
    pub fn compute(&self, threads: NonZeroUsize) -> bool {
        let order = self.job.grid.order();
        let dim = self.job.landscape.info().dim();
        batch::run(
            &order,
            threads,
            &self.progress,
            |index| self.cell(index),
            |chunk| {
                let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
                for (index, (ending, end)) in chunk {
                    slots.endings[index] = Some(ending);
                    slots.ends[index * dim..(index + 1) * dim].copy_from_slice(&end);
                }
            },
        )
    }

    /// The run of cell `index`: its ending and end parameters.
    fn cell(&self, index: usize) -> (Ending, Vec<f64>) {
        let job = &self.job;
        let mut start = vec![0.0; job.landscape.info().dim()];
        job.grid.params(job.grid.centre(index), &mut start);
        let seed = item_seed(job.seed, index as u64);
        match Run::new(job.landscape.clone(), job.spec.clone(), &start, seed) {
            Ok(mut run) => {
                let ending = settle(&mut run, job.steps, |_| {});
                (ending, run.params().to_vec())
            }
            // Only a start that is not finite (a plane far out) fails here: it diverged.
            Err(_) => (
                Ending {
                    steps: 0,
                    converged: false,
                    diverged: true,
                    stalled: false,
                },
                start,
            ),
        }
    }

    /// The map of the cells computed so far, classified ([`crate::many::minima`]).
    pub fn map(&self) -> BasinMap {
        let job = &self.job;
        let dim = job.landscape.info().dim();
        let (endings, ends) = {
            let slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
            (slots.endings.clone(), slots.ends.clone())
        };
        let (statuses, found) =
            minima::classify(job.landscape.as_ref(), &job.rules, &endings, |i| {
                &ends[i * dim..(i + 1) * dim]
            });
        let (legend, tally) = minima::legend(found, &statuses, &endings);
        let cells = (statuses.iter().zip(&endings))
            .map(|(status, ending)| {
                Some(Cell {
                    status: (*status)?,
                    steps: ending.as_ref()?.steps,
                })
            })
            .collect();
        BasinMap {
            grid: job.grid.clone(),
            cells,
            legend,
            tally,
            ends,
            dim,
        }
    }
}

/// Computes the whole map of `job` on `threads` threads.
pub fn basin_map(job: BasinJob, threads: NonZeroUsize) -> Result<BasinMap> {
    let basins = Basins::new(job)?;
    basins.compute(threads);
    Ok(basins.map())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::landscape::by_name;

    #[test]
    fn cells_are_numbered_from_the_top_left_and_computed_coarse_to_fine() {
        let bowl = by_name("bowl").unwrap();
        let grid = Grid::new(bowl.as_ref(), Domain::rect(0.0, 8.0, 0.0, 4.0), None, 8, 4).unwrap();
        assert_eq!(grid.centre(0), Point::new(0.5, 3.5));
        assert_eq!(grid.centre(grid.index(7, 3)), Point::new(7.5, 0.5));
        let order = grid.order();
        assert_eq!(&order[..2], &[0, 4]);
        assert_eq!(&order[2..8], &[2, 6, 16, 18, 20, 22]);
        assert_eq!(order.len(), 32);
    }

    #[test]
    fn a_coarse_cell_stands_for_its_block_until_the_block_is_computed() {
        let land = by_name("bowl").unwrap();
        let grid = Grid::new(land.as_ref(), Domain::square(3.0), None, 8, 8).unwrap();
        let spec = crate::optim::OptimizerSpec::resolve(
            crate::optim::by_name("sgd").unwrap(),
            &crate::optim::Overrides::default(),
            &land.info().lr,
        )
        .unwrap();
        let basins = Basins::new(BasinJob::new(land, spec, grid.clone(), 50, 1)).unwrap();
        assert!(basins.compute(NonZeroUsize::MIN));
        let full = basins.map();
        {
            let mut slots = basins.slots.lock().unwrap();
            for i in 0..grid.len() {
                if Grid::pass(i % 8, i / 8) > 0 {
                    slots.endings[i] = None;
                }
            }
        }
        let coarse = basins.map();
        assert_eq!(coarse.tally.done, 4);
        assert_eq!(coarse.shown(3, 3), full.cells[0].as_ref());
        assert_eq!(coarse.shown(5, 2), full.cells[grid.index(4, 0)].as_ref());
        assert_eq!(full.shown(3, 3), full.cells[grid.index(3, 3)].as_ref());
    }

    #[test]
    fn grids_refuse_no_cells_and_a_missing_plane() {
        let bowl = by_name("bowl").unwrap();
        let region = Domain::square(1.0);
        assert!(Grid::new(bowl.as_ref(), region, None, 0, 3).is_err());
        assert!(Grid::new(bowl.as_ref(), region, None, 3000, 3000).is_err());
        let committee = by_name("committee").unwrap();
        assert!(Grid::new(committee.as_ref(), region, None, 3, 3).is_err());
        let plane = Plane::coordinates(&committee.info().start, 0, 1);
        assert!(Grid::new(committee.as_ref(), region, plane, 3, 3).is_ok());
    }
}
