//! What a chapter reacts to: conditions on the live explorer. A chapter lists the
//! conditions it has a line for; the panel shows the line of the first that holds in
//! [`When::ORDER`] (whether one holds is read from the app in
//! `crate::tui::derive::reaction`).

/// A condition a chapter may react to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// The selected racer's learning rate differs from the chapter's.
    LrChanged,
    /// The selected racer has converged (the verdict's).
    Converged,
    /// The selected racer diverged.
    Diverged,
    /// The selected racer's last two steps point against each other, as long as each other.
    Oscillating,
    /// The selected racer's last two steps point against each other, the later one longer:
    /// it overshoots more each step, on its way to diverging.
    Growing,
    /// At a minimum (the verdict's) that is a known one, not the lowest known one.
    LocalMin,
    /// At a minimum (the verdict's) that is the lowest known one.
    GlobalMin,
    /// Converged at a saddle point (the verdict's kind of point).
    AtSaddle,
    /// A noise kick (`n`) hit the selected racer since it last started.
    Kicked,
    /// The selected racer has been on its plateau (`analysis::plateau`) for [`MIN_ESCAPE_STALL`](plateau_core::analysis::plateau::MIN_ESCAPE_STALL) steps.
    Stalled,
    /// The selected racer has been on its plateau for 5,000 steps.
    StalledLong,
    /// The selected racer escaped a plateau.
    Escaped,
    /// The selected racer is on its plateau and its loss is falling again (the plateau's
    /// own measure), but it has not escaped yet.
    Leaving,
    /// On a model, fewer Fisher eigenvalues are near zero than at the start, before any
    /// escape.
    FisherRecovered,
    /// Race mode is on.
    RaceStarted,
    /// In a race, a racer escaped a plateau.
    RacerEscaped,
    /// In a race, a racer diverged.
    RacerDiverged,
    /// The landscape is a formula typed in the editor.
    FormulaSet,
    /// The formula editor shows an error.
    FormulaError,
}

impl When {
    /// Which condition's line wins when several hold: what just went wrong, then what just
    /// happened, then how things stand.
    pub const ORDER: [Self; 19] = [
        Self::FormulaError,
        Self::Diverged,
        Self::RacerDiverged,
        Self::Growing,
        Self::Escaped,
        Self::RacerEscaped,
        Self::GlobalMin,
        Self::LocalMin,
        Self::Converged,
        Self::AtSaddle,
        Self::FisherRecovered,
        Self::Leaving,
        Self::StalledLong,
        Self::Stalled,
        Self::Oscillating,
        Self::Kicked,
        Self::LrChanged,
        Self::FormulaSet,
        Self::RaceStarted,
    ];
}
