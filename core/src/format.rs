//! The one place numbers become text: exact round-trip output for data (CSV, JSON, help
//! defaults) and short forms for a narrow screen (readouts, axes, legends).

/// Formats a float so that it parses back to exactly the same value, in plain notation for
/// everyday magnitudes and in exponent notation for very small or large ones
/// (`0.05`, `1e-8`, `1.4210854715202004e-14`).
pub fn round_trip(v: f64) -> String {
    if v == 0.0 || !v.is_finite() || (1e-4..1e16).contains(&v.abs()) {
        format!("{v}")
    } else {
        format!("{v:e}")
    }
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
    }

    #[test]
    fn short_reals_are_compact() {
        assert_eq!(short(0.678, 4), "0.678");
        assert_eq!(short(-4.0, 4), "-4");
        assert_eq!(short(11.43999, 4), "11.44");
        assert_eq!(short(1.234e-5, 3), "1.23e-5");
        assert_eq!(short(2.5e7, 3), "2.5e7");
        assert_eq!(short(0.0, 3), "0");
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
    fn counts_have_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(12_340), "12,340");
        assert_eq!(count(1_234_567), "1,234,567");
    }
}
