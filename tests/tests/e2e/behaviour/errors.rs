//! Error answers, rate limits, retries, malformed bodies, the success
//! statuses without a body, a success status the spec does not document,
//! and token-shaped words a server echoes, which no error shows.

use super::{OWNER, REPO, RUN_ID, builder, run_with_id, runs_page};
use gh_actions::error::RateLimitKind;
use gh_actions::{Error, RetryPolicy};
use gh_actions_tests::e2e_support::{
    api_error, assert_json_body, assert_no_body, assert_request, client, only_request, serve,
};
use gh_actions_tests::mock::{MockServer, Reply};
use serde_json::json;
use std::time::{Duration, Instant};

const REQUEST_ID: &str = "C0DE:7F3A:2B1C9D:3E4F5A:6789ABCD";

#[tokio::test]
async fn a_404_body_decodes_into_the_api_error_with_docs_url_and_request_id() {
    let server = serve(
        Reply::json(
            404,
            json!({
                "message": "Not Found",
                "documentation_url": "https://docs.github.com/rest/actions/workflow-runs#get-a-workflow-run",
                "status": "404"
            }),
        )
        .request_id(REQUEST_ID),
    )
    .await;
    let err = client(&server)
        .workflow_runs()
        .get_workflow_run(OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect_err("404 is an error");
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.request_id(), Some(REQUEST_ID));
    assert_eq!(err.operation(), Some("actions/get-workflow-run"));
    assert!(!err.is_rate_limited());
    assert!(err.to_string().contains("Not Found"), "{err}");
    let api = api_error(err);
    assert_eq!(api.status, 404);
    assert_eq!(api.message, "Not Found");
    assert_eq!(
        api.documentation_url.as_deref(),
        Some("https://docs.github.com/rest/actions/workflow-runs#get-a-workflow-run")
    );
    assert!(api.errors.is_empty());
    assert_eq!(api.request_id.as_deref(), Some(REQUEST_ID));
    assert_request(
        &only_request(&server),
        "GET",
        "/repos/octo-org/octo-repo/actions/runs/30433642123",
    );
}

#[tokio::test]
async fn a_422_body_keeps_githubs_validation_errors() {
    let errors = json!([
        {"resource": "ConcurrencyGroup", "field": "after", "code": "invalid"},
        {"resource": "ConcurrencyGroup", "field": "per_page", "code": "custom", "message": "per_page must be at most 100"}
    ]);
    let server = serve(
        Reply::json(
            422,
            json!({
                "message": "Validation Failed",
                "documentation_url": "https://docs.github.com/rest/actions/concurrency-groups",
                "errors": errors
            }),
        )
        .request_id(REQUEST_ID),
    )
    .await;
    let err = client(&server)
        .concurrency_groups()
        .list_concurrency_groups_for_repository(OWNER, REPO)
        .after("not-a-cursor")
        .send()
        .await
        .expect_err("422 is an error");
    assert_eq!(err.request_id(), Some(REQUEST_ID));
    let api = api_error(err);
    assert_eq!(api.status, 422);
    assert_eq!(
        api.operation,
        "actions/list-concurrency-groups-for-repository"
    );
    assert_eq!(api.message, "Validation Failed");
    assert_eq!(
        api.documentation_url.as_deref(),
        Some("https://docs.github.com/rest/actions/concurrency-groups")
    );
    assert_eq!(json!(api.errors), errors);
}

