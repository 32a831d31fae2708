//! Workflow runs end to end: listing (per repository and per workflow, by id
//! or file name), single runs and attempts, approvals and reviews, pending
//! deployments and custom gates, cancelling, re-runs, logs and usage.

use gh_actions::Error;
use gh_actions::types::requests::{
    ReviewCustomGatesCommentRequired, ReviewCustomGatesStateRequired,
    ReviewCustomGatesStateRequiredState,
};
use gh_actions::types::{
    Conclusion, DeploymentPayload, EnvironmentApprovalsState,
    PendingDeploymentReviewersItemReviewer, PendingDeploymentReviewersItemType, RunStatus,
    WorkflowId, WorkflowRunStatus,
};
use gh_actions_tests::e2e_support::{
    api_error, assert_json_body, assert_no_body, assert_query, assert_request, assert_round_trip,
    client, example, github_error, only_request, response_example, serve, serve_page,
};
use gh_actions_tests::mock::{MockServer, Reply};
use serde_json::{Value, json};

pub const COVERED: &[&str] = &[
    "actions/list-workflow-runs-for-repo",
    "actions/list-workflow-runs",
    "actions/get-workflow-run",
    "actions/delete-workflow-run",
    "actions/get-reviews-for-run",
    "actions/approve-workflow-run",
    "actions/get-workflow-run-attempt",
    "actions/download-workflow-run-attempt-logs",
    "actions/cancel-workflow-run",
    "actions/force-cancel-workflow-run",
    "actions/review-custom-gates-for-run",
    "actions/delete-workflow-run-logs",
    "actions/download-workflow-run-logs",
    "actions/get-pending-deployments-for-run",
    "actions/review-pending-deployments-for-run",
    "actions/re-run-workflow",
    "actions/re-run-workflow-failed-jobs",
    "actions/re-run-job-for-workflow-run",
    "actions/get-workflow-run-usage",
];

const OWNER: &str = "octo-org";
const REPO: &str = "octo-repo";
/// An owner that must be percent-encoded in the path, and its encoding.
const SPACED_OWNER: &str = "octo org";
const SPACED_OWNER_ENCODED: &str = "octo%20org";
/// Ids above 2^32.
const RUN_ID: i64 = 30_433_642_123;
const JOB_ID: i64 = 39_944_849_612;
const CHECK_SUITE_ID: i64 = 41_494_437_488;
const ENVIRONMENT_ID: i64 = 16_117_178_745;

// ---------------------------------------------------------------------------
// calls that send nothing but their path
// ---------------------------------------------------------------------------

gh_actions_tests::bodiless_call_tests! {
    delete_workflow_run_sends_a_bodiless_delete_and_accepts_204:
        Reply::empty(204),
        workflow_runs().delete_workflow_run(SPACED_OWNER, REPO, RUN_ID)
        => "DELETE", format!("/repos/{SPACED_OWNER_ENCODED}/octo-repo/actions/runs/30433642123");
    approve_workflow_run_posts_without_a_body_and_accepts_201:
        Reply::json(201, json!({})),
        workflow_runs().approve_workflow_run(SPACED_OWNER, REPO, RUN_ID)
        => "POST", format!("/repos/{SPACED_OWNER_ENCODED}/octo-repo/actions/runs/30433642123/approve");
    cancel_workflow_run_posts_without_a_body_and_accepts_202:
        Reply::json(202, json!({})),
        workflow_runs().cancel_workflow_run(SPACED_OWNER, REPO, RUN_ID)
        => "POST", format!("/repos/{SPACED_OWNER_ENCODED}/octo-repo/actions/runs/30433642123/cancel");
    force_cancel_workflow_run_posts_without_a_body_and_accepts_202:
        Reply::json(202, json!({})),
        workflow_runs().force_cancel_workflow_run(SPACED_OWNER, REPO, RUN_ID)
        => "POST", format!("/repos/{SPACED_OWNER_ENCODED}/octo-repo/actions/runs/30433642123/force-cancel");
    delete_workflow_run_logs_sends_a_bodiless_delete_and_accepts_204:
        Reply::empty(204),
        workflow_runs().delete_workflow_run_logs(SPACED_OWNER, REPO, RUN_ID)
        => "DELETE", format!("/repos/{SPACED_OWNER_ENCODED}/octo-repo/actions/runs/30433642123/logs");
    re_run_workflow_without_options_posts_no_body:
        Reply::json(201, json!({})),
        workflow_runs().re_run_workflow(SPACED_OWNER, REPO, RUN_ID)
        => "POST", format!("/repos/{SPACED_OWNER_ENCODED}/octo-repo/actions/runs/30433642123/rerun");
    re_run_workflow_failed_jobs_without_options_posts_no_body:
        Reply::json(201, json!({})),
        workflow_runs().re_run_workflow_failed_jobs(SPACED_OWNER, REPO, RUN_ID)
        => "POST", format!("/repos/{SPACED_OWNER_ENCODED}/octo-repo/actions/runs/30433642123/rerun-failed-jobs");
    re_run_job_for_workflow_run_without_options_posts_no_body:
        Reply::json(201, json!({})),
        workflow_runs().re_run_job_for_workflow_run(OWNER, REPO, JOB_ID)
        => "POST", "/repos/octo-org/octo-repo/actions/jobs/39944849612/rerun";
}

// ---------------------------------------------------------------------------
// list-workflow-runs-for-repo
// ---------------------------------------------------------------------------

