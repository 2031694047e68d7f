//! Snapshots of every `--help` text, so that a change to the command line is seen in review.

use clap::CommandFactory;
use plateau::cli::Cli;

fn help(path: &[&str]) -> String {
    let mut cmd = Cli::command();
    let mut sub = &mut cmd;
    for name in path {
        sub = sub.find_subcommand_mut(name).expect("subcommand exists");
    }
    sub.render_long_help().to_string()
}

#[test]
fn top_level_help() {
    insta::assert_snapshot!(help(&[]));
}

#[test]
fn run_help() {
    insta::assert_snapshot!(help(&["run"]));
}

#[test]
fn list_help() {
    insta::assert_snapshot!(help(&["list"]));
}

#[test]
fn render_help() {
    insta::assert_snapshot!(help(&["render"]));
}

#[test]
fn basins_help() {
    insta::assert_snapshot!(help(&["basins"]));
}

#[test]
fn ensemble_help() {
    insta::assert_snapshot!(help(&["ensemble"]));
}

#[test]
fn theory_help() {
    insta::assert_snapshot!(help(&["theory"]));
}
