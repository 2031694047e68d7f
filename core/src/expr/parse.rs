//! The tokenizer and the recursive-descent parser, which emits the postfix program directly
//! and folds constant parts as it goes.
//!
//! ```text
//! expr  = term (("+" | "-") term)*
//! term  = unary (("*" | "/") unary)*
//! unary = "-" unary | power
//! power = atom ("^" unary)?            right-associative: 2^3^2 = 2^(3^2)
//! atom  = number | "x" | "y" | "pi" | "e" | function "(" expr ")" | "(" expr ")"
//! ```

use super::{Binary, FUNCTIONS, Func, MAX_DEPTH, Op, ParseError, run};
use std::f64::consts::{E, PI};

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    /// A number literal and its value (infinite if it overflows).
    Number(f64),
    /// A name: a variable, constant or function, or an unknown one.
    Name,
    Plus,
    Minus,
    Star,
    Slash,
    Caret,
    Open,
    Close,
    /// A character that no token starts with.
    Bad,
    /// The end of the formula.
    End,
}

/// A token and where it is, in characters.
#[derive(Clone, Copy, Debug)]
struct Token {
    kind: Kind,
    start: usize,
    len: usize,
}

/// Splits the formula into tokens, ending with [`Kind::End`]; never fails (a bad character
/// becomes a [`Kind::Bad`] token, reported when the parser reaches it, so that the leftmost
/// problem is the one reported).
fn tokenize(chars: &[char]) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        let kind = match c {
            '+' => Kind::Plus,
            '-' => Kind::Minus,
            '*' => Kind::Star,
            '/' => Kind::Slash,
            '^' => Kind::Caret,
            '(' => Kind::Open,
            ')' => Kind::Close,
            '0'..='9' | '.' => {
                i = number_end(chars, start);
                let text: String = chars[start..i].iter().collect();
                text.parse().map_or(Kind::Bad, Kind::Number)
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                Kind::Name
            }
            _ => Kind::Bad,
        };
        tokens.push(Token {
            kind,
            start,
            len: i - start,
        });
    }
    tokens.push(Token {
        kind: Kind::End,
        start: chars.len(),
        len: 1,
    });
    tokens
}

/// The end of the number literal starting at `i`: digits, an optional fraction and an
/// optional exponent (`e` or `E`, a sign, digits) when digits follow it.
fn number_end(chars: &[char], mut i: usize) -> usize {
    let digit = |i: usize| chars.get(i).is_some_and(char::is_ascii_digit);
    while digit(i) {
        i += 1;
    }
    if chars.get(i) == Some(&'.') {
        i += 1;
        while digit(i) {
            i += 1;
        }
    }
    if matches!(chars.get(i), Some('e' | 'E')) {
        let mut j = i + 1;
        if matches!(chars.get(j), Some('+' | '-')) {
            j += 1;
        }
        if digit(j) {
            i = j;
            while digit(i) {
                i += 1;
            }
        }
    }
    i
}

/// What may start an operand, for error messages.
const OPERAND: &str = "a number, x, y, a function or '('";

/// Parses `source` into a postfix program.
pub(super) fn compile(source: &str) -> Result<Vec<Op>, ParseError> {
    let chars: Vec<char> = source.chars().collect();
    let tokens = tokenize(&chars);
    let mut parser = Parser {
        chars: &chars,
        tokens,
        pos: 0,
        depth: 0,
        ops: Vec::new(),
    };
    if parser.peek().kind == Kind::End {
        return Err(ParseError {
            column: 1,
            width: 1,
            message: "the formula is empty".into(),
        });
    }
    parser.expr()?;
    let next = parser.peek();
    match next.kind {
        Kind::End => Ok(parser.ops),
        Kind::Close => Err(parser.error(next, "this ')' has no matching '('".into())),
        _ => Err(parser.unexpected(next, "an operator (+ - * / ^) or the end of the formula")),
    }
}

/// A hint for an operand where an operator was expected.
fn hint(found: Kind) -> &'static str {
    match found {
        Kind::Number(_) | Kind::Name | Kind::Open => " (products are written with *, e.g. 2*x)",
        _ => "",
    }
}

/// The parser's state.
struct Parser<'a> {
    chars: &'a [char],
    tokens: Vec<Token>,
    /// Index of the next token.
    pos: usize,
    /// Current nesting (see [`MAX_DEPTH`]).
    depth: usize,
    /// The program so far.
    ops: Vec<Op>,
}

