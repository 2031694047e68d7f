//! The one-line text editor the formula overlay (`e`) and the hyperparameter form (`H`)
//! both edit in.

use super::Action;
use plateau_core::expr::ParseError;

/// The one-line formula editor: the text, a cursor between characters, and the error of the
/// last formula that failed to apply. Which part of a long line is on screen is the view's
/// business ([`Editor::window`]).
///
/// Positions count characters, not bytes, so any text is safe to edit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Editor {
    text: Vec<char>,
    cursor: usize,
    error: Option<ParseError>,
}

impl Editor {
    /// Applies an editing action (typing, deleting, moving the cursor); other actions are
    /// left alone.
    pub fn edit(&mut self, action: Action) {
        match action {
            Action::EditInsert(c) => self.insert(c),
            Action::EditBackspace => self.backspace(),
            Action::EditDelete => self.delete(),
            Action::EditDeleteToStart => self.delete_to_start(),
            Action::EditLeft => self.left(),
            Action::EditRight => self.right(),
            Action::EditHome => self.home(),
            Action::EditEnd => self.end(),
            _ => {}
        }
    }

    /// An editor holding `text` with the cursor at its end.
    pub fn new(text: &str) -> Self {
        let text: Vec<char> = text.chars().collect();
        Self {
            cursor: text.len(),
            text,
            error: None,
        }
    }

    /// The text.
    pub fn text(&self) -> String {
        self.text.iter().collect()
    }

    /// The characters of the text.
    pub fn chars(&self) -> &[char] {
        &self.text
    }

    /// The cursor: how many characters are before it.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Why the last formula applied was refused, until the text changes.
    pub fn error(&self) -> Option<&ParseError> {
        self.error.as_ref()
    }

    /// Inserts `c` at the cursor and moves past it.
    pub fn insert(&mut self, c: char) {
        self.text.insert(self.cursor, c);
        self.cursor += 1;
        self.error = None;
    }

    /// Inserts `text` at the cursor (a paste) and moves past it.
    pub fn insert_str(&mut self, text: &str) {
        let before = self.text.len();
        self.text.splice(self.cursor..self.cursor, text.chars());
        self.cursor += self.text.len() - before;
        self.error = None;
    }

    /// Deletes the character before the cursor, if any.
    pub fn backspace(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            self.text.remove(self.cursor);
            self.error = None;
        }
    }

    /// Deletes the character at the cursor, if any.
    pub fn delete(&mut self) {
        if self.cursor < self.text.len() {
            self.text.remove(self.cursor);
            self.error = None;
        }
    }

    /// Deletes everything before the cursor.
    pub fn delete_to_start(&mut self) {
        if self.cursor > 0 {
            self.text.drain(..self.cursor);
            self.cursor = 0;
            self.error = None;
        }
    }

    /// Moves the cursor one character left, if it can.
    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    /// Moves the cursor one character right, if it can.
    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.text.len());
    }

    /// Moves the cursor to the start.
    pub fn home(&mut self) {
        self.cursor = 0;
    }

    /// Moves the cursor to the end.
    pub fn end(&mut self) {
        self.cursor = self.text.len();
    }

    /// Records why the text was refused and moves the cursor to the problem.
    pub fn fail(&mut self, error: ParseError) {
        self.cursor = error.column.saturating_sub(1).min(self.text.len());
        self.error = Some(error);
    }

    /// The first character to show when `columns` cells (counting the cell after the last
    /// character) are on screen and `first` was shown before: `first`, moved as little as
    /// possible so that the cursor is on screen and no cell is left empty that the text
    /// could fill.
    pub fn window(&self, first: usize, columns: usize) -> usize {
        let columns = columns.max(1);
        first
            .min(self.cursor)
            .min((self.text.len() + 1).saturating_sub(columns))
            .max((self.cursor + 1).saturating_sub(columns))
    }
}

#[cfg(test)]
mod tests {
    use super::Editor;

    #[test]
    fn edits_count_characters_not_bytes() {
        let mut e = Editor::new("αβ");
        assert_eq!(e.cursor(), 2);
        e.left();
        e.insert('γ');
        assert_eq!(e.text(), "αγβ");
        e.delete();
        e.backspace();
        e.backspace();
        e.backspace();
        assert_eq!((e.text().as_str(), e.cursor()), ("", 0));
        e.left();
        e.delete();
        e.delete_to_start();
        assert_eq!(e.text(), "");
    }

    #[test]
    fn the_window_follows_the_cursor_and_stays_full() {
        let mut e = Editor::new("abcdefghij");
        let mut first = e.window(0, 4);
        assert_eq!(first, 7, "h i j and the cell after them");
        e.home();
        first = e.window(first, 4);
        assert_eq!(first, 0);
        for _ in 0..3 {
            e.right();
        }
        first = e.window(first, 4);
        assert_eq!(first, 0, "the cursor is in the last cell");
        e.right();
        first = e.window(first, 4);
        assert_eq!(first, 1);
        e.left();
        first = e.window(first, 4);
        assert_eq!(first, 1, "moving inside the window does not scroll");
        assert_eq!(e.window(first, 100), 0, "a wide screen shows it all");
        assert_eq!(e.window(first, 0), 3, "at least the cursor's cell");
    }
}
