//! Formulas as landscapes: every built-in's formula string against the built-in, a formula
//! against the hand-written Rosenbrock over a whole Adam run, undefined regions, and property
//! tests (random strings never panic the parser; exact derivatives of random formulas meet
//! finite differences).

use plateau_core::expr::Expr;
use plateau_core::landscape::{self, DEFAULT_DOMAIN, Landscape, REGISTRY, from_expr};
use plateau_core::optim::{self, OptimizerSpec, Overrides};
use plateau_core::run::{Run, trajectory};
use plateau_core::{Matrix, Point, seeded_rng};
use proptest::prelude::*;
use rand::RngExt;
use std::sync::Arc;

/// `|a − b| ≤ tol·max(|a|, |b|, 1)`, or both NaN.
fn close(a: f64, b: f64, tol: f64) -> bool {
    (a.is_nan() && b.is_nan()) || (a - b).abs() <= tol * a.abs().max(b.abs()).max(1.0)
}

/// Each built-in's `info.formula` (what the explorer's `e` pre-fills) parses and is the same
/// function, at 500 random points of its domain.
#[test]
fn every_built_in_formula_string_is_its_landscape() {
    for entry in REGISTRY {
        let builtin = entry.landscape();
        let info = builtin.info();
        // Only a 2-D landscape has a formula in x and y (a model with more parameters has
        // none).
        let Some(surface) = builtin.surface() else {
            assert!(info.formula.is_empty(), "{}: {}", entry.name, info.formula);
            continue;
        };
        let typed = from_expr(&info.formula, info.domain)
            .unwrap_or_else(|e| panic!("{}: {e}\n{}", entry.name, info.formula));
        let typed = typed.surface().unwrap();
        let mut rng = seeded_rng(5);
        for _ in 0..500 {
            let p = info.domain.lerp(rng.random(), rng.random());
            let (a, b) = (surface.value(p), typed.value(p));
            assert!(
                close(a, b, 1e-12),
                "{} at ({}, {}): built-in {a} vs formula {b}",
                entry.name,
                p.x,
                p.y
            );
        }
    }
}

/// The equivalence: `(1-x)^2 + 100*(y-x^2)^2` with Adam follows `-l rosenbrock`
/// (whose gradient is hand-written in another order) to 1e-12 relative over 1000 steps.
#[test]
fn a_formula_equal_to_rosenbrock_follows_the_same_adam_trajectory() {
    let builtin = landscape::by_name("rosenbrock").unwrap();
    let typed = from_expr("(1-x)^2 + 100*(y-x^2)^2", builtin.info().domain).unwrap();
    let spec = OptimizerSpec::resolve(
        optim::by_name("adam").unwrap(),
        &Overrides::default(),
        &builtin.info().lr,
    )
    .unwrap();
    let start = builtin.info().start.clone();
    let a = trajectory(builtin, spec.clone(), &start, 42, 1000).unwrap();
    let b = trajectory(typed, spec, &start, 42, 1000).unwrap();
    assert_eq!(a.len(), 1001);
    assert_eq!(b.len(), 1001);
    let mut worst: f64 = 0.0;
    for (s, t) in a.iter().zip(&b) {
        for i in 0..2 {
            let d = (s.params[i] - t.params[i]).abs() / s.params[i].abs().max(1e-300);
            worst = worst.max(d);
        }
        let (s, t) = (s.sample, t.sample);
        assert!(close(s.loss, t.loss, 1e-12) || (s.loss - t.loss).abs() < 1e-20);
    }
    assert!(worst <= 1e-12, "worst relative difference {worst:e}");
}

