//! JSON output in plateau's one float format: serde_json writes the structure, and every
//! float goes through the same formatter as CSV ([`plateau_core::text::format::RoundTrip`]), so
//! CSV and JSON of the same run print the same digits in the same notation. Only an
//! integral float gains `.0` in JSON (`2` in CSV, `2.0` in JSON), so that JSON readers keep
//! it a float. serde_json writes non-finite floats as `null` before any float reaches the
//! formatter.

use plateau_core::text::format::RoundTrip;
use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter, Serializer};
use std::io::{self, Write};

/// A serde_json formatter that lays out like `F` and writes floats as [`RoundTrip`].
struct RoundTripFloats<F>(F);

/// Writes `value` as one line of JSON.
pub fn to_writer<W: Write, T: Serialize + ?Sized>(out: W, value: &T) -> serde_json::Result<()> {
    value.serialize(&mut Serializer::with_formatter(
        out,
        RoundTripFloats(CompactFormatter),
    ))
}

/// Writes `value` as indented JSON.
pub fn to_writer_pretty<W: Write, T: Serialize + ?Sized>(
    out: W,
    value: &T,
) -> serde_json::Result<()> {
    value.serialize(&mut Serializer::with_formatter(
        out,
        RoundTripFloats(PrettyFormatter::new()),
    ))
}

/// Writes the JSON text of a finite float.
fn write_float<W: Write + ?Sized>(out: &mut W, v: f64) -> io::Result<()> {
    let text = RoundTrip::new(v);
    let bytes = text.as_bytes();
    out.write_all(bytes)?;
    if bytes.iter().all(|b| b.is_ascii_digit() || *b == b'-') {
        out.write_all(b".0")?;
    }
    Ok(())
}

impl<F: Formatter> Formatter for RoundTripFloats<F> {
    fn write_f64<W: Write + ?Sized>(&mut self, out: &mut W, value: f64) -> io::Result<()> {
        write_float(out, value)
    }

    fn write_f32<W: Write + ?Sized>(&mut self, out: &mut W, value: f32) -> io::Result<()> {
        write_float(out, f64::from(value))
    }

    fn begin_array<W: Write + ?Sized>(&mut self, out: &mut W) -> io::Result<()> {
        self.0.begin_array(out)
    }

    fn end_array<W: Write + ?Sized>(&mut self, out: &mut W) -> io::Result<()> {
        self.0.end_array(out)
    }

    fn begin_array_value<W: Write + ?Sized>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(out, first)
    }

    fn end_array_value<W: Write + ?Sized>(&mut self, out: &mut W) -> io::Result<()> {
        self.0.end_array_value(out)
    }

    fn begin_object<W: Write + ?Sized>(&mut self, out: &mut W) -> io::Result<()> {
        self.0.begin_object(out)
    }

    fn end_object<W: Write + ?Sized>(&mut self, out: &mut W) -> io::Result<()> {
        self.0.end_object(out)
    }

    fn begin_object_key<W: Write + ?Sized>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(out, first)
    }

    fn begin_object_value<W: Write + ?Sized>(&mut self, out: &mut W) -> io::Result<()> {
        self.0.begin_object_value(out)
    }

    fn end_object_value<W: Write + ?Sized>(&mut self, out: &mut W) -> io::Result<()> {
        self.0.end_object_value(out)
    }
}
