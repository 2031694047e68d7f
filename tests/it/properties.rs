//! Property tests of robustness: no input makes plateau panic.
//!
//! - Every optimizer's step, fed any gradient (finite, NaN, ±inf, huge, tiny) from any
//!   parameters and any state reached that way, with random valid hyperparameters.
//! - Whole runs from random starts with random noise kicks, on every landscape.
//! - Random key sequences (and resizes, clicks, frames) on the explorer keep the learning
//!   rate, sigma, speed and view valid, and every frame draws.
//! - Random command lines from a vocabulary of real flags, values and garbage: parsed and
//!   resolved in process, and a smaller sample through the real binary, which answers with
//!   exit code 0 or one `error:` line and exit code 2, never a panic.

use clap::Parser;
use plateau::cli::{Cli, Command};
use plateau::tui::app::{App, MAX_SPEED};
use plateau::tui::derive::Derived;
use plateau::tui::input::action_for_event;
use plateau::tui::theme::Options;
use plateau::tui::ui;
use plateau_core::landscape::{self, Landscape};
use plateau_core::optim::{self, OptimizerSpec, Overrides, Range, StepContext, Value};
use plateau_core::run::Run;
use plateau_core::{Domain, seeded_rng};
use proptest::prelude::*;
use proptest::sample::select;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use std::sync::Arc;

/// Any real, weighted towards the awkward ones: NaN, ±inf, huge, tiny, signed zeros.
fn any_real() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => -10.0..10.0f64,
        2 => prop::num::f64::ANY,
        2 => select(vec![
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MAX,
            -f64::MAX,
            1e300,
            -1e300,
            1e-300,
            f64::MIN_POSITIVE,
            5e-324,
            0.0,
            -0.0,
        ]),
    ]
}

/// The most parameters of any landscape the tests draw vectors for.
const MAX_DIM: usize = 6;

/// Any parameter vector of up to [`MAX_DIM`] reals (a landscape takes its first `dim`).
fn any_vector() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(any_real(), MAX_DIM)
}

/// Landscapes for the optimizer tests: a few built-ins (the neuron and the committee are
/// models, so natgrad works on them) and a formula with singularities (`expr`).
const SOME_LANDSCAPES: [&str; 7] = [
    "neuron",
    "overlap",
    "committee",
    "rosenbrock",
    "saddle",
    "rastrigin",
    "expr",
];

/// The landscape called `name` in [`SOME_LANDSCAPES`].
fn landscape_named(name: &str) -> Arc<dyn Landscape> {
    match name {
        "expr" => landscape::from_expr("log(x^2 + y^2) + 1/(x - y)", landscape::DEFAULT_DOMAIN)
            .expect("a valid formula"),
        name => landscape::by_name(name).expect("a built-in"),
    }
}

/// A valid value of `range` (like `default`) chosen by `u` in [0, 1).
fn value_in(range: Range, default: Value, u: f64) -> Value {
    let real = |u: f64| match range {
        Range::NonNegative => 1e3 * u * u,
        Range::Positive => 10f64.powf(-12.0 + 15.0 * u),
        Range::Unit => u,
        Range::UnitOpen => u.min(0.999_999),
        Range::Any => u,
    };
    match default {
        Value::Float(_) => Value::Float(real(u)),
        Value::Bool(_) => Value::Bool(u < 0.5),
        Value::Pair(_, _) => Value::Pair(real(u), real(1.0 - u)),
        Value::Count(_) => Value::Count((u * 100.0) as u64),
    }
}

