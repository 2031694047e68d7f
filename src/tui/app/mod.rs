//! The explorer's state and how actions change it. No terminal types: the app is driven by
//! [`Action`]s and [`App::tick`], and drawn by the pure [`super::view::view`].
//!
//! The contour raster is cached here, not in the view: the app knows the terminal size
//! (from [`Action::Resize`]) and computes the same [`layout::areas`] as the view, so after
//! every update it recomputes the raster only if the landscape, the view or the contour's
//! size in cells changed. The view stays a plain function of `&App`.

mod switch;

use super::action::{Action, Direction, Mode};
use super::format;
use super::layout;
use super::overlay::{Editor, Overlay, Picker};
use super::racer::Racer;
use crate::cli::{ExploreArgs, Resolved};
use plateau_core::analysis::landmarks;
use plateau_core::landscape::{self, KnownPoint, Landscape};
use plateau_core::raster::{Contour, Glyphs};
use plateau_core::{Domain, Point};
use ratatui::layout::Rect;
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

/// Zoom factor of one `+` press.
const ZOOM_IN: f64 = 2.0 / 3.0;

/// Fraction of the view one pan key moves it.
const PAN_STEP: f64 = 0.1;

/// How the explorer draws: glyph set and colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// ASCII characters only.
    pub ascii: bool,
    /// Use colour.
    pub color: bool,
}

impl Options {
    /// The options given on the command line, `is_terminal` telling whether stdout is one.
    pub fn from_args(args: &ExploreArgs, is_terminal: bool) -> Self {
        Self {
            ascii: args.ascii,
            color: args.color.enabled(is_terminal),
        }
    }

    /// Braille isolines need Unicode and colour (the level is shown by colour); otherwise
    /// the level digits carry it.
    pub fn glyphs(self) -> Glyphs {
        if self.ascii || !self.color {
            Glyphs::Digits
        } else {
            Glyphs::Braille
        }
    }
}

/// The whole state of the explorer.
pub struct App {
    landscape: Arc<dyn Landscape>,
    /// Where the landscape is in the registry; `None` for a formula.
    landscape_index: Option<usize>,
    critical: Vec<KnownPoint>,
    view: Domain,
    start: Point,
    seed: u64,
    racers: Vec<Racer>,
    selected: usize,
    race: bool,
    running: bool,
    speed: u32,
    sigma: f64,
    continuous_noise: bool,
    overlay: Overlay,
    notice: Option<String>,
    options: Options,
    size: Rect,
    map: Rect,
    contour: Option<Contour>,
    quit: bool,
}

