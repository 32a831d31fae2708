//! Deletes a repository's Actions caches whose key starts with a prefix, or
//! those of one branch, and says how much space that freed.
//!
//! `GITHUB_TOKEN=... cargo run -p gh-actions-tests --example clean_caches -- OWNER REPO --key-prefix PREFIX`
//! `GITHUB_TOKEN=... cargo run -p gh-actions-tests --example clean_caches -- OWNER REPO --branch BRANCH`
//!
//! `cargo run -p gh-actions-tests --example clean_caches -- --mock` runs the
//! same code against a small fake of the caches API on 127.0.0.1 and checks
//! the outcome (CI does this).

use futures_util::StreamExt;
use gh_actions::types::CacheId;
use gh_actions::{Client, Error};
use gh_actions_tests::mock::{MockServer, RecordedRequest, Reply};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

/// Which caches to delete.
enum Which {
    /// Keys starting with this (GitHub's `key` filter matches prefixes).
    KeyPrefix(String),
    /// Caches made on this branch (a `refs/heads/...` ref).
    Branch(String),
}

/// Deletes the matching caches one by one, by id; gives how many and their bytes.
async fn clean(gh: &Client, owner: &str, repo: &str, which: &Which) -> Result<(usize, i64), Error> {
    let caches = gh.caches();
    let mut list = caches.get_actions_cache_list(owner, repo);
    list = match which {
        Which::KeyPrefix(prefix) => list.key(prefix),
        Which::Branch(branch) => list.r#ref(format!("refs/heads/{branch}")),
    };
    // Collect first: deleting while paging would shift the pages under us.
    let mut doomed: Vec<(CacheId, i64)> = Vec::new();
    let mut pages = list.stream();
    while let Some(cache) = pages.next().await {
        let cache = cache?;
        if let Some(id) = cache.id {
            doomed.push((id, cache.size_in_bytes.unwrap_or(0)));
        }
    }
    let mut freed = 0;
    for (id, size) in &doomed {
        caches
            .delete_actions_cache_by_id(owner, repo, *id)
            .send()
            .await?;
        freed += size;
    }
    Ok((doomed.len(), freed))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--mock") {
        return against_a_fake().await;
    }
    let which = match args.as_slice() {
        [_, _, flag, value] if flag == "--key-prefix" => Which::KeyPrefix(value.clone()),
        [_, _, flag, value] if flag == "--branch" => Which::Branch(value.clone()),
        _ => {
            return Err(
                "usage: clean_caches OWNER REPO (--key-prefix P | --branch B) | --mock".into(),
            );
        }
    };
    let (count, bytes) = clean(&Client::from_env()?, &args[0], &args[1], &which).await?;
    println!("deleted {count} cache(s), {bytes} bytes");
    Ok(())
}

/// One cache of the fake: id, key, ref, size.
type Cache = (i64, &'static str, &'static str, i64);

/// Runs both kinds of clean-up against a fake that keeps caches in memory.
async fn against_a_fake() -> Result<(), Box<dyn std::error::Error>> {
    let store: Arc<Mutex<Vec<Cache>>> = Arc::new(Mutex::new(vec![
        (5_000_000_001, "npm-linux-a1", "refs/heads/main", 1_000),
        (5_000_000_002, "npm-linux-b2", "refs/heads/feature", 2_000),
        (5_000_000_003, "cargo-linux-c3", "refs/heads/feature", 4_000),
        (5_000_000_004, "npm-macos-d4", "refs/heads/main", 8_000),
    ]));
    let fake = Arc::clone(&store);
    let server = MockServer::start(move |req: &RecordedRequest| caches_api(&fake, req)).await;
    let gh = Client::builder()
        .base_url(server.url())
        .token("test-token")
        .build()?;

    let (count, bytes) = clean(
        &gh,
        "octo-org",
        "octo-repo",
        &Which::KeyPrefix("npm-linux".into()),
    )
    .await?;
    assert_eq!((count, bytes), (2, 3_000));
    let (count, bytes) = clean(
        &gh,
        "octo-org",
        "octo-repo",
        &Which::Branch("feature".into()),
    )
    .await?;
    assert_eq!((count, bytes), (1, 4_000));
    let left: Vec<i64> = store
        .lock()
        .map_err(|e| e.to_string())?
        .iter()
        .map(|c| c.0)
        .collect();
    assert_eq!(left, [5_000_000_004]);
    println!("left: {left:?}");
    Ok(())
}

/// The fake: the list with GitHub's `key` (prefix) and `ref` filters, and delete by id.
fn caches_api(store: &Mutex<Vec<Cache>>, req: &RecordedRequest) -> Reply {
    let Ok(mut caches) = store.lock() else {
        return Reply::empty(500);
    };
    let base = "/repos/octo-org/octo-repo/actions/caches";
    match (req.method.as_str(), req.path().strip_prefix(base)) {
        ("GET", Some("")) => {
            let key = req.query_param("key").unwrap_or_default();
            let git_ref = req.query_param("ref");
            let found: Vec<Value> = caches
                .iter()
                .filter(|c| c.1.starts_with(&key) && git_ref.as_deref().is_none_or(|r| r == c.2))
                .map(|(id, key, git_ref, size)| {
                    json!({"id": id, "key": key, "ref": git_ref, "size_in_bytes": size,
                           "version": "v1", "created_at": "2026-01-01T00:00:00Z",
                           "last_accessed_at": "2026-01-02T00:00:00Z"})
                })
                .collect();
            Reply::json(
                200,
                json!({"total_count": found.len(), "actions_caches": found}),
            )
        }
        ("DELETE", Some(rest)) => {
            let id: Option<i64> = rest.strip_prefix('/').and_then(|id| id.parse().ok());
            let before = caches.len();
            caches.retain(|c| Some(c.0) != id);
            Reply::empty(if caches.len() < before { 204 } else { 404 })
        }
        _ => Reply::empty(404),
    }
}
