//! Text in and out: reading numbers, points, domains and sizes ([`parse`]) and writing
//! numbers the one way every output does ([`mod@format`]).

pub mod format;
pub mod parse;
