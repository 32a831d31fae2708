//! String enums keep values the client does not know and write them back,
//! in answers, queries and request bodies.

use super::{OWNER, REPO, runs_page};
use gh_actions::types::{Conclusion, JobConclusion, JobStatus, RunStatus, WorkflowRunStatus};
use gh_actions_tests::e2e_support::{
    assert_json_body, assert_query, assert_round_trip, client, only_request, response_example,
    serve,
};
use gh_actions_tests::mock::Reply;
use gh_actions_tests::spec_support::Spec;
use serde_json::json;

#[tokio::test]
async fn unknown_status_and_conclusion_values_decode_the_page_and_round_trip() {
    let mut page = runs_page(&[30_433_642_001, 30_433_642_002, 30_433_642_003], 3);
    page["workflow_runs"][1]["status"] = json!("some_new_status");
    page["workflow_runs"][1]["conclusion"] = json!("brand_new");
    page["workflow_runs"][2]["status"] = json!("completed");
    page["workflow_runs"][2]["conclusion"] = json!("success");
    // Fields the client does not know are ignored.
    page["workflow_runs"][0]["field_from_the_future"] = json!({"nested": [1, 2, 3]});
    let server = serve(Reply::json(200, &page)).await;
    let decoded = client(&server)
        .workflow_runs()
        .list_workflow_runs_for_repo(OWNER, REPO)
        .status(RunStatus::from("some_new_status"))
        .send()
        .await
        .expect("the whole page decodes");
    assert_eq!(decoded.items.len(), 3);

    let known = &decoded.items[0];
    assert_eq!(known.status, Some(WorkflowRunStatus::Queued));
    assert_eq!(known.conclusion, None);
    assert_eq!(decoded.items[2].status, Some(WorkflowRunStatus::Completed));
    assert_eq!(decoded.items[2].conclusion, Some(Conclusion::Success));

    let novel = &decoded.items[1];
    let status = novel.status.as_ref().expect("a status");
    assert_eq!(
        status,
        &WorkflowRunStatus::Unknown("some_new_status".to_owned())
    );
    assert_eq!(status.as_str(), "some_new_status");
    assert_eq!(status.to_string(), "some_new_status");
    let conclusion = novel.conclusion.as_ref().expect("a conclusion");
    assert_eq!(conclusion, &Conclusion::Unknown("brand_new".to_owned()));
    assert_eq!(conclusion.as_str(), "brand_new");

    let encoded = serde_json::to_value(novel).expect("encodes");
    assert_eq!(encoded["status"], "some_new_status");
    assert_eq!(encoded["conclusion"], "brand_new");
    for (item, original) in decoded.items[1..]
        .iter()
        .zip(&page["workflow_runs"].as_array().expect("runs")[1..])
    {
        assert_round_trip(item, original);
    }

    // Unknown values go out unchanged as query parameters too.
    assert_query(&only_request(&server), &[("status", "some_new_status")]);
}

#[test]
fn known_values_parse_to_their_variants_and_unknown_ones_are_kept() {
    assert_eq!(
        serde_json::from_value::<WorkflowRunStatus>(json!("in_progress")).expect("decodes"),
        WorkflowRunStatus::InProgress
    );
    let novel: WorkflowRunStatus = serde_json::from_value(json!("")).expect("decodes");
    assert_eq!(novel, WorkflowRunStatus::Unknown(String::new()));
    assert_eq!(serde_json::to_value(&novel).expect("encodes"), json!(""));
    assert!(serde_json::from_value::<WorkflowRunStatus>(json!(7)).is_err());
}

#[tokio::test]
async fn a_value_the_client_does_not_know_is_written_into_a_body_as_given() {
    let group = response_example("actions/update-self-hosted-runner-group-for-org", 200);
    let server = serve(Reply::json(200, &group)).await;
    client(&server)
        .runner_groups()
        .update_self_hosted_runner_group_for_org(OWNER, 30_433_642_456_i64, "gpu")
        .visibility("internal")
        .send()
        .await
        .expect("updated");
    let body = json!({ "name": "gpu", "visibility": "internal" });
    assert_json_body(&only_request(&server), &body);
}

/// The string values of a spec enum (its `null` left out).
fn spec_values(spec: &serde_json::Value, pointer: &str) -> Vec<String> {
    spec.pointer(pointer)
        .and_then(serde_json::Value::as_array)
        .unwrap_or_else(|| panic!("no enum at {pointer}"))
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

#[test]
fn statuses_and_conclusions_print_their_wire_values() {
    let spec = Spec::load_project().unwrap_or_else(|e| panic!("{e}"));
    let run_conclusions = spec_values(&spec.raw, "/components/schemas/conclusion/enum");
    let job_conclusions = spec_values(
        &spec.raw,
        "/components/schemas/job/properties/conclusion/enum",
    );
    for value in &run_conclusions {
        let conclusion = Conclusion::from(value.as_str());
        assert!(!matches!(conclusion, Conclusion::Unknown(_)), "{value}");
        assert_eq!(format!("{conclusion}"), *value);
    }
    for value in &job_conclusions {
        let conclusion = JobConclusion::from(value.as_str());
        assert!(!matches!(conclusion, JobConclusion::Unknown(_)), "{value}");
        assert_eq!(format!("{conclusion}"), *value);
        // A job ends with one of a run's outcomes, printed alike.
        assert_eq!(
            conclusion.to_string(),
            Conclusion::from(value.as_str()).to_string()
        );
    }
    // The one value apart, which is why jobs have a type of their own: GitHub
    // lists `stale` for runs, not for jobs. A job that says it anyway keeps it.
    let only_runs: Vec<&String> = run_conclusions
        .iter()
        .filter(|v| !job_conclusions.contains(v))
        .collect();
    assert_eq!(only_runs, ["stale"]);
    assert_eq!(JobConclusion::from("stale").to_string(), "stale");

    for value in spec_values(
        &spec.raw,
        "/components/schemas/workflow-run/properties/status/enum",
    ) {
        assert_eq!(WorkflowRunStatus::from(value.as_str()).to_string(), value);
    }
    for value in spec_values(&spec.raw, "/components/schemas/job/properties/status/enum") {
        assert_eq!(JobStatus::from(value.as_str()).to_string(), value);
    }
    assert_eq!(
        format!("{}", WorkflowRunStatus::Unknown("later".into())),
        "later"
    );
}
