//! Products and API versions: headers, the Enterprise path prefix, operations
//! a product lacks, and the token.

use super::{OWNER, REPO, RUN_ID, builder};
use futures_util::StreamExt;
use gh_actions::{ApiVersion, Client, Error, Product};
use gh_actions_tests::e2e_support::{TOKEN, example, only_request, serve};
use gh_actions_tests::mock::{MockServer, Reply};
use serde_json::json;

const RUN_PATH: &str = "/repos/octo-org/octo-repo/actions/runs/30433642123";

#[tokio::test]
async fn ghes_3_21_keeps_the_api_v3_prefix_and_sends_version_2026_03_10() {
    for base in ["/api/v3", "/api/v3/"] {
        let server = serve(Reply::json(200, example("workflow-run-ghes-3-21"))).await;
        let gh = builder(&format!("{}{base}", server.url()))
            .product(Product::Ghes3_21)
            .build()
            .expect("client");
        let run = gh
            .workflow_runs()
            .get_workflow_run(OWNER, REPO, RUN_ID)
            .send()
            .await
            .expect("run");
        assert_eq!(
            run.id,
            example("workflow-run-ghes-3-21")["id"]
                .as_i64()
                .expect("id")
        );
        let req = only_request(&server);
        assert_eq!(req.method, "GET");
        assert_eq!(req.path(), format!("/api/v3{RUN_PATH}"), "base {base}");
        assert_eq!(req.header("accept"), Some("application/vnd.github+json"));
        assert_eq!(req.header("x-github-api-version"), Some("2026-03-10"));
        assert_eq!(
            req.header("authorization"),
            Some(format!("Bearer {TOKEN}").as_str())
        );
        assert!(req.header("user-agent").is_some_and(|ua| !ua.is_empty()));
    }
}

