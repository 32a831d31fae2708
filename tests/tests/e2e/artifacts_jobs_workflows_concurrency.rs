//! End-to-end tests of the artifacts, workflow-jobs, workflows and
//! concurrency-groups operations: every operation against a server on
//! 127.0.0.1 answering the spec's examples, with the request checked as it
//! arrived (method, encoded path, query, headers, body) and the answer
//! checked as decoded.

use gh_actions::ApiVersion;
use gh_actions::types::{
    ConcurrencyGroupMemberStatus, DownloadArtifactArchiveFormat, JobStatus, JobStepStatus,
    ListJobsForWorkflowRunFilter, WorkflowId, WorkflowState,
};
use gh_actions::workflows::CreateWorkflowDispatchOutcome;
use gh_actions_tests::e2e_support::{
    TOKEN, api_error, assert_json_body, assert_no_body, assert_query, assert_request,
    assert_round_trip, client, github_error, only_request, response_example, serve, serve_page,
};
use gh_actions_tests::mock::{MockServer, RecordedRequest, Reply};
use serde_json::{Map, Value, json};

pub const COVERED: &[&str] = &[
    "actions/list-artifacts-for-repo",
    "actions/get-artifact",
    "actions/delete-artifact",
    "actions/download-artifact",
    "actions/list-workflow-run-artifacts",
    "actions/get-job-for-workflow-run",
    "actions/download-job-logs-for-workflow-run",
    "actions/list-jobs-for-workflow-run",
    "actions/list-repo-workflows",
    "actions/get-workflow",
    "actions/create-workflow-dispatch",
    "actions/list-concurrency-groups-for-repository",
    "actions/get-concurrency-group-for-repository",
    "actions/list-concurrency-groups-for-workflow-run",
];

const OWNER: &str = "octo-org";
const REPO: &str = "octo-repo";
/// An owner that must be percent-encoded in the path.
const SPACED_OWNER: &str = "octo org";
const SPACED_OWNER_ENCODED: &str = "octo%20org";

// Ids above 2^32.
const ARTIFACT_ID: i64 = 30_433_642_101;
const RUN_ID: i64 = 30_433_642_123;
const JOB_ID: i64 = 30_433_642_456;
const WORKFLOW_ID: i64 = 30_433_642_789;

/// A concurrency group name with every character that must not stay raw
/// in a path segment.
const GROUP_NAME: &str = "deploy/prod env 100%#?é";
const GROUP_NAME_ENCODED: &str = "deploy%2Fprod%20env%20100%25%23%3F%C3%A9";

/// The absolute URL of `target` on `server`.
fn on(server: &MockServer, target: &str) -> String {
    format!("{}{target}", server.url())
}

/// The target (path and query) carried no query at all.
fn assert_no_query(req: &RecordedRequest) {
    assert_eq!(req.query(), None, "no query expected in {}", req.target);
}

// ---------------------------------------------------------------- artifacts

#[tokio::test]
async fn list_artifacts_for_repo_sends_page_and_per_page_and_decodes_the_spec_example() {
    let example = response_example("actions/list-artifacts-for-repo", 200);
    let server = serve_page(
        example.clone(),
        &[
            (
                "/repos/octo%20org/octo-repo/actions/artifacts?per_page=2&page=4",
                "next",
            ),
            (
                "/repos/octo%20org/octo-repo/actions/artifacts?per_page=2&page=9",
                "last",
            ),
            (
                "/repos/octo%20org/octo-repo/actions/artifacts?per_page=2&page=2",
                "prev",
            ),
        ],
    )
    .await;

    let page = client(&server)
        .artifacts()
        .list_artifacts_for_repo(SPACED_OWNER, REPO)
        .per_page(2)
        .page(3)
        .send()
        .await
        .expect("a page of artifacts");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        &format!("/repos/{SPACED_OWNER_ENCODED}/octo-repo/actions/artifacts"),
    );
    assert_query(&req, &[("per_page", "2"), ("page", "3")]);
    assert_no_body(&req);

    assert_eq!(page.items.len(), 2);
    assert_eq!(page.total_count, Some(2));
    assert_eq!(
        page.next.as_ref().map(|u| u.as_str()),
        Some(
            on(
                &server,
                "/repos/octo%20org/octo-repo/actions/artifacts?per_page=2&page=4"
            )
            .as_str()
        )
    );
    assert_eq!(
        page.last.as_ref().map(|u| u.as_str()),
        Some(
            on(
                &server,
                "/repos/octo%20org/octo-repo/actions/artifacts?per_page=2&page=9"
            )
            .as_str()
        )
    );
    assert_eq!(
        page.prev.as_ref().map(|u| u.as_str()),
        Some(
            on(
                &server,
                "/repos/octo%20org/octo-repo/actions/artifacts?per_page=2&page=2"
            )
            .as_str()
        )
    );
    assert_eq!(page.first, None);
    for (artifact, original) in page
        .items
        .iter()
        .zip(example["artifacts"].as_array().unwrap())
    {
        assert_round_trip(artifact, original);
    }
    assert_eq!(page.items[0].id, 11);
    assert_eq!(page.items[0].name, "Rails");
    assert_eq!(page.items[1].id, 13);
    assert_eq!(page.items[1].name, "", "an empty artifact name is kept");
    assert_eq!(page.items[1].size_in_bytes, 453);
    assert_eq!(
        page.items[0].expires_at.map(|t| t.to_string()).as_deref(),
        Some("2020-03-21T14:59:22Z")
    );
}

