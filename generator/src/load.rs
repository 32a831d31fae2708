//! Step 1: read the YAML, check it, and parse it into `openapiv3::OpenAPI`.
//!
//! Two passes run to the end and all their problems are returned together:
//! `walk` goes over the raw JSON for what the typed document cannot show
//! (dangling `$ref`s, keys openapiv3 drops, docs written beside a `$ref`),
//! and `checks` goes over the typed operations (ids, tags, responses,
//! products, path parameters, methods) and resolves what later stages need:
//! the parsed path template, the method and the products of each operation.
//! When openapiv3 rejects the document, the checks run on the best-effort
//! typed copy of `salvage`.
//!
//! Before any of that, three rewrites of the JSON data bring a document
//! written elsewhere to what the passes read: `numbers` (values beyond 64
//! bits), `openapi31` (an OpenAPI 3.1 document written the 3.0 way) and
//! `hoist` (a node a `$ref` points into made a component). What they read
//! otherwise than written is in [`Loaded::notes`]; the nodes they moved are
//! in [`Loaded::moves`], which [`Loaded::restore_places`] uses to report
//! every problem where the document writes it.

mod checks;
mod document;
mod hoist;
mod locate;
mod numbers;
mod openapi31;
mod reach;
mod salvage;
mod walk;
mod webhooks;

// `component_of` is a pointer function of `diagnostics`, named here as well
// for the callers that think of it as part of loading.
pub use crate::diagnostics::component_of;
pub use document::{Endpoint, Moves, RefDocs};
pub use webhooks::Webhook;

use crate::availability::Availability;
use crate::diagnostics::{Diagnostic, pointer};
use openapiv3::{Components, Info, Tag};
use std::collections::{BTreeMap, BTreeSet};

/// A spec that parsed and passed the document-level checks.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The `openapi` version as the document writes it (`3.1.0` for a
    /// document read as 3.0.3).
    pub openapi: String,
    /// The document's `info` (its title heads the crate docs).
    pub info: Info,
    /// The top-level tags, in document order: one area each.
    pub tags: Vec<Tag>,
    /// The schemas, parameters, bodies and responses that `$ref`s point at.
    pub components: Components,
    /// Every operation, in path order, then in the order get, put, post,
    /// delete, patch.
    pub endpoints: Vec<Endpoint>,
    /// The webhook events (`x-webhooks`), in document order.
    pub webhooks: Vec<Webhook>,
    /// What the document writes beside a `$ref`, by the JSON pointer of the
    /// object that holds the `$ref`.
    pub ref_docs: BTreeMap<String, RefDocs>,
    /// Where each restricted schema property or response exists
    /// (`x-github-products`, `x-github-api-versions`), by its JSON pointer.
    pub availability: BTreeMap<String, Availability>,
    /// The problems found, in a stable order. The operations were checked
    /// anyway, so that later stages can report theirs in the same run.
    pub problems: Vec<Diagnostic>,
    /// The operations that reach each component (directly or through other
    /// components), by the component's pointer (`#/components/schemas/x`).
    pub users: BTreeMap<String, BTreeSet<String>>,
    /// What was read otherwise than written, or left out, without keeping
    /// anything from being generated (a 3.1 keyword written the 3.0 way,
    /// webhooks, a number beyond 64 bits), at the place it is written.
    pub notes: Vec<Diagnostic>,
    /// The nodes that were moved before the document was read (a node a
    /// `$ref` points into made a component, a 3.1 schema rewritten), so
    /// that problems can be reported where the document writes them: the
    /// pointers of `problems`, `users`, `ref_docs` and `availability`, and
    /// those the model finds, are in the rewritten document.
    pub moves: Moves,
}

