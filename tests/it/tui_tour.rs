//! The guided tour: every chapter in both languages at 120x36 and 80x24, numbers taken
//! from the run (every chapter's, read back from the panel and compared with the racers'
//! state), reactions to what happens, moving between chapters, and leaving the tour with
//! the scene kept.

use crate::tui_support::{app, screen};
use plateau::tui::app::Action;
use plateau::tui::app::App;
use plateau::tui::app::keymap::{self, Trigger};
use plateau::tui::app::named_keys;
use plateau::tui::tour::{CHAPTERS, Lang, Text, UI, When};
use plateau_core::Point;
use plateau_core::text::format;
use unicode_width::UnicodeWidthStr;

/// `app`'s screen with no-break spaces (which keep `(1.6, 2.4)` on one line) as spaces.
fn shown(app: &App, cols: u16, rows: u16) -> String {
    screen(app, cols, rows).replace('\u{a0}', " ")
}

/// The explorer with the tour open at `chapter` (0-based) in `lang`.
fn at(chapter: usize, lang: Lang) -> App {
    let mut app = app(&[], true);
    app.start_tour(lang, chapter).expect("a chapter");
    app
}

/// The rows of the tour's panel on a screen (from its top border down).
fn panel(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let top = (lines.iter())
        .position(|l| l.contains("Tour ") || l.contains("ツアー "))
        .expect("the tour's panel");
    // Each row is quoted; a row with wide characters is followed by a note of the cells
    // they cover.
    lines[top..lines.len() - 1]
        .iter()
        .map(|l| {
            let quoted = l.split("\" Hidden by").next().unwrap_or(l);
            quoted.trim_matches('"').to_owned()
        })
        .collect()
}

#[test]
fn every_chapter_in_both_languages_at_120x36_and_80x24() {
    for (i, _) in CHAPTERS.iter().enumerate() {
        for lang in [Lang::En, Lang::Ja] {
            for (cols, rows) in [(120, 36), (80, 24)] {
                let text = screen(&at(i, lang), cols, rows);
                let name = format!("chapter_{}_{}_{cols}x{rows}", i + 1, lang.code());
                insta::assert_snapshot!(name, text);
            }
        }
    }
}

#[test]
fn japanese_lines_fit_their_width_and_keep_kinsoku() {
    for (i, _) in CHAPTERS.iter().enumerate() {
        for (cols, rows) in [(120, 36), (80, 24)] {
            let text = screen(&at(i, Lang::Ja), cols, rows);
            for row in panel(&text) {
                assert_eq!(row.width(), usize::from(cols), "{row}");
                // Inside the box, after the margin: no line starts with closing punctuation.
                let inner: String = row.chars().skip(2).collect();
                let first = inner.trim_start().chars().next();
                assert!(
                    !matches!(
                        first,
                        Some('、' | '。' | '）' | '」' | '』' | 'ー' | 'っ' | 'ゃ')
                    ),
                    "chapter {}: {row}",
                    i + 1
                );
            }
        }
    }
}

#[test]
fn the_first_chapter_quotes_its_run_and_follows_the_learning_rate() {
    let mut app = at(0, Lang::En);
    let text = shown(&app, 120, 36);
    assert!(
        text.contains("lr 0.1 the first step lands on (1.6, 2.4)"),
        "{text}"
    );
    assert!(text.contains("(1.28, 1.92)"), "{text}");
    // Change the lr: the numbers follow, computed from the run.
    app.update(Action::LrUp);
    let text = shown(&app, 120, 36);
    assert!(
        text.contains("lr 0.2 the first step lands on (1.2, 1.8)"),
        "{text}"
    );
    assert!(text.contains("lr is now 0.2"), "the reaction:\n{text}");
    let ja = shown(&at(0, Lang::Ja), 120, 36);
    assert!(ja.contains("1 歩目で (1.6, 2.4)"), "{ja}");
}

#[test]
fn a_reaction_says_what_just_happened() {
    // Chapter 4: on the line y = 0 the run walks into the saddle and stays.
    let mut app = at(3, Lang::En);
    for _ in 0..2000 {
        app.update(Action::Step);
    }
    let text = screen(&app, 120, 36);
    assert!(text.contains("The marker sits on the saddle"), "{text}");
    app.update(Action::Kick);
    assert!(screen(&app, 120, 36).contains("Kicked: y is now"));
    // Chapter 5: sgd on the neuron's plateau.
    let mut app = at(4, Lang::En);
    for _ in 0..6000 {
        app.update(Action::Step);
    }
    let text = screen(&app, 120, 36);
    assert!(text.contains("On the plateau 5,998 steps"), "{text}");
}

#[test]
fn chapters_turn_pages_then_chapters_and_the_list_jumps() {
    let mut app = at(0, Lang::En);
    app.update(Action::TourForward(2));
    assert_eq!(app.tour().map(|t| (t.chapter, t.page)), Some((0, 1)));
    app.update(Action::TourForward(2));
    assert_eq!(app.tour().map(|t| (t.chapter, t.page)), Some((1, 0)));
    app.update(Action::TourBack(2));
    assert_eq!(app.tour().map(|t| t.chapter), Some(0));
    app.update(Action::OpenChapterList);
    for c in "overlap".chars() {
        app.update(Action::PickerInput(c));
    }
    app.update(Action::PickerAccept);
    assert_eq!(app.tour().map(|t| t.chapter), Some(5));
    assert_eq!(app.scene().landscape.info().name, "committee");
    // At the end, PgDn says so and stays.
    let mut last = at(CHAPTERS.len() - 1, Lang::En);
    last.update(Action::NextChapter);
    assert_eq!(last.tour().map(|t| t.chapter), Some(CHAPTERS.len() - 1));
    assert!(last.notice().is_some_and(|n| n.contains("end of the tour")));
}

