//! The map: the loss shaded under its isolines, the flat and singular regions, trails,
//! critical points, the start, arrows at the selected marker and the markers, with axes, a
//! colour key and a legend, in a titled box. The explorer draws it on the left of the
//! screen; `plateau render` draws it alone into a buffer and prints it.

use crate::tui::app::{App, RECENT_TRAIL};
use crate::tui::derive::layout::{MapAreas, x_labels, y_labels};
use crate::tui::theme::{self, FLAT, SINGULAR};
use plateau_core::analysis::Curvature;
use plateau_core::landscape::{CriticalKind, Surface};
use plateau_core::many::basins::BasinMap;
use plateau_core::many::ensemble::EnsembleResult;
use plateau_core::picture::raster::{Contour, Mark, locate};
use plateau_core::picture::terrain::Terrain;
use plateau_core::text::format;
use plateau_core::verdict;
use plateau_core::{Domain, Point};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// Cells an arrow at the marker spans (horizontally; rows count double, being taller).
const ARROW_CELLS: f64 = 7.0;

/// What the map draws over the contour.
#[derive(Clone, Copy)]
pub struct LayerData<'a> {
    /// The flat and singular cells, when the layer is on.
    pub terrain: Option<&'a Terrain>,
    /// The basin map behind the contour, when the layer is on.
    pub basins: Option<&'a BasinMap>,
    /// The escape ensemble whose copies' end points are drawn, when one is shown.
    pub ensemble: Option<&'a EnsembleResult>,
    /// Whether the racers (trails, markers, arrows) are drawn: not when `plateau render`
    /// was asked for the landscape alone.
    pub racers: bool,
}

/// Draws the map of `app` into `areas` with `contour` (the raster of the view at the cells'
/// size; `None` draws no contour) and `layers`.
pub fn render(
    app: &App,
    contour: Option<&Contour>,
    layers: LayerData<'_>,
    areas: &MapAreas,
    buf: &mut Buffer,
) {
    let options = app.options();
    let info = app.scene().landscape.info();
    let room = usize::from(areas.block.width.saturating_sub(4));
    let name = format!(" {} ", info.name);
    let mut description = theme::text(options, &info.description);
    let left = room.saturating_sub(name.chars().count() + 1);
    if description.chars().count() > left {
        let tail = theme::pick(options, "… i", "... i");
        let keep = left.saturating_sub(tail.chars().count());
        description = description.chars().take(keep).collect::<String>() + tail;
    }
    let title = Line::from(vec![
        Span::styled(name, Style::new().bold()),
        Span::styled(format!("{description} "), theme::dim(options)),
    ]);
    theme::block(options)
        .title(title)
        .title_bottom(legend(app, layers.racers))
        .render(areas.block, buf);
    axes(app, areas, buf);
    if let Some(contour) = contour {
        cells(app, contour, areas.cells, buf);
    }
    if let Some(basin_map) = layers.basins {
        basins(app, basin_map, areas.cells, buf);
    }
    if let (Some(terrain), Some(contour)) = (layers.terrain, contour) {
        ground(app, terrain, contour, areas.cells, buf);
    }
    if let Some(result) = layers.ensemble {
        copies(app, result, areas.cells, buf);
    }
    marks(app, areas.cells, layers.racers, buf);
    key(app, contour, &layers, areas.key, buf);
}

/// The line of mark meanings under the map.
fn legend(app: &App, racers: bool) -> Line<'static> {
    let options = app.options();
    let mut spans = Vec::new();
    let entries = [
        (Mark::Start, "start"),
        (Mark::Critical(CriticalKind::Minimum), "min"),
        (Mark::Critical(CriticalKind::Saddle), "saddle"),
        (Mark::Critical(CriticalKind::Maximum), "max"),
    ];
    if racers && !app.racers().race() {
        spans.push(Span::styled(
            format!(" {} now", theme::racer_glyph(false, 0)),
            theme::marker_style(options, 0),
        ));
    }
    for (mark, meaning) in entries {
        spans.push(Span::raw(format!(
            " {} {meaning}",
            mark.glyph(options.ascii)
        )));
    }
    spans.push(Span::raw(" "));
    Line::from(spans)
}

