//! Watches a workflow run until it finishes, printing each status change.
//!
//! Every poll after the first sends the last `ETag` (`If-None-Match`); while
//! nothing changes GitHub answers `304 Not Modified`, which does not count
//! against the rate limit, and nothing is decoded.
//!
//! `GITHUB_TOKEN=... cargo run -p gh-actions-tests --example watch_run -- OWNER REPO RUN_ID`

use std::time::Duration;

use futures_util::StreamExt;
use gh_actions::Client;
use gh_actions::types::RunId;
use gh_actions::watch::WatchOptions;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(owner), Some(repo), Some(run_id)) = (args.next(), args.next(), args.next()) else {
        return Err("usage: watch_run OWNER REPO RUN_ID".into());
    };
    let gh = Client::from_env()?;
    let options = WatchOptions::default()
        .interval(Duration::from_secs(5))
        .deadline(Duration::from_secs(2 * 60 * 60));
    let mut states = gh
        .workflow_runs()
        .get_workflow_run(owner, repo, run_id.parse::<RunId>()?)
        .watch(options);
    while let Some(run) = states.next().await {
        let run = run?;
        // Statuses and conclusions print as GitHub writes them (`in_progress`).
        match (&run.status, &run.conclusion) {
            (Some(status), Some(conclusion)) => println!("{status}: {conclusion}"),
            (Some(status), None) => println!("{status}"),
            (None, _) => println!("no status yet"),
        }
    }
    if let Some(limit) = gh.rate_limit() {
        println!(
            "rate limit left: {:?} of {:?}",
            limit.remaining, limit.limit
        );
    }
    Ok(())
}
