//! Wrapping text into lines of at most a given number of display columns.
//!
//! The rules:
//!
//! - `\n` is a hard line break. An empty input line (`\n\n`) is an empty output line; a
//!   final `\n` ends the last line without starting another, and empty text has no lines,
//!   as with [`str::lines`].
//! - Widths come from `unicode-width`. The unit of layout is a *cluster*: a character
//!   with the zero-width characters after it (combining marks, ZWJ), measured as one
//!   string and never split.
//! - A line may break at a run of spaces, and without one between two clusters of which at
//!   least one is CJK (Han, kana, full-width forms, CJK punctuation). So English breaks at
//!   spaces, Japanese between any two characters, and a Latin word inside Japanese
//!   (`tanh`, `lr=0.1`) on either side of it but not inside.
//! - Kinsoku shori (JIS X 4051, the common subset): a break is legal only if the cluster
//!   after it may start a line and the one before it may end a line; spaces between them
//!   change nothing. No line starts with a closing bracket or quote, a comma, stop, colon,
//!   middle dot, `?` `!` `%`, small kana, an iteration or prolonged sound mark, an ellipsis,
//!   a hyphen or the wave dash (`」。、）ー っ … 〜 ) , . ?`...); no line ends with an
//!   opening bracket or quote (`「（『“ ( [ {`...).
//! - Each line takes as much as fits and ends at its last legal break, so what may not
//!   start a line pushes the characters before it down (oidashi); no line overflows to
//!   keep one. A line with no legal break ends at its last break that only kinsoku
//!   forbids, which keeps a Latin word whole; without one either it breaks hard at the
//!   width (a word longer than the line, a run of closing brackets). A cluster wider than
//!   the width takes a line of its own, the only way a line is wider than the width.
//! - The spaces at a break are dropped, so are spaces at the end of any line; runs of spaces
//!   inside a line and at the start of an input line stay as written, unless the indent is
//!   the only legal break before the overflow, when it is dropped instead.
//! - Only U+0020 is a space. A no-break space (U+00A0) is part of the word around it, the
//!   way to keep `(2,\u{a0}3)` on one line.
//! - Width 0 gives no lines.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Wraps `text` into lines of at most `width` display columns; [`wrap_spans`] with one
/// style.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    wrap_spans(&[((), text)], width)
        .into_iter()
        .map(|line| line.into_iter().map(|(_, piece)| piece).collect())
        .collect()
}

/// Wraps styled text into lines of at most `width` display columns, by the rules in the
/// [module docs](self).
///
/// Each span is a run of text with the same style `S` (whatever the caller uses: a ratatui
/// style, a bool for emphasis...); styles only ride along and never affect a break. Each
/// output line is its pieces in order, adjacent pieces of equal style merged, none empty;
/// an empty line is an empty `Vec`.
pub fn wrap_spans<S: Clone + PartialEq>(
    spans: &[(S, &str)],
    width: usize,
) -> Vec<Vec<(S, String)>> {
    let mut lines = Vec::new();
    if width == 0 {
        return lines;
    }
    let mut paragraph = Vec::new();
    for (span, (_, text)) in spans.iter().enumerate() {
        for ch in text.chars() {
            if ch == '\n' {
                wrap_paragraph(spans, &paragraph, width, &mut lines);
                paragraph.clear();
            } else {
                paragraph.push((span, ch));
            }
        }
    }
    if !paragraph.is_empty() {
        wrap_paragraph(spans, &paragraph, width, &mut lines);
    }
    lines
}

/// What a cluster is to line breaking.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// A lone U+0020: a break, dropped there.
    Space,
    /// A CJK character: a break may come before or after it.
    Cjk,
    /// Anything else: part of a word with its non-space neighbours.
    Other,
}

/// A character and the zero-width characters after it, as a range of a paragraph.
#[derive(Debug)]
struct Cluster {
    /// Index of the first character in the paragraph.
    start: usize,
    /// Index one past the last character in the paragraph.
    end: usize,
    /// Display columns.
    width: usize,
    kind: Kind,
    /// The first character, which decides the kind and the kinsoku class.
    base: char,
}

