//! Every built-in landscape: exact derivatives against finite differences, the known critical
//! points, and the facts of the reference (docs/reference/LANDSCAPES.md, README.md,
//! SEED.md, all under the repository root).
//!
//! That the hand-written (torch-order) gradients equal the dual-number gradient of the same
//! formula to 1e-12 is checked inside plateau-core (`landscape::tests`), where the formulas'
//! generic `eval` is visible; here every gradient, hand-written or not, meets finite
//! differences.

use plateau_core::landscape::{self, CriticalKind, Landscape, REGISTRY};
use plateau_core::{MatrixN, Point, seeded_rng};
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
    REGISTRY.iter().map(|e| e.landscape()).collect()
}

fn name(l: &dyn Landscape) -> &str {
    &l.info().name
}

/// The largest absolute value of a slice (0 when empty).
fn amax(v: &[f64]) -> f64 {
    v.iter().fold(0.0, |m: f64, x| m.max(x.abs()))
}

/// The gradient of `l` at `p` as a vector.
fn gradient(l: &dyn Landscape, p: &[f64]) -> Vec<f64> {
    let mut g = vec![0.0; p.len()];
    l.gradient(p, &mut g);
    g
}

/// `POINTS` pseudo-random parameter vectors (the same every run). For a 2-D landscape they
/// are points of its plot domain. A landscape with more parameters has no domain of its
/// own (its `domain` is the plane of a view), so each coordinate is drawn from the range
/// its start and known points span, widened on both sides by half the view's width. Near
/// Ackley's tip the function is a cone and finite differences mean nothing, so points
/// within 1e-3 of it are skipped.
fn sample_points(l: &dyn Landscape) -> Vec<Vec<f64>> {
    let info = l.info();
    let domain = info.domain;
    let mut rng = seeded_rng(20_240_601);
    if info.dim() == 2 {
        return (0..POINTS)
            .map(|_| domain.lerp(rng.random(), rng.random()))
            .filter(|p| !(name(l) == "ackley" && p.norm() < 1e-3))
            .map(|p| vec![p.x, p.y])
            .collect();
    }
    let pad = domain.width() / 2.0;
    let ranges: Vec<(f64, f64)> = (0..info.dim())
        .map(|i| {
            let coordinates = std::iter::once(info.start[i])
                .chain(info.known_points.iter().map(|k| k.position[i]));
            let lo = coordinates.clone().fold(f64::INFINITY, f64::min);
            let hi = coordinates.fold(f64::NEG_INFINITY, f64::max);
            (lo - pad, hi + pad)
        })
        .collect();
    (0..POINTS)
        .map(|_| {
            (ranges.iter())
                .map(|&(lo, hi)| {
                    let u: f64 = rng.random();
                    lo + u * (hi - lo)
                })
                .collect()
        })
        .collect()
}

fn step(v: f64) -> f64 {
    1e-6 * v.abs().max(1.0)
}

/// `p` moved by `h` along coordinate `i`.
fn moved(p: &[f64], i: usize, h: f64) -> Vec<f64> {
    let mut q = p.to_vec();
    q[i] += h;
    q
}

/// Central differences of the value.
fn fd_gradient(l: &dyn Landscape, p: &[f64]) -> Vec<f64> {
    (0..p.len())
        .map(|i| {
            let h = step(p[i]);
            (l.value(&moved(p, i, h)) - l.value(&moved(p, i, -h))) / (2.0 * h)
        })
        .collect()
}

/// Central differences of the gradient, column by column.
fn fd_hessian(l: &dyn Landscape, p: &[f64]) -> MatrixN {
    let n = p.len();
    let mut m = MatrixN::zeros(n, n);
    for j in 0..n {
        let h = step(p[j]);
        let (plus, minus) = (gradient(l, &moved(p, j, h)), gradient(l, &moved(p, j, -h)));
        for i in 0..n {
            m[(i, j)] = (plus[i] - minus[i]) / (2.0 * h);
        }
    }
    m
}

