//! Basin maps: the quartic's two basins meet at its barrier, himmelblau's four basins each
//! hold their minimum, and a map is the same whatever the number of threads.

use plateau_core::geometry::plane::Plane;
use plateau_core::landscape::{self, Landscape};
use plateau_core::many::basins::{BasinJob, BasinMap, Basins, Grid, basin_map};
use plateau_core::many::minima::Status;
use plateau_core::optim::{self, OptimizerSpec, Overrides};
use plateau_core::{DEFAULT_SEED, Domain};
use std::num::NonZeroUsize;
use std::sync::Arc;

fn spec(land: &Arc<dyn Landscape>, optimizer: &str, lr: Option<f64>) -> OptimizerSpec {
    let overrides = Overrides {
        lr,
        ..Overrides::default()
    };
    OptimizerSpec::resolve(
        optim::by_name(optimizer).unwrap(),
        &overrides,
        &land.info().lr,
    )
    .unwrap()
}

fn job(name: &str, optimizer: &str, lr: Option<f64>, size: (usize, usize), steps: u64) -> BasinJob {
    let land = landscape::by_name(name).unwrap();
    let grid = Grid::new(land.as_ref(), land.info().domain, None, size.0, size.1).unwrap();
    BasinJob::new(
        land.clone(),
        spec(&land, optimizer, lr),
        grid,
        steps,
        DEFAULT_SEED,
    )
}

fn threads(n: usize) -> NonZeroUsize {
    NonZeroUsize::new(n).unwrap()
}

/// The middle root of 8x³ − 24x² − 52x + 1, the quartic's barrier on y = 0.
const BARRIER: f64 = 0.019064093789530175;

#[test]
fn quartic_starts_left_of_the_barrier_end_in_the_local_minimum() {
    // lr 0.005: below 2/209, the stability limit at the global minimum.
    let map = basin_map(
        job("quartic", "sgd", Some(0.005), (97, 7), 3000),
        threads(2),
    )
    .unwrap();
    assert!(map.is_complete());
    let (local, global) = (-1.4723556260047808, 4.453291532215251);
    let grid = &map.grid;
    let width = grid.region().width() / grid.cols() as f64;
    let mut boundary = None;
    for col in 0..grid.cols() {
        let x = grid.centre(grid.index(col, 0)).x;
        let (minimum, target) = if x < BARRIER { (0, local) } else { (1, global) };
        for row in 0..grid.rows() {
            let i = grid.index(col, row);
            let cell = map.cells[i].unwrap();
            assert_eq!(
                cell.status,
                Status::Minimum(minimum),
                "cell ({col}, {row}) at x = {x}"
            );
            assert!((map.end(i)[0] - target).abs() < 1e-6, "{:?}", map.end(i));
            assert!(map.end(i)[1].abs() < 1e-6);
        }
        if col > 0
            && map.cells[i_of(&map, col - 1)].unwrap().status
                != map.cells[i_of(&map, col)].unwrap().status
        {
            boundary = Some(x - width / 2.0);
        }
    }
    let boundary = boundary.expect("a boundary");
    assert!(
        (boundary - BARRIER).abs() <= width,
        "boundary {boundary}, cell {width}"
    );
    assert_eq!(map.legend.len(), 2);
    assert!(map.legend.iter().all(|e| e.minimum.known && e.runs > 0));
    let total: f64 = map.legend.iter().map(|e| e.share).sum();
    assert_eq!(total, 1.0);
    assert!(map.legend[0].median_steps.unwrap() > 0);
}

fn i_of(map: &BasinMap, col: usize) -> usize {
    map.grid.index(col, 0)
}

#[test]
fn himmelblau_has_four_basins_each_holding_its_minimum() {
    let map = basin_map(job("himmelblau", "sgd", None, (41, 41), 2000), threads(2)).unwrap();
    let grid = &map.grid;
    assert_eq!(map.legend.len(), 4, "{:?}", map.legend);
    for (i, entry) in map.legend.iter().enumerate() {
        assert!(entry.minimum.known);
        assert!(entry.share > 0.1, "minimum {i}: {}", entry.share);
        let p = &entry.minimum.position;
        let (u, v) = grid.region().fraction(plateau_core::Point::new(p[0], p[1]));
        let col = (u * grid.cols() as f64) as usize;
        let row = ((1.0 - v) * grid.rows() as f64) as usize;
        let cell = map.cells[grid.index(col, row)].unwrap();
        assert_eq!(cell.status, Status::Minimum(i), "the cell of minimum {i}");
    }
    let shares: f64 = map.legend.iter().map(|e| e.share).sum();
    let others = map
        .tally
        .share(map.tally.stalled + map.tally.not_converged + map.tally.diverged);
    assert!((shares + others - 1.0).abs() < 1e-12);
    assert!(others < 0.01, "{:?}", map.tally);
}