/// The axis ranges: y at the left (top value, name, bottom value), x underneath.
fn axes(app: &App, areas: &MapAreas, buf: &mut Buffer) {
    let options = app.options();
    let view = app.scene().region;
    let style = theme::dim(options);
    let axes_names = app.scene().axes();
    let y = y_labels(&view, &axes_names[1]);
    let axis = areas.y_axis;
    if axis.width > 1 && axis.height > 0 {
        let rows = [axis.y, axis.y + axis.height / 2, axis.bottom() - 1];
        for (label, row) in y.iter().zip(rows) {
            let label = theme::text(options, label);
            let line = Line::styled(label, style).right_aligned();
            line.render(Rect::new(axis.x, row, axis.width - 1, 1), buf);
        }
    }
    let [left, name, right] = x_labels(&view, &axes_names[0]);
    let row = areas.x_axis;
    Line::styled(theme::text(options, &left), style).render(row, buf);
    Line::styled(theme::text(options, &name), style)
        .centered()
        .render(row, buf);
    Line::styled(theme::text(options, &right), style)
        .right_aligned()
        .render(row, buf);
}

/// The shaded contour cells (clipped to `map` if the raster is from another size): the
/// level's colour as background with the isolines over it; without colour, a density ramp
/// of the levels instead.
fn cells(app: &App, contour: &Contour, map: Rect, buf: &mut Buffer) {
    let options = app.options();
    let cols = contour.cols().min(usize::from(map.width));
    let rows = contour.rows().min(usize::from(map.height));
    for row in 0..rows {
        for col in 0..cols {
            let cell = contour.cell(col, row);
            let target = &mut buf[(map.x + col as u16, map.y + row as u16)];
            if !options.color {
                if let Some(band) = cell.band {
                    target.set_char(theme::ramp(band));
                }
                continue;
            }
            if let Some(bg) = theme::shade(options, cell.band, cell.level) {
                target.set_bg(bg);
            }
            if cell.ch != ' ' {
                target
                    .set_char(cell.ch)
                    .set_style(theme::ink(options, cell.band, cell.level));
            }
        }
    }
}

/// The basin map behind the isolines: each computed cell (or the coarser cell standing for
/// it) in its minimum's colour; without colour, its status's symbol instead of the shading.
fn basins(app: &App, basin_map: &BasinMap, map: Rect, buf: &mut Buffer) {
    let options = app.options();
    let cols = basin_map.grid.cols().min(usize::from(map.width));
    let rows = basin_map.grid.rows().min(usize::from(map.height));
    for row in 0..rows {
        for col in 0..cols {
            let Some(cell) = basin_map.shown(col, row) else {
                continue;
            };
            let target = &mut buf[(map.x + col as u16, map.y + row as u16)];
            match super::basins::background(options, cell) {
                Some(bg) => {
                    target.set_bg(bg);
                    if target.symbol() != " " {
                        target.set_fg(theme::BASIN_INK);
                    }
                }
                None => {
                    target.set_char(cell.status.symbol());
                }
            }
        }
    }
}

/// Where the copies of an escape ensemble ended, one mark per cell that holds any.
fn copies(app: &App, result: &EnsembleResult, map: Rect, buf: &mut Buffer) {
    let options = app.options();
    let scene = app.scene();
    let grid = Cells {
        region: scene.region,
        map,
    };
    let glyph = theme::pick_char(options, '◦', '%');
    let style = theme::copy_style(options);
    for copy in 0..result.members.len() {
        if result.members[copy].is_some() {
            grid.put(buf, scene.project(result.end(copy)), glyph, style);
        }
    }
}

/// The flat and singular cells over the contour.
fn ground(app: &App, terrain: &Terrain, contour: &Contour, map: Rect, buf: &mut Buffer) {
    let options = app.options();
    let cols = terrain.cols().min(usize::from(map.width));
    let rows = terrain.rows().min(usize::from(map.height));
    let glyph = |(unicode, ascii): (char, char)| if options.ascii { ascii } else { unicode };
    for row in 0..rows {
        for col in 0..cols {
            let g = terrain.cell(col, row);
            let level = if col < contour.cols() && row < contour.rows() {
                contour.cell(col, row).level
            } else {
                None
            };
            let target = &mut buf[(map.x + col as u16, map.y + row as u16)];
            if g.singular
                && let Some(dim) = theme::singular_shade(options, level)
            {
                // In 24-bit colour a singular region is its shading, dimmed.
                target.set_bg(dim);
            } else if g.singular && !g.flat && (col + row) % 3 == 0 {
                target
                    .set_char(glyph(SINGULAR))
                    .set_style(theme::hatch_style(options));
            }
            if g.flat {
                target
                    .set_char(glyph(FLAT))
                    .set_style(theme::flat_style(options));
            }
        }
    }
}

