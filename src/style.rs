//! Colours and glyph choices shared by the explorer and `plateau render --color always`.

use plateau_core::raster::BANDS;

/// Whether to use colour.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal unless `NO_COLOR` is set.
    #[default]
    Auto,
    /// Always colour (ANSI escapes even when not writing to a terminal).
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Resolves `Auto` given whether the output is a terminal and the `NO_COLOR`
    /// convention (set and non-empty disables colour).
    pub fn enabled(self, is_terminal: bool) -> bool {
        match self {
            Self::Always => true,
            Self::Never => false,
            Self::Auto => is_terminal && !no_color_env(),
        }
    }
}

/// Whether `NO_COLOR` is set to a non-empty value (<https://no-color.org>).
pub fn no_color_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// The xterm-256 colour index of a contour band: a perceptually ordered ramp from deep
/// blue (low loss) through green and yellow to red (high loss).
pub fn band_color(band: u8) -> u8 {
    const RAMP: [u8; BANDS as usize] = [17, 19, 26, 31, 36, 71, 107, 143, 179, 167];
    RAMP[usize::from(band.min(BANDS - 1))]
}

/// ANSI escape that sets the foreground to xterm-256 colour `index`.
pub fn ansi_fg(index: u8) -> String {
    format!("\x1b[38;5;{index}m")
}

/// ANSI escape that resets all attributes.
pub const ANSI_RESET: &str = "\x1b[0m";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_choices_ignore_the_terminal() {
        assert!(ColorChoice::Always.enabled(false));
        assert!(!ColorChoice::Never.enabled(true));
    }

    #[test]
    fn every_band_has_a_distinct_colour() {
        let colours: std::collections::BTreeSet<u8> = (0..BANDS).map(band_color).collect();
        assert_eq!(colours.len(), usize::from(BANDS));
    }
}