/// Splits a paragraph (characters with their span index, no `\n`) into clusters.
fn clusters(chars: &[(usize, char)]) -> Vec<Cluster> {
    let mut clusters: Vec<Cluster> = Vec::new();
    for (index, &(_, ch)) in chars.iter().enumerate() {
        if ch.width() == Some(0)
            && let Some(last) = clusters.last_mut()
        {
            last.end = index + 1;
            if last.kind == Kind::Space {
                last.kind = Kind::Other;
            }
            continue;
        }
        let kind = match ch {
            ' ' => Kind::Space,
            _ if is_cjk(ch) => Kind::Cjk,
            _ => Kind::Other,
        };
        clusters.push(Cluster {
            start: index,
            end: index + 1,
            width: 0,
            kind,
            base: ch,
        });
    }
    let mut text = String::new();
    for cluster in &mut clusters {
        text.clear();
        text.extend(chars[cluster.start..cluster.end].iter().map(|&(_, ch)| ch));
        cluster.width = text.width();
    }
    clusters
}

/// Wraps one paragraph (an input line without its `\n`) onto `lines`: always at least one
/// line, empty for an empty paragraph.
fn wrap_paragraph<S: Clone + PartialEq>(
    spans: &[(S, &str)],
    chars: &[(usize, char)],
    width: usize,
    lines: &mut Vec<Vec<(S, String)>>,
) {
    let clusters = clusters(chars);
    let line = |from: usize, to: usize| match to.checked_sub(1) {
        Some(last) if from < to => styled(spans, &chars[clusters[from].start..clusters[last].end]),
        _ => Vec::new(),
    };
    let mut start = 0;
    loop {
        match next_line(&clusters, start, width) {
            Cut::Rest { end } => {
                lines.push(line(start, end));
                return;
            }
            Cut::Break { end, next } => {
                if end > start {
                    lines.push(line(start, end));
                }
                if next == clusters.len() {
                    return;
                }
                start = next;
            }
        }
    }
}

/// Characters with their span index as pieces of equal style, merged.
fn styled<S: Clone + PartialEq>(spans: &[(S, &str)], chars: &[(usize, char)]) -> Vec<(S, String)> {
    let mut pieces: Vec<(S, String)> = Vec::new();
    let mut last_span = None;
    for &(span, ch) in chars {
        let style = &spans[span].0;
        match pieces.last_mut() {
            Some((last, text)) if last_span == Some(span) || last == style => text.push(ch),
            _ => pieces.push((style.clone(), ch.to_string())),
        }
        last_span = Some(span);
    }
    pieces
}

/// Where the line that starts at a cluster ends, as cluster indices.
#[derive(Debug)]
enum Cut {
    /// The rest of the paragraph fits: the line is `start..end`, trailing spaces left out.
    Rest { end: usize },
    /// The line is `start..end` (empty when only an indent is dropped); the next starts at
    /// `next`, a non-space cluster or the paragraph's end.
    Break { end: usize, next: usize },
}

/// The break before a cluster, where there is one.
enum Opportunity {
    /// Kinsoku allows it.
    Legal,
    /// Only kinsoku forbids it: a fallback that keeps words whole.
    Kinsoku,
}

/// The break between `before` and `after`, non-space clusters with spaces between them if
/// `spaced`; `None` inside a word.
fn opportunity(before: &Cluster, spaced: bool, after: &Cluster) -> Option<Opportunity> {
    (spaced || before.kind == Kind::Cjk || after.kind == Kind::Cjk).then(|| {
        if forbids_end(before.base) || forbids_start(after.base) {
            Opportunity::Kinsoku
        } else {
            Opportunity::Legal
        }
    })
}