/// Where plane points fall on the map's cells.
struct Cells {
    region: Domain,
    map: Rect,
}

impl Cells {
    /// The cell `(col, row)` of the map showing `p`, if it is in view.
    fn cell(&self, p: Point) -> Option<(u16, u16)> {
        let (cols, rows) = (usize::from(self.map.width), usize::from(self.map.height));
        locate(self.region, cols, rows, p).map(|(c, r)| (c as u16, r as u16))
    }

    /// Writes `ch` in `style` at `p`, if it is in view.
    fn put(&self, buf: &mut Buffer, p: Point, ch: char, style: Style) {
        if let Some((col, row)) = self.cell(p) {
            self.put_cell(buf, col, row, ch, style);
        }
    }

    /// Writes `ch` in `style` at cell `(col, row)` of the map (ignored outside), keeping
    /// the shading unless `style` has a background.
    fn put_cell(&self, buf: &mut Buffer, col: u16, row: u16, ch: char, style: Style) {
        if col < self.map.width && row < self.map.height {
            buf[(self.map.x + col, self.map.y + row)]
                .set_char(ch)
                .set_style(style);
        }
    }

    /// A plane vector `(du, dv)` in cells (columns right, rows down).
    fn cells_of(&self, d: Point) -> (f64, f64) {
        let (hx, hy) = (
            self.region.width() / f64::from(self.map.width.max(1)),
            self.region.height() / f64::from(self.map.height.max(1)),
        );
        (d.x / hx, -d.y / hy)
    }
}

/// Trails, critical points, the start, the arrows and the markers, in increasing priority;
/// the selected racer is drawn over the others, racers sharing a cell side by side, and a
/// marker out of view as an arrow at the edge pointing to it.
fn marks(app: &App, map: Rect, racers_drawn: bool, buf: &mut Buffer) {
    let options = app.options();
    let scene = app.scene();
    let grid = Cells {
        region: scene.region,
        map,
    };
    let racers = app.racers();
    let mut order: Vec<usize> = (0..racers.all().len())
        .filter(|&i| racers_drawn && racers.all()[i].visible())
        .collect();
    order.sort_by_key(|&i| i == racers.selected_index());
    for &i in &order {
        let racer = &racers.all()[i];
        let style = theme::racer_style(options, i);
        let recent_from = racer.trail().len().saturating_sub(RECENT_TRAIL);
        for (k, p) in racer.trail().enumerate() {
            let recent = k >= recent_from;
            let glyph = theme::trail_glyph(options, i, recent);
            let style = if recent {
                style
            } else {
                style.add_modifier(Modifier::DIM)
            };
            grid.put(buf, scene.project(p), glyph, style);
        }
    }
    let bold = Style::new().add_modifier(Modifier::BOLD);
    // Lower priorities first, so that the mark that wins a shared cell is drawn last.
    let mut points: Vec<_> = (scene.marked_critical())
        .map(|(k, at)| (Mark::Critical(k.kind), at))
        .collect();
    points.sort_by_key(|(mark, _)| mark.priority());
    for (mark, position) in points {
        grid.put(buf, position, mark.glyph(options.ascii), bold);
    }
    grid.put(
        buf,
        scene.project(&scene.start),
        Mark::Start.glyph(options.ascii),
        bold,
    );
    if racers_drawn && app.layers().arrows {
        arrows(app, &grid, buf);
    }
    markers(app, &grid, &order, buf);
}

/// The markers of the visible racers (`order`, selected last): racers in one cell are drawn
/// side by side (a third and more as `+`); one out of view is an arrow at the edge.
fn markers(app: &App, grid: &Cells, order: &[usize], buf: &mut Buffer) {
    let options = app.options();
    let scene = app.scene();
    let race = app.racers().race();
    let racers = app.racers().all();
    let mut cells: Vec<((u16, u16), Vec<usize>)> = Vec::new();
    for &i in order.iter().rev() {
        let p = scene.project(racers[i].position());
        match grid.cell(p) {
            Some(cell) => match cells.iter_mut().find(|(c, _)| *c == cell) {
                Some((_, group)) => group.push(i),
                None => cells.push((cell, vec![i])),
            },
            None => off_screen(app, grid, i, p, buf),
        }
    }
    for ((col, row), group) in cells.iter().rev() {
        for (k, &i) in group.iter().enumerate().take(3) {
            let ch = if k == 2 && group.len() > 3 {
                '+'
            } else {
                theme::racer_glyph(race, i)
            };
            let style = theme::marker_style(options, i);
            grid.put_cell(buf, col + k as u16, *row, ch, style);
        }
    }
}

