//! `plateau theory`: the ODE of on-line learning of the soft committee machine (erf units,
//! docs/reference/SCM.md) integrated from a start, printed as CSV of the order parameters
//! and the generalisation error; or, with `--fixed-points`, the two symmetric fixed points
//! as JSON lines.

use super::json;
use super::output::{Out, finish};
use clap::Args;
use plateau_core::MatrixN;
use plateau_core::text::format::RoundTrip;
use plateau_core::text::parse;
use plateau_core::theory::{Overlaps, SymmetricFixedPoint, Trajectory, symmetric_fixed_points};
use serde::Serialize;
use std::io::Write;

/// The most students or teachers (the rates cost K²(K + M)² terms).
const MAX_UNITS: usize = 10;

/// The latest α accepted.
const MAX_ALPHA: f64 = 1e6;

/// The most rows printed.
const MAX_ROWS: f64 = 1e6;

/// The start's teacher overlaps: `R_ii` for i ≤ min(K, M) (the rest 0), a tiny asymmetry
/// from which the students can specialise (exactly symmetric overlaps stay symmetric).
const START_ASYMMETRY: f64 = 1e-8;

/// The start's student norms: `Q = 0.2 I`, as a simulation's J ~ N(0, 0.2/N) expects.
const START_NORM: f64 = 0.2;

/// Options of `plateau theory`.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("grid").args(["every", "at"]))]
pub struct TheoryArgs {
    /// Student units K (1 to 10).
    #[arg(long, value_name = "K", default_value_t = 2)]
    pub students: usize,
    /// Teacher units M (1 to 10), orthonormal.
    #[arg(long, value_name = "M", default_value_t = 2)]
    pub teachers: usize,
    /// Learning rate η of on-line SGD.
    #[arg(
        long,
        value_name = "ETA",
        default_value_t = 0.1,
        allow_hyphen_values = true
    )]
    pub lr: f64,
    /// Start Q (K x K, symmetric), rows separated by ';', e.g. "0.2,0;0,0.2" (default:
    /// 0.2 I).
    #[arg(long, value_name = "ROWS", allow_hyphen_values = true)]
    pub q0: Option<String>,
    /// Start R (K x M), rows separated by ';' (default: 1e-8 on the diagonal R_ii, 0
    /// elsewhere: a tiny asymmetry the students can specialise from).
    #[arg(long, value_name = "ROWS", allow_hyphen_values = true)]
    pub r0: Option<String>,
    /// Integrate up to this α = steps / N.
    #[arg(long, value_name = "A", default_value_t = 4000.0)]
    pub alpha: f64,
    /// Print a row at every multiple of this α (and at --alpha).
    #[arg(long, value_name = "A", default_value_t = 20.0)]
    pub every: f64,
    /// Print rows exactly at these α instead, in increasing order, e.g. 10,100,1000.
    #[arg(long, value_name = "A1,A2,...", value_parser = |s: &str| parse::numbers(s).map(Alphas).map_err(|e| e.to_string()))]
    pub at: Option<Alphas>,
    /// Print the two symmetric fixed points (identical students, the plateau) as JSON
    /// lines: kind, Q_diag, Q_offdiag, R, eps_g and lambda_max (the escape rate).
    #[arg(long, conflicts_with_all = ["q0", "r0", "alpha", "every", "at"])]
    pub fixed_points: bool,
}

/// The times of `--at` (a newtype, so that clap takes the list as one value).
#[derive(Clone, Debug, PartialEq)]
pub struct Alphas(pub Vec<f64>);

/// One symmetric fixed point as printed.
#[derive(Serialize)]
struct FixedPointLine {
    kind: plateau_core::theory::FixedPointKind,
    #[serde(rename = "Q_diag")]
    q_diag: f64,
    #[serde(rename = "Q_offdiag")]
    q_offdiag: f64,
    #[serde(rename = "R")]
    r: f64,
    eps_g: f64,
    lambda_max: f64,
}

impl From<&SymmetricFixedPoint> for FixedPointLine {
    fn from(p: &SymmetricFixedPoint) -> Self {
        Self {
            kind: p.kind,
            q_diag: p.q_diag,
            q_offdiag: p.q_offdiag,
            r: p.r,
            eps_g: p.eps_g,
            lambda_max: p.lambda_max(),
        }
    }
}

