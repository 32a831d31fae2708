//! Typed ids: one newtype per kind of id, encoded as the bare number.

use generator::extensions::ID;
use gh_actions::types::{JobId, RunId, WorkflowId, WorkflowNumericId, WorkflowRun};
use gh_actions_tests::e2e_support::{assert_query, client, response_example, serve};
use gh_actions_tests::mock::Reply;
use gh_actions_tests::spec_support::{Kind, Spec, escape, nodes};
use serde_json::{Value, json};
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

/// Integer fields and parameters named like ids that are not ids of one
/// kind, by pointer, with the reason. Keep it short: anything else named
/// `id`, `*_id` or `*_ids` gets its id type in the spec.
const NOT_IDS_OF_A_KIND: &[(&str, &str)] = &[(
    "#/components/schemas/security-and-analysis/properties/secret_scanning_delegated_bypass_options/properties/reviewers/items/properties/reviewer_id",
    "a team's id or a role's id, as `reviewer_type` says: no one kind of object",
)];

/// Parameters whose names do not end in `_id` but that take one kind of id,
/// with the id type each must name.
const IDS_NAMED_OTHERWISE: &[(&str, &str)] =
    &[("ahead_of_run", "RunId"), ("ahead_of_job", "JobId")];

/// Whether a field or parameter of this name holds one id (`id`, `run_id`).
fn names_an_id(name: &str) -> bool {
    name == "id" || name.ends_with("_id")
}

/// The integer schema `node` is, through `$ref`s and a one-member `allOf`
/// (the nullable wrapper); `None` for anything else.
fn integer_schema<'a>(spec: &'a Spec, node: &'a Value, at: &str) -> Option<&'a Value> {
    let (node, at) = spec.deref(node, at).unwrap_or_else(|e| panic!("{e}"));
    if node.get("type").and_then(Value::as_str) == Some("integer") {
        return Some(node);
    }
    match node
        .get("allOf")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
    {
        Some([only]) => integer_schema(spec, only, &format!("{at}/allOf/0")),
        _ => None,
    }
}

/// The integer items of an array schema, for `*_ids` lists.
fn integer_items<'a>(spec: &'a Spec, node: &'a Value, at: &str) -> Option<&'a Value> {
    let (node, at) = spec.deref(node, at).unwrap_or_else(|e| panic!("{e}"));
    integer_schema(spec, node.get("items")?, &format!("{at}/items"))
}

/// Every integer property, parameter or list item named like an id, with its
/// pointer and the id type its schema names (`None` without one).
fn id_like_integers(spec: &Spec) -> Vec<(String, Option<String>)> {
    let id_type = |schema: &Value| schema.get(ID).and_then(Value::as_str).map(str::to_owned);
    let mut found = Vec::new();
    let mut check = |at: String, name: &str, schema: &Value| {
        let integer = if names_an_id(name) {
            integer_schema(spec, schema, &at)
        } else if name.ends_with("_ids") {
            integer_items(spec, schema, &at)
        } else {
            None
        };
        if let Some(integer) = integer {
            found.push((at, id_type(integer)));
        }
    };
    for node in nodes(&spec.raw) {
        match node.kind {
            Kind::Schema => {
                let Some(properties) = node.value.get("properties").and_then(Value::as_object)
                else {
                    continue;
                };
                for (name, property) in properties {
                    let at = format!("{}/properties/{}", node.at, escape(name));
                    check(at, name, property);
                }
            }
            Kind::Parameter => {
                let (Some(name), Some(schema)) = (
                    node.value.get("name").and_then(Value::as_str),
                    node.value.get("schema"),
                ) else {
                    continue;
                };
                check(format!("{}/schema", node.at), name, schema);
            }
            _ => {}
        }
    }
    found
}

#[test]
fn every_integer_named_like_an_id_has_its_id_type() {
    let spec = Spec::load_project().unwrap_or_else(|e| panic!("{e}"));
    let untyped: Vec<String> = id_like_integers(&spec)
        .into_iter()
        .filter(|(_, ty)| ty.is_none())
        .map(|(at, _)| at)
        .collect();
    let missing: Vec<&String> = untyped
        .iter()
        .filter(|at| !NOT_IDS_OF_A_KIND.iter().any(|(allowed, _)| allowed == at))
        .collect();
    assert!(
        missing.is_empty(),
        "integers named like ids without `{ID}` (give each its id type in spec/actions.yaml, \
         or list it in NOT_IDS_OF_A_KIND with the reason):\n{}",
        missing
            .iter()
            .map(|at| format!("  {at}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    // The allow-list cannot outlive what it excuses.
    let stale: Vec<&str> = NOT_IDS_OF_A_KIND
        .iter()
        .map(|(at, _)| *at)
        .filter(|at| !untyped.iter().any(|u| u == at))
        .collect();
    assert!(
        stale.is_empty(),
        "NOT_IDS_OF_A_KIND lists what is no longer an untyped id-like integer: {stale:?}"
    );
}

#[test]
fn parameters_named_otherwise_take_their_id_type() {
    let spec = Spec::load_project().unwrap_or_else(|e| panic!("{e}"));
    let mut seen = Vec::new();
    for node in nodes(&spec.raw) {
        let Some(name) = node.value.get("name").and_then(Value::as_str) else {
            continue;
        };
        let Some((_, wanted)) = IDS_NAMED_OTHERWISE.iter().find(|(n, _)| *n == name) else {
            continue;
        };
        if node.kind != Kind::Parameter {
            continue;
        }
        let at = format!("{}/schema", node.at);
        let schema = node.value.get("schema").expect("a parameter schema");
        let integer = integer_schema(&spec, schema, &at)
            .unwrap_or_else(|| panic!("`{name}` at {at} is not an integer"));
        assert_eq!(
            integer.get(ID).and_then(Value::as_str),
            Some(*wanted),
            "`{name}` at {at}"
        );
        seen.push(name);
    }
    for (name, _) in IDS_NAMED_OTHERWISE {
        assert!(seen.contains(name), "no parameter `{name}` in the spec");
    }
}

#[tokio::test]
async fn ids_from_an_answer_go_back_as_parameters_without_conversion() {
    // A run's concurrency groups name the run and the job that entered one;
    // asking what is ahead of either takes those ids as they came.
    let groups = response_example("actions/list-concurrency-groups-for-workflow-run", 200);
    let server = serve(Reply::json(200, &groups)).await;
    let gh = client(&server);
    let page = gh
        .concurrency_groups()
        .list_concurrency_groups_for_workflow_run("octo-org", "octo-repo", 30_433_642)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let member = page
        .items
        .iter()
        .flat_map(|group| &group.group_members)
        .find(|member| member.job_id.is_some())
        .expect("a member that is a job");
    let (run_id, job_id): (RunId, JobId) = (member.run_id, member.job_id.expect("a job id"));
    let groups = gh.concurrency_groups();
    let ahead_of_run = groups
        .get_concurrency_group_for_repository("octo-org", "octo-repo", "ci-build")
        .ahead_of_run(run_id);
    let ahead_of_job = groups
        .get_concurrency_group_for_repository("octo-org", "octo-repo", "ci-build")
        .ahead_of_job(job_id);
    // The answer is the list again, which the group does not decode from; only the query counts.
    let _ = ahead_of_run.send().await;
    let _ = ahead_of_job.send().await;
    let requests = server.requests();
    assert_query(&requests[1], &[("ahead_of_run", &run_id.to_string())]);
    assert_query(&requests[2], &[("ahead_of_job", &job_id.to_string())]);
}
