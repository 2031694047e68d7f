//! Everything the user can do, as data, and the one table that maps keys and mouse clicks to
//! it. Scripted input reuses [`action_for`].

use plateau_core::raster::cell_center;
use plateau_core::{Domain, Point};
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};

/// A direction to pan the view in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Towards smaller x.
    Left,
    /// Towards larger x.
    Right,
    /// Towards larger y.
    Up,
    /// Towards smaller y.
    Down,
}

/// One thing the user asked for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Action {
    /// Leave the explorer (`q`, Esc, Ctrl-C).
    Quit,
    /// Run or pause (Space).
    ToggleRun,
    /// One step of every racer (`s`, `.`).
    Step,
    /// A Gaussian noise kick of radius sigma (`n`).
    Kick,
    /// Continuous noise on or off (`N`).
    ToggleNoise,
    /// Sigma ×½ (`{`).
    SigmaDown,
    /// Sigma ×2 (`}`).
    SigmaUp,
    /// The next optimizer for the selected racer (`o`).
    NextOptimizer,
    /// The previous optimizer for the selected racer (`O`).
    PrevOptimizer,
    /// The next landscape (Tab).
    NextLandscape,
    /// The previous landscape (Shift-Tab).
    PrevLandscape,
    /// Open the landscape picker (`p`).
    OpenPicker,
    /// Open the formula editor on the current landscape's formula (`e`).
    OpenEditor,
    /// Learning rate ×½ (`[`).
    LrDown,
    /// Learning rate ×2 (`]`).
    LrUp,
    /// Half the steps per frame (`<`).
    Slower,
    /// Twice the steps per frame (`>`).
    Faster,
    /// Zoom in (`+`, `=`).
    ZoomIn,
    /// Zoom out (`-`).
    ZoomOut,
    /// Pan the view (arrows, `h` `j` `k` `l`).
    Pan(Direction),
    /// Back to the landscape's default view (`0`).
    ResetView,
    /// Every racer back to the start (`r`).
    ResetRun,
    /// Forget the trails (`c`).
    ClearTrail,
    /// Race mode on or off (`m`).
    ToggleRace,
    /// Select the next racer: its readout and sparklines are shown (`v`).
    SelectNextRacer,
    /// Show or hide racer `n` (0-based; keys `1`–`9`).
    ToggleRacer(usize),
    /// Start every racer afresh from this point (left click on the contour).
    SetStart(Point),
    /// Show or hide the key overlay (`?`).
    ToggleHelp,
    /// Close the open overlay without applying anything (Esc in an overlay).
    CloseOverlay,
    /// A character typed into the picker's filter.
    PickerInput(char),
    /// Delete the last character of the picker's filter.
    PickerBackspace,
    /// Move the picker's selection up.
    PickerUp,
    /// Move the picker's selection down.
    PickerDown,
    /// Take the picker's selection (Enter).
    PickerAccept,
    /// A character typed into the formula editor at its cursor.
    EditInsert(char),
    /// Delete the character before the editor's cursor (Backspace).
    EditBackspace,
    /// Delete the character at the editor's cursor (Delete).
    EditDelete,
    /// Delete everything before the editor's cursor (Ctrl-U).
    EditDeleteToStart,
    /// Move the editor's cursor one character left.
    EditLeft,
    /// Move the editor's cursor one character right.
    EditRight,
    /// Move the editor's cursor to the start (Home, Ctrl-A).
    EditHome,
    /// Move the editor's cursor to the end (End, Ctrl-E).
    EditEnd,
    /// Apply the edited formula (Enter).
    EditApply,
    /// The terminal now has this many columns and rows.
    Resize(u16, u16),
}

/// Which keys are live: the main screen or one of the overlays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The main screen.
    Normal,
    /// The help overlay.
    Help,
    /// The landscape picker.
    Picker,
    /// The formula editor.
    Edit,
}