#[tokio::test]
async fn get_artifact_with_an_id_above_2_pow_32_decodes_the_spec_example() {
    let example = response_example("actions/get-artifact", 200);
    let server = serve(Reply::json(200, example.clone())).await;

    let artifact = client(&server)
        .artifacts()
        .get_artifact(OWNER, "hello world", ARTIFACT_ID)
        .send()
        .await
        .expect("the artifact");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        "/repos/octo-org/hello%20world/actions/artifacts/30433642101",
    );
    assert_no_query(&req);
    assert_no_body(&req);

    assert_round_trip(&artifact, &example);
    assert_eq!(artifact.id, 11);
    assert_eq!(artifact.node_id, "MDg6QXJ0aWZhY3QxMQ==");
    assert!(!artifact.expired);
    assert_eq!(
        artifact.archive_download_url,
        "https://api.github.com/repos/octo-org/octo-docs/actions/artifacts/11/zip"
    );
    assert_eq!(
        artifact.created_at.map(|t| t.to_string()).as_deref(),
        Some("2020-01-10T14:59:22Z")
    );
}

#[tokio::test]
async fn get_artifact_404_decodes_into_the_api_error() {
    let server = serve(
        Reply::json(
            404,
            github_error(
                "Not Found",
                "https://docs.github.com/rest/actions/artifacts#get-an-artifact",
            ),
        )
        .request_id("C0DE:1234:5678"),
    )
    .await;

    let err = client(&server)
        .artifacts()
        .get_artifact(OWNER, REPO, ARTIFACT_ID)
        .send()
        .await
        .expect_err("404 is an error");

    assert_eq!(err.status(), Some(404));
    assert_eq!(err.request_id(), Some("C0DE:1234:5678"));
    assert_eq!(err.operation(), Some("actions/get-artifact"));
    assert!(!err.is_rate_limited());
    let api = api_error(err);
    assert_eq!(api.status, 404);
    assert_eq!(api.message, "Not Found");
    assert_eq!(
        api.documentation_url.as_deref(),
        Some("https://docs.github.com/rest/actions/artifacts#get-an-artifact")
    );
    assert!(api.errors.is_empty());
    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        "/repos/octo-org/octo-repo/actions/artifacts/30433642101",
    );
}

gh_actions_tests::bodiless_call_tests! {
    delete_artifact_sends_a_bodyless_delete_and_gives_unit_on_204:
        Reply::empty(204),
        artifacts().delete_artifact(SPACED_OWNER, REPO, ARTIFACT_ID)
        => "DELETE", format!("/repos/{SPACED_OWNER_ENCODED}/octo-repo/actions/artifacts/30433642101");
}

#[tokio::test]
async fn download_artifact_returns_the_302_location_as_a_download_url() {
    let location = "https://pipelinesghubeus2.actions.githubusercontent.com/artifact/archive.zip?sig=s3cr3t%2Bsig&se=2026-03-10T10%3A00%3A00Z";
    let server = serve(Reply::redirect(location)).await;

    let url = client(&server)
        .artifacts()
        .download_artifact(
            "hello world",
            REPO,
            ARTIFACT_ID,
            DownloadArtifactArchiveFormat::Zip,
        )
        .send()
        .await
        .expect("a download URL");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        "/repos/hello%20world/octo-repo/actions/artifacts/30433642101/zip",
    );
    assert_no_query(&req);
    assert_no_body(&req);

    assert_eq!(url.as_str(), location);
    assert_eq!(
        url.as_url().host_str(),
        Some("pipelinesghubeus2.actions.githubusercontent.com")
    );
    let shown = format!("{url:?}");
    assert!(
        !shown.contains("s3cr3t"),
        "the signature is left out of Debug: {shown}"
    );
}

#[tokio::test]
async fn list_workflow_run_artifacts_sends_per_page_and_page_and_decodes_the_spec_example() {
    let example = response_example("actions/list-workflow-run-artifacts", 200);
    let server = serve_page(
        example.clone(),
        &[
            (
                "/repos/octo-org/octo-repo/actions/runs/30433642123/artifacts?per_page=100&page=2",
                "next",
            ),
            (
                "/repos/octo-org/octo-repo/actions/runs/30433642123/artifacts?per_page=100&page=1",
                "first",
            ),
        ],
    )
    .await;

    let page = client(&server)
        .artifacts()
        .list_workflow_run_artifacts(OWNER, REPO, RUN_ID)
        .per_page(100)
        .page(1)
        .send()
        .await
        .expect("a page of artifacts");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        "/repos/octo-org/octo-repo/actions/runs/30433642123/artifacts",
    );
    assert_query(&req, &[("per_page", "100"), ("page", "1")]);
    assert_no_body(&req);

    assert_eq!(page.items.len(), 2);
    assert_eq!(page.total_count, Some(2));
    assert!(page.has_next());
    assert_eq!(
        page.next.as_ref().map(|u| u.as_str()),
        Some(
            on(
                &server,
                "/repos/octo-org/octo-repo/actions/runs/30433642123/artifacts?per_page=100&page=2"
            )
            .as_str()
        )
    );
    assert!(page.first.is_some());
    assert_eq!(page.last, None);
    for (artifact, original) in page
        .items
        .iter()
        .zip(example["artifacts"].as_array().unwrap())
    {
        assert_round_trip(artifact, original);
    }
    assert_eq!(page.items[1].node_id, "MDg6QXJ0aWZhY3QxMw==");
}

// ------------------------------------------------------------ workflow jobs

