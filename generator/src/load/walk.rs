//! The raw-JSON pass of `load`: what the typed document cannot show.
//!
//! openapiv3 keeps a `$ref` as a string without checking its target, drops
//! path keys that do not start with `/` and response keys that are not
//! statuses, keeps nothing written beside a `$ref`, and reads an operation
//! written as `null` as no operation. This pass sees all of that on the
//! JSON data, and runs whether or not openapiv3 accepts the document.

use super::document::{OPERATION_KEYS, RefDocs, operation_slots};
use crate::availability::Availability;
use crate::diagnostics::{Diagnostic, pointer};
use crate::extensions::{self, Place};
use openapiv3::{OpenAPI, Operation, ReferenceOr, RequestBody};
// The document as JSON data: openapiv3 has no type for what this pass checks.
use serde_json::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// What the raw pass found.
pub(super) struct Walked {
    /// Problems, in no particular order.
    pub problems: Vec<Diagnostic>,
    /// Docs beside each `$ref`, by the pointer of the object holding it.
    pub ref_docs: BTreeMap<String, RefDocs>,
    /// Where each restricted property or response exists, by its pointer.
    pub availability: BTreeMap<String, Availability>,
}

/// Checks the raw document.
pub(super) fn walk(raw: &Value) -> Walked {
    let mut walked = Walked {
        problems: Vec::new(),
        ref_docs: BTreeMap::new(),
        availability: BTreeMap::new(),
    };
    if !raw.is_object() {
        walked
            .problems
            .push(Diagnostic::new("#", "the document is not a mapping"));
        return walked;
    }
    match raw.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0") => {}
        Some(v) => walked.problems.push(Diagnostic::new(
            "#/openapi",
            format!("version `{v}` is not OpenAPI 3.0.x or 3.1.x"),
        )),
        None => walked.problems.push(Diagnostic::new(
            "#/openapi",
            "the `openapi` version field is missing",
        )),
    }
    walk_refs(raw, raw, &mut Vec::new(), &mut walked);
    check_dropped_keys(raw, &mut walked.problems);
    walked
}

