//! Drawing: a pure function of the [`App`] onto a ratatui frame, one file per panel.

mod contour;
mod editor;
mod help;
mod keys;
mod legend;
mod picker;
mod readout;
mod sparklines;
mod theme;

use super::app::App;
use super::layout::{self, MIN_SIZE, centered};
use super::overlay::Overlay;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::widgets::{Paragraph, Widget, Wrap};

/// Rows of a sparkline box with one row of bars.
const SPARKLINE_MIN: u16 = 3;

/// Rows of a readout box showing step, run state and loss.
const READOUT_MIN: u16 = 4;

/// Rows of a readout box showing everything but the extra hyperparameters.
const READOUT_CORE: u16 = 8;

/// Draws the whole screen.
pub fn view(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    let y_name = &app.landscape().info().axes[1];
    let Some(areas) = layout::areas(area, &app.view(), y_name) else {
        too_small(area, buf);
        return;
    };
    contour::render(app, &areas, buf);
    panel(app, areas.panel, buf);
    keys::render(app, areas.keys, buf);
    match app.overlay() {
        Overlay::None => {}
        Overlay::Help => help::render(app, area, buf),
        Overlay::Picker(picker) => picker::render(picker, app.options(), area, buf),
        Overlay::Editor(editor) => editor::render(editor, app.options(), area, buf),
    }
}

/// The right-hand column: readout, race legend, then the two sparklines sharing the rest.
/// Rows are handed out by priority, so a short screen keeps the essentials: one row of bars
/// per sparkline, the readout's first lines, the legend, the rest of the readout's core
/// lines, a second row of bars, the extra hyperparameters, then more bars.
fn panel(app: &App, area: Rect, buf: &mut Buffer) {
    let legend_wanted = if app.race() { legend::height(app) } else { 0 };
    let wanted = readout::lines(app, area.width.saturating_sub(2)).len() as u16 + 2;
    let mut left = area.height;
    let mut take = |rows: u16| {
        let rows = rows.min(left);
        left -= rows;
        rows
    };
    let mut sparklines = take(2 * SPARKLINE_MIN);
    let mut readout = take(wanted.min(READOUT_MIN));
    let legend = take(legend_wanted);
    readout += take(wanted.min(READOUT_CORE).saturating_sub(readout));
    sparklines += take(2);
    readout += take(wanted - readout);
    sparklines += left;
    let row = |y: u16, height: u16| Rect::new(area.x, y, area.width, height);
    readout::render(app, row(area.y, readout), buf);
    if legend > 0 {
        legend::render(app, row(area.y + readout, legend), buf);
    }
    sparklines::render(app, row(area.y + readout + legend, sparklines), buf);
}

/// The message shown instead of the explorer on a too small terminal.
fn too_small(area: Rect, buf: &mut Buffer) {
    let text = format!("terminal too small (need {}x{})", MIN_SIZE.0, MIN_SIZE.1);
    let lines = (text.len() as u16).div_ceil(area.width.max(1));
    Paragraph::new(text)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
        .render(centered(area, area.width, lines), buf);
}
