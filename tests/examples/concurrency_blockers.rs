//! Shows what a workflow run is waiting for in a concurrency group.
//!
//! Group names may hold `/`, spaces or any character; the client encodes them.
//!
//! `GITHUB_TOKEN=... cargo run -p gh-actions-tests --example concurrency_blockers -- OWNER REPO GROUP RUN_ID`

use gh_actions::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(owner), Some(repo), Some(group), Some(run_id)) =
        (args.next(), args.next(), args.next(), args.next())
    else {
        return Err("usage: concurrency_blockers OWNER REPO GROUP RUN_ID".into());
    };
    let run_id: i64 = run_id.parse()?;
    let gh = Client::from_env()?;
    let group = gh
        .concurrency_groups()
        .get_concurrency_group_for_repository(owner, repo, group)
        .ahead_of_run(run_id)
        .send()
        .await?;
    // The run itself comes last; everything before it is ahead in the queue.
    let ahead: Vec<_> = group
        .group_members
        .iter()
        .filter(|m| m.run_id != run_id)
        .collect();
    if ahead.is_empty() {
        println!("nothing ahead of run {run_id} in `{}`", group.group_name);
    }
    for member in ahead {
        let job = member
            .job_name
            .as_deref()
            .map(|j| format!(" / job {j}"))
            .unwrap_or_default();
        println!(
            "{} ({}){job}: {} {}",
            member.run_name,
            member.run_id,
            member.status,
            member.run_html_url.as_deref().unwrap_or("-")
        );
    }
    Ok(())
}
