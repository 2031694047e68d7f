//! The grammar's examples and its error messages.

use super::{Expr, MAX_DEPTH, MAX_LEN, ParseError};
use num_dual::DualNum;

fn value(formula: &str, x: f64, y: f64) -> f64 {
    Expr::parse(formula).unwrap().eval(x, y)
}

fn error(formula: &str) -> ParseError {
    Expr::parse(formula).unwrap_err()
}

#[test]
fn numbers_variables_and_constants() {
    assert_eq!(value("1", 0.0, 0.0), 1.0);
    assert_eq!(value("2.5", 0.0, 0.0), 2.5);
    assert_eq!(value("1e-3", 0.0, 0.0), 1e-3);
    assert_eq!(value("1.5E+2", 0.0, 0.0), 150.0);
    assert_eq!(value(".5", 0.0, 0.0), 0.5);
    assert_eq!(value("x", 3.0, 4.0), 3.0);
    assert_eq!(value("y", 3.0, 4.0), 4.0);
    assert_eq!(value("pi", 0.0, 0.0), std::f64::consts::PI);
    assert_eq!(value("e", 0.0, 0.0), std::f64::consts::E);
    assert_eq!(value(" \t x\n", 2.0, 0.0), 2.0);
}

#[test]
fn precedence_and_associativity() {
    assert_eq!(value("-x^2", 3.0, 0.0), -9.0);
    assert_eq!(value("-2^2", 0.0, 0.0), -4.0);
    assert_eq!(value("2^3^2", 0.0, 0.0), 512.0);
    assert!((value("x^y^2", 2.0, 3.0) - 512.0).abs() < 1e-12);
    assert_eq!(value("2^-1", 0.0, 0.0), 0.5);
    assert_eq!(value("2^-x^2", 1.0, 0.0), 0.5);
    assert_eq!(value("1 + 2*3", 0.0, 0.0), 7.0);
    assert_eq!(value("(1 + 2)*3", 0.0, 0.0), 9.0);
    assert_eq!(value("8/4/2", 0.0, 0.0), 1.0);
    assert_eq!(value("8 - 4 - 2", 0.0, 0.0), 2.0);
    assert_eq!(value("x - -y", 1.0, 2.0), 3.0);
    assert_eq!(value("x*-y", 2.0, 3.0), -6.0);
    assert_eq!(value("--x", 2.0, 0.0), 2.0);
    assert_eq!(value("2*x^2", 3.0, 0.0), 18.0);
    assert_eq!(value("-x*y", 2.0, 3.0), -6.0);
}

#[test]
fn functions() {
    let (x, y): (f64, f64) = (0.7, -0.3);
    let cases: &[(&str, f64)] = &[
        ("sin(x)", x.sin()),
        ("cos(x)", x.cos()),
        ("tan(x)", x.tan()),
        ("exp(y)", y.exp()),
        ("ln(x)", x.ln()),
        ("log(x)", x.ln()),
        ("sqrt(x)", x.sqrt()),
        ("abs(y)", y.abs()),
        ("tanh(y)", y.tanh()),
        ("sinh(y)", y.sinh()),
        ("cosh(y)", y.cosh()),
        ("atan(y)", y.atan()),
        ("e^y", y.exp()),
        ("exp(-(x^2 + y^2))", (-(x * x + y * y)).exp()),
        ("x^0.5", x.sqrt()),
        ("x^y", x.powf(y)),
        ("2^x", 2f64.powf(x)),
        ("(-2)^3", -8.0),
        ("y^3", y * y * y),
        ("y^-2", 1.0 / (y * y)),
    ];
    for (formula, expected) in cases {
        let got = value(formula, x, y);
        assert!(
            (got - expected).abs() <= 1e-15 * expected.abs().max(1.0),
            "{formula}: {got} vs {expected}"
        );
    }
}

#[test]
fn constant_parts_are_folded() {
    use super::{Binary, Op};
    let folded = Expr::parse("2*pi*x + (1 + 2)^2 - -3").unwrap();
    assert_eq!(
        folded.ops,
        [
            Op::Const(2.0 * std::f64::consts::PI),
            Op::X,
            Op::Binary(Binary::Mul),
            Op::Const(9.0),
            Op::Binary(Binary::Add),
            Op::Const(-3.0),
            Op::Binary(Binary::Sub)
        ]
    );
    assert_eq!(folded.eval(1.0, 0.0), 2.0 * std::f64::consts::PI + 12.0);
}

#[test]
fn constant_exponents_and_e_become_cheaper_operations() {
    use super::{Func, Op};
    assert_eq!(
        Expr::parse("x^-2").unwrap().ops,
        [Op::X, Op::PowConst(-2.0)]
    );
    assert_eq!(
        Expr::parse("e^y").unwrap().ops,
        [Op::Y, Op::Func(Func::Exp)]
    );
}

#[test]
fn undefined_values_are_nan_or_infinite() {
    assert!(value("ln(x)", -1.0, 0.0).is_nan());
    assert!(value("sqrt(x)", -1.0, 0.0).is_nan());
    assert!(value("x/y", 0.0, 0.0).is_nan());
    assert!(value("1/x", 0.0, 0.0).is_infinite());
    assert!(value("x^y", -2.0, 0.5).is_nan());
    assert!(value("ln(-1) + x", 1.0, 0.0).is_nan());
}