impl App {
    /// A paused explorer for a resolved command line; race mode if several optimizers were
    /// given. The screen size is unknown until the first [`Action::Resize`].
    pub fn new(setup: Resolved, options: Options) -> Result<Self, String> {
        if setup.specs.len() > MAX_RACERS {
            return Err(format!(
                "the explorer races at most {MAX_RACERS} optimizers, got {}",
                setup.specs.len()
            ));
        }
        let racers = setup
            .specs
            .iter()
            .map(|spec| {
                Racer::new(
                    Arc::clone(&setup.landscape),
                    spec.clone(),
                    setup.start,
                    setup.seed,
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        let info = setup.landscape.info();
        Ok(Self {
            landscape_index: landscape::names().position(|n| n == info.name),
            critical: critical_points(setup.landscape.as_ref()),
            view: info.domain,
            start: setup.start,
            seed: setup.seed,
            race: racers.len() > 1,
            racers,
            selected: 0,
            running: false,
            speed: DEFAULT_SPEED,
            sigma: DEFAULT_SIGMA,
            continuous_noise: false,
            overlay: Overlay::None,
            notice: None,
            options,
            size: Rect::default(),
            map: Rect::default(),
            contour: None,
            quit: false,
            landscape: setup.landscape,
        })
    }

    /// Applies one user action.
    pub fn update(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::ToggleRun => self.toggle_run(),
            Action::Step => {
                self.step_all();
            }
            Action::Kick => self.kick(),
            Action::ToggleNoise => self.continuous_noise = !self.continuous_noise,
            Action::SigmaDown => self.sigma = (self.sigma * 0.5).max(SIGMA_RANGE.0),
            Action::SigmaUp => self.sigma = (self.sigma * 2.0).min(SIGMA_RANGE.1),
            Action::NextOptimizer => self.cycle_optimizer(true),
            Action::PrevOptimizer => self.cycle_optimizer(false),
            Action::NextLandscape => self.cycle_landscape(true),
            Action::PrevLandscape => self.cycle_landscape(false),
            Action::OpenPicker => {
                self.overlay = Overlay::Picker(Picker::new(&self.landscape.info().name));
            }
            Action::OpenEditor => {
                self.overlay = Overlay::Editor(Editor::new(&self.landscape.info().formula));
            }
            Action::LrDown => self.scale_lr(0.5),
            Action::LrUp => self.scale_lr(2.0),
            Action::Slower => self.speed = (self.speed / 2).max(1),
            Action::Faster => self.speed = (self.speed * 2).min(MAX_SPEED),
            Action::ZoomIn => self.view = self.view.zoomed(ZOOM_IN),
            Action::ZoomOut => self.view = self.view.zoomed(1.0 / ZOOM_IN),
            Action::Pan(direction) => self.pan(direction),
            Action::ResetView => self.view = self.landscape.info().domain,
            Action::ResetRun => self.reset_run(),
            Action::ClearTrail => self.racers.iter_mut().for_each(Racer::clear_trail),
            Action::ToggleRace => self.toggle_race(),
            Action::SelectNextRacer => self.selected = (self.selected + 1) % self.racers.len(),
            Action::ToggleRacer(i) => {
                if let Some(racer) = self.racers.get_mut(i) {
                    racer.toggle_visible();
                }
            }
            Action::SetStart(p) => {
                self.start = p;
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
            Action::Resize(cols, rows) => self.size = Rect::new(0, 0, cols, rows),
        }
        if let Overlay::Editor(editor) = &mut self.overlay {
            editor.scroll_to_cursor(layout::editor_columns(self.size));
        }
        self.sync_contour();
    }

    /// Advances a running explorer by one frame: `speed` steps of every racer. Pauses when
    /// no racer can step any more.
    pub fn tick(&mut self) {
        if !self.running {
            return;
        }
        for _ in 0..self.speed {
            if !self.step_all() {
                self.running = false;
                break;
            }
        }
    }

    /// Steps every racer once (with a kick of sigma under continuous noise); whether any
    /// racer can still step.
    fn step_all(&mut self) -> bool {
        let noise = self.continuous_noise.then_some(self.sigma);
        let mut active = false;
        for racer in &mut self.racers {
            if let Some(k) = racer.step(noise) {
                self.notice = Some(diverged_notice(racer.name(), k));
            }
            active |= racer.active();
        }
        active
    }

    /// Runs or pauses; refuses to run when every racer has diverged.
    fn toggle_run(&mut self) {
        if self.running {
            self.running = false;
        } else if self.racers.iter().any(Racer::active) {
            self.running = true;
        } else {
            self.notice = Some("every optimizer has diverged: press r to reset".to_owned());
        }
    }

    /// Kicks every racer by Gaussian noise of radius sigma.
    fn kick(&mut self) {
        for racer in &mut self.racers {
            if let Some(k) = racer.kick(self.sigma) {
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
        self.view = self.view.panned(dx, dy);
    }

    /// Every racer back to the start: step 0, empty trail, histories and detector.
    fn reset_run(&mut self) {
        self.notice = None;
        for racer in &mut self.racers {
            if let Err(e) = racer.restart(self.start) {
                self.notice = Some(e);
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
                    Some(Err(e)) => self.notice = Some(e),
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
                if text == self.landscape.info().formula {
                    self.overlay = Overlay::None;
                    return;
                }
                match landscape::from_expr(&text, self.view) {
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

    /// Recomputes the contour raster if the landscape, view or contour size changed.
    fn sync_contour(&mut self) {
        let y_name = &self.landscape.info().axes[1];
        let Some(areas) = layout::areas(self.size, &self.view, y_name) else {
            self.map = Rect::default();
            self.contour = None;
            return;
        };
        self.map = areas.map;
        let (cols, rows) = (usize::from(areas.map.width), usize::from(areas.map.height));
        let fresh = self
            .contour
            .as_ref()
            .is_some_and(|c| c.domain() == self.view && c.cols() == cols && c.rows() == rows);
        if !fresh {
            self.contour = Some(Contour::compute(
                self.landscape.as_ref(),
                self.view,
                cols,
                rows,
                self.options.glyphs(),
            ));
        }
    }

    /// The landscape.
    pub fn landscape(&self) -> &Arc<dyn Landscape> {
        &self.landscape
    }

    /// Critical points to mark: those found numerically over the landscape's default view
    /// plus its known ones the search missed.
    pub fn critical_points(&self) -> &[KnownPoint] {
        &self.critical
    }

    /// The part of the plane on screen.
    pub fn view(&self) -> Domain {
        self.view
    }

    /// Where every racer starts.
    pub fn start(&self) -> Point {
        self.start
    }

    /// The racers, in legend order.
    pub fn racers(&self) -> &[Racer] {
        &self.racers
    }

    /// The index of the racer whose readout and sparklines are shown.
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// The racer whose readout and sparklines are shown.
    pub fn selected_racer(&self) -> &Racer {
        &self.racers[self.selected]
    }

    /// Whether race mode is on.
    pub fn race(&self) -> bool {
        self.race
    }

    /// Whether the racers are stepping on every tick.
    pub fn running(&self) -> bool {
        self.running
    }

    /// Steps per frame.
    pub fn speed(&self) -> u32 {
        self.speed
    }

    /// The noise radius of kicks.
    pub fn sigma(&self) -> f64 {
        self.sigma
    }

    /// Whether every step is followed by a kick.
    pub fn continuous_noise(&self) -> bool {
        self.continuous_noise
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

    /// The contour's cells on screen, for mouse clicks (empty when the screen is too small).
    pub fn map_area(&self) -> Rect {
        self.map
    }

    /// The cached contour raster of the view (`None` before the first resize or when the
    /// screen is too small).
    pub fn contour(&self) -> Option<&Contour> {
        self.contour.as_ref()
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
