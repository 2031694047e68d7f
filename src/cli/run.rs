//! `plateau run`: every step of every selected optimizer, as CSV or JSON Lines on stdout.
//!
//! CSV: `optimizer,step,<one column per parameter>,loss,grad_norm`, one row per step; with
//! `--schedule`, also `lr` (the lr the step used, empty on the step-0 row) and, where the
//! schedule cycles it, `momentum` or `beta1`.
//! JSON Lines: one object per optimizer and line, with the resolved configuration and one
//! array per quantity (`pandas.read_json(path, lines=True)` reads it); with a schedule, also
//! `schedule`, `lr`, `momentum` or `beta1`, and ReduceLROnPlateau's `reductions`.
//!
//! Several optimizers run on separate threads (`--threads`); the output is written in the
//! order given, the same bytes as one after the other.

use super::{Format, MAX_JSON_STEPS, MAX_STEPS, RunArgs};
use crate::cli::json;
use crate::cli::output::{Out, finish, stderr_line};
use plateau_core::analysis::{PlateauDetector, plateau::Plateau};
use plateau_core::optim::Hyperparams;
use plateau_core::run::{Divergence, Reduction, Run, Sample, cycled};
use plateau_core::setup::Session;
use plateau_core::text::format::write_round_trip;
use serde::Serialize;
use serde::ser::SerializeMap;
use std::io::Write;
use std::num::NonZeroUsize;
use std::sync::mpsc::{self, Receiver, SyncSender};

/// Runs `plateau run`.
pub fn run(args: &RunArgs) -> Result<(), String> {
    if args.steps > MAX_STEPS {
        return Err(format!(
            "--steps must be at most {MAX_STEPS}, got {}",
            args.steps
        ));
    }
    if args.format == Format::Json && args.steps > MAX_JSON_STEPS {
        return Err(format!(
            "--format json holds each optimizer's steps in memory: --steps must be at most \
             {MAX_JSON_STEPS}, got {} (CSV streams up to {MAX_STEPS})",
            args.steps
        ));
    }
    let session = args.setup.setup().resolve().map_err(|e| e.to_string())?;
    super::args::check_schedule_steps(&session, args.steps)?;
    let mut out = Out::stdout();
    let threads = args.threads.get();
    let written = match args.format {
        Format::Csv => write_csv(&mut out, &session, args.steps, threads),
        Format::Json => write_json(&mut out, &session, args.steps, threads),
    };
    finish(written.and_then(|()| out.flush()))
}

/// Where the samples of one optimizer's run go: text appended to a buffer, one call per
/// sample and one when the run is over.
trait Sink {
    /// Takes the sample `s` of `run` (the start first).
    fn sample(&mut self, run: &Run, s: &Sample, out: &mut Vec<u8>);
    /// Takes the end of `run`.
    fn finish(&mut self, _run: &Run, _out: &mut Vec<u8>) -> std::io::Result<()> {
        Ok(())
    }
}

/// Bytes of output an optimizer's thread gathers before it hands them to the writer.
const CHUNK: usize = 1 << 16;

/// The most output, in chunks, that the optimizers whose turn to be written has not come
/// may hold together (64 MiB), shared out between the threads: it bounds the memory, and a
/// run of up to about 350,000 CSV rows of a 2-D landscape per thread (on 2 threads) fits
/// whole, so that such runs are computed side by side while the first is written.
const CHUNKS_AHEAD: usize = 1024;

/// What an optimizer's thread hands to the writer.
enum Piece {
    /// Output, in order.
    Text(Vec<u8>),
    /// The run is over and diverged, like this.
    Diverged(Divergence),
    /// The run could not be made.
    Failed(std::io::Error),
}

