//! Documented limits on what one command may ask for, each refused before any work with
//! one line that names the limit: optimizers side by side, and a domain too wide to
//! subtract (formulas, key scripts and recordings have theirs in tests/it/expr.rs and
//! tests/it/recording.rs).

use crate::cli_support::{plateau, stderr, stdout};

#[test]
fn at_most_nine_optimizers_run_at_once_in_every_command() {
    let mut nine: Vec<&str> = Vec::new();
    for _ in 0..9 {
        nine.extend(["-o", "sgd"]);
    }
    let mut run = vec!["run", "--steps", "1"];
    run.extend(&nine);
    let o = plateau(&run);
    assert!(o.status.success(), "nine is fine");
    assert_eq!(stdout(&o).lines().count(), 1 + 9 * 2);
    // 100 optimizers at 1,000,000 JSON steps asked for 3.9 GB before.
    let mut hundred = Vec::new();
    for _ in 0..100 {
        hundred.extend(["-o", "adam"]);
    }
    let commands: [&[&str]; 3] = [
        &["run", "--steps", "1000000", "--format", "json"],
        &["render"],
        &["--size", "80x24", "--keys", "q", "--record", "/dev/null"],
    ];
    for command in commands {
        let mut args = command.to_vec();
        args.extend(&hundred);
        let o = plateau(&args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{command:?}: {err}");
        assert_eq!(
            err, "error: at most 9 optimizers (-o) run at once, got 100\n",
            "{command:?}"
        );
        assert!(o.stdout.is_empty());
    }
}

#[test]
fn a_domain_too_wide_to_measure_says_so() {
    let o = plateau(&[
        "render",
        "--expr",
        "x^2+y^2",
        "--domain",
        "-1e308,1e308,-1e308,1e308",
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("the domain is too wide"), "{err}");
    assert!(
        !err.contains("XMIN < XMAX"),
        "not the misleading message: {err}"
    );
}