/// The spec of `kind` with learning rate `lr` and each parameter either its default or a
/// random valid value (`dice` decides); `None` when torch would refuse the combination.
fn random_spec(
    kind: &'static optim::OptimizerKind,
    land: &dyn Landscape,
    lr: f64,
    dice: &[f64],
) -> Option<OptimizerSpec> {
    let values = kind
        .params
        .iter()
        .zip(dice.iter().cycle())
        .filter(|(_, u)| **u >= 0.3)
        .map(|(p, u)| {
            (
                p.name.to_owned(),
                value_in(p.range, p.default, (*u - 0.3) / 0.7),
            )
        })
        .collect();
    let overrides = Overrides {
        lr: Some(lr),
        values,
    };
    OptimizerSpec::resolve(kind, &overrides, &land.info().lr).ok()
}

/// A learning rate: any finite positive number, mostly sensible ones.
fn any_lr() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => 1e-6..10.0f64,
        1 => select(vec![5e-324, 1e-300, 1e300, f64::MAX]),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn optimizer_steps_never_panic(
        kind in select(optim::REGISTRY.to_vec()),
        land in select(SOME_LANDSCAPES.to_vec()),
        lr in any_lr(),
        dice in prop::collection::vec(0.0..1.0f64, 8),
        start in any_vector(),
        gradients in prop::collection::vec(any_vector(), 1..40),
        seed in any::<u64>(),
    ) {
        let land = landscape_named(land);
        let Some(spec) = random_spec(kind, land.as_ref(), lr, &dice) else {
            return Ok(());
        };
        // natgrad builds only on a model's loss (an error, not a panic, elsewhere).
        let Ok(mut optimizer) = spec.build(land.as_ref()) else {
            return Ok(());
        };
        let mut rng = seeded_rng(seed);
        let mut ctx = StepContext { landscape: land.as_ref(), rng: &mut rng };
        let dim = land.info().dim();
        let mut params = start[..dim].to_vec();
        for grad in gradients {
            optimizer.step(&mut params, &grad[..dim], &mut ctx);
        }
    }

    #[test]
    fn runs_with_kicks_never_panic_and_keep_a_finite_last_point(
        land in select(landscape::names().collect::<Vec<_>>()),
        kind in select(optim::REGISTRY.to_vec()),
        lr in any_lr(),
        start in prop::collection::vec(-1e6..1e6f64, MAX_DIM),
        kicks in prop::collection::vec((0u8..8, any_real()), 1..12),
        seed in any::<u64>(),
    ) {
        let land = landscape::by_name(land).expect("a built-in");
        let Some(spec) = random_spec(kind, land.as_ref(), lr, &[0.0]) else {
            return Ok(());
        };
        let dim = land.info().dim();
        let Ok(mut run) = Run::new(land, spec, &start[..dim], seed) else {
            return Ok(());
        };
        for (steps, sigma) in kicks {
            run.take(u64::from(steps));
            run.kick(sigma);
        }
        prop_assert!(run.last_finite_params().iter().all(|v| v.is_finite()));
        prop_assert_eq!(run.diverged_at().is_some(), run.step().is_none());
    }
}

/// One thing that can happen to the explorer.
#[derive(Clone, Debug)]
enum Input {
    /// A key press.
    Key(KeyCode, KeyModifiers),
    /// One frame of a running explorer.
    Tick,
    /// A new terminal size.
    Resize(u16, u16),
    /// A left click at a cell.
    Click(u16, u16),
}

/// A key, mostly from the bound ones, with occasional modifiers.
fn any_key() -> impl Strategy<Value = Input> {
    let code = prop_oneof![
        6 => (0x20u8..0x7f).prop_map(|b| KeyCode::Char(char::from(b))),
        1 => select(vec![
            KeyCode::Esc,
            KeyCode::Enter,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Backspace,
            KeyCode::Delete,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::F(1),
        ]),
        1 => any::<char>().prop_map(KeyCode::Char),
    ];
    let modifiers = prop_oneof![
        8 => Just(KeyModifiers::NONE),
        1 => Just(KeyModifiers::SHIFT),
        1 => Just(KeyModifiers::CONTROL),
        1 => Just(KeyModifiers::ALT),
    ];
    (code, modifiers).prop_map(|(c, m)| Input::Key(c, m))
}