/// Runs every optimizer of the session into `out`, in the order given, as if one after the
/// other: optimizer i runs on thread i mod `threads` (each thread takes its optimizers in
/// order), formats its output into chunks and sends them through its own bounded channel,
/// while this thread writes the channels out one after the other, the first optimizer's as
/// soon as its chunks come. A thread starts its next optimizer only once its previous one
/// is written, so that at most one unwritten optimizer per thread holds memory. Divergence
/// is reported on stderr after the optimizer's rows. Threads that cannot be started (a
/// process limit, no memory for a stack) leave their optimizers to the others; with none,
/// this thread runs them one after the other. The bytes are the same either way.
fn each_run<S: Sink>(
    out: &mut Out,
    session: &Session,
    steps: u64,
    threads: NonZeroUsize,
    sink: impl Fn(usize) -> S + Sync,
) -> std::io::Result<()> {
    let count = session.specs.len();
    let workers = threads.get().min(count);
    let ahead = (CHUNKS_AHEAD / workers).max(1);
    let (mut senders, receivers): (Vec<_>, Vec<_>) =
        (0..count).map(|_| mpsc::sync_channel(ahead)).unzip();
    let (mut written, mut written_rx): (Vec<_>, Vec<_>) =
        (0..count).map(|_| mpsc::sync_channel::<()>(1)).unzip();
    let (sink, session) = (&sink, session);
    std::thread::scope(|scope| {
        // Each thread takes its turns from a queue of its own.
        let mut queues = Vec::with_capacity(workers);
        for _ in 0..workers {
            let (queue, turns) = mpsc::channel::<Turn>();
            let started = std::thread::Builder::new().spawn_scoped(scope, move || {
                let mut previous: Option<Receiver<()>> = None;
                for (i, sender, written) in turns {
                    let mut send = |piece| sender.send(piece).map_err(|_| Stopped);
                    if previous.is_some_and(|p| p.recv().is_err())
                        || produce(session, i, steps, sink(i), &mut send).is_err()
                    {
                        return;
                    }
                    previous = Some(written);
                }
            });
            if started.is_err() {
                break;
            }
            queues.push(queue);
        }
        if queues.is_empty() {
            return one_after_the_other(out, session, steps, sink);
        }
        for (i, (sender, written)) in senders.drain(..).zip(written_rx.drain(..)).enumerate() {
            // A thread that is gone has stopped listening; the writer finds out.
            let _ = queues[i % queues.len()].send((i, sender, written));
        }
        drop(queues);
        for ((spec, receiver), written) in
            session.specs.iter().zip(receivers).zip(written.drain(..))
        {
            for piece in receiver {
                write_piece(out, spec.kind.name, piece)?;
            }
            let _ = written.send(());
        }
        Ok(())
    })
}

/// Runs every optimizer of the session into `out` on this thread, one after the other.
fn one_after_the_other<S: Sink>(
    out: &mut Out,
    session: &Session,
    steps: u64,
    sink: impl Fn(usize) -> S,
) -> std::io::Result<()> {
    for (i, spec) in session.specs.iter().enumerate() {
        let mut written = Ok(());
        let _ = produce(session, i, steps, sink(i), &mut |piece| {
            written = write_piece(out, spec.kind.name, piece);
            written.as_ref().map(drop).map_err(|_| Stopped)
        });
        written?;
    }
    Ok(())
}

/// Writes `piece` of `optimizer`'s output: text to `out`, a divergence to stderr, a failure
/// as the error.
fn write_piece(out: &mut Out, optimizer: &str, piece: Piece) -> std::io::Result<()> {
    match piece {
        Piece::Text(text) => out.write_all(&text),
        Piece::Diverged(divergence) => {
            report(optimizer, &divergence);
            Ok(())
        }
        Piece::Failed(e) => Err(e),
    }
}

/// One optimizer's turn on a thread: its index, where its output goes, and the signal that
/// it has been written.
type Turn = (usize, SyncSender<Piece>, Receiver<()>);

/// The writer has stopped taking an optimizer's output.
struct Stopped;

/// Runs optimizer `i` of the session into `sink` and hands its output to `send` in chunks;
/// an error once the writer has stopped taking it.
fn produce(
    session: &Session,
    i: usize,
    steps: u64,
    mut sink: impl Sink,
    send: &mut impl FnMut(Piece) -> Result<(), Stopped>,
) -> Result<(), Stopped> {
    let mut run = match session.run(&session.specs[i]) {
        Ok(run) => run,
        Err(e) => return send(Piece::Failed(std::io::Error::other(e))),
    };
    let mut text = Vec::with_capacity(CHUNK + 512);
    sink.sample(&run, &run.current(), &mut text);
    for _ in 0..steps {
        let Some(sample) = run.step() else { break };
        sink.sample(&run, &sample, &mut text);
        if text.len() >= CHUNK {
            let full = std::mem::replace(&mut text, Vec::with_capacity(CHUNK + 512));
            send(Piece::Text(full))?;
        }
    }
    if let Err(e) = sink.finish(&run, &mut text) {
        return send(Piece::Failed(e));
    }
    send(Piece::Text(text))?;
    if let Some(divergence) = run.divergence() {
        send(Piece::Diverged(divergence))?;
    }
    Ok(())
}