#[tokio::test]
async fn list_workflow_runs_for_repo_sends_every_filter_and_decodes_the_page() {
    let body = response_example("actions/list-workflow-runs-for-repo", 200);
    let runs =
        format!("/repos/{SPACED_OWNER_ENCODED}/{REPO}/actions/runs?status=failure&per_page=50");
    let server = serve_page(
        body.clone(),
        &[
            (format!("{runs}&page=3"), "next"),
            (format!("{runs}&page=7"), "last"),
            (format!("{runs}&page=1"), "first"),
            (format!("{runs}&page=1"), "prev"),
        ],
    )
    .await;

    let page = client(&server)
        .workflow_runs()
        .list_workflow_runs_for_repo(SPACED_OWNER, REPO)
        .actor("octo cat")
        .branch("release/v1.2")
        .event("pull_request")
        .status(RunStatus::Failure)
        .per_page(50)
        .page(2)
        .created(">=2024-01-01")
        .exclude_pull_requests(true)
        .check_suite_id(CHECK_SUITE_ID)
        .head_sha("acb5820ced9479c074f688cc328bf03f341a511d")
        .send()
        .await
        .expect("list workflow runs for repo");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        &format!("/repos/{SPACED_OWNER_ENCODED}/{REPO}/actions/runs"),
    );
    assert_query(
        &req,
        &[
            ("actor", "octo cat"),
            ("branch", "release/v1.2"),
            ("event", "pull_request"),
            ("status", "failure"),
            ("per_page", "50"),
            ("page", "2"),
            ("created", ">=2024-01-01"),
            ("exclude_pull_requests", "true"),
            ("check_suite_id", "41494437488"),
            ("head_sha", "acb5820ced9479c074f688cc328bf03f341a511d"),
        ],
    );
    // Reserved characters of values are percent-encoded, never sent raw or as `+`.
    assert_eq!(
        req.query(),
        Some(
            "actor=octo%20cat&branch=release%2Fv1.2&event=pull_request&status=failure\
             &per_page=50&page=2&created=%3E%3D2024-01-01&exclude_pull_requests=true\
             &check_suite_id=41494437488&head_sha=acb5820ced9479c074f688cc328bf03f341a511d"
        )
    );
    assert_no_body(&req);

    let example = response_example("actions/list-workflow-runs-for-repo", 200);
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.total_count, Some(1));
    let base = server.url();
    assert_eq!(
        page.next.as_ref().map(|u| u.as_str().to_owned()),
        Some(format!(
            "{base}/repos/{SPACED_OWNER_ENCODED}/{REPO}/actions/runs?status=failure&per_page=50&page=3"
        ))
    );
    assert_eq!(
        page.last.as_ref().map(|u| u.as_str().to_owned()),
        Some(format!(
            "{base}/repos/{SPACED_OWNER_ENCODED}/{REPO}/actions/runs?status=failure&per_page=50&page=7"
        ))
    );
    assert!(page.first.is_some() && page.prev.is_some());
    assert!(page.has_next());
    let run = &page.items[0];
    assert_round_trip(run, &example["workflow_runs"][0]);
    assert_eq!(run.id, 30_433_642);
    assert_eq!(run.status, Some(WorkflowRunStatus::Queued));
    assert_eq!(run.conclusion, None);
    assert_eq!(run.repository.full_name, "octocat/Hello-World");
}

#[tokio::test]
async fn list_workflow_runs_for_repo_without_filters_sends_no_query_and_a_last_page_has_no_next() {
    let example = response_example("actions/list-workflow-runs-for-repo", 200);
    let server = serve(Reply::json(200, example.clone())).await;

    let page = client(&server)
        .workflow_runs()
        .list_workflow_runs_for_repo(OWNER, REPO)
        .send()
        .await
        .expect("list workflow runs for repo");

    let req = only_request(&server);
    assert_request(&req, "GET", "/repos/octo-org/octo-repo/actions/runs");
    assert_eq!(req.query(), None);
    assert_no_body(&req);
    assert_eq!(page.total_count, Some(1));
    assert_eq!(page.items.len(), 1);
    assert!(page.next.is_none());
    assert!(!page.has_next());
}

#[tokio::test]
async fn list_workflow_runs_for_repo_decodes_the_ghes_examples() {
    for name in [
        "workflow-run-paginated-ghes-3-21",
        "workflow-run-paginated-ghes-2-22",
    ] {
        let original = example(name);
        let server = serve(Reply::json(200, original.clone())).await;
        let page = client(&server)
            .workflow_runs()
            .list_workflow_runs_for_repo(OWNER, REPO)
            .status(RunStatus::Queued)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let req = only_request(&server);
        assert_request(&req, "GET", "/repos/octo-org/octo-repo/actions/runs");
        assert_query(&req, &[("status", "queued")]);
        assert_eq!(page.total_count, Some(1), "{name}");
        assert_eq!(page.items.len(), 1, "{name}");
        assert_round_trip(&page.items[0], &original["workflow_runs"][0]);
        assert_eq!(page.items[0].id, 30_433_642, "{name}");
    }
}

#[tokio::test]
async fn list_workflow_runs_for_repo_decodes_run_ids_above_two_to_the_32() {
    let mut body = response_example("actions/list-workflow-runs-for-repo", 200);
    body["workflow_runs"][0]["id"] = json!(RUN_ID);
    body["workflow_runs"][0]["check_suite_id"] = json!(CHECK_SUITE_ID);
    body["total_count"] = json!(5_000_000_000_i64);
    let server = serve(Reply::json(200, body.clone())).await;

    let page = client(&server)
        .workflow_runs()
        .list_workflow_runs_for_repo(OWNER, REPO)
        .send()
        .await
        .expect("list");

    assert_eq!(page.total_count, Some(5_000_000_000));
    assert_eq!(page.items[0].id, RUN_ID);
    assert_eq!(
        page.items[0].check_suite_id.map(|id| id.get()),
        Some(CHECK_SUITE_ID)
    );
    assert_round_trip(&page.items[0], &body["workflow_runs"][0]);
}

// ---------------------------------------------------------------------------
// list-workflow-runs
// ---------------------------------------------------------------------------