#[test]
fn gradients_match_finite_differences_of_the_value() {
    for l in landscapes() {
        let l = l.as_ref();
        let mut worst: f64 = 0.0;
        for p in sample_points(l) {
            let exact = gradient(l, &p);
            let fd = fd_gradient(l, &p);
            let scale = amax(&exact).max(l.value(&p).abs()).max(1.0);
            let diff: Vec<f64> = fd.iter().zip(&exact).map(|(a, b)| a - b).collect();
            let err = amax(&diff) / scale;
            worst = worst.max(err);
            assert!(
                err <= FD_TOL,
                "{} at {p:?}: gradient {exact:?}, finite differences {fd:?} (rel {err:e})",
                name(l),
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
            let exact = l.hessian(&p);
            // Dual numbers compute the mixed partials ∂ᵢ∂ⱼ and ∂ⱼ∂ᵢ in different orders.
            let asymmetry = (&exact - exact.transpose()).amax();
            assert!(
                asymmetry <= 1e-14 * exact.amax(),
                "{} Hessian {exact:?}",
                name(l)
            );
            let fd = fd_hessian(l, &p);
            let scale = exact.amax().max(amax(&gradient(l, &p))).max(1.0);
            let err = (&fd - &exact).amax() / scale;
            worst = worst.max(err);
            assert!(
                err <= FD_TOL,
                "{} at {p:?}: Hessian {exact:?}, finite differences {fd:?} (rel {err:e})",
                name(l),
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
            let p = &k.position[..];
            assert_eq!(p.len(), info.dim(), "{} point {p:?}", info.name);
            let at = format!("{} {} at {p:?}", info.name, k.kind.name());
            let hessian = l.hessian(p);
            // The coordinates are correctly rounded, so the gradient there is of the order
            // of ε·‖H‖·|p|; 1e-12 leaves a margin of several thousand.
            let scale = (hessian.amax() * amax(p).max(1.0)).max(1.0);
            let g = gradient(l, p);
            assert!(amax(&g) <= 1e-12 * scale, "{at}: gradient {g:?}");
            let value = l.value(p);
            assert!(
                (value - k.value).abs() <= 1e-12 * k.value.abs().max(1.0),
                "{at}: value {value:?}, listed {:?}",
                k.value
            );
            let eig = hessian.clone().symmetric_eigen().eigenvalues;
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
        assert!(!info.description.is_empty());
        assert_eq!(info.start.len(), info.dim(), "{} start", info.name);
        assert!(info.lr.gradient > 0.0 && info.lr.adaptive > 0.0);
        if l.surface().is_none() {
            // A model with more parameters has no formula in x and y, and its domain is the
            // plane of a view, not a region of its parameter space.
            assert!(info.formula.is_empty(), "{} formula", info.name);
            continue;
        }
        assert!(!info.formula.is_empty());
        assert!(
            info.domain.contains(info.start_point()),
            "{} start",
            info.name
        );
        for k in &info.known_points {
            assert!(
                info.domain.contains(k.point()),
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
    let ackley = ackley.surface().unwrap();
    let origin = Point::zeros();
    assert_eq!(ackley.gradient(origin), Point::zeros());
    assert_eq!(ackley.value(origin), 0.0);
    let h = ackley.hessian(origin);
    assert!(h.iter().all(|v| v.is_finite()) && h.symmetric_eigen().eigenvalues.min() > 0.0);
}

#[test]
fn neuron_facts() {
    let neuron = landscape::by_name("neuron").unwrap();
    let neuron = neuron.surface().unwrap();
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
    let quartic = quartic.surface().unwrap();
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
        if !l.has_fisher() {
            continue;
        }
        for k in info.known_points.iter().filter(|k| k.value == 0.0) {
            let mut fisher = MatrixN::from_element(info.dim(), info.dim(), f64::NAN);
            l.fisher(&k.position, &mut fisher);
            let hessian = l.hessian(&k.position);
            assert!(
                (2.0 * &fisher - &hessian).amax() <= 1e-12 * hessian.amax(),
                "{}: 2F = {:?}, H = {hessian:?}",
                info.name,
                2.0 * &fisher
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 6,
        "neuron, overlap and committee have two perfect fits each"
    );
}
