//! The parser of schedules written in torch's constructor syntax, without the optimizer:
//! `Name(positional, ..., keyword=value, ...)`, values being numbers, quoted strings (a
//! lambda's formula, or a choice such as `'cos'`), `True`, `False`, `None`, lists, and, in a
//! list, schedules. Every error names the problem and its column.

use super::{Arg, ArgKind, ArgValue, Args, Lambda, REGISTRY, ScheduleSpec, by_name};
use std::fmt;

/// A schedule that could not be read: what is wrong, and where (a 1-based column, in
/// characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecError {
    /// The column of the problem, counting characters from 1.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)
    }
}

impl std::error::Error for SpecError {}

/// The longest schedule, in characters.
pub const MAX_LEN: usize = 2000;

/// How deeply schedules may nest in lists.
const MAX_NESTING: usize = 8;

/// Reads a whole schedule.
pub(super) fn parse(text: &str) -> Result<ScheduleSpec, SpecError> {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() > MAX_LEN {
        return Err(SpecError {
            column: MAX_LEN + 1,
            message: format!(
                "the schedule has {} characters, at most {} are allowed",
                crate::text::format::count(chars.len() as u64),
                crate::text::format::count(MAX_LEN as u64)
            ),
        });
    }
    let mut parser = Parser { chars, pos: 0 };
    parser.blank();
    let spec = parser.schedule(0)?;
    parser.blank();
    if parser.pos < parser.chars.len() {
        return Err(parser.error("unexpected text after the schedule's closing ')'"));
    }
    Ok(spec)
}

/// A literal value as read, before it is matched to an argument.
enum Literal {
    Int(i64),
    Float(f64),
    Bool(bool),
    None,
    Str(String),
    List(Vec<(Literal, usize)>),
    Schedule(ScheduleSpec),
}

impl Literal {
    /// What it is, for error messages.
    fn describe(&self) -> &'static str {
        match self {
            Self::Int(_) => "an integer",
            Self::Float(_) => "a number",
            Self::Bool(_) => "a switch",
            Self::None => "None",
            Self::Str(_) => "a string",
            Self::List(_) => "a list",
            Self::Schedule(_) => "a schedule",
        }
    }
}

