//! Downloads the log archive of a workflow run to a file.
//!
//! GitHub answers with a short-lived URL on another host; the client fetches
//! it without sending the token there.
//!
//! `GITHUB_TOKEN=... cargo run -p gh-actions-tests --example download_run_logs -- OWNER REPO RUN_ID logs.zip`

use gh_actions::Client;
use gh_actions::types::RunId;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(owner), Some(repo), Some(run_id), Some(out)) =
        (args.next(), args.next(), args.next(), args.next())
    else {
        return Err("usage: download_run_logs OWNER REPO RUN_ID FILE".into());
    };
    let gh = Client::from_env()?;
    let url = gh
        .workflow_runs()
        .download_workflow_run_logs(owner, repo, run_id.parse::<RunId>()?)
        .send()
        .await?;
    let body = gh.download(&url).await?;
    let mut file = tokio::fs::File::create(&out).await?;
    let written = body.write_to(&mut file).await?;
    println!("wrote {written} bytes to {out}");
    Ok(())
}