/// `ln(x)` decreases towards x = 0 and is undefined beyond: a run that steps there gets a
/// NaN loss and gradient, and, as in torch's loop, the step after makes the parameters NaN,
/// where it ends; its divergence names both steps. So for every optimizer that descends
/// (Newton's method climbs this concave function instead), and nothing panics.
#[test]
fn a_run_into_an_undefined_region_diverges() {
    let l = from_expr("ln(x) + y^2", DEFAULT_DOMAIN).unwrap();
    let sgd = OptimizerSpec::resolve(
        optim::by_name("sgd").unwrap(),
        &Overrides {
            lr: Some(0.5),
            values: Vec::new(),
        },
        &l.info().lr,
    )
    .unwrap();
    let samples = trajectory(l.clone(), sgd, &[1.0, 0.0], 42, 100).unwrap();
    // x: 1 → 0.5 → −0.5, where the loss is NaN, then NaN parameters: the run ends there.
    assert_eq!(samples.len(), 4);
    assert_eq!(samples[1].params, [0.5, 0.0]);
    assert_eq!(samples[2].params, [-0.5, 0.0]);
    assert!(samples[2].sample.loss.is_nan());
    assert!(samples[3].params.iter().all(|v| v.is_nan()));

    for kind in optim::REGISTRY
        .iter()
        .filter(|k| !["natgrad", "newton"].contains(&k.name))
    {
        let spec = OptimizerSpec::resolve(kind, &Overrides::default(), &l.info().lr).unwrap();
        let mut run = Run::new(l.clone(), spec, &[1.0, 0.5], 42).unwrap();
        let mut rows = vec![(run.params().to_vec(), run.current())];
        while let Some(sample) = run.step() {
            rows.push((run.params().to_vec(), sample));
            assert!(rows.len() <= 5001, "{} never diverged", kind.name);
        }
        let finite = |p: &[f64]| p.iter().all(|v| v.is_finite());
        let (last, _) = rows.last().unwrap();
        assert!(!finite(last), "{}: {last:?}", kind.name);
        assert!(rows[..rows.len() - 1].iter().all(|(p, _)| finite(p)));
        let divergence = run.divergence().expect("diverged");
        let (loss_step, _) = divergence.loss.expect("the loss went first");
        assert_eq!(divergence.params, rows.len() as u64 - 1, "{}", kind.name);
        assert!(loss_step < divergence.params, "{}", kind.name);
        assert!(
            rows[..loss_step as usize]
                .iter()
                .all(|(_, s)| s.loss.is_finite()),
            "{}: finite loss before step {loss_step}",
            kind.name
        );
    }
}

#[test]
fn natgrad_refuses_a_formula() {
    let l = from_expr("x^2 + y^2", DEFAULT_DOMAIN).unwrap();
    let spec = OptimizerSpec::resolve(
        optim::by_name("natgrad").unwrap(),
        &Overrides::default(),
        &l.info().lr,
    )
    .unwrap();
    assert!(spec.build(l.as_ref()).is_err());
}

#[test]
fn abs_has_slope_zero_at_zero_and_no_nan() {
    let l = from_expr("abs(x) + abs(y)^1.5", DEFAULT_DOMAIN).unwrap();
    let l = l.surface().unwrap();
    let origin = Point::zeros();
    assert_eq!(l.value(origin), 0.0);
    assert_eq!(l.gradient(origin), Point::zeros());
    assert_eq!(l.hessian(origin), Matrix::zeros());
    assert_eq!(l.gradient(Point::new(-2.0, 4.0)), Point::new(-1.0, 3.0));
}

#[test]
fn the_contour_leaves_undefined_regions_blank() {
    use plateau_core::picture::raster::{Contour, Glyphs};
    let l = from_expr("sqrt(x) + y", DEFAULT_DOMAIN).unwrap();
    let c = Contour::compute(l.surface().unwrap(), DEFAULT_DOMAIN, 40, 10, Glyphs::Digits);
    for row in 0..10 {
        // The left half (x < 0) is undefined, the right half is drawn.
        assert!((0..19).all(|col| c.cell(col, row).band.is_none()));
        assert!((21..40).all(|col| c.cell(col, row).band.is_some()));
    }
    // All undefined: nothing to draw, and no panic anywhere.
    let nowhere = from_expr("ln(x - 100)", DEFAULT_DOMAIN).unwrap();
    let surface = nowhere.surface().unwrap();
    let c = Contour::compute(surface, DEFAULT_DOMAIN, 40, 10, Glyphs::Digits);
    assert!(c.scale().is_none());
    let known = &nowhere.info().known_points;
    assert!(plateau_core::analysis::landmarks(surface, DEFAULT_DOMAIN, known).is_empty());
}

