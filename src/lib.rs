//! plateau's terminal side: the headless command line and the interactive explorer, both
//! thin layers over [`plateau_core`].

pub mod cli;
pub mod style;
pub mod tui;