impl Loaded {
    /// `problems` with their pointers (and the pointers in their messages)
    /// where the document writes them, in a stable order.
    pub fn restore_places(&self, problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
        if self.moves.is_empty() {
            return problems;
        }
        let mut out: Vec<Diagnostic> = problems
            .into_iter()
            .map(|mut d| {
                d.pointer = self.moves.original(&d.pointer);
                d.message = self.moves.original_in(&d.message);
                d
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

/// Parses and checks a spec given as YAML text; any problem fails it.
/// `name` is used in messages.
pub fn load_str(name: &str, text: &str) -> Result<Loaded, Vec<Diagnostic>> {
    strict(read_str(name, text)?)
}

/// The loaded spec, or its problems when it has any.
fn strict(mut loaded: Loaded) -> Result<Loaded, Vec<Diagnostic>> {
    if loaded.problems.is_empty() {
        Ok(loaded)
    } else {
        let problems = std::mem::take(&mut loaded.problems);
        Err(loaded.restore_places(problems))
    }
}

/// The `openapi` version the document writes, and the document as JSON
/// written the OpenAPI 3.0 way as [`read_str`] reads it: numbers beyond 64
/// bits as floating point, a 3.1 document's schemas rewritten to 3.0.3
/// (references into nodes are left as written). For a tool that reads 3.0
/// only, such as another generator to compare with.
pub fn as_openapi30(
    name: &str,
    text: &str,
) -> Result<(String, serde_json::Value), Vec<Diagnostic>> {
    let (version, raw, _, _) = rewritten(name, text)?;
    Ok((version, raw))
}

/// The document parsed, with the `openapi` version it writes, rewritten
/// the way the passes read it (numbers, 3.1), and the notes and moves of
/// those rewrites.
fn rewritten(
    name: &str,
    text: &str,
) -> Result<(String, serde_json::Value, Vec<Diagnostic>, Moves), Vec<Diagnostic>> {
    let mut raw = parse(name, text)?;
    let version = raw
        .get("openapi")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let mut notes = Vec::new();
    let mut moves = Moves::default();
    numbers::check(&mut raw, &mut notes);
    openapi31::downgrade(&mut raw, &mut moves, &mut notes);
    Ok((version, raw, notes, moves))
}

/// Parses and checks a spec given as YAML or JSON text. Fails only when the
/// text is not a document at all; every other problem is in
/// [`Loaded::problems`], beside what could be read.
pub fn read_str(name: &str, text: &str) -> Result<Loaded, Vec<Diagnostic>> {
    // Rewrites before the passes read the document: the notes are where
    // the document writes things, and the moves lead back there from the
    // rewritten document.
    let (openapi, mut raw, notes, mut moves) = rewritten(name, text)?;
    hoist::hoist(&mut raw, &mut moves);
    // The raw walk and the typed read do not depend on each other: they run
    // side by side, on two cores where there are two.
    let (walked, typed) = std::thread::scope(|scope| {
        let walked = scope.spawn(|| walk::walk(&raw));
        let typed = <openapiv3::OpenAPI as serde::Deserialize>::deserialize(&raw);
        let walked = walked
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (walked, typed)
    });
    let mut problems = walked.problems;
    let mut api = match typed {
        Ok(api) => api,
        Err(_) => {
            // The same read, node by node: at least the document itself fails.
            for (path, message) in locate::failing_nodes(&raw) {
                problems.push(
                    Diagnostic::new(pointer(&path), format!("{NOT_OPENAPI}: {message}"))
                        .in_operation(walk::operation_at(&raw, &path)),
                );
            }
            // Still check the operations, so one bad node does not hide the other problems.
            salvage::salvage(&raw)
        }
    };
    walk::restore_nulls(&raw, &mut api);
    let openapiv3::OpenAPI {
        info,
        tags,
        components,
        paths,
        extensions,
        ..
    } = api;
    let components = components.unwrap_or_default();
    let endpoints = checks::check_paths(paths, &components, &mut problems);
    let webhooks = webhooks::read(&extensions, &components, &mut problems);
    let users = reach::users(&raw, &endpoints);
    problems.sort();
    problems.dedup();
    Ok(Loaded {
        openapi,
        info,
        tags,
        components,
        endpoints,
        webhooks,
        ref_docs: walked.ref_docs,
        availability: walked.availability,
        problems,
        users,
        notes,
        moves,
    })
}

/// How a node that openapiv3 cannot read is reported.
const NOT_OPENAPI: &str = "not a valid OpenAPI 3.0 document";

/// The document as JSON data. JSON text (starting with `{`) is read as
/// JSON, which is faster for large documents; anything else as YAML.
fn parse(name: &str, text: &str) -> Result<serde_json::Value, Vec<Diagnostic>> {
    if text.trim_start().starts_with('{') {
        match serde_json::from_str(text) {
            Ok(raw) => return Ok(raw),
            // A number past the largest float (`1e400`): the YAML reader,
            // which reads JSON too, keeps it as text for `numbers` to place.
            Err(e) if e.to_string().starts_with("number out of range") => {}
            Err(e) => {
                return Err(vec![Diagnostic::new(
                    format!("{name}:{}:{}", e.line(), e.column()),
                    format!("malformed JSON: {e}"),
                )]);
            }
        }
    }
    // JSON data for the raw walk (`$ref` targets, keys openapiv3 drops) and
    // the typed read, straight from the YAML events.
    serde_yaml::from_str::<yaml::Data>(text)
        .map(|data| data.0)
        .map_err(|e| {
            let at = e
                .location()
                .map(|l| format!("{name}:{}:{}", l.line(), l.column()));
            vec![Diagnostic::new(
                at.unwrap_or_else(|| name.to_owned()),
                format!("malformed YAML: {e}"),
            )]
        })
}

/// YAML read as JSON data.
mod yaml {
    use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
    use serde_json::Value;

    /// The document as JSON data: keys are text (`200:` is `"200"`), a key
    /// written twice in one mapping is an error (as in serde_yaml's own
    /// `Value`), `.nan` and `.inf` are `null`, and a tag (`!name`) is an
    /// error, since JSON has nothing to hold it.
    pub(super) struct Data(pub Value);

    impl<'de> Deserialize<'de> for Data {
        fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
            de.deserialize_any(DataVisitor).map(Data)
        }
    }

    struct DataVisitor;

    impl<'de> Visitor<'de> for DataVisitor {
        type Value = Value;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("data JSON can hold")
        }

        fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
            Ok(Value::Bool(v))
        }

        fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
            Ok(v.into())
        }

        fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
            Ok(v.into())
        }