/// Lays out one line from cluster `start` (not a space, except an input line's indent).
///
/// Walks forward until a non-space cluster does not fit, remembering the last legal break
/// and the last break only kinsoku forbids; then ends the line at the first of those that
/// exists, else hard before the cluster that did not fit, else (the line's first cluster is
/// wider than the width) just after it. Scanning again from the break costs at most a
/// line's width per line, so a paragraph wraps in linear time.
fn next_line(clusters: &[Cluster], start: usize, width: usize) -> Cut {
    let mut legal = None;
    let mut kinsoku = None;
    let mut last_word: Option<&Cluster> = None;
    let mut spaces = None;
    let mut used = 0;
    for (index, cluster) in clusters.iter().enumerate().skip(start) {
        if cluster.kind == Kind::Space {
            spaces.get_or_insert(index);
            used += cluster.width;
            continue;
        }
        let cut = (spaces.unwrap_or(index), index);
        match last_word.map(|before| opportunity(before, spaces.is_some(), cluster)) {
            Some(Some(Opportunity::Legal)) => legal = Some(cut),
            Some(Some(Opportunity::Kinsoku)) => kinsoku = Some(cut),
            // An indent: dropping it is a legal break that leaves no line behind.
            None if spaces.is_some() => legal = Some(cut),
            Some(None) | None => {}
        }
        if used + cluster.width > width {
            let (end, next) = match legal.or(kinsoku) {
                Some(cut) => cut,
                None if index > start => (index, index),
                None => (index + 1, skip_spaces(clusters, index + 1)),
            };
            return Cut::Break { end, next };
        }
        used += cluster.width;
        last_word = Some(cluster);
        spaces = None;
    }
    Cut::Rest {
        end: spaces.unwrap_or(clusters.len()),
    }
}

/// The first non-space cluster from `from` on, or the end.
fn skip_spaces(clusters: &[Cluster], from: usize) -> usize {
    clusters[from..]
        .iter()
        .position(|cluster| cluster.kind != Kind::Space)
        .map_or(clusters.len(), |offset| from + offset)
}

/// Whether `ch` is CJK, so a line may break before or after it: Han, kana, CJK symbols and
/// punctuation, enclosed and compatibility forms, half- and full-width forms.
fn is_cjk(ch: char) -> bool {
    matches!(ch,
        '\u{2E80}'..='\u{2FDF}' // CJK and Kangxi radicals
        | '\u{2FF0}'..='\u{303F}' // ideographic description, CJK symbols and punctuation
        | '\u{3040}'..='\u{30FF}' // hiragana, katakana
        | '\u{3190}'..='\u{31FF}' // kanbun, strokes, katakana phonetic extensions
        | '\u{3200}'..='\u{33FF}' // enclosed CJK letters, CJK compatibility
        | '\u{3400}'..='\u{4DBF}' // ideographs extension A
        | '\u{4E00}'..='\u{9FFF}' // unified ideographs
        | '\u{F900}'..='\u{FAFF}' // compatibility ideographs
        | '\u{FE30}'..='\u{FE4F}' // compatibility forms
        | '\u{FF00}'..='\u{FFEF}' // half- and full-width forms
        | '\u{20000}'..='\u{3FFFF}' // supplementary and tertiary ideographic planes
    )
}

/// Whether `ch` may not start a line (JIS X 4051, the common subset): closing brackets and
/// quotes, commas and stops, middle dots, colons, `?` `!` `%`, small kana, iteration and
/// prolonged sound marks, ellipses, hyphens and the wave dash.
fn forbids_start(ch: char) -> bool {
    matches!(
        ch,
        '）' | '〕' | '］' | '｝' | '〉' | '》' | '」' | '』' | '】' | '〙' | '〗' | '〟'
        | '\u{2019}' | '\u{201D}' // ’ ”
        | ')' | ']' | '}'
        | '、' | '。' | '，' | '．' | '・' | '：' | '；' | '？' | '！'
        | ',' | '.' | ':' | ';' | '!' | '?' | '%'
        | 'ぁ' | 'ぃ' | 'ぅ' | 'ぇ' | 'ぉ' | 'っ' | 'ゃ' | 'ゅ' | 'ょ' | 'ゎ' | 'ゕ' | 'ゖ'
        | 'ァ' | 'ィ' | 'ゥ' | 'ェ' | 'ォ' | 'ッ' | 'ャ' | 'ュ' | 'ョ' | 'ヮ' | 'ヵ' | 'ヶ'
        | '\u{31F0}'
            ..='\u{31FF}' // ㇰ–ㇿ, small katakana for Ainu
        | 'ゝ' | 'ゞ' | 'ー' | 'ヽ' | 'ヾ' | '々' | '〻'
        | '\u{2026}' | '\u{2025}' // … ‥
        | '\u{2010}' | '\u{2013}' | '゠' | '〜' // hyphen, en dash, double hyphen, wave dash
    )
}

