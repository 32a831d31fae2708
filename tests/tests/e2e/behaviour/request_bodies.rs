//! Request bodies beyond the spec's request examples: optional fields
//! written only when their setter is called, a nullable field's three
//! states, optional bodies left out entirely, the second shape of a `oneOf`
//! body, and a required list sent even when empty.

use super::{OWNER, REPO, RUN_ID};
use gh_actions::types::RunnerGroupsOrgVisibility;
use gh_actions::types::requests::{
    ReviewCustomGatesCommentRequired, ReviewCustomGatesStateRequired,
    ReviewCustomGatesStateRequiredState,
};
use gh_actions_tests::e2e_support::{
    assert_json_body, client, only_request, response_example, serve,
};
use gh_actions_tests::mock::Reply;
use serde_json::json;

const GROUP_ID: i64 = 30_433_642_456;
const NETWORK: &str = "EC486D5D793175D7E3B29C27318D5C1AAE49A7833FC85F2E82C3D2C54AC7D3BA";

/// The spec's runner group, answered with `status`.
fn group(status: u16) -> Reply {
    Reply::json(
        status,
        response_example("actions/create-self-hosted-runner-group-for-org", 201),
    )
}

#[tokio::test]
async fn each_optional_runner_group_field_is_written_only_when_its_setter_is_called() {
    let server = serve(group(201)).await;
    let gh = client(&server);
    gh.runner_groups()
        .create_self_hosted_runner_group_for_org(OWNER, "gpu")
        .visibility(RunnerGroupsOrgVisibility::Selected)
        .selected_repository_ids([30_433_642_789_i64, 42])
        .runners([30_433_642_123_i64])
        .allows_public_repositories(false)
        .restricted_to_workflows(true)
        .selected_workflows(["octo-org/octo-repo/.github/workflows/ci.yml@main"])
        .network_configuration_id(NETWORK)
        .send()
        .await
        .expect("created");
    gh.runner_groups()
        .create_self_hosted_runner_group_for_org(OWNER, "gpu")
        .send()
        .await
        .expect("created");
    let requests = server.requests();
    assert_json_body(
        &requests[0],
        &json!({
            "name": "gpu",
            "visibility": "selected",
            "selected_repository_ids": [30_433_642_789_i64, 42],
            "runners": [30_433_642_123_i64],
            "allows_public_repositories": false,
            "restricted_to_workflows": true,
            "selected_workflows": ["octo-org/octo-repo/.github/workflows/ci.yml@main"],
            "network_configuration_id": NETWORK,
        }),
    );
    assert_json_body(&requests[1], &json!({ "name": "gpu" }));
}

/// `None` sends `null` (clearing the field), `Some` the value, and no call
/// leaves the field out so the server keeps what it has.
#[tokio::test]
async fn a_nullable_field_sends_null_for_none_its_value_for_some_and_nothing_unset() {
    for (setting, expected) in [
        (
            Some(None),
            json!({ "name": "gpu", "network_configuration_id": null }),
        ),
        (
            Some(Some(NETWORK.to_owned())),
            json!({ "name": "gpu", "network_configuration_id": NETWORK }),
        ),
        (None, json!({ "name": "gpu" })),
    ] {
        let server = serve(group(200)).await;
        let gh = client(&server);
        let mut call = gh
            .runner_groups()
            .update_self_hosted_runner_group_for_org(OWNER, GROUP_ID, "gpu");
        if let Some(value) = setting {
            call = call.network_configuration_id(value);
        }
        call.send().await.expect("updated");
        assert_json_body(&only_request(&server), &expected);
    }
}

// The re-run calls take an optional body: without options they send none
// (and `content-length: 0`), unlike the wire tests, which set one.
gh_actions_tests::bodiless_call_tests! {
    re_run_workflow_without_options_sends_no_body:
        Reply::json(201, json!({})),
        workflow_runs().re_run_workflow(OWNER, REPO, RUN_ID)
        => "POST", "/repos/octo-org/octo-repo/actions/runs/30433642123/rerun";
    re_run_workflow_failed_jobs_without_options_sends_no_body:
        Reply::json(201, json!({})),
        workflow_runs().re_run_workflow_failed_jobs(OWNER, REPO, RUN_ID)
        => "POST", "/repos/octo-org/octo-repo/actions/runs/30433642123/rerun-failed-jobs";
    re_run_job_for_workflow_run_without_options_sends_no_body:
        Reply::json(201, json!({})),
        workflow_runs().re_run_job_for_workflow_run(OWNER, REPO, 39_944_849_612_i64)
        => "POST", "/repos/octo-org/octo-repo/actions/jobs/39944849612/rerun";
}

#[tokio::test]
async fn a_re_run_job_sends_a_false_flag_and_the_debugger_option() {
    let server = serve(Reply::json(201, json!({}))).await;
    client(&server)
        .workflow_runs()
        .re_run_job_for_workflow_run(OWNER, REPO, 39_944_849_612_i64)
        .enable_debug_logging(false)
        .enable_debugger(true)
        .send()
        .await
        .expect("re-run");
    let body = json!({ "enable_debug_logging": false, "enable_debugger": true });
    assert_json_body(&only_request(&server), &body);
}

/// The spec's example is a decision with a comment; a comment alone and a
/// decision without one are the other shapes.
#[tokio::test]
async fn a_custom_gate_review_is_a_comment_alone_or_a_decision_without_comment() {
    let comment = ReviewCustomGatesCommentRequired {
        environment_name: "prod eus/west".to_owned(),
        comment: "Waiting on the canary.".to_owned(),
    };
    let decision = ReviewCustomGatesStateRequired {
        environment_name: "prod-eus".to_owned(),
        state: ReviewCustomGatesStateRequiredState::Rejected,
        comment: None,
    };
    let server = serve(Reply::empty(204)).await;
    let gh = client(&server);
    let runs = gh.workflow_runs();
    runs.review_custom_gates_for_run(OWNER, REPO, RUN_ID, comment)
        .send()
        .await
        .expect("sent");
    runs.review_custom_gates_for_run(OWNER, REPO, RUN_ID, decision)
        .send()
        .await
        .expect("sent");
    let requests = server.requests();
    let sent = json!({ "environment_name": "prod eus/west", "comment": "Waiting on the canary." });
    assert_json_body(&requests[0], &sent);
    assert_json_body(
        &requests[1],
        &json!({ "environment_name": "prod-eus", "state": "rejected" }),
    );
}

#[tokio::test]
async fn a_required_list_is_sent_empty_rather_than_left_out() {
    let server = serve(Reply::empty(204)).await;
    client(&server)
        .secrets()
        .set_selected_repos_for_org_secret(OWNER, "TOKEN", Vec::<i64>::new())
        .send()
        .await
        .expect("emptied");
    assert_json_body(
        &only_request(&server),
        &json!({ "selected_repository_ids": [] }),
    );
}
