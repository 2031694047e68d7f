//! The tour's prose, as data: each chapter's title, body, what to look at and which keys to
//! try, and the lines it shows when something happens, in English and Japanese; and the
//! tour's own interface strings. Placeholders in braces (`{lr}`, `{first_step}`, …) are
//! filled from the live run (`crate::tui::derive::facts`), and every key a text names is a
//! placeholder too (`{step_key}`, …, filled from the keymap by `crate::tui::app::named_keys`);
//! no text has a brace otherwise.
//!
//! The texts were written for plateau, not translated from the seed article; each
//! language is written for its readers (the Japanese in です/ます, with the usual terms:
//! 勾配降下法, 学習率, 鞍点, 特異領域, プラトー, フィッシャー情報行列, 自然勾配).

use super::{Lang, When};

/// One text in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    /// English.
    pub en: &'static str,
    /// Japanese.
    pub ja: &'static str,
}

impl Text {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Ja => self.ja,
        }
    }
}

/// A short line shown while something holds in the live run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reaction {
    /// What must hold.
    pub when: When,
    /// The line.
    pub text: Text,
}

/// One chapter's panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prose {
    /// The chapter's title.
    pub title: Text,
    /// The explanation: a few short sentences, paragraphs separated by "\n\n".
    pub body: Text,
    /// What to look at on screen right now.
    pub look: Text,
    /// Which keys to try.
    pub keys: Text,
    /// Lines shown while something holds, the first that holds in [`When::ORDER`] shown.
    pub reactions: &'static [Reaction],
}

/// The tour's interface strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ui {
    /// The panel's title.
    pub title: Text,
    /// Where the reader is: `{n}` of `{total}`.
    pub chapter: Text,
    /// Hint for the key that goes to the next chapter (`{next}`).
    pub next: Text,
    /// Hint for the key that goes to the previous chapter (`{prev}`).
    pub prev: Text,
    /// Hint for the key that opens the chapter list (`{list}`).
    pub list: Text,
    /// Hint for the key that leaves the tour (`{leave}`).
    pub leave: Text,
    /// The chapter list's title.
    pub list_title: Text,
    /// A picker's keys (the chapter list's, and the explorer's pickers inside the tour):
    /// `{take_key}` and `{cancel_key}`.
    pub list_keys: Text,
    /// A picker's filter line.
    pub filter: Text,
    /// A picker with nothing matching its filter.
    pub no_match: Text,
    /// Shown after the last chapter (names `{help_key}`).
    pub closing: Text,
}

/// The tour's interface strings.
pub const UI: Ui = Ui {
    title: Text {
        en: "Tour",
        ja: "ツアー",
    },
    chapter: Text {
        en: "chapter {n} of {total}",
        ja: "第 {n} 章 / 全 {total} 章",
    },
    next: Text {
        en: "{next} next",
        ja: "{next} 次へ",
    },
    prev: Text {
        en: "{prev} back",
        ja: "{prev} 前へ",
    },
    list: Text {
        en: "{list} chapters",
        ja: "{list} 章の一覧",
    },
    leave: Text {
        en: "{leave} leave the tour",
        ja: "{leave} ツアーを終える",
    },
    list_title: Text {
        en: "Chapters",
        ja: "章の一覧",
    },
    list_keys: Text {
        en: "{take_key} take, {cancel_key} cancel",
        ja: "{take_key} 決定、{cancel_key} 取り消す",
    },
    filter: Text {
        en: "filter",
        ja: "絞り込み",
    },
    no_match: Text {
        en: "no match",
        ja: "該当なし",
    },
    closing: Text {
        en: "That is the end of the tour. The explorer stays as it is: keep experimenting, and press {help_key} for every key.",
        ja: "ツアーはこれで終わりです。エクスプローラーはこのまま使えます。いろいろ試してみてください。キーの一覧は {help_key} で表示できます。",
    },
};

/// The explorer's bottom-line words (the keymap's hints) in Japanese, for the tour.
const HINT_WORDS_JA: &[(&str, &str)] = &[
    ("run", "実行"),
    ("step", "1 歩"),
    ("kick", "揺さぶる"),
    ("optimizer", "最適化手法"),
    ("hyper", "ハイパーパラメータ"),
    ("landscape", "地形"),
    ("pick", "地形を選ぶ"),
    ("formula", "数式"),
    ("lr", "学習率"),
    ("schedule", "学習率スケジュール"),
    ("speed", "速さ"),
    ("reset", "やり直す"),
    ("race", "競走"),
    ("start", "出発点"),
    ("basins", "吸引域"),
    ("ensemble", "アンサンブル"),
    ("flat", "平坦"),
    ("arrows", "矢印"),
    ("tour", "ツアー"),
    ("info", "説明"),
    ("help", "ヘルプ"),
    ("quit", "終了"),
    ("close", "閉じる"),
    ("edit", "編集"),
    ("select", "選ぶ"),
    ("cancel", "取り消す"),
    ("take", "決定"),
    ("apply", "適用"),
    ("move", "移動"),
    ("delete before cursor", "カーソルの前を消す"),
];

/// A bottom-line word of the explorer (`en`, as the keymap writes it) in `lang`.
pub fn hint_word(lang: Lang, en: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Ja => (HINT_WORDS_JA.iter())
            .find(|(word, _)| *word == en)
            .map_or(en, |(_, ja)| ja),
    }
}
