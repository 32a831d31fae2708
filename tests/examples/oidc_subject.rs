//! Sets the template of the `sub` claim in the OIDC tokens a repository's
//! workflows request (so a cloud provider's trust policy can match, say, the
//! repository and the environment), then reads it back to confirm.
//!
//! `GITHUB_TOKEN=... cargo run -p gh-actions-tests --example oidc_subject -- OWNER REPO CLAIM...`
//! (for example `repo context`); with no claim, the repository goes back to
//! the default template.
//!
//! `cargo run -p gh-actions-tests --example oidc_subject -- --mock` runs the
//! same code against a small fake on 127.0.0.1 and checks it (CI does this).

use gh_actions::{Client, Error};
use gh_actions_tests::mock::{MockServer, RecordedRequest, Reply};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

/// Sets the claim keys (or the default, for none) and gives what GitHub then reports.
async fn set_subject(
    gh: &Client,
    owner: &str,
    repo: &str,
    keys: &[&str],
) -> Result<Vec<String>, Error> {
    let oidc = gh.oidc();
    let mut set = oidc.set_custom_oidc_sub_claim_for_repo(owner, repo, keys.is_empty());
    if !keys.is_empty() {
        set = set.include_claim_keys(keys.iter().copied());
    }
    set.send().await?;
    let now = oidc
        .get_custom_oidc_sub_claim_for_repo(owner, repo)
        .send()
        .await?;
    Ok(if now.use_default {
        Vec::new()
    } else {
        now.include_claim_keys
    })
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--mock") {
        return against_a_fake().await;
    }
    let [owner, repo, keys @ ..] = args.as_slice() else {
        return Err("usage: oidc_subject OWNER REPO [CLAIM...] | --mock".into());
    };
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    let now = set_subject(&Client::from_env()?, owner, repo, &keys).await?;
    if now.is_empty() {
        println!("{owner}/{repo} uses the default subject template");
    } else {
        println!("{owner}/{repo} subject claims: {}", now.join(", "));
    }
    Ok(())
}

/// A fake that keeps the template in memory, the way GitHub answers for it.
async fn against_a_fake() -> Result<(), Box<dyn std::error::Error>> {
    let stored = Arc::new(Mutex::new(json!({"use_default": true})));
    let fake = Arc::clone(&stored);
    let server = MockServer::start(move |req: &RecordedRequest| {
        let Ok(mut template) = fake.lock() else {
            return Reply::empty(500);
        };
        if req.path() != "/repos/octo-org/octo-repo/actions/oidc/customization/sub" {
            return Reply::empty(404);
        }
        match req.method.as_str() {
            "GET" => Reply::json(200, template.clone()),
            "PUT" => match req.body_json() {
                Ok(body) if body.get("use_default").is_some_and(Value::is_boolean) => {
                    *template = body;
                    Reply::json(201, json!({}))
                }
                _ => Reply::empty(422),
            },
            _ => Reply::empty(405),
        }
    })
    .await;
    let gh = Client::builder()
        .base_url(server.url())
        .token("test-token")
        .build()?;

    let keys = set_subject(
        &gh,
        "octo-org",
        "octo-repo",
        &["repo", "context", "job_workflow_ref"],
    )
    .await?;
    assert_eq!(keys, ["repo", "context", "job_workflow_ref"]);
    let sent = stored.lock().map_err(|e| e.to_string())?.clone();
    assert_eq!(
        sent,
        json!({"use_default": false, "include_claim_keys": ["repo", "context", "job_workflow_ref"]})
    );
    assert!(
        set_subject(&gh, "octo-org", "octo-repo", &[])
            .await?
            .is_empty()
    );
    println!("subject template set and reset");
    Ok(())
}