/// Says on stderr that `optimizer` diverged, and how.
fn report(optimizer: &str, divergence: &Divergence) {
    stderr_line(&format!("{optimizer}: diverged: {divergence}"));
}

/// The schedule columns of a session's CSV: `lr` if any optimizer has a schedule, and
/// `momentum` and `beta1` if a schedule cycles them.
#[derive(Clone, Copy, Debug, Default)]
struct ScheduleColumns {
    lr: bool,
    momentum: bool,
    beta1: bool,
}

impl ScheduleColumns {
    /// The columns `session` needs.
    fn of(session: &Session) -> Self {
        let mut columns = Self::default();
        for spec in &session.specs {
            columns.lr |= spec.schedule.is_some();
            match cycled(spec) {
                Some("beta1") => columns.beta1 = true,
                Some(_) => columns.momentum = true,
                None => {}
            }
        }
        columns
    }

    /// The header's extra names, each with its leading comma.
    fn header(self) -> String {
        [
            (self.lr, ",lr"),
            (self.momentum, ",momentum"),
            (self.beta1, ",beta1"),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, name)| *name)
        .collect()
    }
}

/// CSV rows of one optimizer: its name, the step, the parameters, loss and gradient norm,
/// and the schedule's columns, every float as [`plateau_core::text::format::round_trip`] writes
/// it, without allocating.
struct Csv(ScheduleColumns);

impl Sink for Csv {
    fn sample(&mut self, run: &Run, s: &Sample, out: &mut Vec<u8>) {
        out.extend_from_slice(run.spec().kind.name.as_bytes());
        out.push(b',');
        out.extend_from_slice(itoa::Buffer::new().format(s.step).as_bytes());
        for &v in run.params().iter().chain([&s.loss, &s.grad_norm]) {
            out.push(b',');
            write_round_trip(out, v);
        }
        let columns = self.0;
        if columns.lr {
            out.push(b',');
            if s.step > 0 {
                let lr = run.used().map_or(run.spec().hyper.lr, |u| u.lr);
                write_round_trip(out, lr);
            }
        }
        let momentum = run.used().and_then(|u| u.momentum);
        for (on, name) in [(columns.momentum, "momentum"), (columns.beta1, "beta1")] {
            if on {
                out.push(b',');
                if let Some(m) = momentum.filter(|_| run.cycled() == Some(name)) {
                    write_round_trip(out, m);
                }
            }
        }
        out.push(b'\n');
    }
}

/// Writes every step as a CSV row.
fn write_csv(
    out: &mut Out,
    session: &Session,
    steps: u64,
    threads: NonZeroUsize,
) -> std::io::Result<()> {
    let parameters = session.landscape.info().parameters.join(",");
    let columns = ScheduleColumns::of(session);
    let extra = columns.header();
    writeln!(out, "optimizer,step,{parameters},loss,grad_norm{extra}")?;
    each_run(out, session, steps, threads, |_| Csv(columns))
}

/// The JSON object of one optimizer's run.
#[derive(Serialize)]
struct RunJson<'a> {
    landscape: &'a str,
    /// The formula with the landscape's own parameter names (neuron's v and w, not the
    /// editor's x and y, which would clash with the network's input x).
    formula: String,
    optimizer: &'static str,
    hyperparameters: &'a Hyperparams,
    parameters: &'a [String],
    start: &'a [f64],
    seed: u64,
    steps: u64,
    diverged_at: Option<u64>,
    step: Vec<u64>,
    params: Columns<'a>,
    loss: Vec<f64>,
    grad_norm: Vec<f64>,
    /// The schedule, as it reads back (with `--schedule`).
    #[serde(skip_serializing_if = "Option::is_none")]
    schedule: Option<String>,
    /// The lr each step used (`null` at step 0), with a schedule.
    #[serde(skip_serializing_if = "Option::is_none")]
    lr: Option<Vec<Option<f64>>>,
    /// The momentum each step used, where the schedule cycles it.
    #[serde(skip_serializing_if = "Option::is_none")]
    momentum: Option<Vec<Option<f64>>>,
    /// β1 each step used, where the schedule cycles it.
    #[serde(skip_serializing_if = "Option::is_none")]
    beta1: Option<Vec<Option<f64>>>,
    /// ReduceLROnPlateau's reductions: after which step, and the new lr.
    #[serde(skip_serializing_if = "Option::is_none")]
    reductions: Option<Vec<Reduction>>,
    /// The run's plateaus (`analysis::plateau`): entry, exit (`null` while still on it) and
    /// level.
    plateaus: Vec<Plateau>,
    /// The first escape from a plateau, its step (`null` if none).
    escape: Option<u64>,
}