#[test]
fn leaving_the_tour_keeps_the_scene_and_every_key_works_inside() {
    let mut app = at(2, Lang::En);
    for _ in 0..50 {
        app.update(Action::Step);
    }
    app.update(Action::ToggleRace);
    assert!(app.racers().race());
    let step = app.racers().selected().sample().step;
    app.update(Action::ToggleTour);
    assert!(app.tour().is_none());
    assert_eq!(app.scene().landscape.info().name, "quartic");
    assert_eq!(app.racers().selected().sample().step, step);
    assert!(!screen(&app, 120, 36).contains("Tour "));
}

#[test]
fn t_opens_the_tour_in_the_explorer() {
    let mut app = app(&["-l", "himmelblau"], true);
    app.update(Action::ToggleTour);
    assert_eq!(app.tour().map(|t| t.chapter), Some(0));
    assert_eq!(app.scene().landscape.info().name, "bowl");
    assert!(screen(&app, 80, 24).contains("chapter 1 of 8"));
}

// Each chapter's numbers come from the run: the panel is read back, the number after (or
// before) a phrase of the reaction parsed, and compared with the racer's own state; then a
// learning rate or a start is changed and the quoted number follows.

/// `text` without whitespace (no-break spaces included) and box edges: a phrase that the
/// wrap broke across rows still matches.
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '│')
        .collect()
}

/// The number the tour's panel (at 120x36) writes between `before` and `after` (spaces
/// ignored), as written: the first such place, from the top (the reaction comes first).
fn quoted(app: &App, before: &str, after: &str) -> String {
    let text = squash(&panel(&screen(app, 120, 36)).concat());
    let (before, after) = (squash(before), squash(after));
    for (i, _) in text.match_indices(before.as_str()) {
        let rest = &text[i + before.len()..];
        let mut n = &rest[..rest
            .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | 'e' | '+')))
            .unwrap_or(rest.len())];
        // A full stop or a comma after the number is the sentence's, not the number's.
        loop {
            let starts = n.starts_with(|c: char| c.is_ascii_digit() || c == '-');
            let whole = !after.is_empty() || !n.ends_with(['.', ',', 'e', '-', '+']);
            if starts && whole && rest[n.len()..].starts_with(&after) {
                return n.to_owned();
            }
            match n.strip_suffix(['.', ',', 'e', '-', '+']) {
                Some(shorter) => n = shorter,
                None => break,
            }
        }
    }
    panic!(
        "no number between '{before}' and '{after}' in the panel:\n{}",
        screen(app, 120, 36)
    )
}

/// [`quoted`] as a count (`12,340`).
fn quoted_count(app: &App, before: &str, after: &str) -> u64 {
    let n = quoted(app, before, after);
    n.replace(',', "")
        .parse()
        .unwrap_or_else(|_| panic!("not a count: {n}"))
}

/// [`quoted`] as a number, checked to be `actual` written with `digits` significant digits:
/// the text as facts write it, and parsed back, within the rounding of those digits.
fn assert_quotes(app: &App, before: &str, after: &str, actual: f64, digits: usize) {
    let n = quoted(app, before, after);
    let shown: f64 = n.parse().unwrap_or_else(|_| panic!("not a number: {n}"));
    let scale = 10f64.powi(actual.abs().log10().floor() as i32 + 1 - digits as i32);
    assert!(
        (shown - actual).abs() <= 0.5 * scale * (1.0 + 1e-9),
        "'{before}' quotes {shown}, the run has {actual}"
    );
    assert_eq!(n, format::short(actual, digits), "'{before}'");
}

/// Steps `app` one step at a time (at most `max`) until `done` holds; whether it does.
fn step_until(app: &mut App, max: u64, done: impl Fn(&App) -> bool) -> bool {
    for _ in 0..max {
        if done(app) {
            return true;
        }
        app.advance(1);
    }
    done(app)
}

/// The step at which the selected racer escaped its plateau.
fn escaped_at(app: &App) -> u64 {
    let escape = app.racers().selected().detector().last_escape();
    escape.expect("escaped").step
}

/// Chapter `chapter` with the learning rate doubled `doublings` times (halved if negative).
fn with_lr(chapter: usize, lang: Lang, doublings: i32) -> App {
    let mut app = at(chapter, lang);
    for _ in 0..doublings.unsigned_abs() {
        app.update(if doublings > 0 {
            Action::LrUp
        } else {
            Action::LrDown
        });
    }
    app
}

/// The point the panel writes after `before`: `(x, y)`.
fn quoted_point(app: &App, before: &str) -> [f64; 2] {
    let text = squash(&panel(&screen(app, 120, 36)).concat());
    let at = text.find(&squash(before)).expect("the phrase") + squash(before).len();
    let inside = text[at..].strip_prefix('(').expect("a point");
    let inside = &inside[..inside.find(')').expect("a closing bracket")];
    let mut xy = inside
        .split(',')
        .map(|v| v.parse::<f64>().expect("a coordinate"));
    [xy.next().expect("x"), xy.next().expect("y")]
}

#[test]
fn the_first_chapter_says_where_the_next_two_steps_land_at_every_lr() {
    for doublings in [-1, 0, 1, 2] {
        let mut app = with_lr(0, Lang::En, doublings);
        let lr = app.racers().selected().spec().hyper.lr;
        assert_quotes(&app, "With lr", "the first step", lr, 4);
        let first = quoted_point(&app, "the first step lands on");
        let second = quoted_point(&app, "and the second on");
        // Where s then takes the marker, and what the formula of the text says.
        for (said, factor) in [(first, 1.0 - 2.0 * lr), (second, (1.0 - 2.0 * lr).powi(2))] {
            app.update(Action::Step);
            let at = app.racers().selected().position().to_vec();
            for k in 0..2 {
                assert!(
                    (said[k] - at[k]).abs() <= 5e-4 * at[k].abs().max(1e-3),
                    "{said:?} {at:?}"
                );
                let formula = [2.0, 3.0][k] * factor;
                assert!((said[k] - formula).abs() <= 5e-4 * formula.abs().max(1e-3));
            }
        }
    }
}