        // An integer beyond 64 bits (`minimum: -99999999999999999999`) is
        // read as the nearest floating point number, as JSON readers do;
        // where exactness matters, `numbers` says so at its place.
        fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
            Ok(i64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
        }

        fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
            Ok(u64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
        }

        fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
            Ok(float(v))
        }

        fn visit_str<E>(self, v: &str) -> Result<Value, E> {
            Ok(Value::String(v.to_owned()))
        }

        fn visit_string<E>(self, v: String) -> Result<Value, E> {
            Ok(Value::String(v))
        }

        fn visit_unit<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }

        fn visit_none<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }

        fn visit_some<D: Deserializer<'de>>(self, de: D) -> Result<Value, D::Error> {
            de.deserialize_any(self)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
            let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
            while let Some(Data(item)) = seq.next_element()? {
                items.push(item);
            }
            Ok(Value::Array(items))
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
            let mut out = serde_json::Map::new();
            while let Some(key) = map.next_key::<String>()? {
                let Data(value) = map.next_value()?;
                if out.contains_key(&key) {
                    return Err(de::Error::custom(format_args!(
                        "duplicate entry with key {key:?}"
                    )));
                }
                out.insert(key, value);
            }
            Ok(Value::Object(out))
        }

        fn visit_enum<A: de::EnumAccess<'de>>(self, _: A) -> Result<Value, A::Error> {
            Err(de::Error::custom(
                "a YAML tag (`!name`) cannot be read as JSON data",
            ))
        }
    }

    /// A finite number as JSON data; `null` for what JSON cannot hold.
    fn float(v: f64) -> Value {
        serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
    }
}

/// Reads and loads the spec at `path`.
pub fn load_file(path: &std::path::Path) -> Result<Loaded, Vec<Diagnostic>> {
    strict(read_file(path)?)
}

/// Reads the spec at `path` as [`read_str`] does: problems are in
/// [`Loaded::problems`].
pub fn read_file(path: &std::path::Path) -> Result<Loaded, Vec<Diagnostic>> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![Diagnostic::new(
            path.display().to_string(),
            format!("cannot read the spec: {e}"),
        )]
    })?;
    read_str(&path.display().to_string(), &text)
}

#[cfg(test)]
mod tests {
    use super::load_str;

    /// The messages of the problems `load` finds in `spec`.
    fn problems(spec: &str) -> Vec<String> {
        match load_str("test.yaml", spec) {
            Ok(_) => Vec::new(),
            Err(problems) => problems.iter().map(ToString::to_string).collect(),
        }
    }

    const HEAD: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
tags: [{name: runs}]
"##;

    fn assert_reported(spec: &str, wanted: &[&str]) {
        let found = problems(&format!("{HEAD}{spec}"));
        for w in wanted {
            assert!(
                found.iter().any(|f| f.contains(w)),
                "`{w}` not among:\n{}",
                found.join("\n")
            );
        }
    }

