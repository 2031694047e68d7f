//! The whole of `plateau render` for a 200x60 frame, as a user runs it: resolving the
//! setup, the critical-point search, 1000 optimizer steps for the trail, the contour and
//! the text. Run with `cargo bench --bench render`.

use clap::Parser;
use divan::Bencher;
use plateau::cli::{Cli, Command, RenderArgs, render_frame};

fn main() {
    divan::main();
}

/// The arguments of `plateau render -l LANDSCAPE -o adam --steps 1000 --width 200
/// --height 60 [--color always]`.
fn args(landscape: &str, color: bool) -> RenderArgs {
    let mut words = vec![
        "plateau", "render", "-l", landscape, "-o", "adam", "--steps", "1000", "--width", "200",
        "--height", "60",
    ];
    if color {
        words.extend(["--color", "always"]);
    }
    match Cli::parse_from(words).command {
        Some(Command::Render(args)) => args,
        _ => unreachable!("a render command line"),
    }
}

/// Plain text: level digits.
#[divan::bench(args = ["rosenbrock", "neuron", "goldstein-price"])]
fn frame_200x60(bencher: Bencher, landscape: &str) {
    let args = args(landscape, false);
    bencher.bench_local(|| render_frame(&args).expect("renders"));
}

/// With colour: braille isolines at 2x4 samples per cell.
#[divan::bench(args = ["rosenbrock", "neuron", "goldstein-price"])]
fn coloured_frame_200x60(bencher: Bencher, landscape: &str) {
    let args = args(landscape, true);
    bencher.bench_local(|| render_frame(&args).expect("renders"));
}
