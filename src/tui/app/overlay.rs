//! The overlays over the main screen: the key help, the landscape and optimizer pickers,
//! the formula editor, the hyperparameter form and the landscape's info.

use super::editor::Editor;
use super::form::Form;
use crate::tui::input::Mode;

/// What is drawn over the main screen.
#[derive(Clone, Debug, PartialEq)]
pub enum Overlay {
    /// Nothing.
    None,
    /// The list of keys.
    Help,
    /// The landscape or optimizer picker.
    Picker(Picker),
    /// The formula editor.
    Editor(Editor),
    /// The selected optimizer's hyperparameters.
    Form(Form),
    /// The landscape's description, parameters and known points.
    Info,
}

impl Overlay {
    /// Which key table is live.
    pub fn mode(&self) -> Mode {
        match self {
            Self::None => Mode::Normal,
            Self::Help => Mode::Help,
            Self::Picker(_) => Mode::Picker,
            Self::Editor(_) => Mode::Edit,
            Self::Form(form) if form.editing().is_some() => Mode::Edit,
            Self::Form(_) => Mode::Form,
            Self::Info => Mode::Info,
        }
    }
}

/// What a picker picks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    /// A landscape of the registry.
    Landscape,
    /// An optimizer for the selected racer.
    Optimizer,
    /// A chapter of the tour.
    Chapter,
}

/// A picker: the names to pick from, a filter typed by the user and a selection among the
/// matches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picker {
    pick: Pick,
    names: Vec<&'static str>,
    filter: String,
    selected: usize,
}

impl Picker {
    /// A picker of `names` with an empty filter and `current` selected.
    pub fn new(pick: Pick, names: Vec<&'static str>, current: &str) -> Self {
        let selected = names.iter().position(|n| *n == current).unwrap_or(0);
        Self {
            pick,
            names,
            filter: String::new(),
            selected,
        }
    }

    /// What it picks.
    pub fn pick(&self) -> Pick {
        self.pick
    }

    /// The text typed so far.
    pub fn filter(&self) -> &str {
        &self.filter
    }

    /// Every name it offers, in order.
    pub fn names(&self) -> &[&'static str] {
        &self.names
    }

    /// The names containing the filter (case-insensitive), in order.
    pub fn matches(&self) -> Vec<&'static str> {
        let filter = self.filter.to_lowercase();
        (self.names.iter().copied())
            .filter(|n| n.to_lowercase().contains(&filter))
            .collect()
    }

    /// The index of the selection among [`Picker::matches`].
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// The selected name, if anything matches.
    pub fn chosen(&self) -> Option<&'static str> {
        self.matches().get(self.selected).copied()
    }

    /// Appends a character to the filter and selects the first match.
    pub fn type_char(&mut self, c: char) {
        self.filter.push(c);
        self.selected = 0;
    }

    /// Appends text to the filter (a paste) and selects the first match.
    pub fn type_str(&mut self, text: &str) {
        self.filter.push_str(text);
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