#[tokio::test]
async fn get_job_for_workflow_run_decodes_the_spec_example_with_its_steps() {
    let example = response_example("actions/get-job-for-workflow-run", 200);
    let server = serve(Reply::json(200, example.clone())).await;

    let job = client(&server)
        .workflow_jobs()
        .get_job_for_workflow_run(SPACED_OWNER, REPO, JOB_ID)
        .send()
        .await
        .expect("the job");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        &format!("/repos/{SPACED_OWNER_ENCODED}/octo-repo/actions/jobs/30433642456"),
    );
    assert_no_query(&req);
    assert_no_body(&req);

    assert_round_trip(&job, &example);
    assert_eq!(job.id, 399_444_496);
    assert_eq!(job.run_id, 29_679_449);
    assert_eq!(job.status, JobStatus::Completed);
    assert_eq!(job.conclusion.as_ref().map(|c| c.as_str()), Some("success"));
    assert_eq!(
        job.completed_at.map(|t| t.to_string()).as_deref(),
        Some("2020-01-20T17:44:39Z")
    );
    assert_eq!(job.steps.len(), 10);
    let last = &job.steps[9];
    assert_eq!(last.name, "Complete job");
    assert_eq!(last.number, 17);
    assert_eq!(last.status, JobStepStatus::Completed);
    assert_eq!(
        last.started_at.map(|t| t.to_string()).as_deref(),
        Some("2020-01-20T09:44:39.000-08:00"),
        "the offset and the precision are kept"
    );
}

#[tokio::test]
async fn get_job_for_workflow_run_404_decodes_into_the_api_error() {
    let server = serve(Reply::json(
        404,
        github_error(
            "Not Found",
            "https://docs.github.com/rest/actions/workflow-jobs#get-a-job-for-a-workflow-run",
        ),
    ))
    .await;

    let err = client(&server)
        .workflow_jobs()
        .get_job_for_workflow_run(OWNER, REPO, JOB_ID)
        .send()
        .await
        .expect_err("404 is an error");

    let api = api_error(err);
    assert_eq!(api.status, 404);
    assert_eq!(api.operation, "actions/get-job-for-workflow-run");
    assert_eq!(api.message, "Not Found");
    assert_eq!(
        api.documentation_url.as_deref(),
        Some("https://docs.github.com/rest/actions/workflow-jobs#get-a-job-for-a-workflow-run")
    );
}

#[tokio::test]
async fn download_job_logs_for_workflow_run_returns_the_302_location_as_a_download_url() {
    let location = "https://productionresultssa0.blob.core.windows.net/actions-results/logs/job-30433642456.txt?sv=2025-01-05&sig=abc%2Fdef%3D";
    let server = serve(Reply::redirect(location)).await;

    let url = client(&server)
        .workflow_jobs()
        .download_job_logs_for_workflow_run(OWNER, "hello world", JOB_ID)
        .send()
        .await
        .expect("a download URL");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        "/repos/octo-org/hello%20world/actions/jobs/30433642456/logs",
    );
    assert_no_query(&req);
    assert_no_body(&req);

    assert_eq!(url.as_str(), location);
    assert_eq!(
        url.as_url().path(),
        "/actions-results/logs/job-30433642456.txt"
    );
    assert_eq!(url.clone().into_url().as_str(), location);
}

#[tokio::test]
async fn download_job_logs_for_workflow_run_410_decodes_into_the_api_error() {
    let server = serve(Reply::json(
        410,
        github_error(
            "Logs have expired",
            "https://docs.github.com/rest/actions/workflow-jobs#download-job-logs-for-a-workflow-run",
        ),
    ))
    .await;

    let err = client(&server)
        .workflow_jobs()
        .download_job_logs_for_workflow_run(OWNER, REPO, JOB_ID)
        .send()
        .await
        .expect_err("410 is an error");

    let api = api_error(err);
    assert_eq!(api.status, 410);
    assert_eq!(api.message, "Logs have expired");
}

#[tokio::test]
async fn list_jobs_for_workflow_run_sends_filter_per_page_and_page_and_decodes_the_spec_example() {
    let example = response_example("actions/list-jobs-for-workflow-run", 200);
    let server = serve_page(
        example.clone(),
        &[
            (
                "/repos/octo-org/octo-repo/actions/runs/30433642123/jobs?filter=all&per_page=1&page=3",
                "next",
            ),
            (
                "/repos/octo-org/octo-repo/actions/runs/30433642123/jobs?filter=all&per_page=1&page=5",
                "last",
            ),
        ],
    )
    .await;

    let page = client(&server)
        .workflow_jobs()
        .list_jobs_for_workflow_run(OWNER, REPO, RUN_ID)
        .filter(ListJobsForWorkflowRunFilter::All)
        .per_page(1)
        .page(2)
        .send()
        .await
        .expect("a page of jobs");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        "/repos/octo-org/octo-repo/actions/runs/30433642123/jobs",
    );
    assert_query(&req, &[("filter", "all"), ("per_page", "1"), ("page", "2")]);
    assert_no_body(&req);

    assert_eq!(page.items.len(), 1);
    assert_eq!(page.total_count, Some(1));
    assert_eq!(
        page.next.as_ref().map(|u| u.as_str()),
        Some(
            on(
                &server,
                "/repos/octo-org/octo-repo/actions/runs/30433642123/jobs?filter=all&per_page=1&page=3"
            )
            .as_str()
        )
    );
    assert_round_trip(&page.items[0], &example["jobs"][0]);
    assert_eq!(page.items[0].id, 399_444_496);
    assert_eq!(page.items[0].status, JobStatus::Completed);
    assert_eq!(page.items[0].steps[1].name, "Run actions/checkout@v2");
}