/// An arrow at the edge of the map, in racer `i`'s colour, pointing to its marker at `p`
/// out of view.
fn off_screen(app: &App, grid: &Cells, i: usize, p: Point, buf: &mut Buffer) {
    if !(p.x.is_finite() && p.y.is_finite()) {
        return;
    }
    let centre = grid.region.center();
    let (dx, dy) = grid.cells_of(p - centre);
    let (w, h) = (f64::from(grid.map.width), f64::from(grid.map.height));
    // Scale the direction from the centre until it meets the border.
    let scale = ((w / 2.0 - 0.5) / dx.abs()).min((h / 2.0 - 0.5) / dy.abs());
    if !scale.is_finite() {
        return;
    }
    let col = (w / 2.0 + dx * scale).clamp(0.0, w - 1.0) as u16;
    let row = (h / 2.0 + dy * scale).clamp(0.0, h - 1.0) as u16;
    let ch = arrowhead(app.options().ascii, dx, dy);
    grid.put_cell(buf, col, row, ch, theme::marker_style(app.options(), i));
}

/// The arrowhead glyph pointing along `(dx, dy)` in cells (rows down).
fn arrowhead(ascii: bool, dx: f64, dy: f64) -> char {
    const UNICODE: [char; 8] = ['→', '↘', '↓', '↙', '←', '↖', '↑', '↗'];
    const ASCII: [char; 8] = ['>', '\\', 'v', '/', '<', '\\', '^', '/'];
    // Rows are about twice as tall as columns are wide.
    let angle = (2.0 * dy).atan2(dx);
    let octant = ((angle / std::f64::consts::FRAC_PI_4).round() as i32).rem_euclid(8) as usize;
    if ascii {
        ASCII[octant]
    } else {
        UNICODE[octant]
    }
}

/// The arrows at the selected racer's marker: −∇L (unless the run has converged, where its
/// direction is round-off), the step just taken, and where the surface curves down (a
/// descent direction, by the verdict) its negative-curvature direction, both ways.
fn arrows(app: &App, grid: &Cells, buf: &mut Buffer) {
    let options = app.options();
    let scene = app.scene();
    let racers = app.racers();
    let racer = racers.selected();
    if !racer.visible() {
        return;
    }
    let at = scene.project(racer.position());
    let surface = scene.surface();
    let descent = scene.descent(racer.position());
    let step = scene.project_vector(&racer.last_step());
    let curvature = Curvature::of(surface.hessian(at));
    let (gradient_style, step_style, curve_style) = theme::arrow_styles(options);
    if let Some(c) = curvature.filter(|c| verdict::has_descent_direction(&c.eigenvalues)) {
        let e = c.eigenvectors[0];
        for way in [e, -e] {
            ray(
                grid,
                buf,
                at,
                way,
                '╌',
                '"',
                options.ascii,
                curve_style,
                false,
            );
        }
    }
    ray(
        grid,
        buf,
        at,
        step,
        '∘',
        '\'',
        options.ascii,
        step_style,
        true,
    );
    if !verdict::converged(racer.sample().grad_norm) {
        ray(
            grid,
            buf,
            at,
            descent,
            '·',
            ';',
            options.ascii,
            gradient_style,
            true,
        );
    }
}