/// An input, mostly keys.
fn any_input() -> impl Strategy<Value = Input> {
    prop_oneof![
        12 => any_key(),
        1 => Just(Input::Tick),
        1 => (0u16..140, 0u16..50).prop_map(|(c, r)| Input::Resize(c, r)),
        1 => (0u16..140, 0u16..50).prop_map(|(c, r)| Input::Click(c, r)),
    ]
}

/// The event a terminal would send for `input` (`None` for a frame tick).
fn event(input: &Input) -> Option<Event> {
    match *input {
        Input::Key(code, modifiers) => Some(Event::Key(KeyEvent::new(code, modifiers))),
        Input::Tick => None,
        Input::Resize(cols, rows) => Some(Event::Resize(cols, rows)),
        Input::Click(column, row) => Some(Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })),
    }
}

/// Checks the explorer's settings are all in range.
fn check_ranges(app: &App) -> Result<(), TestCaseError> {
    for racer in app.racers().all() {
        let lr = racer.spec().hyper.lr;
        prop_assert!(lr.is_finite() && lr > 0.0, "lr {lr}");
        prop_assert!(racer.position().iter().all(|v| v.is_finite()));
    }
    let controls = app.controls();
    prop_assert!(
        (1e-6..=1e3).contains(&controls.sigma),
        "sigma {}",
        controls.sigma
    );
    prop_assert!(
        (1..=MAX_SPEED).contains(&controls.speed),
        "speed {}",
        controls.speed
    );
    let v = app.scene().region;
    prop_assert_eq!(Domain::new(v.x_min, v.x_max, v.y_min, v.y_max), Some(v));
    prop_assert!(app.racers().selected_index() < app.racers().all().len());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_keys_keep_the_explorer_in_range_and_drawable(
        start in select(vec![
            vec!["-l", "rosenbrock"],
            vec!["-l", "neuron", "-o", "natgrad", "-o", "adam"],
            vec!["--expr", "x^2 - y^2"],
            vec!["-l", "saddle", "-o", "newton"],
        ]),
        inputs in prop::collection::vec(any_input(), 1..120),
        size in (60u16..120, 16u16..40),
    ) {
        let mut app = crate::tui_support::app(&start, true);
        let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).expect("terminal");
        let mut screen = Derived::new();
        terminal.draw(|f| ui::draw(&app, &mut screen, f)).expect("draw");
        for (i, input) in inputs.iter().enumerate() {
            match (input, event(input)) {
                (Input::Resize(cols, rows), _) => {
                    terminal.backend_mut().resize(*cols, *rows);
                    terminal.draw(|f| ui::draw(&app, &mut screen, f)).expect("draw");
                }
                (_, Some(event)) => {
                    if let Some(action) =
                        action_for_event(&event, app.mode(), &screen.map_geometry(&app))
                    {
                        app.update(action);
                    }
                }
                (_, None) => app.tick(),
            }
            check_ranges(&app)?;
            if i % 4 == 0 {
                terminal.draw(|f| ui::draw(&app, &mut screen, f)).expect("draw");
            }
        }
        terminal.draw(|f| ui::draw(&app, &mut screen, f)).expect("draw");
    }
}

/// Numbers for the real-valued flags: valid, out of range, non-finite and malformed.
const NUMBERS: &[&str] = &[
    "0", "1", "2", "0.5", "0.999999", "-1", "1e-12", "1e-300", "1e308", "nan", "inf", "-inf",
    "1,2", "x",
];

/// Booleans for the switches, and a wrong one.
const BOOLS: &[&str] = &["true", "false", "maybe"];