#[tokio::test]
async fn list_jobs_for_workflow_run_sends_the_latest_filter() {
    let example = response_example("actions/list-jobs-for-workflow-run", 200);
    let server = serve(Reply::json(200, example)).await;

    let page = client(&server)
        .workflow_jobs()
        .list_jobs_for_workflow_run(SPACED_OWNER, REPO, RUN_ID)
        .filter(ListJobsForWorkflowRunFilter::Latest)
        .send()
        .await
        .expect("a page of jobs");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        &format!("/repos/{SPACED_OWNER_ENCODED}/octo-repo/actions/runs/30433642123/jobs"),
    );
    assert_query(&req, &[("filter", "latest")]);
    assert_eq!(page.next, None, "no Link header, no next page");
    assert!(!page.has_next());
}

// ---------------------------------------------------------------- workflows

#[tokio::test]
async fn list_repo_workflows_sends_per_page_and_page_and_decodes_the_spec_example() {
    let example = response_example("actions/list-repo-workflows", 200);
    let server = serve_page(
        example.clone(),
        &[
            (
                "/repos/octo%20org/octo-repo/actions/workflows?per_page=2&page=2",
                "next",
            ),
            (
                "/repos/octo%20org/octo-repo/actions/workflows?per_page=2&page=2",
                "last",
            ),
        ],
    )
    .await;

    let page = client(&server)
        .workflows()
        .list_repo_workflows(SPACED_OWNER, REPO)
        .per_page(2)
        .page(1)
        .send()
        .await
        .expect("a page of workflows");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        &format!("/repos/{SPACED_OWNER_ENCODED}/octo-repo/actions/workflows"),
    );
    assert_query(&req, &[("per_page", "2"), ("page", "1")]);
    assert_no_body(&req);

    assert_eq!(page.items.len(), 2);
    assert_eq!(page.total_count, Some(2));
    assert_eq!(
        page.next.as_ref().map(|u| u.as_str()),
        Some(
            on(
                &server,
                "/repos/octo%20org/octo-repo/actions/workflows?per_page=2&page=2"
            )
            .as_str()
        )
    );
    for (workflow, original) in page
        .items
        .iter()
        .zip(example["workflows"].as_array().unwrap())
    {
        assert_round_trip(workflow, original);
    }
    assert_eq!(page.items[0].id, 161_335);
    assert_eq!(page.items[1].id, 269_289);
    assert_eq!(page.items[1].name, "Linter");
    assert_eq!(page.items[1].state, WorkflowState::Active);
}

#[tokio::test]
async fn get_workflow_by_an_id_above_2_pow_32_decodes_the_spec_example() {
    let example = response_example("actions/get-workflow", 200);
    let server = serve(Reply::json(200, example.clone())).await;

    let workflow = client(&server)
        .workflows()
        .get_workflow(OWNER, REPO, WORKFLOW_ID)
        .send()
        .await
        .expect("the workflow");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        "/repos/octo-org/octo-repo/actions/workflows/30433642789",
    );
    assert_no_query(&req);
    assert_no_body(&req);

    assert_round_trip(&workflow, &example);
    assert_eq!(workflow.id, 161_335);
    assert_eq!(workflow.state, WorkflowState::Active);
    assert_eq!(workflow.path, ".github/workflows/blank.yaml");
    assert_eq!(
        workflow.created_at.to_string(),
        "2020-01-08T23:48:37.000-08:00"
    );
}

#[tokio::test]
async fn get_workflow_by_file_name_encodes_it_as_one_segment() {
    let example = response_example("actions/get-workflow", 200);
    let server = serve(Reply::json(200, example.clone())).await;

    let workflow = client(&server)
        .workflows()
        .get_workflow(OWNER, REPO, WorkflowId::from("deploy prod+eu.yml"))
        .send()
        .await
        .expect("the workflow");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        "/repos/octo-org/octo-repo/actions/workflows/deploy%20prod%2Beu.yml",
    );
    assert_no_query(&req);
    assert_round_trip(&workflow, &example);
    assert_eq!(workflow.name, "CI");
}

/// Inputs of several JSON kinds: the map is sent as given.
fn dispatch_inputs() -> Map<String, Value> {
    let inputs = json!({
        "environment": "prod eu/west",
        "dry_run": false,
        "replicas": 3,
        "version": "1.2.3",
        "notes": "déploiement \"urgent\" & <rapide>",
        "matrix": { "os": ["ubuntu-latest", "windows-latest"], "node": 22 }
    });
    match inputs {
        Value::Object(map) => map,
        _ => unreachable!(),
    }
}