/// The state of the parser: the text and the position.
struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    /// An error at the current position.
    fn error(&self, message: impl Into<String>) -> SpecError {
        self.error_at(self.pos, message)
    }

    /// An error at character offset `at`.
    fn error_at(&self, at: usize, message: impl Into<String>) -> SpecError {
        SpecError {
            column: at + 1,
            message: message.into(),
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    /// Skips blanks.
    fn blank(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    /// What stands at the current position, for error messages.
    fn found(&self) -> String {
        match self.peek() {
            None => "the end".into(),
            Some(c) => format!("'{c}'"),
        }
    }

    /// Consumes `c` (after blanks) or fails saying what was expected.
    fn expect(&mut self, c: char, what: &str) -> Result<(), SpecError> {
        self.blank();
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(format!("expected {what}, found {}", self.found())))
        }
    }

    /// A name: letters, digits and `_`, not starting with a digit.
    fn name(&mut self) -> String {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            self.pos += 1;
        }
        self.chars[start..self.pos].iter().collect()
    }

    /// `Name(args)`.
    fn schedule(&mut self, depth: usize) -> Result<ScheduleSpec, SpecError> {
        if depth > MAX_NESTING {
            return Err(self.error(format!("schedules nest at most {MAX_NESTING} deep")));
        }
        let at = self.pos;
        if !self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            return Err(self.error(format!(
                "expected a schedule's name, found {}",
                self.found()
            )));
        }
        let name = self.name();
        let Some(kind) = by_name(&name) else {
            let close = REGISTRY
                .iter()
                .find(|k| k.name.eq_ignore_ascii_case(&name))
                .map(|k| format!(" (did you mean {}?)", k.name))
                .unwrap_or_default();
            let names: Vec<&str> = REGISTRY.iter().map(|k| k.name).collect();
            return Err(self.error_at(
                at,
                format!(
                    "unknown schedule '{name}'{close}; the schedules: {}",
                    names.join(", ")
                ),
            ));
        };
        self.expect('(', &format!("'(' after {name}"))?;
        let mut given: Vec<(usize, ArgValue, usize)> = Vec::new();
        let mut keywords = false;
        loop {
            self.blank();
            if self.peek() == Some(')') {
                self.pos += 1;
                break;
            }
            let arg_at = self.pos;
            // A keyword argument is a name followed by '=' (and not '==').
            let save = self.pos;
            let keyword = if self
                .peek()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            {
                let word = self.name();
                self.blank();
                if self.peek() == Some('=') {
                    self.pos += 1;
                    Some(word)
                } else {
                    self.pos = save;
                    None
                }
            } else {
                None
            };
            let index = match &keyword {
                Some(word) => {
                    keywords = true;
                    kind.args
                        .iter()
                        .position(|a| a.name == word)
                        .ok_or_else(|| {
                            let names: Vec<&str> = kind.args.iter().map(|a| a.name).collect();
                            self.error_at(
                                arg_at,
                                format!(
                                    "{name} has no argument '{word}' (its arguments: {})",
                                    names.join(", ")
                                ),
                            )
                        })?
                }
                None if keywords => {
                    return Err(
                        self.error_at(arg_at, "positional argument follows keyword argument")
                    );
                }
                None => {
                    if given.len() >= kind.args.len() {
                        return Err(self.error_at(
                            arg_at,
                            format!(
                                "{name} takes {} arguments, this is one more",
                                kind.args.len()
                            ),
                        ));
                    }
                    given.len()
                }
            };
            let arg = &kind.args[index];
            if given.iter().any(|(i, _, _)| *i == index) {
                return Err(self.error_at(
                    arg_at,
                    format!("{name} got multiple values for argument '{}'", arg.name),
                ));
            }
            self.blank();
            let value_at = self.pos;
            let literal = self.literal(depth)?;
            let value = self.convert(arg, literal, value_at)?;
            given.push((index, value, value_at));
            self.blank();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some(')') => {}
                _ => {
                    return Err(self.error(format!(
                        "expected ',' or ')' after an argument, found {}",
                        self.found()
                    )));
                }
            }
        }
        if let Some(missing) = (kind.args.iter().enumerate())
            .find(|(i, a)| {
                a.default == super::ArgDefault::Required && !given.iter().any(|(g, _, _)| g == i)
            })
            .map(|(_, a)| a.name)
        {
            return Err(self.error_at(
                at,
                format!("{name} missing 1 required argument: '{missing}'"),
            ));
        }
        given.sort_by_key(|(i, _, _)| *i);
        let columns: Vec<(&'static str, usize)> = (given.iter())
            .map(|(i, _, c)| (kind.args[*i].name, *c))
            .collect();
        let spec = ScheduleSpec {
            kind,
            args: (given.into_iter())
                .map(|(i, v, _)| (kind.args[i].name, v))
                .collect(),
        };
        let args = Args {
            kind,
            given: &spec.args,
        };
        if let Err(refusal) = (kind.build)(&args) {
            let column = (refusal.arg)
                .and_then(|a| columns.iter().find(|(n, _)| *n == a))
                .map_or(at, |(_, c)| *c);
            return Err(self.error_at(column, format!("{name}: {}", refusal.message)));
        }
        Ok(spec)
    }

    /// A value: number, string, True, False, None, list, or schedule.
    fn literal(&mut self, depth: usize) -> Result<Literal, SpecError> {
        self.blank();
        let at = self.pos;
        match self.peek() {
            Some('\'' | '"') => {
                let quote = self.peek().unwrap_or('\'');
                self.pos += 1;
                let start = self.pos;
                while self.peek().is_some_and(|c| c != quote) {
                    self.pos += 1;
                }
                if self.peek().is_none() {
                    return Err(self.error_at(at, "this string has no closing quote"));
                }
                let text: String = self.chars[start..self.pos].iter().collect();
                self.pos += 1;
                Ok(Literal::Str(text))
            }
            Some('[') => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.blank();
                    if self.peek() == Some(']') {
                        self.pos += 1;
                        break;
                    }
                    let item_at = self.pos;
                    items.push((self.literal(depth + 1)?, item_at));
                    self.blank();
                    match self.peek() {
                        Some(',') => self.pos += 1,
                        Some(']') => {}
                        _ => {
                            return Err(self.error(format!(
                                "expected ',' or ']' in a list, found {}",
                                self.found()
                            )));
                        }
                    }
                }
                Ok(Literal::List(items))
            }
            Some(c) if c.is_ascii_digit() || matches!(c, '-' | '+' | '.') => self.number(),
            Some(c) if c.is_ascii_alphabetic() => {
                let save = self.pos;
                let word = self.name();
                match word.as_str() {
                    "True" => Ok(Literal::Bool(true)),
                    "False" => Ok(Literal::Bool(false)),
                    "None" => Ok(Literal::None),
                    "inf" | "nan" => Err(self.error_at(at, "numbers must be finite")),
                    _ => {
                        self.pos = save;
                        self.schedule(depth + 1).map(Literal::Schedule)
                    }
                }
            }
            _ => Err(self.error(format!("expected a value, found {}", self.found()))),
        }
    }

    /// A number: an integer, or a real with a point or an exponent.
    fn number(&mut self) -> Result<Literal, SpecError> {
        let at = self.pos;
        if matches!(self.peek(), Some('-' | '+')) {
            self.pos += 1;
        }
        let mut real = false;
        while let Some(c) = self.peek() {
            if c.is_ascii_digit() || c == '_' {
                self.pos += 1;
            } else if c == '.' {
                real = true;
                self.pos += 1;
            } else if matches!(c, 'e' | 'E') {
                real = true;
                self.pos += 1;
                if matches!(self.peek(), Some('-' | '+')) {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
        let text: String = (self.chars[at..self.pos].iter())
            .filter(|c| **c != '_')
            .collect();
        let bad = || self.error_at(at, format!("'{text}' is not a number"));
        if real {
            let v: f64 = text.parse().map_err(|_| bad())?;
            if !v.is_finite() {
                return Err(self.error_at(at, format!("'{text}' is too large")));
            }
            Ok(Literal::Float(v))
        } else {
            text.parse().map(Literal::Int).map_err(|_| bad())
        }
    }

    /// Matches a literal to what argument `arg` takes.
    fn convert(&self, arg: &Arg, literal: Literal, at: usize) -> Result<ArgValue, SpecError> {
        let wrong = |literal: &Literal| {
            self.error_at(
                at,
                format!(
                    "{} takes {}, got {}",
                    arg.name,
                    arg.kind.describe(),
                    literal.describe()
                ),
            )
        };
        Ok(match (arg.kind, literal) {
            (ArgKind::Int | ArgKind::OptionalInt, Literal::Int(v)) => ArgValue::Int(v),
            (ArgKind::OptionalInt, Literal::None) => ArgValue::None,
            (ArgKind::Float, Literal::Int(v)) => ArgValue::Int(v),
            (ArgKind::Float, Literal::Float(v)) => ArgValue::Float(v),
            (ArgKind::Bool, Literal::Bool(v)) => ArgValue::Bool(v),
            (ArgKind::Choice(choices), Literal::Str(s)) => {
                match choices.iter().find(|c| **c == s) {
                    Some(c) => ArgValue::Str(c),
                    None => {
                        return Err(self.error_at(
                            at,
                            format!("{} must be {}, got '{s}'", arg.name, arg.kind.describe()),
                        ));
                    }
                }
            }
            (ArgKind::Lambda, Literal::None) if arg.default == super::ArgDefault::None => {
                ArgValue::None
            }
            (ArgKind::Lambda, Literal::Str(s)) => {
                let lambda = Lambda::parse(&s).map_err(|(offset, message)| {
                    self.error_at(at + 1 + offset, format!("in {}: {message}", arg.name))
                })?;
                ArgValue::Lambda(lambda)
            }
            (ArgKind::Ints, Literal::List(items)) => {
                let mut values = Vec::with_capacity(items.len());
                for (item, item_at) in items {
                    match item {
                        Literal::Int(v) => values.push(v),
                        other => {
                            return Err(self.error_at(
                                item_at,
                                format!(
                                    "{} takes a list of integers, got {}",
                                    arg.name,
                                    other.describe()
                                ),
                            ));
                        }
                    }
                }
                ArgValue::Ints(values)
            }
            (ArgKind::Schedules, Literal::List(items)) => {
                let mut values = Vec::with_capacity(items.len());
                for (item, item_at) in items {
                    match item {
                        Literal::Schedule(s) => values.push(s),
                        other => {
                            return Err(self.error_at(
                                item_at,
                                format!(
                                    "{} takes a list of schedules, got {}",
                                    arg.name,
                                    other.describe()
                                ),
                            ));
                        }
                    }
                }
                ArgValue::Schedules(values)
            }
            (_, literal) => return Err(wrong(&literal)),
        })
    }
}
