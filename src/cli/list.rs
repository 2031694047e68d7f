//! `plateau list`: the landscapes and optimizers with their defaults, as text or JSON.

use super::ListArgs;
use crate::cli::output::{Out, finish};
use plateau_core::format_float;
use plateau_core::landscape::{self, Landscape};
use plateau_core::optim::{self, OptimizerKind, OptimizerSpec, Overrides};
use serde_json::{Value as Json, json};
use std::io::Write;
use std::sync::Arc;

/// Runs `plateau list`.
pub fn list(args: &ListArgs) -> Result<(), String> {
    let landscapes: Vec<Arc<dyn Landscape>> =
        landscape::REGISTRY.iter().map(|e| (e.build)()).collect();
    let mut out = Out::stdout();
    let written = if args.json {
        serde_json::to_writer_pretty(&mut out, &as_json(&landscapes))
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
            "  {:<16} axes ({}, {})  domain [{}, {}]x[{}, {}]  start ({}, {})",
            "",
            info.axes[0],
            info.axes[1],
            d.x_min,
            d.x_max,
            d.y_min,
            d.y_max,
            info.start.x,
            info.start.y
        )?;
        let lrs: Vec<String> = suggested_lrs(landscape.as_ref())
            .iter()
            .map(|(name, lr)| format!("{name} {}", format_float(*lr)))
            .collect();
        writeln!(out, "  {:<16} suggested lr: {}", "", lrs.join(", "))?;
        let minima: Vec<String> = info
            .known_points
            .iter()
            .map(|k| {
                format!(
                    "{} ({}, {}) L={}",
                    k.kind.name(),
                    k.position.x,
                    k.position.y,
                    k.value
                )
            })
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

fn as_json(landscapes: &[Arc<dyn Landscape>]) -> Json {
    let landscapes: Vec<Json> = landscapes
        .iter()
        .map(|landscape| {
            let info = landscape.info();
            let suggested: serde_json::Map<String, Json> = suggested_lrs(landscape.as_ref())
                .into_iter()
                .map(|(name, lr)| (name.to_owned(), json!(lr)))
                .collect();
            json!({
                "name": info.name,
                "description": info.description,
                "formula": info.formula,
                "axes": info.axes,
                "domain": info.domain,
                "start": [info.start.x, info.start.y],
                "suggested_lr": suggested,
                "known_points": info.known_points.iter().map(|k| json!({
                    "position": [k.position.x, k.position.y],
                    "value": k.value,
                    "kind": k.kind.name(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let optimizers: Vec<Json> = optim::REGISTRY.iter().map(|k| optimizer_json(k)).collect();
    json!({ "landscapes": landscapes, "optimizers": optimizers })
}

fn optimizer_json(kind: &OptimizerKind) -> Json {
    let params: Vec<Json> = kind
        .params
        .iter()
        .map(|p| json!({ "name": p.name, "default": p.default, "help": p.help }))
        .collect();
    json!({
        "name": kind.name,
        "summary": kind.summary,
        "lr_default": kind.lr_family,
        "hyperparameters": params,
    })
}
