//! The spec's response examples with the decoder of each, which the hostile
//! tests mutate (the wire tests decode every example through the client),
//! and the `examples` feature's constructors.

use super::decoders::{self, Decoder};
use gh_actions_tests::spec_support::Spec;
use serde_json::Value;

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
        if decoders::reads_nothing(operation_id(operation), code) {
            continue;
        }
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