/// The action of a key press in `mode`; `None` for unbound keys and for key releases and
/// repeats reported by some terminals.
pub fn action_for(key: KeyEvent, mode: Mode) -> Option<Action> {
    if key.kind != KeyEventKind::Press {
        return None;
    }
    let ctrl = key.modifiers.intersects(KeyModifiers::CONTROL);
    if ctrl && matches!(key.code, KeyCode::Char('c' | 'C')) {
        return Some(Action::Quit);
    }
    if ctrl && mode == Mode::Edit {
        return match key.code {
            KeyCode::Char('a' | 'A') => Some(Action::EditHome),
            KeyCode::Char('e' | 'E') => Some(Action::EditEnd),
            KeyCode::Char('u' | 'U') => Some(Action::EditDeleteToStart),
            _ => None,
        };
    }
    if ctrl || key.modifiers.intersects(KeyModifiers::ALT) {
        return None;
    }
    match mode {
        Mode::Normal => normal_action(key),
        Mode::Help => match key.code {
            KeyCode::Esc | KeyCode::Char('?') => Some(Action::CloseOverlay),
            KeyCode::Char('q') => Some(Action::Quit),
            _ => None,
        },
        Mode::Picker => match key.code {
            KeyCode::Esc => Some(Action::CloseOverlay),
            KeyCode::Enter => Some(Action::PickerAccept),
            KeyCode::Backspace => Some(Action::PickerBackspace),
            KeyCode::Up => Some(Action::PickerUp),
            KeyCode::Down => Some(Action::PickerDown),
            KeyCode::Char(c) if !c.is_control() => Some(Action::PickerInput(c)),
            _ => None,
        },
        Mode::Edit => match key.code {
            KeyCode::Esc => Some(Action::CloseOverlay),
            KeyCode::Enter => Some(Action::EditApply),
            KeyCode::Backspace => Some(Action::EditBackspace),
            KeyCode::Delete => Some(Action::EditDelete),
            KeyCode::Left => Some(Action::EditLeft),
            KeyCode::Right => Some(Action::EditRight),
            KeyCode::Home => Some(Action::EditHome),
            KeyCode::End => Some(Action::EditEnd),
            KeyCode::Char(c) if !c.is_control() => Some(Action::EditInsert(c)),
            _ => None,
        },
    }
}

/// The key table of the main screen.
fn normal_action(key: KeyEvent) -> Option<Action> {
    let shift = key.modifiers.intersects(KeyModifiers::SHIFT);
    Some(match key.code {
        KeyCode::Char('q') | KeyCode::Esc => Action::Quit,
        KeyCode::Char(' ') => Action::ToggleRun,
        KeyCode::Char('s' | '.') => Action::Step,
        KeyCode::Char('n') => Action::Kick,
        KeyCode::Char('N') => Action::ToggleNoise,
        KeyCode::Char('{') => Action::SigmaDown,
        KeyCode::Char('}') => Action::SigmaUp,
        KeyCode::Char('o') => Action::NextOptimizer,
        KeyCode::Char('O') => Action::PrevOptimizer,
        KeyCode::Tab if shift => Action::PrevLandscape,
        KeyCode::Tab => Action::NextLandscape,
        KeyCode::BackTab => Action::PrevLandscape,
        KeyCode::Char('p') => Action::OpenPicker,
        KeyCode::Char('e') => Action::OpenEditor,
        KeyCode::Char('[') => Action::LrDown,
        KeyCode::Char(']') => Action::LrUp,
        KeyCode::Char('<') => Action::Slower,
        KeyCode::Char('>') => Action::Faster,
        KeyCode::Char('+' | '=') => Action::ZoomIn,
        KeyCode::Char('-') => Action::ZoomOut,
        KeyCode::Left | KeyCode::Char('h') => Action::Pan(Direction::Left),
        KeyCode::Right | KeyCode::Char('l') => Action::Pan(Direction::Right),
        KeyCode::Up | KeyCode::Char('k') => Action::Pan(Direction::Up),
        KeyCode::Down | KeyCode::Char('j') => Action::Pan(Direction::Down),
        KeyCode::Char('0') => Action::ResetView,
        KeyCode::Char('r') => Action::ResetRun,
        KeyCode::Char('c') => Action::ClearTrail,
        KeyCode::Char('m') => Action::ToggleRace,
        KeyCode::Char('v') => Action::SelectNextRacer,
        KeyCode::Char(c @ '1'..='9') => Action::ToggleRacer(usize::from(c as u8 - b'1')),
        KeyCode::Char('?') => Action::ToggleHelp,
        _ => return None,
    })
}

/// The action of a mouse event: a left click inside `map` (the contour's cells, showing
/// `view`) sets a new start at the centre of the clicked cell.
pub fn action_for_mouse(mouse: MouseEvent, map: Rect, view: Domain) -> Option<Action> {
    if mouse.kind != MouseEventKind::Down(MouseButton::Left) {
        return None;
    }
    if !map.contains(Position::new(mouse.column, mouse.row)) {
        return None;
    }
    let point = cell_center(
        view,
        usize::from(map.width),
        usize::from(map.height),
        usize::from(mouse.column - map.x),
        usize::from(mouse.row - map.y),
    );
    Some(Action::SetStart(point))
}

/// The action of any terminal event, given the current key mode and the contour's place on
/// screen (mouse clicks count only on the main screen).
pub fn action_for_event(event: &Event, mode: Mode, map: Rect, view: Domain) -> Option<Action> {
    match event {
        Event::Key(key) => action_for(*key, mode),
        Event::Mouse(mouse) if mode == Mode::Normal => action_for_mouse(*mouse, map, view),
        Event::Resize(cols, rows) => Some(Action::Resize(*cols, *rows)),
        _ => None,
    }
}
