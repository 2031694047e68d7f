//! The theory of the soft committee machine (`plateau_core::theory`): the closed forms of
//! ε_g and of the ODE's right-hand sides against Gauss–Hermite quadrature over the K + M
//! Gaussian pre-activations at random positive-definite covariances, and the symmetric
//! fixed points against the published numbers (docs/reference/SCM.md).

use nalgebra::{DMatrix, DVector};
use plateau_core::theory::{
    FixedPointKind, Overlaps, generalisation_error, rates, symmetric_fixed_points,
};
use rand::RngExt;
use std::f64::consts::PI;

/// The nodes and weights of the n-point Gauss–Hermite rule for the standard normal density
/// (Golub–Welsch: the eigenvalues of the Jacobi matrix of the probabilists' Hermite
/// polynomials, the weights the squared first components of its eigenvectors).
fn gauss_hermite(n: usize) -> (Vec<f64>, Vec<f64>) {
    let jacobi = DMatrix::from_fn(n, n, |i, j| {
        if i.abs_diff(j) == 1 {
            (i.max(j) as f64).sqrt()
        } else {
            0.0
        }
    });
    let eigen = jacobi.symmetric_eigen();
    let weights = (0..n).map(|i| eigen.eigenvectors[(0, i)].powi(2)).collect();
    (eigen.eigenvalues.iter().copied().collect(), weights)
}

/// `g(x) = erf(x/√2)` and its derivative.
fn g(x: f64) -> f64 {
    libm::erf(x / 2f64.sqrt())
}

fn g_prime(x: f64) -> f64 {
    (2.0 / PI).sqrt() * (-x * x / 2.0).exp()
}

/// ε_g and the rates of on-line SGD at `eta`, as averages over u ~ N(0, C) by an n-point
/// tensor-product Gauss–Hermite rule: `ε = (σ − ζ)²/2`, `δ_i = g'(x_i)(ζ − σ)`,
/// `dQ_ik = η⟨δ_i x_k + δ_k x_i⟩ + η²⟨δ_i δ_k⟩`, `dR_in = η⟨δ_i y_n⟩`.
fn by_quadrature(overlaps: &Overlaps, eta: f64, n: usize) -> (f64, Vec<f64>) {
    let (k, m) = (overlaps.students(), overlaps.teachers());
    let dim = k + m;
    let a = overlaps
        .covariance()
        .cholesky()
        .expect("positive definite")
        .l();
    let (nodes, weights) = gauss_hermite(n);
    let mut eps = 0.0;
    let mut q = DMatrix::zeros(k, k);
    let mut r = DMatrix::zeros(k, m);
    let mut index = vec![0usize; dim];
    loop {
        let z = DVector::from_iterator(dim, index.iter().map(|&i| nodes[i]));
        let w: f64 = index.iter().map(|&i| weights[i]).product();
        let u = &a * z;
        let sigma: f64 = (0..k).map(|i| g(u[i])).sum();
        let zeta: f64 = (k..dim).map(|p| g(u[p])).sum();
        let delta: Vec<f64> = (0..k).map(|i| g_prime(u[i]) * (zeta - sigma)).collect();
        eps += w * (sigma - zeta).powi(2) / 2.0;
        for i in 0..k {
            for j in 0..k {
                q[(i, j)] += w
                    * (eta * (delta[i] * u[j] + delta[j] * u[i]) + eta * eta * delta[i] * delta[j]);
            }
            for t in 0..m {
                r[(i, t)] += w * eta * delta[i] * u[k + t];
            }
        }
        let Some(d) = (0..dim).find(|&d| index[d] + 1 < n) else {
            break;
        };
        index[d] += 1;
        index[..d].fill(0);
    }
    let rates = Overlaps {
        q,
        r,
        t: overlaps.t.clone(),
    };
    (eps, rates.state())
}

/// A random positive-definite covariance of K + M units, as overlaps (with a general T).
fn random_overlaps(rng: &mut plateau_core::Rng, k: usize, m: usize) -> Overlaps {
    let dim = k + m;
    let a = DMatrix::from_fn(dim, dim, |_, _| rng.random_range(-0.45..0.45));
    let c = &a * a.transpose() + DMatrix::identity(dim, dim) * 0.05;
    Overlaps {
        q: c.view((0, 0), (k, k)).into_owned(),
        r: c.view((0, k), (k, m)).into_owned(),
        t: c.view((k, k), (m, m)).into_owned(),
    }
}