/// The one answer field whose `null` means something (`x-github-null-is-value`):
/// a validation error that echoes the `null` a request sent is not one that echoes nothing.
#[test]
fn a_validation_error_keeps_an_echoed_null_apart_from_no_echo() {
    use gh_actions::types::{Nullable, ValidationErrorErrorsItem, ValidationErrorErrorsItemValue};
    let decode = |v: serde_json::Value| -> ValidationErrorErrorsItem {
        serde_json::from_value(v).expect("a validation error entry decodes")
    };
    let echoed_null = json!({"code": "invalid", "field": "inputs", "value": null});
    let no_echo = json!({"code": "invalid", "field": "inputs"});
    let echoed = json!({"code": "invalid", "field": "ref", "value": "nope"});
    assert_eq!(decode(echoed_null.clone()).value, Nullable::Null);
    assert_eq!(decode(no_echo.clone()).value, Nullable::Absent);
    assert_eq!(
        decode(echoed.clone()).value,
        Nullable::Value(ValidationErrorErrorsItemValue::String("nope".into()))
    );
    for wire in [echoed_null, no_echo, echoed] {
        assert_eq!(json!(decode(wire.clone())), wire, "written back as read");
    }
}

#[tokio::test]
async fn an_html_502_gives_an_error_with_a_short_snippet() {
    let html = format!(
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n{}</body>\r\n</html>\r\n",
        "<!-- padding -->\r\n".repeat(2_000)
    );
    let server = serve(Reply::html(502, html.clone())).await;
    let err = client(&server)
        .workflow_runs()
        .list_workflow_runs_for_repo(OWNER, REPO)
        .send()
        .await
        .expect_err("502 is an error");
    assert_eq!(err.status(), Some(502));
    assert!(!err.is_rate_limited());
    let api = api_error(err);
    assert!(api.message.contains("502 Bad Gateway"), "{}", api.message);
    assert!(
        api.message.chars().count() <= 201,
        "a snippet, not the whole {}-byte page: {} chars",
        html.len(),
        api.message.chars().count()
    );
    assert_eq!(api.documentation_url, None);
    assert!(api.errors.is_empty());
}

#[tokio::test]
async fn a_token_a_proxy_echoes_into_an_error_or_a_bad_answer_never_shows() {
    const ECHOED: &str = "ghp_0123456789abcdefghijklmnopqrstuvwxyz";
    let page = format!(
        "<html><pre>Authorization: token {ECHOED}</pre> sha 6dcb09b5b57875f334f61aebed695e2e4193db5e</html>"
    );
    let json_error =
        json!({"message": format!("Bad credentials {ECHOED}"), "errors": [{"value": ECHOED}]});
    let mut bad_run = run_with_id(RUN_ID);
    bad_run["id"] = json!(ECHOED);
    let answers = [
        Reply::html(502, page),
        Reply::json(401, json_error),
        Reply::json(200, bad_run),
    ];
    for answer in answers {
        let server = serve(answer).await;
        let err = client(&server)
            .workflow_runs()
            .get_workflow_run(OWNER, REPO, RUN_ID)
            .send()
            .await
            .expect_err("an error answer or a bad body");
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains(ECHOED), "{shown}");
        assert!(shown.contains("<redacted>"), "{shown}");
        if err.status() == Some(502) {
            // Long words that are no token's shape stay.
            assert!(
                shown.contains("6dcb09b5b57875f334f61aebed695e2e4193db5e"),
                "{shown}"
            );
        }
    }
}

