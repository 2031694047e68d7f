//! The guided tour: every chapter in both languages at 120x36 and 80x24, numbers taken
//! from the run, reactions to what happens, moving between chapters, and leaving the tour
//! with the scene kept.

mod tui_support;

use plateau::tui::app::App;
use plateau::tui::input::Action;
use plateau::tui::tour::{CHAPTERS, Lang};
use tui_support::{app, screen};
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
    assert!(text.contains("Stalled 5,99"), "{text}");
}

#[test]
fn chapters_turn_pages_then_chapters_and_the_list_jumps() {
    let mut app = at(0, Lang::En);
    app.update(Action::TourForward(2));
    assert_eq!(app.tour().map(|t| (t.chapter, t.page)), Some((0, 1)));
    app.update(Action::TourForward(2));
    assert_eq!(app.tour().map(|t| (t.chapter, t.page)), Some((1, 0)));
    app.update(Action::TourBack);
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
