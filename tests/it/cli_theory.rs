//! `plateau theory`: the soft committee machine's ODE as CSV, its symmetric fixed points as
//! JSON lines, and one `error:` line with exit code 2 for bad input.

use crate::cli_support::{plateau, stderr, stdout};

#[test]
fn the_csv_has_a_row_per_requested_alpha_and_starts_where_documented() {
    let o = plateau(&["theory", "--at", "0,50,3500"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "alpha,eps_g,Q_1_1,Q_1_2,Q_2_2,R_1_1,R_1_2,R_2_1,R_2_2"
    );
    assert_eq!(lines.len(), 4);
    let row = |i: usize| -> Vec<f64> { lines[i].split(',').map(|v| v.parse().unwrap()).collect() };
    assert_eq!(row(1)[2..], [0.2, 0.0, 0.2, 1e-8, 0.0, 0.0, 1e-8]);
    // On the plateau at α = 50, specialised by α = 3500 (below ε*/10).
    assert!((row(2)[1] - 0.0127).abs() < 1e-3, "{}", lines[2]);
    assert!(row(3)[1] < 0.0121 / 10.0, "{}", lines[3]);
    let every = stdout(&plateau(&["theory", "--alpha", "25", "--every", "10"]));
    let alphas: Vec<&str> = every
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(alphas, ["0", "10", "20", "25"]);
}

#[test]
fn the_fixed_points_are_two_json_lines() {
    let o = plateau(&["theory", "--fixed-points"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["kind"], "identical");
    assert_eq!(lines[1]["kind"], "plateau");
    let plateau_height = lines[1]["eps_g"].as_f64().unwrap();
    assert!((plateau_height - 0.0120852).abs() < 5e-8);
    assert!((lines[1]["Q_diag"].as_f64().unwrap() - 0.33882).abs() < 5e-6);
    assert!(lines[1]["lambda_max"].as_f64().unwrap() > 0.0);
}

#[test]
fn bad_input_is_one_error_line_and_exit_2() {
    for args in [
        &["theory", "--students", "0"][..],
        &["theory", "--lr", "0"],
        &["theory", "--lr", "nan"],
        &["theory", "--q0", "1,2"],
        &["theory", "--q0", "1,2;2,1"],
        &["theory", "--r0", "x"],
        &["theory", "--at", "10,5"],
        &["theory", "--alpha", "-1"],
        &["theory", "--every", "0"],
        &["theory", "--students", "1", "--fixed-points"],
        &["theory", "--fixed-points", "--alpha", "10"],
    ] {
        let o = plateau(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert!(
            err.starts_with("error: ") && err.lines().count() == 1,
            "{args:?}: {err}"
        );
        assert!(stdout(&o).is_empty(), "{args:?}");
    }
}