#[tokio::test]
async fn create_workflow_dispatch_with_inputs_and_return_run_details_gives_the_run_details_on_200()
{
    let example = response_example("actions/create-workflow-dispatch", 200);
    let server = serve(Reply::json(200, example.clone())).await;
    // `return_run_details` is read by API version 2022-11-28 only.
    let client = gh_actions::Client::builder()
        .base_url(server.url())
        .token(TOKEN)
        .api_version(ApiVersion::V2022_11_28)
        .build()
        .expect("client");

    let outcome = client
        .workflows()
        .create_workflow_dispatch(SPACED_OWNER, REPO, "deploy.yml", "release/v1.2")
        .inputs(dispatch_inputs())
        .return_run_details(true)
        .send()
        .await
        .expect("dispatched");

    let req = only_request(&server);
    assert_eq!(req.method, "POST");
    assert_eq!(
        req.path(),
        format!("/repos/{SPACED_OWNER_ENCODED}/octo-repo/actions/workflows/deploy.yml/dispatches")
    );
    assert_eq!(req.header("accept"), Some("application/vnd.github+json"));
    assert_eq!(req.header("x-github-api-version"), Some("2022-11-28"));
    assert_eq!(
        req.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_no_query(&req);
    assert_json_body(
        &req,
        &json!({
            "ref": "release/v1.2",
            "inputs": {
                "environment": "prod eu/west",
                "dry_run": false,
                "replicas": 3,
                "version": "1.2.3",
                "notes": "déploiement \"urgent\" & <rapide>",
                "matrix": { "os": ["ubuntu-latest", "windows-latest"], "node": 22 }
            },
            "return_run_details": true
        }),
    );

    let CreateWorkflowDispatchOutcome::RunDetails(details) = outcome else {
        panic!("expected RunDetails, got {outcome:?}");
    };
    assert_round_trip(&details, &example);
    assert_eq!(details.workflow_run_id, 22_098_535_702);
    assert_eq!(
        details.run_url,
        "https://api.github.com/repos/octo-org/octo-repo/actions/runs/22098535702"
    );
    assert_eq!(
        details.html_url,
        "https://github.com/octo-org/octo-repo/actions/runs/22098535702"
    );
}

#[tokio::test]
async fn create_workflow_dispatch_on_2022_11_28_without_run_details_gives_dispatched_on_204() {
    let server = serve(Reply::empty(204)).await;
    let client = gh_actions::Client::builder()
        .base_url(server.url())
        .token(TOKEN)
        .api_version(ApiVersion::V2022_11_28)
        .build()
        .expect("client");

    let outcome = client
        .workflows()
        .create_workflow_dispatch(OWNER, REPO, WORKFLOW_ID, "main")
        .return_run_details(false)
        .send()
        .await
        .expect("dispatched");

    assert_eq!(outcome, CreateWorkflowDispatchOutcome::Dispatched);
    let req = only_request(&server);
    assert_eq!(req.method, "POST");
    assert_eq!(
        req.target,
        "/repos/octo-org/octo-repo/actions/workflows/30433642789/dispatches"
    );
    assert_eq!(req.header("accept"), Some("application/vnd.github+json"));
    assert_eq!(req.header("x-github-api-version"), Some("2022-11-28"));
    assert_eq!(
        req.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert!(req.header("user-agent").is_some_and(|ua| !ua.is_empty()));
    assert_json_body(&req, &json!({ "ref": "main", "return_run_details": false }));
}

/// Dispatch inputs from a `json!` object and one entry at a time, as GitHub
/// expects them: an `inputs` object keyed by input name.
#[tokio::test]
async fn create_workflow_dispatch_takes_inputs_from_json_and_one_at_a_time() {
    let server = serve(Reply::empty(204)).await;

    client(&server)
        .workflows()
        .create_workflow_dispatch(OWNER, REPO, "deploy.yml", "main")
        .inputs(json!({ "environment": "prod", "replicas": 3 }))
        .input("dry_run", false)
        .input("matrix", json!({ "os": ["ubuntu-latest"] }))
        .send()
        .await
        .expect("dispatched");

    let req = only_request(&server);
    assert_request(
        &req,
        "POST",
        "/repos/octo-org/octo-repo/actions/workflows/deploy.yml/dispatches",
    );
    assert_json_body(
        &req,
        &json!({
            "ref": "main",
            "inputs": {
                "environment": "prod",
                "replicas": 3,
                "dry_run": false,
                "matrix": { "os": ["ubuntu-latest"] }
            }
        }),
    );
}

/// Inputs from a struct of the caller's own: any `Serialize` that is an object.
#[tokio::test]
async fn create_workflow_dispatch_takes_inputs_from_a_serializable_struct() {
    #[derive(serde::Serialize)]
    struct Deploy<'a> {
        environment: &'a str,
        dry_run: bool,
    }
    let server = serve(Reply::empty(204)).await;

    client(&server)
        .workflows()
        .create_workflow_dispatch(OWNER, REPO, "deploy.yml", "main")
        .inputs(Deploy {
            environment: "staging",
            dry_run: true,
        })
        .send()
        .await
        .expect("dispatched");

    assert_json_body(
        &only_request(&server),
        &json!({ "ref": "main", "inputs": { "environment": "staging", "dry_run": true } }),
    );
}

/// Inputs that are not a JSON object fail before anything is sent.
#[tokio::test]
async fn create_workflow_dispatch_refuses_inputs_that_are_not_an_object_before_sending() {
    let server = serve(Reply::empty(204)).await;

    let err = client(&server)
        .workflows()
        .create_workflow_dispatch(OWNER, REPO, "deploy.yml", "main")
        .inputs(json!(["environment", "prod"]))
        .send()
        .await
        .expect_err("a list is not an object");

    assert!(matches!(err, gh_actions::Error::Encode { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("`inputs` must be a JSON object, not an array"),
        "{err}"
    );
    assert_eq!(server.request_count(), 0, "nothing is sent");
}

#[tokio::test]
async fn create_workflow_dispatch_with_only_the_ref_sends_the_spec_request_example() {
    let server = serve(Reply::empty(204)).await;

    let outcome = client(&server)
        .workflows()
        .create_workflow_dispatch(OWNER, REPO, WorkflowId::from(WORKFLOW_ID), "ref")
        .send()
        .await
        .expect("dispatched");

    assert_eq!(outcome, CreateWorkflowDispatchOutcome::Dispatched);
    let req = only_request(&server);
    assert_request(
        &req,
        "POST",
        "/repos/octo-org/octo-repo/actions/workflows/30433642789/dispatches",
    );
    assert_json_body(
        &req,
        &gh_actions_tests::e2e_support::example("workflow-dispatch-request"),
    );
}

#[tokio::test]
async fn create_workflow_dispatch_422_decodes_into_the_api_error() {
    let server = serve(Reply::json(
        422,
        json!({
            "message": "Unexpected inputs provided: [\"colour\"]",
            "documentation_url": "https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event",
            "status": "422"
        }),
    ))
    .await;

    let mut inputs = Map::new();
    inputs.insert("colour".to_owned(), json!("blue"));
    let err = client(&server)
        .workflows()
        .create_workflow_dispatch(OWNER, REPO, "ci.yml", "main")
        .inputs(inputs)
        .send()
        .await
        .expect_err("422 is an error");

    assert_eq!(err.status(), Some(422));
    let api = api_error(err);
    assert_eq!(api.operation, "actions/create-workflow-dispatch");
    assert_eq!(api.message, "Unexpected inputs provided: [\"colour\"]");
    assert_eq!(
        api.documentation_url.as_deref(),
        Some("https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event")
    );
    let req = only_request(&server);
    assert_request(
        &req,
        "POST",
        "/repos/octo-org/octo-repo/actions/workflows/ci.yml/dispatches",
    );
    assert_json_body(
        &req,
        &json!({ "ref": "main", "inputs": { "colour": "blue" } }),
    );
}

// ------------------------------------------------------- concurrency groups

#[tokio::test]
async fn list_concurrency_groups_for_repository_sends_per_page_and_after_and_reads_the_next_cursor()
{
    let example = response_example("actions/list-concurrency-groups-for-repository", 200);
    let server = serve_page(
        example.clone(),
        &[(
            "/repos/octo%20org/octo-repo/actions/concurrency_groups?per_page=2&after=Y3Vyc29yOjQ%3D",
            "next",
        )],
    )
    .await;

    let page = client(&server)
        .concurrency_groups()
        .list_concurrency_groups_for_repository(SPACED_OWNER, REPO)
        .per_page(2)
        .after("Y3Vyc29yOjI=")
        .send()
        .await
        .expect("a page of concurrency groups");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        &format!("/repos/{SPACED_OWNER_ENCODED}/octo-repo/actions/concurrency_groups"),
    );
    assert_query(&req, &[("per_page", "2"), ("after", "Y3Vyc29yOjI=")]);
    assert_eq!(
        req.query(),
        Some("per_page=2&after=Y3Vyc29yOjI%3D"),
        "the cursor is percent-encoded"
    );
    assert_no_body(&req);

    assert_eq!(page.items.len(), 2);
    assert_eq!(page.total_count, Some(2));
    assert_eq!(page.next_cursor().as_deref(), Some("Y3Vyc29yOjQ="));
    assert_eq!(page.prev_cursor(), None);
    for (group, original) in page
        .items
        .iter()
        .zip(example["concurrency_groups"].as_array().unwrap())
    {
        assert_round_trip(group, original);
    }
    assert_eq!(page.items[0].group_name, "deploy-prod");
    assert_eq!(
        page.items[1].group_url,
        "https://api.github.com/repos/octocat/Hello-World/actions/concurrency_groups/ci-build"
    );
    assert_eq!(
        page.items[1]
            .last_acquired_at
            .map(|t| t.to_string())
            .as_deref(),
        Some("2026-01-15T16:13:55Z")
    );
}

#[tokio::test]
async fn list_concurrency_groups_for_repository_422_decodes_into_the_api_error() {
    let server = serve(Reply::json(
        422,
        json!({
            "message": "Validation Failed",
            "documentation_url": "https://docs.github.com/rest/actions/concurrency-groups",
            "errors": [{ "resource": "ConcurrencyGroup", "field": "after", "code": "invalid" }]
        }),
    ))
    .await;

    let err = client(&server)
        .concurrency_groups()
        .list_concurrency_groups_for_repository(OWNER, REPO)
        .after("not a cursor")
        .send()
        .await
        .expect_err("422 is an error");

    let req = only_request(&server);
    assert_eq!(req.query(), Some("after=not%20a%20cursor"));
    let api = api_error(err);
    assert_eq!(api.status, 422);
    assert_eq!(api.message, "Validation Failed");
    assert_eq!(
        api.documentation_url.as_deref(),
        Some("https://docs.github.com/rest/actions/concurrency-groups")
    );
    assert_eq!(
        api.errors,
        vec![json!({ "resource": "ConcurrencyGroup", "field": "after", "code": "invalid" })]
    );
}

#[tokio::test]
async fn get_concurrency_group_for_repository_sends_the_name_as_one_encoded_segment_and_ahead_of_run()
 {
    let example = response_example("actions/get-concurrency-group-for-repository", 200);
    let server = serve(Reply::json(200, example.clone())).await;

    let group = client(&server)
        .concurrency_groups()
        .get_concurrency_group_for_repository(OWNER, REPO, GROUP_NAME)
        .ahead_of_run(RUN_ID)
        .send()
        .await
        .expect("the concurrency group");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        &format!("/repos/octo-org/octo-repo/actions/concurrency_groups/{GROUP_NAME_ENCODED}"),
    );
    assert_eq!(
        req.target,
        format!(
            "/repos/octo-org/octo-repo/actions/concurrency_groups/{GROUP_NAME_ENCODED}?ahead_of_run=30433642123"
        )
    );
    assert_query(&req, &[("ahead_of_run", "30433642123")]);
    assert_no_body(&req);

    assert_round_trip(&group, &example);
    assert_eq!(group.group_name, "deploy-prod");
    assert_eq!(group.total_count, 3);
    assert_eq!(group.group_members.len(), 3);
    assert_eq!(group.group_members[0].run_id, 30_433_642);
    assert_eq!(
        group.group_members[0].status,
        ConcurrencyGroupMemberStatus::InProgress
    );
    assert_eq!(group.group_members[0].job_id, None);
    let job = &group.group_members[2];
    assert_eq!(job.job_id, Some(gh_actions::types::JobId::new(798_245_260)));
    assert_eq!(job.job_name.as_deref(), Some("deploy"));
    assert_eq!(job.status, ConcurrencyGroupMemberStatus::Pending);
    // Positions come only in the run's list: `ConcurrencyGroupMember` has no `position`.
}

#[tokio::test]
async fn get_concurrency_group_for_repository_encodes_every_awkward_name_as_one_segment() {
    let cases = [
        (GROUP_NAME, GROUP_NAME_ENCODED),
        ("ci-build", "ci-build"),
        ("a+b=c&d;e", "a%2Bb%3Dc%26d%3Be"),
        ("pr/1234/merge", "pr%2F1234%2Fmerge"),
        ("déploiement 🚀", "d%C3%A9ploiement%20%F0%9F%9A%80"),
        ("..a/..", "..a%2F.."),
        ("tab\there", "tab%09here"),
    ];
    let example = response_example("actions/get-concurrency-group-for-repository", 200);
    let server = serve(Reply::json(200, example)).await;
    let client = client(&server);

    for (name, _) in cases {
        client
            .concurrency_groups()
            .get_concurrency_group_for_repository(OWNER, REPO, name)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{name:?}: {e}"));
    }

    let requests = server.requests();
    assert_eq!(requests.len(), cases.len());
    for (req, (name, encoded)) in requests.iter().zip(cases) {
        assert_request(
            req,
            "GET",
            &format!("/repos/octo-org/octo-repo/actions/concurrency_groups/{encoded}"),
        );
        assert_no_query(req);
        let segment = req.path().rsplit('/').next().expect("a last segment");
        assert_eq!(segment, encoded, "{name:?} is one segment");
    }
}

#[tokio::test]
async fn get_concurrency_group_for_repository_sends_ahead_of_job() {
    let example = response_example("actions/get-concurrency-group-for-repository", 200);
    let server = serve(Reply::json(200, example.clone())).await;

    let group = client(&server)
        .concurrency_groups()
        .get_concurrency_group_for_repository(SPACED_OWNER, REPO, "deploy-prod")
        .ahead_of_job(JOB_ID)
        .send()
        .await
        .expect("the concurrency group");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        &format!("/repos/{SPACED_OWNER_ENCODED}/octo-repo/actions/concurrency_groups/deploy-prod"),
    );
    assert_query(&req, &[("ahead_of_job", "30433642456")]);
    assert_round_trip(&group, &example);
    assert_eq!(
        group.group_members[2].job_url.as_deref(),
        Some("https://api.github.com/repos/octocat/Hello-World/actions/jobs/798245260")
    );
}

