//! Many runs at once, as real processes: `plateau basins` and `plateau ensemble` (formats,
//! byte-for-byte independence of `--threads`, seeds) and `plateau run` with several
//! optimizers on threads; one clear error line with exit code 2 for every bad input.

use crate::cli_support::{plateau, stderr, stdout};

#[test]
fn basins_csv_rows_give_each_cells_start_end_minimum_steps_and_status() {
    let o = plateau(&[
        "basins", "-l", "quartic", "-o", "sgd", "--lr", "0.005", "--width", "8", "--height", "2",
        "--steps", "3000",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("x,y,end_x,end_y,minimum,steps,status"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 16);
    for row in &rows {
        let (x, end_x): (f64, f64) = (row[0].parse().unwrap(), row[2].parse().unwrap());
        let (minimum, target) = if x < 0.019064093789530175 {
            ("0", -1.4723556260047808)
        } else {
            ("1", 4.453291532215251)
        };
        assert_eq!(row[4], minimum, "{row:?}");
        assert!((end_x - target).abs() < 1e-6, "{row:?}");
        assert!(row[5].parse::<u64>().unwrap() <= 3000);
        assert_eq!(row[6], "minimum");
    }
    // Row by row from the top left: the first row is at the larger y.
    assert_eq!(&rows[0][..2], &["-2.90625", "1.5"]);
    assert_eq!(&rows[8][..2], &["-2.90625", "-1.5"]);
}

#[test]
fn basins_of_a_model_are_on_the_plane_of_its_first_two_parameters() {
    let o = plateau(&[
        "basins",
        "-l",
        "committee",
        "-o",
        "adam",
        "--width",
        "3",
        "--height",
        "2",
        "--steps",
        "50",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(
        out.lines().next(),
        Some("w1_0,w1_1,end_w1_0,end_w1_1,end_w2_0,end_w2_1,end_v1,end_v2,minimum,steps,status")
    );
    assert_eq!(out.lines().count(), 7);
}

#[test]
fn basins_text_has_one_character_per_cell_and_a_legend() {
    let o = plateau(&[
        "basins",
        "-l",
        "himmelblau",
        "-o",
        "sgd",
        "--width",
        "20",
        "--height",
        "10",
        "--format",
        "text",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("himmelblau | sgd lr=0.01"),
        "{}",
        lines[0]
    );
    for line in &lines[1..11] {
        assert_eq!(line.len(), 20, "{line}");
        assert!(line.chars().all(|c| "ABCD".contains(c)), "{line}");
    }
    let legend = &lines[11..];
    assert_eq!(legend.len(), 4, "{out}");
    for (line, letter) in legend.iter().zip(["A", "B", "C", "D"]) {
        assert!(line.starts_with(&format!("{letter} minimum (")), "{line}");
        assert!(line.contains("% of the region, median "), "{line}");
    }
    let colored = stdout(&plateau(&[
        "basins",
        "-l",
        "himmelblau",
        "--width",
        "20",
        "--height",
        "10",
        "--format",
        "text",
        "--color",
        "always",
    ]));
    // The explorer's palette: minimum A in its bright shade, as the explorer's legend shows
    // it (it was green here and blue in the explorer).
    let (_, bright, _) =
        plateau::tui::theme::basin_colours(plateau_core::many::minima::Status::Minimum(0));
    assert!(
        colored.contains(&format!("\x1b[48;5;{bright};38;5;16mA")),
        "{colored}"
    );
    assert!(!out.contains('\x1b'));
}

#[test]
fn one_thread_and_every_core_give_the_same_bytes() {
    let commands: [&[&str]; 3] = [
        &[
            "basins",
            "-l",
            "himmelblau",
            "-o",
            "langevin",
            "--width",
            "30",
            "--height",
            "12",
            "--steps",
            "300",
        ],
        &[
            "ensemble", "-l", "saddle", "--start", "0,0", "--copies", "64", "--sigma", "0.01",
            "--steps", "500",
        ],
        &[
            "run", "-l", "saddle", "-o", "sgd", "-o", "langevin", "-o", "adam", "--start", "1,0",
            "--steps", "5000",
        ],
    ];
    for args in commands {
        let all = plateau(args);
        assert!(all.status.success(), "{args:?}: {}", stderr(&all));
        for threads in ["1", "3"] {
            let some = plateau(&[args, &["--threads", threads]].concat());
            assert!(some.stdout == all.stdout, "{args:?} --threads {threads}");
            assert_eq!(some.stderr, all.stderr);
        }
    }
}

#[test]
fn ensemble_rows_give_each_copys_escape_step_end_and_minimum() {
    let args = [
        "ensemble", "-l", "quartic", "--lr", "0.005", "--start", "0.019,0", "--copies", "40",
        "--sigma", "0.05", "--noise", "kick", "--steps", "3000",
    ];
    let o = plateau(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("copy,escape_step,end_x,end_y,minimum"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 40);
    // Left of the barrier sgd alone stalls in the local minimum (-27.9): escaping is getting
    // halfway from there to the global one (-436.1), which the copies kicked right do.
    for (copy, row) in rows.iter().enumerate() {
        assert_eq!(row[0], copy.to_string());
        match row[4] {
            "0" => assert_eq!(row[1], "", "{row:?}"),
            "1" => assert!(row[1].parse::<u64>().is_ok(), "{row:?}"),
            _ => panic!("{row:?}"),
        }
    }
    assert!(rows.iter().any(|r| r[4] == "0") && rows.iter().any(|r| r[4] == "1"));
    assert_eq!(plateau(&args).stdout, o.stdout);
    let reseeded = plateau(&[&args[..], &["--seed", "7"]].concat());
    assert_ne!(reseeded.stdout, o.stdout);
}

#[test]
fn ensemble_text_has_the_fraction_the_median_and_the_histogram() {
    let o = plateau(&[
        "ensemble", "-l", "saddle", "--start", "0,0", "--copies", "32", "--sigma", "0.001",
        "--steps", "1000", "--format", "text",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("saddle | sgd"), "{out}");
    assert!(
        lines[1]
            .starts_with("escaped (loss <= -1) within 1000 steps: 32 of 32 (100%), median step "),
        "{out}"
    );
    assert_eq!(lines[2].split_whitespace().next(), Some("0-1"));
    assert_eq!(lines[11].split_whitespace().next(), Some("512-1023"));
    assert!(out.contains('#'));
}

/// Every bad input of the many-run commands: exit code 2 and one line on stderr.
#[test]
fn bad_basins_and_ensembles_get_one_clear_line_and_exit_code_2() {
    let cases: &[(&[&str], &str)] = &[
        (&["basins", "--width", "0"], "--width"),
        (&["basins", "--height", "1001"], "--height"),
        (&["basins", "--steps", "10000001"], "--steps"),
        (&["basins", "-o", "sgd", "-o", "adam"], "one optimizer"),
        (&["basins", "-l", "himmelblau", "--start", "1,2"], "--start"),
        (&["basins", "--region", "1,0,0,1"], "region"),
        (&["basins", "--format", "png"], "png"),
        (&["basins", "--threads", "0"], "--threads"),
        (&["basins", "--bogus"], "--bogus"),
        (&["basins", "-l", "himmelblau", "-o", "natgrad"], "natgrad"),
        (&["ensemble", "--copies", "0", "--sigma", "0.1"], "copies"),
        (
            &["ensemble", "--copies", "1000001", "--sigma", "0.1"],
            "copies",
        ),
        (&["ensemble", "--sigma", "-1"], "sigma"),
        (&["ensemble", "--sigma", "nan"], "sigma"),
        (&["ensemble"], "--sigma"),
        (
            &["ensemble", "--sigma", "0.1", "--start", "1,2,3"],
            "--start",
        ),
        (
            &["ensemble", "--sigma", "0.1", "--escape-loss", "inf"],
            "--escape-loss",
        ),
        (
            &["ensemble", "--sigma", "0.1", "-o", "sgd", "-o", "adam"],
            "one optimizer",
        ),
        (
            &["ensemble", "--sigma", "0.1", "--threads", "1025"],
            "--threads",
        ),
        (&["run", "--steps", "3", "--threads", "x"], "--threads"),
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
}

#[test]
fn basins_and_ensembles_take_one_optimizer() {
    for (command, what, more) in [
        ("basins", "a basin map", &[][..]),
        ("ensemble", "an ensemble", &["--sigma", "0.1"][..]),
    ] {
        let args = [command, "-l", "saddle", "-o", "sgd", "-o", "adam"];
        let o = plateau(&[&args[..], more].concat());
        assert_eq!(o.status.code(), Some(2), "{command}");
        let err = stderr(&o);
        let says = format!("error: {what} is of one optimizer, got 2 (-o sgd -o adam)");
        assert!(err.starts_with(&says), "{err}");
    }
}
