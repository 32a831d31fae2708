//! The tour of README.md ("Using the client"), compiled: the lines between
//! the two markers are the README's code block, and a test keeps the two
//! the same. It shows calls without making them; there is nothing to run.

#![allow(unused)]

// Laid out as the README shows it, not as rustfmt would.
#[rustfmt::skip]
async fn tour(
    owner: &str,
    repo: &str,
    run_id: i64,
    token: String,
) -> Result<(), Box<dyn std::error::Error>> {
    // README: begin
    use futures_util::StreamExt;
    use gh_actions::{Client, Method, Product};
    use gh_actions::types::RunStatus;
    use gh_actions::watch::WatchOptions;

    // GITHUB_TOKEN (or GH_TOKEN) and GITHUB_API_URL, as GitHub's runners set them;
    // or Client::builder().token(..).build()? to say it all yourself.
    let gh = Client::from_env()?;                // api.github.com, API version 2026-03-10

    // One page, typed; required values are arguments, optional ones setters.
    let page = gh.workflow_runs()
        .list_workflow_runs_for_repo("octo-org", "octo-repo")
        .status(RunStatus::Failure)
        .per_page(50)
        .send().await?;

    // Every item of every page, fetched lazily.
    let mut runs = gh.workflow_runs().list_workflow_runs(owner, repo, "ci.yml").stream();
    while let Some(run) = runs.next().await { let run = run?; /* ... */ }

    // GitHub Enterprise Server keeps its /api/v3 prefix.
    let ghes = Client::builder().base_url("https://ghe.example.com/api/v3")
        .product(Product::Ghes3_21).token(token).build()?;

    // The answer's metadata, and conditional requests: 304 is an outcome.
    let run = gh.workflow_runs().get_workflow_run(owner, repo, run_id).send_with_meta().await?;
    let again = gh.workflow_runs().get_workflow_run(owner, repo, run_id)
        .if_none_match(run.meta.etag().unwrap_or_default()).send().await?;   // Conditional::NotModified
    println!("{:?} requests left", gh.rate_limit().and_then(|l| l.remaining));

    // Watch a run until it completes: conditional polls, one item per status change.
    let mut states = gh.workflow_runs().get_workflow_run(owner, repo, run_id)
        .watch(WatchOptions::default());

    // Any endpoint, with the same base URL, auth, headers, retries and errors.
    let checks: serde_json::Value = gh.request(Method::GET, "/repos/{owner}/{repo}/commits/{ref}/check-runs")
        .param("owner", owner).param("repo", repo).param("ref", "main").send().await?;
    // README: end
    Ok(())
}

fn main() {}