/// Whether the selected racer's |∇L| is below 1e-8 (well inside the verdict's "converged").
fn converged(app: &App) -> bool {
    app.racers().selected().sample().grad_norm < 1e-8
}

/// Whether the selected racer has diverged.
fn diverged(app: &App) -> bool {
    app.racers().selected().diverged_at().is_some()
}

#[test]
fn the_bowl_chapters_quote_the_step_and_the_gradient_where_the_run_converged() {
    for (chapter, step_before, step_after, grad_before, grad_after) in [
        (0, "Step", ":", "|∇L| is", ". The update"),
        (1, "Converged at step", "with", "|∇L| =", ". On a bowl"),
    ] {
        let mut steps = Vec::new();
        for doublings in [0, 1] {
            let mut app = with_lr(chapter, Lang::En, doublings);
            assert!(step_until(&mut app, 1000, converged));
            let sample = app.racers().selected().sample();
            assert_eq!(quoted_count(&app, step_before, step_after), sample.step);
            assert_quotes(&app, grad_before, grad_after, sample.grad_norm, 3);
            steps.push(sample.step);
        }
        // |∇L| shrinks by |1 − 2·lr| a step: 0.8 at lr 0.1, 0.6 at lr 0.2.
        let [slow, fast] = [steps[0], steps[1]];
        let expected = |factor: f64| ((1e-8 / 52f64.sqrt()).ln() / factor.ln()).ceil() as u64;
        assert_eq!(
            (slow, fast),
            (expected(0.8), expected(0.6)),
            "chapter {}",
            chapter + 1
        );
    }
    // The Japanese text quotes the same step.
    let mut app = at(0, Lang::Ja);
    assert!(step_until(&mut app, 1000, converged));
    assert_eq!(
        quoted_count(&app, "", "歩目で |∇L| は"),
        app.racers().selected().sample().step
    );
}

#[test]
fn the_bowl_chapters_quote_the_step_and_the_lr_where_the_run_diverged() {
    for (chapter, lr_before, lr_after) in [(0, "With lr", "the factor"), (1, "at lr", "the steps")]
    {
        let mut steps = Vec::new();
        for doublings in [4, 5] {
            let mut app = with_lr(chapter, Lang::En, doublings);
            assert!(step_until(&mut app, 5000, diverged));
            let racer = app.racers().selected();
            let diverged = racer.diverged_at().expect("diverged");
            assert_eq!(quoted_count(&app, "Diverged at step", ""), diverged);
            assert_quotes(&app, lr_before, lr_after, racer.spec().hyper.lr, 4);
            steps.push(diverged);
        }
        assert!(
            steps[1] < steps[0],
            "a larger lr overflows sooner: {steps:?}"
        );
    }
    let mut app = with_lr(0, Lang::Ja, 4);
    assert!(step_until(&mut app, 5000, diverged));
    let diverged = app.racers().selected().diverged_at();
    assert_eq!(Some(quoted_count(&app, "", "歩目で発散")), diverged);
}

#[test]
fn the_quartic_quotes_the_minimum_the_run_stopped_in_and_the_lr_that_bounces() {
    for (start, x, loss) in [(None, -1.4724, -27.9), (Some(2.0), 4.4533, -436.1)] {
        let mut app = at(2, Lang::En);
        if let Some(x0) = start {
            app.update(Action::SetStart(Point::new(x0, 0.0)));
        }
        assert!(step_until(&mut app, 2000, |a| a
            .racers()
            .selected()
            .sample()
            .grad_norm
            < 1e-8));
        let racer = app.racers().selected();
        let (at_x, at_loss) = (racer.position()[0], racer.sample().loss);
        // The body's numbers, and the run's.
        assert!(
            (at_x - x).abs() < 1e-4 && (at_loss - loss).abs() < 0.05,
            "{at_x} {at_loss}"
        );
        let (x_before, loss_before) = match start {
            None => ("Stopped at x =", "with loss"),
            Some(_) => ("x =", "loss"),
        };
        assert_quotes(&app, x_before, "", at_x, 4);
        assert_quotes(&app, loss_before, ":", at_loss, 4);
    }
    // Next to the deep minimum with lr 0.01, above the 0.0095 it needs: the marker bounces.
    let mut app = with_lr(2, Lang::En, 1);
    app.update(Action::SetStart(Point::new(4.5, 0.0)));
    app.advance(400);
    assert!(
        When::Oscillating
            .holds(&app, CHAPTERS[2].stage.as_ref())
            .is_some()
    );
    assert!(app.racers().selected().diverged_at().is_none());
    assert_quotes(&app, "valley: lr", "is too large", 0.01, 4);
    // With lr 0.04 from x = −3 the run is thrown out and overflows: the panel says so, with
    // the step and the lr of the run, not that it bounces.
    for lang in [Lang::En, Lang::Ja] {
        let mut app = with_lr(2, lang, 3);
        app.advance(100);
        let step = app
            .racers()
            .selected()
            .diverged_at()
            .expect("lr 0.04 diverges");
        let text = panel(&shown(&app, 120, 36)).concat();
        let (en, ja) = (
            format!("Diverged at step {step}"),
            format!("{step} 歩目で発散"),
        );
        assert!(
            text.contains(if lang == Lang::En { &en } else { &ja }),
            "{text}"
        );
        assert!(
            !text.contains("bounces between") && !text.contains("跳ねています"),
            "{text}"
        );
    }
}