/// Every flag that takes a value, with values for it: mostly valid, some out of range or
/// malformed.
const FLAGS: &[(&str, &[&str])] = &[
    (
        "-l",
        &[
            "neuron",
            "rosenbrock",
            "saddle",
            "himmelblau",
            "quartic",
            "nope",
        ],
    ),
    (
        "--expr",
        &[
            "x^2+y^2",
            "(1-x)^2+100*(y-x^2)^2",
            "1/x",
            "sqrt(-1)",
            "log(x)",
            "x/0",
            "exp(exp(exp(x)))",
            "x^",
            "((((",
            "",
            "💥",
        ],
    ),
    (
        "--domain",
        &[
            "-3,3,-3,3",
            "3,-3,0,1",
            "0,1,0,1",
            "nan,1,0,1",
            "-1e308,1e308,0,1",
            "-1e-300,1e-300,0,1",
        ],
    ),
    (
        "-o",
        &[
            "sgd", "momentum", "nesterov", "adagrad", "adadelta", "rmsprop", "adam", "adamw",
            "newton", "sfn", "natgrad", "pgd", "langevin", "nope",
        ],
    ),
    (
        "--start",
        &[
            "1,2",
            "0,0",
            "-2.5,3",
            "nan,1",
            "1e308,1e308",
            "-1e300,5",
            "1",
        ],
    ),
    (
        "--seed",
        &[
            "0",
            "7",
            "18446744073709551615",
            "18446744073709551616",
            "-1",
        ],
    ),
    ("--lr", NUMBERS),
    ("--momentum", NUMBERS),
    ("--dampening", NUMBERS),
    ("--nesterov", BOOLS),
    ("--weight-decay", NUMBERS),
    ("--lr-decay", NUMBERS),
    ("--initial-accumulator-value", NUMBERS),
    ("--eps", NUMBERS),
    ("--rho", NUMBERS),
    ("--alpha", NUMBERS),
    ("--centered", BOOLS),
    ("--betas", &["0.9,0.999", "0,0", "1,1", "nan,0.5", "0.5"]),
    ("--amsgrad", BOOLS),
    ("--damping", NUMBERS),
    ("--threshold", NUMBERS),
    ("--interval", &["0", "1", "10", "18446744073709551616"]),
    ("--radius", NUMBERS),
    ("--temperature", NUMBERS),
    ("--steps", &["0", "1", "7", "30", "10000001", "-1"]),
    ("--format", &["csv", "json", "xml"]),
    ("--width", &["30", "61", "29", "1001", "0"]),
    ("--height", &["8", "16", "7", "1001"]),
    ("--color", &["always", "never", "auto", "sometimes"]),
    (
        "--keys",
        &[
            "s s q",
            "space wait 1s q",
            "o n } N wait 500ms q",
            "] ] ] ] ] ] ] ] ] ] ] ] space wait 1s r q",
            "wait 99999s",
            "click 0,0",
            "?",
            "bogus",
        ],
    ),
    ("--keys-file", &["missing.keys", "/"]),
    ("--record", &["out.cast", "/nonexistent/out.cast"]),
    ("--size", &["100x30", "60x16", "1x1", "0x0", "65536x1"]),
    ("--threads", &["1", "2", "0", "1025", "x"]),
    ("--region", &["-1,1,-1,1", "1,0,0,1", "nan,1,0,1", "0,1"]),
    ("--view", &["singular", "pca", "w1_0,v1", "random:3", "x,y"]),
    ("--copies", &["1", "3", "0", "1000001"]),
    ("--sigma", &["0", "0.1", "-1", "nan", "inf"]),
    ("--escape-loss", &["0", "-1", "nan"]),
    ("--lang", &["en", "ja", "fr", ""]),
    ("--chapter", &["1", "8", "0", "9", "x"]),
];

/// Words that stand alone: switches, subcommands, stray values and garbage.
const WORDS: &[&str] = &[
    "--ascii", "--json", "--", "-", "-x", "--nope", "run", "render", "list", "help", "neuron",
    "sgd", "1", "nan", "💥", "", "--kick", "basins", "ensemble", "tour", "--list",
];

