//! How the explorer opens besides its session: every toggle and setting a key changes, given
//! at the start (the command line turns flags into an [`Opening`]). One declaration per
//! switch ([`SWITCHES`], [`LAYERS`]): its flag's name and the key action that flips it, so
//! the flag does exactly what the key does and its help is the key's.

use super::{Action, App, MAX_RACERS, MAX_SLOW, MAX_SPEED, Mode, SIGMA_RANGE, keymap};

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
    /// The key's line in the help and the key that flips it, e.g. "arrows on/off (key a)";
    /// of a row of several keys (`pause: converged / events`) its own part.
    pub fn help(&self) -> String {
        for binding in keymap::bindings(Mode::Normal) {
            let keymap::Trigger::Keys(keys) = binding.trigger else {
                continue;
            };
            let Some(index) = keys.iter().position(|(_, a)| *a == self.action) else {
                continue;
            };
            let key = keys[index].0.label();
            let (topic, parts) = match binding.help.split_once(": ") {
                Some((topic, rest)) => (format!("{topic}: "), rest),
                None => (String::new(), binding.help),
            };
            let parts: Vec<&str> = parts.split(" / ").collect();
            let help = if keys.len() > 1 && parts.len() == keys.len() {
                format!("{topic}{}", parts[index])
            } else {
                binding.help.to_owned()
            };
            return format!("{help} (key {key})");
        }
        self.name.to_owned()
    }
}

/// The switches that are flags of their own: `--autopause`, `--pause-on-events`,
/// `--arrows`, `--log-steps`, `--linear-loss`, `--noise`, `--race`.
pub const SWITCHES: &[Switch] = &[
    Switch {
        name: "autopause",
        action: Action::ToggleAutoPause,
        on: |app| app.controls.auto_pause,
    },
    Switch {
        name: "pause-on-events",
        action: Action::TogglePauseOnEvents,
        on: |app| app.controls.pause_on_events,
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
        name: "linear-loss",
        action: Action::ToggleLinearLoss,
        on: |app| app.layers.linear_loss,
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
        Action::Slower | Action::Faster => "`--speed N` or `1/N`",
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
    /// Frames per step in slow motion (`--speed 1/N`).
    pub slow: Option<u32>,
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

/// Reads a speed: `N` steps per frame (1 to [`MAX_SPEED`]) or, in slow motion, `1/N`, one
/// step every N frames (N a power of two up to [`MAX_SLOW`], as `<` reaches it); the steps
/// and the frames per step.
pub fn parse_speed(text: &str) -> Result<(u32, u32), String> {
    let wrong = || {
        format!(
            "the speed is 1 to {MAX_SPEED} steps per frame, or 1/2 to 1/{MAX_SLOW} (one step \
             every 2 to {MAX_SLOW} frames), got '{text}'"
        )
    };
    match text.trim().split_once('/') {
        None => match text.trim().parse::<u32>() {
            Ok(n) if (1..=MAX_SPEED).contains(&n) => Ok((n, 1)),
            _ => Err(wrong()),
        },
        Some(("1", n)) => match n.parse::<u32>() {
            Ok(n) if n.is_power_of_two() && (1..=MAX_SLOW).contains(&n) => Ok((1, n)),
            _ => Err(wrong()),
        },
        Some(_) => Err(wrong()),
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
            self.controls.speed = speed;
        }
        if let Some(slow) = opening.slow {
            self.controls.slow = slow;
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