/// Whether `ch` may not end a line (JIS X 4051, the common subset): opening brackets and
/// quotes.
fn forbids_end(ch: char) -> bool {
    matches!(
        ch,
        '（' | '〔' | '［' | '｛' | '〈' | '《' | '「' | '『' | '【' | '〘' | '〖' | '〝'
        | '\u{2018}' | '\u{201C}' // ‘ “
        | '(' | '[' | '{'
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use proptest::sample::select;

    #[test]
    fn english_breaks_at_spaces() {
        assert_eq!(
            wrap("The quick brown fox jumps over the lazy dog", 10),
            ["The quick", "brown fox", "jumps over", "the lazy", "dog"]
        );
    }

    #[test]
    fn a_word_longer_than_the_width_breaks_hard() {
        assert_eq!(
            wrap("a supercalifragilistic word", 8),
            ["a", "supercal", "ifragili", "stic", "word"]
        );
    }

    #[test]
    fn spaces_inside_a_line_stay_and_at_a_break_go() {
        assert_eq!(wrap("a  b   c", 20), ["a  b   c"]);
        assert_eq!(wrap("abc   ", 10), ["abc"]);
        assert_eq!(wrap("aaaa    bbbb", 6), ["aaaa", "bbbb"]);
        assert_eq!(wrap("   ", 10), [""]);
    }

    #[test]
    fn an_indent_stays_unless_it_is_the_only_break() {
        assert_eq!(
            wrap("  indented text here", 10),
            ["  indented", "text here"]
        );
        assert_eq!(wrap("   longword", 8), ["longword"]);
        assert_eq!(wrap("          x", 4), ["x"]);
    }

    #[test]
    fn newlines_are_hard_breaks_and_blank_lines_paragraph_gaps() {
        assert_eq!(wrap("one\n\ntwo", 10), ["one", "", "two"]);
        assert_eq!(wrap("a b\nc", 1), ["a", "b", "c"]);
        assert_eq!(wrap("a\n", 5), ["a"]);
        assert_eq!(wrap("a\n\n", 5), ["a", ""]);
        assert_eq!(wrap("\n", 5), [""]);
        assert!(wrap("", 5).is_empty());
    }

    #[test]
    fn width_zero_gives_no_lines() {
        assert!(wrap("some text", 0).is_empty());
        assert!(wrap("日本語", 0).is_empty());
        assert!(wrap_spans(&[(true, "x\ny")], 0).is_empty());
    }

    #[test]
    fn japanese_breaks_between_any_two_characters() {
        assert_eq!(wrap("日本語の文章です", 6), ["日本語", "の文章", "です"]);
    }

    #[test]
    fn a_full_stop_never_starts_a_line() {
        // Seven characters a line would put 。 first on the second; る goes down with it.
        assert_eq!(
            wrap("吾輩は猫である。名前はまだ無い。", 14),
            ["吾輩は猫であ", "る。名前はまだ", "無い。"]
        );
    }

    #[test]
    fn a_closing_bracket_or_small_tsu_never_starts_a_line() {
        // Six characters a line: 」 would start the second, so は goes down with it; 。
        // would start the third, so た goes down too.
        assert_eq!(
            wrap("「こんにちは」と言った。", 12),
            ["「こんにち", "は」と言っ", "た。"]
        );
    }

    #[test]
    fn an_opening_bracket_never_ends_a_line() {
        assert_eq!(wrap("これは「例」です", 8), ["これは", "「例」で", "す"]);
    }

    #[test]
    fn oidashi_pushes_down_past_several_forbidden_characters() {
        // 」 may not start a line, nor 。 before it: い goes down with both.
        assert_eq!(
            wrap("彼は「はい。」と答えた", 12),
            ["彼は「は", "い。」と答え", "た"]
        );
    }

    #[test]
    fn small_kana_and_the_long_vowel_mark_stay_with_what_precedes_them() {
        assert_eq!(wrap("コーヒーを飲む", 6), ["コー", "ヒーを", "飲む"]);
        assert_eq!(
            wrap("ちょっと待ってください", 10),
            ["ちょっと", "待ってくだ", "さい"]
        );
    }

    #[test]
    fn a_latin_word_in_japanese_stays_whole() {
        assert_eq!(wrap("学習率はlr=0.1です", 10), ["学習率は", "lr=0.1です"]);
        assert_eq!(
            wrap("活性化関数tanhは飽和する", 10),
            ["活性化関数", "tanhは飽和", "する"]
        );
        assert_eq!(wrap("キーnで次へ", 6), ["キーn", "で次へ"]);
    }

    #[test]
    fn a_latin_word_in_brackets_stays_whole_when_kinsoku_cannot_be_kept() {
        // No legal break fits in four columns; breaking where only kinsoku forbids keeps
        // the word, where breaking at the width would split it into 「ta and nh」.
        assert_eq!(wrap("「tanh」", 4), ["「", "tanh", "」"]);
    }

    #[test]
    fn a_latin_word_wider_than_the_line_breaks_hard_inside_japanese() {
        assert_eq!(
            wrap("関数supercalifragilistic", 8),
            ["関数", "supercal", "ifragili", "stic"]
        );
    }

    #[test]
    fn a_wide_character_never_straddles_the_limit() {
        assert_eq!(wrap("abc日本", 4), ["abc", "日本"]);
        assert_eq!(wrap("ab日", 3), ["ab", "日"]);
        assert_eq!(wrap("日本語", 5), ["日本", "語"]);
    }

    #[test]
    fn ascii_brackets_and_punctuation_obey_kinsoku_too() {
        assert_eq!(wrap("a ( b", 3), ["a", "( b"]);
        assert_eq!(wrap("a b .", 3), ["a", "b ."]);
    }

    #[test]
    fn a_space_breaks_even_in_a_latin_group_and_a_no_break_space_does_not() {
        assert_eq!(wrap("値は(2, 3)です", 8), ["値は(2,", "3)です"]);
        assert_eq!(
            wrap("値は(2,\u{a0}3)です", 8),
            ["値は", "(2,\u{a0}3)で", "す"]
        );
    }

    #[test]
    fn without_a_legal_break_it_breaks_hard_instead_of_looping() {
        let brackets = "」".repeat(20);
        let mut expected = vec!["」」」"; 6];
        expected.push("」」");
        assert_eq!(wrap(&brackets, 6), expected);
        assert_eq!(wrap("「「「「", 4), ["「「", "「「"]);
        assert_eq!(wrap("日本", 1), ["日", "本"]);
        assert_eq!(wrap("ab c", 1), ["a", "b", "c"]);
        assert_eq!(wrap("日 本", 1), ["日", "本"]);
    }

    #[test]
    fn zero_width_characters_stay_with_their_base() {
        assert_eq!(
            wrap("か\u{3099}き\u{3099}", 2),
            ["か\u{3099}", "き\u{3099}"]
        );
        assert_eq!(
            wrap("cafe\u{301} au lait", 5),
            ["cafe\u{301}", "au", "lait"]
        );
        assert_eq!(wrap("日\u{200D}本", 2), ["日\u{200D}", "本"]);
    }

    #[test]
    fn spans_keep_their_styles_and_equal_neighbours_merge() {
        assert_eq!(
            wrap_spans(&[(false, "plain "), (true, "bold"), (false, " text")], 10),
            [
                vec![(false, "plain ".to_string()), (true, "bold".to_string())],
                vec![(false, "text".to_string())],
            ]
        );
        assert_eq!(
            wrap_spans(&[(1, "ab"), (1, "cd"), (2, "ef")], 10),
            [vec![(1, "abcd".to_string()), (2, "ef".to_string())]]
        );
        assert_eq!(
            wrap_spans(&[(false, "これは"), (true, "勾配"), (false, "です。")], 8),
            [
                vec![(false, "これは".to_string()), (true, "勾".to_string())],
                vec![(true, "配".to_string()), (false, "です。".to_string())],
            ]
        );
        assert_eq!(
            wrap_spans(&[(0, "a\n"), (1, "\nb")], 5),
            [
                vec![(0, "a".to_string())],
                vec![],
                vec![(1, "b".to_string())]
            ]
        );
    }

    #[test]
    fn long_paragraphs_wrap_in_linear_time() {
        let text = "勾配 descent の停滞、".repeat(5000);
        let lines = wrap(&text, 40);
        assert!(lines.iter().all(|line| line.width() <= 40));
        let kept: usize = lines.iter().map(|line| non_space(line).count()).sum();
        assert_eq!(kept, non_space(&text).count());
        assert_eq!(wrap(&"」".repeat(10_000), 40).len(), 500);
    }

    #[test]
    fn the_kinsoku_classes() {
        for ch in "、。，．・：；？！ゝゞーヽヾ）〕］｝〉》」』】〙〗〟’”ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇿ…‥々〻‐゠–〜)]},.:;!?%".chars() {
            assert!(forbids_start(ch), "{ch} may not start a line");
            assert!(!forbids_end(ch), "{ch} may end a line");
        }
        for ch in "（〔［｛〈《「『【〘〖〝‘“([{".chars() {
            assert!(forbids_end(ch), "{ch} may not end a line");
            assert!(!forbids_start(ch), "{ch} may start a line");
        }
        for ch in "あア漢字a1-=+'\"@#".chars() {
            assert!(
                !forbids_start(ch) && !forbids_end(ch),
                "{ch} is unconstrained"
            );
        }
        for ch in "日本語ひらがなカタカナ、。「」（）ＡＢ１ｱ".chars() {
            assert!(is_cjk(ch), "{ch} is CJK");
        }
        for ch in "aZ0 (),.…’”–é".chars() {
            assert!(!is_cjk(ch), "{ch} is not CJK");
        }
    }

    /// The characters of `text` that are not spaces or newlines.
    fn non_space(text: &str) -> impl Iterator<Item = char> + '_ {
        text.chars().filter(|&ch| ch != ' ' && ch != '\n')
    }

    /// The visible characters of a line (zero-width ones left out, as they belong to the
    /// character before), each with whether spaces come before it.
    fn visible(line: &str) -> Vec<(char, bool)> {
        let mut out = Vec::new();
        let mut spaced = false;
        for ch in line.chars() {
            match ch {
                ' ' => spaced = true,
                _ if ch.width() == Some(0) => {}
                _ => {
                    out.push((ch, spaced));
                    spaced = false;
                }
            }
        }
        out
    }

    /// Whether a line has a break inside it that kinsoku allows: between two visible
    /// characters with spaces between them or at least one of them CJK, the first allowed
    /// to end a line and the second to start one.
    fn has_legal_break(line: &str) -> bool {
        visible(line).windows(2).any(|pair| {
            let [(before, _), (after, spaced)] = [pair[0], pair[1]];
            (spaced || is_cjk(before) || is_cjk(after))
                && !forbids_end(before)
                && !forbids_start(after)
        })
    }

    /// Pieces of tour prose: ASCII words (one longer than most widths), spaces, hiragana,
    /// katakana, kanji, both kinsoku sets, combining marks and ZWJ after a base, newlines.
    fn piece() -> impl Strategy<Value = String> {
        let words = [
            "tanh",
            "lr=0.1",
            "(2,",
            "3)",
            "n",
            "gradient",
            "a",
            "x.",
            "ok?",
            "50%",
            "supercalifragilistic",
        ];
        let chars = |set: &str| select(set.chars().map(String::from).collect::<Vec<_>>());
        prop_oneof![
            3 => select(words.map(String::from).to_vec()),
            3 => select(vec![" ".to_string(), "  ".to_string()]),
            4 => proptest::char::range('\u{3041}', '\u{3096}').prop_map(String::from),
            2 => proptest::char::range('\u{30A1}', '\u{30FA}').prop_map(String::from),
            3 => chars("勾配降下法学習率鞍点停滞局所最小値関数"),
            3 => chars("、。，．・：；？！ーっゃ）」』】…々〜’”)],.:;!?%"),
            2 => chars("（「『【〝‘“([{"),
            1 => select(vec!["e\u{301}".to_string(), "か\u{3099}".to_string(), "日\u{200D}".to_string()]),
            1 => Just("\n".to_string()),
        ]
    }

    /// The non-space characters of styled pieces, each with its style.
    fn styled_chars<'a>(pieces: impl Iterator<Item = (u8, &'a str)>) -> Vec<(u8, char)> {
        pieces
            .flat_map(|(style, piece)| non_space(piece).map(move |ch| (style, ch)))
            .collect()
    }

    /// Up to 60 pieces of tour prose, run together.
    fn prose() -> impl Strategy<Value = String> {
        prop::collection::vec(piece(), 0..60).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #[test]
        fn no_line_is_wider_than_the_width(text in prose(), width in 2usize..40) {
            for line in wrap(&text, width) {
                prop_assert!(line.width() <= width, "{line:?} is wider than {width}");
            }
        }

        #[test]
        fn nothing_is_lost_or_duplicated(text in prose(), width in 2usize..40) {
            let lines = wrap(&text, width);
            let output: String = lines.iter().flat_map(|line| non_space(line)).collect();
            prop_assert_eq!(output, non_space(&text).collect::<String>());
        }

        #[test]
        fn no_trailing_and_no_wrapped_leading_spaces(text in prose(), width in 2usize..40) {
            for paragraph in text.split('\n') {
                let lines = wrap(paragraph, width);
                for line in &lines {
                    prop_assert!(!line.ends_with(' '), "{line:?} ends with a space");
                }
                for line in lines.iter().skip(1) {
                    let first = line.chars().next();
                    prop_assert!(first.is_some_and(|ch| ch != ' ' && ch.width() != Some(0)),
                        "{line:?} starts with a space or a zero-width character");
                }
            }
        }

        /// Kinsoku holds at every wrapped break, unless the line before it had no legal
        /// break inside it: then the layout had no way to keep it (a word or a run of
        /// brackets wider than the line), and the break is a fallback.
        #[test]
        fn kinsoku_holds_wherever_a_legal_break_existed(text in prose(), width in 2usize..40) {
            for paragraph in text.split('\n') {
                for pair in wrap(paragraph, width).windows(2) {
                    let [before, after] = [&pair[0], &pair[1]];
                    let last = visible(before).last().map(|&(ch, _)| ch);
                    let first = visible(after).first().map(|&(ch, _)| ch);
                    if first.is_some_and(forbids_start) || last.is_some_and(forbids_end) {
                        prop_assert!(!has_legal_break(before),
                            "{before:?} / {after:?}: kinsoku broken though {before:?} could break legally");
                    }
                }
            }
        }

        #[test]
        fn newlines_wrap_each_line_on_its_own(text in prose(), width in 1usize..40) {
            let mut expected: Vec<String> = text
                .split('\n')
                .flat_map(|paragraph| {
                    let lines = wrap(paragraph, width);
                    if lines.is_empty() { vec![String::new()] } else { lines }
                })
                .collect();
            if text.is_empty() || text.ends_with('\n') {
                expected.pop();
            }
            prop_assert_eq!(wrap(&text, width), expected);
        }

        #[test]
        fn a_line_that_fits_is_left_alone(text in prose(), width in 2usize..40) {
            for line in wrap(&text, width).into_iter().filter(|line| !line.is_empty()) {
                let again = wrap(&line, width);
                prop_assert_eq!(again, vec![line]);
            }
        }

        /// Cut into spans of cycling styles (empty ones too), the text wraps as it does
        /// unstyled, and every character keeps its style.
        #[test]
        fn styles_ride_along_unchanged(
            text in prose(),
            cuts in prop::collection::vec(0usize..200, 0..6),
            width in 2usize..40,
        ) {
            let chars: Vec<char> = text.chars().collect();
            let mut bounds: Vec<usize> =
                cuts.into_iter().map(|cut| cut.min(chars.len())).collect();
            bounds.extend([0, chars.len()]);
            bounds.sort_unstable();
            let owned: Vec<(u8, String)> = bounds
                .windows(2)
                .enumerate()
                .map(|(index, pair)| ((index % 3) as u8, chars[pair[0]..pair[1]].iter().collect()))
                .collect();
            let spans: Vec<(u8, &str)> =
                owned.iter().map(|(style, text)| (*style, text.as_str())).collect();
            let styled_lines = wrap_spans(&spans, width);

            let texts: Vec<String> = styled_lines
                .iter()
                .map(|line| line.iter().map(|(_, piece)| piece.as_str()).collect())
                .collect();
            prop_assert_eq!(texts, wrap(&text, width));
            for line in &styled_lines {
                prop_assert!(line.iter().all(|(_, piece)| !piece.is_empty()));
                prop_assert!(line.windows(2).all(|pair| pair[0].0 != pair[1].0));
            }
            let output = styled_chars(
                styled_lines.iter().flatten().map(|(style, piece)| (*style, piece.as_str())),
            );
            prop_assert_eq!(output, styled_chars(spans.iter().copied()));
        }
    }
}
