//! The schedule presets the explorer's schedule picker offers: the common shapes (warm-up
//! then cosine, step decay, one cycle), the one that stalls on a plateau (reduce on
//! plateau), and one that helps there (warm restarts), each scaled to the racer's lr.

use plateau_core::schedule::python_float;

/// The picker's entries, in order; `none` takes a racer's schedule away.
pub const PRESETS: &[&str] = &[
    "none",
    "warm-up + cosine",
    "step decay",
    "one-cycle",
    "reduce on plateau",
    "warm restarts",
];

/// The schedule of preset `name` for a racer whose lr is `lr`, in torch's syntax; `None`
/// for `none` (and any name that is not a preset).
pub fn preset(name: &str, lr: f64) -> Option<String> {
    Some(match name {
        "warm-up + cosine" => "SequentialLR([LinearLR(start_factor=0.1, total_iters=100), \
                               CosineAnnealingLR(T_max=1900)], milestones=[100])"
            .to_owned(),
        "step decay" => "StepLR(step_size=500, gamma=0.5)".to_owned(),
        "one-cycle" => format!("OneCycleLR(max_lr={}, total_steps=2000)", python_float(lr)),
        "reduce on plateau" => {
            "ReduceLROnPlateau(factor=0.5, patience=10, cooldown=5, min_lr=1e-6)".to_owned()
        }
        "warm restarts" => "CosineAnnealingWarmRestarts(T_0=500, T_mult=2)".to_owned(),
        _ => return None,
    })
}

/// The preset a schedule came from, if it is one (for the picker's selection).
pub fn name_of(schedule: Option<&str>, lr: f64) -> &'static str {
    let Some(text) = schedule else {
        return PRESETS[0];
    };
    (PRESETS.iter().copied())
        .find(|name| preset(name, lr).as_deref() == Some(text))
        .unwrap_or(PRESETS[0])
}

#[cfg(test)]
mod tests {
    use super::*;
    use plateau_core::schedule::ScheduleSpec;

    #[test]
    fn every_preset_reads_and_prints_back_as_itself() {
        for name in &PRESETS[1..] {
            let text = preset(name, 0.05).unwrap();
            let spec = ScheduleSpec::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(spec.to_string(), text, "{name}");
            assert_eq!(name_of(Some(&text), 0.05), *name);
        }
        assert_eq!(preset("none", 0.05), None);
        assert_eq!(name_of(None, 0.05), "none");
    }
}
