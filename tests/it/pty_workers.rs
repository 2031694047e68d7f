//! End to end on a real pseudo-terminal: the explorer's background work (basin maps and
//! escape ensembles on a pool of workers) never takes the explorer down with it nor keeps
//! it from quitting — a worker that cannot start is a notice, a panic on a worker ends the
//! whole process with the terminal restored, and a storm of recomputations with
//! `--threads 1024` stays on a few threads per core and quits at once.

use crate::pty::{PAUSED_AT_0, assert_clean_exit};
use crate::pty_support::{Session, find, rfind};
use std::time::{Duration, Instant};

/// The failure is injected through `PLATEAU_TEST_SPAWN_FAILS`, which exists in debug
/// builds only (as root, which runs these tests in CI, a real `ulimit -u` does not apply).
#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "the test-only spawn failure exists in debug builds only"
)]
fn a_worker_that_cannot_start_is_a_notice_and_the_explorer_goes_on() {
    let mut s = Session::spawn(&[], 140, 30, &[("PLATEAU_TEST_SPAWN_FAILS", "1")]);
    s.wait_text(PAUSED_AT_0);
    s.send(b"b");
    s.wait_text("basin map needs a thread: cannot start a thread");
    s.send(b"E");
    s.wait_text("escape ensemble needs a thread: cannot start a thread");
    assert!(s.running(), "the explorer goes on");
    // The features are off again: the map works on as before.
    s.send(b"s");
    s.wait_text("step 1 paused");
    s.send(b"q");
    let status = s.wait_exit();
    assert_clean_exit(&mut s, status, 0);
}

/// The panic is triggered through `PLATEAU_TEST_WORKER_PANIC`, which exists in debug builds
/// only.
#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "the test-only worker panic exists in debug builds only"
)]
fn a_panic_on_a_worker_ends_the_explorer_with_no_frame_after_the_restore() {
    let mut s = Session::spawn(&[], 100, 30, &[("PLATEAU_TEST_WORKER_PANIC", "1")]);
    s.wait_text(PAUSED_AT_0);
    // Running, so that frames keep coming while the worker panics.
    s.send(b" b");
    let status = s.wait_exit();
    assert_eq!(status.code(), Some(101), "{status:?}");
    s.assert_restored();
    let bytes = s.bytes();
    let restore = b"\x1b[?1049l\x1b[?25h";
    let left = rfind(&bytes, restore).expect("the terminal restored");
    assert_eq!(
        find(&bytes, b"\x1b[?1049l"),
        Some(left),
        "the terminal is restored exactly once"
    );
    let after = &bytes[left + restore.len()..];
    assert!(
        !after.contains(&0x1b),
        "no escape (no frame) after the restore: {:?}",
        String::from_utf8_lossy(after)
    );
    assert!(
        find(after, b"PLATEAU_TEST_WORKER_PANIC is set").is_some(),
        "the message follows the restore: {:?}",
        String::from_utf8_lossy(after)
    );
}

#[test]
fn a_storm_of_basin_maps_with_1024_threads_stays_on_a_few_threads_and_q_quits_at_once() {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    // The pool (at most 4 per core) and the explorer's own: the loop, input, signals,
    // the hang-up watcher, rasters.
    let most = 4 * cores + 5;
    let args = ["--threads", "1024", "-l", "committee", "-o", "newton"];
    let mut s = Session::spawn(&args, 100, 30, &[]);
    s.wait_text(PAUSED_AT_0);
    s.send(b" b");
    std::thread::sleep(Duration::from_millis(500));
    let threads = s.threads();
    assert!(threads <= most, "{threads} threads on {cores} cores");
    // Each pair of b's starts a new map; the old one is cancelled.
    for _ in 0..20 {
        s.send(b"bb");
        std::thread::sleep(Duration::from_millis(20));
    }
    let threads = s.threads();
    assert!(threads <= most, "{threads} threads after the storm");
    let asked = Instant::now();
    s.send(b"q");
    let status = s.wait_exit();
    let took = asked.elapsed();
    assert_clean_exit(&mut s, status, 0);
    // A frame is 33 ms; the bound leaves room for a machine busy with other tests (it
    // took 9 to 13 s with a thread per item).
    assert!(took < Duration::from_secs(2), "q took {took:?}");
}