/// One array per parameter, keyed by its name, in order.
struct Columns<'a> {
    names: &'a [String],
    values: Vec<Vec<f64>>,
}

impl Serialize for Columns<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.names.len()))?;
        for (name, values) in self.names.iter().zip(&self.values) {
            map.serialize_entry(name, values)?;
        }
        map.end()
    }
}

/// One optimizer's JSON line: its run is collected, then written as one line.
struct JsonLine<'a> {
    session: &'a Session,
    steps: u64,
    /// The index of the optimizer among the session's.
    index: usize,
    record: Option<RunJson<'a>>,
    /// Finds the run's plateaus.
    detector: PlateauDetector,
}

impl Sink for JsonLine<'_> {
    fn sample(&mut self, run: &Run, s: &Sample, _out: &mut Vec<u8>) {
        let (session, steps) = (self.session, self.steps);
        let info = session.landscape.info();
        let spec = &session.specs[self.index];
        let record = self.record.get_or_insert_with(|| RunJson {
            landscape: &info.name,
            formula: match info.parameters.as_slice() {
                [x, y] => plateau_core::expr::rename_variables(&info.formula, x, y),
                _ => info.formula.clone(),
            },
            optimizer: spec.kind.name,
            hyperparameters: &spec.hyper,
            parameters: &info.parameters,
            start: &session.start,
            seed: session.seed,
            steps,
            diverged_at: None,
            step: Vec::new(),
            params: Columns {
                names: &info.parameters,
                values: vec![Vec::new(); info.dim()],
            },
            loss: Vec::new(),
            grad_norm: Vec::new(),
            schedule: spec.schedule.as_ref().map(ToString::to_string),
            lr: spec.schedule.as_ref().map(|_| Vec::new()),
            momentum: (cycled(spec) == Some("momentum")).then(Vec::new),
            beta1: (cycled(spec) == Some("beta1")).then(Vec::new),
            reductions: None,
            plateaus: Vec::new(),
            escape: None,
        });
        self.detector.observe(s);
        record.step.push(s.step);
        let used = run.used().filter(|_| s.step > 0);
        if let Some(lr) = &mut record.lr {
            lr.push(used.map(|u| u.lr));
        }
        for column in [&mut record.momentum, &mut record.beta1]
            .into_iter()
            .flatten()
        {
            column.push(used.and_then(|u| u.momentum));
        }
        for (column, p) in record.params.values.iter_mut().zip(run.params()) {
            column.push(*p);
        }
        record.loss.push(s.loss);
        record.grad_norm.push(s.grad_norm);
    }

    fn finish(&mut self, run: &Run, out: &mut Vec<u8>) -> std::io::Result<()> {
        if let Some(mut record) = self.record.take() {
            record.diverged_at = run.diverged_at();
            if run.schedule().is_some_and(|s| s.reduces_on_plateau()) {
                record.reductions = Some(run.reductions().to_vec());
            }
            record.plateaus = self.detector.plateaus();
            record.escape = self.detector.escapes().next().map(|e| e.step);
            json::to_writer(&mut *out, &record).map_err(std::io::Error::other)?;
            out.push(b'\n');
        }
        Ok(())
    }
}

/// Writes one JSON object per optimizer and line (JSON Lines): its configuration and every
/// step (non-finite numbers are `null`); the arrays of one optimizer per thread are in
/// memory at a time.
fn write_json(
    out: &mut Out,
    session: &Session,
    steps: u64,
    threads: NonZeroUsize,
) -> std::io::Result<()> {
    each_run(out, session, steps, threads, |index| JsonLine {
        session,
        steps,
        index,
        record: None,
        detector: PlateauDetector::for_landscape(session.landscape.info()),
    })
}
