//! The hyperparameter form (`H`): the selected optimizer's learning rate and every
//! hyperparameter it declares, one row each; Enter edits a row in a one-line editor and
//! applies the new value to the running optimizer (checked against the declaration's
//! range), Esc cancels.

use super::editor::Editor;
use plateau_core::optim::{OptimizerSpec, Overrides, Value};

/// The longest text a hyperparameter's value may be pasted into: room for any number written
/// out in full (the exact decimal form of a double has at most 767 significant digits) and a
/// pair of them, such as `betas`.
pub const MAX_VALUE: usize = 2000;

/// One row: a hyperparameter and its current value.
#[derive(Clone, Debug, PartialEq)]
pub struct FormRow {
    /// The name (`lr` or a declared name).
    pub name: &'static str,
    /// Its value.
    pub value: Value,
    /// Its help line.
    pub help: &'static str,
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
            value: Value::Float(spec.hyper.lr),
            help: "learning rate",
        }];
        for param in spec.kind.params {
            if let Some(value) = spec.hyper.get(param.name) {
                rows.push(FormRow {
                    name: param.name,
                    value,
                    help: param.help,
                });
            }
        }
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
        self.editing = Some(Editor::new(&row.value.to_string()));
        self.error = None;
    }

    /// Stops editing without applying.
    pub fn cancel_edit(&mut self) {
        self.editing = None;
    }

    /// The overrides `current` becomes with the edited value: `Err` with the reason if the
    /// text is not a value of the row's kind.
    pub fn edited(&self, current: &Overrides) -> Result<Overrides, String> {
        let editor = self.editing.as_ref().ok_or("nothing is being edited")?;
        let row = &self.rows[self.selected];
        let value = Value::parse_like(row.value, &editor.text()).map_err(|e| e.to_string())?;
        let mut overrides = current.clone();
        match value {
            Value::Float(lr) if row.name == "lr" => overrides.lr = Some(lr),
            value => {
                overrides.values.retain(|(n, _)| n != row.name);
                overrides.values.push((row.name.to_owned(), value));
            }
        }
        Ok(overrides)
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