/// Runs `plateau theory`.
pub fn theory(args: &TheoryArgs) -> Result<(), String> {
    let (k, m) = (args.students, args.teachers);
    for (flag, n) in [("students", k), ("teachers", m)] {
        if !(1..=MAX_UNITS).contains(&n) {
            return Err(format!("--{flag} must be 1 to {MAX_UNITS}, got {n}"));
        }
    }
    if !(args.lr.is_finite() && args.lr > 0.0) {
        return Err(format!(
            "--lr must be a finite number > 0, got {}",
            RoundTrip::new(args.lr)
        ));
    }
    if args.fixed_points {
        let points = symmetric_fixed_points(k, m, args.lr).map_err(|e| e.to_string())?;
        let mut out = Out::stdout();
        let mut written = Ok(());
        for p in &points {
            written = written
                .and_then(|()| {
                    json::to_writer(&mut out, &FixedPointLine::from(p)).map_err(Into::into)
                })
                .and_then(|()| out.write_all(b"\n"));
        }
        return finish(written.and_then(|()| out.flush()));
    }
    let q = match &args.q0 {
        Some(text) => matrix("--q0", text, k, k)?,
        None => MatrixN::identity(k, k) * START_NORM,
    };
    let r = match &args.r0 {
        Some(text) => matrix("--r0", text, k, m)?,
        None => MatrixN::from_fn(k, m, |i, n| if i == n { START_ASYMMETRY } else { 0.0 }),
    };
    let start = Overlaps::new(q, r).map_err(|e| e.to_string())?;
    let alphas = grid(args)?;
    let mut trajectory = Trajectory::new(start, args.lr).map_err(|e| e.to_string())?;
    let mut out = Out::stdout();
    let header = trajectory.overlaps.labels().join(",");
    let mut written = writeln!(out, "alpha,eps_g,{header}");
    for alpha in alphas {
        if let Err(e) = trajectory.advance_to(alpha) {
            finish(written.and_then(|()| out.flush()))?;
            return Err(format!(
                "at alpha {}: {e}",
                RoundTrip::new(trajectory.alpha)
            ));
        }
        written = written.and_then(|()| row(&mut out, &trajectory));
    }
    finish(written.and_then(|()| out.flush()))
}

/// The α of the rows: `--at`, or 0, every, 2·every, … and `--alpha`.
fn grid(args: &TheoryArgs) -> Result<Vec<f64>, String> {
    if let Some(Alphas(at)) = &args.at {
        if at.iter().any(|a| !(0.0..=MAX_ALPHA).contains(a)) {
            return Err(format!("--at values must be 0 to {MAX_ALPHA}"));
        }
        if at.windows(2).any(|w| w[1] < w[0]) {
            return Err("--at values must be in increasing order".to_owned());
        }
        return Ok(at.clone());
    }
    if !(args.alpha > 0.0 && args.alpha <= MAX_ALPHA) {
        return Err(format!(
            "--alpha must be a number in (0, {MAX_ALPHA}], got {}",
            RoundTrip::new(args.alpha)
        ));
    }
    if !(args.every.is_finite() && args.every > 0.0 && args.alpha / args.every <= MAX_ROWS) {
        return Err(format!(
            "--every must be > 0 and give at most {MAX_ROWS} rows, got {}",
            RoundTrip::new(args.every)
        ));
    }
    let steps = (args.alpha / args.every).floor() as usize;
    let mut alphas: Vec<f64> = (0..=steps).map(|i| i as f64 * args.every).collect();
    if alphas.last() != Some(&args.alpha) {
        alphas.push(args.alpha);
    }
    Ok(alphas)
}

/// One CSV row: α, ε_g and the state.
fn row(out: &mut Out, trajectory: &Trajectory) -> std::io::Result<()> {
    out.write_all(RoundTrip::new(trajectory.alpha).as_bytes())?;
    for v in std::iter::once(trajectory.eps_g()).chain(trajectory.overlaps.state()) {
        out.write_all(b",")?;
        out.write_all(RoundTrip::new(v).as_bytes())?;
    }
    out.write_all(b"\n")
}

/// A matrix of `rows` x `cols` typed as rows separated by ';' of numbers separated by ','.
fn matrix(flag: &str, text: &str, rows: usize, cols: usize) -> Result<MatrixN, String> {
    let values: Vec<Vec<f64>> = (text.split(';'))
        .map(|row| parse::numbers(row).map_err(|e| format!("{flag}: {e}")))
        .collect::<Result<_, _>>()?;
    if values.len() != rows || values.iter().any(|row| row.len() != cols) {
        return Err(format!(
            "{flag} must be {rows} rows of {cols} numbers (rows separated by ';'), got '{text}'"
        ));
    }
    Ok(MatrixN::from_fn(rows, cols, |i, j| values[i][j]))
}