#[test]
fn the_saddle_quotes_its_gradient_the_kick_the_escape_and_the_divergence() {
    let mut kicks = Vec::new();
    let mut escapes = Vec::new();
    for sigma_doublings in [0, 2] {
        let mut app = at(3, Lang::En);
        for _ in 0..sigma_doublings {
            app.update(Action::SigmaUp);
        }
        app.advance(2000);
        let grad = app.racers().selected().sample().grad_norm;
        assert_quotes(&app, "on the saddle with |∇L| =", ":", grad, 3);
        app.update(Action::Kick);
        let y = app.racers().selected().position()[1];
        assert_quotes(&app, "Kicked: y is now", "", y, 4);
        kicks.push(y);
        assert!(step_until(&mut app, 2000, |a| {
            a.racers().selected().detector().last_escape().is_some()
        }));
        assert_eq!(quoted_count(&app, "Escaped at step", ":"), escaped_at(&app));
        escapes.push(escaped_at(&app));
        assert!(step_until(&mut app, 40_000, |a| a
            .racers()
            .selected()
            .diverged_at()
            .is_some()));
        let diverged = app.racers().selected().diverged_at().expect("diverged");
        assert_eq!(quoted_count(&app, "Diverged at step", ":"), diverged);
    }
    // The same random kick, four times as large: y four times as far (the kick's x part
    // also moves the run, so only about), and out of the saddle sooner.
    assert!((kicks[1] / kicks[0] - 4.0).abs() < 0.01, "{kicks:?}");
    assert!(escapes[1] < escapes[0], "{escapes:?}");
}

/// Steps `app` until the selected racer has been on its plateau for 100 steps, within
/// `steps`.
fn stall_within(app: &mut App, steps: u64) {
    let stalled = |a: &App| a.racers().selected().detector().on_plateau() >= 100;
    assert!(
        step_until(app, steps, stalled),
        "no stall within {steps} steps"
    );
}

/// Steps `app` until the selected racer escapes, within `steps`; checks that the panel
/// quotes the escape's step, and returns it.
fn escape_within(app: &mut App, steps: u64) -> u64 {
    let escaped = |a: &App| a.racers().selected().detector().last_escape().is_some();
    assert!(
        step_until(app, steps, escaped),
        "no escape within {steps} steps"
    );
    assert_eq!(quoted_count(app, "Escaped at step", ":"), escaped_at(app));
    escaped_at(app)
}

#[test]
fn the_neuron_quotes_its_stall_and_escape_and_twice_the_lr_escapes_twice_as_soon() {
    let mut escapes = Vec::new();
    for doublings in [0, 1] {
        let mut app = with_lr(4, Lang::En, doublings);
        stall_within(&mut app, 1000);
        let grad = app.racers().selected().sample().grad_norm;
        assert_quotes(&app, "On the plateau: |∇L| is", ".", grad, 3);
        app.advance(5000);
        let stalled = app.racers().selected().detector().on_plateau();
        assert!(stalled >= 5000);
        assert_eq!(quoted_count(&app, "On the plateau", "steps"), stalled);
        escapes.push(escape_within(&mut app, 60_000));
    }
    // The plateau's gradient is tiny and nearly constant: the crawl takes steps ∝ 1/lr.
    let ratio = escapes[0] as f64 / escapes[1] as f64;
    assert!((ratio - 2.0).abs() < 0.01, "{escapes:?}");
    let mut ja = at(4, Lang::Ja);
    ja.advance(6000);
    let stalled = ja.racers().selected().detector().on_plateau();
    assert_eq!(quoted_count(&ja, "", "歩プラトーの上にいます"), stalled);
}

#[test]
fn the_committee_quotes_its_plateau_loss_and_escape_and_twice_the_lr_escapes_sooner() {
    let mut escapes = Vec::new();
    for doublings in [0, 1] {
        let mut app = with_lr(5, Lang::En, doublings);
        stall_within(&mut app, 2000);
        let loss = app.racers().selected().sample().loss;
        // The body's "near 1.57e-3", and the run's own loss.
        assert!((loss - 1.57e-3).abs() < 0.01 * 1.57e-3, "{loss}");
        assert_quotes(&app, "no longer falling, at", ":", loss, 4);
        escapes.push(escape_within(&mut app, 10_000));
    }
    let ratio = escapes[0] as f64 / escapes[1] as f64;
    assert!((1.8..2.2).contains(&ratio), "{escapes:?}");
    let mut ja = at(5, Lang::Ja);
    let escaped = |a: &App| a.racers().selected().detector().last_escape().is_some();
    assert!(step_until(&mut ja, 10_000, escaped));
    assert_eq!(quoted_count(&ja, "", "歩目で脱出"), escaped_at(&ja));
}

