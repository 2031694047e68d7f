//! Switching what runs: optimizers (`o`, `O`), learning rates (`[`, `]`), landscapes
//! (Tab, Shift-Tab, the picker, the formula editor) and race mode (`m`).

use super::scene::critical_points;
use super::{App, Projection, Racer};
use plateau_core::landscape::{self, Landscape};
use plateau_core::optim::{self, OptimizerKind, OptimizerSpec, Overrides};
use plateau_core::schedule::ScheduleSpec;
use plateau_core::{Error, Result};
use std::sync::Arc;

/// The optimizers race mode adds, besides the selected one ("natgrad" only where the
/// landscape is a model's squared error, "rmsprop" otherwise).
const RACE_LINEUP: [&str; 3] = ["sgd", "momentum", "adam"];

impl App {
    /// Gives the selected racer the next (or previous) optimizer of the registry that
    /// works on this landscape, with the hyperparameters it had (the command line's, or
    /// those last set for it), at the same position.
    pub(super) fn cycle_optimizer(&mut self, forward: bool) {
        let registry = optim::REGISTRY;
        let n = registry.len();
        let at = (registry.iter())
            .position(|k| k.name == self.racers.selected().name())
            .unwrap_or(0);
        let mut skipped = Vec::new();
        for i in 1..n {
            let index = if forward { at + i } else { at + n - i };
            let kind = registry[index % n];
            match self.rebuild_selected(kind) {
                Ok(()) => {
                    self.notice =
                        (!skipped.is_empty()).then(|| format!("skipped {}", skipped.join("; ")));
                    return;
                }
                Err(e) => skipped.push(e.to_string()),
            }
        }
        self.notice = Some("no other optimizer works on this landscape".to_owned());
    }

    /// Gives the selected racer optimizer `name` (from the optimizer picker).
    pub(super) fn switch_optimizer(&mut self, name: &str) {
        self.notice = optim::by_name(name)
            .and_then(|kind| self.rebuild_selected(kind))
            .err()
            .map(|e| e.to_string());
    }

    /// Gives the selected racer schedule preset `name` (`none`: no schedule) at its current
    /// lr; the racer is rebuilt where it stands, so the schedule starts from its beginning.
    pub(super) fn set_schedule(&mut self, name: &str) {
        let racer = &mut self.racers.list[self.racers.selected];
        let spec = racer.spec();
        let schedule = super::presets::preset(name, spec.hyper.lr)
            .map(|text| ScheduleSpec::parse(&text).map_err(|e| Error::Schedule(e.to_string())))
            .transpose();
        self.notice = schedule
            .and_then(|schedule| spec.with_schedule(schedule))
            .and_then(|spec| racer.rebuild(spec))
            .err()
            .map(|e| e.to_string());
    }

    /// Rebuilds the selected racer with `kind`, its remembered hyperparameters and the
    /// racer's schedule.
    fn rebuild_selected(&mut self, kind: &'static OptimizerKind) -> Result<()> {
        let racer = &mut self.racers.list[self.racers.selected];
        let spec = OptimizerSpec::resolve(
            kind,
            self.tuning.of(kind.name),
            &self.scene.landscape.info().lr,
        )?
        .with_schedule(racer.spec().schedule.clone())?;
        racer.rebuild(spec)
    }

