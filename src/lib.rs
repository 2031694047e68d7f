//! plateau's terminal side: the headless command line ([`cli`], the only module that knows
//! clap) and the interactive explorer ([`tui`]), both thin layers over [`plateau_core`].
//! Dependencies point one way: `cli` builds a [`tui::config::Config`] and may draw with the
//! explorer's widgets; `tui` never uses `cli`.

pub mod cli;
pub mod tui;
