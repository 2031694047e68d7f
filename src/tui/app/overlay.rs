//! The overlays over the main screen: the key help, the landscape, optimizer and schedule
//! pickers,
//! the formula editor, the hyperparameter form and the landscape's info.

use super::editor::Editor;
use super::form::{Edit, Form, MAX_VALUE};
use super::{Action, App, Mode, key};
use plateau_core::expr::MAX_LEN;
use plateau_core::landscape;
use plateau_core::optim::OptimizerSpec;
use plateau_core::text::format;

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
    /// A learning-rate schedule preset for the selected racer.
    Schedule,
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

/// The longest text a paste may leave in the picker's filter (landscape names are short).
pub const MAX_FILTER: usize = 64;

/// How the open overlay takes its actions and pastes.
impl App {
    /// Applies an action of the open overlay's (picking, editing text, moving through the
    /// form); one meant for another overlay does nothing.
    pub(super) fn update_overlay(&mut self, action: Action) {
        match action {
            Action::PickerInput(_)
            | Action::PickerBackspace
            | Action::PickerUp
            | Action::PickerDown
            | Action::PickerAccept => self.update_picker(action),
            Action::FormUp | Action::FormDown | Action::FormEdit => self.update_form(action),
            // Editing keys: the form's value being edited, or the formula.
            _ if matches!(self.overlay, Overlay::Form(_)) => self.update_form(action),
            _ => self.update_editor(action),
        }
    }

    /// Applies a picker action.
    fn update_picker(&mut self, action: Action) {
        let Overlay::Picker(picker) = &mut self.overlay else {
            return;
        };
        match action {
            Action::PickerInput(c) => picker.type_char(c),
            Action::PickerBackspace => picker.backspace(),
            Action::PickerUp => picker.move_selection(-1),
            Action::PickerDown => picker.move_selection(1),
            Action::PickerAccept => {
                let (chosen, pick) = (picker.chosen(), picker.pick());
                self.overlay = Overlay::None;
                match (chosen, pick) {
                    (Some(name), Pick::Landscape) => match landscape::by_name(name) {
                        Ok(landscape) => self.set_landscape(landscape),
                        Err(e) => self.notice = Some(e.to_string()),
                    },
                    (Some(name), Pick::Optimizer) => self.switch_optimizer(name),
                    (Some(name), Pick::Schedule) => self.set_schedule(name),
                    (Some(title), Pick::Chapter) => self.open_chapter_titled(title),
                    (None, _) => {}
                }
            }
            _ => {}
        }
    }

    /// Applies a formula editor action. Enter with the text unchanged just closes the editor;
    /// a changed formula becomes the landscape over the current view (see
    /// [`App::set_landscape`]), or, if it does not parse, stays in the editor with its error.
    fn update_editor(&mut self, action: Action) {
        let Overlay::Editor(editor) = &mut self.overlay else {
            return;
        };
        match action {
            Action::EditApply => {
                let text = editor.text();
                if text == self.scene.landscape.info().formula {
                    self.overlay = Overlay::None;
                    return;
                }
                match landscape::from_expr(&text, self.scene.region) {
                    Ok(landscape) => {
                        self.overlay = Overlay::None;
                        self.set_landscape(landscape);
                    }
                    Err(e) => editor.fail(e),
                }
            }
            other => editor.edit(other),
        }
    }

    /// Applies a form action: moving, starting an edit, typing into it, applying it.
    fn update_form(&mut self, action: Action) {
        let Overlay::Form(form) = &mut self.overlay else {
            return;
        };
        match action {
            Action::FormUp => form.move_selection(-1),
            Action::FormDown => form.move_selection(1),
            Action::FormEdit => form.edit(),
            Action::CloseOverlay => form.cancel_edit(),
            Action::EditApply => {
                let kind = self.racers.selected().spec().kind;
                let edited = form.edited(self.tuning.of(kind.name));
                let applied = edited.and_then(|edit| {
                    let racer = &mut self.racers.list[self.racers.selected];
                    let (overrides, spec) = match edit {
                        Edit::Hyper(overrides) => {
                            let lr = &self.scene.landscape.info().lr;
                            let spec = OptimizerSpec::resolve(kind, &overrides, lr)
                                .and_then(|s| s.with_schedule(racer.spec().schedule.clone()));
                            (Some(overrides), spec)
                        }
                        Edit::Schedule(schedule) => (None, racer.spec().with_schedule(schedule)),
                    };
                    let spec = spec.map_err(|e| e.to_string())?;
                    racer.rebuild(spec.clone()).map_err(|e| e.to_string())?;
                    Ok((overrides, spec))
                });
                match applied {
                    Ok((overrides, spec)) => {
                        if let Some(overrides) = overrides {
                            self.tuning.set(kind.name, overrides);
                        }
                        form.applied(&spec);
                        self.notice = None;
                    }
                    Err(e) => form.fail(e),
                }
            }
            other => {
                if let Some(editor) = form.editing_mut() {
                    editor.edit(other);
                }
            }
        }
    }

    /// Pasted text (a bracketed paste): typed whole into the open formula editor or the
    /// hyperparameter being edited at its cursor, or into the picker's filter, line breaks and tabs as spaces and other control
    /// characters dropped. Refused with a notice if no text field is open or if the text
    /// would not fit: a formula has at most [`plateau_core::expr::MAX_LEN`] characters, a
    /// filter [`MAX_FILTER`], a hyperparameter's value `MAX_VALUE` (2,000).
    pub fn paste(&mut self, text: &str) {
        let text = text.trim_end_matches(['\n', '\r']);
        let count = text.chars().count();
        let (field, len, max) = match &self.overlay {
            Overlay::Editor(editor) => ("the formula", editor.chars().len(), MAX_LEN),
            Overlay::Picker(picker) => ("the filter", picker.filter().chars().count(), MAX_FILTER),
            Overlay::Form(form) if form.editing().is_some() => {
                let len = form.editing().map_or(0, |e| e.chars().len());
                ("the value", len, MAX_VALUE)
            }
            _ => {
                let [edit, pick, form] =
                    [Action::OpenEditor, Action::OpenPicker, Action::OpenForm].map(key);
                self.notice = Some(format!(
                    "paste ignored: no text field is open ({edit} edits the formula, {pick} picks \
                     a landscape, {form} edits a hyperparameter)"
                ));
                return;
            }
        };
        if len + count > max {
            self.notice = Some(format!(
                "paste refused: {} characters would make {field} {} long, at most {}",
                format::count(count as u64),
                format::count((len + count) as u64),
                format::count(max as u64)
            ));
            return;
        }
        let clean: String = text
            .chars()
            .map(|c| {
                if matches!(c, '\n' | '\r' | '\t') {
                    ' '
                } else {
                    c
                }
            })
            .filter(|c| !c.is_control())
            .collect();
        match &mut self.overlay {
            Overlay::Editor(editor) => editor.insert_str(&clean),
            Overlay::Picker(picker) => picker.type_str(&clean),
            Overlay::Form(form) => {
                if let Some(editor) = form.editing_mut() {
                    editor.insert_str(&clean);
                }
            }
            _ => {}
        }
    }
}
