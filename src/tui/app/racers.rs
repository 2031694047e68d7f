//! The optimizers on screen: one, or several racing in race mode, and which one the keys
//! act on.

use super::Racer;

/// The optimizers on screen: one, or several racing in race mode.
pub struct Racers {
    pub(super) list: Vec<Racer>,
    pub(super) selected: usize,
    pub(super) race: bool,
}

impl Racers {
    /// Every racer, in legend order.
    pub fn all(&self) -> &[Racer] {
        &self.list
    }

    /// The racer whose readout and charts are shown, and whose optimizer and learning rate
    /// the keys change.
    pub fn selected(&self) -> &Racer {
        &self.list[self.selected]
    }

    /// The index of [`Racers::selected`].
    pub fn selected_index(&self) -> usize {
        self.selected
    }

    /// Whether race mode is on.
    pub fn race(&self) -> bool {
        self.race
    }

    /// Whether any racer can still step.
    pub(super) fn any_active(&self) -> bool {
        self.list.iter().any(Racer::active)
    }
}
