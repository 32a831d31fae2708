//! Lists the most recent failed workflow runs of a repository.
//!
//! `GITHUB_TOKEN=... cargo run -p gh-actions-tests --example list_failed_runs -- OWNER REPO`

use gh_actions::Client;
use gh_actions::types::RunStatus;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(owner), Some(repo)) = (args.next(), args.next()) else {
        return Err("usage: list_failed_runs OWNER REPO".into());
    };
    let gh = Client::from_env()?;
    let page = gh
        .workflow_runs()
        .list_workflow_runs_for_repo(owner, repo)
        .status(RunStatus::Failure)
        .per_page(50)
        .send()
        .await?;
    println!(
        "{} failed runs in all; the latest {}:",
        page.total_count.unwrap_or(0),
        page.items.len()
    );
    for run in &page.items {
        let name = run.name.as_deref().unwrap_or("(unnamed)");
        println!(
            "#{:<6} {name:<30} {} {}",
            run.run_number, run.created_at, run.html_url
        );
    }
    Ok(())
}
