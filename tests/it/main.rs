//! Every integration test of this crate in one binary, so the dependencies are linked once
//! rather than once per file. Each module is one former test file.

mod cli;
mod cli_schedule;
mod cli_support;
mod completions;
mod demo_tape;
mod divergence;
mod expr;
mod faults;
mod float_format;
mod help;
mod keymap;
mod layers;
mod limits;
mod many_runs;
mod no_terminal;
mod opening;
mod properties;
mod pty;
mod pty_support;
mod pty_workers;
mod recording;
mod robustness_doc;
mod short_numbers;
mod soak;
mod tour_record;
mod tui_app;
mod tui_charts;
mod tui_colours;
mod tui_interaction;
mod tui_many;
mod tui_snapshots;
mod tui_support;
mod tui_tour;
mod tui_views;
mod verdicts;
