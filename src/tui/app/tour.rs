//! The explorer's side of the tour: starting and leaving it, moving between chapters, and
//! setting each chapter's scene (a fresh session of its landscape, optimizers, learning
//! rate and start, at its speed, paused).

use super::{Action, App, Overlay, Pick, Picker, named_keys};
use crate::tui::tour::{CHAPTERS, Lang, Stage, Tour, UI, fill};
use plateau_core::optim::Overrides;
use plateau_core::setup::{LandscapeChoice, Setup};

impl App {
    /// Opens the tour in `lang` at chapter `chapter` (0-based), setting its scene.
    pub fn start_tour(&mut self, lang: Lang, chapter: usize) -> Result<(), String> {
        if chapter >= CHAPTERS.len() {
            return Err(format!(
                "there are {} chapters: 1 to {}, got {}",
                CHAPTERS.len(),
                CHAPTERS.len(),
                chapter + 1
            ));
        }
        // The scene first: if it cannot be set, the tour stays where it was.
        self.open_chapter(chapter)?;
        // A lecture must not miss an escape: the tour pauses at each milestone.
        self.controls.pause_on_events = true;
        self.tour = Some(Tour {
            lang,
            chapter,
            page: 0,
        });
        Ok(())
    }

    /// The language the tour speaks (also before it is opened: `t` and `T` use it).
    pub fn tour_lang(&self) -> Lang {
        self.tour.map_or(self.lang, |t| t.lang)
    }

    /// The tour, if it is open.
    pub fn tour(&self) -> Option<&Tour> {
        self.tour.as_ref()
    }

    /// `t`: opens the tour at its first chapter, or leaves it (the scene stays).
    pub(super) fn toggle_tour(&mut self) {
        if self.tour.take().is_none()
            && let Err(e) = self.start_tour(self.lang, 0)
        {
            self.notice = Some(e);
        }
    }

    /// Goes `delta` chapters on (or back), staying within the tour; at the end, says so.
    pub(super) fn move_chapter(&mut self, delta: isize) {
        let Some(tour) = self.tour else {
            self.notice = Some(format!(
                "no tour is open: {} starts it",
                super::key(Action::ToggleTour)
            ));
            return;
        };
        let last = CHAPTERS.len() - 1;
        let next = tour.chapter.saturating_add_signed(delta).min(last);
        if next == tour.chapter {
            if delta > 0 {
                self.notice = Some(fill(UI.closing.get(tour.lang), &named_keys::values()));
            }
            return;
        }
        if let Err(e) = self.start_tour(tour.lang, next) {
            self.notice = Some(e);
        }
    }

    /// PgDn: the panel's next page if it has one (`pages` of them), else the next chapter.
    pub(super) fn turn_page(&mut self, pages: usize) {
        match &mut self.tour {
            Some(tour) if tour.page + 1 < pages => tour.page += 1,
            _ => self.move_chapter(1),
        }
    }

    /// PgUp: the panel's previous page (of `pages`; a page the panel no longer has counts as
    /// its last) if it is not on the first, else the previous chapter.
    pub(super) fn turn_back(&mut self, pages: usize) {
        match &mut self.tour {
            Some(tour) if tour.page.min(pages.saturating_sub(1)) > 0 => {
                tour.page = tour.page.min(pages - 1) - 1;
            }
            _ => self.move_chapter(-1),
        }
    }

    /// The list of chapters, to jump to one (the tour opens if it is not).
    pub(super) fn open_chapter_list(&mut self) {
        let lang = self.tour_lang();
        let titles = CHAPTERS.iter().map(|c| c.prose.title.get(lang)).collect();
        let current = self.tour.map_or("", |t| t.current().prose.title.get(lang));
        self.overlay = Overlay::Picker(Picker::new(Pick::Chapter, titles, current));
    }

    /// Opens the chapter titled `title` (from the chapter list).
    pub(super) fn open_chapter_titled(&mut self, title: &str) {
        let lang = self.tour_lang();
        let index = CHAPTERS
            .iter()
            .position(|c| c.prose.title.get(lang) == title);
        if let Some(i) = index
            && let Err(e) = self.start_tour(lang, i)
        {
            self.notice = Some(e);
        }
    }

    /// Sets chapter `chapter`'s scene, if it has one.
    fn open_chapter(&mut self, chapter: usize) -> Result<(), String> {
        match CHAPTERS[chapter].stage {
            Some(stage) => self.stage(&stage),
            None => Ok(()),
        }
    }

    /// The scene of `stage`: a fresh session, paused, at the stage's speed, continuous noise
    /// off (a chapter's numbers assume none); layers, the noise's size and the language stay
    /// as the reader set them.
    fn stage(&mut self, stage: &Stage) -> Result<(), String> {
        let setup = Setup {
            landscape: LandscapeChoice::Named(stage.landscape.to_owned()),
            optimizers: stage.optimizers.iter().map(|s| (*s).to_owned()).collect(),
            start: stage.start.map(<[f64]>::to_vec),
            seed: self.scene.seed,
            hyper: Overrides {
                lr: stage.lr,
                values: Vec::new(),
            },
            schedules: Vec::new(),
        };
        let session = setup.resolve().map_err(|e| e.to_string())?;
        let fresh = App::new(session, self.options)?;
        self.scene = fresh.scene;
        self.racers = fresh.racers;
        self.tuning = fresh.tuning;
        self.controls.running = false;
        self.controls.speed = stage.speed;
        self.controls.slow = 1;
        self.controls.continuous_noise = false;
        self.overlay = Overlay::None;
        self.ensemble = None;
        self.notice = None;
        Ok(())
    }
}
