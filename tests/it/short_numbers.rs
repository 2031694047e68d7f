//! Huge numbers meet a person in the short forms the readout uses (`-2.638e149`), never as
//! hundreds of digits cut off at the frame's width: the magnitude must stay visible.

use crate::cli_support::{plateau, recorder, stderr, stdout};

/// No run of this many digits in a row: `1e300` written out has 301.
const LONG_DIGITS: usize = 20;

/// Whether `text` holds a run of at least [`LONG_DIGITS`] digits.
fn has_long_number(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_digit())
        .any(|run| run.len() >= LONG_DIGITS)
}

#[test]
fn render_states_a_far_away_marker_with_its_magnitude() {
    // Langevin at temperature 1e300 throws the marker to about 1e149 in five steps; the
    // position was 300 digits, cut at the width so the exponent never showed.
    let o = plateau(&[
        "render",
        "-o",
        "langevin",
        "--temperature",
        "1e300",
        "--steps",
        "5",
        "--width",
        "100",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let first = out.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        "neuron | langevin lr=0.05: step 5 loss 5.569e299 at (-2.638e149, 4.584e149)"
    );
    assert!(!has_long_number(&out), "{out}");
}

#[test]
fn errors_echo_huge_values_as_typed() {
    for (args, expected) in [
        (
            &["run", "--lr", "-1e300", "--steps", "1"][..],
            "error: learning rate must be a finite number > 0, got -1e300",
        ),
        (
            &["ensemble", "-l", "neuron", "--sigma", "-1e300"][..],
            "error: sigma must be a finite number >= 0, got -1e300",
        ),
        (
            &[
                "--size",
                "80x24",
                "--keys",
                "click 1e308,1e308",
                "--record",
                "/dev/null",
            ][..],
            "error: key script: click 1e308,1e308 at token 1 (line 1, column 1) is outside the \
             map, which shows x -3..3, y -4..11",
        ),
    ] {
        let o = recorder(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&o).trim_end(), expected, "{args:?}");
    }
}
