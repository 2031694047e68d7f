//! The overlays over the main screen: the key help and the landscape picker.

use super::action::Mode;
use plateau_core::landscape;

/// What is drawn over the main screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Overlay {
    /// Nothing.
    None,
    /// The list of keys.
    Help,
    /// The landscape picker.
    Picker(Picker),
}

impl Overlay {
    /// Which key table is live.
    pub fn mode(&self) -> Mode {
        match self {
            Self::None => Mode::Normal,
            Self::Help => Mode::Help,
            Self::Picker(_) => Mode::Picker,
        }
    }
}

/// The landscape picker: a filter typed by the user and a selection among the matches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picker {
    filter: String,
    selected: usize,
}

impl Picker {
    /// A picker with an empty filter and `current` selected.
    pub fn new(current: &str) -> Self {
        let selected = landscape::names().position(|n| n == current).unwrap_or(0);
        Self {
            filter: String::new(),
            selected,
        }
    }

    /// The text typed so far.
    pub fn filter(&self) -> &str {
        &self.filter
    }

    /// The landscape names containing the filter (case-insensitive), in registry order.
    pub fn matches(&self) -> Vec<&'static str> {
        let filter = self.filter.to_lowercase();
        landscape::names().filter(|n| n.contains(&filter)).collect()
    }

    /// The index of the selection among [`Picker::matches`].
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// The selected landscape name, if anything matches.
    pub fn chosen(&self) -> Option<&'static str> {
        self.matches().get(self.selected).copied()
    }

    /// Appends a character to the filter and selects the first match.
    pub fn type_char(&mut self, c: char) {
        self.filter.push(c);
        self.selected = 0;
    }

    /// Deletes the last character of the filter and selects the first match.
    pub fn backspace(&mut self) {
        self.filter.pop();
        self.selected = 0;
    }

    /// Moves the selection by `delta`, wrapping around the matches.
    pub fn move_selection(&mut self, delta: isize) {
        let n = self.matches().len();
        if n > 0 {
            self.selected = (self.selected as isize + delta).rem_euclid(n as isize) as usize;
        }
    }
}
