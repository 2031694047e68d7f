//! How the explorer opens besides its session: every toggle and setting a key changes, given
//! at the start (the command line turns flags into an [`Opening`]). One declaration per
//! switch ([`SWITCHES`], [`LAYERS`]): its flag's name and the key action that flips it, so
//! the flag does exactly what the key does and its help is the key's.

use super::{Action, App, MAX_RACERS, MAX_SPEED, Mode, SIGMA_RANGE, keymap};

/// A switch of the explorer, flipped by one key's action.
pub struct Switch {
    /// The name of its flag and of its word in `--layers` (e.g. `autopause`, `basins`).
    pub name: &'static str,
    /// The action of its key.
    pub action: Action,
    /// Whether it is on in `app`.
    pub on: fn(&App) -> bool,
}

impl Switch {
    /// The key's line in the help (e.g. "auto-pause on/off"), and the key that flips it.
    pub fn help(&self) -> String {
        let binding = keymap::bindings(Mode::Normal).find(|b| match b.trigger {
            keymap::Trigger::Keys(keys) => keys.iter().any(|(_, a)| *a == self.action),
            _ => false,
        });
        match (binding, keymap::key_for(self.action, Mode::Normal)) {
            (Some(b), Some(key)) => format!("{} (key {key})", b.help),
            _ => self.name.to_owned(),
        }
    }
}

/// The switches that are flags of their own: `--autopause`, `--arrows`, `--log-steps`,
/// `--noise`, `--race`.
pub const SWITCHES: &[Switch] = &[
    Switch {
        name: "autopause",
        action: Action::ToggleAutoPause,
        on: |app| app.controls.auto_pause,
    },
    Switch {
        name: "arrows",
        action: Action::ToggleArrows,
        on: |app| app.layers.arrows,
    },
    Switch {
        name: "log-steps",
        action: Action::ToggleLogSteps,
        on: |app| app.layers.log_steps,
    },
    Switch {
        name: "noise",
        action: Action::ToggleNoise,
        on: |app| app.controls.continuous_noise,
    },
    Switch {
        name: "race",
        action: Action::ToggleRace,
        on: |app| app.racers.race,
    },
];

/// The map's layers, named in `--layers` (`flat` is the flat and singular regions).
pub const LAYERS: &[Switch] = &[
    Switch {
        name: "flat",
        action: Action::ToggleFlat,
        on: |app| app.layers.flat,
    },
    Switch {
        name: "basins",
        action: Action::ToggleBasins,
        on: |app| app.layers.basins,
    },
];

/// The flag that sets what `action`'s key sets, as the README's key table writes it.
pub fn flag_for(action: Action) -> Option<String> {
    if let Some(switch) = SWITCHES.iter().find(|s| s.action == action) {
        return Some(format!("`--{}`", switch.name));
    }
    if let Some(layer) = LAYERS.iter().find(|s| s.action == action) {
        return Some(format!("`--layers {}`", layer.name));
    }
    let flag = match action {
        Action::Slower | Action::Faster => "`--speed N`",
        Action::SigmaDown | Action::SigmaUp => "`--sigma X`",
        Action::ToggleRacer(_) => "`--hide N,…`",
        Action::NextView => "`--view VIEW`",
        Action::ToggleTour | Action::NextChapter => "`plateau tour --chapter N`",
        Action::NextOptimizer | Action::OpenOptimizerPicker => "`-o NAME`",
        Action::NextLandscape | Action::OpenPicker => "`-l NAME`",
        Action::OpenEditor => "`--expr EXPR`",
        Action::OpenForm | Action::LrUp => "`--lr X` and the hyperparameter flags",
        _ => return None,
    };
    Some(flag.to_owned())
}

/// What the explorer opens with, as the keys would set it; `None` or empty: as it opens
/// anyway.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Opening {
    /// Steps per frame.
    pub speed: Option<u32>,
    /// The noise radius.
    pub sigma: Option<f64>,
    /// Switches of [`SWITCHES`] set on or off, by name.
    pub switches: Vec<(&'static str, bool)>,
    /// The layers of [`LAYERS`] shown, by name (the others hidden).
    pub layers: Option<Vec<&'static str>>,
    /// The racers hidden (0-based), as keys 1–9 hide them.
    pub hidden: Vec<usize>,
}

/// Reads a `--layers` list: names of [`LAYERS`], comma-separated, or `none`.
pub fn parse_layers(text: &str) -> Result<Vec<&'static str>, String> {
    if text.trim() == "none" {
        return Ok(Vec::new());
    }
    text.split(',')
        .map(|word| {
            let word = word.trim();
            LAYERS
                .iter()
                .map(|l| l.name)
                .find(|n| *n == word)
                .ok_or_else(|| {
                    let names: Vec<&str> = LAYERS.iter().map(|l| l.name).collect();
                    format!(
                        "unknown layer '{word}': the layers are {} (or none)",
                        names.join(", ")
                    )
                })
        })
        .collect()
}

/// Checks a speed: 1 to [`MAX_SPEED`] steps per frame.
pub fn check_speed(speed: u32) -> Result<u32, String> {
    if (1..=MAX_SPEED).contains(&speed) {
        Ok(speed)
    } else {
        Err(format!(
            "the speed is 1 to {MAX_SPEED} steps per frame, got {speed}"
        ))
    }
}

/// Checks a noise radius: within the range `{` and `}` keep it in.
pub fn check_sigma(sigma: f64) -> Result<f64, String> {
    if (SIGMA_RANGE.0..=SIGMA_RANGE.1).contains(&sigma) {
        Ok(sigma)
    } else {
        Err(format!(
            "the noise radius is {:e} to {:e}, got {sigma}",
            SIGMA_RANGE.0, SIGMA_RANGE.1
        ))
    }
}

impl App {
    /// Sets the explorer as `opening` asks, each switch through its key's action; an error
    /// for a racer that does not exist.
    pub fn open_with(&mut self, opening: &Opening) -> Result<(), String> {
        if let Some(speed) = opening.speed {
            self.controls.speed = check_speed(speed)?;
        }
        if let Some(sigma) = opening.sigma {
            self.controls.sigma = check_sigma(sigma)?;
        }
        for (name, wanted) in &opening.switches {
            if let Some(switch) = SWITCHES.iter().find(|s| s.name == *name)
                && (switch.on)(self) != *wanted
            {
                self.update(switch.action);
            }
        }
        if let Some(shown) = &opening.layers {
            for layer in LAYERS {
                if (layer.on)(self) != shown.contains(&layer.name) {
                    self.update(layer.action);
                }
            }
        }
        for &i in &opening.hidden {
            let n = self.racers.list.len();
            if i >= n.min(MAX_RACERS) || !self.racers.race {
                return Err(format!(
                    "--hide {}: there {} {n} racer{} (race mode needs several -o or --race)",
                    i + 1,
                    if n == 1 { "is" } else { "are" },
                    if n == 1 { "" } else { "s" }
                ));
            }
            if self.racers.list[i].visible() {
                self.update(Action::ToggleRacer(i));
            }
        }
        Ok(())
    }
}
