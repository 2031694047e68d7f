//! What the explorer needs to start, as plain data: the resolved session, how to draw, the
//! key script and, for a headless recording, where it goes. The command line builds it
//! (`crate::cli`); nothing here knows about flags.

use crate::tui::app::App;
use crate::tui::app::opening::Opening;
use crate::tui::input::script::Located;
use crate::tui::theme::Options;
use crate::tui::tour::Lang;
use plateau_core::setup::Session;
use plateau_core::views::View;
use std::num::NonZeroUsize;
use std::path::PathBuf;

/// A headless recording: the script is played on a virtual clock into an asciicast file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recording {
    /// Where the asciicast goes.
    pub path: PathBuf,
    /// The screen size, columns and rows.
    pub size: (u16, u16),
}

/// Everything the explorer starts from.
#[derive(Clone)]
pub struct Config {
    /// What runs.
    pub session: Session,
    /// The view of an N-D landscape to open on (`None`: its own).
    pub view: Option<View>,
    /// Threads of the basin map and the escape ensemble (the result does not depend on
    /// them).
    pub threads: NonZeroUsize,
    /// How it is drawn.
    pub options: Options,
    /// The language of the tour.
    pub lang: Lang,
    /// The tour's chapter to open on (0-based), if it opens.
    pub tour: Option<usize>,
    /// The key script to play (empty: none).
    pub script: Vec<Located>,
    /// A headless recording instead of a live session.
    pub record: Option<Recording>,
    /// The toggles and settings it opens with (flags instead of keys).
    pub opening: Opening,
}

impl Config {
    /// The explorer this configuration starts: its session seen through its view, speaking
    /// its language, the tour open if it asks, set as its opening asks.
    pub fn app(&self) -> Result<App, String> {
        let mut app = App::opening(
            self.session.clone(),
            self.options,
            self.view,
            self.lang,
            self.tour,
        )?;
        app.open_with(&self.opening)?;
        Ok(app)
    }
}
