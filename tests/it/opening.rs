//! The explorer's toggles and settings as flags (`--speed`, `--autopause`, `--layers`, …):
//! each opens the explorer as its key would set it, and bad values are refused.

use clap::Parser;
use plateau::cli::Cli;
use plateau::tui::app::opening::{LAYERS, SWITCHES};
use plateau::tui::app::{App, DEFAULT_SPEED};

/// The explorer `plateau ARGS` opens.
fn opened(args: &[&str]) -> Result<App, String> {
    let cli = Cli::try_parse_from(std::iter::once("plateau").chain(args.iter().copied()))
        .map_err(|e| e.to_string())?;
    cli.explore.config()?.app()
}

#[test]
fn a_lecture_starts_as_the_flags_ask() {
    let app = opened(&[
        "-l",
        "neuron",
        "-o",
        "sgd",
        "-o",
        "adam",
        "-o",
        "natgrad",
        "--speed",
        "4",
        "--autopause",
        "--layers",
        "basins",
        "--log-steps",
        "--hide",
        "2",
        "--sigma",
        "0.5",
        "--noise",
        "--arrows=false",
    ])
    .expect("opens");
    let controls = app.controls();
    assert_eq!(controls.speed, 4);
    assert!(controls.auto_pause);
    assert!(controls.continuous_noise);
    assert_eq!(controls.sigma, 0.5);
    let layers = app.layers();
    assert!(layers.basins && !layers.flat && layers.log_steps && !layers.arrows);
    let visible: Vec<bool> = app.racers().all().iter().map(|r| r.visible()).collect();
    assert_eq!(visible, [true, false, true]);
}

#[test]
fn slow_motion_is_a_speed_too() {
    let app = opened(&["--speed", "1/4", "-o", "natgrad"]).expect("opens");
    assert_eq!((app.controls().speed, app.controls().slow), (1, 4));
    let app = opened(&["--speed", "8"]).expect("opens");
    assert_eq!((app.controls().speed, app.controls().slow), (8, 1));
}

#[test]
fn without_flags_the_explorer_opens_as_before() {
    let app = opened(&[]).expect("opens");
    assert_eq!(app.controls().speed, DEFAULT_SPEED);
    assert!(!app.controls().auto_pause);
}

/// Every switch's flag sets what its key flips, on and off, whatever the default.
#[test]
fn every_switch_flag_does_what_its_key_does() {
    for switch in SWITCHES.iter().chain(LAYERS) {
        let plain = opened(&[]).expect("opens");
        let default = (switch.on)(&plain);
        let flag = if SWITCHES.iter().any(|s| s.name == switch.name) {
            format!("--{}={}", switch.name, !default)
        } else if default {
            "--layers=none".to_owned()
        } else {
            format!("--layers={}", switch.name)
        };
        let flipped = opened(&[&flag]).expect("opens");
        assert_eq!((switch.on)(&flipped), !default, "{flag}");
        let mut keyed = opened(&[]).expect("opens");
        keyed.update(switch.action);
        assert_eq!(
            (switch.on)(&keyed),
            (switch.on)(&flipped),
            "{flag} is its key"
        );
    }
}

#[test]
fn bad_values_are_refused_with_a_reason() {
    for (args, says) in [
        (&["--speed", "0"][..], "1 to 8192"),
        (&["--speed", "9000"][..], "1 to 8192"),
        (&["--speed", "1/3"][..], "1/2 to 1/4"),
        (&["--speed", "2/4"][..], "1/2 to 1/4"),
        (&["--layers", "contours"][..], "unknown layer 'contours'"),
        (&["--hide", "0"][..], "racer numbers from 1"),
        (&["--hide", "2"][..], "there is 1 racer"),
        (
            &["-o", "sgd", "-o", "adam", "--hide", "3"][..],
            "there are 2 racers",
        ),
        (&["--sigma=-1"][..], "noise radius"),
    ] {
        let err = opened(args)
            .err()
            .unwrap_or_else(|| panic!("{args:?} refused"));
        assert!(err.contains(says), "{args:?}: {err}");
    }
}
