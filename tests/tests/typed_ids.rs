//! Typed ids: one newtype per kind of id, encoded as the bare number.

use gh_actions::types::{JobId, RunId, WorkflowId, WorkflowNumericId, WorkflowRun};
use serde_json::json;
use std::collections::BTreeSet;

#[test]
fn ids_round_trip_through_json_unchanged() {
    for n in [0, 1, 4_294_967_296, i64::MAX, -1] {
        let id = RunId::from(n);
        assert_eq!(serde_json::to_value(id).expect("encodes"), json!(n));
        let back: RunId = serde_json::from_value(json!(n)).expect("decodes");
        assert_eq!(back, id);
        assert_eq!(back.get(), n);
        assert_eq!(id.to_string(), n.to_string());
        assert_eq!(id.to_string().parse::<RunId>().expect("parses"), id);
    }
    let job: JobId = serde_json::from_str("399444496").expect("decodes");
    assert_eq!(serde_json::to_string(&job).expect("encodes"), "399444496");
}

#[test]
fn ids_in_answers_decode_and_encode_as_numbers() {
    // The spec's own example of a run.
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/actions.yaml");
    let text = std::fs::read_to_string(path).expect("spec");
    let spec: serde_json::Value = serde_yaml::from_str(&text).expect("yaml");
    let example = spec["components"]["examples"]["workflow-run"]["value"].clone();
    let run: WorkflowRun =
        serde_json::from_value(example.clone()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run.id, example["id"].as_i64().expect("id"));
    assert_eq!(
        run.workflow_id,
        example["workflow_id"].as_i64().expect("workflow_id")
    );
    let encoded = serde_json::to_value(&run).expect("encodes");
    for field in ["id", "workflow_id", "check_suite_id", "head_repository_id"] {
        assert_eq!(encoded[field], example[field], "{field}");
    }
}

#[test]
fn ids_are_copy_ordered_and_hashable() {
    let ids: BTreeSet<RunId> = [3, 1, 2].into_iter().map(RunId::from).collect();
    let first = *ids.iter().next().expect("one");
    assert_eq!(first, 1);
    let hashed: std::collections::HashSet<JobId> = [JobId::new(1), JobId::new(1)].into();
    assert_eq!(hashed.len(), 1);
}

#[test]
fn a_workflow_is_named_by_its_numeric_id_or_its_file_name() {
    assert_eq!(
        WorkflowId::from(42),
        WorkflowId::Id(WorkflowNumericId::new(42))
    );
    assert_eq!(
        WorkflowId::from(WorkflowNumericId::new(42)).to_string(),
        "42"
    );
    assert_eq!(
        serde_json::to_value(WorkflowId::from(42)).expect("encodes"),
        json!(42)
    );
    assert_eq!(
        serde_json::from_value::<WorkflowId>(json!("ci.yml")).expect("decodes"),
        WorkflowId::from("ci.yml")
    );
}
