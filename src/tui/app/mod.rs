//! The explorer's state and how actions change it: [`App::update`] applies one [`Action`],
//! [`App::tick`] one frame of steps. Nothing here knows about terminals, screen sizes or
//! layout; the view ([`crate::tui::ui`]) draws the state and keeps its own caches.

mod form;
mod guide;
mod history;
mod many;
mod overlay;
mod projection;
mod racer;
mod switch;
mod tuning;

pub use form::{Form, Row};
pub use history::{History, Span};
pub use many::{BASIN_STEPS, ENSEMBLE_COPIES, ENSEMBLE_STEPS, EnsembleRequest};
pub use overlay::{Editor, Overlay, Pick, Picker};
pub use projection::{FOLLOW_TOLERANCE, Projection};
pub use racer::{Event, EventKind, RECENT_TRAIL, Racer};
pub use tuning::Tuning;

use crate::tui::config::{Config, Options};
use crate::tui::input::{Action, Direction, Mode};
use crate::tui::tour::{Lang, Tour};
use plateau_core::analysis::landmarks;
use plateau_core::ensemble::{EnsembleJob, Noise};
use plateau_core::expr::MAX_LEN;
use plateau_core::format;
use plateau_core::landscape::Slice;
use plateau_core::landscape::{self, KnownPoint, Landscape, Surface};
use plateau_core::optim::OptimizerSpec;
use plateau_core::plane::Plane;
use plateau_core::setup::Session;
use plateau_core::verdict;
use plateau_core::views::View;
use plateau_core::{Domain, Matrix, Point};
use std::sync::Arc;

/// Steps per frame when the explorer opens. At ~30 frames per second, the default neuron
/// run (sgd, lr 0.05, from (0.01, 9)) is stalled for its first 17,457 steps (≈4.5 s) and
/// keeps crawling until the escape, the loss falling from 0.68 to below 0.01 at step ≈37,600
/// (≈9.8 s).
pub const DEFAULT_SPEED: u32 = 128;

/// The most steps per frame (a power of two, so that `<` and `>` retrace the same speeds).
pub const MAX_SPEED: u32 = 8192;

/// The noise radius when the explorer opens.
pub const DEFAULT_SIGMA: f64 = 0.1;

/// Bounds of the noise radius.
const SIGMA_RANGE: (f64, f64) = (1e-6, 1e3);

/// The most racers at once (keys 1–9 toggle them).
pub const MAX_RACERS: usize = 9;

/// The longest text a paste may leave in the picker's filter (landscape names are short).
pub const MAX_FILTER: usize = 64;

/// Zoom factor of one `+` press.
const ZOOM_IN: f64 = 2.0 / 3.0;

/// Fraction of the view one pan key moves it.
const PAN_STEP: f64 = 0.1;

/// What is being explored: the landscape, the plane the map shows it on, its marked
/// critical points, the part of the plane on screen and where runs start.
pub struct Scene {
    /// The landscape.
    pub landscape: Arc<dyn Landscape>,
    /// Where the landscape is in the registry; `None` for a formula.
    pub registry_index: Option<usize>,
    /// For a landscape of more than two parameters, the view and the plane through its
    /// parameter space that the map shows; `None` for a 2-D landscape, its own plane.
    pub projection: Option<Projection>,
    /// The critical points to mark (found over the landscape's default view, plus its
    /// known ones the search missed), in parameter coordinates.
    pub critical: Vec<KnownPoint>,
    /// The part of the plane on screen.
    pub view: Domain,
    /// Where every racer starts, one coordinate per parameter.
    pub start: Vec<f64>,
    /// The seed of every racer's random number generator.
    pub seed: u64,
}

impl Scene {
    /// The plane the map shows an N-D landscape on; `None` for a 2-D landscape.
    pub fn plane(&self) -> Option<&Plane> {
        self.projection.as_ref().map(Projection::plane)
    }