#[test]
fn the_race_quotes_who_escaped_who_stalls_and_who_diverged() {
    let racer = |app: &App, i: usize| app.racers().all()[i].name();
    let escape = |app: &App, i: usize| {
        let detector = app.racers().all()[i].detector();
        detector.last_escape().map(|e| e.step)
    };
    // The first to escape is named, with its step.
    let mut app = at(6, Lang::En);
    let any_escape = |a: &App| (0..a.racers().all().len()).any(|i| escape(a, i).is_some());
    assert!(step_until(&mut app, 10_000, any_escape));
    let first = (0..app.racers().all().len())
        .find(|&i| escape(&app, i).is_some())
        .expect("a racer escaped");
    let phrase = format!("{} escaped at step", racer(&app, first));
    assert_eq!(Some(quoted_count(&app, &phrase, ".")), escape(&app, first));
    let ja = format!("{} が", racer(&app, first));
    let mut in_ja = at(6, Lang::Ja);
    in_ja.advance(app.racers().selected().sample().step);
    assert_eq!(
        Some(quoted_count(&in_ja, &ja, "歩目で脱出")),
        escape(&app, first)
    );

    // Momentum at an eighth of its lr escapes later: before anyone escapes, the selected
    // sgd is quoted stalled for as long as it is.
    let mut app = at(6, Lang::En);
    app.update(Action::SelectNextRacer);
    assert_eq!(racer(&app, app.racers().selected_index()), "momentum");
    for _ in 0..3 {
        app.update(Action::LrDown);
    }
    for _ in 0..3 {
        app.update(Action::SelectNextRacer);
    }
    app.advance(5100);
    assert!(!any_escape(&app));
    let stalled = app.racers().selected().detector().on_plateau();
    assert!(stalled >= 5000, "{stalled}");
    assert_eq!(quoted_count(&app, "on its plateau", "steps"), stalled);
    app.advance(100);
    let more = app.racers().selected().detector().on_plateau();
    assert_eq!(
        (more, quoted_count(&app, "on its plateau", "steps")),
        (stalled + 100, more)
    );

    // sgd at 64 times its lr diverges: named, with the step it did.
    let mut app = with_lr(6, Lang::En, 6);
    let diverged = |a: &App| a.racers().all().iter().any(|r| r.diverged_at().is_some());
    assert!(step_until(&mut app, 2000, diverged));
    let at_step = app.racers().all()[0].diverged_at();
    assert!(at_step.is_some(), "sgd is the one");
    assert_eq!(
        Some(quoted_count(&app, "sgd diverged at step", ":")),
        at_step
    );
}

#[test]
fn the_bottom_line_speaks_the_tours_language() {
    // Every word of the explorer's bottom line has its Japanese form.
    for binding in plateau::tui::app::keymap::KEYMAP {
        if let Some(hint) = binding.hint {
            assert_ne!(
                plateau::tui::tour::hint_word(Lang::Ja, hint.text),
                hint.text,
                "no Japanese for the hint {:?}",
                hint.text
            );
        }
    }
    // Inside the Japanese tour the line is Japanese, and still fits with help and quit at
    // 80 columns; in English, and outside the tour, it stays as the keymap writes it.
    let ja = screen(&at(0, Lang::Ja), 80, 24);
    let last = ja.lines().last().expect("a bottom line");
    assert!(
        last.contains("? ヘルプ") && last.contains("q 終了") && last.contains("Space 実行"),
        "{last}"
    );
    let en = screen(&at(0, Lang::En), 80, 24);
    assert!(
        en.lines()
            .last()
            .is_some_and(|l| l.contains("? help  q quit"))
    );
}

#[test]
fn a_run_that_overshoots_more_each_step_is_called_diverging_not_bouncing() {
    // On the bowl the factor 1 − 2·lr is −0.6 at lr 0.8 (it jumps across the centre, each
    // step shorter) and −2.2 at lr 1.6 (farther out every step, for hundreds of steps before
    // it overflows). The even bounce is the quartic's, tested above.
    let text_after = |chapter: usize, doublings: i32, steps: u64| {
        let mut app = with_lr(chapter, Lang::En, doublings);
        app.advance(steps);
        assert!(app.racers().selected().diverged_at().is_none());
        panel(&screen(&app, 120, 36)).concat()
    };
    let shrinking = text_after(0, 3, 20);
    assert!(shrinking.contains("lr is now 0.8"), "{shrinking}");
    let growing = text_after(0, 4, 20);
    assert!(
        growing.contains("overshoots more than the last") && growing.contains("lr 1.6"),
        "{growing}"
    );
    // The quartic at lr 0.04 from x = −3, before it overflows at step 7.
    let quartic = text_after(2, 3, 4);
    assert!(
        quartic.contains("overshoots further than the last"),
        "{quartic}"
    );
}

#[test]
fn the_english_tour_in_ascii_spells_out_every_symbol() {
    // `plateau tour --ascii` (English only): no symbol of the prose becomes a '?'.
    use plateau::tui::theme;
    use plateau::tui::theme::Options;
    let ascii = Options {
        ascii: true,
        color: false,
        truecolor: false,
    };
    for chapter in CHAPTERS {
        let prose = &chapter.prose;
        let texts = [prose.title, prose.body, prose.look, prose.keys];
        let reactions = prose.reactions.iter().map(|r| r.text);
        for text in texts.into_iter().chain(reactions) {
            let drawn = theme::text(ascii, text.en);
            assert!(drawn.is_ascii(), "{drawn}");
            assert_eq!(
                drawn.matches('?').count(),
                text.en.matches('?').count(),
                "{} -> {drawn}",
                text.en
            );
        }
    }
    // The quoted points are joined by a no-break space: a space in ASCII.
    assert_eq!(theme::text(ascii, "(1.6,\u{a0}2.4)"), "(1.6, 2.4)");
    assert_eq!(
        theme::text(ascii, "θ ← θ − lr·∇L"),
        "theta <- theta - lr*grad"
    );
}

#[test]
fn the_chapter_list_speaks_the_tours_language_and_shows_whole_titles() {
    for (lang, title, keys, long) in [
        (
            Lang::En,
            "Chapters",
            "Enter take, Esc cancel",
            "Singular regions: when a weight stops mattering",
        ),
        (
            Lang::Ja,
            "章の一覧",
            "Enter 決定、Esc 取り消す",
            "重なり：2 つのユニットが同じになる",
        ),
    ] {
        let mut app = at(0, lang);
        app.update(Action::OpenChapterList);
        let text = screen(&app, 120, 36);
        for wanted in [title, keys, long] {
            assert!(text.contains(wanted), "{wanted:?} in\n{text}");
        }
    }
}

