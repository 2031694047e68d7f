//! The explorer's state and how actions change it: [`App::update`] applies one [`Action`]
//! (`action`), [`App::tick`] one frame of steps. The state is the [`Scene`] (`scene`),
//! the [`Racers`] (`racers`, each a [`Racer`]), the controls and layers, the open
//! [`Overlay`] (which takes its own actions and pastes, `overlay`), the many runs asked
//! for (`many`) and the tour (`tour`). Nothing here knows about terminals, screen sizes
//! or layout; what is derived from the state for a frame is [`crate::tui::derive`]'s, and
//! the view ([`crate::tui::ui`]) draws both.

mod action;
mod editor;
mod form;
mod history;
pub mod keymap;
pub mod keys;
mod many;
pub mod milestone;
pub mod named_keys;
pub mod opening;
mod overlay;
mod presets;
mod projection;
mod racer;
mod racers;
mod scene;
mod switch;
mod tour;
mod tuning;

pub use action::{Action, Direction, Mode};
pub use editor::Editor;
pub use form::{Edit, Field, Form, FormRow};
pub use history::{History, Span};
pub use many::{BASIN_STEPS, EnsembleRequest, Work};
pub use overlay::{MAX_FILTER, Overlay, Pick, Picker};
pub use projection::{FOLLOW_TOLERANCE, Projection};
pub use racer::{Event, EventKind, RECENT_TRAIL, Racer};
pub use racers::Racers;
pub use scene::{MapSurface, Scene};
pub use tuning::Tuning;

use crate::tui::theme::Options;
use crate::tui::tour::{Lang, Tour};
use plateau_core::landscape;
use plateau_core::setup::Session;
use plateau_core::text::format;
use plateau_core::verdict;
use plateau_core::views::View;
use scene::{critical_points, framed};
use std::sync::Arc;

/// Steps per frame when the explorer opens. At ~30 frames per second, the default neuron
/// run (sgd, lr 0.05, from (0.01, 9)) is stalled for its first 17,457 steps (≈4.5 s) and
/// keeps crawling until the escape, the loss falling from 0.68 to below 0.01 at step ≈37,600
/// (≈9.8 s).
pub const DEFAULT_SPEED: u32 = 128;

/// The most steps per frame (a power of two, so that `<` and `>` retrace the same speeds).
pub const MAX_SPEED: u32 = 8192;

/// The most frames one step takes in slow motion (below one step per frame, `<` at ×1).
pub const MAX_SLOW: u32 = 4;

/// The noise radius when the explorer opens.
pub const DEFAULT_SIGMA: f64 = 0.1;

/// Bounds of the noise radius.
pub const SIGMA_RANGE: (f64, f64) = (1e-6, 1e3);

/// The most racers at once (the digit keys `1` to [`keymap::LAST_DIGIT`] toggle them).
pub const MAX_RACERS: usize = 9;

/// Zoom factor of one `+` press.
const ZOOM_IN: f64 = 2.0 / 3.0;

/// Fraction of the region one pan key moves it.
const PAN_STEP: f64 = 0.1;

/// How the run is driven: running or paused, speed and noise.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Controls {
    /// Whether the racers step on every tick.
    pub running: bool,
    /// Steps per frame (1 in slow motion).
    pub speed: u32,
    /// Frames per step: 1, or 2 to [`MAX_SLOW`] in slow motion.
    pub slow: u32,
    /// The noise radius of kicks.
    pub sigma: f64,
    /// Whether every step is followed by a kick.
    pub continuous_noise: bool,
    /// Whether running pauses by itself once every visible racer has converged.
    pub auto_pause: bool,
    /// Whether running pauses when a racer crosses a [`milestone::Milestone`].
    pub pause_on_events: bool,
}

/// What the map and charts show besides the contour: toggled by keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layers {
    /// The flat (small-gradient) and singular (rank-deficient Fisher) regions.
    pub flat: bool,
    /// Arrows at the selected racer's marker: −∇L, the last step, negative curvature.
    pub arrows: bool,
    /// The charts' step axis on a log scale.
    pub log_steps: bool,
    /// The loss chart's value axis linear (log otherwise).
    pub linear_loss: bool,
    /// The basin map of the selected racer's optimizer behind the map.
    pub basins: bool,
}