/// `path` is the node's place: keys borrowed from the document, array
/// indexes written out.
fn walk_refs<'a>(raw: &Value, node: &'a Value, path: &mut Vec<Cow<'a, str>>, walked: &mut Walked) {
    match node {
        Value::Object(map) => {
            if let Some(r) = map.get("$ref") {
                check_ref(raw, r, path, &mut walked.problems);
                let text = |key: &str| map.get(key).and_then(Value::as_str).map(str::to_owned);
                let docs = RefDocs {
                    title: text("title"),
                    description: text("description"),
                };
                if docs != RefDocs::default() {
                    walked.ref_docs.insert(pointer(path.iter()), docs);
                }
            }
            if extensions::has_availability(map) {
                read_availability(raw, map, path, walked);
            }
            for (k, v) in map {
                // Examples are data: a `$ref` key inside an example value is not a reference.
                if k == "value" && path.iter().rev().nth(1).is_some_and(|p| p == "examples") {
                    continue;
                }
                if k == "example" {
                    continue;
                }
                path.push(Cow::Borrowed(k));
                walk_refs(raw, v, path, walked);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push(Cow::Owned(i.to_string()));
                walk_refs(raw, v, path, walked);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Reads `x-github-products`/`x-github-api-versions` where they restrict a
/// schema property or a response. An operation's own `x-github-products` is
/// read by the checks of `load`; anywhere else the keys would be ignored, so
/// they are a problem.
fn read_availability(
    raw: &Value,
    map: &serde_json::Map<String, Value>,
    path: &[Cow<str>],
    walked: &mut Walked,
) {
    let segments: Vec<&str> = path.iter().map(|s| s.as_ref()).collect();
    let place = match segments.as_slice() {
        ["paths", _, method] if OPERATION_KEYS.contains(method) => Place::Operation,
        // A webhook's delivery is described like an operation (`x-webhooks`).
        [webhooks, _, "post"] if *webhooks == extensions::WEBHOOKS => Place::Operation,
        [.., "properties", _] => Place::Property,
        ["paths", _, _, "responses", _] | ["components", "responses", _] => Place::Response,
        // An example names the products it shows, for the example checks; the client ignores it.
        ["components", "examples", _] => Place::Example,
        _ => Place::Elsewhere,
    };
    match extensions::availability(map, place, &segments) {
        Ok(Some(found)) => {
            walked.availability.insert(pointer(&segments), found);
        }
        Ok(None) => {}
        Err(problems) => {
            let operation = operation_at(raw, path);
            walked
                .problems
                .extend(problems.into_iter().map(|d| d.in_operation(operation)));
        }
    }
}

fn check_ref(raw: &Value, r: &Value, path: &[Cow<str>], out: &mut Vec<Diagnostic>) {
    let at = pointer(path.iter().map(|s| s.as_ref()).chain(["$ref"]));
    let problem = match r.as_str() {
        Some(s) if !s.starts_with("#/") => {
            format!("`$ref: {s}` is not a local reference (`#/...`); only one file is read")
        }
        Some(s) if raw.pointer(&s[1..]).is_none() => format!("`$ref: {s}` points at nothing"),
        Some(_) => return,
        None => "`$ref` is not a string".to_owned(),
    };
    out.push(Diagnostic::new(at, problem).in_operation(operation_at(raw, path)));
}

/// The `operationId` of the operation that a raw path (`paths`, template, method, ...) is inside.
pub(super) fn operation_at<'a, S: AsRef<str>>(raw: &'a Value, path: &[S]) -> Option<&'a str> {
    match path {
        [paths, template, method, ..] if paths.as_ref() == "paths" => raw
            .get("paths")?
            .get(template.as_ref())?
            .get(method.as_ref())?
            .get("operationId")?
            .as_str(),
        _ => None,
    }
}

/// Path keys and response keys openapiv3 would drop.
fn check_dropped_keys(raw: &Value, out: &mut Vec<Diagnostic>) {
    let Some(paths) = raw.get("paths").and_then(Value::as_object) else {
        out.push(Diagnostic::new("#/paths", "the document has no `paths`"));
        return;
    };
    for (path, item) in paths {
        if !path.starts_with('/') {
            out.push(Diagnostic::new(
                pointer(["paths", path]),
                "a path must start with `/`",
            ));
        }
        for method in OPERATION_KEYS {
            let Some(op) = item.get(method) else {
                continue;
            };
            let id = op.get("operationId").and_then(Value::as_str);
            let at = |rest: &[&str]| {
                pointer(
                    ["paths", path.as_str(), method]
                        .iter()
                        .copied()
                        .chain(rest.iter().copied()),
                )
            };
            let Some(responses) = op.get("responses").and_then(Value::as_object) else {
                continue; // the typed checks report it
            };
            for status in responses.keys().filter(|k| !is_response_key(k)) {
                out.push(
                    Diagnostic::new(
                        at(&["responses", status]),
                        format!(
                            "response `{status}` is not supported: give each status as a number"
                        ),
                    )
                    .in_operation(id),
                );
            }
        }
    }
}

/// Whether openapiv3 keeps a key of `responses`: `default`, an extension,
/// a status (`100` to `999`) or a range (`2XX`); it drops anything else.
fn is_response_key(key: &str) -> bool {
    let range = match key.as_bytes() {
        [d, b'x' | b'X', b'x' | b'X'] => d.is_ascii_digit(),
        _ => false,
    };
    let code = key.len() == 3 && key.parse::<u16>().is_ok_and(|n| (100..1000).contains(&n));
    range || code || key == "default" || key.starts_with("x-")
}

/// Puts back, as empty ones, the operations and request bodies written as
/// `null` (`get:` with nothing after it), which openapiv3 reads as absent:
/// the checks then report what they lack instead of the operation
/// vanishing without a word.
pub(super) fn restore_nulls(raw: &Value, api: &mut OpenAPI) {
    let Some(paths) = raw.get("paths").and_then(Value::as_object) else {
        return;
    };
    for (path, raw_item) in paths {
        let Some(ReferenceOr::Item(item)) = api.paths.paths.get_mut(path) else {
            continue;
        };
        for (key, slot) in operation_slots(item) {
            match raw_item.get(key) {
                Some(Value::Null) => {
                    slot.get_or_insert_with(Operation::default);
                }
                Some(op) if op.get("requestBody").is_some_and(Value::is_null) => {
                    if let Some(op) = slot {
                        op.request_body
                            .get_or_insert_with(|| ReferenceOr::Item(RequestBody::default()));
                    }
                }
                _ => {}
            }
        }
    }
}
