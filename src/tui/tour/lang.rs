//! The tour's languages, and which one to speak when none is asked for.

use std::ffi::OsStr;

/// A language of the tour.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Japanese (日本語).
    Ja,
}

impl Lang {
    /// Every language, in the order `--lang` lists them.
    pub const ALL: [Self; 2] = [Self::En, Self::Ja];

    /// Its code, as `--lang` takes it: `en`, `ja`.
    pub fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Ja => "ja",
        }
    }

    /// The language of a code (`en`, `ja`).
    pub fn parse(code: &str) -> Result<Self, String> {
        (Self::ALL.into_iter())
            .find(|l| l.code() == code.trim())
            .ok_or_else(|| format!("expected a language: en or ja, got '{code}'"))
    }

    /// The language the locale asks for: the first of `LC_ALL`, `LC_MESSAGES` and `LANG`
    /// that is set and not empty decides (POSIX's order); Japanese if it starts with `ja`,
    /// else English.
    pub fn from_env() -> Self {
        let vars = ["LC_ALL", "LC_MESSAGES", "LANG"].map(std::env::var_os);
        Self::from_locale(vars.iter().flatten().map(|v| v.as_os_str()))
    }

    /// [`Lang::from_env`] over the given values, most important first.
    pub fn from_locale<'a>(values: impl IntoIterator<Item = &'a OsStr>) -> Self {
        let first = values.into_iter().find(|v| !v.is_empty());
        match first.and_then(OsStr::to_str) {
            Some(locale) if locale.starts_with("ja") => Self::Ja,
            _ => Self::En,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_japanese_locale_picks_japanese_and_the_first_set_variable_decides() {
        let pick = |values: &[&str]| Lang::from_locale(values.iter().map(OsStr::new));
        assert_eq!(pick(&["ja_JP.UTF-8"]), Lang::Ja);
        assert_eq!(pick(&["", "", "ja_JP.UTF-8"]), Lang::Ja);
        assert_eq!(pick(&["en_US.UTF-8", "", "ja_JP.UTF-8"]), Lang::En);
        assert_eq!(pick(&["C"]), Lang::En);
        assert_eq!(pick(&[]), Lang::En);
    }
}