#[test]
fn a_chapter_starts_without_continuous_noise_and_pgup_steps_back_from_a_lost_page() {
    let mut app = at(3, Lang::En);
    app.update(Action::ToggleNoise);
    assert!(app.controls().continuous_noise);
    app.update(Action::TourForward(1));
    assert_eq!(app.tour().map(|t| t.chapter), Some(4));
    assert!(
        !app.controls().continuous_noise,
        "chapter 5's stall assumes no noise"
    );
    // On page 3 of 3 the panel shrinks to 2 (page 2 is shown): PgUp goes to page 1.
    let mut app = at(0, Lang::En);
    app.update(Action::TourForward(3));
    app.update(Action::TourForward(3));
    assert_eq!(app.tour().map(|t| t.page), Some(2));
    app.update(Action::TourBack(2));
    assert_eq!(app.tour().map(|t| (t.chapter, t.page)), Some((0, 0)));
}

#[test]
fn the_page_down_key_turns_the_pages_the_panel_has_at_80x24() {
    // The real path: a key event, the panel's page count from the screen as drawn.
    use plateau::tui::derive::Derived;
    use plateau::tui::input::action_for_event;
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    let mut app = at(0, Lang::En);
    let mut screen = Derived::new();
    let mut press = |app: &mut App, code| {
        let shown = crate::tui_support::draw(app, &mut screen, 80, 24);
        let key = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
        let map = screen.map_geometry(app);
        app.update(action_for_event(&key, app.mode(), &map).expect("bound"));
        (shown, map.tour_pages)
    };
    let (_, pages) = press(&mut app, KeyCode::PageDown);
    assert!(
        pages > 1,
        "chapter 1 takes more than one page at 80x24: {pages}"
    );
    for page in 1..pages {
        assert_eq!(app.tour().map(|t| (t.chapter, t.page)), Some((0, page)));
        let (shown, _) = press(&mut app, KeyCode::PageDown);
        assert!(shown.contains(&format!("{}/{pages}", page + 1)), "{shown}");
    }
    assert_eq!(
        app.tour().map(|t| (t.chapter, t.page)),
        Some((1, 0)),
        "then the next chapter"
    );
    press(&mut app, KeyCode::PageUp);
    assert_eq!(
        app.tour().map(|t| t.chapter),
        Some(0),
        "PgUp on a first page: back a chapter"
    );
}

#[test]
fn the_tour_fits_the_smallest_screen() {
    // 60x16, the smallest the explorer draws: the panel still has its title and a line of
    // text, and the map and the bottom line keep their rows.
    for lang in [Lang::En, Lang::Ja] {
        let text = screen(&at(5, lang), 60, 16);
        let rows = panel(&text);
        assert!(rows.len() >= 3, "a title, a line of text, a bottom: {text}");
        let (title, help) = match lang {
            Lang::En => ("Tour", "? help"),
            Lang::Ja => ("ツアー", "? ヘルプ"),
        };
        assert!(rows[0].contains(title), "{text}");
        let body = &rows[1..rows.len() - 1];
        assert!(
            body.iter().any(|r| r.chars().any(char::is_alphanumeric)),
            "{text}"
        );
        assert!(text.contains("committee"), "the map's title: {text}");
        assert!(
            text.lines().last().is_some_and(|l| l.contains(help)),
            "{text}"
        );
    }
}

#[test]
fn on_the_flat_plateau_the_neuron_says_so_and_leaving_only_once_the_loss_falls() {
    // sgd's gradient is below 1e-3 only until step 17,463, but its loss stays flat until
    // about 37,000: at step 20,000 the panel counts the steps on the plateau (entry 3) and
    // does not say the loss is falling; from 37,195, when the last 100 steps closed 2% of
    // the gap, it says so, with the run's own numbers, until the escape at 37,592.
    for lang in [Lang::En, Lang::Ja] {
        let mut app = at(4, lang);
        app.advance(20_000);
        let racer = app.racers().selected();
        assert_eq!(racer.detector().stalled(), 0);
        assert!(racer.detector().open().is_some() && !racer.detector().falling());
        let text = panel(&screen(&app, 120, 36)).concat();
        let (says, not) = match lang {
            Lang::En => ("On the plateau 19,998 steps", "falling"),
            Lang::Ja => ("19,998 歩プラトーの上にいます", "下がり始め"),
        };
        assert!(text.contains(says) && !text.contains(not), "{text}");
        app.advance(17_300);
        let text = panel(&screen(&app, 120, 36)).concat();
        let (says, step) = match lang {
            Lang::En => ("is falling again", "Step 37,300:"),
            Lang::Ja => ("下がり始めました", "37,300 歩目、"),
        };
        assert!(text.contains(says) && text.contains(step), "{text}");
    }
    let mut app = at(4, Lang::En);
    app.advance(37_300);
    let racer = app.racers().selected();
    let (grad, open) = (racer.sample().grad_norm, racer.detector().open());
    let level = open.expect("still on the plateau").escape_level;
    assert_quotes(&app, "(|∇L| is", "), still", grad, 3);
    assert_quotes(&app, "down to", ", a tenth", level, 4);
    // A kick on the way out does not silence the line.
    app.update(Action::Kick);
    app.advance(1);
    let text = panel(&screen(&app, 120, 36)).concat();
    assert!(text.contains("falling again"), "{text}");
}

#[test]
fn a_kick_is_not_mistaken_for_a_step_that_overshoots() {
    // At the bottom of the bowl a kick is far longer than the last step; whichever way it
    // points, the bowl chapter must not call the run diverging.
    let mut app = at(0, Lang::En);
    app.advance(200);
    for _ in 0..20 {
        app.update(Action::Kick);
        for _ in 0..2 {
            let text = panel(&screen(&app, 120, 36)).concat();
            assert!(!text.contains("overshoots"), "{text}");
            app.advance(1);
        }
    }
}