#[tokio::test]
async fn list_workflow_runs_by_integer_workflow_id_sends_every_filter() {
    let example = response_example("actions/list-workflow-runs", 200);
    let server = serve_page(
        example.clone(),
        &[
            (
                "/repos/octo-org/octo-repo/actions/workflows/5000000001/runs?page=2",
                "next",
            ),
            (
                "/repos/octo-org/octo-repo/actions/workflows/5000000001/runs?page=4",
                "last",
            ),
        ],
    )
    .await;

    let page = client(&server)
        .workflow_runs()
        .list_workflow_runs(OWNER, REPO, 5_000_000_001_i64)
        .actor("monalisa")
        .branch("main")
        .event("push")
        .status(RunStatus::InProgress)
        .per_page(100)
        .page(1)
        .created("2024-01-01..2024-01-31")
        .exclude_pull_requests(false)
        .check_suite_id(CHECK_SUITE_ID)
        .head_sha("d23f6eedb1e1b9610bbc754ddb5197bfe7271223")
        .send()
        .await
        .expect("list workflow runs");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        "/repos/octo-org/octo-repo/actions/workflows/5000000001/runs",
    );
    assert_query(
        &req,
        &[
            ("actor", "monalisa"),
            ("branch", "main"),
            ("event", "push"),
            ("status", "in_progress"),
            ("per_page", "100"),
            ("page", "1"),
            ("created", "2024-01-01..2024-01-31"),
            ("exclude_pull_requests", "false"),
            ("check_suite_id", "41494437488"),
            ("head_sha", "d23f6eedb1e1b9610bbc754ddb5197bfe7271223"),
        ],
    );
    assert_no_body(&req);

    assert_eq!(page.items.len(), 1);
    assert_eq!(page.total_count, Some(1));
    assert_eq!(
        page.next.as_ref().map(|u| u.as_str().to_owned()),
        Some(format!(
            "{}/repos/octo-org/octo-repo/actions/workflows/5000000001/runs?page=2",
            server.url()
        ))
    );
    assert_round_trip(&page.items[0], &example["workflow_runs"][0]);
    assert_eq!(page.items[0].workflow_id, 159_038);
    assert_eq!(page.items[0].event, "push");
}

#[tokio::test]
async fn list_workflow_runs_stream_follows_the_next_link_with_the_filters_kept() {
    let mut first = response_example("actions/list-workflow-runs", 200);
    first["total_count"] = json!(2);
    let mut second = first.clone();
    second["workflow_runs"][0]["id"] = json!(RUN_ID);
    let server = MockServer::start(move |req| {
        if req.query_param("page").as_deref() == Some("2") {
            Reply::json(200, second.clone())
        } else {
            let link = format!(
                "<{}/repos/octo-org/octo-repo/actions/workflows/my%20workflow.yml/runs?status=waiting&page=2>; rel=\"next\"",
                req.server_url()
            );
            Reply::json(200, first.clone()).header("link", link)
        }
    })
    .await;

    let mut runs = client(&server)
        .workflow_runs()
        .list_workflow_runs(OWNER, REPO, "my workflow.yml")
        .status(RunStatus::Waiting)
        .stream();
    let mut ids = Vec::new();
    while let Some(run) = runs.try_next().await.expect("stream") {
        ids.push(run.id);
    }

    assert_eq!(ids, vec![30_433_642, RUN_ID]);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_request(
        &requests[0],
        "GET",
        "/repos/octo-org/octo-repo/actions/workflows/my%20workflow.yml/runs",
    );
    // A stream asks for the largest page unless the caller chose a size.
    assert_query(&requests[0], &[("status", "waiting"), ("per_page", "100")]);
    assert_request(
        &requests[1],
        "GET",
        "/repos/octo-org/octo-repo/actions/workflows/my%20workflow.yml/runs",
    );
    assert_query(&requests[1], &[("status", "waiting"), ("page", "2")]);
}

#[tokio::test]
async fn list_workflow_runs_by_file_name_puts_the_name_in_the_path() {
    let example = response_example("actions/list-workflow-runs", 200);
    let server = serve(Reply::json(200, example.clone())).await;

    let page = client(&server)
        .workflow_runs()
        .list_workflow_runs(OWNER, REPO, "ci.yml")
        .status(RunStatus::Success)
        .send()
        .await
        .expect("list workflow runs");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        "/repos/octo-org/octo-repo/actions/workflows/ci.yml/runs",
    );
    assert_query(&req, &[("status", "success")]);
    assert_no_body(&req);
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.total_count, Some(1));
    assert_round_trip(&page.items[0], &example["workflow_runs"][0]);
}

#[tokio::test]
async fn list_workflow_runs_percent_encodes_a_file_name_with_a_space() {
    let example = response_example("actions/list-workflow-runs", 200);
    let server = serve(Reply::json(200, example.clone())).await;

    let page = client(&server)
        .workflow_runs()
        .list_workflow_runs(
            SPACED_OWNER,
            REPO,
            WorkflowId::String("my workflow.yml".to_owned()),
        )
        .per_page(10)
        .send()
        .await
        .expect("list workflow runs");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        &format!(
            "/repos/{SPACED_OWNER_ENCODED}/octo-repo/actions/workflows/my%20workflow.yml/runs"
        ),
    );
    assert_query(&req, &[("per_page", "10")]);
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].name.as_deref(), Some("Build"));
}

#[tokio::test]
async fn list_workflow_runs_keeps_a_slash_and_a_question_mark_inside_the_file_name_segment() {
    let example = response_example("actions/list-workflow-runs", 200);
    let server = serve(Reply::json(200, example)).await;

    client(&server)
        .workflow_runs()
        .list_workflow_runs(OWNER, REPO, "deploy/prod?.yml")
        .send()
        .await
        .expect("list workflow runs");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        "/repos/octo-org/octo-repo/actions/workflows/deploy%2Fprod%3F.yml/runs",
    );
    assert_eq!(req.query(), None);
}

#[tokio::test]
async fn list_workflow_runs_decodes_the_ghes_examples() {
    for name in [
        "workflow-run-paginated-ghes-3-21",
        "workflow-run-paginated-ghes-2-22",
    ] {
        let original = example(name);
        let server = serve(Reply::json(200, original.clone())).await;
        let page = client(&server)
            .workflow_runs()
            .list_workflow_runs(OWNER, REPO, 159_038_i64)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let req = only_request(&server);
        assert_request(
            &req,
            "GET",
            "/repos/octo-org/octo-repo/actions/workflows/159038/runs",
        );
        assert_eq!(page.total_count, Some(1), "{name}");
        assert_round_trip(&page.items[0], &original["workflow_runs"][0]);
    }
}

