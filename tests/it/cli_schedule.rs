//! `--schedule` on the command line: the lr (and momentum or β1) columns, the JSON arrays
//! and ReduceLROnPlateau's reductions, a schedule per racer, and one `error:` line with the
//! column and exit 2 for a bad SPEC.

use crate::cli_support::{plateau, stderr, stdout};

/// The one error line of a command that must fail with exit code 2.
fn refused(args: &[&str]) -> String {
    let o = plateau(args);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    assert!(o.stdout.is_empty());
    let text = stderr(&o);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("error: "), "{text}");
    text
}

#[test]
fn a_bad_spec_is_one_error_line_with_its_column() {
    for command in ["run", "render", "basins", "ensemble"] {
        let text = refused(&[command, "--schedule", "StepLR(step_size=5, gama=0.5)"]);
        assert!(
            text.contains("column 21: StepLR has no argument 'gama'"),
            "{text}"
        );
    }
    let text = refused(&["run", "--schedule", "LinearLR(start_factor=0)"]);
    assert!(
        text.contains("column 23: LinearLR: Starting multiplicative factor expected"),
        "{text}"
    );
    let text = refused(&["run", "--schedule", "LambdaLR('0.95 ** k +')"]);
    assert!(text.contains("column 22: in lr_lambda:"), "{text}");
    let text = refused(&[
        "run",
        "-o",
        "adagrad",
        "--steps",
        "5",
        "--schedule",
        "CyclicLR(0.001, 0.01)",
    ]);
    assert!(
        text.contains("optimizer must support momentum or beta1 with `cycle_momentum`"),
        "{text}"
    );
    let text = refused(&[
        "run",
        "--schedule",
        "OneCycleLR(max_lr=0.1, total_steps=100)",
        "--steps",
        "101",
    ]);
    assert!(text.contains("can follow at most 100 steps"), "{text}");
    let text = refused(&[
        "run",
        "-o",
        "sgd",
        "--steps",
        "5",
        "--schedule",
        "none",
        "--schedule",
        "none",
    ]);
    assert!(
        text.contains("--schedule given 2 times for 1 optimizers"),
        "{text}"
    );
}

#[test]
fn the_csv_gains_the_lr_the_step_used() {
    let o = plateau(&[
        "run",
        "-l",
        "bowl",
        "-o",
        "sgd",
        "--lr",
        "0.1",
        "--start",
        "2,3",
        "--steps",
        "3",
        "--schedule",
        "StepLR(step_size=2, gamma=0.5)",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "optimizer,step,x,y,loss,grad_norm,lr");
    let lr: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.rsplit(',').next().unwrap())
        .collect();
    assert_eq!(lr, ["", "0.1", "0.1", "0.05"]);
}

#[test]
fn a_cycled_momentum_gets_its_column_and_json_array() {
    let args = [
        "run",
        "-l",
        "himmelblau",
        "-o",
        "sgd",
        "-o",
        "adam",
        "--start",
        "0,0",
        "--steps",
        "2",
        "--schedule",
        "OneCycleLR(max_lr=0.1, total_steps=10)",
    ];
    let o = plateau(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "optimizer,step,x,y,loss,grad_norm,lr,momentum,beta1"
    );
    assert!(lines[1].ends_with(",,,"), "{}", lines[1]);
    // sgd, built with momentum 0, gets momentum 0.95 at its first step, as in torch.
    assert!(
        lines[2].ends_with(",0.0040000000000000036,0.95,"),
        "{}",
        lines[2]
    );
    assert!(
        lines[5].ends_with(",0.0040000000000000036,,0.95"),
        "{}",
        lines[5]
    );
    let mut json = args.to_vec();
    json.extend(["--format", "json"]);
    let o = plateau(&json);
    let text = stdout(&o);
    let sgd: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(sgd["schedule"], "OneCycleLR(max_lr=0.1, total_steps=10)");
    assert_eq!(sgd["lr"][0], serde_json::Value::Null);
    assert_eq!(sgd["lr"][1], 0.0040000000000000036);
    assert_eq!(sgd["momentum"][1], 0.95);
    assert!(sgd.get("beta1").is_none());
    let adam: serde_json::Value = serde_json::from_str(text.lines().nth(1).unwrap()).unwrap();
    assert_eq!(adam["beta1"][1], 0.95);
}

