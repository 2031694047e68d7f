//! Reading the plain-text forms of points, pairs, domains and screen sizes, shared by the
//! command line, key scripts and the explorer's forms. Every error says what was expected
//! and what was given.

use crate::Point;
use crate::error::{Error, Result};
use crate::geometry::domain::Domain;

/// Parses `A,B` into two finite numbers.
pub fn pair(s: &str) -> Result<(f64, f64)> {
    let bad = || Error::Parse(format!("expected two finite numbers A,B, got '{s}'"));
    let parts: Vec<&str> = s.split(',').map(str::trim).collect();
    let [a, b] = parts.as_slice() else {
        return Err(bad());
    };
    let a: f64 = a.parse().map_err(|_| bad())?;
    let b: f64 = b.parse().map_err(|_| bad())?;
    if a.is_finite() && b.is_finite() {
        Ok((a, b))
    } else {
        Err(bad())
    }
}

/// Parses `X,Y` into a finite point.
pub fn point(s: &str) -> Result<Point> {
    let (x, y) = pair(s)
        .map_err(|_| Error::Parse(format!("expected X,Y with two finite numbers, got '{s}'")))?;
    Ok(Point::new(x, y))
}

/// Parses `A,B,…` into one or more finite numbers (a start of any dimension).
pub fn numbers(s: &str) -> Result<Vec<f64>> {
    let bad = || {
        Error::Parse(format!(
            "expected finite numbers separated by commas, got '{s}'"
        ))
    };
    let values = s
        .split(',')
        .map(|v| v.trim().parse::<f64>())
        .collect::<std::result::Result<Vec<f64>, _>>()
        .map_err(|_| bad())?;
    if values.iter().all(|v| v.is_finite()) {
        Ok(values)
    } else {
        Err(bad())
    }
}

/// Parses `XMIN,XMAX,YMIN,YMAX` into a domain.
pub fn domain(s: &str) -> Result<Domain> {
    let numbers: Vec<f64> = s
        .split(',')
        .map(|v| v.trim().parse::<f64>())
        .collect::<std::result::Result<_, _>>()
        .ok()
        .filter(|v: &Vec<f64>| v.len() == 4 && v.iter().all(|x| x.is_finite()))
        .ok_or_else(|| {
            Error::Parse(format!(
                "expected XMIN,XMAX,YMIN,YMAX with four finite numbers, got '{s}'"
            ))
        })?;
    let [x_min, x_max, y_min, y_max] = [numbers[0], numbers[1], numbers[2], numbers[3]];
    if !(x_min < x_max && y_min < y_max) {
        return Err(Error::Parse(format!(
            "the domain needs XMIN < XMAX and YMIN < YMAX, got '{s}'"
        )));
    }
    Domain::new(x_min, x_max, y_min, y_max).ok_or_else(|| {
        Error::Parse(format!(
            "the domain is too wide: XMAX - XMIN and YMAX - YMIN must be finite (below about \
             1.8e308), got '{s}'"
        ))
    })
}

/// The largest screen side [`size`] accepts.
pub const MAX_SIDE: u16 = 1000;

/// Parses `COLSxROWS` (each 1 to [`MAX_SIDE`]).
pub fn size(s: &str) -> Result<(u16, u16)> {
    let bad = || {
        Error::Parse(format!(
            "expected COLSxROWS with each 1 to {MAX_SIDE}, e.g. 100x30, got '{s}'"
        ))
    };
    let (cols, rows) = s.split_once(['x', 'X']).ok_or_else(bad)?;
    let side = |n: &str| {
        n.trim()
            .parse::<u16>()
            .ok()
            .filter(|n| (1..=MAX_SIDE).contains(n))
            .ok_or_else(bad)
    };
    Ok((side(cols)?, side(rows)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_need_two_finite_numbers() {
        assert_eq!(point("1,-2.5").unwrap(), Point::new(1.0, -2.5));
        assert_eq!(point(" 1 , 2 ").unwrap(), Point::new(1.0, 2.0));
        for bad in ["1,2,3", "nan,0", "1", "", "a,b", "inf,1", "1,"] {
            assert!(point(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn number_lists_are_finite_numbers_and_commas() {
        assert_eq!(numbers("1, -2.5,3").unwrap(), vec![1.0, -2.5, 3.0]);
        assert_eq!(numbers("7").unwrap(), vec![7.0]);
        for bad in ["", "1,,2", "nan,1", "1,inf", "a", "1,"] {
            assert!(numbers(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn domains_need_four_finite_ordered_numbers() {
        assert_eq!(
            domain("-1, 2,0,0.5").unwrap(),
            Domain::new(-1.0, 2.0, 0.0, 0.5).unwrap()
        );
        for bad in [
            "1,2,3",
            "0,1,0,1,0",
            "a,1,0,1",
            "nan,1,0,1",
            "0,inf,0,1",
            "",
        ] {
            assert!(
                domain(bad).unwrap_err().to_string().contains("four finite"),
                "{bad}"
            );
        }
        for bad in ["1,0,0,1", "0,1,2,2"] {
            assert!(
                domain(bad).unwrap_err().to_string().contains("XMIN < XMAX"),
                "{bad}"
            );
        }
        for wide in ["-1e308,1e308,-1e308,1e308", "0,1,-1.7e308,1.7e308"] {
            let e = domain(wide).unwrap_err().to_string();
            assert!(e.contains("too wide") && !e.contains("XMIN < XMAX"), "{e}");
        }
        assert!(domain("-8e307,8e307,0,1").is_ok(), "wide but finite");
    }

    #[test]
    fn sizes_are_cols_by_rows() {
        assert_eq!(size("100x30"), Ok((100, 30)));
        assert_eq!(size("80X24"), Ok((80, 24)));
        for bad in [
            "100", "0x10", "10x0", "1001x10", "axb", "10x", "x10", "-1x5",
        ] {
            assert!(size(bad).is_err(), "{bad}");
        }
    }
}
