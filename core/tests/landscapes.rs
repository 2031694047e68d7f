//! Every built-in landscape: exact derivatives against finite differences, the known critical
//! points, and the facts of the reference (docs/reference/LANDSCAPES.md, README.md,
//! SEED.md, all under the repository root).
//!
//! That the hand-written (torch-order) gradients equal the dual-number gradient of the same
//! formula to 1e-12 is checked inside plateau-core (`landscape::tests`), where the formulas'
//! generic `eval` is visible; here every gradient, hand-written or not, meets finite
//! differences.

use plateau_core::landscape::{self, CriticalKind, Landscape, REGISTRY};
use plateau_core::{Matrix, Point, seeded_rng};
use rand::RngExt;
use std::sync::Arc;

/// Random points per landscape.
const POINTS: usize = 200;

/// Agreement required of a central difference with step `h = 1e-6·max(1, |p_i|)`, relative
/// to the larger of 1, the exact derivative and the differenced quantity. Rounding alone
/// gives about ε/h ≈ 2e-10 of that, truncation (h²·|f'''|/6) somewhat more on the steep
/// Goldstein–Price (worst seen: 3.5e-9); run with `--nocapture` to see each landscape's worst.
const FD_TOL: f64 = 1e-8;

fn landscapes() -> Vec<Arc<dyn Landscape>> {
    REGISTRY.iter().map(|e| (e.build)()).collect()
}

fn name(l: &dyn Landscape) -> &str {
    &l.info().name
}

/// `POINTS` pseudo-random points of the landscape's plot domain (the same every run). Near
/// Ackley's tip the function is a cone and finite differences mean nothing, so points within
/// 1e-3 of it are skipped.
fn sample_points(l: &dyn Landscape) -> Vec<Point> {
    let domain = l.info().domain;
    let mut rng = seeded_rng(20_240_601);
    (0..POINTS)
        .map(|_| domain.lerp(rng.random(), rng.random()))
        .filter(|p| !(name(l) == "ackley" && p.norm() < 1e-3))
        .collect()
}

fn step(v: f64) -> f64 {
    1e-6 * v.abs().max(1.0)
}

fn unit(i: usize) -> Point {
    if i == 0 { Point::x() } else { Point::y() }
}

/// Central differences of the value.
fn fd_gradient(l: &dyn Landscape, p: Point) -> Point {
    Point::from_fn(|i, _| {
        let h = step(p[i]);
        (l.value(p + h * unit(i)) - l.value(p - h * unit(i))) / (2.0 * h)
    })
}

/// Central differences of the gradient, column by column.
fn fd_hessian(l: &dyn Landscape, p: Point) -> Matrix {
    let mut m = Matrix::zeros();
    for j in 0..2 {
        let h = step(p[j]);
        let col = (l.gradient(p + h * unit(j)) - l.gradient(p - h * unit(j))) / (2.0 * h);
        m.set_column(j, &col);
    }
    m
}

#[test]
fn gradients_match_finite_differences_of_the_value() {
    for l in landscapes() {
        let l = l.as_ref();
        let mut worst: f64 = 0.0;
        for p in sample_points(l) {
            let exact = l.gradient(p);
            let fd = fd_gradient(l, p);
            let scale = exact.amax().max(l.value(p).abs()).max(1.0);
            let err = (fd - exact).amax() / scale;
            worst = worst.max(err);
            assert!(
                err <= FD_TOL,
                "{} at ({}, {}): gradient {exact:?}, finite differences {fd:?} (rel {err:e})",
                name(l),
                p.x,
                p.y
            );
        }
        eprintln!("{:>16}: worst gradient error {worst:.1e}", name(l));
    }
}

#[test]
fn hessians_match_finite_differences_of_the_gradient() {
    for l in landscapes() {
        let l = l.as_ref();
        let mut worst: f64 = 0.0;
        for p in sample_points(l) {
            let exact = l.hessian(p);
            // Dual numbers compute the two mixed partials in different orders.
            let asymmetry = (exact[(0, 1)] - exact[(1, 0)]).abs();
            assert!(
                asymmetry <= 1e-14 * exact.amax(),
                "{} Hessian {exact:?}",
                name(l)
            );
            let fd = fd_hessian(l, p);
            let scale = exact.amax().max(l.gradient(p).amax()).max(1.0);
            let err = (fd - exact).amax() / scale;
            worst = worst.max(err);
            assert!(
                err <= FD_TOL,
                "{} at ({}, {}): Hessian {exact:?}, finite differences {fd:?} (rel {err:e})",
                name(l),
                p.x,
                p.y
            );
        }
        eprintln!("{:>16}: worst Hessian error {worst:.1e}", name(l));
    }
}

