//! Makes a repository's Actions variables match a file of `NAME=value` lines:
//! creates the missing ones, updates the changed ones and, with `--prune`,
//! deletes the ones the file does not name.
//!
//! `GITHUB_TOKEN=... cargo run -p gh-actions-tests --example sync_variables -- OWNER REPO FILE [--prune]`
//!
//! `cargo run -p gh-actions-tests --example sync_variables -- --mock` runs the
//! same code against a small fake of the variables API on 127.0.0.1 and
//! checks the outcome (CI does this).

use futures_util::StreamExt;
use gh_actions::{Client, Error};
use gh_actions_tests::mock::{MockServer, RecordedRequest, Reply};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// What a sync did.
#[derive(Debug, Default, PartialEq)]
struct Report {
    created: Vec<String>,
    updated: Vec<String>,
    deleted: Vec<String>,
    unchanged: usize,
}

/// `NAME=value` lines; blank lines and `#` comments are skipped. The value is
/// everything after the first `=`, kept as written.
fn parse(text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((name, value)) = line.split_once('=') else {
            return Err(format!("line {}: expected NAME=value", i + 1));
        };
        let name = name.trim();
        if name.is_empty() || out.insert(name.to_owned(), value.to_owned()).is_some() {
            return Err(format!("line {}: empty or repeated name `{name}`", i + 1));
        }
    }
    Ok(out)
}

/// The sync itself: one list of every variable (all pages), then one call per change.
async fn sync(
    gh: &Client,
    owner: &str,
    repo: &str,
    wanted: &BTreeMap<String, String>,
    prune: bool,
) -> Result<Report, Error> {
    let variables = gh.variables();
    let mut current = BTreeMap::new();
    let mut pages = variables.list_repo_variables(owner, repo).stream();
    while let Some(variable) = pages.next().await {
        let variable = variable?;
        current.insert(variable.name, variable.value);
    }
    let mut report = Report::default();
    for (name, value) in wanted {
        match current.get(name) {
            None => {
                variables
                    .create_repo_variable(owner, repo, name, value)
                    .send()
                    .await?;
                report.created.push(name.clone());
            }
            Some(old) if old != value => {
                variables
                    .update_repo_variable(owner, repo, name)
                    .value(value)
                    .send()
                    .await?;
                report.updated.push(name.clone());
            }
            Some(_) => report.unchanged += 1,
        }
    }
    if prune {
        for name in current.keys().filter(|name| !wanted.contains_key(*name)) {
            variables
                .delete_repo_variable(owner, repo, name)
                .send()
                .await?;
            report.deleted.push(name.clone());
        }
    }
    Ok(report)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--mock") {
        return against_a_fake().await;
    }
    let [owner, repo, file, rest @ ..] = args.as_slice() else {
        return Err("usage: sync_variables OWNER REPO FILE [--prune] | --mock".into());
    };
    let wanted = parse(&std::fs::read_to_string(file)?)?;
    let prune = rest.iter().any(|a| a == "--prune");
    let report = sync(&Client::from_env()?, owner, repo, &wanted, prune).await?;
    println!("{report:?}");
    Ok(())
}

/// Runs the sync against a fake that keeps variables in memory, and checks it.
async fn against_a_fake() -> Result<(), Box<dyn std::error::Error>> {
    let store: Arc<Mutex<BTreeMap<String, String>>> = Arc::new(Mutex::new(BTreeMap::from([
        ("REGION".to_owned(), "eu-west-1".to_owned()),
        ("STALE".to_owned(), "old".to_owned()),
        ("TIMEOUT".to_owned(), "30".to_owned()),
    ])));
    let fake = Arc::clone(&store);
    let server = MockServer::start(move |req: &RecordedRequest| variables_api(&fake, req)).await;
    let gh = Client::builder()
        .base_url(server.url())
        .token("test-token")
        .build()?;

    let wanted = parse("# deployment settings\nREGION=eu-west-1\nTIMEOUT=60\nNEW_FLAG=a=b\n")?;
    let report = sync(&gh, "octo-org", "octo-repo", &wanted, true).await?;
    println!("{report:?}");
    assert_eq!(report.created, ["NEW_FLAG"]);
    assert_eq!(report.updated, ["TIMEOUT"]);
    assert_eq!(report.deleted, ["STALE"]);
    assert_eq!(report.unchanged, 1);
    let now = store.lock().map_err(|e| e.to_string())?.clone();
    assert_eq!(now, wanted, "the repository's variables are the file's");

    // A second run changes nothing.
    let again = sync(&gh, "octo-org", "octo-repo", &wanted, true).await?;
    assert_eq!(
        (
            again.created.len(),
            again.updated.len(),
            again.deleted.len()
        ),
        (0, 0, 0)
    );
    Ok(())
}

/// The fake: list (two per page, with `Link`), create, update, delete.
fn variables_api(store: &Mutex<BTreeMap<String, String>>, req: &RecordedRequest) -> Reply {
    let Ok(mut vars) = store.lock() else {
        return Reply::empty(500);
    };
    let base = "/repos/octo-org/octo-repo/actions/variables";
    let name = req
        .path()
        .strip_prefix(base)
        .and_then(|rest| rest.strip_prefix('/'));
    let body = req.body_json().unwrap_or(Value::Null);
    let text = |key: &str| body.get(key).and_then(Value::as_str).map(str::to_owned);
    match (req.method.as_str(), name) {
        ("GET", None) => {
            let page: usize = req
                .query_param("page")
                .and_then(|p| p.parse().ok())
                .unwrap_or(1);
            let all: Vec<Value> = vars
                .iter()
                .map(|(name, value)| {
                    json!({"name": name, "value": value,
                           "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-02T00:00:00Z"})
                })
                .collect();
            let on_page: Vec<Value> = all.iter().skip((page - 1) * 2).take(2).cloned().collect();
            let mut reply =
                Reply::json(200, json!({"total_count": all.len(), "variables": on_page}));
            if page * 2 < all.len() {
                let next = format!("{}{base}?per_page=2&page={}", req.server_url(), page + 1);
                reply = reply.link(format!("<{next}>; rel=\"next\""));
            }
            reply
        }
        ("POST", None) => match (text("name"), text("value")) {
            (Some(name), Some(value)) if !vars.contains_key(&name) => {
                vars.insert(name, value);
                Reply::json(201, json!({}))
            }
            _ => Reply::empty(409),
        },
        ("PATCH", Some(name)) => match (vars.get_mut(name), text("value")) {
            (Some(slot), Some(value)) => {
                *slot = value;
                Reply::empty(204)
            }
            _ => Reply::empty(404),
        },
        ("DELETE", Some(name)) => match vars.remove(name) {
            Some(_) => Reply::empty(204),
            None => Reply::empty(404),
        },
        _ => Reply::empty(404),
    }
}
