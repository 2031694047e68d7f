//! Prose for the terminal: text laid out by display columns, in English and Japanese alike.
//! Nothing here knows ratatui, so it is tested on plain strings; the views style the lines.
//!
//! - [`wrap`]: lines of at most N columns, breaking English at spaces and Japanese
//!   between characters, with kinsoku shori (no `。` or `」` starting a line, no `「`
//!   ending one).

pub mod wrap;