#[test]
fn the_critical_point_finder_works_on_a_formula() {
    let l = from_expr("x^2 - y^2 + 0.25*y^4", DEFAULT_DOMAIN).unwrap();
    let known = &l.info().known_points;
    let found = plateau_core::analysis::landmarks(l.surface().unwrap(), DEFAULT_DOMAIN, known);
    let kinds: Vec<&str> = found.iter().map(|c| c.curvature.kind.name()).collect();
    assert_eq!(kinds, ["minimum", "minimum", "saddle"], "{found:?}");
}

// ---- property tests ----

/// A random formula as a tree, rendered to text and evaluated independently of the parser.
#[derive(Clone, Debug)]
enum Tree {
    X,
    Y,
    Num(f64),
    Neg(Box<Tree>),
    Call(&'static str, Box<Tree>),
    Bin(char, Box<Tree>, Box<Tree>),
    /// A power with a constant exponent.
    PowN(Box<Tree>, f64),
}

impl Tree {
    /// The formula's text, parenthesised wherever precedence could matter.
    fn text(&self) -> String {
        match self {
            Self::X => "x".into(),
            Self::Y => "y".into(),
            Self::Num(v) => format!("{v}"),
            Self::Neg(a) => format!("-({})", a.text()),
            Self::Call(f, a) => format!("{f}({})", a.text()),
            Self::Bin(op, a, b) => format!("({}) {op} ({})", a.text(), b.text()),
            Self::PowN(a, n) => format!("({})^{n}", a.text()),
        }
    }

    /// Whether the subtree depends on neither x nor y (the parser folds it to a number).
    fn is_constant(&self) -> bool {
        match self {
            Self::X | Self::Y => false,
            Self::Num(_) => true,
            Self::Neg(a) | Self::Call(_, a) | Self::PowN(a, _) => a.is_constant(),
            Self::Bin(_, a, b) => a.is_constant() && b.is_constant(),
        }
    }

