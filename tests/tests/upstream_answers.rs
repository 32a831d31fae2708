//! Every success answer GitHub's published description allows (`spec/upstream/`, per product
//! and API version) decodes into the type the generated client decodes it into.
//!
//! `every_answer_the_upstream_schemas_allow_decodes` generates random answers from the upstream
//! schemas of each operation and success status (see `spec_support::Instances`: nullable values
//! sometimes `null`, optional fields sometimes absent, every enum value and an unknown one, fields
//! no schema names) and decodes each. The seed is fixed, so every run is the same.
//! `GH_ACTIONS_PROPTEST_CASES` sets the number of answers: CI runs the default of a few hundred;
//! a local run of 10,000 or more (`GH_ACTIONS_PROPTEST_CASES=10000 cargo test -p
//! gh-actions-tests --test upstream_answers`) also checks that every choice the upstream schemas
//! leave to GitHub was made at least once.
//!
//! The answer table, which maps each operation and status to the generated type, is generated
//! from the spec with the wire tests (`wire/generated/answers.rs`);
//! `the_answer_table_covers_every_json_success_body` checks it against the upstream files.

use gh_actions_tests::spec_support::{Instances, Rng, Spec, ref_target};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

// The generated table of how the client reads each answer (`cargo xtask codegen`).
#[path = "wire/generated/answers.rs"]
#[rustfmt::skip]
mod answers;

use answers::{AnswerVisitor, JSON_ANSWERS, visit_answer};

/// How the client reads one success answer.
enum Reads {
    /// It decodes the body into this type.
    Json {
        type_name: &'static str,
        decode: fn(&[u8]) -> Result<(), String>,
    },
    /// It does not read the body; why.
    Nothing(&'static str),
}

/// Decodes `bytes` as the client does, naming the field that fails.
fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<(), String> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize::<_, T>(&mut de)
        .map(drop)
        .map_err(|e| format!("at `{}`: {}", e.path(), e.inner()))
}

/// Records what the generated table says of one answer.
struct Reader(Option<Reads>);

impl AnswerVisitor for Reader {
    fn json<T>(&mut self, type_name: &'static str)
    where
        T: serde::Serialize + DeserializeOwned + PartialEq + std::fmt::Debug + 'static,
    {
        self.0 = Some(Reads::Json {
            type_name,
            decode: decode::<T>,
        });
    }

    fn nothing(&mut self, why: &'static str) {
        self.0 = Some(Reads::Nothing(why));
    }
}

/// How the client reads `operation`'s `status` answer; `None` when the spec
/// gives the operation no such success status.
fn answer(operation: &str, status: u16) -> Option<Reads> {
    let mut reader = Reader(None);
    visit_answer(operation, status, &mut reader);
    reader.0
}

/// The vendored upstream files: `(product and version, document)`.
fn upstream() -> &'static [(String, Value)] {
    static DOCS: OnceLock<Vec<(String, Value)>> = OnceLock::new();
    DOCS.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/upstream");
        // ghes-3.19 stands in for 3.21 where 3.21's file lacks an operation (as in the audit).
        [
            "dotcom-2026-03-10",
            "dotcom-2022-11-28",
            "ghes-3.21",
            "ghes-3.19",
        ]
        .iter()
        .map(|target| {
            let path = dir.join(format!("github-actions-{target}.yaml"));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let yaml: serde_yaml::Value =
                serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let doc =
                serde_json::to_value(yaml).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            ((*target).to_owned(), doc)
        })
        .collect()
    })
}

/// One JSON success body of an upstream file.
struct Body<'d> {
    target: &'d str,
    doc: &'d Value,
    operation: &'d str,
    status: u16,
    schema: &'d Value,
    schema_at: String,
    /// Where the media type is, and the media type (its `examples` live there).
    media: &'d Value,
    media_at: String,
}

/// Every JSON success body of every upstream file, in file order.
fn bodies() -> Vec<Body<'static>> {
    let mut out = Vec::new();
    for (target, doc) in upstream() {
        let paths = doc["paths"].as_object().expect("upstream has paths");
        for (path, item) in paths {
            for (method, op) in item.as_object().into_iter().flatten() {
                let Some(operation) = op.get("operationId").and_then(Value::as_str) else {
                    continue;
                };
                let responses = op.get("responses").and_then(Value::as_object);
                for (status, response) in responses.into_iter().flatten() {
                    let Some(status) = status
                        .parse::<u16>()
                        .ok()
                        .filter(|s| (200..300).contains(s))
                    else {
                        continue;
                    };
                    let escaped = path.replace('~', "~0").replace('/', "~1");
                    let mut at = format!("#/paths/{escaped}/{method}/responses/{status}");
                    let mut response = response;
                    if let Some(reference) = response.get("$ref").and_then(Value::as_str) {
                        response = ref_target(doc, reference).unwrap_or_else(|e| panic!("{e}"));
                        at = reference.to_owned();
                    }
                    let Some(media) = response.pointer("/content/application~1json") else {
                        continue;
                    };
                    let media_at = format!("{at}/content/application~1json");
                    out.push(Body {
                        target,
                        doc,
                        operation,
                        status,
                        schema: &media["schema"],
                        schema_at: format!("{media_at}/schema"),
                        media,
                        media_at,
                    });
                }
            }
        }
    }
    out
}

