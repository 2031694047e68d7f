//! The yardstick of `plateau run`'s CSV speed: a bare Rust loop of the same Adam update on
//! Rosenbrock that writes the same rows with std's `{}` formatting (and `{:e}` where
//! `plateau run` uses exponent notation, so that the bytes are the same), through a 64 KiB
//! `BufWriter`. No trait objects, no run bookkeeping, one thread.
//!
//! `cargo bench --bench bare_loop -- STEPS > bare.csv` (default 1,000,000 steps), then
//! compare with `plateau run -l rosenbrock -o adam --lr 0.05 --start=-1.5,2 --steps STEPS`
//! (hyperfine; `cmp` the two files: they are equal).

use std::fmt;
use std::hint::black_box;
use std::io::{BufWriter, Write};

/// A float as `plateau run` writes it, with std's formatting.
struct Std(f64);

impl fmt::Display for Std {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        if v == 0.0 || !v.is_finite() || (1e-4..1e16).contains(&v.abs()) {
            write!(f, "{v}")
        } else {
            write!(f, "{v:e}")
        }
    }
}

/// Rosenbrock's loss, in the floating-point order of plateau's formula.
fn loss(x: f64, y: f64) -> f64 {
    let u = -x + 1.0;
    let d = y - x * x;
    u * u + d * d * 100.0
}

/// Rosenbrock's gradient, in the order of plateau's (and torch's reference runs).
fn gradient(x: f64, y: f64) -> [f64; 2] {
    let d = y - x * x;
    [-2.0 * (1.0 - x) - 4.0 * 100.0 * x * d, 2.0 * 100.0 * d]
}

fn main() -> std::io::Result<()> {
    let steps: u64 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let (lr, beta1, beta2, eps) = (0.05, 0.9, 0.999, 1e-8);
    let mut p = [-1.5, 2.0];
    let (mut m, mut v) = ([0.0f64; 2], [0.0f64; 2]);
    let mut g = gradient(p[0], p[1]);
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    writeln!(out, "optimizer,step,x,y,loss,grad_norm")?;
    let norm = |g: [f64; 2]| (g[0] * g[0] + g[1] * g[1]).sqrt();
    let row = |out: &mut BufWriter<_>, k: u64, p: [f64; 2], g: [f64; 2]| {
        writeln!(
            out,
            "adam,{k},{},{},{},{}",
            Std(p[0]),
            Std(p[1]),
            Std(loss(p[0], p[1])),
            Std(norm(g))
        )
    };
    row(&mut out, 0, p, g)?;
    for k in 1..=steps {
        let t = k as f64;
        let step_size = lr / (1.0 - f64::powf(beta1, t));
        let bias_correction2_sqrt = (1.0 - f64::powf(beta2, t)).powf(black_box(0.5));
        for i in 0..2 {
            m[i] = (1.0 - beta1).mul_add(g[i] - m[i], m[i]);
            v[i] = ((1.0 - beta2) * g[i]).mul_add(g[i], v[i] * beta2);
            let denom = v[i].sqrt() / bias_correction2_sqrt + eps;
            p[i] += (-step_size * m[i]) / denom;
        }
        g = gradient(p[0], p[1]);
        row(&mut out, k, p, g)?;
    }
    out.flush()
}
