//! A landscape typed by the user: a formula in x and y (see [`crate::expr::GRAMMAR`]),
//! with exact gradients and Hessians from dual numbers like every built-in.

use super::{
    CriticalKind, Formula, KnownPoint, Landscape, LandscapeInfo, PlateauRule, Smooth, SuggestedLr,
    Surface, param_names,
};
use crate::Point;
use crate::error::ParseError;
use crate::expr::Expr;
use crate::geometry::critical::find_critical_points;
use crate::geometry::curvature::Curvature;
use crate::geometry::domain::Domain;
use num_dual::DualNum;
use std::sync::Arc;

/// The plot domain of a formula when none is given: `[-3, 3]²`.
pub const DEFAULT_DOMAIN: Domain = Domain::square(3.0);

/// Below this gradient norm the centre of the domain counts as a critical point, and the
/// default start moves off it.
const STUCK_GRADIENT: f64 = 1e-8;

/// Newton starts per axis of the search for the formula's minima (the explorer's own,
/// denser search marks every critical point; this one only needs the lowest minimum).
const MINIMA_STARTS: usize = 12;

/// A parsed formula as a [`Formula`].
struct Expression(Expr);

impl Formula for Expression {
    fn eval<D: DualNum<Primitive = f64> + Copy>(&self, x: D, y: D) -> D {
        self.0.eval(x, y)
    }
}

/// The landscape of a formula over `domain`, or what is wrong with the formula and where.
///
/// Its info: name `expr`, formula the text as typed, description the same on one line (runs
/// of whitespace as one space), axes x and y, and as known points the minima that the
/// critical-point finder locates in the domain (so that the plateau detector knows the best
/// loss there is). The start is the domain's centre, or, if the gradient there is (nearly)
/// zero or undefined, the centre moved by a twentieth of the width and a thirtieth of the
/// height (unequal, so as not to move along a diagonal).
///
/// The suggested learning rates, each rounded to one significant digit: for gradient
/// descent `0.1 / max(1, |λ|max)`, with `|λ|max` the largest Hessian eigenvalue magnitude
/// at the start (`1e-3` where the Hessian is undefined), well inside the stable `2 / λmax`;
/// for the adaptive optimizers, which move about one learning rate per step whatever the
/// scale, 1% of the larger side of the domain.
pub fn from_expr(formula: &str, domain: Domain) -> Result<Arc<dyn Landscape>, ParseError> {
    let expr = Expr::parse(formula)?;
    let center = domain.center();
    let mut landscape = Smooth::new(
        Expression(expr),
        LandscapeInfo {
            name: "expr".into(),
            description: formula.split_whitespace().collect::<Vec<_>>().join(" "),
            formula: formula.into(),
            parameters: param_names(&["x", "y"]),
            domain,
            start: vec![center.x, center.y],
            lr: SuggestedLr {
                gradient: 1e-3,
                adaptive: 1e-3,
            },
            known_points: Vec::new(),
            plateau: PlateauRule::DEFAULT,
            dataset: None,
        },
    );
    let slope = Surface::gradient(&landscape, center).norm();
    if !(slope.is_finite() && slope > STUCK_GRADIENT) {
        let moved = center + Point::new(domain.width() / 20.0, domain.height() / 30.0);
        landscape.info.start = vec![moved.x, moved.y];
    }
    let curvature = Curvature::at(&landscape, landscape.info.start_point())
        .map(|c| c.eigenvalues[0].abs().max(c.eigenvalues[1].abs()));
    landscape.info.lr = SuggestedLr {
        gradient: curvature.map_or(1e-3, |c| one_digit(0.1 / c.max(1.0))),
        adaptive: one_digit(0.01 * domain.width().max(domain.height())),
    };
    landscape.info.known_points = find_critical_points(&landscape, domain, MINIMA_STARTS)
        .into_iter()
        .filter(|c| c.curvature.kind == CriticalKind::Minimum)
        .map(|c| KnownPoint {
            position: vec![c.position.x, c.position.y],
            value: c.value,
            kind: CriticalKind::Minimum,
        })
        .collect();
    Ok(Arc::new(landscape))
}

/// `v` rounded to one significant digit (`4.2e-4` → `4e-4`); `v` itself if that is not a
/// finite positive number.
fn one_digit(v: f64) -> f64 {
    format!("{v:.0e}")
        .parse()
        .ok()
        .filter(|r: &f64| r.is_finite() && *r > 0.0)
        .unwrap_or(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_formula_in_x_alone_is_a_landscape_with_zero_y_slope() {
        let l = from_expr("x^2", DEFAULT_DOMAIN).unwrap();
        let l = l.surface().unwrap();
        let p = Point::new(1.5, -2.0);
        assert_eq!(l.value(p), 2.25);
        assert_eq!(l.gradient(p), Point::new(3.0, 0.0));
        let h = l.hessian(p);
        assert_eq!(
            (h[(0, 0)], h[(0, 1)], h[(1, 0)], h[(1, 1)]),
            (2.0, 0.0, 0.0, 0.0)
        );
        let seven = from_expr("7", DEFAULT_DOMAIN).unwrap();
        assert_eq!(seven.surface().unwrap().gradient(p), Point::zeros());
    }

    #[test]
    fn info_describes_the_formula() {
        let domain = Domain::new(-1.0, 3.0, 0.0, 2.0).unwrap();
        let l = from_expr(" (x-1)^2 +\n 10*y^2", domain).unwrap();
        let info = l.info();
        assert_eq!(info.name, "expr");
        assert_eq!(info.description, "(x-1)^2 + 10*y^2");
        assert_eq!(info.formula, " (x-1)^2 +\n 10*y^2");
        assert_eq!(info.parameters, ["x", "y"]);
        assert_eq!(info.domain, domain);
        assert_eq!(info.known_points.len(), 1);
        assert!((info.known_points[0].point() - Point::new(1.0, 0.0)).norm() < 1e-12);
        assert_eq!(info.best_known_value(), Some(0.0));
        // The centre (1, 1) is not critical, so it is the start.
        assert_eq!(info.start, [1.0, 1.0]);
        // Hessian diag(2, 20): 0.1/20.
        assert_eq!(info.lr.gradient, 0.005);
        assert_eq!(info.lr.adaptive, 0.04);
    }

    #[test]
    fn the_start_moves_off_a_critical_or_undefined_centre() {
        for formula in ["x^2 - y^2", "sqrt(x^2 + y^2)", "1/x"] {
            let l = from_expr(formula, DEFAULT_DOMAIN).unwrap();
            assert_eq!(l.info().start, [0.3, 0.2], "{formula}");
            assert!(l.info().lr.gradient > 0.0 && l.info().lr.gradient.is_finite());
        }
        let flat = from_expr("ln(x - 10)", DEFAULT_DOMAIN).unwrap();
        assert_eq!(flat.info().lr.gradient, 1e-3);
    }

    #[test]
    fn one_digit_rounds_to_nearest() {
        assert_eq!(one_digit(4.2e-4), 4e-4);
        assert_eq!(one_digit(0.1), 0.1);
        assert_eq!(one_digit(0.06), 0.06);
        assert_eq!(one_digit(0.1 / 237.0), 4e-4);
    }
}