/// The whole state of the explorer.
pub struct App {
    scene: Scene,
    racers: Racers,
    controls: Controls,
    layers: Layers,
    tuning: Tuning,
    overlay: Overlay,
    notice: Option<String>,
    /// The escape ensemble asked for last, if it is shown.
    ensemble: Option<EnsembleRequest>,
    /// How many ensembles were launched (each launch is computed afresh).
    launches: u64,
    /// The tour, while it is open.
    tour: Option<Tour>,
    /// The language the tour speaks.
    lang: Lang,
    options: Options,
    quit: bool,
    /// Frames ticked while running (slow motion steps on every `slow`-th).
    frames: u64,
}

impl App {
    /// The explorer as it opens: `session` seen through `view` (see [`App::with_view`]),
    /// speaking `lang`, the tour open at chapter `tour` (0-based) if given.
    pub fn opening(
        session: Session,
        options: Options,
        view: Option<View>,
        lang: Lang,
        tour: Option<usize>,
    ) -> Result<Self, String> {
        let mut app = Self::with_view(session, options, view)?;
        app.lang = lang;
        if let Some(chapter) = tour {
            app.start_tour(lang, chapter)?;
        }
        Ok(app)
    }

    /// [`App::new`] showing an N-D landscape through `view` (`None`: its own view); an
    /// error if the view does not apply to the landscape.
    pub fn with_view(
        session: Session,
        options: Options,
        view: Option<View>,
    ) -> Result<Self, String> {
        let mut app = Self::new(session, options)?;
        if let Some(view) = view {
            app.set_view(view)?;
        }
        Ok(app)
    }