#[test]
fn the_closed_forms_are_the_gaussian_averages() {
    let mut rng = plateau_core::seeded_rng(20);
    // The tolerance is the rule's own accuracy at that many nodes per dimension.
    for (k, m, nodes, cases, tolerance) in [
        (1, 1, 40, 4, 1e-12),
        (2, 1, 30, 4, 1e-10),
        (2, 2, 22, 3, 1e-8),
        (3, 1, 22, 2, 1e-8),
    ] {
        for _ in 0..cases {
            let overlaps = random_overlaps(&mut rng, k, m);
            let eta = rng.random_range(0.05..1.0);
            let (eps, quadrature) = by_quadrature(&overlaps, eta, nodes);
            let exact = generalisation_error(&overlaps);
            assert!(
                (eps - exact).abs() < tolerance,
                "K={k} M={m}: {eps} vs {exact}"
            );
            for (label, (a, b)) in
                (overlaps.labels().iter()).zip(rates(&overlaps, eta).iter().zip(&quadrature))
            {
                assert!((a - b).abs() < tolerance, "K={k} M={m} {label}: {a} vs {b}");
            }
        }
    }
}

#[test]
fn the_plateau_of_two_students_and_two_teachers_at_eta_0_1() {
    let points = symmetric_fixed_points(2, 2, 0.1).unwrap();
    assert_eq!(points.len(), 2);
    let (identical, plateau) = (&points[0], &points[1]);
    assert_eq!(identical.kind, FixedPointKind::Identical);
    assert_eq!(plateau.kind, FixedPointKind::Plateau);
    for p in &points {
        assert!(p.residual < 1e-14, "{:?}: {}", p.kind, p.residual);
    }
    // On the invariant line Q_d = Q_o up to Newton's round-off.
    assert!((identical.q_diag - identical.q_offdiag).abs() < 1e-12);
    assert!(
        (plateau.eps_g - 0.0120852).abs() < 5e-8,
        "{}",
        plateau.eps_g
    );
    assert!(
        (plateau.q_diag - 0.33882).abs() < 5e-6,
        "{}",
        plateau.q_diag
    );
    assert!(
        (plateau.q_offdiag - 0.33203).abs() < 5e-6,
        "{}",
        plateau.q_offdiag
    );
    assert!((plateau.r - 0.40923).abs() < 5e-6, "{}", plateau.r);
    // The plateau is left by breaking the symmetry: one unstable direction for K = M = 2,
    // the rest of the spectrum negative; the identical point is unstable inside the
    // symmetric subspace too (a second positive eigenvalue).
    assert!(plateau.lambda_max() > 0.0);
    assert!(plateau.spectrum[1].re < 0.0, "{:?}", plateau.spectrum);
    assert!(identical.spectrum[1].re > 0.0, "{:?}", identical.spectrum);
}

#[test]
fn the_small_eta_limit() {
    for (k, eps_star) in [(2, 0.0116108403), (3, 0.0202965887)] {
        let kf = k as f64;
        let formula = kf / PI * (PI / 6.0 - kf * (1.0 / (2.0 * kf)).asin());
        assert!((formula - eps_star).abs() < 1e-10, "{formula}");
        let q = 1.0 / (2.0 * kf - 1.0);
        let r = 1.0 / (kf * (2.0 * kf - 1.0)).sqrt();
        let limit = Overlaps::new(
            DMatrix::from_element(k, k, q),
            DMatrix::from_element(k, k, r),
        )
        .unwrap();
        assert!((generalisation_error(&limit) - eps_star).abs() < 1e-10);
        // The fixed points at a small η are near the limit point (they move by O(η)); for
        // K = 3 the plateau's search takes a minute, so only K = 2 is solved here.
        if k == 3 {
            continue;
        }
        let [identical, plateau] = &symmetric_fixed_points(k, k, 1e-3).unwrap()[..] else {
            panic!("no fixed point")
        };
        for p in [identical, plateau] {
            assert!(p.residual < 1e-14, "{}", p.residual);
            assert!((p.q_diag - q).abs() < 1e-3, "{}", p.q_diag);
            assert!((p.q_offdiag - q).abs() < 1e-3, "{}", p.q_offdiag);
            assert!((p.r - r).abs() < 1e-3, "{}", p.r);
            assert!((p.eps_g - eps_star).abs() < 1e-4, "{}", p.eps_g);
        }
    }
}
