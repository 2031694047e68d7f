//! The interactive explorer: `plateau` with no subcommand.
//!
//! Data flows one way. Terminal events become [`app::Action`]s ([`input`]); the
//! [`app::App`] changes only through [`app::App::update`] and [`app::App::tick`] (and hears
//! from [`derive`](mod@derive) what could not be computed); [`derive`](mod@derive) brings what is derived from the
//! app up to date for each frame — the layout, the tour's text and pages, the map's rasters
//! and the many runs, computed in the background in the live explorer; the view ([`ui`])
//! draws the app and what was derived, and computes nothing itself; [`term`] owns the
//! terminal (or the virtual one of a recording) and runs the loop. [`config::Config`] is
//! all it starts from.

pub mod app;
pub mod config;
pub mod derive;
pub mod input;
pub mod term;
pub mod text;
pub mod theme;
pub mod tour;
pub mod ui;

/// Opens the explorer and returns when the user quits; with [`config::Config::record`] it
/// plays the key script headless into a recording instead.
pub fn explore(config: config::Config) -> Result<(), String> {
    match &config.record {
        Some(recording) => term::headless::record(&config, recording),
        None => term::live::run(config),
    }
}