/// The map as text, NaN and all, so that two maps compare bit for bit.
fn fingerprint(map: &BasinMap) -> String {
    let ends: Vec<String> = (0..map.cells.len())
        .map(|i| {
            format!(
                "{:?}",
                map.end(i).iter().map(|v| v.to_bits()).collect::<Vec<_>>()
            )
        })
        .collect();
    format!("{:?} {:?} {:?} {ends:?}", map.cells, map.legend, map.tally)
}

#[test]
fn a_map_is_the_same_whatever_the_number_of_threads() {
    for (name, optimizer) in [
        ("himmelblau", "adam"),
        ("himmelblau", "langevin"),
        ("rosenbrock", "sgd"),
    ] {
        let one = basin_map(job(name, optimizer, None, (23, 11), 500), threads(1)).unwrap();
        let three = basin_map(job(name, optimizer, None, (23, 11), 500), threads(3)).unwrap();
        assert_eq!(fingerprint(&one), fingerprint(&three), "{name} {optimizer}");
    }
}

#[test]
fn noisy_cells_are_seeded_from_the_job_seed_and_the_cell() {
    let a = basin_map(job("himmelblau", "langevin", None, (9, 9), 300), threads(2)).unwrap();
    let mut other = job("himmelblau", "langevin", None, (9, 9), 300);
    other.seed += 1;
    let b = basin_map(other, threads(2)).unwrap();
    assert_ne!(fingerprint(&a), fingerprint(&b));
}

#[test]
fn rosenbrock_with_a_large_rate_diverges_in_part_of_the_view() {
    let map = basin_map(
        job("rosenbrock", "sgd", Some(0.004), (20, 10), 500),
        threads(2),
    )
    .unwrap();
    assert!(map.tally.diverged > 0, "{:?}", map.tally);
    let diverged = map
        .cells
        .iter()
        .flatten()
        .find(|c| c.status == Status::Diverged)
        .unwrap();
    assert!(diverged.steps < 500);
}

#[test]
fn a_model_is_mapped_on_a_plane_through_its_parameters() {
    let land = landscape::by_name("committee").unwrap();
    let plane = Plane::coordinates(&land.info().start, 0, 1).unwrap();
    let grid = Grid::new(
        land.as_ref(),
        Domain::square(2.0),
        Some(plane.clone()),
        5,
        5,
    )
    .unwrap();
    let mut start = vec![0.0; 6];
    grid.params(grid.centre(0), &mut start);
    assert_eq!(&start[2..], &land.info().start[2..]);
    let job = BasinJob::new(
        land.clone(),
        spec(&land, "adam", None),
        grid,
        200,
        DEFAULT_SEED,
    );
    let map = basin_map(job, threads(2)).unwrap();
    assert!(map.is_complete());
    assert_eq!(map.end(0).len(), 6);
    assert_eq!(map.end_point(0), plane.project(map.end(0)));
}

#[test]
fn a_cancelled_map_keeps_what_it_computed_coarse_cells_first() {
    let basins = Basins::new(job("himmelblau", "sgd", None, (40, 40), 2000)).unwrap();
    basins.progress().cancel();
    assert!(!basins.compute(threads(2)));
    let map = basins.map();
    assert_eq!(map.tally.done, basins.progress().done());
    assert!(!map.is_complete());
    assert!(map.shown(3, 3).is_none());
}

#[test]
fn natgrad_on_a_plain_function_is_refused() {
    let land = landscape::by_name("himmelblau").unwrap();
    let grid = Grid::new(land.as_ref(), land.info().domain, None, 3, 3).unwrap();
    let job = BasinJob::new(land.clone(), spec(&land, "natgrad", None), grid, 10, 1);
    assert!(Basins::new(job).is_err());
}
