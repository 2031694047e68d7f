//! torch's `lr_lambda` (and CyclicLR's `scale_fn`) as a formula of one variable, written in
//! the `--expr` language (numbers, `pi`, `e`, `+ - * / ^`, its functions) plus Python's `**`,
//! `min` and `max`, optionally after `lambda k:`. It is evaluated in plain binary64 in
//! Python's order: left to right, `**` right-associative and binding tighter than a leading
//! minus, `**` as libm's `pow` (so `0.95 ** k` gives torch's bits), `min`/`max` returning
//! the first of equal arguments, as Python's do.

use std::fmt;

/// A compiled formula of one variable.
#[derive(Clone, Debug)]
pub struct Lambda {
    /// The text as written (what is printed back).
    text: String,
    /// The postfix program.
    ops: Vec<Op>,
}

impl PartialEq for Lambda {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl fmt::Display for Lambda {
    /// The text in Python quotes (double quotes if it holds a single one).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.text.contains('\'') {
            write!(f, "\"{}\"", self.text)
        } else {
            write!(f, "'{}'", self.text)
        }
    }
}

/// One instruction of the postfix program.
#[derive(Clone, Copy, Debug)]
enum Op {
    Const(f64),
    Var,
    Neg,
    Add,
    Sub,
    Mul,
    Div,
    Pow,
    Call(fn(f64) -> f64),
    /// `min` of the top n values.
    Min(usize),
    /// `max` of the top n values.
    Max(usize),
}

/// A function of one real number.
type Function = fn(f64) -> f64;

/// The functions a formula may call (those of `--expr`), as libm computes them.
const FUNCTIONS: &[(&str, Function)] = &[
    ("sin", f64::sin),
    ("cos", f64::cos),
    ("tan", f64::tan),
    ("exp", f64::exp),
    ("ln", f64::ln),
    ("log", f64::ln),
    ("sqrt", f64::sqrt),
    ("abs", f64::abs),
    ("tanh", f64::tanh),
    ("sinh", f64::sinh),
    ("cosh", f64::cosh),
    ("atan", f64::atan),
];

/// A token: its kind and where it starts (a character offset).
#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Num(f64),
    Name(String),
    Sym(&'static str),
    End,
}

/// Splits `chars` into tokens with their character offsets.
fn tokenize(chars: &[char]) -> Result<Vec<(Tok, usize)>, (usize, String)> {
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_ascii_digit() || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) {
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            if i < chars.len() && matches!(chars[i], 'e' | 'E') {
                let mut j = i + 1;
                if j < chars.len() && matches!(chars[j], '+' | '-') {
                    j += 1;
                }
                if j < chars.len() && chars[j].is_ascii_digit() {
                    i = j;
                    while i < chars.len() && chars[i].is_ascii_digit() {
                        i += 1;
                    }
                }
            }
            let text: String = chars[start..i].iter().collect();
            let value = text
                .parse()
                .map_err(|_| (start, format!("'{text}' is not a number")))?;
            tokens.push((Tok::Num(value), start));
            continue;
        }
        if c.is_alphabetic() || c == '_' {
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            tokens.push((Tok::Name(chars[start..i].iter().collect()), start));
            continue;
        }
        let sym = match c {
            '*' if chars.get(i + 1) == Some(&'*') => "**",
            '+' => "+",
            '-' => "-",
            '*' => "*",
            '/' => "/",
            '^' => "^",
            '(' => "(",
            ')' => ")",
            ',' => ",",
            ':' => ":",
            _ => return Err((start, format!("unexpected character '{c}'"))),
        };
        i += sym.len();
        tokens.push((Tok::Sym(sym), start));
    }
    tokens.push((Tok::End, chars.len()));
    Ok(tokens)
}

/// The recursive-descent compiler.
struct Compiler {
    tokens: Vec<(Tok, usize)>,
    pos: usize,
    /// The variable's name once known.
    var: Option<String>,
    ops: Vec<Op>,
    depth: usize,
}

/// How deeply a formula may nest.
const MAX_DEPTH: usize = 100;

type Fail = (usize, String);

impl Compiler {
    fn peek(&self) -> &(Tok, usize) {
        &self.tokens[self.pos]
    }

    fn is(&self, sym: &'static str) -> bool {
        self.peek().0 == Tok::Sym(sym)
    }

    fn unexpected(&self, expected: &str) -> Fail {
        let (tok, at) = self.peek();
        let found = match tok {
            Tok::Num(v) => format!("the number {v}"),
            Tok::Name(n) => format!("'{n}'"),
            Tok::Sym(s) => format!("'{s}'"),
            Tok::End => "the end of the formula".into(),
        };
        (*at, format!("expected {expected}, found {found}"))
    }

