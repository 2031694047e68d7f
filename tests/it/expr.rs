//! `--expr` and `--domain` on the command line, run as a real process: formulas run and
//! render like built-ins, bad formulas and domains get one line and exit code 2.

use crate::cli_support::{plateau, stderr, stdout};
use std::process::Output;

#[test]
fn run_steps_a_formula() {
    let o = plateau(&[
        "run",
        "--expr",
        "x^2 + 3*y^2",
        "-o",
        "sgd",
        "--lr",
        "0.1",
        "--start",
        "1,1",
        "--steps",
        "2",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "optimizer,step,x,y,loss,grad_norm\n\
         sgd,0,1,1,4,6.324555320336759\n\
         sgd,1,0.8,0.39999999999999997,1.12,2.8844410203711917\n\
         sgd,2,0.64,0.15999999999999998,0.4864,1.5999999999999999\n"
    );
}

#[test]
fn the_default_start_is_the_centre_of_the_domain_moved_off_a_critical_point() {
    let first_row = |args: &[&str]| {
        let o = plateau(&[&["run", "--steps", "0"], args].concat());
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o).lines().nth(1).unwrap().to_owned()
    };
    // Not critical at the centre (1, 2): start there.
    assert!(first_row(&["--expr", "x + y", "--domain", "0,2,1,3"]).starts_with("sgd,0,1,2,"));
    // The saddle at the centre (0, 0): moved by (6/20, 6/30).
    assert!(first_row(&["--expr", "x^2 - y^2"]).starts_with("sgd,0,0.3,0.2,"));
    // --start wins.
    assert!(first_row(&["--expr", "x^2 - y^2", "--start", "-1,2"]).starts_with("sgd,0,-1,2,"));
}

