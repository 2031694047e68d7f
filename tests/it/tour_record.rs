//! Headless recordings of the whole tour (`plateau tour --size --keys --record`), in both
//! languages: the file is the same byte for byte on every run, is asciicast v2, and shows
//! every chapter, titled in the language asked for (replayed through the vt100 crate).

use plateau::tui::tour::{CHAPTERS, Lang, UI, fill};
use serde_json::Value;
use std::num::NonZeroU16;

/// A key script that visits every chapter: two steps in the first, then in each chapter
/// the chapter list, one down, open it (as docs/tour.keys moves on) and a little running.
/// docs/tour.keys itself plays 90 s and takes about 9 s a language in a debug build.
fn every_chapter() -> String {
    let mut keys = "s s wait 200ms".to_owned();
    for _ in 1..CHAPTERS.len() {
        keys.push_str(" T down enter space wait 200ms");
    }
    keys
}

/// Records the tour in `lang` at 120x36 playing `keys` into a fresh file named `name`, and
/// returns the file's bytes.
fn record(name: &str, lang: Lang, keys: &str) -> Vec<u8> {
    let args = [
        "tour",
        "--lang",
        lang.code(),
        "--size",
        "120x36",
        "--keys",
        keys,
    ];
    crate::cli_support::record(&format!("tour-{name}"), &args)
}

/// The header and the events of a cast, checked to be asciicast v2 on the way: a header
/// object, then one `[time, "o", text]` array a line, the times never decreasing.
fn parse_cast(cast: &str) -> (Value, Vec<String>) {
    assert!(cast.ends_with('\n'));
    let mut lines = cast.lines();
    let header: Value = serde_json::from_str(lines.next().expect("header")).expect("JSON header");
    assert!(header.is_object(), "{header}");
    let mut events = Vec::new();
    let mut last = 0.0;
    for line in lines {
        let event: Value = serde_json::from_str(line).expect("JSON event");
        let event = event.as_array().expect("an event is an array");
        assert_eq!(event.len(), 3, "{line}");
        let time = event[0].as_f64().expect("time is a number");
        assert!(time >= last, "time goes back from {last} to {time}");
        last = time;
        assert_eq!(event[1], "o", "{line}");
        events.push(event[2].as_str().expect("text is a string").to_owned());
    }
    assert!(!events.is_empty());
    (header, events)
}

/// Every screen a 120x36 terminal shows while fed the events, one per event, as text.
fn screens(events: &[String]) -> Vec<String> {
    let rows = NonZeroU16::new(36).expect("rows");
    let cols = NonZeroU16::new(120).expect("cols");
    let mut parser = vt100::Parser::new(rows, cols, 0);
    (events.iter())
        .map(|text| {
            parser.process(text.as_bytes());
            parser.screen().contents()
        })
        .collect()
}

/// The panel's title for chapter `i` (0-based) in `lang`: the tour, where it is, the title.
fn panel_title(lang: Lang, i: usize) -> String {
    let place = fill(
        UI.chapter.get(lang),
        &[
            ("n", (i + 1).to_string()),
            ("total", CHAPTERS.len().to_string()),
        ],
    );
    let title = CHAPTERS[i].prose.title.get(lang);
    format!("{} {place} {title}", UI.title.get(lang))
}

#[test]
fn the_whole_tour_records_the_same_file_twice_in_each_language_and_shows_every_chapter() {
    let keys = every_chapter();
    for lang in Lang::ALL {
        let code = lang.code();
        let first = record(&format!("{code}-a"), lang, &keys);
        let second = record(&format!("{code}-b"), lang, &keys);
        assert!(first == second, "{code}: two recordings differ");
        let cast = String::from_utf8(first).expect("UTF-8");
        let (header, events) = parse_cast(&cast);
        assert_eq!(header["version"], 2);
        assert_eq!(header["width"], 120);
        assert_eq!(header["height"], 36);
        let screens = screens(&events);
        let other = match lang {
            Lang::En => Lang::Ja,
            Lang::Ja => Lang::En,
        };
        // Every chapter's panel is on screen at some point, in order, and titled in the
        // language asked for; the other language's titles appear nowhere.
        let mut from = 0;
        for i in 0..CHAPTERS.len() {
            let title = panel_title(lang, i);
            let shown = (screens[from..].iter()).position(|s| s.contains(&title));
            let at = shown.unwrap_or_else(|| {
                panic!(
                    "{code}: no screen shows '{title}'; the last:\n{}",
                    screens[from]
                )
            });
            from += at;
        }
        for chapter in CHAPTERS {
            let foreign = chapter.prose.title.get(other);
            assert!(
                screens.iter().all(|s| !s.contains(foreign)),
                "{code}: '{foreign}' shown"
            );
        }
        let last = screens.last().expect("a screen");
        assert!(
            last.contains(&panel_title(lang, CHAPTERS.len() - 1)),
            "{last}"
        );
        // Changing Japanese text is blanked first, inside synchronised updates that are all
        // ended; English text never needs it.
        let (begins, ends) = (
            cast.matches("\\u001b[?2026h").count(),
            cast.matches("\\u001b[?2026l").count(),
        );
        match lang {
            Lang::Ja => assert!(begins > 0 && begins == ends, "{begins} begun, {ends} ended"),
            Lang::En => assert_eq!((begins, ends), (0, 0)),
        }
    }
}
