//! The seed article's worked examples, to the last bit (docs/reference/SEED.md).

use plateau_core::landscape;
use plateau_core::run::trajectory;
use plateau_core::{DEFAULT_SEED, Point};

fn sgd_positions(name: &str, start: Point, lr: f64, steps: u64) -> Vec<Point> {
    let land = landscape::by_name(name).unwrap();
    let spec = crate::sgd_at(land.as_ref(), Some(lr));
    trajectory(land, spec, start.as_slice(), DEFAULT_SEED, steps)
        .unwrap()
        .iter()
        .map(|row| Point::from_column_slice(&row.params))
        .collect()
}

#[test]
fn bowl_lr_0_1_shrinks_by_0_8_per_step() {
    let p = sgd_positions("bowl", Point::new(2.0, 3.0), 0.1, 4);
    assert_eq!(p[1], Point::new(1.6, 2.4));
    assert_eq!(p[2], Point::new(1.28, 1.92));
    assert_eq!(p[3], Point::new(1.024, 1.536));
    assert_eq!(p[4], Point::new(0.8192, 1.2288000000000001));
}

#[test]
fn bowl_lr_0_5_is_the_one_step_newton_step() {
    let p = sgd_positions("bowl", Point::new(2.0, 3.0), 0.5, 2);
    assert_eq!(p[1], Point::new(0.0, 0.0));
    assert_eq!(p[2], Point::new(0.0, 0.0));
}

#[test]
fn quartic_from_minus_3_stops_in_the_local_minimum() {
    let p = sgd_positions("quartic", Point::new(-3.0, 0.0), 0.01, 1000);
    // The first step overshoots toward the barrier: −0.25 in exact arithmetic. torch's
    // update θ ← fma(−lr, g, θ) rounds once, leaving −0.24999999999999994.
    assert_eq!(p[1].x, -0.24999999999999994);
    assert_eq!(p[1000], Point::new(-1.4723556260047808, 0.0));
}

#[test]
fn quartic_from_2_reaches_the_global_minimum() {
    let p = sgd_positions("quartic", Point::new(2.0, 0.0), 0.005, 1000);
    assert_eq!(p[1000], Point::new(4.453291532215251, 0.0));
}

#[test]
fn quartic_from_2_with_lr_0_01_oscillates_instead_of_settling() {
    let p = sgd_positions("quartic", Point::new(2.0, 0.0), 0.01, 1000);
    assert_eq!(p[1000].x, 4.804902113219772);
    assert_eq!(p[999].x, 3.959857030257069);
}