#[test]
fn json_names_the_landscape_expr() {
    let o = plateau(&[
        "run", "--expr", "-x^2", "-o", "adam", "--steps", "1", "--format", "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["landscape"], "expr");
    // -x^2 = -(x^2): from x = 0.3 Adam moves away from 0.
    let x = json["params"]["x"].as_array().unwrap();
    assert!(x[1].as_f64().unwrap() > x[0].as_f64().unwrap());
}

/// The same trajectory as `-l rosenbrock` to 1e-12 relative over 1000 Adam steps, given the
/// same learning rate (the formula's own suggestion depends on its domain: 1% of 6).
#[test]
fn a_formula_equal_to_rosenbrock_runs_like_rosenbrock() {
    let rest = [
        "-o", "adam", "--lr", "0.01", "--start", "-1.2,1", "--steps", "1000",
    ];
    let builtin = plateau(&[&["run", "-l", "rosenbrock"], &rest[..]].concat());
    let typed = plateau(&[&["run", "--expr", "(1-x)^2 + 100*(y-x^2)^2"], &rest[..]].concat());
    assert!(typed.status.success(), "{}", stderr(&typed));
    let positions = |o: &Output| -> Vec<Vec<f64>> {
        stdout(o)
            .lines()
            .skip(1)
            .map(|l| {
                l.split(',')
                    .skip(2)
                    .take(2)
                    .map(|v| v.parse().unwrap())
                    .collect()
            })
            .collect()
    };
    let (a, b) = (positions(&builtin), positions(&typed));
    assert_eq!(a.len(), 1001);
    assert_eq!(b.len(), 1001);
    for (p, q) in a.iter().zip(&b) {
        for (u, v) in p.iter().zip(q) {
            assert!((u - v).abs() <= 1e-12 * u.abs(), "{p:?} vs {q:?}");
        }
    }
}

#[test]
fn a_run_into_an_undefined_region_reports_divergence() {
    let o = plateau(&[
        "run",
        "--expr",
        "ln(x) + y^2",
        "-o",
        "sgd",
        "--lr",
        "0.5",
        "--start",
        "1,0",
        "--steps",
        "100",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    // Step 2 lands at x = -0.5, where ln is undefined: the loss and gradient are NaN there,
    // and the step after makes the parameters NaN, where the run ends (as torch's would).
    assert!(
        out.ends_with("sgd,2,-0.5,0,NaN,NaN\nsgd,3,NaN,NaN,NaN,NaN\n"),
        "{out}"
    );
    assert_eq!(out.lines().count(), 5, "{out}");
    assert_eq!(
        stderr(&o).trim(),
        "sgd: diverged: loss NaN at step 2, parameters non-finite at step 3"
    );
}

/// `0/0` is undefined everywhere: its gradient is NaN too (it was 0, a flat landscape of
/// minima), so a run diverges after its first step and no basin-map cell is a minimum.
#[test]
fn a_formula_undefined_everywhere_diverges_and_has_no_minima() {
    let o = plateau(&["run", "--expr", "0/0", "--steps", "2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "optimizer,step,x,y,loss,grad_norm\nsgd,0,0.3,0.2,NaN,NaN\nsgd,1,NaN,NaN,NaN,NaN\n"
    );
    assert_eq!(
        stderr(&o).trim(),
        "sgd: diverged: loss NaN at step 0, parameters non-finite at step 1"
    );
    let o = plateau(&["basins", "--expr", "0/0", "--width", "3", "--height", "2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let cells: Vec<&str> = out.lines().skip(1).collect();
    assert_eq!(cells.len(), 6, "{out}");
    assert!(cells.iter().all(|c| c.ends_with(",,1,diverged")), "{out}");
}

#[test]
fn render_draws_a_formula_and_leaves_undefined_regions_blank() {
    let o = plateau(&[
        "render",
        "--expr",
        "sqrt(x) + y^2",
        "--domain",
        "-2,2,-1,1",
        "--width",
        "50",
        "--height",
        "12",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 12, "{out}");
    assert!(lines[0].starts_with("expr: sqrt(x) + y^2"), "{out}");
    // Left of x = 0 nothing is drawn: in the map's box (line 1 its top edge), the border and
    // the 3-wide label column come first, then 45 cells, the left 22 of them at x < 0, the
    // right ones shaded with the density ramp; the x axis and the colour key are the box's
    // last rows but one.
    for line in &lines[2..9] {
        let plot: Vec<char> = line.chars().skip(4).collect();
        assert!(
            plot.iter().take(22).all(|c| *c == ' ' || *c == 'S'),
            "{line}"
        );
        assert!(plot.iter().skip(23).any(|c| "=+*#".contains(*c)), "{line}");
    }
    assert!(lines[9].contains("-2") && lines[9].contains('2'), "{out}");
    assert!(lines[10].contains("linear"), "{out}");
}

#[test]
fn render_runs_an_optimizer_on_a_formula() {
    let o = plateau(&[
        "render",
        "--expr",
        "x^2 + y^2",
        "-o",
        "adam",
        "--steps",
        "50",
        "--ascii",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("expr | adam"));
}

/// Every bad `--expr` or `--domain`: exit code 2 and one line on stderr that starts with
/// `error:`.
#[test]
fn bad_formulas_and_domains_get_one_clear_line_and_exit_code_2() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["run", "--expr", "x^2 +* y", "--steps", "3"],
            "error: invalid formula at column 6: expected a number, x, y, a function or '(' after '+', found '*'",
        ),
        (
            &["run", "--expr", "x + z", "--steps", "3"],
            "error: invalid formula at column 5: unknown name 'z' (allowed: x, y, pi, e,",
        ),
        (
            &["render", "--expr", "foo(x)"],
            "error: invalid formula at column 1: unknown function 'foo' (functions: sin, cos",
        ),
        (
            &["run", "--expr", "", "--steps", "3"],
            "error: invalid formula at column 1: the formula is empty",
        ),
        (
            &["run", "--expr", "x", "-l", "bowl", "--steps", "3"],
            "cannot be used with",
        ),
        (
            &["run", "-l", "bowl", "--domain", "0,1,0,1", "--steps", "3"],
            "cannot be used with",
        ),
        (&["run", "--domain", "0,1,0,1", "--steps", "3"], "--expr"),
        (
            &["run", "--expr", "x", "--domain", "1,0,0,1", "--steps", "3"],
            "XMIN < XMAX",
        ),
        (
            &["run", "--expr", "x", "--domain", "0,1,0", "--steps", "3"],
            "four finite numbers",
        ),
        (
            &["render", "--expr", "x", "--domain", "0,nan,0,1"],
            "four finite numbers",
        ),
        (
            &["run", "--expr", "x", "-o", "natgrad", "--steps", "3"],
            "natgrad",
        ),
    ];
    for (args, needle) in cases {
        let o = plateau(args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(o.stdout.is_empty(), "{args:?}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("error: "), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err} lacks {needle}");
    }
    // 400 nested parentheses (within the length cap): an error, not a crash.
    let deep = "(".repeat(400) + "x" + &")".repeat(400);
    let o = plateau(&["run", "--expr", &deep, "--steps", "1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nests more than 100 levels"));
}

#[test]
fn a_formula_longer_than_the_cap_is_refused_with_the_limit() {
    // 3,000 terms, 70 KB: what froze the explorer for seconds and `render` for minutes.
    let huge: Vec<String> = (1..=3000)
        .map(|i| format!("sin(x*{i})*cos(y*{i})"))
        .collect();
    let huge = huge.join(" + ");
    assert!(huge.len() > 70_000);
    for args in [
        &["run", "--expr", &huge, "--steps", "1"][..],
        &[
            "render", "--expr", &huge, "--width", "1000", "--height", "1000",
        ][..],
    ] {
        let o = plateau(args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.starts_with("error: invalid formula at column 1001: the formula has ")
                && err.contains("characters, at most 1,000 are allowed"),
            "{err}"
        );
        assert!(err.len() < 200, "the formula is not echoed: {err}");
    }
    let longest = format!("{}10", "x+".repeat(499));
    assert_eq!(longest.len(), plateau_core::expr::MAX_LEN);
    let o = plateau(&["run", "--expr", &longest, "--steps", "1"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn help_shows_the_grammar() {
    let help = stdout(&plateau(&["run", "--help"]));
    for needle in [
        "--expr <EXPR>",
        "right-associative",
        "natural logarithm",
        "--domain",
    ] {
        assert!(help.contains(needle), "{needle}");
    }
}