/// Where the value is NaN, every derivative is NaN too, also for a formula that is constant
/// (`0/0` had gradient and Hessian 0: a flat landscape of minima).
#[test]
fn undefined_values_have_undefined_derivatives() {
    use crate::landscape::{Formula, Smooth, Surface};
    struct Of(Expr);
    impl Formula for Of {
        fn eval<D: DualNum<Primitive = f64> + Copy>(&self, x: D, y: D) -> D {
            self.0.eval(x, y)
        }
    }
    let info = crate::landscape::by_name("bowl").unwrap().info().clone();
    for formula in ["0/0", "ln(-1)", "ln(-1) + x", "sqrt(x) + y"] {
        let surface = Smooth::new(Of(Expr::parse(formula).unwrap()), info.clone());
        let p = crate::Point::new(-1.0, 0.5);
        assert!(surface.value(p).is_nan(), "{formula}");
        assert!(surface.gradient(p).iter().all(|g| g.is_nan()), "{formula}");
        assert!(surface.hessian(p).iter().all(|h| h.is_nan()), "{formula}");
    }
}

/// `(formula, column, width, words the message must contain)`.
const ERRORS: &[(&str, usize, usize, &[&str])] = &[
    (
        "x^2 +* y",
        6,
        1,
        &["expected a number, x, y, a function or '(' after '+', found '*'"],
    ),
    ("", 1, 1, &["the formula is empty"]),
    ("   ", 1, 1, &["the formula is empty"]),
    ("z", 1, 1, &["unknown name 'z'", "x, y, pi, e", "sin, cos"]),
    (
        "x + foo(x)",
        5,
        3,
        &["unknown function 'foo'", "sin, cos, tan"],
    ),
    ("x +", 4, 1, &["after '+', found the end of the formula"]),
    (
        "(x + 1",
        7,
        1,
        &["')' closing the '(' at column 1", "the end"],
    ),
    ("x + 1)", 6, 1, &["no matching '('"]),
    ("2x", 2, 1, &["after '2', found 'x'", "2*x"]),
    ("x y", 3, 1, &["found 'y'"]),
    (
        "sin x",
        5,
        1,
        &["expected '(' after the function 'sin', found 'x'"],
    ),
    ("sin", 4, 1, &["'(' after the function 'sin'"]),
    ("x**2", 3, 1, &["after '*', found '*'", "x^2"]),
    ("x² + y", 2, 1, &["unexpected character '²'", "x^2"]),
    ("2·x", 2, 1, &["unexpected character '·'", "2*x"]),
    ("1e999*x", 1, 5, &["'1e999' is too large"]),
    ("x + .", 5, 1, &["unexpected character '.'"]),
    ("*x", 1, 1, &["after the start, found '*'"]),
    ("x^", 3, 1, &["after '^', found the end"]),
    ("()", 2, 1, &["after '(', found ')'"]),
    ("X", 1, 1, &["unknown name 'X'"]),
    ("π*x", 1, 1, &["unexpected character 'π' (write pi)"]),
];

#[test]
fn errors_say_what_was_expected_and_where() {
    for &(formula, column, width, words) in ERRORS {
        let e = error(formula);
        assert_eq!((e.column, e.width), (column, width), "{formula}: {e}");
        for w in words {
            assert!(e.message.contains(w), "{formula}: '{e}' lacks '{w}'");
        }
        let line = e.to_string();
        assert!(!line.contains('\n'), "{line}");
        assert!(line.starts_with(&format!("invalid formula at column {column}: ")));
    }
}

#[test]
fn the_example_error_reads_as_one_line() {
    assert_eq!(
        error("x^2 +* y").to_string(),
        "invalid formula at column 6: expected a number, x, y, a function or '(' after '+', found '*'"
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = "(".repeat(400) + "x" + &")".repeat(400);
    let e = error(&deep);
    assert_eq!(e.column, MAX_DEPTH + 1);
    assert!(e.message.contains("nests more than 100 levels"), "{e}");
    assert!(error(&"-".repeat(900)).message.contains("nests"));
    assert!(error(&"sin(".repeat(200)).message.contains("nests"));
    assert!(error(&"x^".repeat(400)).message.contains("nests"));
    // Just inside the limit is fine.
    let ok = "(".repeat(MAX_DEPTH - 1) + "x" + &")".repeat(MAX_DEPTH - 1);
    assert_eq!(value(&ok, 2.0, 0.0), 2.0);
}

#[test]
fn long_flat_formulas_evaluate_without_recursion() {
    let sum = vec!["x"; 100_000].join("+");
    let expr = Expr::parse_any_length(&sum).unwrap();
    assert_eq!(expr.eval(1.0, 0.0), 100_000.0);
    assert_eq!(expr.max_stack, 2);
}

#[test]
fn formulas_longer_than_the_cap_are_refused_before_parsing() {
    let longest = format!("{}10", "x+".repeat((MAX_LEN - 2) / 2));
    assert_eq!(longest.chars().count(), MAX_LEN);
    assert_eq!(value(&longest, 1.0, 0.0), 509.0);
    let e = error(&format!("{longest}+"));
    assert_eq!((e.column, e.width), (MAX_LEN + 1, 1));
    assert_eq!(
        e.to_string(),
        "invalid formula at column 1001: the formula has 1,001 characters, at most 1,000 are \
         allowed"
    );
    // Characters, not bytes: 1,000 Greek letters are 2,000 bytes and within the cap (and an
    // unknown name, so the parser's own error).
    assert!(
        error(&"α".repeat(MAX_LEN))
            .message
            .contains("unexpected character")
    );
    let e = error(&"sin(x*7)*cos(y*7)+".repeat(4000));
    assert_eq!(e.width, 18 * 4000 - MAX_LEN);
}
