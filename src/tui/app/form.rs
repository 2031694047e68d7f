//! The hyperparameter form (`H`): the selected optimizer's learning rate, every
//! hyperparameter it declares and its learning-rate schedule, one row each; Enter edits a row
//! in a one-line editor and applies the new value to the running optimizer (a value checked
//! against the declaration's range, a schedule read by the core's SPEC parser), Esc cancels.

use super::editor::Editor;
use plateau_core::optim::{OptimizerSpec, Overrides, Value};
use plateau_core::schedule::ScheduleSpec;

/// The longest text a hyperparameter's value may be pasted into: room for any number written
/// out in full (the exact decimal form of a double has at most 767 significant digits) and a
/// pair of them, such as `betas`.
pub const MAX_VALUE: usize = 2000;

/// The name of the schedule's row.
const SCHEDULE: &str = "schedule";

/// What a row holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Field {
    /// A hyperparameter's value.
    Hyper(Value),
    /// The learning-rate schedule (`None`: a constant lr).
    Schedule(Option<ScheduleSpec>),
}

impl Field {
    /// The field as its editor starts and the form shows it: a value as written, a schedule
    /// as a SPEC in torch's constructor syntax, or `none`.
    pub fn text(&self) -> String {
        match self {
            Self::Hyper(value) => value.to_string(),
            Self::Schedule(Some(spec)) => spec.to_string(),
            Self::Schedule(None) => "none".to_owned(),
        }
    }
}

/// One row: a hyperparameter or the schedule, and its current value.
#[derive(Clone, Debug, PartialEq)]
pub struct FormRow {
    /// The name (`lr`, a declared name, or `schedule`).
    pub name: &'static str,
    /// Its value.
    pub value: Field,
    /// Its help line.
    pub help: &'static str,
}

/// What an applied edit changes.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// The optimizer's hyperparameters, now these.
    Hyper(Overrides),
    /// The schedule, now this one (`None`: a constant lr).
    Schedule(Option<ScheduleSpec>),
}

/// The form's state.
#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    optimizer: &'static str,
    rows: Vec<FormRow>,
    selected: usize,
    editing: Option<Editor>,
    error: Option<String>,
}

impl Form {
    /// A form for `spec`, the first row selected.
    pub fn new(spec: &OptimizerSpec) -> Self {
        let mut rows = vec![FormRow {
            name: "lr",
            value: Field::Hyper(Value::Float(spec.hyper.lr)),
            help: "learning rate",
        }];
        for param in spec.kind.params {
            if let Some(value) = spec.hyper.get(param.name) {
                rows.push(FormRow {
                    name: param.name,
                    value: Field::Hyper(value),
                    help: param.help,
                });
            }
        }
        rows.push(FormRow {
            name: SCHEDULE,
            value: Field::Schedule(spec.schedule.clone()),
            help: "learning-rate schedule in torch's syntax, e.g. StepLR(step_size=50, \
                   gamma=0.5); none for a constant lr",
        });
        Self {
            optimizer: spec.kind.name,
            rows,
            selected: 0,
            editing: None,
            error: None,
        }
    }

    /// The optimizer whose hyperparameters these are.
    pub fn optimizer(&self) -> &'static str {
        self.optimizer
    }

    /// The rows, in order.
    pub fn rows(&self) -> &[FormRow] {
        &self.rows
    }

    /// The selected row.
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// The editor of the row being edited, if one is.
    pub fn editing(&self) -> Option<&Editor> {
        self.editing.as_ref()
    }

    /// The editor of the row being edited, to type into.
    pub fn editing_mut(&mut self) -> Option<&mut Editor> {
        self.editing.as_mut()
    }

    /// Why the last value was refused.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// Moves the selection by `delta`, wrapping around.
    pub fn move_selection(&mut self, delta: isize) {
        let n = self.rows.len() as isize;
        self.selected = (self.selected as isize + delta).rem_euclid(n) as usize;
    }

    /// Starts editing the selected row with its current value.
    pub fn edit(&mut self) {
        let row = &self.rows[self.selected];
        self.editing = Some(Editor::new(&row.value.text()));
        self.error = None;
    }

    /// Stops editing without applying.
    pub fn cancel_edit(&mut self) {
        self.editing = None;
    }

    /// What the edited text changes: the overrides `current` becomes with the edited value,
    /// or the schedule the edited SPEC reads as (`none` or nothing: no schedule). `Err` with
    /// the reason if the text is not a value of the row's kind or not a schedule.
    pub fn edited(&self, current: &Overrides) -> Result<Edit, String> {
        let editor = self.editing.as_ref().ok_or("nothing is being edited")?;
        let row = &self.rows[self.selected];
        let text = editor.text();
        let value = match row.value {
            Field::Hyper(value) => value,
            Field::Schedule(_) => {
                return match text.trim() {
                    "" | "none" => Ok(Edit::Schedule(None)),
                    spec => (ScheduleSpec::parse(spec).map(|s| Edit::Schedule(Some(s))))
                        .map_err(|e| e.to_string()),
                };
            }
        };
        let value = Value::parse_like(value, &text).map_err(|e| e.to_string())?;
        let mut overrides = current.clone();
        match value {
            Value::Float(lr) if row.name == "lr" => overrides.lr = Some(lr),
            value => {
                overrides.values.retain(|(n, _)| n != row.name);
                overrides.values.push((row.name.to_owned(), value));
            }
        }
        Ok(Edit::Hyper(overrides))
    }

    /// Shows the values of `spec` after a change was applied.
    pub fn applied(&mut self, spec: &OptimizerSpec) {
        let selected = self.selected;
        *self = Self::new(spec);
        self.selected = selected.min(self.rows.len() - 1);
    }

    /// Keeps the editor open with the reason the value was refused.
    pub fn fail(&mut self, error: String) {
        self.error = Some(error);
    }
}
