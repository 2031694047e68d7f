//! One float format for data: CSV and JSON print the same digits in the same notation for
//! the same double (JSON adds `.0` to an integral one, so readers keep it a float), and both
//! parse back bit for bit, at the edges where two formatters would part: ties between two
//! shortest candidates, subnormals, 1e-5 ≤ |v| < 1e-4, ±0, the largest finite value and the
//! smallest normal one.

use crate::cli_support::{plateau, stdout};
use plateau::cli::json;
use plateau_core::text::format::{RoundTrip, write_round_trip};

/// What `plateau run --format csv` writes for `v`.
fn csv(v: f64) -> String {
    let mut out = Vec::new();
    write_round_trip(&mut out, v);
    String::from_utf8(out).unwrap()
}

/// What `plateau run --format json` writes for `v`.
fn json(v: f64) -> String {
    let mut out = Vec::new();
    json::to_writer(&mut out, &v).unwrap();
    String::from_utf8(out).unwrap()
}

/// Whether the JSON text is the CSV text, or it with `.0` after an integral number.
fn same_format(csv: &str, json: &str) -> bool {
    json == csv
        || (json.strip_suffix(".0") == Some(csv)
            && csv.bytes().all(|b| b.is_ascii_digit() || b == b'-'))
}

/// Doubles exactly halfway between two shortest decimal candidates: quarters of integers
/// near 2^50, where the shortest digits are 16 and the last one can tie (std and plateau
/// break the tie upwards, Żmij and so serde_json's own float text to even).
fn ties() -> Vec<f64> {
    (1u64 << 50..)
        .map(|n| n as f64 + 0.25)
        .filter(|&v| serde_json::to_string(&v).unwrap() != RoundTrip::new(v).as_str())
        .take(8)
        .collect()
}

fn edge_values() -> Vec<f64> {
    let mut values = vec![
        0.0,
        f64::MAX,
        f64::MIN_POSITIVE,
        f64::MIN_POSITIVE.next_down(),
        f64::from_bits(1),
        f64::from_bits(0x000f_ffff_ffff_ffff),
        1e-310,
        1e-5,
        1e-5f64.next_down(),
        1.5e-5,
        2.5e-5,
        9.999e-5,
        1e-4f64.next_down(),
        1e-4,
        1e15,
        1e16,
        1e16f64.next_down(),
        1.0,
        0.1,
        0.05,
        2.0f64.powi(53),
        1.4210854715202004e-14,
        -27.902434280572106,
        861_328_191_589_064.0 + 0.25,
    ];
    values.extend(ties());
    values
}

#[test]
fn csv_and_json_print_the_same_digits_and_both_parse_back_exactly() {
    let values = edge_values();
    assert!(values.len() >= 30, "ties found: {:?}", ties());
    for v in values {
        for v in [v, -v] {
            let (csv, json) = (csv(v), json(v));
            assert!(same_format(&csv, &json), "{v:e}: CSV {csv}, JSON {json}");
            assert_eq!(
                csv.parse::<f64>().unwrap().to_bits(),
                v.to_bits(),
                "CSV {csv}"
            );
            let back: f64 = serde_json::from_str(&json).unwrap();
            assert_eq!(back.to_bits(), v.to_bits(), "JSON {json}");
        }
    }
    // serde_json's own float text parts from the CSV exactly here: what this test guards.
    assert_eq!(serde_json::to_string(&1.5e-5).unwrap(), "0.000015");
    // The README's examples.
    assert_eq!(json(1.5e-5), "1.5e-5");
    assert_eq!(json(861_328_191_589_064.0 + 0.25), "861328191589064.3");
    assert_eq!((csv(2.0), json(2.0)), ("2".to_owned(), "2.0".to_owned()));
    let tie = ties()[0];
    assert_ne!(serde_json::to_string(&tie).unwrap(), json(tie));
}

#[test]
fn a_runs_csv_and_json_hold_the_same_text_for_every_number() {
    // The bowl's gradient norm falls by 0.8 a step, through 1e-4 and 1e-5 near steps 45–60.
    let args = [
        "run", "-l", "bowl", "-o", "sgd", "--steps", "70", "--format",
    ];
    let csv_out = stdout(&plateau(&[&args[..], &["csv"]].concat()));
    let json_out = stdout(&plateau(&[&args[..], &["json"]].concat()));
    let csv_grad: Vec<&str> = (csv_out.lines().skip(1))
        .map(|row| row.rsplit(',').next().unwrap())
        .collect();
    let array = json_out.split("\"grad_norm\":[").nth(1).unwrap();
    let json_grad: Vec<&str> = array.split(']').next().unwrap().split(',').collect();
    assert_eq!(csv_grad.len(), 71);
    assert_eq!(csv_grad.len(), json_grad.len());
    for (c, j) in csv_grad.iter().zip(&json_grad) {
        assert!(same_format(c, j), "CSV {c}, JSON {j}");
    }
    assert!(
        csv_grad.iter().any(|c| c.ends_with("e-5")),
        "the run crosses 1e-5..1e-4"
    );
}
