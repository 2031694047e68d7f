//! `plateau tour`: the explorer with the guided tour open, in English or Japanese; with
//! `--list`, the chapters' titles.

use super::ScreenArgs;
use crate::cli::output::{Out, finish};
use crate::tui::tour::{CHAPTERS, Lang};
use clap::Args;
use plateau_core::setup::Setup;
use std::io::Write;

/// Options of `plateau tour`.
#[derive(Debug, Args)]
pub struct TourArgs {
    /// Language of the tour: en or ja (default: ja if LC_ALL, LC_MESSAGES or LANG starts
    /// with ja, else en).
    #[arg(long, value_name = "LANG", value_parser = |s: &str| Lang::parse(s))]
    pub lang: Option<Lang>,
    /// Open at chapter N (see --list).
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub chapter: usize,
    /// Print the chapters' titles and exit.
    #[arg(long)]
    pub list: bool,
    /// How to draw, what to play, where to record.
    #[command(flatten)]
    pub screen: ScreenArgs,
}

/// Runs `plateau tour`.
pub fn tour(args: &TourArgs) -> Result<(), String> {
    let lang = args.lang.unwrap_or_else(|| {
        if args.screen.ascii {
            Lang::En
        } else {
            Lang::from_env()
        }
    });
    if args.screen.ascii && lang == Lang::Ja {
        return Err("--ascii cannot show Japanese: leave out --ascii, or use --lang en".into());
    }
    if !(1..=CHAPTERS.len()).contains(&args.chapter) {
        return Err(format!(
            "--chapter must be in 1..={}, got {} (plateau tour --list shows them)",
            CHAPTERS.len(),
            args.chapter
        ));
    }
    if args.list {
        let mut out = Out::stdout();
        let mut written = Ok(());
        for (i, chapter) in CHAPTERS.iter().enumerate() {
            written = written
                .and_then(|()| writeln!(out, "{:>2}  {}", i + 1, chapter.prose.title.get(lang)));
        }
        return finish(written.and_then(|()| out.flush()));
    }
    // The chapter opened sets its own scene; the last, which is about your own formula,
    // starts on this default one.
    let session = Setup::default().resolve().map_err(|e| e.to_string())?;
    let config = args
        .screen
        .config(session, None, Some((lang, args.chapter - 1)))?;
    crate::tui::explore(config)
}
