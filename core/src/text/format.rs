//! The one place numbers become text: exact round-trip output for data (CSV, JSON — the
//! command line's JSON writer hands every float to [`RoundTrip`] — and help defaults) and
//! short forms for a narrow screen (readouts, axes, legends).

use std::fmt;

/// Longest text of [`RoundTrip`]: a sign, 17 significant digits, a point and either up to
/// four leading zeros (`-0.00012345678901234567`) or an exponent (`e-308`).
const ROUND_TRIP_LEN: usize = 32;

/// Where the text of a number goes: a growing buffer, or a [`RoundTrip`] on the stack.
trait Bytes {
    /// Appends one byte.
    fn push(&mut self, b: u8);
    /// Appends bytes.
    fn push_all(&mut self, bytes: &[u8]);
}

impl Bytes for Vec<u8> {
    fn push(&mut self, b: u8) {
        Vec::push(self, b);
    }

    fn push_all(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

/// A float written so that it parses back to exactly the same value, in plain notation for
/// everyday magnitudes (1e-4 ≤ |v| < 1e16, and 0) and in exponent notation for very small or
/// large ones: `0.05`, `-0`, `1e-8`, `1.4210854715202004e-14`, `1e16`, `inf`, `NaN`.
///
/// The digits are the shortest that round-trip (the closest to the value among those),
/// the same as std's `{}` and `{:e}` print; they come from the Żmij algorithm, and the text
/// is laid out on the stack, so writing a number allocates nothing.
#[derive(Clone, Copy)]
pub struct RoundTrip {
    bytes: [u8; ROUND_TRIP_LEN],
    len: usize,
}

impl Bytes for RoundTrip {
    fn push(&mut self, b: u8) {
        self.bytes[self.len] = b;
        self.len += 1;
    }

    fn push_all(&mut self, bytes: &[u8]) {
        self.bytes[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
    }
}

impl RoundTrip {
    /// The text of `v`.
    pub fn new(v: f64) -> Self {
        let mut text = Self {
            bytes: [0; ROUND_TRIP_LEN],
            len: 0,
        };
        layout(&mut text, v);
        text
    }

    /// The text as bytes (ASCII).
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }
}

/// Appends the text of `v` (that of [`RoundTrip`]) to `out`: the way to write many numbers
/// (CSV rows), with no copy on the way.
#[inline]
pub fn write_round_trip(out: &mut Vec<u8>, v: f64) {
    layout(out, v);
}

/// Writes the text of `v` (see [`RoundTrip`]).
#[inline]
fn layout(out: &mut impl Bytes, v: f64) {
    if v.is_nan() {
        out.push_all(b"NaN");
    } else if v.is_infinite() {
        out.push_all(if v > 0.0 { b"inf" } else { b"-inf" });
    } else if v == 0.0 {
        out.push_all(if v.is_sign_negative() { b"-0" } else { b"0" });
    } else {
        let mut buffer = zmij::Buffer::new();
        let zmij = buffer.format_finite(v).as_bytes();
        let plain = (1e-4..1e16).contains(&v.abs());
        if may_tie(v) || !copied(out, zmij, plain) {
            let mut decimal = Decimal::parse(zmij);
            decimal.break_tie_upwards(v);
            if v.is_sign_negative() {
                out.push(b'-');
            }
            if plain {
                decimal.plain(out);
            } else {
                decimal.scientific(out);
            }
        }
    }
}

/// Writes Żmij's text `zmij` by copying it, where it is already in the notation wanted
/// (`plain` or not) but for a trailing `.0` and the exponent's `+` (`1.0` → `1`, `6.2e+35`
/// → `6.2e35`); whether it could (if not, it wrote nothing). Żmij writes plain notation for
/// decimal exponents −5 to 15, plateau for −4 to 15 (1e-4 ≤ |v| < 1e16); its exponent is a
/// sign and one to three digits (`1e-7`, `1.5e+100`).
#[inline]
fn copied(out: &mut impl Bytes, zmij: &[u8], plain: bool) -> bool {
    if plain {
        out.push_all(zmij.strip_suffix(b".0").unwrap_or(zmij));
        return true;
    }
    let Some(at) = (3..=5)
        .filter_map(|back| zmij.len().checked_sub(back))
        .find(|&at| zmij[at] == b'e')
    else {
        return false;
    };
    out.push_all(&zmij[..at]);
    out.push(b'e');
    if zmij[at + 1] == b'-' {
        out.push(b'-');
    }
    out.push_all(&zmij[at + 2..]);
    true
}

impl fmt::Display for RoundTrip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A finite non-zero number as significant digits `d₁d₂…dₙ` (no leading or trailing zeros)
/// and the exponent `e` of `d₁.d₂…dₙ × 10^e`.
struct Decimal {
    digits: [u8; 20],
    count: usize,
    exponent: i32,
}

impl Decimal {
    /// Reads a finite non-zero number as Żmij writes it (`-1.25`, `1e-7`, `6.2e+35`,
    /// `544431068535091.6`), sign ignored.
    fn parse(text: &[u8]) -> Self {
        let mut d = Self {
            digits: [0; 20],
            count: 0,
            exponent: 0,
        };
        // The digits read so far, without leading zeros, stand for `digits × 10^scale`.
        let mut scale: i32 = 0;
        let mut fraction = false;
        let mut rest = text;
        while let Some((&b, tail)) = rest.split_first() {
            match b {
                b'0'..=b'9' => {
                    if fraction {
                        scale -= 1;
                    }
                    if (b != b'0' || d.count > 0) && d.count < d.digits.len() {
                        d.digits[d.count] = b;
                        d.count += 1;
                    } else if d.count > 0 {
                        scale += 1;
                    }
                }
                b'.' => fraction = true,
                b'e' | b'E' => {
                    rest = tail;
                    break;
                }
                _ => {}
            }
            rest = tail;
        }
        let mut power: i32 = 0;
        let mut negative = false;
        for &b in rest {
            match b {
                b'-' => negative = true,
                b'0'..=b'9' => power = power * 10 + i32::from(b - b'0'),
                _ => {}
            }
        }
        if negative {
            power = -power;
        }
        while d.count > 1 && d.digits[d.count - 1] == b'0' {
            d.count -= 1;
            scale += 1;
        }
        d.exponent = power + scale + d.count as i32 - 1;
        d
    }

    fn digits(&self) -> &[u8] {
        &self.digits[..self.count]
    }

    /// `d.ddd` times 10^e written out without an exponent: `123.45`, `0.00012`, `1200`.
    fn plain(&self, out: &mut impl Bytes) {
        let digits = self.digits();
        if self.exponent < 0 {
            out.push_all(b"0.");
            for _ in 0..(-self.exponent - 1) {
                out.push(b'0');
            }
            out.push_all(digits);
            return;
        }
        let integer = self.exponent as usize + 1;
        if digits.len() <= integer {
            out.push_all(digits);
            for _ in digits.len()..integer {
                out.push(b'0');
            }
        } else {
            out.push_all(&digits[..integer]);
            out.push(b'.');
            out.push_all(&digits[integer..]);
        }
    }

    /// `d.ddde<exponent>`, as std's `{:e}`: `1e-8`, `1.5e300`.
    fn scientific(&self, out: &mut impl Bytes) {
        let digits = self.digits();
        out.push(digits[0]);
        if digits.len() > 1 {
            out.push(b'.');
            out.push_all(&digits[1..]);
        }
        out.push(b'e');
        if self.exponent < 0 {
            out.push(b'-');
        }
        let e = self.exponent.unsigned_abs();
        if e >= 100 {
            out.push(b'0' + (e / 100) as u8);
        }
        if e >= 10 {
            out.push(b'0' + (e / 10 % 10) as u8);
        }
        out.push(b'0' + (e % 10) as u8);
    }

    /// Where `v` lies exactly halfway between these digits and the next number of as many
    /// digits, takes that next one. Żmij breaks such a tie between two shortest candidates
    /// towards the even one, std (and so plateau's output ever since) away from zero:
    /// 861328191589064.25 prints as `861328191589064.3`.
    ///
    /// `|v| = m·2^e` with m odd is the midpoint `(2D + 1)·10^k / 2` of the digits D (value
    /// D·10^k) and D + 1 exactly when both sides have the same power of two, `e + 1 = k`,
    /// and the same odd part: `m = (2D + 1)·5^k` (k ≥ 0) or `m·5^−k = 2D + 1` (k < 0).
    fn break_tie_upwards(&mut self, v: f64) {
        let (m, e) = binary(v);
        let m = u128::from(m);
        let k = self.exponent - (self.count as i32 - 1);
        if e + 1 != k {
            return;
        }
        let d = (self.digits().iter()).fold(0u128, |d, &b| d * 10 + u128::from(b - b'0'));
        let odd = 2 * d + 1;
        let five = 5u128.checked_pow(k.unsigned_abs());
        let tie = if k >= 0 {
            five.and_then(|p| odd.checked_mul(p)) == Some(m)
        } else {
            five.and_then(|p| m.checked_mul(p)) == Some(odd)
        };
        if !tie {
            return;
        }
        let mut i = self.count;
        while i > 0 && self.digits[i - 1] == b'9' {
            i -= 1;
        }
        if i == 0 {
            // 99…9 + 1 = 10…0: one digit, one decade up.
            self.digits[0] = b'1';
            self.count = 1;
            self.exponent += 1;
        } else {
            self.digits[i - 1] += 1;
            self.count = i;
        }
    }
}

/// `|v| = m·2^e` with `m` odd, for a finite non-zero `v`.
fn binary(v: f64) -> (u64, i32) {
    let bits = v.to_bits() & !(1 << 63);
    let (biased, fraction) = ((bits >> 52) as i32, bits & ((1 << 52) - 1));
    let (m, e) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | 1 << 52, biased - 1075)
    };
    let zeros = m.trailing_zeros();
    (m >> zeros, e + zeros as i32)
}