/// Answers decoded when `GH_ACTIONS_PROPTEST_CASES` does not say: quick enough for every CI run.
const DEFAULT_CASES: usize = 300;
/// From this many answers on, every choice the schemas leave open must have been made.
const FULL_RUN: usize = 10_000;
/// The fixed seed ("gh-actio").
const SEED: u64 = 0x6768_2d61_6374_696f;

fn cases() -> usize {
    match std::env::var("GH_ACTIONS_PROPTEST_CASES") {
        Ok(text) => text
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("GH_ACTIONS_PROPTEST_CASES={text:?} is not a count")),
        Err(_) => DEFAULT_CASES,
    }
}

/// The start of `value` as JSON, for a failure message.
fn shown(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(1500) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text,
    }
}

#[test]
fn every_answer_the_upstream_schemas_allow_decodes() {
    let bodies = bodies();
    let cases = cases();
    let mut instances: Vec<(&str, Instances<'_>)> = upstream()
        .iter()
        .map(|(target, doc)| (target.as_str(), Instances::new(doc)))
        .collect();
    let mut failures = Vec::new();
    let mut decoded = 0usize;
    for case in 0..cases {
        let body = &bodies[case % bodies.len()];
        let Some(reads) = answer(body.operation, body.status) else {
            failures.push(format!(
                "{} {} on {}: not in the answer table",
                body.operation, body.status, body.target
            ));
            continue;
        };
        let Reads::Json { type_name, decode } = &reads else {
            continue;
        };
        let mut rng = Rng::new(SEED ^ (case as u64).wrapping_mul(0x9e37_79b9));
        let (_, generator) = instances
            .iter_mut()
            .find(|(target, _)| *target == body.target)
            .expect("a generator per upstream file");
        let value = match generator.instance(body.schema, &body.schema_at, &mut rng) {
            Ok(value) => value,
            Err(e) => {
                failures.push(format!(
                    "case {case}: {} cannot be generated: {e}",
                    body.schema_at
                ));
                continue;
            }
        };
        let bytes = serde_json::to_vec(&value).expect("a JSON value encodes");
        decoded += 1;
        if let Err(e) = decode(&bytes) {
            failures.push(format!(
                "case {case}: {} {} on {} into {type_name}: {e}\n    answer: {}",
                body.operation,
                body.status,
                body.target,
                shown(&value)
            ));
        }
    }
    assert!(
        decoded * 2 >= cases,
        "only {decoded} of {cases} cases had a body the client decodes"
    );
    assert!(
        failures.is_empty(),
        "{} of {cases} upstream answers do not decode (seed {SEED:#x}):\n{}",
        failures.len(),
        failures
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    if cases >= FULL_RUN {
        for (target, generator) in &instances {
            let missing = generator.choices_not_made();
            assert!(
                missing.is_empty(),
                "{cases} answers did not make every choice the {target} schemas leave open; \
                 {} not made, such as:\n{}",
                missing.len(),
                missing
                    .iter()
                    .take(20)
                    .map(|(at, choice)| format!("  {at}: {choice:?}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
    }
}

#[test]
fn the_answer_table_covers_every_json_success_body() {
    let found: BTreeSet<(&str, u16)> = bodies().iter().map(|b| (b.operation, b.status)).collect();
    let missing: Vec<_> = found
        .iter()
        .filter(|(operation, status)| answer(operation, *status).is_none())
        .collect();
    let extra: Vec<_> = JSON_ANSWERS
        .iter()
        .filter(|entry| !found.contains(*entry))
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "JSON success bodies upstream the client has no answer for: {missing:?}\n\
         answers the client decodes that no upstream file has: {extra:?}"
    );
}

/// An answer the table says the client does not read is one the spec gives no body to read:
/// no content, or the empty object the generated client discards.
#[test]
fn answers_the_client_does_not_read_have_no_body_in_the_spec() {
    let spec = Spec::load_project().unwrap_or_else(|e| panic!("{e}"));
    let mut problems = Vec::new();
    let found: BTreeSet<(&str, u16)> = bodies().iter().map(|b| (b.operation, b.status)).collect();
    for (operation, status) in found {
        let Some(Reads::Nothing(why)) = answer(operation, status) else {
            continue;
        };
        let op = spec
            .operations()
            .into_iter()
            .find(|op| op.id() == operation)
            .unwrap_or_else(|| panic!("{operation} is not in the spec"));
        let at = op.pointer(&["responses", &status.to_string()]);
        let node = spec.at(&at).unwrap_or_else(|| panic!("nothing at {at}"));
        let (response, at) = spec.deref(node, &at).unwrap_or_else(|e| panic!("{e}"));
        let schema = response.pointer("/content/application~1json/schema");
        let discarded = match schema.and_then(|s| s.get("$ref")).and_then(Value::as_str) {
            Some(reference) => reference == "#/components/schemas/empty-object",
            None => schema.is_none(),
        };
        if !discarded {
            problems.push(format!(
                "{operation} {status}: listed as not read ({why}), but the spec gives it a body (at {at})"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Upstream examples of success answers that are wrong, and why; each must still be one.
/// (The spec's own examples of these answers are corrected, each saying so.)
const WRONG_EXAMPLES: &[(&str, &str)] = &[
    (
        "#/components/examples/actions-hosted-runner",
        "it gives `image` where its schema requires `image_details`",
    ),
    (
        "#/components/examples/actions-hosted-runner-paginated",
        "its runner gives `image` where its schema requires `image_details`",
    ),
    (
        "#/components/examples/actions-hosted-runner-custom-image-versions",
        "its versions lack the required `state_details`; the custom image list shows it too, \
         though that answer holds images, not versions",
    ),
    (
        "#/components/examples/actions-hosted-runner-custom-image-version",
        "it lacks the required `state_details`",
    ),
    (
        "#/components/examples/actions-hosted-runner-curated-image",
        "it is one image, where the answer is `{total_count, images}`",
    ),
    (
        "#/components/examples/actions-hosted-runner-machine-spec",
        "it is one machine spec, where the answer is `{total_count, machine_specs}`",
    ),
    (
        "#/components/examples/organization-actions-variables-paginated",
        "one variable's `value` is the boolean `true`, where its schema says string",
    ),
];

#[test]
fn the_upstream_files_own_success_examples_decode() {
    let mut failures = Vec::new();
    let mut wrong_and_failing = BTreeSet::new();
    let mut checked = 0;
    for body in bodies() {
        let Some(Reads::Json { type_name, decode }) = answer(body.operation, body.status) else {
            continue;
        };
        let examples = body.media.get("examples").and_then(Value::as_object);
        for (name, example) in examples.into_iter().flatten() {
            let (example, at) = match example.get("$ref").and_then(Value::as_str) {
                Some(reference) => (
                    ref_target(body.doc, reference).unwrap_or_else(|e| panic!("{e}")),
                    reference.to_owned(),
                ),
                None => (example, format!("{}/examples/{name}", body.media_at)),
            };
            let Some(value) = example.get("value") else {
                continue;
            };
            checked += 1;
            let bytes = serde_json::to_vec(value).expect("a JSON value encodes");
            let listed = WRONG_EXAMPLES.iter().any(|(wrong, _)| *wrong == at);
            match decode(&bytes) {
                Ok(()) if listed => failures.push(format!(
                    "{at} ({} on {}) decodes now: take it off WRONG_EXAMPLES",
                    body.operation, body.target
                )),
                Ok(()) => {}
                Err(_) if listed => {
                    wrong_and_failing.insert(at);
                }
                Err(e) => failures.push(format!(
                    "{at} ({} {} on {}) does not decode into {type_name}: {e}",
                    body.operation, body.status, body.target
                )),
            }
        }
    }
    assert!(checked > 40, "only {checked} upstream examples found");
    for (at, _) in WRONG_EXAMPLES {
        if !wrong_and_failing.contains(*at) {
            failures.push(format!(
                "WRONG_EXAMPLES lists {at}, which no success body shows"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Where upstream types a value `number`: the `total_count`s of some lists and the runner
/// group id. The spec types them as integers (deviation
/// `counts-and-ids-are-integers`), and the instances make whole numbers for every `number`;
/// this pins that no other `number` hides among them.
#[test]
fn upstream_numbers_are_only_the_counts_and_ids_the_spec_types_as_integers() {
    fn walk(node: &Value, at: &str, out: &mut BTreeSet<String>) {
        match node {
            Value::Object(map) => {
                if map.get("type").and_then(Value::as_str) == Some("number") {
                    out.insert(at.to_owned());
                }
                for (key, child) in map {
                    if key != "examples" && key != "example" {
                        let key = key.replace('~', "~0").replace('/', "~1");
                        walk(child, &format!("{at}/{key}"), out);
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    walk(child, &format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let allowed = |at: &str| {
        at == "#/components/schemas/runner-groups-org/properties/id"
            || at.ends_with("/schema/properties/total_count")
    };
    for (target, doc) in upstream() {
        let mut found = BTreeSet::new();
        walk(doc, "#", &mut found);
        assert!(
            !found.is_empty(),
            "no `number` in {target}: the test looks at nothing"
        );
        let others: Vec<&String> = found.iter().filter(|at| !allowed(at)).collect();
        assert!(
            others.is_empty(),
            "`number`s of {target} besides the counts and the runner group id: {others:?}"
        );
    }
}