#[tokio::test]
async fn list_workflow_runs_answers_404_for_an_unknown_workflow_file_as_an_api_error() {
    let server = serve(Reply::json(
        404,
        github_error(
            "Not Found",
            "https://docs.github.com/rest/actions/workflow-runs#list-workflow-runs-for-a-workflow",
        ),
    ))
    .await;

    let err = client(&server)
        .workflow_runs()
        .list_workflow_runs(OWNER, REPO, "missing.yml")
        .send()
        .await
        .expect_err("404");

    assert_eq!(err.status(), Some(404));
    assert_eq!(err.operation(), Some("actions/list-workflow-runs"));
    let api = api_error(err);
    assert_eq!(api.status, 404);
    assert_eq!(api.message, "Not Found");
    assert_eq!(
        api.documentation_url.as_deref(),
        Some(
            "https://docs.github.com/rest/actions/workflow-runs#list-workflow-runs-for-a-workflow"
        )
    );
}

// ---------------------------------------------------------------------------
// get-workflow-run / delete-workflow-run
// ---------------------------------------------------------------------------

#[tokio::test]
async fn get_workflow_run_decodes_the_spec_example() {
    let example = response_example("actions/get-workflow-run", 200);
    let server = serve(Reply::json(200, example.clone())).await;

    let run = client(&server)
        .workflow_runs()
        .get_workflow_run(OWNER, REPO, RUN_ID)
        .exclude_pull_requests(true)
        .send()
        .await
        .expect("get workflow run");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        "/repos/octo-org/octo-repo/actions/runs/30433642123",
    );
    assert_query(&req, &[("exclude_pull_requests", "true")]);
    assert_no_body(&req);

    assert_round_trip(&run, &example);
    assert_eq!(run.id, 30_433_642);
    assert_eq!(run.status, Some(WorkflowRunStatus::Queued));
    assert_eq!(run.run_attempt, Some(1));
    assert_eq!(
        run.actor.as_ref().map(|a| a.login.as_str()),
        Some("octocat")
    );
    assert_eq!(
        run.head_commit.as_ref().map(|c| c.message.as_str()),
        Some("Create linter.yaml")
    );
    assert_eq!(
        run.previous_attempt_url.as_deref(),
        Some("https://api.github.com/repos/octo-org/octo-repo/actions/runs/30433642/attempts/1")
    );
}

#[tokio::test]
async fn get_workflow_run_decodes_a_run_id_above_two_to_the_32_and_a_conclusion() {
    let mut body = example("workflow-run");
    body["id"] = json!(RUN_ID);
    body["status"] = json!("completed");
    body["conclusion"] = json!("failure");
    body["previous_attempt_url"] = Value::Null;
    let server = serve(Reply::json(200, body.clone())).await;

    let run = client(&server)
        .workflow_runs()
        .get_workflow_run(SPACED_OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect("get workflow run");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        &format!("/repos/{SPACED_OWNER_ENCODED}/octo-repo/actions/runs/30433642123"),
    );
    assert_eq!(req.query(), None);
    assert_round_trip(&run, &body);
    assert_eq!(run.id, RUN_ID);
    assert_eq!(run.status, Some(WorkflowRunStatus::Completed));
    assert_eq!(run.conclusion, Some(Conclusion::Failure));
    assert_eq!(run.previous_attempt_url, None);
}

#[tokio::test]
async fn get_workflow_run_decodes_the_ghes_examples() {
    for name in ["workflow-run-ghes-3-21", "workflow-run-ghes-2-22"] {
        let original = example(name);
        let server = serve(Reply::json(200, original.clone())).await;
        let run = client(&server)
            .workflow_runs()
            .get_workflow_run(OWNER, REPO, RUN_ID)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let req = only_request(&server);
        assert_request(
            &req,
            "GET",
            "/repos/octo-org/octo-repo/actions/runs/30433642123",
        );
        assert_round_trip(&run, &original);
        assert_eq!(run.id, 30_433_642, "{name}");
        assert_eq!(run.run_number, 562, "{name}");
    }
    // The 2.22 run has no display title, path, attempt or actor.
    let old = example("workflow-run-ghes-2-22");
    let server = serve(Reply::json(200, old)).await;
    let run = client(&server)
        .workflow_runs()
        .get_workflow_run(OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect("ghes 2.22 run");
    assert_eq!(run.display_title, None);
    assert_eq!(run.run_attempt, None);
    assert_eq!(run.head_branch.as_deref(), Some("master"));
}

#[tokio::test]
async fn get_workflow_run_answers_404_as_an_api_error() {
    let server = serve(
        Reply::json(
            404,
            github_error(
                "Not Found",
                "https://docs.github.com/rest/actions/workflow-runs#get-a-workflow-run",
            ),
        )
        .header("x-github-request-id", "CAFE:1234:5678"),
    )
    .await;

    let err = client(&server)
        .workflow_runs()
        .get_workflow_run(OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect_err("404");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        "/repos/octo-org/octo-repo/actions/runs/30433642123",
    );
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.request_id(), Some("CAFE:1234:5678"));
    assert!(!err.is_rate_limited());
    let api = api_error(err);
    assert_eq!(api.operation, "actions/get-workflow-run");
    assert_eq!(api.message, "Not Found");
    assert_eq!(
        api.documentation_url.as_deref(),
        Some("https://docs.github.com/rest/actions/workflow-runs#get-a-workflow-run")
    );
    assert!(api.errors.is_empty());
}