    /// One more level of nesting, refused past [`MAX_DEPTH`].
    fn deeper(&mut self) -> Result<(), Fail> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err((self.peek().1, "the formula nests too deeply".into()));
        }
        Ok(())
    }

    /// One level of left-associative binary operators: `next`, then any number of an
    /// operator of `ops` and `next`, each operator pushed after its right operand.
    fn binary(
        &mut self,
        ops: [(&'static str, Op); 2],
        next: fn(&mut Self) -> Result<(), Fail>,
    ) -> Result<(), Fail> {
        next(self)?;
        while let Some(&(_, op)) = ops.iter().find(|(sym, _)| self.is(sym)) {
            self.pos += 1;
            next(self)?;
            self.ops.push(op);
        }
        Ok(())
    }

    fn expr(&mut self) -> Result<(), Fail> {
        self.deeper()?;
        self.binary([("+", Op::Add), ("-", Op::Sub)], Self::term)?;
        self.depth -= 1;
        Ok(())
    }

    fn term(&mut self) -> Result<(), Fail> {
        self.binary([("*", Op::Mul), ("/", Op::Div)], Self::unary)
    }

    fn unary(&mut self) -> Result<(), Fail> {
        if self.is("-") || self.is("+") {
            let negate = self.is("-");
            self.pos += 1;
            self.deeper()?;
            self.unary()?;
            self.depth -= 1;
            if negate {
                self.ops.push(Op::Neg);
            }
            return Ok(());
        }
        self.atom()?;
        if self.is("**") || self.is("^") {
            self.pos += 1;
            self.deeper()?;
            self.unary()?;
            self.depth -= 1;
            self.ops.push(Op::Pow);
        }
        Ok(())
    }

    fn atom(&mut self) -> Result<(), Fail> {
        let (tok, at) = self.peek().clone();
        match tok {
            Tok::Num(v) => {
                self.pos += 1;
                self.ops.push(Op::Const(v));
                Ok(())
            }
            Tok::Sym("(") => {
                self.pos += 1;
                self.expr()?;
                if !self.is(")") {
                    return Err(self.unexpected("')'"));
                }
                self.pos += 1;
                Ok(())
            }
            Tok::Name(name) => {
                self.pos += 1;
                self.name(&name, at)
            }
            _ => Err(self.unexpected("a number, a variable, a function or '('")),
        }
    }

    fn name(&mut self, name: &str, at: usize) -> Result<(), Fail> {
        let function = FUNCTIONS.iter().find(|(n, _)| *n == name);
        if function.is_some() || name == "min" || name == "max" {
            if !self.is("(") {
                return Err(self.unexpected(&format!("'(' after {name}")));
            }
            self.pos += 1;
            let mut count = 0;
            loop {
                self.expr()?;
                count += 1;
                if self.is(",") {
                    self.pos += 1;
                    continue;
                }
                if self.is(")") {
                    self.pos += 1;
                    break;
                }
                return Err(self.unexpected("',' or ')'"));
            }
            match function {
                Some((_, f)) if count == 1 => self.ops.push(Op::Call(*f)),
                Some(_) => return Err((at, format!("{name} takes one argument, got {count}"))),
                None if count < 2 => {
                    return Err((at, format!("{name} takes at least two arguments")));
                }
                None if name == "min" => self.ops.push(Op::Min(count)),
                None => self.ops.push(Op::Max(count)),
            }
            return Ok(());
        }
        match name {
            "pi" => self.ops.push(Op::Const(std::f64::consts::PI)),
            "e" => self.ops.push(Op::Const(std::f64::consts::E)),
            _ => match &self.var {
                Some(var) if var != name => {
                    return Err((
                        at,
                        format!("unknown name '{name}': the formula's variable is {var}"),
                    ));
                }
                _ => {
                    self.var = Some(name.to_owned());
                    self.ops.push(Op::Var);
                }
            },
        }
        Ok(())
    }
}

impl Lambda {
    /// Compiles `text`; the error gives the character offset of the problem in `text`.
    pub fn parse(text: &str) -> Result<Self, (usize, String)> {
        let chars: Vec<char> = text.chars().collect();
        let tokens = tokenize(&chars)?;
        let mut compiler = Compiler {
            tokens,
            pos: 0,
            var: None,
            ops: Vec::new(),
            depth: 0,
        };
        // `lambda NAME:` fixes the variable's name.
        if compiler.peek().0 == Tok::Name("lambda".into()) {
            compiler.pos += 1;
            match compiler.peek().0.clone() {
                Tok::Name(var) => {
                    compiler.var = Some(var);
                    compiler.pos += 1;
                }
                _ => return Err(compiler.unexpected("the variable's name after lambda")),
            }
            if !compiler.is(":") {
                return Err(compiler.unexpected("':'"));
            }
            compiler.pos += 1;
        }
        compiler.expr()?;
        if compiler.peek().0 != Tok::End {
            return Err(compiler.unexpected("an operator or the end of the formula"));
        }
        Ok(Self {
            text: text.to_owned(),
            ops: compiler.ops,
        })
    }

    /// The formula's value at `k`.
    pub fn eval(&self, k: f64) -> f64 {
        let mut stack: Vec<f64> = Vec::with_capacity(8);
        for op in &self.ops {
            match *op {
                Op::Const(v) => stack.push(v),
                Op::Var => stack.push(k),
                Op::Neg => {
                    let a = stack.pop().unwrap_or(f64::NAN);
                    stack.push(-a);
                }
                Op::Call(f) => {
                    let a = stack.pop().unwrap_or(f64::NAN);
                    stack.push(f(a));
                }
                Op::Min(n) | Op::Max(n) => {
                    let args = stack.split_off(stack.len().saturating_sub(n));
                    let min = matches!(op, Op::Min(_));
                    // Python keeps the first extreme: a later one replaces it only if
                    // strictly beyond it.
                    let pick = args.iter().copied().reduce(|best, x| {
                        let beyond = if min { x < best } else { x > best };
                        if beyond { x } else { best }
                    });
                    stack.push(pick.unwrap_or(f64::NAN));
                }
                Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Pow => {
                    let b = stack.pop().unwrap_or(f64::NAN);
                    let a = stack.pop().unwrap_or(f64::NAN);
                    stack.push(match op {
                        Op::Add => a + b,
                        Op::Sub => a - b,
                        Op::Mul => a * b,
                        Op::Div => a / b,
                        _ => a.powf(b),
                    });
                }
            }
        }
        stack.pop().unwrap_or(f64::NAN)
    }
}