#[test]
fn known_points_are_critical_points_of_their_kind() {
    for l in landscapes() {
        let l = l.as_ref();
        let info = l.info();
        assert!(
            !info.known_points.is_empty(),
            "{} lists no point",
            info.name
        );
        for k in &info.known_points {
            let p = k.position;
            let at = format!("{} {} at ({}, {})", info.name, k.kind.name(), p.x, p.y);
            let hessian = l.hessian(p);
            // The coordinates are correctly rounded, so the gradient there is of the order
            // of ε·‖H‖·|p|; 1e-12 leaves a margin of several thousand.
            let scale = (hessian.amax() * p.amax().max(1.0)).max(1.0);
            let g = l.gradient(p);
            assert!(g.amax() <= 1e-12 * scale, "{at}: gradient {g:?}");
            let value = l.value(p);
            assert!(
                (value - k.value).abs() <= 1e-12 * k.value.abs().max(1.0),
                "{at}: value {value:?}, listed {:?}",
                k.value
            );
            let eig = hessian.symmetric_eigen().eigenvalues;
            let (lo, hi) = (eig.min(), eig.max());
            let zero = 1e-9 * hessian.amax().max(1.0);
            let ok = match k.kind {
                CriticalKind::Minimum => lo > zero,
                CriticalKind::Maximum => hi < -zero,
                CriticalKind::Saddle => lo < -zero && hi > zero,
                CriticalKind::Degenerate => lo.abs() <= zero || hi.abs() <= zero,
            };
            assert!(ok, "{at}: Hessian eigenvalues {lo}, {hi}");
        }
    }
}

#[test]
fn every_landscape_is_described_and_starts_inside_its_domain() {
    for l in landscapes() {
        let info = l.info();
        assert!(!info.description.is_empty() && !info.formula.is_empty());
        assert!(info.domain.contains(info.start), "{} start", info.name);
        assert!(info.lr.gradient > 0.0 && info.lr.adaptive > 0.0);
        for k in &info.known_points {
            assert!(
                info.domain.contains(k.position),
                "{} point {:?}",
                info.name,
                k.position
            );
        }
    }
}

#[test]
fn ackley_gradient_is_exactly_zero_at_the_origin() {
    let ackley = landscape::by_name("ackley").unwrap();
    let origin = Point::zeros();
    assert_eq!(ackley.gradient(origin), Point::zeros());
    assert_eq!(ackley.value(origin), 0.0);
    let h = ackley.hessian(origin);
    assert!(h.iter().all(|v| v.is_finite()) && h.symmetric_eigen().eigenvalues.min() > 0.0);
}

#[test]
fn neuron_facts() {
    let neuron = landscape::by_name("neuron").unwrap();
    let mut rng = seeded_rng(7);
    for _ in 0..500 {
        let w: f64 = rng.random_range(-4.0..11.0);
        let p = Point::new(0.0, w);
        assert_eq!(neuron.gradient(p).y, 0.0, "dL/dw at v = 0, w = {w}");
    }
    let origin = Point::zeros();
    let eig = neuron.hessian(origin).symmetric_eigen().eigenvalues;
    let (lo, hi) = (eig.min(), eig.max());
    assert!(
        (lo + 25.6706).abs() < 1e-4 && (hi - 25.6706).abs() < 1e-4,
        "{lo}, {hi}"
    );
    // LANDSCAPES.md's L₀ = 11.439992077394551 is one ulp above the correctly rounded sum of
    // the squared f64 targets (11.43999207739455, what plateau computes); allow 2 ulp.
    let l0 = neuron.value(origin);
    assert!(
        (l0 - 11.439992077394551).abs() <= 2.0 * 8.0 * f64::EPSILON,
        "{l0:?}"
    );
}

#[test]
fn quartic_slice_is_the_seed_quartic() {
    let quartic = landscape::by_name("quartic").unwrap();
    let mut rng = seeded_rng(3);
    for _ in 0..500 {
        let x: f64 = rng.random_range(-3.5..6.0);
        let seed = 2.0 * x.powi(4) - 8.0 * x.powi(3) - 26.0 * x.powi(2) + x - 5.0;
        assert_eq!(quartic.value(Point::new(x, 0.0)), seed, "x = {x}");
    }
    // SEED.md: GD with lr = 0.01 from x = −3 first jumps to −0.25, then stops in the local
    // minimum.
    let g = quartic.gradient(Point::new(-3.0, 0.0));
    assert_eq!(-3.0 - 0.01 * g.x, -0.25);
}

#[test]
fn unknown_names_list_the_valid_ones() {
    let err = landscape::by_name("nope")
        .err()
        .expect("no landscape 'nope'")
        .to_string();
    assert!(err.contains("nope"), "{err}");
    for name in landscape::names() {
        assert!(err.contains(name), "{err} does not list {name}");
    }
}

#[test]
fn fisher_is_the_gauss_newton_half_of_the_hessian_at_a_perfect_fit() {
    // For L = Σ (t_n − y_n)², ∇²L = 2·Σ J_nᵀJ_n − 2·Σ r_n·∇²y_n; the second sum vanishes
    // where every residual r_n is 0, at the minima with L = 0.
    let mut checked = 0;
    for l in landscapes() {
        let info = l.info();
        let Some(_) = l.fisher(info.start) else {
            continue;
        };
        for k in info.known_points.iter().filter(|k| k.value == 0.0) {
            let fisher = l.fisher(k.position).unwrap();
            let hessian = l.hessian(k.position);
            assert!(
                (2.0 * fisher - hessian).amax() <= 1e-12 * hessian.amax(),
                "{}: 2F = {:?}, H = {hessian:?}",
                info.name,
                2.0 * fisher
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 4,
        "neuron and overlap have two perfect fits each"
    );
}