    /// A paused explorer for a resolved session; race mode if it has several optimizers.
    pub fn new(session: Session, options: Options) -> Result<Self, String> {
        if session.specs.len() > MAX_RACERS {
            return Err(format!(
                "the explorer races at most {MAX_RACERS} optimizers, got {}",
                session.specs.len()
            ));
        }
        let list = session
            .specs
            .iter()
            .map(|spec| {
                Racer::new(
                    Arc::clone(&session.landscape),
                    spec.clone(),
                    &session.start,
                    session.seed,
                )
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.to_string())?;
        let info = session.landscape.info();
        let projection = Projection::new(session.landscape.as_ref(), &session.start, None)?;
        Ok(Self {
            scene: Scene {
                registry_index: landscape::names().position(|n| n == info.name),
                critical: critical_points(session.landscape.as_ref()),
                projection,
                region: info.domain,
                start: session.start,
                seed: session.seed,
                landscape: session.landscape,
            },
            racers: Racers {
                race: list.len() > 1,
                list,
                selected: 0,
            },
            controls: Controls {
                running: false,
                speed: DEFAULT_SPEED,
                slow: 1,
                sigma: DEFAULT_SIGMA,
                continuous_noise: false,
                auto_pause: false,
                pause_on_events: false,
            },
            layers: Layers {
                flat: true,
                arrows: true,
                log_steps: false,
                linear_loss: false,
                basins: false,
            },
            tuning: Tuning::new(session.overrides.clone()),
            overlay: Overlay::None,
            notice: None,
            ensemble: None,
            launches: 0,
            tour: None,
            lang: Lang::En,
            options,
            quit: false,
            frames: 0,
        })
    }

    /// Applies one user action.
    pub fn update(&mut self, action: Action) {
        let controls = &mut self.controls;
        match action {
            Action::Quit => self.quit = true,
            // The terminal's business: a recording or a test has nothing to suspend.
            Action::Suspend => {}
            Action::ToggleRun => self.toggle_run(),
            Action::Step => {
                self.step_all();
            }
            Action::Kick => self.kick(),
            Action::ToggleNoise => controls.continuous_noise = !controls.continuous_noise,
            Action::SigmaDown => controls.sigma = (controls.sigma * 0.5).max(SIGMA_RANGE.0),
            Action::SigmaUp => controls.sigma = (controls.sigma * 2.0).min(SIGMA_RANGE.1),
            Action::NextOptimizer => self.cycle_optimizer(true),
            Action::PrevOptimizer => self.cycle_optimizer(false),
            Action::NextLandscape => self.cycle_landscape(true),
            Action::PrevLandscape => self.cycle_landscape(false),
            Action::OpenPicker => {
                let name = &self.scene.landscape.info().name;
                let names = landscape::names().collect();
                self.overlay = Overlay::Picker(Picker::new(Pick::Landscape, names, name));
            }
            Action::OpenOptimizerPicker => {
                let names = self.workable_optimizers();
                let name = self.racers.selected().name();
                self.overlay = Overlay::Picker(Picker::new(Pick::Optimizer, names, name));
            }
            Action::OpenSchedulePicker => {
                let spec = self.racers.selected().spec();
                let current = spec.schedule.as_ref().map(ToString::to_string);
                let name = presets::name_of(current.as_deref(), spec.hyper.lr);
                let names = presets::PRESETS.to_vec();
                self.overlay = Overlay::Picker(Picker::new(Pick::Schedule, names, name));
            }
            Action::OpenForm => {
                self.overlay = Overlay::Form(Form::new(self.racers.selected().spec()));
            }
            Action::OpenInfo => self.overlay = Overlay::Info,
            Action::Dismiss => self.notice = None,
            Action::NextView => self.next_view(),
            Action::ToggleFlat => self.layers.flat = !self.layers.flat,
            Action::ToggleBasins => self.layers.basins = !self.layers.basins,
            Action::ToggleTour => self.toggle_tour(),
            Action::NextChapter => self.move_chapter(1),
            Action::PrevChapter => self.move_chapter(-1),
            Action::TourForward(pages) => self.turn_page(pages),
            Action::TourBack(pages) => self.turn_back(pages),
            Action::OpenChapterList => self.open_chapter_list(),
            Action::ToggleEnsemble => self.toggle_ensemble(),
            Action::ToggleArrows => self.layers.arrows = !self.layers.arrows,
            Action::ToggleLogSteps => self.layers.log_steps = !self.layers.log_steps,
            Action::ToggleLinearLoss => self.layers.linear_loss = !self.layers.linear_loss,
            Action::ToggleAutoPause => controls.auto_pause = !controls.auto_pause,
            Action::TogglePauseOnEvents => {
                controls.pause_on_events = !controls.pause_on_events;
            }
            Action::OpenEditor => {
                let formula = &self.scene.landscape.info().formula;
                if formula.is_empty() {
                    self.notice = Some(format!(
                        "{} has {} parameters: no formula in x and y to edit",
                        self.scene.landscape.info().name,
                        self.scene.landscape.info().dim()
                    ));
                } else {
                    self.overlay = Overlay::Editor(Editor::new(formula));
                }
            }
            Action::LrDown => self.scale_lr(0.5),
            Action::LrUp => self.scale_lr(2.0),
            Action::Slower if controls.speed == 1 => {
                controls.slow = (controls.slow * 2).min(MAX_SLOW);
            }
            Action::Slower => controls.speed /= 2,
            Action::Faster if controls.slow > 1 => controls.slow /= 2,
            Action::Faster => controls.speed = (controls.speed * 2).min(MAX_SPEED),
            Action::ZoomIn => self.scene.region = self.scene.region.zoomed(ZOOM_IN),
            Action::ZoomOut => self.scene.region = self.scene.region.zoomed(1.0 / ZOOM_IN),
            Action::Pan(direction) => self.pan(direction),
            Action::ResetRegion => self.scene.region = self.scene.landscape.info().domain,
            Action::ResetRun => self.reset_run(),
            Action::ClearTrail => self.racers.list.iter_mut().for_each(Racer::clear_trail),
            Action::ToggleRace => self.toggle_race(),
            Action::SelectNextRacer => {
                self.racers.selected = (self.racers.selected + 1) % self.racers.list.len();
            }
            Action::ToggleRacer(i) => {
                if !self.racers.race {
                    let race = key(Action::ToggleRace);
                    self.notice = Some(format!("race mode is off: {race} starts a race"));
                } else if let Some(racer) = self.racers.list.get_mut(i) {
                    racer.toggle_visible();
                } else {
                    let n = self.racers.list.len();
                    self.notice = Some(format!("there are {n} racers: 1-{n} show or hide them"));
                }
            }
            Action::SetStart(p) => {
                self.scene.start = self.scene.lift(p);
                self.reset_run();
            }
            Action::ToggleHelp => {
                self.overlay = match self.overlay {
                    Overlay::Help => Overlay::None,
                    _ => Overlay::Help,
                }
            }
            Action::CloseOverlay => match &mut self.overlay {
                Overlay::Form(form) if form.editing().is_some() => form.cancel_edit(),
                _ => self.overlay = Overlay::None,
            },
            Action::PickerInput(_)
            | Action::PickerBackspace
            | Action::PickerUp
            | Action::PickerDown
            | Action::PickerAccept
            | Action::EditInsert(_)
            | Action::EditBackspace
            | Action::EditDelete
            | Action::EditDeleteToStart
            | Action::EditLeft
            | Action::EditRight
            | Action::EditHome
            | Action::EditEnd
            | Action::EditApply
            | Action::FormUp
            | Action::FormDown
            | Action::FormEdit => self.update_overlay(action),
        }
        self.follow();
    }

    /// Shows an N-D landscape through `view`; the error says why it does not apply (a 2-D
    /// landscape, a view the model has not).
    pub fn set_view(&mut self, view: View) -> Result<(), String> {
        let racer = self.racers.selected();
        let scene = &mut self.scene;
        let landscape = scene.landscape.as_ref();
        match &mut scene.projection {
            None => Projection::new(landscape, racer.position(), Some(view)).map(|_| ()),
            Some(projection) => {
                projection.switch(landscape, racer.position(), racer.trail(), view)?;
                scene.region = framed(landscape.info().domain, projection, racer.position());
                self.notice = projection.window().note.clone();
                Ok(())
            }
        }
    }

    /// The next view (see [`Projection::next_view`]), or a notice why there is none.
    fn next_view(&mut self) {
        let next = match &self.scene.projection {
            Some(p) => p.next_view(self.scene.landscape.as_ref()),
            None => View::Principal,
        };
        if let Err(e) = self.set_view(next) {
            self.notice = Some(e);
        }
    }

    /// Keeps an N-D landscape's plane through the selected racer (see
    /// [`Projection::follow`]) and, when it moves, the racer's marker in view.
    fn follow(&mut self) {
        let racer = self.racers.selected();
        let scene = &mut self.scene;
        let Some(projection) = &mut scene.projection else {
            return;
        };
        let landscape = scene.landscape.as_ref();
        if projection.follow(landscape, racer.position(), racer.trail(), &scene.region) {
            scene.region = framed(scene.region, projection, racer.position());
        }
    }

    /// Advances a running explorer by one frame: `speed` steps of every racer (in slow
    /// motion one step every `slow` frames). Pauses when no racer can step any more, and
    /// under pause on events at the first milestone a racer crosses, saying which.
    pub fn tick(&mut self) {
        if !self.controls.running {
            return;
        }
        self.frames += 1;
        if !self.frames.is_multiple_of(u64::from(self.controls.slow)) {
            return;
        }
        for _ in 0..self.controls.speed {
            let before: Vec<milestone::Before> = if self.controls.pause_on_events {
                self.racers.list.iter().map(milestone::Before::of).collect()
            } else {
                Vec::new()
            };
            if !self.step_all() {
                self.controls.running = false;
            }
            if let Some((crossed, notice)) = self.milestone(&before) {
                self.controls.running = false;
                // A divergence keeps the run's own words (and the reset key) as its notice.
                if crossed != milestone::Milestone::Diverged {
                    let off = key(Action::TogglePauseOnEvents);
                    self.notice = Some(format!("{notice}: paused ({off} turns this off)"));
                }
            }
            if !self.controls.running {
                break;
            }
        }
        self.follow();
        if self.controls.running && self.controls.auto_pause && self.all_converged() {
            self.controls.running = false;
            let off = key(Action::ToggleAutoPause);
            self.notice = Some(format!(
                "every racer has converged: paused ({off} turns this off)"
            ));
        }
    }

    /// The first milestone a visible racer crossed since `before` (one entry per racer;
    /// none when empty), with its notice.
    fn milestone(&self, before: &[milestone::Before]) -> Option<(milestone::Milestone, String)> {
        let landscape = self.scene.landscape.as_ref();
        (self.racers.list.iter().zip(before))
            .filter(|(racer, _)| racer.visible())
            .find_map(|(racer, &b)| {
                milestone::crossed(landscape, racer, b).map(|m| (m, m.notice(racer)))
            })
    }

    /// Whether every visible racer that can still step has converged (the verdict's).
    fn all_converged(&self) -> bool {
        (self.racers.list.iter())
            .filter(|r| r.visible() && r.active())
            .all(|r| verdict::converged(r.sample().grad_norm))
    }

    /// Steps every racer `steps` times, running or not, stopping early when no racer can
    /// step any more (what `plateau render` shows after `--steps`).
    pub fn advance(&mut self, steps: u64) {
        for _ in 0..steps {
            if !self.step_all() {
                break;
            }
        }
        self.follow();
    }

    /// Steps every racer once (with a kick of sigma under continuous noise); whether any
    /// racer can still step.
    fn step_all(&mut self) -> bool {
        let noise = self
            .controls
            .continuous_noise
            .then_some(self.controls.sigma);
        let mut active = false;
        for racer in &mut self.racers.list {
            if racer.step(noise).is_some() {
                self.notice = Some(diverged_notice(racer));
            }
            active |= racer.active();
        }
        active
    }

    /// Runs or pauses; refuses to run when every racer has diverged.
    fn toggle_run(&mut self) {
        if self.controls.running {
            self.controls.running = false;
        } else if self.racers.any_active() {
            self.controls.running = true;
        } else {
            let reset = key(Action::ResetRun);
            self.notice = Some(format!(
                "every optimizer has diverged: press {reset} to reset"
            ));
        }
    }

    /// Kicks every racer by Gaussian noise of radius sigma.
    fn kick(&mut self) {
        for racer in &mut self.racers.list {
            if racer.kick(self.controls.sigma).is_some() {
                self.notice = Some(diverged_notice(racer));
            }
        }
    }

    /// Pans the view by a fraction of its size.
    fn pan(&mut self, direction: Direction) {
        let (dx, dy) = match direction {
            Direction::Left => (-PAN_STEP, 0.0),
            Direction::Right => (PAN_STEP, 0.0),
            Direction::Up => (0.0, PAN_STEP),
            Direction::Down => (0.0, -PAN_STEP),
        };
        self.scene.region = self.scene.region.panned(dx, dy);
    }

    /// Every racer back to the start: step 0, empty trail, histories and detector.
    fn reset_run(&mut self) {
        self.notice = None;
        for racer in &mut self.racers.list {
            if let Err(e) = racer.restart(&self.scene.start) {
                self.notice = Some(e.to_string());
            }
        }
    }

    /// The hyperparameters given to each optimizer.
    pub fn tuning(&self) -> &Tuning {
        &self.tuning
    }

    /// Which layers the map and charts show.
    pub fn layers(&self) -> Layers {
        self.layers
    }

    /// Shows `message` on the bottom line (a skipped scripted click, …) until the next
    /// notice or reset.
    pub fn notify(&mut self, message: String) {
        self.notice = Some(message);
    }

    /// The landscape, view, start and critical points.
    pub fn scene(&self) -> &Scene {
        &self.scene
    }

    /// The optimizers on screen.
    pub fn racers(&self) -> &Racers {
        &self.racers
    }

    /// Running or paused, speed and noise.
    pub fn controls(&self) -> Controls {
        self.controls
    }

    /// The open overlay.
    pub fn overlay(&self) -> &Overlay {
        &self.overlay
    }

    /// Which key table is live.
    pub fn mode(&self) -> Mode {
        self.overlay.mode()
    }

    /// The latest notice (divergence, refused operation), if any.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// Glyph set and colour.
    pub fn options(&self) -> Options {
        self.options
    }

    /// Whether the user asked to quit.
    pub fn should_quit(&self) -> bool {
        self.quit
    }
}

/// The notice for a racer that diverged: the step whose parameters are not finite, and
/// what the run says about it ([`Divergence`](plateau_core::run::Divergence)'s words, the
/// same as `plateau run`'s).
fn diverged_notice(racer: &Racer) -> String {
    let Some(divergence) = racer.divergence() else {
        return String::new();
    };
    format!(
        "{} diverged at step {} ({divergence}): {} resets",
        racer.name(),
        format::count(divergence.params),
        key(Action::ResetRun)
    )
}

/// The key that does `action` on the main screen, as notices name it (from the keymap, so a
/// notice never names a key that does something else).
pub(super) fn key(action: Action) -> String {
    keymap::key_for(action, Mode::Normal).unwrap_or_else(|| "?".to_owned())
}