/// Whether `v` can lie exactly halfway between two shortest candidates
/// ([`Decimal::break_tie_upwards`]): only if `e + 1 = k` with `5^k` dividing `m < 2^53`
/// (k ≤ 22) or `m·5^−k` below the `2·10^17` of 17 digits (k ≥ −24), so `−25 ≤ e ≤ 21`.
/// Most doubles a run prints have all 53 bits set, an `e` near −52 and cannot tie.
fn may_tie(v: f64) -> bool {
    (-25..=21).contains(&binary(v).1)
}

/// Formats a float so that it parses back to exactly the same value (see [`RoundTrip`]).
pub fn round_trip(v: f64) -> String {
    RoundTrip::new(v).as_str().to_owned()
}

/// `v` with `sig` significant digits in the shortest readable form: plain decimals between
/// 1e-3 and 1e5, scientific notation outside, trailing zeros dropped (`0.678`, `1.23e-5`).
pub fn short(v: f64, sig: usize) -> String {
    if !v.is_finite() {
        return format!("{v}");
    }
    if v == 0.0 {
        return "0".to_owned();
    }
    let sig = sig.max(1);
    let text = format!("{v:.prec$e}", prec = sig - 1);
    let Some((mantissa, exp)) = text.split_once('e') else {
        return text;
    };
    // The exponent after rounding to `sig` digits (9.9996 rounds up to 1.000e1).
    let exponent: i32 = exp.parse().unwrap_or(0);
    if (-3..5).contains(&exponent) {
        let decimals = (sig as i32 - 1 - exponent).max(0) as usize;
        trim_zeros(format!("{v:.decimals$}"))
    } else {
        format!("{}e{exp}", trim_zeros(mantissa.to_owned()))
    }
}

