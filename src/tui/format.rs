//! Number formatting for a narrow screen: compact reals and step counts with separators.

/// `v` with `sig` significant digits in the shortest readable form: plain decimals between
/// 1e-3 and 1e5, scientific notation outside, trailing zeros dropped (`0.678`, `1.23e-5`).
pub fn real(v: f64, sig: usize) -> String {
    if !v.is_finite() {
        return format!("{v}");
    }
    if v == 0.0 {
        return "0".to_owned();
    }
    let sig = sig.max(1);
    let exponent = v.abs().log10().floor() as i32;
    if (-3..5).contains(&exponent) {
        let decimals = (sig as i32 - 1 - exponent).max(0) as usize;
        trim_zeros(format!("{v:.decimals$}"))
    } else {
        let text = format!("{v:.prec$e}", prec = sig - 1);
        match text.split_once('e') {
            Some((mantissa, exp)) => format!("{}e{exp}", trim_zeros(mantissa.to_owned())),
            None => text,
        }
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
    fn reals_are_compact() {
        assert_eq!(real(0.678, 4), "0.678");
        assert_eq!(real(-4.0, 4), "-4");
        assert_eq!(real(11.43999, 4), "11.44");
        assert_eq!(real(1.234e-5, 3), "1.23e-5");
        assert_eq!(real(2.5e7, 3), "2.5e7");
        assert_eq!(real(0.0, 3), "0");
        assert_eq!(real(f64::NAN, 3), "NaN");
    }

    #[test]
    fn counts_have_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(12_340), "12,340");
        assert_eq!(count(1_234_567), "1,234,567");
    }
}
