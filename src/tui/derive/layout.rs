//! Where each panel goes, as a pure function of the terminal size and the axis labels.

use plateau_core::Domain;
use plateau_core::text::format;
use ratatui::layout::Rect;

/// The smallest terminal the explorer draws in (columns, rows); smaller ones get a
/// "terminal too small" message.
pub const MIN_SIZE: (u16, u16) = (60, 16);

/// Significant digits of the axis labels.
const AXIS_DIGITS: usize = 4;

/// The map's regions: its box, the contour cells and the two axes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MapAreas {
    /// The bordered box around the contour and its axes.
    pub block: Rect,
    /// The contour cells themselves (one landscape sample region per cell).
    pub cells: Rect,
    /// Left of the cells: the y-axis labels.
    pub y_axis: Rect,
    /// Under the cells: the x-axis labels.
    pub x_axis: Rect,
    /// Under the x axis: the colour key and what the marks mean.
    pub key: Rect,
}

/// The screen's regions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Areas {
    /// The map on the left.
    pub map: MapAreas,
    /// The right-hand column: readout, legend and charts.
    pub panel: Rect,
    /// Under both, the tour's panel (no rows without a tour).
    pub tour: Rect,
    /// The bottom line: notices and key hints.
    pub keys: Rect,
}

/// The y-axis labels of `view`: top value, axis name, bottom value.
pub fn y_labels(view: &Domain, name: &str) -> [String; 3] {
    [
        format::short(view.y_max, AXIS_DIGITS),
        name.to_owned(),
        format::short(view.y_min, AXIS_DIGITS),
    ]
}

/// The x-axis labels of `view`: left value, axis name, right value.
pub fn x_labels(view: &Domain, name: &str) -> [String; 3] {
    [
        format::short(view.x_min, AXIS_DIGITS),
        name.to_owned(),
        format::short(view.x_max, AXIS_DIGITS),
    ]
}

/// The regions of a screen of `size` showing `view` with the y-axis called `y_name`, the
/// tour's panel `tour_rows` high under the map and the column; `None` when the screen is
/// smaller than [`MIN_SIZE`].
pub fn areas(size: Rect, view: &Domain, y_name: &str, tour_rows: u16) -> Option<Areas> {
    if size.width < MIN_SIZE.0 || size.height < MIN_SIZE.1 {
        return None;
    }
    let main_height = size.height - 1;
    let tour_rows = tour_rows.min(main_height / 2);
    let upper = main_height - tour_rows;
    let panel_width = panel_width(size);
    let block = Rect::new(size.x, size.y, size.width - panel_width, upper);
    Some(Areas {
        map: map_areas(block, view, y_name),
        panel: Rect::new(block.right(), size.y, panel_width, upper),
        tour: Rect::new(size.x, size.y + upper, size.width, tour_rows),
        keys: Rect::new(size.x, size.y + main_height, size.width, 1),
    })
}

/// The width of the right-hand column on a screen of `size`.
pub fn panel_width(size: Rect) -> u16 {
    (u32::from(size.width) * 35 / 100).clamp(30, 56) as u16
}

/// The regions of a map drawn in the box `block` (at least 3×3), showing `view` with the
/// y-axis called `y_name`.
pub fn map_areas(block: Rect, view: &Domain, y_name: &str) -> MapAreas {
    let inner = Rect::new(
        block.x + 1,
        block.y + 1,
        block.width.saturating_sub(2),
        block.height.saturating_sub(2),
    );
    let gutter = y_labels(view, y_name)
        .iter()
        .map(|l| l.chars().count() as u16)
        .max()
        .unwrap_or(0)
        + 1;
    let gutter = gutter.min(inner.width / 3);
    let cells = Rect::new(
        inner.x + gutter,
        inner.y,
        inner.width - gutter,
        inner.height.saturating_sub(2),
    );
    MapAreas {
        block,
        cells,
        y_axis: Rect::new(inner.x, inner.y, gutter, cells.height),
        x_axis: Rect::new(cells.x, cells.bottom(), cells.width, 1),
        key: Rect::new(inner.x, cells.bottom() + 1, inner.width, 1),
    }
}

/// Columns left free on each side of the formula editor's box.
const EDITOR_MARGIN: u16 = 4;

/// The widest the formula editor's box gets.
const EDITOR_MAX_WIDTH: u16 = 100;

/// The formula editor's box on a screen of `size`, `height` rows high: centred, as wide as
/// the screen less a margin on each side, up to a maximum.
pub fn editor(size: Rect, height: u16) -> Rect {
    let width = size
        .width
        .saturating_sub(2 * EDITOR_MARGIN)
        .min(EDITOR_MAX_WIDTH);
    centered(size, width, height)
}

/// How many cells of the formula the editor shows at once on a screen of `size`: its box's
/// inner width less a space on each side.
pub fn editor_columns(size: Rect) -> usize {
    usize::from(editor(size, 0).width.saturating_sub(4))
}

/// A `width × height` rectangle centred in `area` (clipped to it).
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_widest_terminal_has_a_layout() {
        let view = Domain::square(1.0);
        let a = areas(Rect::new(0, 0, u16::MAX, 100), &view, "y", 0).expect("big enough");
        assert!(a.map.cells.width > 0 && a.panel.width <= 56);
    }

    #[test]
    fn too_small_screens_have_no_layout() {
        let view = Domain::square(1.0);
        assert!(areas(Rect::new(0, 0, 59, 24), &view, "y", 0).is_none());
        assert!(areas(Rect::new(0, 0, 80, 15), &view, "y", 0).is_none());
    }

    #[test]
    fn regions_tile_the_screen() {
        let view = Domain::rect(-3.0, 3.0, -4.0, 11.0);
        let a = areas(Rect::new(0, 0, 80, 24), &view, "w", 0).unwrap();
        assert_eq!(a.map.block.width + a.panel.width, 80);
        assert_eq!(a.keys.y, 23);
        assert_eq!(a.map.y_axis.width, 3);
        assert_eq!(a.map.cells.right(), a.map.block.right() - 1);
        assert_eq!(a.map.x_axis.y, a.map.block.bottom() - 3);
        assert_eq!(a.map.key.y, a.map.block.bottom() - 2);
    }
}
