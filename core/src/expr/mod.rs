//! Formulas in x and y typed by the user: a small hand-written recursive-descent parser
//! that compiles the text to a postfix program, and an evaluator generic over the
//! dual-number type, so that a formula gets exact gradients and Hessians from `num-dual`
//! like every built-in landscape.
//!
//! The program is flat (no tree), so evaluating and dropping even a very long formula never
//! recurses; the parser's own recursion is bounded by [`MAX_DEPTH`].

mod parse;
mod rename;
#[cfg(test)]
mod tests;

pub use crate::error::ParseError;
use num_dual::DualNum;
pub use rename::rename_variables;

/// The grammar of formulas, as shown in `--help` and the README.
pub const GRAMMAR: &str = "\
A formula in x and y, e.g. \"(1-x)^2 + 100*(y-x^2)^2\" or \"sin(x)*cos(y) + 0.1*(x^2+y^2)\".
  numbers    1  2.5  1e-3  .5
  variables  x  y
  constants  pi  e
  operators  + - * / ^   (^ is right-associative and binds tighter than a leading minus:
             -x^2 = -(x^2), 2^3^2 = 2^9, 2^-1 = 0.5; products need *: 2*x, not 2x)
  functions  sin cos tan exp ln log sqrt abs tanh sinh cosh atan, e.g. exp(-x^2)
             (log is the natural logarithm, the same as ln)
  grouping   ( )
Gradients and Hessians are exact (dual numbers), not finite differences. abs has slope 0
at 0 (as in torch). a^b with b depending on x or y is exp(b*ln(a)), defined for a > 0.
Where the formula is undefined (ln of a negative number, 0/0, 1/0) its value is NaN or
infinite: the contour leaves that region blank, and a run that steps there stops with
\"diverged at step k\". A formula has at most 1,000 characters.";

/// How deeply parentheses, function calls, leading minus signs and exponents may nest.
pub const MAX_DEPTH: usize = 100;

/// The longest formula, in characters. Every contour cell and every step evaluates the
/// whole formula, so its length is what a frame costs: 1,000 characters are about 40 terms
/// like `sin(3*x)*cos(2*y)`, far more than a landscape needs, and still cheap to draw; the
/// 70,000-character formula that froze the explorer is refused before it is parsed.
pub const MAX_LEN: usize = 1000;

/// A function that formulas may call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Func {
    /// Sine.
    Sin,
    /// Cosine.
    Cos,
    /// Tangent.
    Tan,
    /// The exponential.
    Exp,
    /// The natural logarithm (`ln` and `log`).
    Ln,
    /// The square root.
    Sqrt,
    /// The absolute value, with slope 0 at 0.
    Abs,
    /// Hyperbolic tangent.
    Tanh,
    /// Hyperbolic sine.
    Sinh,
    /// Hyperbolic cosine.
    Cosh,
    /// Arc tangent.
    Atan,
}

/// The function names formulas may use, in the order the help lists them.
pub const FUNCTIONS: &[(&str, Func)] = &[
    ("sin", Func::Sin),
    ("cos", Func::Cos),
    ("tan", Func::Tan),
    ("exp", Func::Exp),
    ("ln", Func::Ln),
    ("log", Func::Ln),
    ("sqrt", Func::Sqrt),
    ("abs", Func::Abs),
    ("tanh", Func::Tanh),
    ("sinh", Func::Sinh),
    ("cosh", Func::Cosh),
    ("atan", Func::Atan),
];

impl Func {
    /// The function applied to a (dual) number.
    fn apply<D: DualNum<Primitive = f64> + Copy>(self, a: D) -> D {
        match self {
            Self::Sin => a.sin(),
            Self::Cos => a.cos(),
            Self::Tan => a.tan(),
            Self::Exp => a.exp(),
            Self::Ln => a.ln(),
            Self::Sqrt => a.sqrt(),
            Self::Abs => abs(a),
            Self::Tanh => crate::num::saturating_tanh(a),
            Self::Sinh => a.sinh(),
            Self::Cosh => a.cosh(),
            Self::Atan => a.atan(),
        }
    }
}

