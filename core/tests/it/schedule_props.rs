//! Each schedule's lr sequence against a plain re-implementation of torch's formulas (the
//! recursive forms of SCHEDULES.md, written out step by step here), over random arguments,
//! bit for bit; and SPEC round trips (parse, print, parse).

use plateau_core::schedule::{Group, ScheduleSpec, python_float};
use proptest::prelude::*;
use std::f64::consts::PI;

/// A OneCycleLR phase: its end step, and the lr and momentum it anneals between.
type Phase = (f64, (f64, f64), (f64, f64));

/// Steps compared per case.
const STEPS: usize = 300;

/// The lr of steps 1..=STEPS (and the momentum each used) under the schedule `text`, for an
/// optimizer of lr `lr` and momentum 0.9, fed `metric(k)` at step k.
fn driven(text: &str, lr: f64, metric: impl Fn(usize) -> f64) -> (Vec<f64>, Vec<f64>) {
    let spec = ScheduleSpec::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    let mut group = Group::new(lr, Some(0.9));
    let mut scheduler = spec.start(&mut group).unwrap();
    let (mut lrs, mut momenta) = (Vec::new(), Vec::new());
    for k in 1..=STEPS {
        lrs.push(group.lr);
        momenta.push(group.momentum.unwrap());
        scheduler.step(&mut group, metric(k));
    }
    (lrs, momenta)
}

/// Plain recursion: `lr_0 = first(base)`, `lr_k = next(k, lr_{k-1})`.
fn recursive(first: f64, next: impl Fn(i64, f64) -> f64) -> Vec<f64> {
    let mut lr = first;
    let mut out = vec![lr];
    for k in 1..STEPS as i64 {
        lr = next(k, lr);
        out.push(lr);
    }
    out
}

fn f(v: f64) -> String {
    python_float(v)
}

fn same(a: &[f64], b: &[f64], what: &str) -> Result<(), TestCaseError> {
    for (k, (x, y)) in a.iter().zip(b).enumerate() {
        prop_assert_eq!(
            x.to_bits(),
            y.to_bits(),
            "{}: step {}: {} vs {}",
            what,
            k + 1,
            x,
            y
        );
    }
    prop_assert_eq!(a.len(), b.len());
    Ok(())
}

fn lr() -> impl Strategy<Value = f64> {
    1e-4..1.0f64
}