/// A command line: an optional subcommand (`run` mostly with a small `--steps`), then
/// flags, mostly with one of their own values, and some loose words.
fn any_command_line() -> impl Strategy<Value = Vec<&'static str>> {
    let flag =
        select(FLAGS).prop_flat_map(|(f, values)| select(values).prop_map(move |v| vec![f, v]));
    let any_value = select(FLAGS).prop_flat_map(|(_, values)| select(values));
    let token = prop_oneof![
        6 => flag,
        1 => (select(FLAGS), any_value).prop_map(|((f, _), v)| vec![f, v]),
        1 => select(WORDS).prop_map(|w| vec![w]),
    ];
    let start = select(vec![
        vec![],
        vec!["run", "--steps", "20"],
        vec!["run", "--steps", "3", "--format", "json"],
        vec!["run"],
        vec!["render"],
        vec!["render", "--steps", "50"],
        vec!["list"],
        vec!["basins", "--steps", "20", "--width", "8", "--height", "4"],
        vec![
            "ensemble", "--steps", "20", "--copies", "8", "--sigma", "0.1",
        ],
        vec!["--keys", "s q", "--size", "80x24", "--record", "out.cast"],
    ]);
    (start, prop::collection::vec(token, 0..5)).prop_map(|(start, tokens)| {
        start
            .into_iter()
            .chain(tokens.into_iter().flatten())
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_command_line_parses_and_resolves_without_panicking(args in any_command_line()) {
        let Ok(cli) = Cli::try_parse_from(std::iter::once("plateau").chain(args)) else {
            return Ok(());
        };
        match &cli.command {
            Some(Command::Run(run)) => {
                if let Ok(resolved) = run.setup.setup().resolve() {
                    for spec in &resolved.specs {
                        let mut r = Run::new(
                            Arc::clone(&resolved.landscape),
                            spec.clone(),
                            &resolved.start,
                            resolved.seed,
                        )
                        .expect("a resolved spec runs");
                        r.take(run.steps.min(50));
                    }
                }
            }
            Some(Command::Render(render)) => {
                let _ = render.setup.setup().resolve();
            }
            Some(Command::Basins(basins)) => {
                let _ = basins.setup.setup().resolve();
            }
            Some(Command::Ensemble(ensemble)) => {
                let _ = ensemble.setup.setup().resolve();
            }
            // No setup to resolve (theory's own input checks are tests/it/cli_theory.rs).
            Some(Command::List(_) | Command::Completions(_) | Command::Man | Command::Theory(_)) => {}
            // The tour opens a terminal; its arguments only choose a language and a chapter.
            Some(Command::Tour(_)) => {}
            None => {
                if let Ok(resolved) = cli.explore.setup.setup().resolve()
                    && let Ok(app) = App::new(resolved, Options { ascii: cli.explore.screen.ascii, color: true, truecolor: false })
                {
                    crate::tui_support::screen(&app, 80, 24);
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn the_binary_answers_any_command_line_with_output_or_one_error_line(
        args in any_command_line()
    ) {
        let dir = std::env::temp_dir().join(format!("plateau-props-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a scratch directory");
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_plateau"))
            .args(&args)
            .current_dir(&dir)
            .env("NO_COLOR", "1")
            .env("RUST_BACKTRACE", "0")
            .stdin(std::process::Stdio::null())
            .output()
            .expect("the binary runs");
        let _ = std::fs::remove_dir_all(&dir);
        let err = String::from_utf8_lossy(&o.stderr);
        match o.status.code() {
            Some(0) => {}
            Some(2) => {
                prop_assert!(err.starts_with("error: "), "{args:?}: {err}");
                prop_assert_eq!(err.trim_end().lines().count(), 1, "{:?}: {}", args, err);
            }
            other => prop_assert!(false, "{args:?}: exit {other:?}\n{err}"),
        }
    }
}