#[tokio::test]
async fn ghes_3_21_sends_2026_03_10_even_when_another_version_is_asked_for() {
    let server = serve(Reply::json(200, example("workflow-run-ghes-3-21"))).await;
    let gh = builder(&format!("{}/api/v3", server.url()))
        .product(Product::Ghes3_21)
        .api_version(ApiVersion::V2022_11_28)
        .build()
        .expect("client");
    gh.workflow_runs()
        .get_workflow_run(OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect("run");
    let req = only_request(&server);
    assert_eq!(req.header("x-github-api-version"), Some("2026-03-10"));
}

#[tokio::test]
async fn ghes_3_21_follows_page_links_under_its_prefix() {
    let server = MockServer::start(|req| {
        let mut page = example("workflow-run-paginated-ghes-3-21");
        if req.query_param("page").is_none() {
            page["total_count"] = json!(2);
            Reply::json(200, page).link(format!(
                "<{}/api/v3/repositories/1296269/actions/runs?page=2>; rel=\"next\"",
                req.server_url()
            ))
        } else {
            page["total_count"] = json!(2);
            page["workflow_runs"][0]["id"] = json!(RUN_ID);
            Reply::json(200, page)
        }
    })
    .await;
    let gh = builder(&format!("{}/api/v3", server.url()))
        .product(Product::Ghes3_21)
        .build()
        .expect("client");
    let ids: Vec<i64> = gh
        .workflow_runs()
        .list_workflow_runs_for_repo(OWNER, REPO)
        .stream()
        .map(|r| r.expect("item").id.get())
        .collect()
        .await;
    assert_eq!(ids.len(), 2);
    assert_eq!(ids[1], RUN_ID);
    let paths: Vec<String> = server.requests().iter().map(|r| r.target.clone()).collect();
    assert_eq!(
        paths,
        [
            // A stream asks for the largest page unless told otherwise.
            "/api/v3/repos/octo-org/octo-repo/actions/runs?per_page=100",
            "/api/v3/repositories/1296269/actions/runs?page=2"
        ]
    );
}

#[tokio::test]
async fn ghes_2_22_sends_the_v3_media_type_and_no_version_header() {
    let server = serve(Reply::json(
        200,
        example("workflow-run-paginated-ghes-2-22"),
    ))
    .await;
    let gh = builder(&format!("{}/api/v3", server.url()))
        .product(Product::Ghes2_22)
        .build()
        .expect("client");
    let page = gh
        .workflow_runs()
        .list_workflow_runs_for_repo(OWNER, REPO)
        .send()
        .await
        .expect("page");
    assert_eq!(page.items.len(), 1);
    let req = only_request(&server);
    assert_eq!(req.path(), "/api/v3/repos/octo-org/octo-repo/actions/runs");
    assert_eq!(req.header("accept"), Some("application/vnd.github.v3+json"));
    assert!(!req.has_header("x-github-api-version"), "{:?}", req.headers);
    assert_eq!(
        req.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
}

#[tokio::test]
async fn github_com_sends_the_api_version_asked_for() {
    for (version, header) in [
        (ApiVersion::V2022_11_28, "2022-11-28"),
        (ApiVersion::V2026_03_10, "2026-03-10"),
    ] {
        let server = serve(Reply::json(200, example("workflow-run"))).await;
        let gh = builder(&server.url())
            .api_version(version)
            .build()
            .expect("client");
        assert_eq!(gh.api_version(), version);
        gh.workflow_runs()
            .get_workflow_run(OWNER, REPO, RUN_ID)
            .send()
            .await
            .expect("run");
        let req = only_request(&server);
        assert_eq!(req.path(), RUN_PATH);
        assert_eq!(req.header("x-github-api-version"), Some(header));
        assert_eq!(req.header("accept"), Some("application/vnd.github+json"));
    }
}

#[tokio::test]
async fn a_concurrency_group_operation_on_ghes_3_21_is_unavailable_and_sends_nothing() {
    let server = serve(Reply::json(200, json!({}))).await;
    let gh = builder(&format!("{}/api/v3", server.url()))
        .product(Product::Ghes3_21)
        .build()
        .expect("client");
    let err = gh
        .concurrency_groups()
        .list_concurrency_groups_for_repository(OWNER, REPO)
        .send()
        .await
        .expect_err("not on GHES 3.21");
    assert_unavailable(
        &err,
        "actions/list-concurrency-groups-for-repository",
        Product::Ghes3_21,
    );
    let mut stream = gh
        .concurrency_groups()
        .list_concurrency_groups_for_repository(OWNER, REPO)
        .stream();
    let first = stream.next().await.expect("one item");
    assert_unavailable(
        &first.expect_err("an error"),
        "actions/list-concurrency-groups-for-repository",
        Product::Ghes3_21,
    );
    assert!(
        stream.next().await.is_none(),
        "the stream ends after the error"
    );
    let err = gh
        .concurrency_groups()
        .get_concurrency_group_for_repository(OWNER, REPO, "deploy/prod")
        .send()
        .await
        .expect_err("not on GHES 3.21");
    assert_unavailable(
        &err,
        "actions/get-concurrency-group-for-repository",
        Product::Ghes3_21,
    );
    assert_eq!(server.request_count(), 0, "nothing was sent");
}

#[tokio::test]
async fn a_github_com_only_operation_on_ghes_is_unavailable_and_sends_nothing() {
    for product in [Product::Ghes3_21, Product::Ghes2_22] {
        let server = serve(Reply::json(200, example("workflow-run-usage"))).await;
        let gh = builder(&format!("{}/api/v3", server.url()))
            .product(product)
            .build()
            .expect("client");
        let err = gh
            .workflow_runs()
            .get_workflow_run_usage(OWNER, REPO, RUN_ID)
            .send()
            .await
            .expect_err("github.com only");
        assert_unavailable(&err, "actions/get-workflow-run-usage", product);
        assert_eq!(server.request_count(), 0, "{product}: nothing was sent");
    }
}

fn assert_unavailable(err: &Error, operation: &str, product: Product) {
    match err {
        Error::Unavailable {
            operation: op,
            product: p,
            ..
        } => {
            assert_eq!(*op, operation);
            assert_eq!(*p, product);
        }
        other => panic!("expected unavailable, got {other:?}"),
    }
    assert_eq!(err.operation(), Some(operation));
    assert_eq!(err.status(), None);
    let text = err.to_string();
    assert!(
        text.contains(operation) && text.contains(&product.to_string()),
        "the message names the operation and the product: {text}"
    );
}

#[tokio::test]
async fn without_a_token_no_authorization_header_is_sent() {
    let server = serve(Reply::json(200, example("workflow-run"))).await;
    let gh = Client::builder()
        .base_url(server.url())
        .build()
        .expect("client");
    gh.workflow_runs()
        .get_workflow_run(OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect("run");
    let req = only_request(&server);
    assert!(!req.has_header("authorization"), "{:?}", req.headers);
    assert_eq!(req.header("accept"), Some("application/vnd.github+json"));
    assert_eq!(req.header("x-github-api-version"), Some("2026-03-10"));
    assert!(req.header("user-agent").is_some_and(|ua| !ua.is_empty()));
}

#[test]
fn the_token_never_appears_in_debug_output() {
    let secret = "ghp_e2eSuperSecretToken0123456789";
    let builder = Client::builder().token(secret);
    let shown = format!("{builder:?}");
    assert!(!shown.contains(secret), "{shown}");
    let gh = builder.build().expect("client");
    let shown = format!("{gh:?} {gh:#?}");
    assert!(!shown.contains(secret), "{shown}");
    assert!(!shown.contains("e2eSuperSecret"), "{shown}");
    let request = gh.workflow_runs().get_workflow_run(OWNER, REPO, RUN_ID);
    let shown = format!("{:?} {request:?}", gh.workflow_runs());
    assert!(!shown.contains(secret), "{shown}");
}
