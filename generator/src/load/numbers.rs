//! Numbers beyond 64 bits.
//!
//! The readers take an integer that no 64-bit integer holds
//! (`minimum: -99999999999999999999`) as the nearest floating point
//! number. For a bound of a schema that is all that matters: the bound
//! reads as a float, and a schema of `type: integer` with such a bound is
//! still an integer. A count (`maxLength`, `minItems`, ...) that large is
//! no limit anyone can reach, and openapiv3 reads counts as 64-bit
//! integers, so it is left out; so is a bound or count past the largest
//! floating point number (`1e400`, which the YAML reader keeps as text).
//! Anywhere else (an example, an `enum` value,
//! a default) the value is no longer exact, and a note says so where it is
//! written.

use super::document::{Kind, Place};
use crate::diagnostics::{Diagnostic, pointer};
// The document as JSON data: the numbers are checked before anything is typed.
use serde_json::Value;

/// Keywords of a schema whose value is a bound, exact or not.
const BOUNDS: [&str; 5] = [
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];

/// Keywords of a schema whose value is a count, which openapiv3 reads as a
/// 64-bit integer.
const COUNTS: [&str; 8] = [
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
    "minContains",
    "maxContains",
];

/// Leaves out the counts beyond 64 bits and notes every other value beyond
/// 64 bits that is not a bound.
pub(super) fn check(raw: &mut Value, notes: &mut Vec<Diagnostic>) {
    let mut path = Vec::new();
    visit(raw, Place::Root, &mut path, notes);
}

fn visit(node: &mut Value, place: Place, path: &mut Vec<String>, notes: &mut Vec<Diagnostic>) {
    match node {
        Value::Object(map) => {
            let schema = place == Place::Object(Kind::Schema);
            let mut too_large = Vec::new();
            for (key, child) in map.iter_mut() {
                path.push(key.clone());
                match child {
                    Value::Number(n) if beyond_64_bits(n) => {
                        let keyword = schema.then_some(key.as_str());
                        match keyword {
                            Some(k) if BOUNDS.contains(&k) => {}
                            Some(k) if COUNTS.contains(&k) => {
                                notes.push(Diagnostic::new(
                                    pointer(path.iter()),
                                    format!(
                                        "`{k}` is beyond 64 bits ({}), a limit no value reaches: left out",
                                        float(n)
                                    ),
                                ));
                                too_large.push(key.clone());
                            }
                            _ => notes.push(inexact(path, n)),
                        }
                    }
                    // A number past the largest float, which the YAML reader
                    // keeps as text: as a bound or a count, no limit at all.
                    Value::String(text)
                        if schema
                            && (BOUNDS.contains(&key.as_str())
                                || COUNTS.contains(&key.as_str()))
                            && text.trim().parse::<f64>().is_ok_and(f64::is_infinite) =>
                    {
                        notes.push(Diagnostic::new(
                            pointer(path.iter()),
                            format!(
                                "`{key}: {text}` is beyond any floating point number, a limit no value reaches: left out"
                            ),
                        ));
                        too_large.push(key.clone());
                    }
                    _ => visit(child, place.step(key), path, notes),
                }
                path.pop();
            }
            for key in too_large {
                map.remove(&key);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                path.push(i.to_string());
                match child {
                    Value::Number(n) if beyond_64_bits(n) => notes.push(inexact(path, n)),
                    _ => visit(child, place.step(&path[path.len() - 1]), path, notes),
                }
                path.pop();
            }
        }
        _ => {}
    }
}

fn inexact(path: &[String], n: &serde_json::Number) -> Diagnostic {
    Diagnostic::new(
        pointer(path),
        format!(
            "an integer beyond 64 bits is read as the nearest floating point number, {}",
            float(n)
        ),
    )
}

/// A number as the float it was read as (`1e20`).
fn float(n: &serde_json::Number) -> String {
    format!("{:e}", n.as_f64().unwrap_or_default())
}

/// Whether `n` is a whole number that neither `i64` nor `u64` holds (the
/// readers give such an integer as a float).
fn beyond_64_bits(n: &serde_json::Number) -> bool {
    if !n.is_f64() {
        return false;
    }
    let v = n.as_f64().unwrap_or_default();
    // 2^64 and -2^63: the first values outside `u64` and `i64`.
    v.fract() == 0.0 && !(-9_223_372_036_854_775_808.0..18_446_744_073_709_551_616.0).contains(&v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bounds_stay_counts_go_and_other_values_are_noted() {
        let mut doc = json!({"components": {"schemas": {"seed": {
            "type": "integer",
            "minimum": -1e20,
            "maximum": 9_223_372_036_854_775_807_i64,
            "maxLength": 1e20,
            "enum": [1e21, 3],
            "example": 2.5,
        }}}});
        let mut notes = Vec::new();
        check(&mut doc, &mut notes);
        let seed = &doc["components"]["schemas"]["seed"];
        assert_eq!(seed["minimum"], json!(-1e20));
        assert!(seed.get("maxLength").is_none());
        notes.sort_by(|a, b| a.pointer.cmp(&b.pointer));
        let text: Vec<String> = notes.iter().map(ToString::to_string).collect();
        assert_eq!(text.len(), 2, "{text:#?}");
        assert!(text[0].contains(
            "an integer beyond 64 bits is read as the nearest floating point number, 1e21"
        ));
        assert!(text[0].ends_with("(at #/components/schemas/seed/enum/0)"));
        assert!(text[1].contains("`maxLength` is beyond 64 bits (1e20)"));
        assert!(text[1].ends_with("(at #/components/schemas/seed/maxLength)"));
    }
}