#[tokio::test]
async fn get_concurrency_group_for_repository_404_and_422_decode_into_the_api_error() {
    let server = MockServer::with_replies([
        Reply::json(
            404,
            github_error(
                "Not Found",
                "https://docs.github.com/rest/actions/concurrency-groups#get-a-concurrency-group",
            ),
        ),
        Reply::json(
            422,
            json!({
                "message": "Validation Failed",
                "documentation_url": "https://docs.github.com/rest/actions/concurrency-groups#get-a-concurrency-group",
                "errors": [{ "resource": "ConcurrencyGroup", "field": "ahead_of_run", "code": "invalid", "message": "the run is not in the group" }]
            }),
        ),
    ])
    .await;
    let client = client(&server);

    let inactive = client
        .concurrency_groups()
        .get_concurrency_group_for_repository(OWNER, REPO, GROUP_NAME)
        .send()
        .await
        .expect_err("404 is an error");
    let not_in_group = client
        .concurrency_groups()
        .get_concurrency_group_for_repository(OWNER, REPO, GROUP_NAME)
        .ahead_of_run(RUN_ID)
        .send()
        .await
        .expect_err("422 is an error");

    let inactive = api_error(inactive);
    assert_eq!(inactive.status, 404);
    assert_eq!(
        inactive.operation,
        "actions/get-concurrency-group-for-repository"
    );
    assert_eq!(inactive.message, "Not Found");
    assert!(inactive.documentation_url.is_some());

    let not_in_group = api_error(not_in_group);
    assert_eq!(not_in_group.status, 422);
    assert_eq!(not_in_group.message, "Validation Failed");
    assert_eq!(not_in_group.errors.len(), 1);
    assert_eq!(
        not_in_group.errors[0]["message"],
        json!("the run is not in the group")
    );

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].target,
        format!("/repos/octo-org/octo-repo/actions/concurrency_groups/{GROUP_NAME_ENCODED}")
    );
    assert_eq!(
        requests[1].target,
        format!(
            "/repos/octo-org/octo-repo/actions/concurrency_groups/{GROUP_NAME_ENCODED}?ahead_of_run=30433642123"
        )
    );
}

