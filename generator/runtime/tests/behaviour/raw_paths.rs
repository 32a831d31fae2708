//! Raw request templates under attack: what URL parsing would turn into a
//! separator or a dot segment is refused before sending, so no template
//! leaves the base URL's path prefix; and a raw request's errors say which
//! request failed.

use std::time::Duration;

use reqwest::Method;

use gh_actions_mock::{MockServer, Reply};
use gh_actions_runtime::{Client, Error, Product};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(format!("{}/api/v3", server.url()))
        .product(Product::Ghes3_21)
        .token("t0ken")
        .build()
        .unwrap()
}

#[tokio::test]
async fn back_door_dot_segments_are_refused_before_sending() {
    let server = MockServer::start(|_| Reply::json_text(200, "{}")).await;
    let gh = client(&server);
    for template in [
        r"/x/..\..\..\y",
        r"/x/..\y",
        r"/x\..\..\y",
        "/x/.\t./.\t./y",
        "/x/.\n./y",
        "/x/.\r./y",
        "/x/..\u{0}/y",
        "/x/%2e%2E/y",
        "/x/.%2e/y",
        "/x/../y",
        "/x/./y",
        "/x/..",
        "/..",
        "/x/..?q",
    ] {
        for method in [Method::GET, Method::DELETE] {
            let err = gh
                .request(method.clone(), template)
                .send::<serde_json::Value>()
                .await
                .unwrap_err();
            assert!(
                matches!(err, Error::InvalidRawRequest { .. }),
                "{template:?}: {err:?}"
            );
            let text = err.to_string();
            assert!(
                !text.contains(['\n', '\r', '\t', '\0']),
                "the error echoes no control character: {text:?}"
            );
        }
    }
    assert!(server.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn hostile_parameters_stay_one_segment_under_the_base_path() {
    let server = MockServer::start(|_| Reply::json_text(200, "{}")).await;
    let gh = client(&server);
    for value in [
        r"..\..",
        r"..\",
        "..%2f..",
        "%2e%2e",
        ".\t.",
        "a/../../b",
        "\\",
    ] {
        gh.request(Method::GET, "/repos/{owner}/x")
            .param("owner", value)
            .send::<serde_json::Value>()
            .await
            .unwrap_or_else(|e| panic!("{value:?}: {e}"));
    }
    for seen in server.requests() {
        let path = seen.path();
        assert!(path.starts_with("/api/v3/repos/"), "{path}");
        assert!(path.ends_with("/x"), "{path}");
        assert_eq!(path.matches('/').count(), 5, "one segment: {path}");
    }
    for value in ["..", ".", ""] {
        let err = gh
            .request(Method::GET, "/repos/{owner}/x")
            .param("owner", value)
            .send::<serde_json::Value>()
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::InvalidPathParameter { .. }),
            "{value:?}: {err:?}"
        );
    }
    assert_eq!(server.request_count(), 7);
}

#[tokio::test]
async fn a_raw_requests_errors_name_its_method_and_template() {
    let server = MockServer::start(|seen| {
        if seen.path().ends_with("/slow") {
            return Reply::json_text(200, "{}").delayed(Duration::from_secs(3));
        }
        Reply::json_text(404, r#"{"message": "Not Found"}"#)
    })
    .await;
    let gh = Client::builder()
        .base_url(server.url())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let err = gh
        .request(Method::GET, "/repos/{owner}/{repo}/actions/caches")
        .param("owner", "o")
        .param("repo", "secret-repo")
        .send::<serde_json::Value>()
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "GET /repos/{owner}/{repo}/actions/caches: GitHub answered 404: Not Found"
    );
    assert_eq!(
        err.operation(),
        Some("GET /repos/{owner}/{repo}/actions/caches")
    );
    let other = gh
        .request(Method::DELETE, "/repos/{owner}/{repo}/actions/caches")
        .param("owner", "o")
        .param("repo", "r")
        .send::<()>()
        .await
        .unwrap_err();
    assert_eq!(
        other.operation(),
        Some("DELETE /repos/{owner}/{repo}/actions/caches")
    );
    // A timeout says which request, and the limit it ran out of.
    let slow = gh
        .request(Method::GET, "/slow")
        .send::<serde_json::Value>()
        .await
        .unwrap_err();
    assert!(matches!(slow, Error::Timeout { .. }), "{slow:?}");
    assert_eq!(
        slow.to_string(),
        "GET /slow: no answer within the timeout of 300 ms"
    );
}
