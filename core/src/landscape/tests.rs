//! The hand-written gradients (kept in the torch reference order) against the dual-number
//! gradient of the same [`Formula::eval`], at random points of each landscape's domain.

use super::{
    Formula, ackley::Ackley, beale::Beale, bowl::Bowl, by_name, himmelblau::Himmelblau,
    monkey::Monkey, neuron::Neuron, rastrigin::Rastrigin, rosenbrock::Rosenbrock, saddle::Saddle,
};
use crate::{Point, seeded_rng};
use nalgebra::{Const, SVector};
use num_dual::DualVec;
use rand::RngExt;

/// Checks `formula.gradient` against `num_dual::gradient` of `formula.eval` at 500 points of
/// the domain of the landscape called `name`, to 1e-12 relative to the larger of 1, |∇L|
/// and |L|: the two differ only in rounding (a few ulp of the largest term).
fn check<F: Formula>(name: &str, formula: &F) {
    let domain = by_name(name).unwrap().info().domain;
    let mut rng = seeded_rng(1);
    for _ in 0..500 {
        let p = domain.lerp(rng.random(), rng.random());
        let hand = formula.gradient(p).expect("a hand-written gradient");
        let (value, dual) = num_dual::gradient(
            |v: SVector<DualVec<f64, Const<2>>, 2>| formula.eval(v[0], v[1]),
            &p,
        );
        let scale = dual.amax().max(value.abs()).max(1.0);
        assert!(
            (hand - dual).amax() <= 1e-12 * scale,
            "{name} at ({}, {}): hand-written {hand:?} vs dual {dual:?}",
            p.x,
            p.y
        );
    }
}

#[test]
fn hand_written_gradients_match_dual_numbers() {
    check("bowl", &Bowl);
    check("neuron", &Neuron);
    check("saddle", &Saddle);
    check("monkey", &Monkey);
    check("rosenbrock", &Rosenbrock);
    check("himmelblau", &Himmelblau);
    check("beale", &Beale);
    check("rastrigin", &Rastrigin);
    check("ackley", &Ackley);
}

#[test]
fn ackley_is_finite_and_flat_at_its_tip() {
    let tip = Point::zeros();
    assert_eq!(Ackley.eval(0.0, 0.0), 0.0);
    assert_eq!(Ackley.gradient(tip), Some(Point::zeros()));
    // Where x² + y² underflows the cone's dual derivatives are NaN; the overrides are not.
    let tiny = Point::new(1e-200, -1e-200);
    let g = Ackley.gradient(tiny).unwrap();
    assert!(
        (g.x - 2.0).abs() < 1e-12 && (g.y + 2.0).abs() < 1e-12,
        "{g:?}"
    );
    assert!(Ackley.hessian(tiny).unwrap().iter().all(|h| h.is_finite()));
    assert_eq!(Ackley.hessian(Point::new(1e-3, 0.0)), None);
}

#[test]
fn saturated_tanh_units_have_finite_derivatives() {
    // Far out every unit saturates: a flat landscape, not a NaN (num-dual's own tanh gives
    // NaN derivatives from |w·x| ≈ 355 on).
    let formula = crate::landscape::from_expr(
        "tanh(1000*x) + y^2",
        crate::geometry::domain::Domain::square(3.0),
    )
    .expect("a valid formula");
    let cases = [
        ("neuron", Point::new(0.5, 1e4)),
        ("neuron", Point::new(-2.0, -1e300)),
        ("overlap", Point::new(-400.0, -400.0)),
        ("overlap", Point::new(1e6, -3.0)),
    ];
    for (name, p) in cases {
        let land = by_name(name).unwrap();
        let land = land.surface().unwrap();
        let (g, h) = (land.gradient(p), land.hessian(p));
        assert!(
            g.iter().chain(h.iter()).all(|v| v.is_finite()),
            "{name} at {p:?}: {g:?} {h:?}"
        );
    }
    let g = formula.surface().unwrap().gradient(Point::new(-1.0, 1.0));
    assert_eq!(g, Point::new(0.0, 2.0));
}

#[test]
fn every_landscape_is_named_by_its_registry_entry() {
    for entry in super::REGISTRY {
        assert_eq!(entry.landscape().info().name, entry.name);
    }
}
