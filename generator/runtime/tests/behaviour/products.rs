//! The product a client talks to: asked of the server (`GET /meta`), what
//! the answer makes of the headers and of the operations that exist, and
//! what an unavailable operation's error says about where the product came
//! from. (How `GITHUB_API_URL` implies a product is a unit test of the
//! builder: the environment is the process's, shared by parallel tests.)

use gh_actions_mock::{MockServer, Reply};
use gh_actions_runtime::{Client, Error, Method, Operation, Product, ProductSource, Request};
use serde_json::json;

/// An operation only github.com has.
static USAGE: Operation = Operation {
    id: "actions/get-workflow-run-usage",
    method: Method::GET,
    path: "/repos/{owner}/{repo}/actions/runs/{run_id}/timing",
    products: &[Product::GitHubCom],
};

/// An operation every product has.
static RUN: Operation = Operation {
    id: "actions/get-workflow-run",
    method: Method::GET,
    path: "/repos/{owner}/{repo}/actions/runs/{run_id}",
    products: Product::ALL,
};

/// A server whose `/meta` answers `meta`, and every other path `{}`.
async fn server(meta: serde_json::Value) -> MockServer {
    MockServer::start(move |request| {
        if request.path().ends_with("/meta") {
            Reply::json(200, meta.clone())
        } else {
            Reply::json(200, json!({}))
        }
    })
    .await
}

/// A client of the server's Enterprise Server API root, with a token and
/// nothing said about the product.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(format!("{}/api/v3", server.url()))
        .token("t0ken")
        .build()
        .expect("client")
}

#[tokio::test]
async fn the_installed_version_of_meta_names_the_enterprise_server_release() {
    let server = server(json!({
        "verifiable_password_authentication": false,
        "installed_version": "3.21.0"
    }))
    .await;
    let before = client(&server);
    assert_eq!(before.product(), Product::GitHubCom);
    assert_eq!(before.product_source(), ProductSource::Default);

    let ghes = before.detect_product().await.expect("detected");
    assert_eq!(ghes.product(), Product::Ghes3_21);
    assert_eq!(ghes.product_source(), ProductSource::ServerMeta);
    assert_eq!(ghes.base_url(), before.base_url());
    // The client it was asked from is unchanged.
    assert_eq!(before.product(), Product::GitHubCom);

    let asked = &server.requests()[0];
    assert_eq!(
        (asked.method.as_str(), asked.path()),
        ("GET", "/api/v3/meta")
    );
    assert_eq!(asked.header("authorization"), Some("Bearer t0ken"));
    assert_eq!(asked.header("accept"), Some("application/vnd.github+json"));
    // No API version: a release that does not know the configured one
    // would refuse the question.
    assert_eq!(asked.header("x-github-api-version"), None);

    // Requests of the new client carry the release's headers.
    ghes.execute(Request::new(&RUN, "/repos/o/r/actions/runs/1".to_owned()))
        .await
        .expect("sent");
    let sent = server.last_request().expect("a request");
    assert_eq!(sent.path(), "/api/v3/repos/o/r/actions/runs/1");
    assert_eq!(sent.header("x-github-api-version"), Some("2026-03-10"));
    assert_eq!(sent.header("authorization"), Some("Bearer t0ken"));
}

#[tokio::test]
async fn an_old_release_gets_its_own_headers() {
    let server = server(json!({"installed_version": "2.22.19"})).await;
    let old = client(&server).detect_product().await.expect("detected");
    assert_eq!(old.product(), Product::Ghes2_22);
    old.execute(Request::new(&RUN, "/repos/o/r/actions/runs/1".to_owned()))
        .await
        .expect("sent");
    let sent = server.last_request().expect("a request");
    assert_eq!(
        sent.header("accept"),
        Some("application/vnd.github.v3+json")
    );
    assert_eq!(sent.header("x-github-api-version"), None);
}

#[tokio::test]
async fn an_answer_without_an_installed_version_is_github_com() {
    // What github.com and GitHub Enterprise Cloud answer.
    let server = server(json!({
        "verifiable_password_authentication": true,
        "domains": {"website": ["*.github.com"]}
    }))
    .await;
    let gh = Client::builder()
        .base_url(server.url())
        .product(Product::Ghes3_21)
        .build()
        .expect("client");
    let com = gh.detect_product().await.expect("detected");
    assert_eq!(com.product(), Product::GitHubCom);
    assert_eq!(com.product_source(), ProductSource::ServerMeta);
}

#[tokio::test]
async fn a_release_newer_than_the_table_is_the_newest_and_an_older_unknown_one_an_error() {
    let newer = server(json!({"installed_version": "3.99.1"})).await;
    let client_of_newer = client(&newer).detect_product().await.expect("detected");
    assert_eq!(client_of_newer.product(), Product::Ghes3_21);

    let older = server(json!({"installed_version": "3.15.2"})).await;
    let err = client(&older)
        .detect_product()
        .await
        .expect_err("no product for 3.15");
    assert!(matches!(err, Error::Config { .. }), "{err:?}");
    let text = err.to_string();
    for part in [
        "3.15.2",
        "installed_version",
        "GitHub Enterprise Server 3.21",
        "GitHub Enterprise Server 2.22",
        "ClientBuilder::product",
    ] {
        assert!(text.contains(part), "{part:?} not in: {text}");
    }
}

#[tokio::test]
async fn a_failed_question_is_the_servers_error() {
    let server =
        MockServer::start(|_| Reply::json(401, json!({"message": "Bad credentials"}))).await;
    let err = client(&server).detect_product().await.expect_err("refused");
    assert_eq!(err.status(), Some(401), "{err:?}");
    assert_eq!(err.operation(), Some("meta/get"));
}

#[tokio::test]
async fn an_unavailable_operation_says_where_the_product_came_from_and_how_to_change_it() {
    let server = server(json!({"installed_version": "3.21.2"})).await;
    let ghes = client(&server).detect_product().await.expect("detected");
    let sent_before = server.request_count();
    let err = ghes
        .execute(Request::new(
            &USAGE,
            "/repos/o/r/actions/runs/1/timing".to_owned(),
        ))
        .await
        .expect_err("github.com only");
    assert!(matches!(
        err,
        Error::Unavailable {
            operation: "actions/get-workflow-run-usage",
            product: Product::Ghes3_21,
            product_source: ProductSource::ServerMeta,
            ..
        }
    ));
    assert_eq!(
        err.to_string(),
        "actions/get-workflow-run-usage is not available on GitHub Enterprise Server 3.21 \
         (the product the server reports in `GET /meta`), so nothing was sent; to use \
         another product, set it with `ClientBuilder::product`"
    );
    assert_eq!(server.request_count(), sent_before, "nothing was sent");
}
