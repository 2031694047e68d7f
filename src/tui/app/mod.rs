//! The explorer's state and how actions change it: [`App::update`] applies one [`Action`],
//! [`App::tick`] one frame of steps. Nothing here knows about terminals, screen sizes or
//! layout; the view ([`crate::tui::ui`]) draws the state and keeps its own caches.

mod history;
mod overlay;
mod racer;
mod switch;

pub use history::{History, Span};
pub use overlay::{Editor, Overlay, Picker};
pub use racer::{RECENT_TRAIL, Racer};

use crate::tui::config::Options;
use crate::tui::input::{Action, Direction, Mode};
use plateau_core::analysis::landmarks;
use plateau_core::expr::MAX_LEN;
use plateau_core::format;
use plateau_core::landscape::{self, KnownPoint, Landscape};
use plateau_core::setup::Session;
use plateau_core::{Domain, Point};
use std::sync::Arc;

/// Steps per frame when the explorer opens. At ~30 frames per second, the default neuron
/// run (sgd, lr 0.05, from (0.01, 9)) is stalled for its first 17,457 steps (≈4.5 s) and
/// keeps crawling until the escape, the loss falling from 0.68 to below 0.01 at step ≈37,600
/// (≈9.8 s).
pub const DEFAULT_SPEED: u32 = 128;

/// The most steps per frame.
pub const MAX_SPEED: u32 = 10_000;

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

/// What is being explored: the landscape, its marked critical points, the part of the plane
/// on screen and where runs start.
pub struct Scene {
    /// The landscape.
    pub landscape: Arc<dyn Landscape>,
    /// Where the landscape is in the registry; `None` for a formula.
    pub registry_index: Option<usize>,
    /// The critical points to mark (found over the landscape's default view, plus its
    /// known ones the search missed).
    pub critical: Vec<KnownPoint>,
    /// The part of the plane on screen.
    pub view: Domain,
    /// Where every racer starts.
    pub start: Point,
    /// The seed of every racer's random number generator.
    pub seed: u64,
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
}

/// The whole state of the explorer.
pub struct App {
    scene: Scene,
    racers: Racers,
    controls: Controls,
    overlay: Overlay,
    notice: Option<String>,
    options: Options,
    quit: bool,
}

impl App {
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
                    session.start,
                    session.seed,
                )
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.to_string())?;
        let info = session.landscape.info();
        Ok(Self {
            scene: Scene {
                registry_index: landscape::names().position(|n| n == info.name),
                critical: critical_points(session.landscape.as_ref()),
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
            },
            overlay: Overlay::None,
            notice: None,
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
                self.overlay = Overlay::Picker(Picker::new(name));
            }
            Action::OpenEditor => {
                let formula = &self.scene.landscape.info().formula;
                self.overlay = Overlay::Editor(Editor::new(formula));
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
                if let Some(racer) = self.racers.list.get_mut(i) {
                    racer.toggle_visible();
                }
            }
            Action::SetStart(p) => {
                self.scene.start = p;
                self.reset_run();
            }
            Action::ToggleHelp => {
                self.overlay = match self.overlay {
                    Overlay::Help => Overlay::None,
                    _ => Overlay::Help,
                }
            }
            Action::CloseOverlay => self.overlay = Overlay::None,
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
            | Action::EditApply => self.update_editor(action),
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
    }

    /// Steps every racer `steps` times, running or not, stopping early when no racer can
    /// step any more (what `plateau render` shows after `--steps`).
    pub fn advance(&mut self, steps: u64) {
        for _ in 0..steps {
            if !self.step_all() {
                break;
            }
        }
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
            if let Some(k) = racer.step(noise) {
                self.notice = Some(diverged_notice(racer.name(), k));
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
            if let Some(k) = racer.kick(self.controls.sigma) {
                self.notice = Some(diverged_notice(racer.name(), k));
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
            if let Err(e) = racer.restart(self.scene.start) {
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
                let chosen = picker.chosen();
                self.overlay = Overlay::None;
                match chosen.map(landscape::by_name) {
                    Some(Ok(landscape)) => self.set_landscape(landscape),
                    Some(Err(e)) => self.notice = Some(e.to_string()),
                    None => {}
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
            Action::EditInsert(c) => editor.insert(c),
            Action::EditBackspace => editor.backspace(),
            Action::EditDelete => editor.delete(),
            Action::EditDeleteToStart => editor.delete_to_start(),
            Action::EditLeft => editor.left(),
            Action::EditRight => editor.right(),
            Action::EditHome => editor.home(),
            Action::EditEnd => editor.end(),
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
            _ => {}
        }
    }

    /// Pasted text (a bracketed paste): typed whole into the open formula editor at its
    /// cursor or into the picker's filter, line breaks and tabs as spaces and other control
    /// characters dropped. Refused with a notice if no text field is open or if the text
    /// would not fit: a formula has at most [`plateau_core::expr::MAX_LEN`] characters, a
    /// filter [`MAX_FILTER`].
    pub fn paste(&mut self, text: &str) {
        let text = text.trim_end_matches(['\n', '\r']);
        let count = text.chars().count();
        let (field, len, max) = match &self.overlay {
            Overlay::Editor(editor) => ("the formula", editor.chars().len(), MAX_LEN),
            Overlay::Picker(picker) => ("the filter", picker.filter().chars().count(), MAX_FILTER),
            _ => {
                self.notice = Some(
                    "paste ignored: no text field is open (e edits the formula, p picks a \
                     landscape)"
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

/// The notice for a racer that diverged at step `k`.
fn diverged_notice(name: &str, k: u64) -> String {
    format!("{name} diverged at step {}: r resets", format::count(k))
}

/// The critical points to mark over the landscape's default view: the same
/// [`landmarks`] that `plateau render` marks.
fn critical_points(landscape: &dyn Landscape) -> Vec<KnownPoint> {
    landmarks(landscape, landscape.info().domain)
        .into_iter()
        .map(|c| KnownPoint {
            position: c.position,
            value: c.value,
            kind: c.curvature.kind,
        })
        .collect()
}