#[tokio::test]
async fn list_concurrency_groups_for_workflow_run_sends_per_page_and_after_and_decodes_the_spec_example()
 {
    let example = response_example("actions/list-concurrency-groups-for-workflow-run", 200);
    let server = serve_page(
        example.clone(),
        &[(
            "/repos/octo-org/octo-repo/actions/runs/30433642123/concurrency_groups?per_page=2&after=Y2ktYnVpbGQ%3D",
            "next",
        )],
    )
    .await;

    let page = client(&server)
        .concurrency_groups()
        .list_concurrency_groups_for_workflow_run(OWNER, REPO, RUN_ID)
        .per_page(2)
        .after("ZGVwbG95L3Byb2Q+")
        .send()
        .await
        .expect("a page of the run's concurrency groups");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        "/repos/octo-org/octo-repo/actions/runs/30433642123/concurrency_groups",
    );
    assert_query(&req, &[("per_page", "2"), ("after", "ZGVwbG95L3Byb2Q+")]);
    assert_eq!(
        req.query(),
        Some("per_page=2&after=ZGVwbG95L3Byb2Q%2B"),
        "`+` in a cursor is sent as %2B, not as a space"
    );
    assert_no_body(&req);

    assert_eq!(page.items.len(), 2);
    assert_eq!(page.total_count, Some(2));
    assert_eq!(page.next_cursor().as_deref(), Some("Y2ktYnVpbGQ="));
    assert_eq!(page.prev, None);
    for (group, original) in page
        .items
        .iter()
        .zip(example["concurrency_groups"].as_array().unwrap())
    {
        assert_round_trip(group, original);
    }
    assert_eq!(page.items[0].group_name, "deploy-prod");
    // A group in the run's list has no `total_count`: `WorkflowRunConcurrencyGroup` has none.
    assert_eq!(page.items[0].group_members[0].position, 0);
    let job = &page.items[1].group_members[0];
    assert_eq!(job.position, 2);
    assert_eq!(job.job_id, Some(gh_actions::types::JobId::new(798_245_260)));
    assert_eq!(
        Some(job.position_url.as_str()),
        Some(
            "https://api.github.com/repos/octocat/Hello-World/actions/concurrency_groups/ci-build?ahead_of_job=798245260"
        )
    );
}