    /// The function the map draws: the landscape itself, or its slice on [`Scene::plane`].
    pub fn surface(&self) -> MapSurface<'_> {
        match (self.plane(), self.landscape.surface()) {
            (None, Some(own)) => MapSurface::Own(own),
            (plane, _) => {
                let plane = plane.expect("an N-D landscape has a plane");
                MapSurface::Slice(Slice::new(self.landscape.as_ref(), plane))
            }
        }
    }

    /// Where parameters `theta` appear on the map.
    pub fn project(&self, theta: &[f64]) -> Point {
        match self.plane() {
            Some(plane) => plane.project(theta),
            None => Point::new(theta[0], theta[1]),
        }
    }

    /// A change of parameters `d` as a vector of the map's plane (its projection).
    pub fn project_vector(&self, d: &[f64]) -> Point {
        match self.plane() {
            Some(plane) => plane.project_direction(d),
            None => Point::new(d[0], d[1]),
        }
    }

    /// The parameters at the point `p` of the map.
    pub fn lift(&self, p: Point) -> Vec<f64> {
        match self.plane() {
            Some(plane) => plane.params_of(p),
            None => vec![p.x, p.y],
        }
    }

    /// The names of the map's axes: the parameters of a 2-D landscape, or the view's.
    pub fn axes(&self) -> [String; 2] {
        let names = &self.landscape.info().parameters;
        match &self.projection {
            None => [names[0].clone(), names[1].clone()],
            Some(projection) => projection.window().axes.clone(),
        }
    }

    /// The critical points to mark with where they fall on the map: on an N-D landscape
    /// only those within [`FOLLOW_TOLERANCE`] of the view's width from the plane (the others
    /// are not on the slice the map shows).
    pub fn marked_critical(&self) -> impl Iterator<Item = (&KnownPoint, Point)> + '_ {
        let near = FOLLOW_TOLERANCE * self.view.width();
        (self.critical.iter())
            .filter(move |k| {
                self.plane()
                    .is_none_or(|plane| plane.distance(&k.position) <= near)
            })
            .map(|k| (k, self.project(&k.position)))
    }
}

/// The landscape as the map sees it: its own surface, or a slice through a plane.
pub enum MapSurface<'a> {
    /// A 2-D landscape's own surface.
    Own(&'a dyn Surface),
    /// An N-D landscape on a plane.
    Slice(Slice<'a>),
}

impl Surface for MapSurface<'_> {
    fn value(&self, p: Point) -> f64 {
        match self {
            Self::Own(s) => s.value(p),
            Self::Slice(s) => s.value(p),
        }
    }

    fn gradient(&self, p: Point) -> Point {
        match self {
            Self::Own(s) => s.gradient(p),
            Self::Slice(s) => s.gradient(p),
        }
    }

    fn hessian(&self, p: Point) -> Matrix {
        match self {
            Self::Own(s) => s.hessian(p),
            Self::Slice(s) => s.hessian(p),
        }
    }
}

/// The optimizers on screen: one, or several racing in race mode.
pub struct Racers {
    list: Vec<Racer>,
    selected: usize,
    race: bool,
}

impl Racers {
    /// Every racer, in legend order.
    pub fn all(&self) -> &[Racer] {
        &self.list
    }

    /// The racer whose readout and charts are shown, and whose optimizer and learning rate
    /// the keys change.
    pub fn selected(&self) -> &Racer {
        &self.list[self.selected]
    }

    /// The index of [`Racers::selected`].
    pub fn selected_index(&self) -> usize {
        self.selected
    }

    /// Whether race mode is on.
    pub fn race(&self) -> bool {
        self.race
    }

    /// Whether any racer can still step.
    fn any_active(&self) -> bool {
        self.list.iter().any(Racer::active)
    }
}

/// How the run is driven: running or paused, speed and noise.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Controls {
    /// Whether the racers step on every tick.
    pub running: bool,
    /// Steps per frame.
    pub speed: u32,
    /// The noise radius of kicks.
    pub sigma: f64,
    /// Whether every step is followed by a kick.
    pub continuous_noise: bool,
    /// Whether running pauses by itself once every visible racer has converged.
    pub auto_pause: bool,
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
}