#[tokio::test]
async fn delete_workflow_run_answers_403_as_an_api_error() {
    let server = serve(Reply::json(
        403,
        github_error(
            "Must have admin rights to Repository.",
            "https://docs.github.com/rest/actions/workflow-runs#delete-a-workflow-run",
        ),
    ))
    .await;

    let err = client(&server)
        .workflow_runs()
        .delete_workflow_run(OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect_err("403");

    let api = api_error(err);
    assert_eq!(api.status, 403);
    assert_eq!(api.message, "Must have admin rights to Repository.");
}

// ---------------------------------------------------------------------------
// get-reviews-for-run / approve-workflow-run
// ---------------------------------------------------------------------------

#[tokio::test]
async fn get_reviews_for_run_decodes_the_spec_example() {
    let example = response_example("actions/get-reviews-for-run", 200);
    let server = serve(Reply::json(200, example.clone())).await;

    let reviews = client(&server)
        .workflow_runs()
        .get_reviews_for_run(SPACED_OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect("get reviews for run");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        &format!("/repos/{SPACED_OWNER_ENCODED}/octo-repo/actions/runs/30433642123/approvals"),
    );
    assert_eq!(req.query(), None);
    assert_no_body(&req);

    assert_round_trip(&reviews, &example);
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0].state, EnvironmentApprovalsState::Approved);
    assert_eq!(reviews[0].comment, "Ship it!");
    assert_eq!(
        reviews[0].environments[0].id.map(|id| id.get()),
        Some(161_088_068)
    );
    assert_eq!(reviews[0].environments[0].name.as_deref(), Some("staging"));
    assert_eq!(reviews[0].user.login, "octocat");
}

#[tokio::test]
async fn get_reviews_for_run_decodes_the_ghes_example() {
    let original = example("environment-approvals-items-ghes-3-21");
    let server = serve(Reply::json(200, original.clone())).await;

    let reviews = client(&server)
        .workflow_runs()
        .get_reviews_for_run(OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect("get reviews for run");

    assert_round_trip(&reviews, &original);
    assert_eq!(
        reviews[0].user.url, "https://HOSTNAME/users/octocat",
        "GHES URLs"
    );
}

#[tokio::test]
async fn approve_workflow_run_answers_403_for_a_run_that_needs_no_approval() {
    let server = serve(Reply::json(
        403,
        github_error(
            "This run is not from a fork pull request",
            "https://docs.github.com/rest/actions/workflow-runs#approve-a-workflow-run-for-a-fork-pull-request",
        ),
    ))
    .await;

    let err = client(&server)
        .workflow_runs()
        .approve_workflow_run(OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect_err("403");

    assert_eq!(err.status(), Some(403));
    assert!(!err.is_rate_limited());
    let api = api_error(err);
    assert_eq!(api.operation, "actions/approve-workflow-run");
    assert_eq!(api.message, "This run is not from a fork pull request");
}

// ---------------------------------------------------------------------------
// get-workflow-run-attempt / download-workflow-run-attempt-logs
// ---------------------------------------------------------------------------

#[tokio::test]
async fn get_workflow_run_attempt_decodes_the_spec_example() {
    let example = response_example("actions/get-workflow-run-attempt", 200);
    let server = serve(Reply::json(200, example.clone())).await;

    let run = client(&server)
        .workflow_runs()
        .get_workflow_run_attempt(SPACED_OWNER, REPO, RUN_ID, 3)
        .exclude_pull_requests(false)
        .send()
        .await
        .expect("get workflow run attempt");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        &format!("/repos/{SPACED_OWNER_ENCODED}/octo-repo/actions/runs/30433642123/attempts/3"),
    );
    assert_query(&req, &[("exclude_pull_requests", "false")]);
    assert_no_body(&req);

    assert_round_trip(&run, &example);
    assert_eq!(run.id, 30_433_642);
    assert_eq!(run.run_attempt, Some(1));
    assert_eq!(run.triggering_actor.as_ref().map(|a| a.id), Some(1));
    assert_eq!(run.head_repository.full_name, "octo-org/octo-repo");
}

#[tokio::test]
async fn get_workflow_run_attempt_decodes_the_ghes_example() {
    let original = example("workflow-run-ghes-3-21");
    let server = serve(Reply::json(200, original.clone())).await;

    let run = client(&server)
        .workflow_runs()
        .get_workflow_run_attempt(OWNER, REPO, RUN_ID, 1)
        .send()
        .await
        .expect("get workflow run attempt");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        "/repos/octo-org/octo-repo/actions/runs/30433642123/attempts/1",
    );
    assert_eq!(req.query(), None);
    assert_round_trip(&run, &original);
    assert_eq!(
        run.url,
        "https://HOSTNAME/repos/octo-org/octo-repo/actions/runs/30433642"
    );
}

#[tokio::test]
async fn download_workflow_run_attempt_logs_returns_the_redirect_url() {
    let location = "https://pipelines.actions.githubusercontent.com/serviceHosts/abc/_apis/pipelines/1/runs/30433642123/signedlogcontent?urlExpires=2024-01-01T00%3A01%3A00Z&urlSigningMethod=HMACV1&urlSignature=sig%2Bvalue%3D";
    let server = serve(Reply::redirect(location)).await;

    let url = client(&server)
        .workflow_runs()
        .download_workflow_run_attempt_logs(SPACED_OWNER, REPO, RUN_ID, 2)
        .send()
        .await
        .expect("download attempt logs");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        &format!(
            "/repos/{SPACED_OWNER_ENCODED}/octo-repo/actions/runs/30433642123/attempts/2/logs"
        ),
    );
    assert_eq!(req.query(), None);
    assert_no_body(&req);
    assert_eq!(server.request_count(), 1, "the redirect is not followed");
    assert_eq!(url.as_str(), location);
    assert_eq!(
        url.as_url().host_str(),
        Some("pipelines.actions.githubusercontent.com")
    );
}

#[tokio::test]
async fn download_workflow_run_attempt_logs_answers_404_as_an_api_error() {
    let server = serve(Reply::json(
        404,
        github_error(
            "Not Found",
            "https://docs.github.com/rest/actions/workflow-runs#download-workflow-run-attempt-logs",
        ),
    ))
    .await;

    let err = client(&server)
        .workflow_runs()
        .download_workflow_run_attempt_logs(OWNER, REPO, RUN_ID, 9)
        .send()
        .await
        .expect_err("404");

    let api = api_error(err);
    assert_eq!(api.status, 404);
    assert_eq!(api.operation, "actions/download-workflow-run-attempt-logs");
}

// ---------------------------------------------------------------------------
// cancel / force-cancel
// ---------------------------------------------------------------------------

