//! Parsing, printing and refusing schedules; the lambda language's Python order.

use super::*;

fn parse(text: &str) -> ScheduleSpec {
    ScheduleSpec::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn error(text: &str) -> SpecError {
    ScheduleSpec::parse(text).expect_err(text)
}

#[test]
fn specs_print_in_keyword_form_and_read_back() {
    for (text, printed) in [
        ("StepLR(50, 0.5)", "StepLR(step_size=50, gamma=0.5)"),
        ("StepLR(step_size=50)", "StepLR(step_size=50)"),
        ("ExponentialLR( gamma = 1 )", "ExponentialLR(gamma=1)"),
        (
            "SequentialLR([LinearLR(start_factor=0.1, total_iters=10), CosineAnnealingLR(T_max=190)], milestones=[10])",
            "SequentialLR([LinearLR(start_factor=0.1, total_iters=10), CosineAnnealingLR(T_max=190)], milestones=[10])",
        ),
        (
            "ReduceLROnPlateau(factor=0.5, patience=10, cooldown=5, min_lr=1e-6)",
            "ReduceLROnPlateau(factor=0.5, patience=10, cooldown=5, min_lr=0.000001)",
        ),
        (
            "LambdaLR(\"1.0 / (1.0 + 0.05 * k)\")",
            "LambdaLR(lr_lambda='1.0 / (1.0 + 0.05 * k)')",
        ),
        (
            "OneCycleLR(max_lr=0.1, total_steps=200, anneal_strategy='linear', three_phase=True)",
            "OneCycleLR(max_lr=0.1, total_steps=200, anneal_strategy='linear', three_phase=True)",
        ),
        (
            "CyclicLR(0.001, 0.01, step_size_down=None)",
            "CyclicLR(base_lr=0.001, max_lr=0.01, step_size_down=None)",
        ),
    ] {
        let spec = parse(text);
        let shown = spec.to_string();
        assert_eq!(
            shown
                .replace("0.000001", "1e-6")
                .replace("1e-6", "0.000001"),
            printed.replace("1e-6", "0.000001"),
            "{text}"
        );
        assert_eq!(parse(&shown), spec, "{text} → {shown}");
    }
}

#[test]
fn a_float_argument_prints_as_a_float() {
    let spec = parse("OneCycleLR(max_lr=1.0, total_steps=10, div_factor=25.0)");
    assert!(spec.to_string().contains("div_factor=25.0"), "{spec}");
    assert!(spec.to_string().contains("max_lr=1.0"), "{spec}");
}

#[test]
fn errors_name_the_problem_and_its_column() {
    for (text, column, words) in [
        ("StepLr(5)", 1, "did you mean StepLR?"),
        (
            "StepLR(step_size=5, gama=0.5)",
            21,
            "StepLR has no argument 'gama'",
        ),
        (
            "StepLR(gamma=0.5)",
            1,
            "missing 1 required argument: 'step_size'",
        ),
        ("StepLR(5, 0.5", 14, "expected ',' or ')'"),
        (
            "StepLR(step_size=2.5)",
            18,
            "step_size takes an integer, got a number",
        ),
        (
            "StepLR(step_size=5, 0.5)",
            21,
            "positional argument follows keyword argument",
        ),
        (
            "LinearLR(start_factor=0)",
            23,
            "Starting multiplicative factor expected to be greater than 0",
        ),
        (
            "ConstantLR(factor=1.5)",
            19,
            "Constant multiplicative factor expected to be between 0 and 1.",
        ),
        (
            "CosineAnnealingWarmRestarts(T_0=0)",
            33,
            "Expected positive integer T_0, but got 0",
        ),
        (
            "CosineAnnealingWarmRestarts(T_0=5, T_mult=0)",
            43,
            "Expected integer T_mult >= 1, but got 0",
        ),
        (
            "OneCycleLR(max_lr=0.1)",
            1,
            "You must define either total_steps OR (epochs AND steps_per_epoch)",
        ),
        (
            "OneCycleLR(max_lr=0.1, total_steps=100, pct_start=1)",
            51,
            "Expected float between 0 and 1 pct_start, but got 1",
        ),
        (
            "OneCycleLR(max_lr=0.1, total_steps=100, anneal_strategy='cosine')",
            57,
            "anneal_strategy must be one of 'cos', 'linear'",
        ),
        (
            "ReduceLROnPlateau(factor=1.0)",
            26,
            "Factor should be < 1.0.",
        ),
        (
            "ReduceLROnPlateau(mode='maximum')",
            24,
            "mode must be one of 'min', 'max'",
        ),
        (
            "SequentialLR([StepLR(5), StepLR(7)], milestones=[])",
            49,
            "number of schedulers 2 and the number of milestones to be equal to 0",
        ),
        (
            "SequentialLR([ReduceLROnPlateau()], milestones=[])",
            14,
            "does not support `ReduceLROnPlateau`",
        ),
        (
            "ChainedScheduler([])",
            18,
            "expects at least one scheduler to be chained",
        ),
        (
            "LambdaLR('1.0 / (1.0 + * k)')",
            24,
            "in lr_lambda: expected a number",
        ),
        ("LambdaLR('k + j')", 15, "unknown name 'j'"),
        ("StepLR(5) x", 11, "unexpected text after"),
        ("StepLR(5, 0.5, 3)", 16, "StepLR takes 2 arguments"),
    ] {
        let e = error(text);
        assert_eq!(e.column, column, "{text}: {e}");
        assert!(e.message.contains(words), "{text}: {e}");
    }
}

#[test]
fn lambdas_follow_pythons_order_and_pow() {
    let eval = |text: &str, k: f64| Lambda::parse(text).unwrap().eval(k);
    assert_eq!(eval("0.95 ** k", 7.0), 0.95f64.powf(7.0));
    assert_eq!(eval("lambda epoch: 0.95 ^ epoch", 7.0), 0.95f64.powf(7.0));
    assert_eq!(eval("-k ** 2", 3.0), -9.0);
    assert_eq!(eval("2 ** -1", 0.0), 0.5);
    assert_eq!(eval("2 ** 3 ** 2", 0.0), 512.0);
    assert_eq!(eval("min(1.0, (k + 1) / 25)", 3.0), 4.0 / 25.0);
    assert_eq!(eval("max(0.05, 1 - k / 10, 0.02)", 9.0), 1.0 - 9.0 / 10.0);
    assert_eq!(
        eval("1.0 / (1.0 + 0.05 * k)", 11.0),
        1.0 / (1.0 + 0.05 * 11.0)
    );
    // Left to right: (0.1 * k) * 3, not 0.1 * (k * 3).
    assert_eq!(eval("0.1 * k * 3", 3.0), 0.1 * 3.0 * 3.0);
    assert_ne!(0.1 * 3.0 * 3.0, 0.1 * (3.0 * 3.0));
    assert_eq!(
        eval("exp(-k / 10) * cos(pi * k)", 2.0),
        (-2.0f64 / 10.0).exp() * (std::f64::consts::PI * 2.0).cos()
    );
}

#[test]
fn python_keeps_the_first_of_equal_extremes() {
    let l = Lambda::parse("min(0.0, -0.0)").unwrap();
    assert!(l.eval(0.0).is_sign_positive());
    let l = Lambda::parse("max(-0.0, 0.0)").unwrap();
    assert!(l.eval(0.0).is_sign_negative());
}

#[test]
fn bisect_right_matches_python() {
    assert_eq!(bisect_right(&[10], 9), 0);
    assert_eq!(bisect_right(&[10], 10), 1);
    assert_eq!(bisect_right(&[10, 20], 15), 1);
    assert_eq!(bisect_right(&[], 3), 0);
}

#[test]
fn a_schedule_longer_than_the_cap_is_refused_before_it_is_read() {
    let text = format!("LambdaLR('{}k')", "1 + ".repeat(1000));
    let e = error(&text);
    assert_eq!(e.column, MAX_LEN + 1);
    assert!(e.message.contains("at most 2,000 are allowed"), "{e}");
}
