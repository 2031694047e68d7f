//! Many independent runs at once, on every core: the work loop that the basin map
//! ([`crate::many::basins`]) and the escape ensemble ([`crate::many::ensemble`]) share.
//!
//! Items (cells of a map, copies of an ensemble) are numbered. Each is computed from its
//! number alone, its random numbers seeded by [`item_seed`], so the result of an item does
//! not depend on which thread computed it, when, or how many threads there were. Threads take
//! chunks of items in a fixed order (coarse to fine, for a map) from a counter kept in the
//! job's [`Progress`], which also lets another thread count the items done and cancel the
//! rest. The counter being the job's, threads that were never spawned for it (a pool's
//! workers, each calling the job's `compute` on one thread) share its items too.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Items a thread takes at a time: few enough that the threads finish together and that a
/// watcher sees the map fill in, many enough that the shared counter is rarely touched.
const CHUNK: usize = 8;

/// The most threads per core a job is spread over: the items are CPU-bound, so more threads
/// than cores only share the same cores (and, by the hundred, starve everything else on the
/// machine, the explorer's own keys included), yet a few per core cover cores the machine
/// reports but a container's quota does not give.
pub const MAX_THREADS_PER_CORE: usize = 4;

/// The number of threads to use: `requested`, or else every core the machine has; at most
/// [`MAX_THREADS_PER_CORE`] per core.
pub fn threads(requested: Option<NonZeroUsize>) -> NonZeroUsize {
    let cores = std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN);
    let most = cores.saturating_mul(NonZeroUsize::new(MAX_THREADS_PER_CORE).expect("not 0"));
    requested.unwrap_or(cores).min(most)
}

/// The seed of item `index` of a job seeded by `seed`: SplitMix64's output function
/// (Steele, Lea & Flood 2014) applied to `seed + (index + 1)·γ`, γ = 0x9E3779B97F4A7C15
/// (the golden-ratio increment), with wrapping arithmetic. Neighbouring items get unrelated
/// seeds, and the same (seed, index) always the same one.
pub fn item_seed(seed: u64, index: u64) -> u64 {
    const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut z = seed.wrapping_add(index.wrapping_add(1).wrapping_mul(GAMMA));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// How far a job has got, and whether it should stop: shared between the threads that
/// compute it and any thread that watches (the explorer polls it while it draws).
#[derive(Debug, Default)]
pub struct Progress {
    /// The position in the order of the next chunk to take.
    next: AtomicUsize,
    done: AtomicUsize,
    cancelled: AtomicBool,
}

impl Progress {
    /// No item done, not cancelled.
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of items done so far.
    pub fn done(&self) -> usize {
        self.done.load(Ordering::Acquire)
    }

    /// Asks the job to stop: the items being computed are finished, no new one is started.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Release);
    }

    /// Whether [`Progress::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Acquire)
    }
}

/// Computes `compute(item)` for every item of `order`, taken in that order in chunks by
/// `threads` threads (the caller and helpers it spawns; as many as can be spawned, the
/// caller alone if none can: the items are the same whatever the number), and hands each
/// finished chunk to `store` (from the thread that computed it) before counting it in
/// `progress`. Callers on other threads with the same `progress` share the items. Stops
/// taking chunks once `progress` is cancelled. Returns whether every item was computed
/// when this caller found none left to take.
pub(crate) fn run<T: Send>(
    order: &[usize],
    threads: NonZeroUsize,
    progress: &Progress,
    compute: impl Fn(usize) -> T + Sync,
    store: impl Fn(Vec<(usize, T)>) + Sync,
) -> bool {
    let work = || {
        loop {
            if progress.is_cancelled() {
                break;
            }
            let start = progress.next.fetch_add(CHUNK, Ordering::Relaxed);
            let Some(chunk) = order.get(start..order.len().min(start + CHUNK)) else {
                break;
            };
            if chunk.is_empty() {
                break;
            }
            let results: Vec<(usize, T)> = chunk.iter().map(|&i| (i, compute(i))).collect();
            let count = results.len();
            store(results);
            progress.done.fetch_add(count, Ordering::AcqRel);
        }
    };
    let helpers = threads.get().min(order.len().div_ceil(CHUNK)).max(1) - 1;
    std::thread::scope(|scope| {
        for _ in 0..helpers {
            // A thread that cannot be spawned (a process limit, no memory for its stack)
            // leaves its share to the others.
            if std::thread::Builder::new()
                .spawn_scoped(scope, work)
                .is_err()
            {
                break;
            }
        }
        work();
    });
    progress.done() >= order.len() && !progress.is_cancelled()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn every_item_is_computed_once_whatever_the_thread_count() {
        for threads in [1, 2, 3, 8] {
            let order: Vec<usize> = (0..101).rev().collect();
            let seen = Mutex::new(vec![0u32; 101]);
            let progress = Progress::new();
            let complete = run(
                &order,
                NonZeroUsize::new(threads).unwrap(),
                &progress,
                |i| i * 2,
                |chunk| {
                    for (i, v) in chunk {
                        assert_eq!(v, i * 2);
                        seen.lock().unwrap()[i] += 1;
                    }
                },
            );
            assert!(complete);
            assert_eq!(progress.done(), 101);
            assert!(seen.into_inner().unwrap().iter().all(|&n| n == 1));
        }
    }

    #[test]
    fn a_cancelled_job_starts_no_new_chunk() {
        let progress = Progress::new();
        progress.cancel();
        let order: Vec<usize> = (0..50).collect();
        let complete = run(&order, NonZeroUsize::MIN, &progress, |i| i, |_| {});
        assert!(!complete);
        assert_eq!(progress.done(), 0);
    }

    #[test]
    fn callers_sharing_a_progress_share_its_items() {
        let order: Vec<usize> = (0..1001).collect();
        let seen = Mutex::new(vec![0u32; 1001]);
        let progress = Progress::new();
        std::thread::scope(|scope| {
            for _ in 0..3 {
                scope.spawn(|| {
                    run(
                        &order,
                        NonZeroUsize::MIN,
                        &progress,
                        |i| i,
                        |chunk| {
                            for (i, _) in chunk {
                                seen.lock().unwrap()[i] += 1;
                            }
                        },
                    )
                });
            }
        });
        assert_eq!(progress.done(), 1001);
        assert!(seen.into_inner().unwrap().iter().all(|&n| n == 1));
    }

    #[test]
    fn threads_are_capped_at_a_few_per_core() {
        let cores = std::thread::available_parallelism().unwrap().get();
        let most = cores * MAX_THREADS_PER_CORE;
        assert_eq!(threads(None).get(), cores);
        assert_eq!(threads(NonZeroUsize::new(1)).get(), 1);
        assert_eq!(threads(NonZeroUsize::new(1024)).get(), most.min(1024));
    }

    #[test]
    fn item_seeds_differ_and_repeat() {
        assert_eq!(item_seed(42, 7), item_seed(42, 7));
        assert_ne!(item_seed(42, 0), item_seed(42, 1));
        assert_ne!(item_seed(42, 0), item_seed(43, 0));
    }
}