#[tokio::test]
async fn a_403_with_no_remaining_quota_is_a_primary_rate_limit_until_the_reset() {
    let reset = chrono::Utc::now().timestamp() + 120;
    let server = serve(
        Reply::primary_rate_limit(u64::try_from(reset).expect("positive")).request_id(REQUEST_ID),
    )
    .await;
    let err = client(&server)
        .workflow_runs()
        .get_workflow_run(OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect_err("rate limited");
    assert!(err.is_rate_limited());
    assert_eq!(err.status(), Some(403));
    assert_eq!(err.request_id(), Some(REQUEST_ID));
    let wait = err.retry_after().expect("the time until the reset");
    assert!(
        wait > Duration::from_secs(100) && wait <= Duration::from_secs(121),
        "{wait:?}"
    );
    let limits = err.rate_limit().expect("rate-limit headers");
    assert_eq!(limits.remaining, Some(0));
    assert_eq!(limits.limit, Some(5000));
    assert_eq!(limits.used, Some(5000));
    assert_eq!(limits.resource.as_deref(), Some("core"));
    assert_eq!(limits.reset.map(|t| t.timestamp()), Some(reset));
    let Error::RateLimited(limited) = err else {
        panic!("expected a rate limit, got {err:?}")
    };
    assert_eq!(limited.kind, RateLimitKind::Primary);
    assert_eq!(limited.status, 403);
    assert_eq!(limited.message, "API rate limit exceeded for user ID 1.");
    assert!(limited.documentation_url.is_some());
}

#[tokio::test]
async fn a_429_or_a_403_with_retry_after_is_a_secondary_rate_limit() {
    let too_many = Reply::json(
        429,
        json!({"message": "Too many requests", "documentation_url": "https://docs.github.com/rest"}),
    )
    .header("retry-after", "30")
    .header("x-ratelimit-remaining", "4321");
    for (reply, status, wait) in [
        (too_many, 429, 30),
        (Reply::secondary_rate_limit(45), 403, 45),
    ] {
        let server = serve(reply).await;
        let err = client(&server)
            .workflow_runs()
            .list_workflow_runs_for_repo(OWNER, REPO)
            .send()
            .await
            .expect_err("rate limited");
        assert!(err.is_rate_limited(), "{status}: {err:?}");
        assert_eq!(err.status(), Some(status));
        assert_eq!(err.retry_after(), Some(Duration::from_secs(wait)));
        let Error::RateLimited(limited) = err else {
            panic!("expected a rate limit, got {err:?}")
        };
        assert_eq!(limited.kind, RateLimitKind::Secondary, "{status}");
        assert_eq!(limited.retry_after, Some(Duration::from_secs(wait)));
    }
}

#[tokio::test]
async fn with_a_retry_policy_a_get_waits_out_a_secondary_rate_limit_and_succeeds() {
    let server = MockServer::with_replies([
        Reply::secondary_rate_limit(1),
        Reply::json(200, run_with_id(RUN_ID)),
    ])
    .await;
    let gh = builder(&server.url())
        .retry(RetryPolicy::new(3))
        .build()
        .expect("client");
    let started = Instant::now();
    let run = gh
        .workflow_runs()
        .get_workflow_run(OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect("the second attempt succeeds");
    let waited = started.elapsed();
    assert_eq!(run.id, RUN_ID);
    assert_eq!(server.request_count(), 2);
    assert!(
        waited >= Duration::from_secs(1),
        "waited {waited:?}, GitHub asked for 1 s"
    );
    for req in server.requests() {
        assert_request(
            &req,
            "GET",
            "/repos/octo-org/octo-repo/actions/runs/30433642123",
        );
    }
}

#[tokio::test]
async fn without_a_retry_policy_a_secondary_rate_limit_is_returned_at_once() {
    let server = MockServer::with_replies([
        Reply::secondary_rate_limit(1),
        Reply::json(200, run_with_id(RUN_ID)),
    ])
    .await;
    let err = client(&server)
        .workflow_runs()
        .get_workflow_run(OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect_err("no retry by default");
    assert!(err.is_rate_limited());
    assert_eq!(err.retry_after(), Some(Duration::from_secs(1)));
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn a_post_is_retried_only_when_the_policy_allows_non_idempotent_retries() {
    for (allow, attempts) in [(false, 1), (true, 2)] {
        let server =
            MockServer::with_replies([Reply::secondary_rate_limit(1), Reply::json(201, json!({}))])
                .await;
        let gh = builder(&server.url())
            .retry(RetryPolicy::new(3).retry_non_idempotent(allow))
            .build()
            .expect("client");
        let result = gh
            .workflow_runs()
            .re_run_workflow(OWNER, REPO, RUN_ID)
            .enable_debug_logging(true)
            .send()
            .await;
        if allow {
            result.expect("the retried POST succeeds");
        } else {
            let err = result.expect_err("a POST is not retried by default");
            assert!(err.is_rate_limited(), "{err:?}");
        }
        let requests = server.requests();
        assert_eq!(requests.len(), attempts, "retry_non_idempotent({allow})");
        for req in &requests {
            assert_request(
                req,
                "POST",
                "/repos/octo-org/octo-repo/actions/runs/30433642123/rerun",
            );
            assert_json_body(req, &json!({"enable_debug_logging": true}));
        }
    }
}

#[tokio::test]
async fn a_malformed_200_body_names_the_failing_field_and_keeps_a_snippet() {
    let mut page = runs_page(&[30_433_642_001, 30_433_642_002, 30_433_642_003], 3);
    page["workflow_runs"][1]["id"] = json!("30433642002");
    let server = serve(Reply::json(200, &page).request_id(REQUEST_ID)).await;
    let err = client(&server)
        .workflow_runs()
        .list_workflow_runs_for_repo(OWNER, REPO)
        .send()
        .await
        .expect_err("a string id does not decode");
    assert_eq!(err.status(), Some(200));
    assert_eq!(err.request_id(), Some(REQUEST_ID));
    assert!(err.to_string().contains("workflow_runs[1].id"), "{err}");
    let Error::Decode(decode) = err else {
        panic!("expected a decode error, got {err:?}")
    };
    assert_eq!(decode.path, "workflow_runs[1].id");
    assert_eq!(decode.operation, "actions/list-workflow-runs-for-repo");
    assert!(
        decode.snippet.starts_with(r#"{"total_count":3"#),
        "{}",
        decode.snippet
    );
    assert!(
        decode.snippet.chars().count() <= 201,
        "a short snippet: {}",
        decode.snippet
    );
}

#[tokio::test]
async fn a_wrong_type_deep_inside_an_object_names_the_nested_path() {
    let mut run = run_with_id(RUN_ID);
    run["head_repository"]["owner"]["id"] = json!("one");
    let server = serve(Reply::json(200, &run)).await;
    let err = client(&server)
        .workflow_runs()
        .get_workflow_run(OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect_err("a string id does not decode");
    let Error::Decode(decode) = err else {
        panic!("expected a decode error, got {err:?}")
    };
    assert_eq!(decode.path, "head_repository.owner.id");
    assert!(!decode.snippet.is_empty());
}

#[tokio::test]
async fn a_202_cancel_and_a_204_delete_are_successes() {
    let server = serve(Reply::json(202, json!({}))).await;
    client(&server)
        .workflow_runs()
        .cancel_workflow_run(OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect("202 is a success");
    let req = only_request(&server);
    assert_request(
        &req,
        "POST",
        "/repos/octo-org/octo-repo/actions/runs/30433642123/cancel",
    );
    assert_no_body(&req);

    let server = serve(Reply::empty(204)).await;
    client(&server)
        .workflow_runs()
        .delete_workflow_run(OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect("204 is a success");
    let req = only_request(&server);
    assert_request(
        &req,
        "DELETE",
        "/repos/octo-org/octo-repo/actions/runs/30433642123",
    );
    assert_no_body(&req);
}

/// A success status the spec does not document for the operation is an
/// error, not a guess at the outcome (the repository secret's are 201 and 204).
#[tokio::test]
async fn an_undocumented_success_status_is_an_unexpected_status_error() {
    let key = "wwiAuRB4OcdKLWVRyrZWoWyOMYNCgyqwTyxSMsfGDM4=";
    let sealed = gh_actions::sealing::SealedSecret::seal("1", key, "x").expect("seals");
    let server = serve(Reply::json(200, json!({ "unexpected": true }))).await;
    let err = client(&server)
        .secrets()
        .create_or_update_repo_secret(OWNER, REPO, "TOKEN", &sealed)
        .send()
        .await
        .expect_err("200 is not documented");
    assert!(
        matches!(err, Error::UnexpectedStatus { status: 200, .. }),
        "{err:?}"
    );
}
