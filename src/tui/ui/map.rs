//! The map: the contour raster, axis labels, critical points, start, trails and markers in
//! a titled box. The explorer draws it on the left of the screen; `plateau render` draws it
//! alone into a buffer and prints it.

use super::layout::{MapAreas, x_labels, y_labels};
use super::theme;
use crate::tui::app::{App, RECENT_TRAIL};
use plateau_core::Point;
use plateau_core::landscape::CriticalKind;
use plateau_core::raster::{Contour, Mark, locate};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// Draws the map of `app` into `areas`, with `contour` (the raster of the view at the
/// cells' size; `None` draws no contour).
pub fn render(app: &App, contour: Option<&Contour>, areas: &MapAreas, buf: &mut Buffer) {
    let options = app.options();
    let info = app.scene().landscape.info();
    let title = Line::from(vec![
        Span::styled(format!(" {} ", info.name), Style::new().bold()),
        Span::styled(
            theme::text(options, &format!("{} ", info.description)),
            theme::dim(options),
        ),
    ]);
    theme::block(options)
        .title(title)
        .title_bottom(legend(app))
        .render(areas.block, buf);
    axes(app, areas, buf);
    if let Some(contour) = contour {
        cells(app, contour, areas.cells, buf);
    }
    marks(app, areas.cells, buf);
}

/// The line of mark meanings under the contour.
fn legend(app: &App) -> Line<'static> {
    let options = app.options();
    let mut spans = Vec::new();
    let entries = [
        (Mark::Start, "start"),
        (Mark::Critical(CriticalKind::Minimum), "min"),
        (Mark::Critical(CriticalKind::Saddle), "saddle"),
        (Mark::Critical(CriticalKind::Maximum), "max"),
    ];
    if !app.racers().race() {
        spans.push(Span::styled(
            format!(" {} now", theme::racer_glyph(0)),
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
    let view = app.scene().view;
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

/// The contour cells (clipped to `map` if the raster is from another size).
fn cells(app: &App, contour: &Contour, map: Rect, buf: &mut Buffer) {
    let options = app.options();
    let cols = contour.cols().min(usize::from(map.width));
    let rows = contour.rows().min(usize::from(map.height));
    for row in 0..rows {
        for col in 0..cols {
            let cell = contour.cell(col, row);
            if cell.ch != ' ' {
                buf[(map.x + col as u16, map.y + row as u16)]
                    .set_char(cell.ch)
                    .set_style(theme::band_style(options, cell.band));
            }
        }
    }
}

/// Trails, critical points, the start and the markers, in increasing priority; the
/// selected racer is drawn over the others.
fn marks(app: &App, map: Rect, buf: &mut Buffer) {
    let options = app.options();
    let scene = app.scene();
    let view = scene.view;
    let racers = app.racers();
    let put = |buf: &mut Buffer, p: Point, ch: char, style: Style| {
        let (cols, rows) = (usize::from(map.width), usize::from(map.height));
        if let Some((col, row)) = locate(view, cols, rows, p) {
            buf[(map.x + col as u16, map.y + row as u16)]
                .set_char(ch)
                .set_style(style);
        }
    };
    let mut order: Vec<usize> = (0..racers.all().len())
        .filter(|&i| racers.all()[i].visible())
        .collect();
    order.sort_by_key(|&i| i == racers.selected_index());
    for &i in &order {
        let racer = &racers.all()[i];
        let style = theme::racer_style(options, i);
        let recent_from = racer.trail().len().saturating_sub(RECENT_TRAIL);
        for (k, p) in racer.trail().enumerate() {
            let recent = k >= recent_from;
            let mark = Mark::Trail { recent };
            let style = if recent {
                style
            } else {
                style.add_modifier(Modifier::DIM)
            };
            put(buf, scene.project(p), mark.glyph(options.ascii), style);
        }
    }
    let bold = Style::new().add_modifier(Modifier::BOLD);
    // Lower priorities first, so that the mark that wins a shared cell is drawn last.
    let mut points: Vec<_> = (scene.critical.iter())
        .map(|p| (Mark::Critical(p.kind), scene.project(&p.position)))
        .collect();
    points.sort_by_key(|(mark, _)| mark.priority());
    for (mark, position) in points {
        put(buf, position, mark.glyph(options.ascii), bold);
    }
    put(
        buf,
        scene.project(&scene.start),
        Mark::Start.glyph(options.ascii),
        bold,
    );
    for &i in &order {
        let position = scene.project(racers.all()[i].position());
        put(
            buf,
            position,
            theme::racer_glyph(i),
            theme::marker_style(options, i),
        );
    }
}