#[test]
fn each_racer_may_have_its_own_schedule_and_reductions_are_listed() {
    let o = plateau(&[
        "run",
        "-o",
        "sgd",
        "-o",
        "sgd",
        "--lr",
        "0.05",
        "--start",
        "0.01,9",
        "--steps",
        "40",
        "--format",
        "json",
        "--schedule",
        "none",
        "--schedule",
        "ReduceLROnPlateau(factor=0.5, patience=10, cooldown=5, min_lr=1e-6)",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let runs: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(runs[0].get("schedule").is_none() && runs[0].get("lr").is_none());
    let reductions = runs[1]["reductions"].as_array().unwrap();
    let got: Vec<(u64, f64)> = (reductions.iter())
        .map(|r| (r["after_step"].as_u64().unwrap(), r["lr"].as_f64().unwrap()))
        .collect();
    assert_eq!(got, [(16, 0.025), (32, 0.0125)]);
    assert_eq!(runs[1]["lr"][17], 0.025);
}

#[test]
fn the_explorer_follows_each_racers_schedule() {
    let o = plateau(&[
        "render",
        "--width",
        "200",
        "--steps",
        "40",
        "--lr",
        "0.05",
        "--start",
        "0.01,9",
        "-o",
        "sgd",
        "-o",
        "sgd",
        "--schedule",
        "none",
        "--schedule",
        "ReduceLROnPlateau(factor=0.5, patience=10, cooldown=5, min_lr=1e-6)",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let summary = text.lines().next().unwrap();
    assert!(summary.contains("sgd lr=0.05: step 40"), "{summary}");
    assert!(
        summary.contains("sgd lr=0.0125 (ReduceLROnPlateau): step 40"),
        "{summary}"
    );
}

#[test]
fn the_readout_and_a_chart_show_the_schedules_lr() {
    use crate::tui_support::{app, screen};
    use plateau::tui::app::EventKind;
    let mut explorer = app(
        &[
            "--lr",
            "0.05",
            "--start",
            "0.01,9",
            "--schedule",
            "ReduceLROnPlateau(factor=0.5, patience=10, cooldown=5, min_lr=1e-6)",
        ],
        false,
    );
    assert!(screen(&explorer, 120, 40).contains("sgd lr=0.05 ReduceLROnPlateau"));
    assert!(
        !screen(&app(&[], false), 120, 40).contains("┌ lr "),
        "no lr chart without"
    );
    explorer.advance(40);
    let shown = screen(&explorer, 120, 40);
    assert!(shown.contains("sgd lr=0.0125 ReduceLROnPlateau"), "{shown}");
    assert!(
        shown.contains("┌ lr 0.0125 [0.0125, 0.05]"),
        "the lr chart: {shown}"
    );
    // Each reduction is an event, tagged `l` on the charts at its step.
    let reductions: Vec<(u64, EventKind)> = (explorer.racers().selected().events())
        .map(|e| (e.step, e.kind))
        .collect();
    assert_eq!(
        reductions,
        [
            (16, EventKind::LearningRate(0.025)),
            (32, EventKind::LearningRate(0.0125))
        ]
    );
}

#[test]
fn the_schedule_picker_gives_the_selected_racer_a_preset_and_takes_it_away() {
    use crate::tui_support::app;
    use plateau::tui::app::Action;
    let mut explorer = app(&["--lr", "0.05", "--start", "0.01,9"], false);
    let pick = |explorer: &mut plateau::tui::app::App, filter: &str| {
        explorer.update(Action::OpenSchedulePicker);
        for c in filter.chars() {
            explorer.update(Action::PickerInput(c));
        }
        explorer.update(Action::PickerAccept);
    };
    pick(&mut explorer, "reduce");
    let spec = explorer.racers().selected().spec().clone();
    assert_eq!(
        spec.schedule.map(|s| s.to_string()).as_deref(),
        Some("ReduceLROnPlateau(factor=0.5, patience=10, cooldown=5, min_lr=1e-6)")
    );
    explorer.advance(40);
    assert_eq!(explorer.racers().selected().lr(), 0.0125);
    pick(&mut explorer, "cycle");
    let spec = explorer.racers().selected().spec().clone();
    assert_eq!(
        spec.schedule.map(|s| s.to_string()).as_deref(),
        Some("OneCycleLR(max_lr=0.05, total_steps=2000)"),
        "scaled to the racer's lr"
    );
    pick(&mut explorer, "none");
    assert!(explorer.racers().selected().spec().schedule.is_none());
    assert_eq!(explorer.notice(), None);
}
