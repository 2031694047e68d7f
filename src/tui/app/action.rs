//! Everything the user can do in the explorer, as data. Which key does what is the
//! keymap's business ([`super::keymap`]); [`super::App::update`] carries
//! actions out.

use plateau_core::Point;

/// A direction to pan the view in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Towards smaller x.
    Left,
    /// Towards larger x.
    Right,
    /// Towards larger y.
    Up,
    /// Towards smaller y.
    Down,
}

/// One thing the user asked for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Action {
    /// Leave the explorer.
    Quit,
    /// Suspend the explorer (Ctrl-Z): the terminal is restored until `fg`. Carried out by
    /// the live terminal ([`crate::tui::term::live`]); the app itself does nothing.
    Suspend,
    /// Run or pause.
    ToggleRun,
    /// One step of every racer.
    Step,
    /// A Gaussian noise kick of radius sigma.
    Kick,
    /// Continuous noise on or off.
    ToggleNoise,
    /// Sigma ×½.
    SigmaDown,
    /// Sigma ×2.
    SigmaUp,
    /// The next optimizer for the selected racer.
    NextOptimizer,
    /// The previous optimizer for the selected racer.
    PrevOptimizer,
    /// The next landscape.
    NextLandscape,
    /// The previous landscape.
    PrevLandscape,
    /// Open the landscape picker.
    OpenPicker,
    /// Open the optimizer picker for the selected racer.
    OpenOptimizerPicker,
    /// Open the schedule picker (presets) for the selected racer.
    OpenSchedulePicker,
    /// Open the selected optimizer's hyperparameter form.
    OpenForm,
    /// Open the landscape's info (description, parameters, known points).
    OpenInfo,
    /// Dismiss the notice (Esc on the main screen: it never quits).
    Dismiss,
    /// The next view of a landscape of more than two parameters (coordinates, singularity,
    /// principal directions, random directions).
    NextView,
    /// The flatness layer on or off.
    ToggleFlat,
    /// The basin-map layer on or off.
    ToggleBasins,
    /// Open the tour at its first chapter, or leave it (the scene stays).
    ToggleTour,
    /// The tour's next chapter.
    NextChapter,
    /// The tour's previous chapter.
    PrevChapter,
    /// The tour's next page of text, the panel having this many, or else its next chapter.
    TourForward(usize),
    /// The tour's previous page of text, the panel having this many, or else its previous
    /// chapter.
    TourBack(usize),
    /// The list of the tour's chapters.
    OpenChapterList,
    /// Launch an escape ensemble from the selected racer's point, or close the one shown.
    ToggleEnsemble,
    /// The arrows at the marker on or off.
    ToggleArrows,
    /// The charts' step axis logarithmic or linear.
    ToggleLogSteps,
    /// Loss chart: linear / log value axis.
    ToggleLinearLoss,
    /// Pause by itself when every visible racer has converged, or not.
    ToggleAutoPause,
    /// Pause on events on/off: stop when a racer enters or escapes a plateau, comes to
    /// rest or diverges.
    TogglePauseOnEvents,
    /// Open the formula editor on the current landscape's formula.
    OpenEditor,
    /// Learning rate ×½.
    LrDown,
    /// Learning rate ×2.
    LrUp,
    /// Half the steps per frame.
    Slower,
    /// Twice the steps per frame.
    Faster,
    /// Zoom in.
    ZoomIn,
    /// Zoom out.
    ZoomOut,
    /// Pan the view.
    Pan(Direction),
    /// The map back to the landscape's whole domain (undoes zooming and panning).
    ResetRegion,
    /// Every racer back to the start.
    ResetRun,
    /// Forget the trails.
    ClearTrail,
    /// Race mode on or off.
    ToggleRace,
    /// Select the next racer: its readout and charts are shown.
    SelectNextRacer,
    /// Show or hide racer `n` (0-based).
    ToggleRacer(usize),
    /// Start every racer afresh from this point.
    SetStart(Point),
    /// Show or hide the key overlay.
    ToggleHelp,
    /// Close the open overlay without applying anything.
    CloseOverlay,
    /// A character typed into the picker's filter.
    PickerInput(char),
    /// Delete the last character of the picker's filter.
    PickerBackspace,
    /// Move the picker's selection up.
    PickerUp,
    /// Move the picker's selection down.
    PickerDown,
    /// Take the picker's selection.
    PickerAccept,
    /// A character typed into the formula editor at its cursor.
    EditInsert(char),
    /// Delete the character before the editor's cursor.
    EditBackspace,
    /// Delete the character at the editor's cursor.
    EditDelete,
    /// Delete everything before the editor's cursor.
    EditDeleteToStart,
    /// Move the editor's cursor one character left.
    EditLeft,
    /// Move the editor's cursor one character right.
    EditRight,
    /// Move the editor's cursor to the start.
    EditHome,
    /// Move the editor's cursor to the end.
    EditEnd,
    /// Apply the edited formula (or the edited hyperparameter).
    EditApply,
    /// Move the form's selection up.
    FormUp,
    /// Move the form's selection down.
    FormDown,
    /// Edit the form's selected row.
    FormEdit,
}

/// Which keys are live: the main screen or one of the overlays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The main screen.
    Normal,
    /// The help overlay.
    Help,
    /// The landscape picker.
    Picker,
    /// The formula editor, or a row of the form being edited.
    Edit,
    /// The hyperparameter form.
    Form,
    /// The landscape's info.
    Info,
}