    /// The optimizers that can work on this landscape, in registry order.
    pub(super) fn workable_optimizers(&self) -> Vec<&'static str> {
        let landscape = self.scene.landscape.as_ref();
        (optim::REGISTRY.iter())
            .filter(|kind| {
                OptimizerSpec::resolve(kind, self.tuning.of(kind.name), &landscape.info().lr)
                    .and_then(|spec| spec.build(landscape))
                    .is_ok()
            })
            .map(|kind| kind.name)
            .collect()
    }

    /// Multiplies the selected racer's learning rate by `factor`, keeping its position,
    /// and remembers it for this optimizer.
    pub(super) fn scale_lr(&mut self, factor: f64) {
        let racer = &mut self.racers.list[self.racers.selected];
        let lr = racer.spec().hyper.lr * factor;
        let kind = racer.spec().kind;
        // A rebuilt racer starts afresh from its last finite point: an old divergence
        // notice no longer applies.
        let rebuilt = racer
            .spec()
            .with_lr(lr)
            .and_then(|spec| racer.rebuild(spec));
        match rebuilt {
            Ok(()) => {
                let mut overrides = self.tuning.of(kind.name).clone();
                overrides.lr = Some(lr);
                self.tuning.set(kind.name, overrides);
                self.notice = None;
            }
            Err(e) => self.notice = Some(e.to_string()),
        }
    }

    /// Moves to the next (or previous) landscape of the registry, wrapping around. From a
    /// formula, the next one is the registry's first and the previous one its last.
    pub(super) fn cycle_landscape(&mut self, forward: bool) {
        let registry = landscape::REGISTRY;
        let n = registry.len();
        let index = match (self.scene.registry_index, forward) {
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
            (None, true) => 0,
            (None, false) => n - 1,
        };
        self.set_landscape(registry[index].landscape());
    }

    /// Switches to `landscape` with its default view and start (a formula's default view is
    /// the domain it was built over); every racer keeps its optimizer and its hyperparameters
    /// but the learning rate, which becomes the landscape's suggestion (unless the command
    /// line gave one), and starts afresh. Racers whose optimizer cannot work there are
    /// dropped with a notice.
    pub(super) fn set_landscape(&mut self, landscape: Arc<dyn Landscape>) {
        let info = landscape.info();
        let projection = match Projection::new(landscape.as_ref(), &info.start, None) {
            Ok(projection) => projection,
            Err(e) => {
                self.notice = Some(e);
                return;
            }
        };
        self.tuning.forget_learning_rates();
        // Its copies ended on the old landscape.
        self.ensemble = None;
        let mut racers = Vec::new();
        let mut dropped = Vec::new();
        for old in &self.racers.list {
            let kind = old.spec().kind;
            let racer = OptimizerSpec::resolve(kind, self.tuning.of(kind.name), &info.lr)
                .and_then(|s| s.with_schedule(old.spec().schedule.clone()))
                .and_then(|s| Racer::new(Arc::clone(&landscape), s, &info.start, self.scene.seed));
            match racer {
                Ok(mut racer) => {
                    if !old.visible() {
                        racer.toggle_visible();
                    }
                    racers.push(racer);
                }
                Err(e) => dropped.push(e.to_string()),
            }
        }
        if racers.is_empty() {
            match default_racer(&landscape, &info.start, self.scene.seed) {
                Ok(racer) => racers.push(racer),
                Err(e) => {
                    self.notice = Some(e.to_string());
                    return;
                }
            }
        }
        self.notice = (!dropped.is_empty()).then(|| format!("dropped {}", dropped.join("; ")));
        let scene = &mut self.scene;
        scene.registry_index = landscape::names().position(|n| n == info.name);
        scene.projection = projection;
        scene.critical = critical_points(landscape.as_ref());
        scene.region = info.domain;
        scene.start = info.start.clone();
        let racers_now = &mut self.racers;
        racers_now.selected = racers_now.selected.min(racers.len() - 1);
        racers_now.race = racers_now.race && racers.len() > 1;
        racers_now.list = racers;
        scene.landscape = landscape;
    }

    /// Race mode on: the selected optimizer plus a default lineup, all restarted from the
    /// start. Off: only the selected racer stays, where it is.
    pub(super) fn toggle_race(&mut self) {
        let now = &mut self.racers;
        if now.race {
            let keep = now.list.swap_remove(now.selected);
            now.list = vec![keep];
            now.selected = 0;
            now.race = false;
            return;
        }
        let mut racers = vec![now.list.swap_remove(now.selected)];
        let fourth = if self.scene.landscape.has_fisher() {
            "natgrad"
        } else {
            "rmsprop"
        };
        let lineup = RACE_LINEUP.iter().chain([&fourth]);
        for kind in lineup.filter_map(|name| optim::by_name(name).ok()) {
            if kind.name == racers[0].name() {
                continue;
            }
            if let Ok(racer) = self.racer_for(kind) {
                racers.push(racer);
            }
        }
        self.racers.list = racers;
        self.racers.selected = 0;
        self.racers.race = true;
        self.reset_run();
    }

    /// A fresh racer of `kind` with default hyperparameters from the start.
    fn racer_for(&self, kind: &'static OptimizerKind) -> Result<Racer> {
        let scene = &self.scene;
        let spec = OptimizerSpec::resolve(kind, &Overrides::default(), &scene.landscape.info().lr)?;
        Racer::new(Arc::clone(&scene.landscape), spec, &scene.start, scene.seed)
    }
}

/// A racer with sgd and its suggested learning rate.
fn default_racer(landscape: &Arc<dyn Landscape>, start: &[f64], seed: u64) -> Result<Racer> {
    let spec = OptimizerSpec::resolve(
        optim::by_name("sgd")?,
        &Overrides::default(),
        &landscape.info().lr,
    )?;
    Racer::new(Arc::clone(landscape), spec, start, seed)
}