fn gamma() -> impl Strategy<Value = f64> {
    0.5..1.0f64
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn step_lr(base in lr(), step in 1i64..60, g in gamma()) {
        let want = recursive(base, |k, lr| if k % step == 0 { lr * g } else { lr });
        let (got, _) = driven(&format!("StepLR({step}, {})", f(g)), base, |_| 0.0);
        same(&got, &want, "StepLR")?;
    }

    #[test]
    fn multi_step_lr(base in lr(), ms in prop::collection::vec(0i64..300, 0..5), g in gamma()) {
        let count = |k: i64| ms.iter().filter(|&&m| m == k).count() as i32;
        let mut lr = if count(0) > 0 { base * g.powf(f64::from(count(0))) } else { base };
        let mut expect = vec![lr];
        for k in 1..STEPS as i64 {
            if count(k) > 0 {
                lr *= g.powf(f64::from(count(k)));
            }
            expect.push(lr);
        }
        let list: Vec<String> = ms.iter().map(i64::to_string).collect();
        let (got, _) = driven(
            &format!("MultiStepLR(milestones=[{}], gamma={})", list.join(", "), f(g)),
            base,
            |_| 0.0,
        );
        same(&got, &expect, "MultiStepLR")?;
    }

    #[test]
    fn constant_lr(base in lr(), factor in 0.01..1.0f64, total in 0i64..100) {
        let want = recursive(base * factor, |k, lr| {
            if k == total { lr * (1.0 / factor) } else { lr }
        });
        let (got, _) = driven(&format!("ConstantLR({}, {total})", f(factor)), base, |_| 0.0);
        same(&got, &want, "ConstantLR")?;
    }

    #[test]
    fn linear_lr(base in lr(), s in 0.01..1.0f64, e in 0.0..1.0f64, t in 1i64..150) {
        let want = recursive(base * s, |k, lr| {
            if k > t { lr } else { lr * (1.0 + (e - s) / (t as f64 * s + (k - 1) as f64 * (e - s))) }
        });
        let (got, _) = driven(
            &format!("LinearLR(start_factor={}, end_factor={}, total_iters={t})", f(s), f(e)),
            base,
            |_| 0.0,
        );
        same(&got, &want, "LinearLR")?;
    }

    #[test]
    fn exponential_lr(base in lr(), g in gamma()) {
        let want = recursive(base, |_, lr| lr * g);
        let (got, _) = driven(&format!("ExponentialLR({})", f(g)), base, |_| 0.0);
        same(&got, &want, "ExponentialLR")?;
    }

    #[test]
    fn polynomial_lr(base in lr(), t in 1i64..200, p in 0.0..3.0f64) {
        let tf = t as f64;
        let want = recursive(base, |k, lr| {
            if k > t { lr } else {
                lr * ((1.0 - k as f64 / tf) / (1.0 - (k - 1) as f64 / tf)).powf(p)
            }
        });
        let (got, _) = driven(&format!("PolynomialLR({t}, {})", f(p)), base, |_| 0.0);
        same(&got, &want, "PolynomialLR")?;
    }

    #[test]
    fn cosine_annealing_lr(base in lr(), t in 1i64..120, eta_frac in 0.0..0.5f64) {
        let eta = base * eta_frac;
        let tf = t as f64;
        let want = recursive(base, |k, lr| {
            if (k - 1 - t) % (2 * t) == 0 {
                lr + (base - eta) * (1.0 - (PI / tf).cos()) / 2.0
            } else {
                (1.0 + (PI * k as f64 / tf).cos()) / (1.0 + (PI * (k - 1) as f64 / tf).cos())
                    * (lr - eta) + eta
            }
        });
        let (got, _) = driven(&format!("CosineAnnealingLR({t}, {})", f(eta)), base, |_| 0.0);
        same(&got, &want, "CosineAnnealingLR")?;
    }

    #[test]
    fn cosine_annealing_warm_restarts(base in lr(), t0 in 1i64..40, mult in 1i64..4, eta_frac in 0.0..0.5f64) {
        let eta = base * eta_frac;
        let (mut t_i, mut t_cur) = (t0, 0i64);
        let value = |t_cur: i64, t_i: i64| {
            eta + (base - eta) * (1.0 + (PI * t_cur as f64 / t_i as f64).cos()) / 2.0
        };
        let mut want = vec![value(0, t0)];
        for _ in 1..STEPS {
            t_cur += 1;
            if t_cur >= t_i {
                t_cur -= t_i;
                t_i *= mult;
            }
            want.push(value(t_cur, t_i));
        }
        let (got, _) = driven(
            &format!("CosineAnnealingWarmRestarts(T_0={t0}, T_mult={mult}, eta_min={})", f(eta)),
            base,
            |_| 0.0,
        );
        same(&got, &want, "CosineAnnealingWarmRestarts")?;
    }

    #[test]
    fn lambda_and_multiplicative_lr(base in lr(), g in gamma(), a in 0.0..0.2f64) {
        let want: Vec<f64> = (0..STEPS as i64)
            .map(|k| base * (1.0 / (1.0 + a * k as f64) * g.powf(k as f64)))
            .collect();
        let (got, _) = driven(
            &format!("LambdaLR('1.0 / (1.0 + {} * k) * {} ** k')", f(a), f(g)),
            base,
            |_| 0.0,
        );
        same(&got, &want, "LambdaLR")?;
        let want = recursive(base, |k, lr| lr * g.powf(1.0 / (k + 1) as f64));
        let (got, _) = driven(
            &format!("MultiplicativeLR('{} ** (1 / (k + 1))')", f(g)),
            base,
            |_| 0.0,
        );
        same(&got, &want, "MultiplicativeLR")?;
    }

    #[test]
    fn one_cycle_lr(
        max_lr in 0.01..1.0f64,
        total in 20i64..400,
        pct in 0.1..0.45f64,
        linear in any::<bool>(),
        three in any::<bool>(),
    ) {
        let t = total as f64;
        let initial = max_lr / 25.0;
        let min = initial / 1e4;
        let (mx, bs) = (0.95, 0.85);
        let anneal = |a: f64, b: f64, p: f64| {
            if linear { (b - a) * p + a } else { b + (a - b) / 2.0 * ((PI * p).cos() + 1.0) }
        };
        let phases: Vec<Phase> = if three {
            vec![
                (pct * t - 1.0, (initial, max_lr), (mx, bs)),
                (2.0 * pct * t - 2.0, (max_lr, initial), (bs, mx)),
                (t - 1.0, (initial, min), (mx, mx)),
            ]
        } else {
            vec![(pct * t - 1.0, (initial, max_lr), (mx, bs)), (t - 1.0, (max_lr, min), (bs, mx))]
        };
        let at = |k: usize| {
            let mut start = 0.0;
            for (i, (end, l, m)) in phases.iter().enumerate() {
                if k as f64 <= *end || i == phases.len() - 1 {
                    let p = (k as f64 - start) / (end - start);
                    return (anneal(l.0, l.1, p), anneal(m.0, m.1, p));
                }
                start = *end;
            }
            unreachable!()
        };
        let steps = (total as usize).min(STEPS);
        let text = format!(
            "OneCycleLR(max_lr={}, total_steps={total}, pct_start={}, anneal_strategy='{}', three_phase={})",
            f(max_lr), f(pct), if linear { "linear" } else { "cos" }, if three { "True" } else { "False" }
        );
        let spec = ScheduleSpec::parse(&text).unwrap();
        let mut group = Group::new(0.5, Some(0.0));
        let mut s = spec.start(&mut group).unwrap();
        for k in 0..steps {
            let (l, m) = at(k);
            prop_assert_eq!(group.lr.to_bits(), l.to_bits(), "lr k={}", k);
            prop_assert_eq!(group.momentum.unwrap().to_bits(), m.to_bits(), "momentum k={}", k);
            s.step(&mut group, 0.0);
        }
    }

    #[test]
    fn cyclic_lr(
        b in 1e-4..0.01f64,
        span in 0.001..0.1f64,
        up in 1i64..50,
        down in prop::option::of(0i64..50),
        mode in 0usize..3,
        g in 0.99..1.0f64,
    ) {
        let m = b + span;
        let dn = down.unwrap_or(up);
        let total = up as f64 + dn as f64;
        let ratio = up as f64 / total;
        let want: Vec<(f64, f64)> = (0..STEPS)
            .map(|k| {
                let kf = k as f64;
                let cycle = (1.0 + kf / total).floor();
                let x = 1.0 + kf / total - cycle;
                let sc = if x <= ratio { x / ratio } else { (x - 1.0) / (ratio - 1.0) };
                let s = match mode { 0 => 1.0, 1 => 1.0 / 2.0f64.powf(cycle - 1.0), _ => g.powf(kf) };
                (b + (m - b) * sc * s, 0.9 - (0.9 - 0.8) * sc * s)
            })
            .collect();
        let modes = ["triangular", "triangular2", "exp_range"];
        let down_text = down.map_or("None".to_owned(), |d| d.to_string());
        let text = format!(
            "CyclicLR({}, {}, step_size_up={up}, step_size_down={down_text}, mode='{}', gamma={})",
            f(b), f(m), modes[mode], f(g)
        );
        let (lrs, momenta) = driven(&text, 0.3, |_| 0.0);
        let (wl, wm): (Vec<f64>, Vec<f64>) = want.into_iter().unzip();
        same(&lrs, &wl, "CyclicLR lr")?;
        same(&momenta, &wm, "CyclicLR momentum")?;
    }

    #[test]
    fn sequential_lr(base in lr(), s in 0.01..1.0f64, warm in 1i64..40, t in 1i64..200, g in gamma()) {
        // Warm-up by LinearLR, then the cosine from its closed form at 0 (= base), then
        // ExponentialLR restarted from base.
        let second = warm + t;
        let mut want = Vec::new();
        let mut lr = base * s;
        for k in 0..STEPS as i64 {
            if k == 0 {
            } else if k < warm {
                lr *= 1.0 + (1.0 - s) / (warm as f64 * s + (k - 1) as f64 * (1.0 - s));
            } else if k == warm {
                lr = 0.0 + (base - 0.0) * (1.0 + (PI * 0.0 / t as f64).cos()) / 2.0;
            } else if k < second {
                let j = k - warm;
                lr = if (j - 1 - t) % (2 * t) == 0 {
                    lr + base * (1.0 - (PI / t as f64).cos()) / 2.0
                } else {
                    (1.0 + (PI * j as f64 / t as f64).cos())
                        / (1.0 + (PI * (j - 1) as f64 / t as f64).cos())
                        * (lr - 0.0) + 0.0
                };
            } else if k == second {
                lr = base * g.powf(0.0);
            } else {
                lr *= g;
            }
            want.push(lr);
        }
        let text = format!(
            "SequentialLR([LinearLR(start_factor={}, total_iters={warm}), CosineAnnealingLR(T_max={t}), ExponentialLR({})], milestones=[{warm}, {second}])",
            f(s), f(g)
        );
        let (got, _) = driven(&text, base, |_| 0.0);
        same(&got, &want, "SequentialLR")?;
    }

    #[test]
    fn chained_scheduler(base in lr(), factor in 0.01..1.0f64, total in 0i64..50, g in gamma()) {
        let want = recursive(base * factor, |k, lr| {
            let lr = if k == total { lr * (1.0 / factor) } else { lr };
            lr * g
        });
        let text = format!("ChainedScheduler([ConstantLR({}, {total}), ExponentialLR({})])", f(factor), f(g));
        let (got, _) = driven(&text, base, |_| 0.0);
        same(&got, &want, "ChainedScheduler")?;
    }

    #[test]
    fn reduce_lr_on_plateau(
        base in lr(),
        factor in 0.1..0.9f64,
        patience in 0i64..8,
        cooldown in 0i64..5,
        threshold in 0.0..0.01f64,
        maximize in any::<bool>(),
        relative in any::<bool>(),
        min_frac in 0.0..0.1f64,
        losses in prop::collection::vec(0.0..1.0f64, STEPS),
    ) {
        let min_lr = base * min_frac;
        let (mut best, mut bad, mut cool, mut lr) =
            (if maximize { f64::NEG_INFINITY } else { f64::INFINITY }, 0i64, 0i64, base);
        let mut want = Vec::new();
        for &a in &losses {
            want.push(lr);
            let better = match (maximize, relative) {
                (false, true) => a < best * (1.0 - threshold),
                (false, false) => a < best - threshold,
                (true, true) => a > best * (threshold + 1.0),
                (true, false) => a > best + threshold,
            };
            if better { best = a; bad = 0; } else { bad += 1; }
            if cool > 0 { cool -= 1; bad = 0; }
            if bad > patience {
                let new = (lr * factor).max(min_lr);
                if lr - new > 1e-8 { lr = new; }
                cool = cooldown;
                bad = 0;
            }
        }
        let text = format!(
            "ReduceLROnPlateau(mode='{}', factor={}, patience={patience}, threshold={}, threshold_mode='{}', cooldown={cooldown}, min_lr={})",
            if maximize { "max" } else { "min" }, f(factor), f(threshold),
            if relative { "rel" } else { "abs" }, f(min_lr)
        );
        let (got, _) = driven(&text, base, |k| losses[k - 1]);
        same(&got, &want, "ReduceLROnPlateau")?;
    }

    #[test]
    fn specs_round_trip(
        step in 1i64..100,
        g in 0.0..1.0f64,
        ms in prop::collection::vec(0i64..1000, 0..4),
        t in 1i64..500,
        a in 0.0..1.0f64,
    ) {
        let list: Vec<String> = ms.iter().map(i64::to_string).collect();
        for text in [
            format!("StepLR({step}, {})", f(g)),
            format!("MultiStepLR([{}], gamma={})", list.join(","), f(g)),
            format!("SequentialLR([ConstantLR(factor={}, total_iters={step}), CosineAnnealingLR({t}, eta_min={})], milestones=[{step}])", f(g.max(0.01)), f(a)),
            format!("ChainedScheduler([ExponentialLR({}), LambdaLR(\"max(0.1, 1 - k / {t})\")])", f(g)),
            format!("CyclicLR({}, {}, {step}, mode='exp_range', gamma={}, cycle_momentum=False)", f(a), f(a + 1.0), f(g)),
            format!("ReduceLROnPlateau('max', {}, {step}, threshold_mode='abs', eps={})", f(g.min(0.99)), f(a)),
        ] {
            let spec = ScheduleSpec::parse(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
            let printed = spec.to_string();
            let again = ScheduleSpec::parse(&printed).unwrap_or_else(|e| panic!("{printed}: {e}"));
            prop_assert_eq!(&again, &spec, "{} → {}", text, printed);
            prop_assert_eq!(again.to_string(), printed);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any text is read or refused with a column inside it (or just past its end), never a
    /// panic.
    #[test]
    fn any_text_is_read_or_refused_with_a_column(text in "[A-Za-z_(\\[\\]),=.0-9'\" *+-]{0,60}") {
        if let Err(e) = ScheduleSpec::parse(&text) {
            prop_assert!(e.column >= 1 && e.column <= text.chars().count() + 1, "{}: {}", text, e);
        }
    }

    /// Extreme integers and formulas run without a panic.
    #[test]
    fn extreme_arguments_step_without_panicking(
        n in prop_oneof![Just(i64::MAX), Just(i64::MAX / 2 + 1), 1i64..5, Just(1i64 << 40)],
        m in prop_oneof![Just(i64::MAX), 1i64..4],
        f in prop_oneof![Just(f64::MAX), Just(1e-300), Just(0.5), Just(-1.0)],
    ) {
        for text in [
            format!("StepLR({n}, {})", python_float(f)),
            format!("CosineAnnealingLR({n})"),
            format!("CosineAnnealingWarmRestarts({n}, T_mult={m})"),
            format!("CosineAnnealingWarmRestarts(1, T_mult={m})"),
            format!("PolynomialLR({n}, {})", python_float(f)),
            format!("LinearLR(total_iters={n})"),
            format!("ConstantLR(total_iters={n})"),
            format!("CyclicLR(0.1, 0.2, {n}, {m})"),
            format!("OneCycleLR(1.0, total_steps={n})"),
            format!("SequentialLR([StepLR(1), ExponentialLR(0.5)], milestones=[{n}])"),
            format!("LambdaLR('k / 0 + {} ** k')", python_float(f)),
            format!("ReduceLROnPlateau(patience={n}, cooldown={m})"),
        ] {
            if let Ok(spec) = ScheduleSpec::parse(&text) {
                let _ = spec.max_steps();
                let mut group = Group::new(0.1, Some(0.9));
                if let Ok(mut s) = spec.start(&mut group) {
                    for k in 0..100 {
                        s.step(&mut group, k as f64);
                    }
                }
            }
        }
    }
}