impl App {
    /// The explorer a configuration starts: its session seen through its view, speaking
    /// its language, the tour open if it asks.
    pub fn from_config(config: &Config) -> Result<Self, String> {
        let mut app = Self::with_view(config.session.clone(), config.options, config.view)?;
        app.lang = config.lang;
        if let Some(chapter) = config.tour {
            app.start_tour(config.lang, chapter)?;
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
                view: info.domain,
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
                sigma: DEFAULT_SIGMA,
                continuous_noise: false,
                auto_pause: false,
            },
            layers: Layers {
                flat: true,
                arrows: true,
                log_steps: false,
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
            Action::ToggleAutoPause => controls.auto_pause = !controls.auto_pause,
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
            Action::Slower => controls.speed = (controls.speed / 2).max(1),
            Action::Faster => controls.speed = (controls.speed * 2).min(MAX_SPEED),
            Action::ZoomIn => self.scene.view = self.scene.view.zoomed(ZOOM_IN),
            Action::ZoomOut => self.scene.view = self.scene.view.zoomed(1.0 / ZOOM_IN),
            Action::Pan(direction) => self.pan(direction),
            Action::ResetView => self.scene.view = self.scene.landscape.info().domain,
            Action::ResetRun => self.reset_run(),
            Action::ClearTrail => self.racers.list.iter_mut().for_each(Racer::clear_trail),
            Action::ToggleRace => self.toggle_race(),
            Action::SelectNextRacer => {
                self.racers.selected = (self.racers.selected + 1) % self.racers.list.len();
            }
            Action::ToggleRacer(i) => {
                if !self.racers.race {
                    self.notice = Some("race mode is off: m starts a race".to_owned());
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
            | Action::PickerAccept => self.update_picker(action),
            Action::EditInsert(_)
            | Action::EditBackspace
            | Action::EditDelete
            | Action::EditDeleteToStart
            | Action::EditLeft
            | Action::EditRight
            | Action::EditHome
            | Action::EditEnd
            | Action::EditApply => {
                if let Overlay::Form(_) = self.overlay {
                    self.update_form(action);
                } else {
                    self.update_editor(action);
                }
            }
            Action::FormUp | Action::FormDown | Action::FormEdit => self.update_form(action),
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
                scene.view = framed(landscape.info().domain, projection, racer.position());
                self.notice = projection.window().note.clone();
                Ok(())
            }
        }
    }

    /// Launches an escape ensemble from the selected racer's point (its optimizer and
    /// hyperparameters, noise σ continuous if continuous noise is on, else one kick each),
    /// or closes the one shown.
    fn toggle_ensemble(&mut self) {
        if self.ensemble.take().is_some() {
            return;
        }
        let racer = self.racers.selected();
        let noise = if self.controls.continuous_noise {
            Noise::Continuous
        } else {
            Noise::Kick
        };
        let job = EnsembleJob::new(
            Arc::clone(&self.scene.landscape),
            racer.spec().clone(),
            racer.position().to_vec(),
            ENSEMBLE_COPIES,
            self.controls.sigma,
            noise,
            ENSEMBLE_STEPS,
            self.scene.seed,
        );
        match job {
            Ok(job) => {
                self.launches += 1;
                self.ensemble = Some(EnsembleRequest {
                    generation: self.launches,
                    job,
                });
            }
            Err(e) => self.notice = Some(e.to_string()),
        }
    }

    /// The escape ensemble shown, if any.
    pub fn ensemble(&self) -> Option<&EnsembleRequest> {
        self.ensemble.as_ref()
    }

    /// The next view (see [`Projection::next_view`]), or a notice why there is none.
    fn next_view(&mut self) {
        let next = match &self.scene.projection {
            Some(p) => p.next_view(
                self.scene.landscape.as_ref(),
                self.racers.selected().position(),
            ),
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
        if projection.follow(landscape, racer.position(), racer.trail(), &scene.view) {
            scene.view = framed(scene.view, projection, racer.position());
        }
    }

    /// Advances a running explorer by one frame: `speed` steps of every racer. Pauses when
    /// no racer can step any more.
    pub fn tick(&mut self) {
        if !self.controls.running {
            return;
        }
        for _ in 0..self.controls.speed {
            if !self.step_all() {
                self.controls.running = false;
                break;
            }
        }
        self.follow();
        if self.controls.auto_pause && self.all_converged() {
            self.controls.running = false;
            self.notice = Some("every racer has converged: paused (A turns this off)".to_owned());
        }
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
            self.notice = Some("every optimizer has diverged: press r to reset".to_owned());
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
        self.scene.view = self.scene.view.panned(dx, dy);
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
                match landscape::from_expr(&text, self.scene.view) {
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
                let applied = edited.and_then(|overrides| {
                    let spec =
                        OptimizerSpec::resolve(kind, &overrides, &self.scene.landscape.info().lr)
                            .map_err(|e| e.to_string())?;
                    let racer = &mut self.racers.list[self.racers.selected];
                    racer.rebuild(spec.clone()).map_err(|e| e.to_string())?;
                    Ok((overrides, spec))
                });
                match applied {
                    Ok((overrides, spec)) => {
                        self.tuning.set(kind.name, overrides);
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

    /// The hyperparameters given to each optimizer.
    pub fn tuning(&self) -> &Tuning {
        &self.tuning
    }

    /// Which layers the map and charts show.
    pub fn layers(&self) -> Layers {
        self.layers
    }

    /// Pasted text (a bracketed paste): typed whole into the open formula editor or the
    /// hyperparameter being edited at its cursor, or into the picker's filter, line breaks and tabs as spaces and other control
    /// characters dropped. Refused with a notice if no text field is open or if the text
    /// would not fit: a formula has at most [`plateau_core::expr::MAX_LEN`] characters, a
    /// filter [`MAX_FILTER`].
    pub fn paste(&mut self, text: &str) {
        let text = text.trim_end_matches(['\n', '\r']);
        let count = text.chars().count();
        let (field, len, max) = match &self.overlay {
            Overlay::Editor(editor) => ("the formula", editor.chars().len(), MAX_LEN),
            Overlay::Picker(picker) => ("the filter", picker.filter().chars().count(), MAX_FILTER),
            Overlay::Form(form) if form.editing().is_some() => {
                let len = form.editing().map_or(0, |e| e.chars().len());
                ("the value", len, MAX_FILTER)
            }
            _ => {
                self.notice = Some(
                    "paste ignored: no text field is open (e edits the formula, p picks a \
                     landscape, H edits a hyperparameter)"
                        .to_owned(),
                );
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
        "{} diverged at step {} ({divergence}): r resets",
        racer.name(),
        format::count(divergence.params)
    )
}

/// The part of a view's plane to show: `domain`, moved to centre `theta` if `theta` is not
/// inside.
fn framed(domain: Domain, projection: &Projection, theta: &[f64]) -> Domain {
    let at = projection.plane().project(theta);
    if domain.contains(at) {
        return domain;
    }
    let centre = domain.center();
    domain.panned(
        (at.x - centre.x) / domain.width(),
        (at.y - centre.y) / domain.height(),
    )
}

/// The critical points to mark: over a 2-D landscape's default view, the same
/// [`landmarks`] that `plateau render` marks; for a landscape seen on a plane, its known
/// points (the critical points of a slice are not those of the landscape).
fn critical_points(landscape: &dyn Landscape) -> Vec<KnownPoint> {
    let info = landscape.info();
    match landscape.surface() {
        Some(surface) => landmarks(surface, info.domain, &info.known_points)
            .into_iter()
            .map(|c| KnownPoint {
                position: vec![c.position.x, c.position.y],
                value: c.value,
                kind: c.curvature.kind,
            })
            .collect(),
        _ => info.known_points.clone(),
    }
}