    /// The value with plain f64 operations (the reference for the parser's evaluator).
    fn value(&self, x: f64, y: f64) -> f64 {
        match self {
            Self::X => x,
            Self::Y => y,
            Self::Num(v) => *v,
            Self::Neg(a) => -a.value(x, y),
            Self::Call(f, a) => {
                let a = a.value(x, y);
                match *f {
                    "sin" => a.sin(),
                    "cos" => a.cos(),
                    "tan" => a.tan(),
                    "exp" => a.exp(),
                    "ln" | "log" => a.ln(),
                    "sqrt" => a.sqrt(),
                    "abs" => a.abs(),
                    "tanh" => a.tanh(),
                    "sinh" => a.sinh(),
                    "cosh" => a.cosh(),
                    _ => a.atan(),
                }
            }
            Self::Bin(op, a, b) => {
                let constant_exponent = b.is_constant();
                let (a, b) = (a.value(x, y), b.value(x, y));
                match op {
                    '+' => a + b,
                    '-' => a - b,
                    '*' => a * b,
                    '/' => a / b,
                    _ if constant_exponent => a.powf(b),
                    _ => (b * a.ln()).exp(),
                }
            }
            Self::PowN(a, n) => a.value(x, y).powf(*n),
        }
    }
}

fn tree() -> impl Strategy<Value = Tree> {
    let leaf = prop_oneof![
        Just(Tree::X),
        Just(Tree::Y),
        (-30i32..30).prop_map(|k| Tree::Num(f64::from(k) / 10.0)),
    ];
    leaf.prop_recursive(4, 24, 2, |inner| {
        let funcs = prop::sample::select(vec![
            "sin", "cos", "tan", "exp", "ln", "log", "sqrt", "abs", "tanh", "sinh", "cosh", "atan",
        ]);
        prop_oneof![
            inner.clone().prop_map(|a| Tree::Neg(Box::new(a))),
            (funcs, inner.clone()).prop_map(|(f, a)| Tree::Call(f, Box::new(a))),
            (
                prop::sample::select(vec!['+', '-', '*', '/', '^']),
                inner.clone(),
                inner.clone()
            )
                .prop_map(|(op, a, b)| Tree::Bin(op, Box::new(a), Box::new(b))),
            (
                inner,
                prop::sample::select(vec![2.0, 3.0, -1.0, 0.5, 1.5, 2.5])
            )
                .prop_map(|(a, n)| Tree::PowN(Box::new(a), n)),
        ]
    })
}

/// Central difference of `f` along axis `i` at `p` with step `h`.
fn central(f: impl Fn(Point) -> f64, p: Point, i: usize, h: f64) -> f64 {
    let e = if i == 0 { Point::x() } else { Point::y() };
    (f(p + h * e) - f(p - h * e)) / (2.0 * h)
}

/// How far `f` wanders, through rounding alone, when `p` moves along axis `i` by a few
/// units in the 13th digit: a distance over which the true function barely changes, so the
/// spread is the noise of evaluating `f` there (an ill-conditioned formula amplifies it).
fn rounding_noise(f: impl Fn(Point) -> f64, p: Point, i: usize) -> f64 {
    let e = if i == 0 { Point::x() } else { Point::y() };
    let d = 1e-13 * p[i].abs().max(1.0);
    let at_p = f(p);
    [-2.0, -1.0, 1.0, 2.0]
        .iter()
        .map(|k| (f(p + k * d * e) - at_p).abs())
        .fold(0.0, f64::max)
}

/// `Some(derivative)` from central differences when the difference is accurate to 1e-6 of
/// the derivative (or 1e-6 absolute): two step sizes agree (so the function is smooth
/// around `p`) and the rounding noise of `f`, divided by the step, is as small. Measured
/// against the derivative, not against `f` itself: where `f` is large and its evaluation
/// ill-conditioned (`tan(x*y/x)`'s y-slope near tan's pole, which rounding makes wobble in x)
/// both differences are noise of the same size, which a tolerance scaled by `|f|` took for
/// agreement. `None` near a kink, pole or undefined region.
fn trusted_difference(f: impl Fn(Point) -> f64 + Copy, p: Point, i: usize) -> Option<f64> {
    let h = 1e-4;
    let coarse = central(f, p, i, h);
    let fine = central(f, p, i, h / 2.0);
    let error = (coarse - fine).abs() + rounding_noise(f, p, i) / h;
    (fine.is_finite()
        && coarse.is_finite()
        && fine.abs().max(f(p).abs()) < 1e6
        && error < 1e-6 * fine.abs().max(1.0))
    .then_some(fine)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_strings_never_panic_the_parser(s in "\\PC{0,40}") {
        let _ = Expr::parse(&s);
    }

    #[test]
    fn random_grammar_soup_never_panics(s in "[-+*/^() xy0-9.eEpisncoqrtablgh_]{0,60}") {
        if let Ok(e) = Expr::parse(&s) {
            let _ = e.eval(0.3, -1.7);
            let l = from_expr(&s, DEFAULT_DOMAIN).unwrap();
            let l = l.surface().unwrap();
            let _ = (l.gradient(Point::zeros()), l.hessian(Point::zeros()));
        } else {
            let err = Expr::parse(&s).unwrap_err();
            prop_assert!(err.column >= 1 && err.column <= s.chars().count() + 1);
            prop_assert!(!err.to_string().contains('\n'));
        }
    }

    #[test]
    fn random_formulas_parse_to_their_value(t in tree(), x in -2.0..2.0f64, y in -2.0..2.0f64) {
        let text = t.text();
        let parsed = Expr::parse(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
        let (got, want) = (parsed.eval(x, y), t.value(x, y));
        // Two evaluation orders differ by rounding, which an ill-conditioned formula (tan
        // near its pole) amplifies: agreeing within what the oracle itself spans for inputs
        // a few ulps away is agreeing.
        let nearby = [(1.0 + 1e-14, 1.0), (1.0 - 1e-14, 1.0), (1.0, 1.0 + 1e-14), (1.0, 1.0 - 1e-14)]
            .map(|(a, b)| t.value(x * a, y * b));
        let (lo, hi) = nearby.iter().fold((want, want), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
        let spanned = got >= lo - 1e-12 * lo.abs() && got <= hi + 1e-12 * hi.abs();
        prop_assert!(close(got, want, 1e-12) || spanned || (got.is_infinite() && got == want),
            "{text} at ({x}, {y}): {got} vs {want}");
    }

    #[test]
    fn exact_derivatives_of_random_formulas_meet_finite_differences(
        t in tree(), x in -2.0..2.0f64, y in -2.0..2.0f64,
    ) {
        let text = t.text();
        let l: Arc<dyn Landscape> = from_expr(&text, DEFAULT_DOMAIN).unwrap();
        let l = l.surface().unwrap();
        let p = Point::new(x, y);
        let g = l.gradient(p);
        let h = l.hessian(p);
        // Where an exact derivative is undefined (e.g. sqrt at exactly 0 inside a formula
        // that is 0 along a line) there is nothing to compare.
        for i in 0..2 {
            let fd = trusted_difference(|q| l.value(q), p, i);
            if let (true, Some(fd)) = (g[i].is_finite(), fd) {
                prop_assert!(close(g[i], fd, 1e-5), "{text} at ({x}, {y}): ∂{i} {} vs {fd}", g[i]);
            }
            for j in 0..2 {
                if !h[(j, i)].is_finite() {
                    continue;
                }
                if let Some(fd) = trusted_difference(|q| l.gradient(q)[j], p, i) {
                    prop_assert!(close(h[(j, i)], fd, 1e-5),
                        "{text} at ({x}, {y}): H[{j}{i}] {} vs {fd}", h[(j, i)]);
                }
            }
        }
    }
}

/// The case a random run found: `tan(x*y/x)` is `tan(y)`, so its y-slope does not depend on
/// x and H[10] is 0, which the exact Hessian gives (to rounding). But 0.0025 from tan's pole
/// the y-slope is 165,719 and wobbles by 3e-8 as rounding of `x*y/x` changes with x, so the
/// x-differences of it are noise (-1.5e-4 and 3.0e-4 for the two steps): the oracle must
/// refuse to judge there, and still judge the same formula away from the pole.
#[test]
fn finite_differences_of_rounding_noise_near_a_pole_are_not_trusted() {
    let l: Arc<dyn Landscape> = from_expr("tan(((x) * (y)) / (x))", DEFAULT_DOMAIN).unwrap();
    let l = l.surface().unwrap();
    let slope_y = |q: Point| l.gradient(q)[1];
    let near_pole = Point::new(-1.3088890982788766, -1.5683398438067284);
    assert!(l.hessian(near_pole)[(1, 0)].abs() < 1e-9);
    assert_eq!(trusted_difference(slope_y, near_pole, 0), None);
    let away = Point::new(-1.3088890982788766, 0.5);
    let fd = trusted_difference(slope_y, away, 0).expect("smooth and well-conditioned here");
    assert!(close(l.hessian(away)[(1, 0)], fd, 1e-5), "{fd}");
    let fd = trusted_difference(slope_y, away, 1).expect("smooth and well-conditioned here");
    assert!(close(l.hessian(away)[(1, 1)], fd, 1e-5), "{fd}");
}
