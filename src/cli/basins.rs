//! `plateau basins`: a basin-of-attraction map. Every cell of the region is the start of a
//! run of one optimizer; each says which minimum it ended in (or that it stalled, did not
//! converge, or diverged) and after how many steps. As CSV, one row per cell, or as text,
//! one character per cell, with a legend.
//!
//! A 2-D landscape is mapped over its own plane. A model with more parameters is mapped over
//! the plane of its first two, through `--start` (default: its own start): every other
//! parameter starts at its value there.

use super::MAX_STEPS;
use super::args::{ColorChoice, SetupArgs, ThreadsArg};
use super::output::{Out, finish};
use crate::tui::theme;
use clap::Args;
use plateau_core::Domain;
use plateau_core::geometry::plane::Plane;
use plateau_core::many::basins::{BasinJob, BasinMap, Grid, basin_map};
use plateau_core::many::minima::Status;
use plateau_core::text::format::{self, RoundTrip};
use plateau_core::text::parse;
use std::io::{IsTerminal, Write};

/// Options of `plateau basins`.
#[derive(Debug, Args)]
pub struct BasinsArgs {
    /// What to run (one optimizer; --start: for a model, the values of the parameters off
    /// the map's plane).
    #[command(flatten)]
    pub setup: SetupArgs,
    /// Cells per row of the map (1 to 1000).
    #[arg(long, value_name = "COLS", default_value_t = 80)]
    pub width: usize,
    /// Rows of the map (1 to 1000).
    #[arg(long, value_name = "ROWS", default_value_t = 24)]
    pub height: usize,
    /// The most steps of each run (it stops earlier once it has converged).
    #[arg(long, value_name = "N", default_value_t = 2000)]
    pub steps: u64,
    /// The part of the plane mapped (default: the landscape's domain).
    #[arg(
        long,
        value_name = "XMIN,XMAX,YMIN,YMAX",
        value_parser = |s: &str| parse::domain(s).map_err(|e| e.to_string()),
        allow_hyphen_values = true
    )]
    pub region: Option<Domain>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = MapFormat::Csv)]
    pub format: MapFormat,
    /// Colour the text map with ANSI escapes (auto: on a terminal unless NO_COLOR is set).
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Threads.
    #[command(flatten)]
    pub threads: ThreadsArg,
}

/// Output formats of `plateau basins`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum MapFormat {
    /// One row per cell: its start, where it ended, its minimum, steps and status.
    Csv,
    /// One character per cell, then the legend.
    Text,
}

/// The largest `--width` and `--height`.
const MAX_SIDE: usize = 1000;

/// Runs `plateau basins`.
pub fn basins(args: &BasinsArgs) -> Result<(), String> {
    for (flag, value) in [("--width", args.width), ("--height", args.height)] {
        if !(1..=MAX_SIDE).contains(&value) {
            return Err(format!("{flag} must be in 1..={MAX_SIDE}, got {value}"));
        }
    }
    if args.steps > MAX_STEPS {
        return Err(format!(
            "--steps must be at most {MAX_STEPS}, got {}",
            args.steps
        ));
    }
    let (session, spec) = args.setup.resolve_one("a basin map")?;
    super::args::check_schedule_steps(&session, args.steps)?;
    let info = session.landscape.info();
    let plane = if session.landscape.surface().is_some() {
        if args.setup.start.is_some() {
            return Err(format!(
                "--start: every cell of a basin map is a start; {} has two parameters and \
                 no others to set",
                info.name
            ));
        }
        None
    } else {
        Plane::coordinates(&session.start, 0, 1)
    };
    let region = args.region.unwrap_or(info.domain);
    let grid = Grid::new(
        session.landscape.as_ref(),
        region,
        plane,
        args.width,
        args.height,
    )
    .map_err(|e| e.to_string())?;
    let job = BasinJob::new(
        session.landscape.clone(),
        spec,
        grid,
        args.steps,
        session.seed,
    );
    let map = basin_map(job.clone(), args.threads.get()).map_err(|e| e.to_string())?;
    let mut out = Out::stdout();
    let written = match args.format {
        MapFormat::Csv => write_csv(&mut out, &job, &map),
        MapFormat::Text => {
            let color = args.color.enabled(std::io::stdout().is_terminal());
            let options = theme::Options {
                ascii: false,
                color,
                truecolor: color
                    && args
                        .color
                        .truecolor(crate::tui::term::depth::truecolor_terminal),
            };
            write_text(&mut out, &job, &map, options)
        }
    };
    finish(written.and_then(|()| out.flush()))
}

/// The names of the map's two axes: a 2-D landscape's parameters, or a model's first two
/// (the plane of the map).
fn axes(job: &BasinJob) -> [&str; 2] {
    let names = &job.landscape.info().parameters;
    [names[0].as_str(), names[1].as_str()]
}

/// Writes a float as [`format::round_trip`] does, without allocating.
fn float(out: &mut impl Write, v: f64) -> std::io::Result<()> {
    out.write_all(RoundTrip::new(v).as_bytes())
}