    #[test]
    fn a_key_written_twice_is_malformed_yaml_at_its_mapping() {
        let found = problems(&format!(
            "{HEAD}paths:\n  /runs:\n    get: {{operationId: a}}\n    get: {{operationId: b}}\n"
        ));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].ends_with("(at test.yaml:7:5)")
                && found[0].contains("malformed YAML")
                && found[0].contains("duplicate entry with key \"get\""),
            "{found:?}"
        );
    }

    #[test]
    fn a_yaml_tag_is_malformed_yaml_that_says_why() {
        let found = problems(&format!("{HEAD}paths: !custom {{}}\n"));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].ends_with("(at test.yaml:5:8)")
                && found[0].contains("a YAML tag (`!name`) cannot be read as JSON data"),
            "{found:?}"
        );
    }

    #[test]
    fn numbers_and_booleans_as_keys_are_read_as_text() {
        let loaded = super::read_str(
            "test.yaml",
            &format!(
                "{HEAD}paths:\n  /runs:\n    get:\n      operationId: a\n      responses:\n        200: {{description: ok}}\n        true: {{description: odd}}\n"
            ),
        )
        .expect("a document");
        let text: Vec<String> = loaded.problems.iter().map(ToString::to_string).collect();
        assert!(
            !text.iter().any(|p| p.contains("/200")),
            "the status key read as text: {text:?}"
        );
        assert!(
            text.iter().any(|p| p.contains("responses/true")),
            "a key that is not a status is named: {text:?}"
        );
    }

    #[test]
    fn trace_operations_are_diagnostics_not_dropped_and_options_are_sent() {
        let spec = r##"
paths:
  /runs:
    trace:
      operationId: runs/trace
      tags: [runs]
      x-github-products: [github.com]
      responses: {"204": {description: done}}
    options:
      operationId: runs/options
      tags: [runs]
      x-github-products: [github.com]
      responses: {"204": {description: done}}
"##;
        assert_reported(
            spec,
            &[
                "runs/trace: `TRACE` operations are not supported",
                "(at #/paths/~1runs/trace)",
            ],
        );
        let found = problems(&format!("{HEAD}{spec}"));
        assert!(
            !found.iter().any(|f| f.contains("runs/options")),
            "{found:?}"
        );
    }

    #[test]
    fn a_null_operation_is_checked_as_an_empty_one() {
        assert_reported(
            "paths:\n  /runs:\n    get:\n",
            &["get-runs: the operation has no responses (at #/paths/~1runs/get/responses)"],
        );
    }

    #[test]
    fn a_path_item_reference_is_a_diagnostic() {
        assert_reported(
            "paths:\n  /runs:\n    $ref: '#/paths/~1jobs'\n  /jobs: {}\n",
            &[
                "`$ref: #/paths/~1jobs` for a path item is not supported: write its operations under the path (at #/paths/~1runs/$ref)",
            ],
        );
    }

    #[test]
    fn problems_of_a_rejected_document_are_all_reported() {
        // openapiv3 rejects the document (no `responses`, a parameter without
        // schema); the other operations' problems are still found.
        assert_reported(
            r##"
paths:
  /runs:
    get:
      operationId: runs/list
      tags: [runs]
      x-github-products: [github.com]
  /runs/{run_id}:
    get:
      operationId: runs/list
      tags: [runs]
      x-github-products: [ghes-9.99]
      parameters:
        - {name: run_id, in: path}
      responses: {"200": {description: a run}}
"##,
            &[
                "runs/list: not a valid OpenAPI 3.0 document: missing field `responses` (at #/paths/~1runs/get)",
                "runs/list: not a valid OpenAPI 3.0 document: a parameter needs a `schema` or a `content` (at #/paths/~1runs~1{run_id}/get/parameters/0)",
                "runs/list: the operation has no responses (at #/paths/~1runs/get/responses)",
                "duplicate operationId, first used at #/paths/~1runs/get",
                "unknown product \"ghes-9.99\"",
                "path parameter `run_id` must be `required: true`",
            ],
        );
    }

    #[test]
    fn response_keys_openapiv3_would_drop_are_reported() {
        assert_reported(
            r##"
paths:
  /runs:
    get:
      operationId: runs/list
      tags: [runs]
      x-github-products: [github.com]
      responses:
        "204": {description: done}
        "20": {description: typo}
"##,
            &["response `20` is not supported: give each status as a number"],
        );
    }
}