/// The tour's first chapter at lr 409.6 (twelve doublings): the bowl's factor 1 − 2·lr is
/// −818.2, and from about step 54, where the step's squared length overflowed, the panel
/// explained an even bounce of factor −1 until the run overflowed at step 106.
#[test]
fn a_run_growing_800_times_a_step_overshoots_more_until_it_diverges() {
    let mut app = with_lr(0, Lang::En, 12);
    let mut step = 0;
    while app.racers().selected().diverged_at().is_none() {
        app.advance(1);
        step += 1;
        if step < 2 || app.racers().selected().diverged_at().is_some() {
            continue;
        }
        let text = panel(&screen(&app, 120, 36)).concat();
        assert!(
            text.contains("overshoots more than the last") && !text.contains("bounce"),
            "step {step}: {text}"
        );
    }
    assert!(step > 100, "{step}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// sgd on the bowl multiplies the position by 1 − 2·lr each step: from any start up to
    /// 1e300 away and whatever the factor, every step until the run overflows is read as
    /// that factor says (longer, as long or shorter than the one before, turning back), and
    /// no reaction takes a far-away marker for a converged one. Every reaction is asked at
    /// every step, none panics.
    #[test]
    fn every_reaction_reads_runs_of_huge_numbers_right(
        factor in proptest::prop_oneof![-1e3..-1.02f64, -1.005..-0.995f64, -0.98..-0.01f64],
        exponent in -3.0..300.0f64,
        angle in 0.0..std::f64::consts::TAU,
    ) {
        let lr = plateau_core::text::format::round_trip((1.0 - factor) / 2.0);
        let mut app = app(&["-l", "bowl", "-o", "sgd", "--lr", &lr], false);
        let distance = 10f64.powf(exponent);
        app.update(Action::SetStart(Point::new(distance * angle.cos(), distance * angle.sin())));
        let stage = CHAPTERS[0].stage.as_ref();
        for step in 1..=300 {
            app.advance(1);
            let racer = app.racers().selected();
            if racer.diverged_at().is_some() {
                break;
            }
            let holds: Vec<When> =
                When::ORDER.into_iter().filter(|w| w.holds(&app, stage).is_some()).collect();
            let far = racer.position().iter().any(|v| v.abs() > 1.0);
            if step >= 2 && far {
                let (growing, even) = (factor < -1.01, (-1.01..=-0.99).contains(&factor));
                proptest::prop_assert_eq!(holds.contains(&When::Growing), growing, "step {}", step);
                proptest::prop_assert_eq!(holds.contains(&When::Oscillating), even, "step {}", step);
            }
            if far {
                for near in [When::Converged, When::GlobalMin, When::LocalMin, When::AtSaddle] {
                    proptest::prop_assert!(!holds.contains(&near), "{:?} at step {}", near, step);
                }
            }
        }
    }
}

/// The `{name}`s of `text`.
fn placeholders(text: &str) -> Vec<&str> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

/// Every text of the tour, each with where it is (for messages): each chapter's title,
/// body, look, keys and reactions, and the interface strings that name keys.
fn every_text() -> Vec<(String, Text)> {
    let mut texts = Vec::new();
    for (i, chapter) in CHAPTERS.iter().enumerate() {
        let prose = &chapter.prose;
        let parts = [
            ("title", prose.title),
            ("body", prose.body),
            ("look", prose.look),
            ("keys", prose.keys),
        ];
        for (part, text) in parts {
            texts.push((format!("chapter {} {part}", i + 1), text));
        }
        for reaction in prose.reactions {
            let place = format!("chapter {} {:?}", i + 1, reaction.when);
            texts.push((place, reaction.text));
        }
    }
    texts.push(("list_keys".to_owned(), UI.list_keys));
    texts.push(("closing".to_owned(), UI.closing));
    texts
}

#[test]
fn every_placeholder_of_the_tour_has_a_value_and_every_key_is_bound() {
    use plateau::tui::derive::facts;
    let app = at(0, Lang::En);
    let values = facts::values(&app, 0);
    let named: Vec<&str> = values.iter().map(|(name, _)| *name).collect();
    assert_eq!(
        placeholders("a {x} and {y}"),
        ["x", "y"],
        "the check can see them"
    );
    for (place, text) in every_text() {
        for lang in [Lang::En, Lang::Ja] {
            for name in placeholders(text.get(lang)) {
                assert!(
                    named.contains(&name),
                    "{place} ({}): {{{name}}} has no value",
                    lang.code()
                );
            }
        }
    }
    // Each key the prose names is bound in the keymap.
    for (name, action, mode) in named_keys::NAMED_KEYS {
        let key = keymap::key_for(action, mode);
        assert!(key.is_some_and(|k| !k.is_empty()), "{name}: no key");
    }
}

/// Every label of a key the keymap binds, in any key table (`s`, `[`, `Space`, `Enter`, …).
fn key_labels() -> Vec<String> {
    let mut labels: Vec<String> = (keymap::KEYMAP.iter())
        .filter_map(|binding| match binding.trigger {
            Trigger::Keys(keys) => Some(keys.iter().map(|(key, _)| key.label())),
            _ => None,
        })
        .flatten()
        .collect();
    labels.sort();
    labels.dedup();
    labels
}

/// The keys `text` writes out itself where it names a key (instead of a `{…_key}`
/// placeholder). A key is named in English right after "press", or after "with", "then" or
/// "or" where it ends a clause or is followed by "to" or "and", or alone in brackets, "(n)"; in Japanese right before "を押" or the particle "で" ("s を押して",
/// "[ で", but not "0 です").
/// (A letter elsewhere is a variable: "v = 0", "x と y".)
fn literal_keys(text: &str, lang: Lang, labels: &[String]) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let is_key = |word: &str| labels.iter().any(|label| label == word);
    let mut found = Vec::new();
    for (i, &word) in words.iter().enumerate() {
        let bare = match word.strip_suffix([',', '.', ':', ';']) {
            Some(stripped) if !stripped.is_empty() => stripped,
            _ => word,
        };
        let named = match lang {
            Lang::En => {
                let after = i.checked_sub(1).map(|p| words[p].to_lowercase());
                let bracketed = (bare.strip_prefix('(')).and_then(|w| w.strip_suffix(')'));
                // After "with", "then" or "or" a key ends a clause or does something ("with
                // s,", "or n to kick"), where a word goes on ("with a way out").
                let clause = bare != word || matches!(words.get(i + 1), Some(&("to" | "and")));
                let position = match after.as_deref() {
                    Some("press") => true,
                    Some("with" | "then" | "or") => clause,
                    _ => false,
                };
                match bracketed {
                    Some(inner) => is_key(inner).then_some(inner),
                    None => (position && is_key(bare)).then_some(bare),
                }
            }
            Lang::Ja => {
                let before = words.get(i + 1).copied().unwrap_or("");
                let particle = before.starts_with('で') && !before.starts_with("です");
                ((before.starts_with("を押") || particle) && is_key(bare)).then_some(bare)
            }
        };
        found.extend(named.map(str::to_owned));
    }
    found
}

