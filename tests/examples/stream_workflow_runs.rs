//! Streams every run of one workflow, page by page, without holding more than one page.
//!
//! `GITHUB_TOKEN=... cargo run -p gh-actions-tests --example stream_workflow_runs -- OWNER REPO ci.yml`

use futures_util::StreamExt;
use gh_actions::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(owner), Some(repo), Some(workflow)) = (args.next(), args.next(), args.next()) else {
        return Err("usage: stream_workflow_runs OWNER REPO WORKFLOW_FILE_OR_ID".into());
    };
    // A number is a workflow id; anything else is the workflow's file name.
    let workflow: gh_actions::types::WorkflowId = match workflow.parse::<i64>() {
        Ok(id) => id.into(),
        Err(_) => workflow.into(),
    };
    let gh = Client::from_env()?;
    let mut runs = gh
        .workflow_runs()
        .list_workflow_runs(owner, repo, workflow)
        .per_page(100)
        .stream();
    let mut count = 0u64;
    while let Some(run) = runs.next().await {
        let run = run?;
        count += 1;
        let conclusion = run.conclusion.as_ref().map_or("-", |c| c.as_str());
        let status = run.status.as_ref().map_or("-", |s| s.as_str());
        println!("{} {status} {conclusion}", run.id);
    }
    println!("{count} runs");
    Ok(())
}
