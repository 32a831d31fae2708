//! Paths and queries beyond what the wire tests send: names with any
//! character as one encoded segment, workflows named by file name or
//! number, dot and empty segments refused before sending, and no query at
//! all when no optional parameter is set.

use super::{OWNER, REPO, RUN_ID, run_with_id, runs_page};
use gh_actions::Error;
use gh_actions::types::WorkflowId;
use gh_actions_tests::e2e_support::{assert_request, client, response_example, serve};
use gh_actions_tests::mock::Reply;

#[tokio::test]
async fn a_name_with_any_character_travels_as_one_encoded_segment() {
    let cases = [
        (
            "deploy/prod env 100%#?é",
            "deploy%2Fprod%20env%20100%25%23%3F%C3%A9",
        ),
        ("a+b=c&d;e", "a%2Bb%3Dc%26d%3Be"),
        ("déploiement 🚀", "d%C3%A9ploiement%20%F0%9F%9A%80"),
        ("..a/..", "..a%2F.."),
        ("tab\there", "tab%09here"),
    ];
    let example = response_example("actions/get-concurrency-group-for-repository", 200);
    let server = serve(Reply::json(200, example)).await;
    let groups = client(&server).concurrency_groups();
    for (name, _) in cases {
        groups
            .get_concurrency_group_for_repository(OWNER, REPO, name)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{name:?}: {e}"));
    }
    for (req, (_, encoded)) in server.requests().iter().zip(cases) {
        let path = format!("/repos/octo-org/octo-repo/actions/concurrency_groups/{encoded}");
        assert_request(req, "GET", &path);
    }
}

#[tokio::test]
async fn a_workflow_named_by_file_name_or_number_is_one_segment() {
    let cases = [
        (WorkflowId::from("my workflow.yml"), "my%20workflow.yml"),
        (
            WorkflowId::from("deploy/prod?.yml".to_owned()),
            "deploy%2Fprod%3F.yml",
        ),
        (
            WorkflowId::from("deploy prod+eu.yml"),
            "deploy%20prod%2Beu.yml",
        ),
        (WorkflowId::from(5_000_000_001_i64), "5000000001"),
    ];
    let server = serve(Reply::json(
        200,
        response_example("actions/get-workflow", 200),
    ))
    .await;
    let workflows = client(&server).workflows();
    for (id, _) in &cases {
        workflows
            .get_workflow(OWNER, REPO, id.clone())
            .send()
            .await
            .expect("the workflow");
    }
    for (req, (_, segment)) in server.requests().iter().zip(&cases) {
        let path = format!("/repos/octo-org/octo-repo/actions/workflows/{segment}");
        assert_request(req, "GET", &path);
    }
}

/// `..`, `.` or nothing would address another endpoint once the URL is normalised.
#[tokio::test]
async fn a_dot_or_empty_path_parameter_is_refused_before_sending() {
    let server = serve(Reply::empty(204)).await;
    for name in ["..", ".", ""] {
        let err = client(&server)
            .secrets()
            .delete_repo_secret(OWNER, REPO, name)
            .send()
            .await
            .expect_err("refused");
        assert!(
            matches!(err, Error::InvalidPathParameter { .. }),
            "{name:?}: {err:?}"
        );
    }
    assert_eq!(server.request_count(), 0, "nothing was sent");
}

#[tokio::test]
async fn optional_query_parameters_left_unset_send_no_query_at_all() {
    let list = serve(Reply::json(200, runs_page(&[RUN_ID], 1))).await;
    let get = serve(Reply::json(200, run_with_id(RUN_ID))).await;
    client(&list)
        .workflow_runs()
        .list_workflow_runs_for_repo(OWNER, REPO)
        .send()
        .await
        .expect("a page");
    client(&get)
        .workflow_runs()
        .get_workflow_run(OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect("a run");
    for server in [list, get] {
        let req = &server.requests()[0];
        assert_eq!(req.query(), None, "no query, not even `?`: {}", req.target);
    }
}