#[tokio::test]
async fn cancel_workflow_run_answers_409_for_a_finished_run_as_an_api_error() {
    let server = serve(Reply::json(
        409,
        github_error(
            "Cannot cancel a workflow run that is completed.",
            "https://docs.github.com/rest/actions/workflow-runs#cancel-a-workflow-run",
        ),
    ))
    .await;

    let err = client(&server)
        .workflow_runs()
        .cancel_workflow_run(OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect_err("409");

    let req = only_request(&server);
    assert_request(
        &req,
        "POST",
        "/repos/octo-org/octo-repo/actions/runs/30433642123/cancel",
    );
    assert_eq!(err.status(), Some(409));
    let api = api_error(err);
    assert_eq!(api.operation, "actions/cancel-workflow-run");
    assert_eq!(
        api.message,
        "Cannot cancel a workflow run that is completed."
    );
    assert_eq!(
        api.documentation_url.as_deref(),
        Some("https://docs.github.com/rest/actions/workflow-runs#cancel-a-workflow-run")
    );
}

#[tokio::test]
async fn force_cancel_workflow_run_answers_409_as_an_api_error() {
    let server = serve(Reply::json(
        409,
        github_error(
            "Cannot force cancel a workflow run that is completed.",
            "https://docs.github.com/rest/actions/workflow-runs#force-cancel-a-workflow-run",
        ),
    ))
    .await;

    let err = client(&server)
        .workflow_runs()
        .force_cancel_workflow_run(OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect_err("409");

    let api = api_error(err);
    assert_eq!(api.status, 409);
    assert_eq!(api.operation, "actions/force-cancel-workflow-run");
}

// ---------------------------------------------------------------------------
// review-custom-gates-for-run
// ---------------------------------------------------------------------------

#[tokio::test]
async fn review_custom_gates_for_run_sends_the_spec_request_example() {
    let server = serve(Reply::empty(204)).await;

    client(&server)
        .workflow_runs()
        .review_custom_gates_for_run(
            SPACED_OWNER,
            REPO,
            RUN_ID,
            ReviewCustomGatesStateRequired {
                environment_name: "prod-eus".to_owned(),
                state: ReviewCustomGatesStateRequiredState::Approved,
                comment: Some("All health checks passed.".to_owned()),
            },
        )
        .send()
        .await
        .expect("review custom gates");

    let req = only_request(&server);
    assert_request(
        &req,
        "POST",
        &format!(
            "/repos/{SPACED_OWNER_ENCODED}/octo-repo/actions/runs/30433642123/deployment_protection_rule"
        ),
    );
    assert_eq!(req.query(), None);
    assert_json_body(&req, &example("review-custom-gates-request"));
}

#[tokio::test]
async fn review_custom_gates_for_run_with_only_a_comment_sends_no_state() {
    let server = serve(Reply::empty(204)).await;

    client(&server)
        .workflow_runs()
        .review_custom_gates_for_run(
            OWNER,
            REPO,
            RUN_ID,
            ReviewCustomGatesCommentRequired {
                environment_name: "prod eus/west".to_owned(),
                comment: "Waiting on the canary.".to_owned(),
            },
        )
        .send()
        .await
        .expect("review custom gates");

    let req = only_request(&server);
    assert_request(
        &req,
        "POST",
        "/repos/octo-org/octo-repo/actions/runs/30433642123/deployment_protection_rule",
    );
    assert_json_body(
        &req,
        &json!({ "environment_name": "prod eus/west", "comment": "Waiting on the canary." }),
    );
}

#[tokio::test]
async fn review_custom_gates_for_run_sends_a_rejection() {
    let server = serve(Reply::empty(204)).await;

    client(&server)
        .workflow_runs()
        .review_custom_gates_for_run(
            OWNER,
            REPO,
            RUN_ID,
            ReviewCustomGatesStateRequired {
                environment_name: "prod-eus".to_owned(),
                state: ReviewCustomGatesStateRequiredState::Rejected,
                comment: None,
            },
        )
        .send()
        .await
        .expect("review custom gates");

    let req = only_request(&server);
    assert_json_body(
        &req,
        &json!({ "environment_name": "prod-eus", "state": "rejected" }),
    );
}

// ---------------------------------------------------------------------------
// logs
// ---------------------------------------------------------------------------

#[tokio::test]
async fn download_workflow_run_logs_returns_the_redirect_url() {
    let location = "https://productionresultssa0.blob.core.windows.net/actions-results/30433642123/logs.zip?sv=2023-11-03&sig=a%2Fb%3D&se=2024-01-01T00%3A01%3A00Z";
    let server = serve(Reply::redirect(location)).await;

    let url = client(&server)
        .workflow_runs()
        .download_workflow_run_logs(SPACED_OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect("download run logs");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        &format!("/repos/{SPACED_OWNER_ENCODED}/octo-repo/actions/runs/30433642123/logs"),
    );
    assert_eq!(req.query(), None);
    assert_no_body(&req);
    assert_eq!(server.request_count(), 1, "the redirect is not followed");
    assert_eq!(url.as_str(), location);
    assert_eq!(url.as_url().path(), "/actions-results/30433642123/logs.zip");
    let debug = format!("{url:?}");
    assert!(
        !debug.contains("sig="),
        "the signature stays out of Debug: {debug}"
    );
}

#[tokio::test]
async fn download_workflow_run_logs_resolves_a_relative_location_against_the_request() {
    let server = serve(Reply::redirect("/storage/logs/30433642123.zip?token=t")).await;

    let url = client(&server)
        .workflow_runs()
        .download_workflow_run_logs(OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect("download run logs");

    assert_eq!(
        url.as_str(),
        format!("{}/storage/logs/30433642123.zip?token=t", server.url())
    );
}

#[tokio::test]
async fn download_workflow_run_logs_without_a_location_is_a_missing_location_error() {
    let server = serve(Reply::empty(302)).await;

    let err = client(&server)
        .workflow_runs()
        .download_workflow_run_logs(OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect_err("no Location");

    assert!(
        matches!(err, Error::MissingLocation { status: 302, .. }),
        "{err:?}"
    );
    assert_eq!(err.operation(), Some("actions/download-workflow-run-logs"));
}

#[tokio::test]
async fn delete_workflow_run_logs_answers_500_with_an_error_body_as_an_api_error() {
    let server = serve(Reply::json(
        500,
        github_error(
            "Failed to delete logs",
            "https://docs.github.com/rest/actions/workflow-runs#delete-workflow-run-logs",
        ),
    ))
    .await;

    let err = client(&server)
        .workflow_runs()
        .delete_workflow_run_logs(OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect_err("500");

    assert_eq!(server.request_count(), 1, "no retry by default");
    let api = api_error(err);
    assert_eq!(api.status, 500);
    assert_eq!(api.message, "Failed to delete logs");
}

// ---------------------------------------------------------------------------
// pending deployments
// ---------------------------------------------------------------------------

#[tokio::test]
async fn get_pending_deployments_for_run_decodes_users_and_teams_as_reviewers() {
    let example = response_example("actions/get-pending-deployments-for-run", 200);
    let server = serve(Reply::json(200, example.clone())).await;

    let pending = client(&server)
        .workflow_runs()
        .get_pending_deployments_for_run(SPACED_OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect("get pending deployments");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        &format!(
            "/repos/{SPACED_OWNER_ENCODED}/octo-repo/actions/runs/30433642123/pending_deployments"
        ),
    );
    assert_eq!(req.query(), None);
    assert_no_body(&req);

    assert_round_trip(&pending, &example);
    assert_eq!(pending.len(), 1);
    let deployment = &pending[0];
    assert_eq!(
        deployment.environment.id.map(|id| id.get()),
        Some(161_088_068)
    );
    assert_eq!(deployment.wait_timer, 30);
    assert!(deployment.current_user_can_approve);
    assert!(deployment.wait_timer_started_at.is_some());
    assert_eq!(deployment.reviewers.len(), 2);
    assert_eq!(
        deployment.reviewers[0].r#type,
        Some(PendingDeploymentReviewersItemType::User)
    );
    match &deployment.reviewers[0].reviewer {
        Some(PendingDeploymentReviewersItemReviewer::SimpleUser(user)) => {
            assert_eq!(user.login, "octocat")
        }
        other => panic!("the first reviewer is a user, got {other:?}"),
    }
    assert_eq!(
        deployment.reviewers[1].r#type,
        Some(PendingDeploymentReviewersItemType::Team)
    );
    match &deployment.reviewers[1].reviewer {
        Some(PendingDeploymentReviewersItemReviewer::Team(team)) => {
            assert_eq!(team.slug, "justice-league");
            assert_eq!(team.parent, None);
        }
        other => panic!("the second reviewer is a team, got {other:?}"),
    }
}

#[tokio::test]
async fn get_pending_deployments_for_run_decodes_the_ghes_example() {
    let original = example("pending-deployment-items-ghes-3-21");
    let server = serve(Reply::json(200, original.clone())).await;

    let pending = client(&server)
        .workflow_runs()
        .get_pending_deployments_for_run(OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect("get pending deployments");

    assert_round_trip(&pending, &original);
    assert_eq!(
        pending[0].environment.url.as_deref(),
        Some("https://HOSTNAME/repos/github/hello-world/environments/staging")
    );
}

#[tokio::test]
async fn review_pending_deployments_for_run_sends_the_spec_request_example() {
    let example_body = response_example("actions/review-pending-deployments-for-run", 200);
    let server = serve(Reply::json(200, example_body.clone())).await;

    let deployments = client(&server)
        .workflow_runs()
        .review_pending_deployments_for_run(
            SPACED_OWNER,
            REPO,
            RUN_ID,
            "Ship it!",
            vec![161_171_787],
            ReviewCustomGatesStateRequiredState::Approved,
        )
        .send()
        .await
        .expect("review pending deployments");

    let req = only_request(&server);
    assert_request(
        &req,
        "POST",
        &format!(
            "/repos/{SPACED_OWNER_ENCODED}/octo-repo/actions/runs/30433642123/pending_deployments"
        ),
    );
    assert_eq!(req.query(), None);
    assert_json_body(&req, &example("review-pending-deployments-request"));

    assert_round_trip(&deployments, &example_body);
    assert_eq!(deployments.len(), 1);
    assert_eq!(deployments[0].id, 1);
    assert_eq!(deployments[0].environment, "production");
    assert_eq!(
        deployments[0].creator.as_ref().map(|c| c.login.as_str()),
        Some("octocat")
    );
    assert_eq!(
        deployments[0].payload,
        DeploymentPayload::Object(serde_json::Map::new())
    );
    assert_eq!(deployments[0].production_environment, Some(true));
}

#[tokio::test]
async fn review_pending_deployments_for_run_sends_a_rejection_of_large_environment_ids() {
    let original = example("deployment-items-ghes-3-21");
    let server = serve(Reply::json(200, original.clone())).await;

    let deployments = client(&server)
        .workflow_runs()
        .review_pending_deployments_for_run(
            OWNER,
            REPO,
            RUN_ID,
            "Not during the freeze",
            vec![ENVIRONMENT_ID, 161_088_068],
            ReviewCustomGatesStateRequiredState::Rejected,
        )
        .send()
        .await
        .expect("review pending deployments");

    let req = only_request(&server);
    assert_request(
        &req,
        "POST",
        "/repos/octo-org/octo-repo/actions/runs/30433642123/pending_deployments",
    );
    assert_json_body(
        &req,
        &json!({
            "environment_ids": [ENVIRONMENT_ID, 161_088_068],
            "state": "rejected",
            "comment": "Not during the freeze",
        }),
    );
    assert_round_trip(&deployments, &original);
    assert_eq!(
        deployments[0].url,
        "https://HOSTNAME/repos/octocat/example/deployments/1"
    );
}

#[tokio::test]
async fn review_pending_deployments_for_run_answers_422_with_validation_errors() {
    let server = serve(Reply::json(
        422,
        json!({
            "message": "Validation Failed",
            "documentation_url": "https://docs.github.com/rest/actions/workflow-runs#review-pending-deployments-for-a-workflow-run",
            "errors": [{ "resource": "Deployment", "field": "environment_ids", "code": "invalid" }]
        }),
    ))
    .await;

    let err = client(&server)
        .workflow_runs()
        .review_pending_deployments_for_run(
            OWNER,
            REPO,
            RUN_ID,
            "Ship it!",
            Vec::<i64>::new(),
            ReviewCustomGatesStateRequiredState::Approved,
        )
        .send()
        .await
        .expect_err("422");

    let req = only_request(&server);
    assert_json_body(
        &req,
        &json!({ "environment_ids": [], "state": "approved", "comment": "Ship it!" }),
    );
    let api = api_error(err);
    assert_eq!(api.status, 422);
    assert_eq!(api.message, "Validation Failed");
    assert_eq!(
        api.errors,
        vec![json!({ "resource": "Deployment", "field": "environment_ids", "code": "invalid" })]
    );
}

// ---------------------------------------------------------------------------
// re-runs
// ---------------------------------------------------------------------------

#[tokio::test]
async fn re_run_workflow_with_debug_logging_sends_it_in_the_body() {
    let server = serve(Reply::json(201, json!({}))).await;

    client(&server)
        .workflow_runs()
        .re_run_workflow(OWNER, REPO, RUN_ID)
        .enable_debug_logging(true)
        .send()
        .await
        .expect("re-run workflow");

    let req = only_request(&server);
    assert_request(
        &req,
        "POST",
        "/repos/octo-org/octo-repo/actions/runs/30433642123/rerun",
    );
    assert_json_body(&req, &json!({ "enable_debug_logging": true }));
}

#[tokio::test]
async fn re_run_workflow_answers_403_as_an_api_error() {
    let server = serve(Reply::json(
        403,
        github_error(
            "Unable to re-run this workflow run because it was created over a month ago",
            "https://docs.github.com/rest/actions/workflow-runs#re-run-a-workflow",
        ),
    ))
    .await;

    let err = client(&server)
        .workflow_runs()
        .re_run_workflow(OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect_err("403");

    let api = api_error(err);
    assert_eq!(api.status, 403);
    assert_eq!(api.operation, "actions/re-run-workflow");
    assert_eq!(
        api.message,
        "Unable to re-run this workflow run because it was created over a month ago"
    );
}

#[tokio::test]
async fn re_run_workflow_failed_jobs_with_debug_logging_off_sends_false() {
    let server = serve(Reply::json(201, json!({}))).await;

    client(&server)
        .workflow_runs()
        .re_run_workflow_failed_jobs(OWNER, REPO, RUN_ID)
        .enable_debug_logging(false)
        .send()
        .await
        .expect("re-run failed jobs");

    let req = only_request(&server);
    assert_request(
        &req,
        "POST",
        "/repos/octo-org/octo-repo/actions/runs/30433642123/rerun-failed-jobs",
    );
    assert_json_body(&req, &json!({ "enable_debug_logging": false }));
}

#[tokio::test]
async fn re_run_job_for_workflow_run_sends_both_debug_options() {
    let server = serve(Reply::json(201, json!({}))).await;

    client(&server)
        .workflow_runs()
        .re_run_job_for_workflow_run(SPACED_OWNER, REPO, JOB_ID)
        .enable_debug_logging(true)
        .enable_debugger(true)
        .send()
        .await
        .expect("re-run job");

    let req = only_request(&server);
    assert_request(
        &req,
        "POST",
        &format!("/repos/{SPACED_OWNER_ENCODED}/octo-repo/actions/jobs/39944849612/rerun"),
    );
    assert_eq!(req.query(), None);
    assert_json_body(
        &req,
        &json!({ "enable_debug_logging": true, "enable_debugger": true }),
    );
}

#[tokio::test]
async fn re_run_job_for_workflow_run_answers_403_as_an_api_error() {
    let server = serve(Reply::json(
        403,
        github_error(
            "This job cannot be re-run",
            "https://docs.github.com/rest/actions/workflow-runs#re-run-a-job-from-a-workflow-run",
        ),
    ))
    .await;

    let err = client(&server)
        .workflow_runs()
        .re_run_job_for_workflow_run(OWNER, REPO, JOB_ID)
        .enable_debugger(false)
        .send()
        .await
        .expect_err("403");

    let req = only_request(&server);
    assert_json_body(&req, &json!({ "enable_debugger": false }));
    let api = api_error(err);
    assert_eq!(api.status, 403);
    assert_eq!(api.operation, "actions/re-run-job-for-workflow-run");
}

// ---------------------------------------------------------------------------
// get-workflow-run-usage
// ---------------------------------------------------------------------------

#[tokio::test]
async fn get_workflow_run_usage_decodes_the_spec_example() {
    let example = response_example("actions/get-workflow-run-usage", 200);
    let server = serve(Reply::json(200, example.clone())).await;

    let usage = client(&server)
        .workflow_runs()
        .get_workflow_run_usage(SPACED_OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect("get workflow run usage");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        &format!("/repos/{SPACED_OWNER_ENCODED}/octo-repo/actions/runs/30433642123/timing"),
    );
    assert_eq!(req.query(), None);
    assert_no_body(&req);

    assert_round_trip(&usage, &example);
    assert_eq!(usage.run_duration_ms, Some(500_000));
    let ubuntu = usage.billable.ubuntu.as_ref().expect("UBUNTU");
    assert_eq!(ubuntu.total_ms, 180_000);
    assert_eq!(ubuntu.jobs, 1);
    let macos = usage.billable.macos.as_ref().expect("MACOS");
    assert_eq!(macos.jobs, 4);
    assert_eq!(macos.job_runs.len(), 4);
    let windows = usage.billable.windows.as_ref().expect("WINDOWS");
    assert_eq!(windows.job_runs[1].job_id, 7);
    assert_eq!(windows.job_runs[1].duration_ms, 150_000);
}

#[tokio::test]
async fn get_workflow_run_usage_decodes_a_public_run_without_billable_time() {
    let body = json!({ "billable": {}, "run_duration_ms": 5_000_000_000_i64 });
    let server = serve(Reply::json(200, body.clone())).await;

    let usage = client(&server)
        .workflow_runs()
        .get_workflow_run_usage(OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect("get workflow run usage");

    assert_round_trip(&usage, &body);
    assert_eq!(usage.billable.ubuntu, None);
    assert_eq!(usage.run_duration_ms, Some(5_000_000_000));
}
