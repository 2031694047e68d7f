//! `plateau list`: the landscapes and optimizers with their defaults, as text or JSON.

use super::ListArgs;
use crate::cli::json;
use crate::cli::output::{Out, finish};
use plateau_core::landscape::{self, Landscape, LandscapeInfo};
use plateau_core::optim::{self, OptimizerKind, OptimizerSpec, Overrides};
use plateau_core::text::format::round_trip;
use serde::Serialize;
use serde::ser::SerializeMap;
use std::io::Write;
use std::sync::Arc;

/// Runs `plateau list`.
pub fn list(args: &ListArgs) -> Result<(), String> {
    let landscapes: Vec<Arc<dyn Landscape>> = landscape::REGISTRY
        .iter()
        .map(landscape::Entry::landscape)
        .collect();
    let mut out = Out::stdout();
    let written = if args.json {
        json::to_writer_pretty(&mut out, &Listing::of(&landscapes))
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(out))
    } else {
        write_text(&mut out, &landscapes)
    };
    finish(written.and_then(|()| out.flush()))
}

/// The suggested learning rate of every optimizer that can run on `landscape` (natgrad only
/// on a model's loss).
fn suggested_lrs(landscape: &dyn Landscape) -> Vec<(&'static str, f64)> {
    optim::REGISTRY
        .iter()
        .filter_map(|&kind| {
            let spec =
                OptimizerSpec::resolve(kind, &Overrides::default(), &landscape.info().lr).ok()?;
            spec.build(landscape).ok()?;
            Some((kind.name, spec.hyper.lr))
        })
        .collect()
}

fn write_text(out: &mut Out, landscapes: &[Arc<dyn Landscape>]) -> std::io::Result<()> {
    writeln!(out, "LANDSCAPES")?;
    for landscape in landscapes {
        let info = landscape.info();
        let d = info.domain;
        writeln!(out, "  {:<16} {}", info.name, info.description)?;
        writeln!(
            out,
            "  {:<16} {} parameters ({})  domain [{}, {}]x[{}, {}]  start ({})",
            "",
            info.dim(),
            info.parameters.join(", "),
            d.x_min,
            d.x_max,
            d.y_min,
            d.y_max,
            numbers(&info.start)
        )?;
        let lrs: Vec<String> = suggested_lrs(landscape.as_ref())
            .iter()
            .map(|(name, lr)| format!("{name} {}", round_trip(*lr)))
            .collect();
        writeln!(out, "  {:<16} suggested lr: {}", "", lrs.join(", "))?;
        let minima: Vec<String> = info
            .known_points
            .iter()
            .map(|k| format!("{} ({}) L={}", k.kind.name(), numbers(&k.position), k.value))
            .collect();
        if !minima.is_empty() {
            writeln!(out, "  {:<16} known: {}", "", minima.join("; "))?;
        }
    }
    writeln!(out)?;
    writeln!(out, "OPTIMIZERS")?;
    for kind in optim::REGISTRY {
        writeln!(out, "  {:<10} {}", kind.name, kind.summary)?;
        for p in kind.params {
            writeln!(
                out,
                "  {:<10}   --{:<26} default {:<12} {}",
                "",
                p.name.replace('_', "-"),
                p.default.to_string(),
                p.help
            )?;
        }
    }
    Ok(())
}

/// Numbers as `a, b, …`.
fn numbers(values: &[f64]) -> String {
    (values.iter().map(f64::to_string))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What `plateau list --json` prints.
#[derive(Serialize)]
struct Listing<'a> {
    landscapes: Vec<LandscapeEntry<'a>>,
    optimizers: &'static [&'static OptimizerKind],
}

/// One landscape: its description and the learning rate every optimizer would take there.
#[derive(Serialize)]
struct LandscapeEntry<'a> {
    #[serde(flatten)]
    info: &'a LandscapeInfo,
    suggested_lr: SuggestedLrs,
}

/// `(optimizer, lr)` pairs, serialised as a map in registry order.
struct SuggestedLrs(Vec<(&'static str, f64)>);

impl Serialize for SuggestedLrs {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, lr) in &self.0 {
            map.serialize_entry(name, lr)?;
        }
        map.end()
    }
}

impl<'a> Listing<'a> {
    /// The listing of `landscapes` and the whole optimizer registry.
    fn of(landscapes: &'a [Arc<dyn Landscape>]) -> Self {
        Self {
            landscapes: (landscapes.iter())
                .map(|l| LandscapeEntry {
                    info: l.info(),
                    suggested_lr: SuggestedLrs(suggested_lrs(l.as_ref())),
                })
                .collect(),
            optimizers: optim::REGISTRY,
        }
    }
}
