//! Every response example of the spec decodes into the generated type of its
//! operation's response and encodes back without losing a field.

use super::decoders::{self, Decoder, SUCCESS};
use gh_actions_tests::spec_support::Spec;
use openapiv3::StatusCode;
use serde_json::Value;
use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// One response example with the decoder it belongs to.
pub(super) struct ResponseExample {
    /// `actions/x (GET /path): response 200 (application/json) example `default``.
    pub(super) label: String,
    pub(super) value: Value,
    pub(super) decoder: &'static Decoder,
}

fn spec() -> Spec {
    Spec::load_project().unwrap_or_else(|e| panic!("{e}"))
}

/// The operation id in a label such as `actions/x (GET /path)`.
fn operation_id(label: &str) -> &str {
    label.split_once(" (").map_or(label, |(id, _)| id)
}

/// Every response example of the spec with its decoder; the problems list
/// the examples no decoder is known for.
pub(super) fn response_examples() -> (Vec<ResponseExample>, Vec<String>) {
    let spec = spec();
    let (cases, spec_problems) = spec.examples();
    assert!(spec_problems.is_empty(), "{spec_problems:#?}");
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for case in cases {
        let (Some(operation), Some(status)) = (&case.operation, &case.status) else {
            continue;
        };
        let label = case.describe();
        let Ok(code) = status.parse::<u16>() else {
            problems.push(format!("{label}: status `{status}` is not a number"));
            continue;
        };
        let decoder = if (200..300).contains(&code) {
            decoders::success(operation_id(operation), code)
        } else {
            case.schema
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(decoders::error_body)
        };
        match decoder {
            Some(decoder) => found.push(ResponseExample {
                label,
                value: case.value.clone(),
                decoder,
            }),
            None => problems.push(format!("{label}: no decoder for this response")),
        }
    }
    (found, problems)
}

#[test]
fn every_response_example_of_the_spec_round_trips_through_its_generated_type() {
    let (examples, problems) = response_examples();
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(
        examples.len() >= 40,
        "only {} response examples found",
        examples.len()
    );
    let mut failures = Vec::new();
    for example in &examples {
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            (example.decoder.round_trip)(&example.value)
        }));
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(e)) => failures.push(format!(
                "{} does not decode into {}: {e}",
                example.label, example.decoder.type_name
            )),
            Err(_) => failures.push(format!(
                "{} lost or changed fields re-encoded from {} (see the panic above)",
                example.label, example.decoder.type_name
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // Every operation whose success body has examples was exercised.
    let exercised: BTreeSet<(&str, u16)> = examples
        .iter()
        .map(|e| (e.decoder.operation, e.decoder.status))
        .collect();
    for decoder in SUCCESS {
        if decoder.type_name != "EmptyObject" {
            assert!(
                exercised.contains(&(decoder.operation, decoder.status)),
                "{}: no response example was decoded",
                decoder.describe()
            );
        }
    }
}

#[test]
fn the_empty_object_bodies_decode_and_round_trip() {
    for decoder in SUCCESS.iter().filter(|d| d.type_name == "EmptyObject") {
        (decoder.round_trip)(&serde_json::json!({}))
            .unwrap_or_else(|e| panic!("{}: {e}", decoder.describe()));
    }
}

#[test]
fn the_decoder_table_covers_every_json_success_response_of_the_spec() {
    let spec = spec();
    let mut expected = BTreeSet::new();
    for op in spec.operations() {
        for response in spec.responses(&op) {
            let (status, at, response) = response.unwrap_or_else(|e| panic!("{e}"));
            let StatusCode::Code(code) = status else {
                continue;
            };
            if !(200..300).contains(code) {
                continue;
            }
            let json = response
                .content
                .keys()
                .any(|media| media == "application/json" || media.ends_with("+json"));
            if json {
                expected.insert((op.id().to_owned(), *code, at));
            }
        }
    }
    assert!(!expected.is_empty());
    let missing: Vec<String> = expected
        .iter()
        .filter(|(id, code, _)| decoders::success(id, *code).is_none())
        .map(|(id, code, at)| format!("{id} {code} (at {at})"))
        .collect();
    let extra: Vec<String> = SUCCESS
        .iter()
        .filter(|d| {
            !expected
                .iter()
                .any(|(id, code, _)| id == d.operation && *code == d.status)
        })
        .map(Decoder::describe)
        .collect();
    let mut keys: Vec<(&str, u16)> = SUCCESS.iter().map(|d| (d.operation, d.status)).collect();
    keys.sort_unstable();
    let before = keys.len();
    keys.dedup();
    assert_eq!(before, keys.len(), "an entry is listed twice");
    assert!(
        missing.is_empty() && extra.is_empty(),
        "JSON success responses without a decoder: {missing:#?}\ndecoders for no such response: {extra:#?}"
    );
}

/// The `examples` feature: a type's constructors give the spec's named examples
/// of it, field for field, request body types included.
#[test]
fn the_examples_feature_builds_each_type_from_its_named_examples() {
    use gh_actions::types::requests::CreateWorkflowDispatchRequest;
    use gh_actions::types::{Artifact, Job, WorkflowRun};
    use gh_actions_tests::e2e_support::{assert_round_trip, example};
    assert_round_trip(&WorkflowRun::example(), &example("workflow-run"));
    assert_round_trip(&Job::example(), &example("job"));
    for (name, artifact) in Artifact::examples() {
        assert_round_trip(&artifact, &example(name));
    }
    let (name, dispatch) = &CreateWorkflowDispatchRequest::examples()[0];
    assert_eq!(
        serde_json::to_value(dispatch).expect("encodes"),
        example(name)
    );
}
