//! Points the client at a local mock server, as a test of your own code
//! would: the server answers with the spec's example of a workflow run (the
//! `examples` feature), and the code under test never talks to GitHub.
//!
//! `cargo run -p gh-actions-tests --example mock_server`

use gh_actions::types::{RunId, WorkflowRun};
use gh_actions::{Client, Error};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The code under test: the name of a run's workflow, or a placeholder.
async fn run_title(gh: &Client, owner: &str, repo: &str, run: RunId) -> Result<String, Error> {
    let run = gh
        .workflow_runs()
        .get_workflow_run(owner, repo, run)
        .send()
        .await?;
    Ok(run.name.unwrap_or_else(|| "(unnamed)".to_owned()))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start().await;
    let example = WorkflowRun::example();
    let run_path = format!("/repos/octo-org/octo-repo/actions/runs/{}", example.id);
    Mock::given(method("GET"))
        .and(path(run_path.as_str()))
        .and(header("authorization", "Bearer test-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&example))
        .expect(1)
        .mount(&server)
        .await;

    // The mock's base URL instead of api.github.com; plain http is accepted on loopback.
    let gh = Client::builder()
        .base_url(server.uri())
        .token("test-token")
        .build()?;
    let title = run_title(&gh, "octo-org", "octo-repo", example.id).await?;
    assert_eq!(Some(title.as_str()), example.name.as_deref());
    println!("run {}: {title}", example.id);

    // Anything the mock does not expect answers 404, which the client reports as an API error.
    let missing = run_title(&gh, "octo-org", "octo-repo", RunId::new(1)).await;
    assert!(matches!(missing, Err(Error::Api(_))), "{missing:?}");
    server.verify().await;
    Ok(())
}