#[tokio::test]
async fn list_concurrency_groups_for_workflow_run_sends_before() {
    let example = response_example("actions/list-concurrency-groups-for-workflow-run", 200);
    let server = serve(Reply::json(200, example)).await;

    let page = client(&server)
        .concurrency_groups()
        .list_concurrency_groups_for_workflow_run(SPACED_OWNER, REPO, RUN_ID)
        .per_page(50)
        .before("Y2ktYnVpbGQ=")
        .send()
        .await
        .expect("a page of the run's concurrency groups");

    let req = only_request(&server);
    assert_request(
        &req,
        "GET",
        &format!(
            "/repos/{SPACED_OWNER_ENCODED}/octo-repo/actions/runs/30433642123/concurrency_groups"
        ),
    );
    assert_query(&req, &[("per_page", "50"), ("before", "Y2ktYnVpbGQ=")]);
    assert_eq!(req.query(), Some("per_page=50&before=Y2ktYnVpbGQ%3D"));
    assert_eq!(page.items.len(), 2);
    assert!(!page.has_next());
}

#[tokio::test]
async fn list_concurrency_groups_for_workflow_run_streams_pages_by_following_the_after_cursor() {
    let example = response_example("actions/list-concurrency-groups-for-workflow-run", 200);
    let groups = example["concurrency_groups"].as_array().unwrap().clone();
    let first = json!({ "total_count": 2, "concurrency_groups": [groups[0].clone()] });
    let second = json!({ "total_count": 2, "concurrency_groups": [groups[1].clone()] });
    let server = MockServer::start(move |req: &RecordedRequest| {
        if req.query_param("after").as_deref() == Some("Y2ktYnVpbGQ=") {
            Reply::json(200, second.clone())
        } else {
            Reply::json(200, first.clone()).link(format!(
                "<{}/repos/octo-org/octo-repo/actions/runs/30433642123/concurrency_groups?per_page=1&after=Y2ktYnVpbGQ%3D>; rel=\"next\"",
                req.server_url()
            ))
        }
    })
    .await;

    let mut stream = client(&server)
        .concurrency_groups()
        .list_concurrency_groups_for_workflow_run(OWNER, REPO, RUN_ID)
        .per_page(1)
        .stream();
    let mut names = Vec::new();
    while let Some(group) = stream.try_next().await.expect("a group") {
        names.push(group.group_name);
    }

    assert_eq!(names, ["deploy-prod", "ci-build"]);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_request(
        &requests[0],
        "GET",
        "/repos/octo-org/octo-repo/actions/runs/30433642123/concurrency_groups",
    );
    assert_query(&requests[0], &[("per_page", "1")]);
    assert_request(
        &requests[1],
        "GET",
        "/repos/octo-org/octo-repo/actions/runs/30433642123/concurrency_groups",
    );
    assert_query(
        &requests[1],
        &[("per_page", "1"), ("after", "Y2ktYnVpbGQ=")],
    );
}

#[tokio::test]
async fn list_concurrency_groups_for_workflow_run_404_decodes_into_the_api_error() {
    let server = serve(Reply::json(
        404,
        github_error(
            "Not Found",
            "https://docs.github.com/rest/actions/concurrency-groups#list-concurrency-groups-for-a-workflow-run",
        ),
    ))
    .await;

    let err = client(&server)
        .concurrency_groups()
        .list_concurrency_groups_for_workflow_run(OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect_err("404 is an error");

    let api = api_error(err);
    assert_eq!(api.status, 404);
    assert_eq!(
        api.operation,
        "actions/list-concurrency-groups-for-workflow-run"
    );
    assert_eq!(api.message, "Not Found");
}