/// `v` with exactly `decimals` digits after the point (`0.45`, `-0.89` for 2), for labels
/// whose width must not change. A value that rounds to zero, −0 included, is `0.00`: never
/// `-0.00`, which reads as a negative number that is not there.
pub fn fixed(v: f64, decimals: usize) -> String {
    let text = format!("{v:.decimals$}");
    match text.strip_prefix('-') {
        Some(magnitude) if magnitude.bytes().all(|b| b == b'0' || b == b'.') => {
            magnitude.to_owned()
        }
        _ => text,
    }
}

/// Drops trailing zeros after a decimal point, and the point itself if nothing follows.
fn trim_zeros(text: String) -> String {
    if !text.contains('.') {
        return text;
    }
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A count with thousands separators: `12,340`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_floats_parse_back() {
        for v in [
            0.05,
            1e-8,
            1.4210854715202004e-14,
            -27.902434280572106,
            1e300,
            0.0,
            2.5e-5,
        ] {
            assert_eq!(round_trip(v).parse::<f64>().unwrap(), v);
        }
        assert_eq!(round_trip(1e-8), "1e-8");
        assert_eq!(round_trip(0.05), "0.05");
        assert_eq!(round_trip(-0.0), "-0");
        assert_eq!(round_trip(1e16), "1e16");
        assert_eq!(round_trip(1e15), "1000000000000000");
        assert_eq!(round_trip(1e-4), "0.0001");
        assert_eq!(round_trip(f64::from_bits(1)), "5e-324");
        assert_eq!(round_trip(f64::NEG_INFINITY), "-inf");
        // Exactly halfway between two shortest candidates: std's tie-break, not Żmij's.
        assert_eq!(
            round_trip(-(861_328_191_589_064.0 + 0.25)),
            "-861328191589064.3"
        );
    }

    /// What `round_trip` printed before it had a fast path: std's shortest digits, `{}` for
    /// everyday magnitudes and `{:e}` for the others.
    fn std_round_trip(v: f64) -> String {
        if v == 0.0 || !v.is_finite() || (1e-4..1e16).contains(&v.abs()) {
            format!("{v}")
        } else {
            format!("{v:e}")
        }
    }

    /// The doubles next to the layout thresholds and at the ends of the range.
    #[test]
    fn the_fast_path_prints_std_text_at_every_edge() {
        let mut edges = vec![
            0.0,
            f64::MIN_POSITIVE,
            f64::MAX,
            f64::EPSILON,
            1.0,
            0.1,
            0.3,
        ];
        for e in -330..=310 {
            let p: f64 = format!("1e{e}").parse().unwrap();
            edges.extend([
                p,
                p.next_up(),
                p.next_down(),
                5.0 * p,
                9.999999999999999 * p,
            ]);
        }
        for v in edges {
            for v in [v, -v] {
                assert_eq!(RoundTrip::new(v).as_str(), std_round_trip(v), "{v:e}");
            }
        }
    }

    /// The significant digits of a number's text: `1.2500e+17` and `125000` give `125`.
    fn significant(text: &str) -> String {
        let mantissa = text.split('e').next().unwrap_or_default();
        let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
        digits.trim_matches('0').to_owned()
    }

    /// Quarters, eighths and sixteenths of large integers, and large integers themselves:
    /// where the shortest digits can tie between two candidates.
    #[test]
    fn ties_break_as_std_breaks_them() {
        use rand::{RngExt, SeedableRng};
        let mut rng = rand::rngs::Xoshiro256PlusPlus::seed_from_u64(13);
        let mut ties = 0;
        for _ in 0..200_000 {
            let n: u64 = rng.random_range(1u64 << 48..1 << 58);
            let v = n as f64 / f64::from(1u32 << rng.random_range(0..5))
                * 2f64.powi(rng.random_range(0..12));
            let (fast, std) = (round_trip(v), std_round_trip(v));
            assert_eq!(fast, std, "{v:e}");
            let zmij = significant(zmij::Buffer::new().format(v));
            ties += usize::from(zmij != significant(&fast));
        }
        assert!(ties > 100, "only {ties} ties");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]

        /// Any bit pattern (NaNs, infinities, subnormals, both zeros included).
        #[test]
        fn the_fast_path_prints_what_std_prints(bits: u64) {
            let v = f64::from_bits(bits);
            let text = round_trip(v);
            proptest::prop_assert_eq!(&text, &std_round_trip(v));
            if !v.is_nan() {
                proptest::prop_assert_eq!(text.parse::<f64>().unwrap().to_bits(), bits);
            }
        }

        /// Subnormals and the smallest normals, where the digits are fewest.
        #[test]
        fn subnormals_print_what_std_prints(bits in 0u64..(1 << 53), negative: bool) {
            let v = f64::from_bits(bits | (u64::from(negative) << 63));
            proptest::prop_assert_eq!(round_trip(v), std_round_trip(v));
        }

        /// Short decimals, the values people type and most runs print.
        #[test]
        fn short_decimals_print_what_std_prints(mantissa in 1i64..100_000, exponent in -30i32..30) {
            let v: f64 = format!("{mantissa}e{exponent}").parse().unwrap();
            proptest::prop_assert_eq!(round_trip(v), std_round_trip(v));
        }
    }

    #[test]
    fn short_reals_are_compact() {
        assert_eq!(short(0.678, 4), "0.678");
        assert_eq!(short(-4.0, 4), "-4");
        assert_eq!(short(11.43999, 4), "11.44");
        assert_eq!(short(1.234e-5, 3), "1.23e-5");
        assert_eq!(short(2.5e7, 3), "2.5e7");
        assert_eq!(short(0.0, 3), "0");
        assert_eq!(short(-0.0, 3), "0", "no sign on a zero");
        assert_eq!(short(f64::NAN, 3), "NaN");
        assert_eq!(short(1.1805916207174114e20, 4), "1.181e20");
        assert_eq!(
            short(99_999.6, 4),
            "1e5",
            "rounding up crosses into exponent form"
        );
        assert_eq!(short(0.00099996, 4), "0.001");
    }

    #[test]
    fn fixed_decimals_keep_their_width_and_never_sign_a_zero() {
        assert_eq!(fixed(0.447, 2), "0.45");
        assert_eq!(fixed(-0.894, 2), "-0.89");
        assert_eq!(fixed(-0.01, 2), "-0.01");
        assert_eq!(fixed(1.0, 2), "1.00");
        assert_eq!(fixed(-0.0, 2), "0.00");
        assert_eq!(fixed(-0.004, 2), "0.00");
        assert_eq!(fixed(-0.4, 0), "0");
        assert_eq!(fixed(-1e-300, 4), "0.0000");
        assert_eq!(fixed(-f64::INFINITY, 2), "-inf");
        assert_eq!(fixed(f64::NAN, 2), "NaN");
    }

    #[test]
    fn counts_have_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(12_340), "12,340");
        assert_eq!(count(1_234_567), "1,234,567");
    }
}
