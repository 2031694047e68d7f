//! The hyperparameters each optimizer is given in the explorer: those of the command line,
//! then the user's changes (`[` `]`, the form), remembered per optimizer, so that cycling
//! with `o` and `O` comes back to an optimizer as it was left.

use plateau_core::optim::Overrides;

/// Hyperparameter overrides per optimizer.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tuning {
    /// What every optimizer starts from: the command line's flags.
    base: Overrides,
    /// What the user changed, per optimizer name.
    changed: Vec<(&'static str, Overrides)>,
}

impl Tuning {
    /// Every optimizer starts from `base`.
    pub fn new(base: Overrides) -> Self {
        Self {
            base,
            changed: Vec::new(),
        }
    }

    /// The overrides of optimizer `kind`.
    pub fn of(&self, kind: &str) -> &Overrides {
        (self.changed.iter())
            .find(|(k, _)| *k == kind)
            .map_or(&self.base, |(_, o)| o)
    }

    /// Remembers `overrides` for optimizer `kind`.
    pub fn set(&mut self, kind: &'static str, overrides: Overrides) {
        match self.changed.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, o)) => *o = overrides,
            None => self.changed.push((kind, overrides)),
        }
    }

    /// Forgets every learning rate but the command line's (a new landscape suggests its
    /// own; the other hyperparameters are kept).
    pub fn forget_learning_rates(&mut self) {
        let base = self.base.lr;
        for (_, o) in &mut self.changed {
            o.lr = base;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plateau_core::optim::Value;

    #[test]
    fn changes_are_per_optimizer_and_learning_rates_reset_with_the_landscape() {
        let base = Overrides {
            lr: None,
            values: vec![("eps".to_owned(), Value::Float(1e-6))],
        };
        let mut t = Tuning::new(base.clone());
        assert_eq!(t.of("adam"), &base);
        let mut adam = base.clone();
        adam.lr = Some(0.2);
        t.set("adam", adam.clone());
        assert_eq!(t.of("adam"), &adam);
        assert_eq!(t.of("sgd"), &base);
        t.forget_learning_rates();
        assert_eq!(t.of("adam").lr, None);
        assert_eq!(t.of("adam").values, base.values);
    }
}
