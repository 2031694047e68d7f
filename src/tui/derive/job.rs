//! Many runs behind the map: the basin map and the escape ensemble, each kept for the key it
//! was computed from (what the app shows), computed on every core and, in the live explorer,
//! off the UI thread by the worker [`Pool`]: the map shows the cells or copies done so far,
//! and a job nobody will see any more is cancelled. Headless recordings and tests compute
//! inline, so that every frame is deterministic (the result never depends on the number of
//! threads).

use super::pool::{Pool, Task};
use crate::tui::app::Work;
use plateau_core::many::basins::{BasinMap, Basins};
use plateau_core::many::batch::Progress;
use plateau_core::many::ensemble::{Ensemble, EnsembleResult};
use std::num::NonZeroUsize;
use std::sync::Arc;

/// A computation of many runs, as the core's [`Basins`] and [`Ensemble`] are.
pub trait Job: Send + Sync + 'static {
    /// What a snapshot of the job's progress looks like.
    type Snapshot;
    /// Computes on `threads` threads (blocking) until no item is left or the job is
    /// cancelled; callers on several threads share the items.
    fn compute(&self, threads: NonZeroUsize) -> bool;
    /// Items done, and the switch that cancels the rest.
    fn progress(&self) -> &Progress;
    /// How many items the job has.
    fn total(&self) -> usize;
    /// The result of the items done so far.
    fn snapshot(&self) -> Self::Snapshot;
}

impl Job for Basins {
    type Snapshot = BasinMap;

    fn compute(&self, threads: NonZeroUsize) -> bool {
        Basins::compute(self, threads)
    }

    fn progress(&self) -> &Progress {
        Basins::progress(self)
    }

    fn total(&self) -> usize {
        self.job().grid.len()
    }

    fn snapshot(&self) -> BasinMap {
        self.map()
    }
}

impl Job for Ensemble {
    type Snapshot = EnsembleResult;

    fn compute(&self, threads: NonZeroUsize) -> bool {
        Ensemble::compute(self, threads)
    }

    fn progress(&self) -> &Progress {
        Ensemble::progress(self)
    }

    fn total(&self) -> usize {
        self.job().copies
    }

    fn snapshot(&self) -> EnsembleResult {
        self.result()
    }
}

/// The job of the current key and its latest snapshot.
struct Current<K, J: Job> {
    key: K,
    job: Arc<J>,
    snapshot: J::Snapshot,
    /// Items done when the snapshot was taken.
    done: usize,
}

/// A job kept for a key (see the module).
pub struct KeptJob<K, J: Job> {
    /// What the job computes, for its notices.
    work: Work,
    /// The threads an inline job is computed on.
    threads: NonZeroUsize,
    current: Option<Current<K, J>>,
    /// The last key that could not be computed.
    failed: Option<K>,
}

/// Where a kept job is computed.
pub enum Compute<'a> {
    /// On the caller's thread (and helpers the core starts for the job), before
    /// [`KeptJob::want`] returns.
    Inline,
    /// By the live explorer's workers, while the caller goes on.
    Pool(&'a mut Pool),
}

impl<K: PartialEq, J: Job> KeptJob<K, J> {
    /// No job yet, for `work`, computed inline on `threads` threads when inline.
    pub fn new(work: Work, threads: NonZeroUsize) -> Self {
        Self {
            work,
            threads,
            current: None,
            failed: None,
        }
    }

    /// Makes the kept job that of `key` (`None`: none), building its job with `make` when the
    /// key is new (the old job is cancelled) and computing it as `compute` says, and
    /// refreshes the snapshot if more is done. An error, once per key, when the job cannot
    /// be made or no thread can be started for it.
    pub fn want(
        &mut self,
        key: Option<K>,
        make: impl FnOnce(&K) -> Result<J, String>,
        compute: Compute,
    ) -> Result<(), String> {
        let Some(key) = key else {
            self.clear();
            return Ok(());
        };
        if self.current.as_ref().is_some_and(|c| c.key == key) {
            self.refresh();
            return Ok(());
        }
        if self.failed.as_ref() == Some(&key) {
            return Ok(());
        }
        self.clear();
        let started = make(&key).and_then(|job| {
            let job = Arc::new(job);
            match compute {
                Compute::Inline => {
                    job.compute(self.threads);
                }
                Compute::Pool(pool) => {
                    let worker = Arc::clone(&job);
                    let task: Task = Arc::new(move || {
                        worker.compute(NonZeroUsize::MIN);
                    });
                    pool.run_on_each(&task)
                        .map_err(|e| format!("{} needs a thread: {e}", self.work.name()))?;
                }
            }
            Ok(job)
        });
        match started {
            Ok(job) => {
                let snapshot = job.snapshot();
                let done = job.progress().done();
                self.current = Some(Current {
                    key,
                    job,
                    snapshot,
                    done,
                });
                Ok(())
            }
            Err(e) => {
                self.failed = Some(key);
                Err(e)
            }
        }
    }

    /// Takes a new snapshot if more items are done than in the last one.
    fn refresh(&mut self) {
        if let Some(c) = &mut self.current {
            let done = c.job.progress().done();
            if done != c.done {
                c.snapshot = c.job.snapshot();
                c.done = done;
            }
        }
    }

    /// Cancels and forgets the current job.
    pub fn clear(&mut self) {
        if let Some(c) = self.current.take() {
            c.job.progress().cancel();
        }
        self.failed = None;
    }

    /// The latest snapshot, if a job is kept.
    pub fn snapshot(&self) -> Option<&J::Snapshot> {
        self.current.as_ref().map(|c| &c.snapshot)
    }

    /// The fraction of the items done in the latest snapshot.
    pub fn fraction(&self) -> Option<f64> {
        let c = self.current.as_ref()?;
        Some(c.done as f64 / c.job.total().max(1) as f64)
    }

    /// Whether a kept job is still being computed (the loop should draw again soon).
    pub fn busy(&self) -> bool {
        self.current
            .as_ref()
            .is_some_and(|c| c.done < c.job.total() && !c.job.progress().is_cancelled())
    }
}

impl<K, J: Job> Drop for KeptJob<K, J> {
    fn drop(&mut self) {
        if let Some(c) = &self.current {
            c.job.progress().cancel();
        }
    }
}
