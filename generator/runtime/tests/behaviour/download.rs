//! Downloads from a redirect URL: no token and no API headers reach the
//! storage host, and its errors carry their status.

use gh_actions_mock::{MockServer, Reply};
use gh_actions_runtime::{Client, DownloadUrl, Method, Operation, Product, Request};

static LOGS: Operation = Operation {
    id: "actions/download-job-logs-for-workflow-run",
    method: Method::GET,
    path: "/repos/{owner}/{repo}/actions/jobs/{job_id}/logs",
    products: &[Product::GitHubCom],
};

#[tokio::test]
async fn downloads_send_no_token_and_no_api_headers() {
    let storage = MockServer::start(|_| Reply::bytes(200, b"log line 1\nlog line 2\n")).await;
    let api_location = format!("{}/blob/logs.txt?sig=abc", storage.url());
    let api = MockServer::start(move |_| Reply::redirect(&api_location)).await;
    let client = Client::builder()
        .base_url(api.url())
        .token("t0ken")
        .build()
        .unwrap();

    let resp = client
        .execute(Request::new(
            &LOGS,
            "/repos/o/r/actions/jobs/1/logs".to_owned(),
        ))
        .await
        .unwrap();
    let url = resp.download_url().unwrap();
    assert_eq!(
        storage.requests().len(),
        0,
        "the API client did not follow the redirect"
    );
    let body = client
        .download(&url)
        .await
        .unwrap()
        .into_bytes()
        .await
        .unwrap();
    assert_eq!(&body[..], b"log line 1\nlog line 2\n");

    let seen = storage.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].target, "/blob/logs.txt?sig=abc");
    assert_eq!(seen[0].header("authorization"), None);
    assert_eq!(seen[0].header("x-github-api-version"), None);
    assert_ne!(
        seen[0].header("accept"),
        Some("application/vnd.github+json")
    );
    assert!(
        seen[0]
            .header("user-agent")
            .is_some_and(|ua| ua.starts_with("gh-actions/"))
    );
}

#[tokio::test]
async fn storage_errors_carry_the_status_and_write_to_copies_bytes() {
    let storage = MockServer::start_indexed(|_, n| match n {
        0 => Reply::bytes(403, b"<Error><Code>AuthenticationFailed</Code></Error>"),
        _ => Reply::bytes(200, [7u8; 10_000]),
    })
    .await;
    let client = Client::builder().build().unwrap();
    let url = DownloadUrl::parse(&format!("{}/x.zip?sig=SECRET", storage.url())).unwrap();
    let err = client.download(&url).await.unwrap_err();
    assert_eq!(err.status(), Some(403));
    assert!(err.to_string().contains("AuthenticationFailed"));
    assert!(!err.to_string().contains("SECRET"));

    let stream = client.download(&url).await.unwrap();
    assert_eq!(stream.content_length(), Some(10_000));
    let mut out = Vec::new();
    assert_eq!(stream.write_to(&mut out).await.unwrap(), 10_000);
    assert!(out.iter().all(|&b| b == 7));
}