/// A binary operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Binary {
    Add,
    Sub,
    Mul,
    Div,
    /// `a^b` with an exponent that depends on x or y: `exp(b·ln a)`.
    Pow,
}

impl Binary {
    /// The operator applied to two (dual) numbers.
    fn apply<D: DualNum<Primitive = f64> + Copy>(self, a: D, b: D) -> D {
        match self {
            Self::Add => a + b,
            Self::Sub => a - b,
            Self::Mul => a * b,
            Self::Div => a / b,
            Self::Pow => (b * a.ln()).exp(),
        }
    }
}

/// One instruction of the postfix program.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    /// Push a number.
    Const(f64),
    /// Push x.
    X,
    /// Push y.
    Y,
    /// Negate the top.
    Neg,
    /// Apply a function to the top.
    Func(Func),
    /// Raise the top to a constant power.
    PowConst(f64),
    /// Combine the two top values.
    Binary(Binary),
}

impl Op {
    /// How the operation changes the height of the stack.
    fn stack_effect(self) -> isize {
        match self {
            Self::Const(_) | Self::X | Self::Y => 1,
            Self::Neg | Self::Func(_) | Self::PowConst(_) => 0,
            Self::Binary(_) => -1,
        }
    }
}

/// A parsed formula in x and y, ready to evaluate on plain or dual numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// The postfix program; constant parts are folded to one [`Op::Const`].
    ops: Vec<Op>,
    /// The largest stack the program needs.
    max_stack: usize,
}

impl Expr {
    /// Parses a formula (see [`GRAMMAR`]); the error says what is wrong and where.
    pub fn parse(source: &str) -> Result<Self, ParseError> {
        let len = source.chars().count();
        if len > MAX_LEN {
            return Err(ParseError {
                column: MAX_LEN + 1,
                width: len - MAX_LEN,
                message: format!(
                    "the formula has {} characters, at most {} are allowed",
                    crate::text::format::count(len as u64),
                    crate::text::format::count(MAX_LEN as u64)
                ),
            });
        }
        Self::parse_any_length(source)
    }

    /// [`Expr::parse`] without the length cap (for tests of very long programs).
    fn parse_any_length(source: &str) -> Result<Self, ParseError> {
        let ops = parse::compile(source)?;
        let mut height: isize = 0;
        let mut max_stack = 0;
        for op in &ops {
            height += op.stack_effect();
            max_stack = max_stack.max(height.unsigned_abs());
        }
        Ok(Self { ops, max_stack })
    }

    /// The formula's value at `(x, y)`, for `f64` and for every dual-number type; NaN or
    /// infinite where the formula is undefined. Where the value is NaN so are all its
    /// derivatives (`num-dual` alone gives ln's slope 1/x even at x < 0), so that a run
    /// that steps where the formula is undefined diverges instead of bouncing off, and a
    /// formula undefined everywhere (`0/0`) is never taken for a flat landscape of minima.
    pub fn eval<D: DualNum<Primitive = f64> + Copy>(&self, x: D, y: D) -> D {
        let value = run(&self.ops, x, y, self.max_stack);
        if !value.re().is_nan() {
            value
        } else if run(&self.ops, x.re(), y.re(), self.max_stack).is_nan() {
            nan_with_every_derivative(x, y)
        } else {
            // Defined here, but a derivative term multiplied 0 by ∞ (`abs(y)^1.5` at 0,
            // whose slope is 0 by abs's convention): derivatives that are 0 by construction
            // stay 0, the others are NaN.
            value * f64::NAN
        }
    }
}

/// NaN whose every derivative in x and y is NaN too. `num-dual` keeps a derivative that is
/// zero by construction (that of a constant such as `0/0`) as "absent", and an absent
/// derivative stays zero when multiplied by NaN; `exp(x + y)` has every derivative present,
/// so the product with NaN has all of them NaN.
fn nan_with_every_derivative<D: DualNum<Primitive = f64> + Copy>(x: D, y: D) -> D {
    (x + y).exp() * f64::NAN
}