impl Parser<'_> {
    /// The next token.
    fn peek(&self) -> Token {
        self.tokens[self.pos.min(self.tokens.len() - 1)]
    }

    /// Consumes and returns the next token (the end token stays).
    fn advance(&mut self) -> Token {
        let token = self.peek();
        if token.kind != Kind::End {
            self.pos += 1;
        }
        token
    }

    /// The source text of a token.
    fn text(&self, token: Token) -> String {
        self.chars[token.start..token.start + token.len]
            .iter()
            .collect()
    }

    /// A token for a message: `'*'`, `'foo'` or `the end of the formula`.
    fn describe(&self, token: Token) -> String {
        match token.kind {
            Kind::End => "the end of the formula".into(),
            _ => format!("'{}'", self.text(token)),
        }
    }

    /// The token before the next one, for "after ..." in messages.
    fn describe_previous(&self) -> String {
        match self.pos.checked_sub(1) {
            Some(i) => self.describe(self.tokens[i]),
            None => "the start".into(),
        }
    }

    /// An error at `token`.
    fn error(&self, token: Token, message: String) -> ParseError {
        ParseError {
            column: token.start + 1,
            width: token.len.max(1),
            message,
        }
    }

    /// The error for a token where an operator was `expected`.
    fn unexpected(&self, token: Token, expected: &str) -> ParseError {
        if token.kind == Kind::Bad {
            return self.bad_character(token);
        }
        let message = format!(
            "expected {expected} after {}, found {}{}",
            self.describe_previous(),
            self.describe(token),
            hint(token.kind)
        );
        self.error(token, message)
    }

    /// The error for a character that starts no token, with a hint for look-alikes.
    fn bad_character(&self, token: Token) -> ParseError {
        let hint = match self.chars[token.start] {
            '²' | '³' | '⁴' => " (powers are written with ^, e.g. x^2)",
            '·' | '×' => " (products are written with *, e.g. 2*x)",
            'π' => " (write pi)",
            _ => "",
        };
        self.error(
            token,
            format!("unexpected character {}{hint}", self.describe(token)),
        )
    }

    /// `expr = term (("+" | "-") term)*`
    fn expr(&mut self) -> Result<(), ParseError> {
        let left = self.ops.len();
        self.term()?;
        loop {
            let op = match self.peek().kind {
                Kind::Plus => Binary::Add,
                Kind::Minus => Binary::Sub,
                _ => return Ok(()),
            };
            self.advance();
            let right = self.ops.len();
            self.term()?;
            self.emit_binary(op, left, right);
        }
    }

    /// `term = unary (("*" | "/") unary)*`
    fn term(&mut self) -> Result<(), ParseError> {
        let left = self.ops.len();
        self.unary()?;
        loop {
            let op = match self.peek().kind {
                Kind::Star => Binary::Mul,
                Kind::Slash => Binary::Div,
                _ => return Ok(()),
            };
            self.advance();
            let right = self.ops.len();
            self.unary()?;
            self.emit_binary(op, left, right);
        }
    }

    /// `unary = "-" unary | power`, and the nesting limit.
    fn unary(&mut self) -> Result<(), ParseError> {
        if self.depth >= MAX_DEPTH {
            let token = self.peek();
            return Err(self.error(
                token,
                format!(
                    "the formula nests more than {MAX_DEPTH} levels deep (parentheses, functions, signs, powers)"
                ),
            ));
        }
        self.depth += 1;
        let result = if self.peek().kind == Kind::Minus {
            self.advance();
            let start = self.ops.len();
            self.unary().map(|()| self.emit_unary(Op::Neg, start))
        } else {
            self.power()
        };
        self.depth -= 1;
        result
    }

    /// `power = atom ("^" unary)?`
    fn power(&mut self) -> Result<(), ParseError> {
        let base = self.ops.len();
        self.atom()?;
        if self.peek().kind == Kind::Caret {
            self.advance();
            let exponent = self.ops.len();
            self.unary()?;
            self.emit_binary(Binary::Pow, base, exponent);
        }
        Ok(())
    }

    /// `atom = number | "x" | "y" | "pi" | "e" | function "(" expr ")" | "(" expr ")"`
    fn atom(&mut self) -> Result<(), ParseError> {
        let token = self.peek();
        match token.kind {
            Kind::Number(v) if v.is_finite() => {
                self.advance();
                self.ops.push(Op::Const(v));
                Ok(())
            }
            Kind::Number(_) => Err(self.error(
                token,
                format!("the number {} is too large", self.describe(token)),
            )),
            Kind::Name => self.name(),
            Kind::Open => {
                self.advance();
                self.group(token)
            }
            Kind::Bad => Err(self.bad_character(token)),
            _ => {
                let message = format!(
                    "expected {OPERAND} after {}, found {}{}",
                    self.describe_previous(),
                    self.describe(token),
                    if token.kind == Kind::Star && self.describe_previous() == "'*'" {
                        " (powers are written with ^, e.g. x^2)"
                    } else {
                        ""
                    }
                );
                Err(self.error(token, message))
            }
        }
    }

    /// A variable, constant or function call.
    fn name(&mut self) -> Result<(), ParseError> {
        let token = self.advance();
        let name = self.text(token);
        let op = match name.as_str() {
            "x" => Op::X,
            "y" => Op::Y,
            "pi" => Op::Const(PI),
            "e" => Op::Const(E),
            _ => {
                let Some(&(_, func)) = FUNCTIONS.iter().find(|(n, _)| *n == name) else {
                    return Err(self.unknown(token, &name));
                };
                return self.call(token, func);
            }
        };
        self.ops.push(op);
        Ok(())
    }

    /// The error for an unknown name, listing what is allowed.
    fn unknown(&self, token: Token, name: &str) -> ParseError {
        let functions: Vec<&str> = FUNCTIONS.iter().map(|(n, _)| *n).collect();
        let message = if self.peek().kind == Kind::Open {
            format!(
                "unknown function '{name}' (functions: {})",
                functions.join(", ")
            )
        } else {
            format!(
                "unknown name '{name}' (allowed: x, y, pi, e, and the functions {} called like sin(x))",
                functions.join(", ")
            )
        };
        self.error(token, message)
    }

    /// `function "(" expr ")"`, after the function's name.
    fn call(&mut self, name: Token, func: Func) -> Result<(), ParseError> {
        let open = self.peek();
        if open.kind != Kind::Open {
            let message = format!(
                "expected '(' after the function {}, found {}",
                self.describe(name),
                self.describe(open)
            );
            return Err(self.error(open, message));
        }
        self.advance();
        let start = self.ops.len();
        self.group(open)?;
        self.emit_unary(Op::Func(func), start);
        Ok(())
    }

    /// `expr ")"`, after the `(` token `open`.
    fn group(&mut self, open: Token) -> Result<(), ParseError> {
        self.expr()?;
        let close = self.peek();
        if close.kind == Kind::Close {
            self.advance();
            return Ok(());
        }
        let expected = format!(
            "an operator or ')' closing the '(' at column {}",
            open.start + 1
        );
        Err(self.unexpected(close, &expected))
    }

    /// Emits a unary operation on the operand starting at `start`.
    fn emit_unary(&mut self, op: Op, start: usize) {
        self.ops.push(op);
        self.fold(start);
    }

    /// Emits `left op right`, whose operands start at `left` and `right`: a constant
    /// exponent becomes [`Op::PowConst`] and `e^b` becomes `exp(b)`.
    fn emit_binary(&mut self, op: Binary, left: usize, right: usize) {
        match (&self.ops[left..right], &self.ops[right..], op) {
            (_, &[Op::Const(n)], Binary::Pow) => {
                self.ops.truncate(right);
                self.ops.push(Op::PowConst(n));
            }
            (&[Op::Const(a)], _, Binary::Pow) if a == E => {
                self.ops.remove(left);
                self.ops.push(Op::Func(Func::Exp));
            }
            _ => self.ops.push(Op::Binary(op)),
        }
        self.fold(left);
    }

    /// Replaces the operation starting at `start` (the end of the program) by its value if
    /// it depends on neither x nor y, computed by the evaluator itself.
    fn fold(&mut self, start: usize) {
        let code = &self.ops[start..];
        if code.len() > 1 && !code.iter().any(|op| matches!(op, Op::X | Op::Y)) {
            let value = run(code, f64::NAN, f64::NAN, code.len());
            self.ops.truncate(start);
            self.ops.push(Op::Const(value));
        }
    }
}