/// A ray of [`ARROW_CELLS`] cells from `at` along plane direction `d`, drawn with `dot`
/// (or `ascii_dot`) and, if `head`, an arrowhead at its end; nothing for a zero or
/// non-finite direction.
#[allow(clippy::too_many_arguments)]
fn ray(
    grid: &Cells,
    buf: &mut Buffer,
    at: Point,
    d: Point,
    dot: char,
    ascii_dot: char,
    ascii: bool,
    style: Style,
    head: bool,
) {
    let Some((c0, r0)) = grid.cell(at) else {
        return;
    };
    let (dx, dy) = grid.cells_of(d);
    let length = dx.hypot(2.0 * dy);
    if !(length.is_finite() && length > 0.0) {
        return;
    }
    let (ux, uy) = (dx / length * ARROW_CELLS, dy / length * ARROW_CELLS);
    let steps = ARROW_CELLS as usize;
    for k in 1..=steps {
        let t = k as f64 / steps as f64;
        let col = f64::from(c0) + 0.5 + ux * t;
        let row = f64::from(r0) + 0.5 + uy * t;
        if col < 0.0 || row < 0.0 {
            return;
        }
        let ch = if head && k == steps {
            arrowhead(ascii, dx, dy)
        } else if ascii {
            ascii_dot
        } else {
            dot
        };
        let (col, row) = (col as u16, row as u16);
        if (col, row) != (c0, r0) {
            grid.put_cell(buf, col, row, ch, style);
        }
    }
}

/// The colour key under the map: the palette (or the density ramp) with the lowest and
/// highest level and the scale, then what the flat and singular marks and the arrows mean,
/// as far as the row allows.
fn key(app: &App, contour: Option<&Contour>, layers: &LayerData<'_>, row: Rect, buf: &mut Buffer) {
    let options = app.options();
    let dim = theme::dim(options);
    let mut spans: Vec<Span> = Vec::new();
    if layers.basins.is_some() {
        spans.push(Span::raw(" basins: "));
        spans.push(Span::styled(
            if options.color {
                "hue = minimum reached, darker = slower, grey = stalled"
            } else {
                "letter = minimum reached, ~ stalled, ? moving, # diverged"
            },
            dim,
        ));
    } else if let Some(scale) = contour.and_then(|c| c.scale()) {
        for band in 0..plateau_core::picture::raster::BANDS {
            let t = (f32::from(band) + 0.5) / f32::from(plateau_core::picture::raster::BANDS);
            let style = match theme::shade(options, Some(band), Some(t)) {
                Some(bg) => Style::new().bg(bg),
                None => Style::new(),
            };
            let ch = if options.color {
                ' '
            } else {
                theme::ramp(band)
            };
            spans.push(Span::styled(ch.to_string(), style));
        }
        spans.push(Span::styled(
            format!(
                " {} {} {} ",
                format::short(scale.min, 3),
                theme::pick(options, "…", ".."),
                format::short(scale.max, 3)
            ),
            Style::new(),
        ));
        spans.push(Span::styled(
            if scale.log { "log " } else { "linear " },
            dim,
        ));
    }
    if let Some(terrain) = layers.terrain {
        let (flat, singular) = terrain.any();
        let glyph = |(unicode, ascii): (char, char)| if options.ascii { ascii } else { unicode };
        if flat {
            spans.push(Span::raw(" "));
            spans.push(Span::styled(
                glyph(FLAT).to_string(),
                theme::flat_style(options),
            ));
            spans.push(Span::raw(" flat"));
        }
        if singular {
            let swatch = theme::singular_shade(options, Some(0.5));
            match swatch {
                Some(bg) => {
                    spans.push(Span::raw(" "));
                    spans.push(Span::styled(" ", Style::new().bg(bg)));
                    spans.push(Span::raw(" singular"));
                }
                None => {
                    spans.push(Span::raw(" "));
                    spans.push(Span::styled(
                        glyph(SINGULAR).to_string(),
                        theme::hatch_style(options),
                    ));
                    spans.push(Span::raw(" singular"));
                }
            }
        }
    }
    if layers.ensemble.is_some() {
        spans.push(Span::styled(
            format!("  {} copies' ends", theme::pick_char(options, '◦', '%')),
            theme::copy_style(options),
        ));
    }
    if layers.racers && app.layers().arrows && !app.racers().all().is_empty() {
        let (gradient, step, curve) = theme::arrow_styles(options);
        let pick = |u: &'static str, a: &'static str| theme::pick(options, u, a);
        spans.push(Span::styled(
            format!("  {}{}", pick("·→", ";>"), pick("−∇L", "-grad")),
            gradient,
        ));
        spans.push(Span::styled(format!(" {}step", pick("∘→", "'>")), step));
        spans.push(Span::styled(
            format!(" {}curving down", pick("╌", "\"")),
            curve,
        ));
    }
    Line::from(spans).render(row, buf);
}
