//! A formula in x and y written with other names for its two variables (neuron's v and w),
//! identifier by identifier, so that `exp` or `max` keep their letters.

/// `source` with every identifier `x` written `x_name` and every `y` written `y_name`.
pub fn rename_variables(source: &str, x_name: &str, y_name: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        out.push_str(match word.as_str() {
            "x" => x_name,
            "y" => y_name,
            other => other,
        });
        word.clear();
    };
    for c in source.chars() {
        if c.is_alphanumeric() || c == '_' || (c == '.' && !word.is_empty()) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_whole_identifiers_are_renamed() {
        assert_eq!(
            rename_variables(
                "(1.5*tanh(0.5) - x*tanh(0.5*y))^2 + exp(x)*max(y,xy)",
                "v",
                "w"
            ),
            "(1.5*tanh(0.5) - v*tanh(0.5*w))^2 + exp(v)*max(w,xy)"
        );
        assert_eq!(rename_variables("x", "a", "b"), "a");
        assert_eq!(rename_variables("1e-3*y", "a", "b"), "1e-3*b");
    }
}
