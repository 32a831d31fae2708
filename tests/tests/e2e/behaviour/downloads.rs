//! A 302 download answers with its `Location`; the bytes come from the
//! storage host without the GitHub token or API headers.

use super::{OWNER, REPO, RUN_ID};
use gh_actions_tests::e2e_support::{TOKEN, assert_no_body, assert_request, client, serve};
use gh_actions_tests::mock::{MockServer, Reply};

/// An archive-like body: every byte value, many times over.
fn archive_bytes() -> Vec<u8> {
    (0..200_000u32).map(|i| (i % 251) as u8).collect()
}

#[tokio::test]
async fn a_log_download_fetches_the_bytes_from_the_storage_host_without_credentials() {
    let storage = MockServer::start(|_| {
        Reply::bytes(200, archive_bytes()).header("content-type", "application/zip")
    })
    .await;
    let location = format!(
        "{}/actions-results/logs/{RUN_ID}.zip?sig=s3cr3t-signature&se=2026-03-10T00%3A01%3A00Z",
        storage.url()
    );
    let api = serve(Reply::redirect(location.clone())).await;
    let gh = client(&api);

    let url = gh
        .workflow_runs()
        .download_workflow_run_logs(OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect("the redirect URL");
    assert_eq!(url.as_str(), location);
    assert_eq!(
        storage.request_count(),
        0,
        "the API call does not follow the redirect"
    );
    let shown = format!("{url:?}");
    assert!(
        !shown.contains("s3cr3t"),
        "Debug hides the signature: {shown}"
    );

    let bytes = gh
        .download(&url)
        .await
        .expect("the storage host answers")
        .into_bytes()
        .await
        .expect("the whole body");
    assert_eq!(bytes.len(), archive_bytes().len());
    assert!(
        bytes[..] == archive_bytes()[..],
        "the bytes arrive unchanged"
    );

    let api_req = api.requests().remove(0);
    assert_eq!(api.request_count(), 1);
    assert_request(
        &api_req,
        "GET",
        "/repos/octo-org/octo-repo/actions/runs/30433642123/logs",
    );
    assert_no_body(&api_req);
    assert_eq!(
        api_req.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str()),
        "the API server gets the token"
    );

    let requests = storage.requests();
    assert_eq!(requests.len(), 1);
    let fetched = &requests[0];
    assert_eq!(fetched.method, "GET");
    assert_eq!(
        fetched.path(),
        format!("/actions-results/logs/{RUN_ID}.zip")
    );
    assert_eq!(
        fetched.query(),
        Some("sig=s3cr3t-signature&se=2026-03-10T00%3A01%3A00Z"),
        "the signed query is sent as given"
    );
    assert!(
        !fetched.has_header("authorization"),
        "no token for the storage host"
    );
    assert!(
        !fetched.has_header("x-github-api-version"),
        "no API version header"
    );
    assert_ne!(
        fetched.header("accept"),
        Some("application/vnd.github+json")
    );
    for (name, value) in &fetched.headers {
        assert!(!value.contains(TOKEN), "the token leaked in `{name}`");
    }
    assert!(
        fetched
            .header("user-agent")
            .is_some_and(|ua| !ua.is_empty())
    );
}

#[tokio::test]
async fn a_relative_location_is_resolved_against_the_api_url() {
    let server = serve(Reply::redirect("/storage/logs/30433642123.zip?token=t")).await;
    let url = client(&server)
        .workflow_runs()
        .download_workflow_run_logs(OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect("the redirect URL");
    let expected = format!("{}/storage/logs/30433642123.zip?token=t", server.url());
    assert_eq!(url.as_str(), expected);
}