/// Programs whose stack never holds more than this many values run on a stack array, with
/// no heap allocation (every formula of ordinary size).
const INLINE_STACK: usize = 32;

/// Runs a postfix program at `(x, y)` that needs a stack of `capacity` values.
fn run<D: DualNum<Primitive = f64> + Copy>(ops: &[Op], x: D, y: D, capacity: usize) -> D {
    if capacity <= INLINE_STACK {
        run_on(ops, x, y, &mut [D::from(0.0); INLINE_STACK])
    } else {
        run_on(ops, x, y, &mut vec![D::from(0.0); capacity])
    }
}

/// Runs a postfix program on the stack space `slots`.
fn run_on<D: DualNum<Primitive = f64> + Copy>(ops: &[Op], x: D, y: D, slots: &mut [D]) -> D {
    let mut stack = Stack { slots, len: 0 };
    for op in ops {
        let value = match *op {
            Op::Const(c) => D::from(c),
            Op::X => x,
            Op::Y => y,
            Op::Neg => -stack.pop(),
            Op::Func(f) => f.apply(stack.pop()),
            Op::PowConst(n) => pow_const(stack.pop(), n),
            Op::Binary(b) => {
                let right = stack.pop();
                let left = stack.pop();
                b.apply(left, right)
            }
        };
        stack.push(value);
    }
    stack.pop()
}

/// A value stack on borrowed space. The parser only builds balanced programs that fit their
/// capacity, so the NaN of an empty stack and a dropped push are never seen; they stand in
/// for panics.
struct Stack<'a, D> {
    slots: &'a mut [D],
    len: usize,
}

impl<D: DualNum<Primitive = f64> + Copy> Stack<'_, D> {
    fn push(&mut self, value: D) {
        if let Some(slot) = self.slots.get_mut(self.len) {
            *slot = value;
            self.len += 1;
        }
    }

    fn pop(&mut self) -> D {
        if self.len == 0 {
            return D::from(f64::NAN);
        }
        self.len -= 1;
        self.slots[self.len]
    }
}

/// `|a|` with slope 0 at 0 (torch's convention; `num-dual`'s own `abs` has slope −1 there).
fn abs<D: DualNum<Primitive = f64> + Copy>(a: D) -> D {
    let re = a.re();
    if re < 0.0 {
        -a
    } else if re == 0.0 {
        D::from(0.0)
    } else {
        a
    }
}

/// Integer exponents up to this size use `powi` (repeated products: `x^2` is `x·x`).
const MAX_POWI: f64 = 64.0;

/// `a^n` for a constant `n`: repeated products for small integers (defined for negative
/// `a`), otherwise `powf` with its derivatives written out, so that, e.g., `abs(x)^1.5` has
/// value, slope and curvature 0 at 0 instead of `num-dual`'s `0·∞ = NaN`.
fn pow_const<D: DualNum<Primitive = f64> + Copy>(a: D, n: f64) -> D {
    if n.fract() == 0.0 && n.abs() <= MAX_POWI {
        // Exact: |n| ≤ 64 fits an i32.
        return a.powi(n as i32);
    }
    // The Taylor polynomial of t ↦ t^n about re(a), up to the order of derivatives that `D`
    // carries, evaluated at `a`: exact for dual numbers, whose higher powers of
    // `h = a − re(a)` vanish.
    let re = a.re();
    let h = a - D::from(re);
    let mut result = D::from(re.powf(n));
    let mut h_k = D::from(1.0);
    let mut coefficient = 1.0;
    for k in 1..=D::NDERIV {
        let k = k as f64;
        coefficient *= (n - k + 1.0) / k;
        h_k *= h;
        result += h_k * (coefficient * re.powf(n - k));
    }
    result
}
