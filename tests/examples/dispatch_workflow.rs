//! Starts a workflow by hand and prints the URL of the new run.
//!
//! On API version 2026-03-10 GitHub answers with the run it created.
//!
//! `GITHUB_TOKEN=... cargo run -p gh-actions-tests --example dispatch_workflow -- OWNER REPO deploy.yml main`

use gh_actions::Client;
use gh_actions::workflows::CreateWorkflowDispatchOutcome;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(owner), Some(repo), Some(workflow), Some(git_ref)) =
        (args.next(), args.next(), args.next(), args.next())
    else {
        return Err("usage: dispatch_workflow OWNER REPO WORKFLOW_FILE REF".into());
    };
    let gh = Client::from_env()?;
    let mut inputs = serde_json::Map::new();
    inputs.insert(
        "reason".into(),
        "started from the gh-actions example".into(),
    );
    let outcome = gh
        .workflows()
        .create_workflow_dispatch(owner, repo, workflow, git_ref)
        .inputs(inputs)
        .send()
        .await?;
    match outcome {
        CreateWorkflowDispatchOutcome::RunDetails(run) => {
            println!("run {} started: {}", run.workflow_run_id, run.html_url);
        }
        CreateWorkflowDispatchOutcome::Dispatched => {
            println!("dispatched; this server does not name the run")
        }
        other => println!("dispatched: {other:?}"),
    }
    Ok(())
}
