//! The live explorer's worker threads for many runs (basin maps, escape ensembles): a fixed
//! set, started the first time they are needed and reused for every job after, so that a
//! storm of recomputations costs no new threads. A job is handed to every worker, and each
//! takes part in it on its own thread (the core's jobs share their items between callers,
//! see `plateau_core::many::batch`); a job cancelled meanwhile is left as soon as the chunk in hand
//! is done.
//!
//! Threads that cannot be started (a process limit, no memory for a stack) are left out:
//! the pool works with the ones it got, and refuses jobs with the reason if it got none.

use std::io;
use std::num::NonZeroUsize;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, PoisonError};

/// A part of a job, run by one worker.
pub type Task = Arc<dyn Fn() + Send + Sync>;

/// Starts a thread called `name` running `body` (a seam: tests make it fail).
pub type Spawn = fn(name: &str, body: Box<dyn FnOnce() + Send>) -> io::Result<()>;

/// Starts a real thread.
pub fn spawn_thread(name: &str, body: Box<dyn FnOnce() + Send>) -> io::Result<()> {
    std::thread::Builder::new()
        .name(name.to_owned())
        .spawn(body)
        .map(drop)
}

/// The worker threads (see the module).
pub struct Pool {
    threads: NonZeroUsize,
    spawn: Spawn,
    /// The queue the workers take their tasks from, and how many there are; `None` until
    /// they are first needed (or while none could be started).
    workers: Option<(Sender<Task>, usize)>,
}

impl Pool {
    /// A pool of `threads` workers started with `spawn` when first needed.
    pub fn new(threads: NonZeroUsize, spawn: Spawn) -> Self {
        Self {
            threads,
            spawn,
            workers: None,
        }
    }

    /// Hands `task` to every worker, starting them if they are not running; an error saying
    /// why when not one could be started.
    pub fn run_on_each(&mut self, task: &Task) -> Result<(), String> {
        let (queue, count) = match &self.workers {
            Some(workers) => workers,
            None => self.workers.insert(self.start()?),
        };
        for _ in 0..*count {
            queue
                .send(Arc::clone(task))
                .map_err(|_| "the worker threads are gone".to_owned())?;
        }
        Ok(())
    }

    /// Starts as many of the workers as can be started; the error of the first one when
    /// none can.
    fn start(&self) -> Result<(Sender<Task>, usize), String> {
        let (queue, inbox) = mpsc::channel::<Task>();
        let inbox = Arc::new(Mutex::new(inbox));
        let mut count = 0;
        for _ in 0..self.threads.get() {
            let inbox = Arc::clone(&inbox);
            match (self.spawn)("worker", Box::new(move || work(&inbox))) {
                Ok(()) => count += 1,
                Err(e) if count == 0 => return Err(format!("cannot start a thread: {e}")),
                Err(_) => break,
            }
        }
        Ok((queue, count))
    }
}

/// A worker: runs the tasks it takes from `inbox` until the pool is dropped.
fn work(inbox: &Mutex<Receiver<Task>>) {
    loop {
        let task = inbox.lock().unwrap_or_else(PoisonError::into_inner).recv();
        let Ok(task) = task else { return };
        #[cfg(debug_assertions)]
        test_panic();
        task();
    }
}

/// Debug builds only (the function does not exist in release builds): with the environment
/// variable `PLATEAU_TEST_WORKER_PANIC` set, a worker panics as it takes a task, as a bug in
/// a computation would. The end-to-end tests use it to check that a panic on another thread
/// than the one drawing ends the whole explorer.
#[cfg(debug_assertions)]
fn test_panic() {
    if std::env::var_os("PLATEAU_TEST_WORKER_PANIC").is_some() {
        panic!("PLATEAU_TEST_WORKER_PANIC is set: a test-only panic in a worker");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::{Duration, Instant};

    /// A spawner that fails every time, as under `ulimit -u`.
    fn never(_: &str, _: Box<dyn FnOnce() + Send>) -> io::Result<()> {
        Err(io::Error::from_raw_os_error(11))
    }

    /// Waits until `count` reaches `n` (or a few seconds pass).
    fn reaches(count: &AtomicUsize, n: usize) -> bool {
        let until = Instant::now() + Duration::from_secs(5);
        while count.load(Ordering::SeqCst) < n && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(1));
        }
        count.load(Ordering::SeqCst) == n
    }

    #[test]
    fn a_pool_that_cannot_start_a_thread_refuses_with_the_reason() {
        let mut pool = Pool::new(NonZeroUsize::new(4).unwrap(), never);
        let task: Task = Arc::new(|| {});
        let e = pool.run_on_each(&task).unwrap_err();
        assert!(e.starts_with("cannot start a thread: "), "{e}");
        assert!(e.contains("os error 11"), "{e}");
    }

    /// Threads started by [`counted`].
    static SPAWNED: AtomicUsize = AtomicUsize::new(0);

    /// Starts real threads, counting them.
    fn counted(name: &str, body: Box<dyn FnOnce() + Send>) -> io::Result<()> {
        SPAWNED.fetch_add(1, Ordering::SeqCst);
        spawn_thread(name, body)
    }

    #[test]
    fn every_worker_takes_each_task_and_the_threads_are_reused() {
        let ran = Arc::new(AtomicUsize::new(0));
        let mut pool = Pool::new(NonZeroUsize::new(3).unwrap(), counted);
        for round in 1..=5 {
            let counter = Arc::clone(&ran);
            let task: Task = Arc::new(move || {
                counter.fetch_add(1, Ordering::SeqCst);
            });
            pool.run_on_each(&task).unwrap();
            assert!(reaches(&ran, 3 * round), "round {round}");
        }
        assert_eq!(SPAWNED.load(Ordering::SeqCst), 3, "one set of workers");
    }

    /// Threads started by [`one_then_none`].
    static STARTED_ONCE: AtomicUsize = AtomicUsize::new(0);

    /// Starts one real thread, then fails.
    fn one_then_none(name: &str, body: Box<dyn FnOnce() + Send>) -> io::Result<()> {
        if STARTED_ONCE.fetch_add(1, Ordering::SeqCst) == 0 {
            spawn_thread(name, body)
        } else {
            never(name, body)
        }
    }

    #[test]
    fn a_pool_that_gets_fewer_threads_works_with_them() {
        let ran = Arc::new(AtomicUsize::new(0));
        let mut pool = Pool::new(NonZeroUsize::new(8).unwrap(), one_then_none);
        let counter = Arc::clone(&ran);
        let task: Task = Arc::new(move || {
            counter.fetch_add(1, Ordering::SeqCst);
        });
        pool.run_on_each(&task).unwrap();
        assert!(reaches(&ran, 1));
        assert_eq!(pool.workers.as_ref().map(|w| w.1), Some(1));
    }
}
