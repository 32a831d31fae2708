//! The step of an autoscaler that starts an ephemeral self-hosted runner: asks
//! GitHub for a just-in-time runner configuration in an organisation's runner
//! group and prints the command that starts the runner with it. The config
//! registers one runner for one job; it is a credential, so it goes straight
//! to the machine that runs it and is never logged.
//!
//! `GITHUB_TOKEN=... cargo run -p gh-actions-tests --example jit_runner -- ORG GROUP_ID NAME LABEL...`
//!
//! `cargo run -p gh-actions-tests --example jit_runner -- --mock` runs the same
//! code against a local mock on 127.0.0.1 that checks the request (CI does this).

use gh_actions::types::{RunnerGroupId, RunnerId};
use gh_actions::{Client, Error};
use gh_actions_tests::mock::{MockServer, RecordedRequest, Reply};
use serde_json::json;

/// A runner to start: its id in GitHub and the config to start it with.
struct Ephemeral {
    id: RunnerId,
    name: String,
    jit_config: String,
}

/// Asks for the config of a runner `name` in group `group` with `labels`.
async fn request_runner(
    gh: &Client,
    org: &str,
    group: RunnerGroupId,
    name: &str,
    labels: &[&str],
) -> Result<Ephemeral, Error> {
    let answer = gh
        .self_hosted_runners()
        .generate_runner_jitconfig_for_org(org, labels.iter().copied(), name, group)
        .work_folder("_work")
        .send()
        .await?;
    Ok(Ephemeral {
        id: answer.runner.id,
        name: answer.runner.name,
        jit_config: answer.encoded_jit_config,
    })
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--mock") {
        return against_a_mock().await;
    }
    let [org, group, name, labels @ ..] = args.as_slice() else {
        return Err("usage: jit_runner ORG GROUP_ID NAME LABEL... | --mock".into());
    };
    let group = RunnerGroupId::new(group.parse()?);
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    let runner = request_runner(&Client::from_env()?, org, group, name, &labels).await?;
    // Hand the config to the new machine (here: an environment variable of its start script).
    println!(
        "runner {} ({}) registered; start it with:",
        runner.name, runner.id
    );
    println!(
        "  ./run.sh --jitconfig \"$JIT_CONFIG\"   # {} bytes of config",
        runner.jit_config.len()
    );
    Ok(())
}

/// Checks the request the step sends and what it reads from the answer.
async fn against_a_mock() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start(|req: &RecordedRequest| {
        let expected_body = json!({
            "name": "autoscaled-7f3a",
            "runner_group_id": 42,
            "labels": ["self-hosted", "linux", "x64"],
            "work_folder": "_work"
        });
        if req.method == "POST"
            && req.path() == "/orgs/octo-org/actions/runners/generate-jitconfig"
            && req.body_json().ok() == Some(expected_body)
        {
            Reply::json(201, json!({
                "runner": {"id": 23, "name": "autoscaled-7f3a", "os": "unknown", "status": "offline",
                           "busy": false, "ephemeral": true,
                           "labels": [{"id": 5, "name": "self-hosted", "type": "read-only"}]},
                "encoded_jit_config": "abc123=="
            }))
        } else {
            Reply::empty(422)
        }
    })
    .await;
    let gh = Client::builder()
        .base_url(server.url())
        .token("test-token")
        .build()?;
    let runner = request_runner(
        &gh,
        "octo-org",
        RunnerGroupId::new(42),
        "autoscaled-7f3a",
        &["self-hosted", "linux", "x64"],
    )
    .await?;
    assert_eq!(
        (runner.id, runner.name.as_str()),
        (RunnerId::new(23), "autoscaled-7f3a")
    );
    assert_eq!(runner.jit_config, "abc123==");
    assert_eq!(server.request_count(), 1);
    println!(
        "runner {} would start with its {}-byte config",
        runner.id,
        runner.jit_config.len()
    );
    Ok(())
}