/// `X,Y,end_<each parameter>,minimum,steps,status`, one row per cell, top row first.
fn write_csv(out: &mut Out, job: &BasinJob, map: &BasinMap) -> std::io::Result<()> {
    let [x, y] = axes(job);
    let ends: Vec<String> = (job.landscape.info().parameters.iter())
        .map(|p| format!("end_{p}"))
        .collect();
    writeln!(out, "{x},{y},{},minimum,steps,status", ends.join(","))?;
    for (i, cell) in map.cells.iter().enumerate() {
        let Some(cell) = cell else { continue };
        let centre = map.grid.centre(i);
        float(out, centre.x)?;
        out.write_all(b",")?;
        float(out, centre.y)?;
        for v in map.end(i) {
            out.write_all(b",")?;
            float(out, *v)?;
        }
        out.write_all(b",")?;
        if let Some(m) = cell.status.minimum() {
            write!(out, "{m}")?;
        }
        writeln!(out, ",{},{}", cell.steps, cell.status.name())?;
    }
    Ok(())
}

/// The character ([`Status::symbol`]) and colour (SGR) of a status: black on the status's
/// bright shade of the explorer's basin palette ([`theme::basin_colours`]), as the
/// explorer's legend shows it, in 24-bit colour when `truecolor`.
fn glyph(status: Status, truecolor: bool) -> (char, String) {
    let ((r, g, b), bright, _) = theme::basin_colours(status);
    let sgr = if truecolor {
        format!("48;2;{r};{g};{b};38;5;16")
    } else {
        format!("48;5;{bright};38;5;16")
    };
    (status.symbol(), sgr)
}

/// `c`, in colour `sgr` if `color`.
fn painted(c: char, sgr: &str, color: bool) -> String {
    if color {
        format!("\x1b[{sgr}m{c}\x1b[0m")
    } else {
        c.to_string()
    }
}

/// A point as `(x, y, …)` with four significant digits per coordinate.
fn point(theta: &[f64]) -> String {
    let coordinates: Vec<String> = theta.iter().map(|v| format::short(*v, 4)).collect();
    format!("({})", coordinates.join(", "))
}

/// A share as a percentage: `25.6%`.
fn percent(share: f64) -> String {
    format!("{}%", format::short(100.0 * share, 3))
}

/// A summary line, the map (one character per cell, top row first), and the legend.
fn write_text(
    out: &mut Out,
    job: &BasinJob,
    map: &BasinMap,
    options: theme::Options,
) -> std::io::Result<()> {
    let color = options.color;
    let info = job.landscape.info();
    let region = map.grid.region();
    let [x, y] = axes(job);
    let plane = match map.grid.plane() {
        Some(plane) => {
            let others: Vec<String> = (info.parameters.iter().zip(plane.origin()))
                .skip(2)
                .map(|(name, v)| format!("{name}={}", format::short(*v, 4)))
                .collect();
            format!(", the others held at {}", others.join(", "))
        }
        None => String::new(),
    };
    writeln!(
        out,
        "{} | {} {}: basins of {}x{} starts, {x} in [{}, {}], {y} in [{}, {}]{plane}, at most {} steps each",
        info.name,
        job.spec.kind.name,
        job.spec.hyper.describe(),
        map.grid.cols(),
        map.grid.rows(),
        format::short(region.x_min, 4),
        format::short(region.x_max, 4),
        format::short(region.y_min, 4),
        format::short(region.y_max, 4),
        job.steps,
    )?;
    for row in 0..map.grid.rows() {
        let mut line = String::new();
        let mut current: Option<String> = None;
        for col in 0..map.grid.cols() {
            let Some(cell) = map.cells[map.grid.index(col, row)] else {
                line.push(' ');
                continue;
            };
            let (c, sgr) = glyph(cell.status, options.truecolor);
            if color && current.as_ref() != Some(&sgr) {
                line.push_str(&format!("\x1b[0m\x1b[{sgr}m"));
                current = Some(sgr);
            }
            line.push(c);
        }
        if color {
            line.push_str("\x1b[0m");
        }
        writeln!(out, "{line}")?;
    }
    for (i, entry) in map.legend.iter().enumerate() {
        if entry.runs == 0 {
            continue;
        }
        let (c, sgr) = glyph(Status::Minimum(i), options.truecolor);
        let m = &entry.minimum;
        writeln!(
            out,
            "{} {} {} loss {}: {} of the region, median {} steps",
            painted(c, &sgr, color),
            if m.known { "minimum" } else { "found minimum" },
            point(&m.position),
            format::short(m.value, 4),
            percent(entry.share),
            entry.median_steps.unwrap_or(0),
        )?;
    }
    let tally = &map.tally;
    for (status, count, what) in [
        (
            Status::Stalled,
            tally.stalled,
            "stalled on a plateau or saddle",
        ),
        (Status::NotConverged, tally.not_converged, "not converged"),
        (Status::Diverged, tally.diverged, "diverged"),
    ] {
        if count > 0 {
            let (c, sgr) = glyph(status, options.truecolor);
            writeln!(
                out,
                "{} {what}: {}",
                painted(c, &sgr, color),
                percent(tally.share(count))
            )?;
        }
    }
    Ok(())
}