/// The key placeholders of `text` (`{…_key}`, `{racer_keys}`), sorted.
fn key_placeholders(text: &str) -> Vec<&str> {
    let names: Vec<&str> = named_keys::values().iter().map(|(n, _)| *n).collect();
    let mut found: Vec<&str> = (placeholders(text).into_iter())
        .filter(|name| names.contains(name))
        .collect();
    found.sort_unstable();
    found
}

#[test]
fn the_tour_names_every_key_through_the_keymap_never_literally() {
    let labels = key_labels();
    let literal = |text: &str, lang| literal_keys(text, lang, &labels);
    // The check sees a key written out in each way the texts used to write them, and not
    // a variable that shares a key's letter.
    assert_eq!(literal("Press r, then s: each", Lang::En), ["r", "s"]);
    assert_eq!(literal("With s, each press", Lang::En), ["s"]);
    assert_eq!(
        literal("Press v to follow, or n to kick", Lang::En),
        ["v", "n"]
    );
    assert_eq!(literal("a small kick (n) only", Lang::En), ["n"]);
    assert_eq!(literal("and press ? for every key.", Lang::En), ["?"]);
    assert_eq!(literal("Press [, then r.", Lang::En), ["[", "r"]);
    assert_eq!(literal("r を押してから s で進めて", Lang::Ja), ["r", "s"]);
    assert_eq!(literal("[ で学習率を半分に", Lang::Ja), ["["]);
    assert_eq!(literal("キーの一覧は ? で表示", Lang::Ja), ["?"]);
    let variables =
        "v = 0 の線上で x と y は 1 歩ごとに 勾配は 0 ですが with lr 0.5, with a way out";
    assert!(literal(variables, Lang::En).is_empty() && literal(variables, Lang::Ja).is_empty());
    assert_eq!(
        key_placeholders("{kick_key} a {lr} {reset_key}"),
        ["kick_key", "reset_key"]
    );
    for (place, text) in every_text() {
        for lang in [Lang::En, Lang::Ja] {
            let found = literal(text.get(lang), lang);
            assert!(
                found.is_empty(),
                "{place} ({}) writes out {found:?} instead of a key placeholder",
                lang.code()
            );
        }
        // Both languages name the same keys, so a key written out in one language only
        // (where the check above cannot tell it from a word) is caught by the other.
        assert_eq!(
            key_placeholders(text.en),
            key_placeholders(text.ja),
            "{place}: the English and the Japanese name different keys"
        );
    }
}

/// The height of the box whose top border is on the first row of `rows` that has
/// `title` right after a corner at or after column `from` (in cells), down to its bottom
/// border; 0 when there is none.
fn box_height(rows: &[Vec<String>], from: usize, title: &str) -> usize {
    let Some(top) = rows.iter().position(|row| {
        row.get(from..)
            .is_some_and(|rest| rest.concat().contains(&format!("┌ {title}")))
    }) else {
        return 0;
    };
    let column = (from..rows[top].len())
        .find(|&x| {
            rows[top][x] == "┌"
                && rows[top][x + 1..]
                    .concat()
                    .starts_with(&format!(" {title}"))
        })
        .expect("the corner");
    rows[top..]
        .iter()
        .position(|row| row[column] == "└")
        .map_or(0, |bottom| bottom + 1)
}

#[test]
fn at_120x40_the_tour_leaves_the_map_half_the_screen_and_the_charts_six_rows() {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let mut most_pages = 0;
    for (i, _) in CHAPTERS.iter().enumerate() {
        for lang in [Lang::En, Lang::Ja] {
            let app = at(i, lang);
            let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
            let mut derived = plateau::tui::derive::Derived::new();
            terminal
                .draw(|frame| plateau::tui::ui::draw(&app, &mut derived, frame))
                .expect("draw");
            most_pages = most_pages.max(derived.map_geometry(&app).tour_pages);
            let buffer = terminal.backend().buffer();
            let rows: Vec<Vec<String>> = (0..40)
                .map(|y| {
                    (0..120)
                        .map(|x| buffer[(x, y)].symbol().to_owned())
                        .collect()
                })
                .collect();
            let text = terminal.backend().to_string();
            let map = rows
                .iter()
                .position(|row| row[0] == "└")
                .map_or(0, |y| y + 1);
            let at = format!("chapter {} {}:\n{text}", i + 1, lang.code());
            assert!(map >= 20, "the map has {map} rows, {at}");
            for title in ["loss", "|∇L|"] {
                let chart = box_height(&rows, 60, title);
                assert!(chart >= 6, "the {title} chart has {chart} rows, {at}");
            }
        }
    }
    assert!(
        most_pages > 1,
        "a long chapter scrolls instead: {most_pages} pages"
    );
}
