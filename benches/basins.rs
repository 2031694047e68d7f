//! Speed of many runs at once: optimizer steps inside a basin map (adam on himmelblau, 40x20
//! cells, at most 2000 steps each, every cell's steps counted) on one and two threads,
//! against the plain stepping loop of the same optimizer on the same landscape, and an
//! escape ensemble. Run with `cargo bench --bench basins`; divan's items per second are
//! steps per second.

use divan::{Bencher, counter::ItemsCount};
use plateau_core::landscape::{self, Landscape};
use plateau_core::many::basins::{BasinJob, Grid, basin_map};
use plateau_core::many::ensemble::{EnsembleJob, Noise, ensemble};
use plateau_core::optim::{self, OptimizerSpec, Overrides};
use plateau_core::run::Run;
use std::num::NonZeroUsize;
use std::sync::Arc;

fn main() {
    divan::main();
}

/// Steps of the plain loop per iteration.
const STEPS: u64 = 2000;

fn setup(optimizer: &str) -> (Arc<dyn Landscape>, OptimizerSpec) {
    let land = landscape::by_name("himmelblau").expect("registered");
    let kind = optim::by_name(optimizer).expect("registered");
    let spec = OptimizerSpec::resolve(kind, &Overrides::default(), &land.info().lr).expect("valid");
    (land, spec)
}

/// The basin map every benchmark of a map computes.
fn job() -> BasinJob {
    let (land, spec) = setup("adam");
    let grid = Grid::new(land.as_ref(), land.info().domain, None, 40, 20).expect("a grid");
    BasinJob::new(land, spec, grid, 2000, 42)
}

/// The steps every cell of [`job`]'s map takes, in all.
fn map_steps() -> u64 {
    let map = basin_map(job(), NonZeroUsize::MIN).expect("a map");
    map.cells.iter().flatten().map(|c| c.steps).sum()
}

/// 2000 steps of adam on himmelblau from (0.5, 0.5): the plain stepping loop.
#[divan::bench]
fn plain_loop(bencher: Bencher) {
    let (land, spec) = setup("adam");
    bencher
        .counter(ItemsCount::new(STEPS))
        .with_inputs(|| Run::new(land.clone(), spec.clone(), &[0.5, 0.5], 42).expect("a run"))
        .bench_local_refs(|run| {
            for _ in 0..STEPS {
                run.step();
            }
        });
}

/// The whole map on 1 and 2 threads.
#[divan::bench(args = [1, 2], sample_count = 20)]
fn basin_map_40x20(bencher: Bencher, threads: usize) {
    let threads = NonZeroUsize::new(threads).expect("at least one");
    bencher
        .counter(ItemsCount::new(map_steps()))
        .bench(|| basin_map(job(), threads).expect("a map"));
}

/// 256 copies of sgd from the saddle of x² − y² with a kick of 0.001 after every step, up to
/// 2000 steps each (every copy takes all of them), on 1 and 2 threads.
#[divan::bench(args = [1, 2], sample_count = 20)]
fn ensemble_256(bencher: Bencher, threads: usize) {
    let threads = NonZeroUsize::new(threads).expect("at least one");
    let land = landscape::by_name("saddle").expect("registered");
    let spec = OptimizerSpec::resolve(
        optim::by_name("sgd").expect("sgd"),
        &Overrides::default(),
        &land.info().lr,
    )
    .expect("valid");
    let job = EnsembleJob::new(
        land,
        spec,
        vec![0.0, 0.0],
        256,
        1e-3,
        Noise::Continuous,
        2000,
        42,
    )
    .expect("a job");
    bencher
        .counter(ItemsCount::new(256 * 2000u64))
        .bench(|| ensemble(job.clone(), threads).expect("an ensemble"));
}
