//! The guided tour (`plateau tour`, `t` in the explorer): the seed's argument in eight
//! chapters, each a scene of the explorer ([`Stage`]) with a short text beside it that
//! fills its numbers from the live run and reacts to what happens ([`When`]) — both read
//! from the app by [`crate::tui::derive`].
//! Every explorer key keeps working inside a chapter; leaving the tour keeps the scene.
//!
//! A chapter is one file under `chapters/` (its prose and its scene) plus one line of
//! [`CHAPTERS`].

mod chapters;
mod condition;
mod lang;
pub mod prose;

pub use condition::When;
pub use lang::Lang;
pub use prose::{Prose, Reaction, Text, UI, hint_word};

/// The scene a chapter opens on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stage {
    /// The landscape, by name.
    pub landscape: &'static str,
    /// The optimizers (several race).
    pub optimizers: &'static [&'static str],
    /// The learning rate of every optimizer (`None`: each one's suggestion).
    pub lr: Option<f64>,
    /// The start (`None`: the landscape's own).
    pub start: Option<&'static [f64]>,
    /// Steps per frame while running.
    pub speed: u32,
}

/// One chapter: its text and its scene (`None`: the scene stays as the reader left it).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Chapter {
    /// What the panel says.
    pub prose: Prose,
    /// Where it happens.
    pub stage: Option<Stage>,
}

/// The chapters, in the seed's order.
pub const CHAPTERS: [&Chapter; 8] = [
    &chapters::bowl::CHAPTER,
    &chapters::flat::CHAPTER,
    &chapters::quartic::CHAPTER,
    &chapters::saddle::CHAPTER,
    &chapters::neuron::CHAPTER,
    &chapters::committee::CHAPTER,
    &chapters::escapes::CHAPTER,
    &chapters::takeaway::CHAPTER,
];

/// Where the reader is in the tour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tour {
    /// The language of its text.
    pub lang: Lang,
    /// The chapter's index in [`CHAPTERS`].
    pub chapter: usize,
    /// The page of the chapter's text shown (0 first; the view knows how many fit).
    pub page: usize,
}

impl Tour {
    /// The chapter the reader is in.
    pub fn current(&self) -> &'static Chapter {
        CHAPTERS[self.chapter.min(CHAPTERS.len() - 1)]
    }
}

/// `text` with every `{name}` replaced by its value in `values` (a name without a value is
/// left as it is).
pub fn fill(text: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match values.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(value),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_and_unknown_ones_kept() {
        let values = [("lr", "0.1".to_owned()), ("x", "2".to_owned())];
        assert_eq!(fill("lr {lr} at x={x}", &values), "lr 0.1 at x=2");
        assert_eq!(fill("{nope} {lr", &values), "{nope} {lr");
        assert_eq!(fill("no braces", &values), "no braces");
    }
}
