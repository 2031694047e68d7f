//! The formula editor overlay (`e`): one line of formula, scrolled sideways to keep the
//! cursor on screen, and under it either the error of the formula just refused, with a
//! caret under the problem, or the grammar in brief.

use super::readout;
use crate::tui::app::Editor;
use crate::tui::derive::layout;
use crate::tui::theme;
use crate::tui::theme::Options;
use plateau_core::expr::ParseError;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

/// The grammar in brief, under the input while there is no error.
const HINT: &str = "in x and y: numbers, + - * / ^ ( ), pi, e, sin cos tan exp ln log sqrt \
                    abs tanh sinh cosh atan";

/// Draws the editor over the screen `area`, its line shown from character `first` (see
/// [`Editor::window`]).
pub fn render(editor: &Editor, first: usize, options: Options, area: Rect, buf: &mut Buffer) {
    let columns = layout::editor_columns(area);
    let mut lines = vec![input(editor, options, first, columns)];
    let (text, style) = match editor.error() {
        Some(error) => {
            lines.push(caret(error, first, columns, options));
            (
                theme::text(options, &error.message),
                theme::notice_style(options),
            )
        }
        None => {
            lines.push(Line::raw(""));
            (HINT.to_owned(), theme::dim(options))
        }
    };
    for line in readout::wrap(&text, columns + 1) {
        lines.push(Line::styled(format!(" {line}"), style));
    }
    let popup = layout::editor(area, lines.len() as u16 + 2);
    Clear.render(popup, buf);
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let block = theme::block(options)
        .title(Line::styled(" formula ", bold))
        .title_bottom(Line::styled(
            " Enter apply, Esc cancel ",
            theme::dim(options),
        ));
    Paragraph::new(lines).block(block).render(popup, buf);
}

/// The input line: `columns` cells of the text from character `first`, the cursor's cell
/// reversed, and an ellipsis on a side where the text goes on off screen.
fn input(editor: &Editor, options: Options, first: usize, columns: usize) -> Line<'static> {
    let chars = editor.chars();
    let last = chars.len().min(first + columns);
    let more = |yes: bool, ascii: &'static str| {
        let mark = if yes {
            theme::pick(options, "…", ascii)
        } else {
            " "
        };
        Span::styled(mark, theme::dim(options))
    };
    let mut spans = vec![more(first > 0, "<")];
    let cell = |c: char| shown(c, options).to_string();
    let cursor = editor.cursor();
    let before: String = chars[first..cursor].iter().map(|&c| cell(c)).collect();
    spans.push(Span::raw(before));
    let reversed = Style::new().add_modifier(Modifier::REVERSED);
    spans.push(Span::styled(
        chars
            .get(cursor)
            .map_or_else(|| " ".to_owned(), |&c| cell(c)),
        reversed,
    ));
    if cursor < last {
        let after: String = chars[cursor + 1..last].iter().map(|&c| cell(c)).collect();
        spans.push(Span::raw(after));
    }
    spans.push(more(last < chars.len(), ">"));
    Line::from(spans)
}

/// The line of carets under the problem of `error`, as far as it is on screen.
fn caret(error: &ParseError, first: usize, columns: usize, options: Options) -> Line<'static> {
    let at = error.column.saturating_sub(1);
    let from = at.max(first);
    let to = at.saturating_add(error.width.max(1)).min(first + columns);
    let text = if from < to {
        format!("{}{}", " ".repeat(1 + from - first), "^".repeat(to - from))
    } else {
        String::new()
    };
    Line::styled(text, theme::notice_style(options))
}

/// How a character of the formula is drawn, in exactly one cell: whitespace (a formula from
/// the command line may hold tabs and newlines) as a space, any other character as itself,
/// or as `?` if it is a control character, wider or narrower than one cell, or not ASCII when
/// drawing in ASCII.
fn shown(c: char, options: Options) -> char {
    if c.is_whitespace() {
        return ' ';
    }
    let one_cell = if options.ascii {
        c.is_ascii_graphic()
    } else {
        !c.is_control() && Span::raw(c.to_string()).width() == 1
    };
    if one_cell { c } else { '?' }
}
