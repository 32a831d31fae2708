//! `cargo xtask decode-peer [--rounds N]`: the decode benchmark's pages
//! decoded into the generated types and into octocrab's models (a peer
//! client), in one process, from the same bytes.
//!
//! octocrab is heavy, and CI compiles every dev-dependency of the workspace,
//! so it is never one: this command writes a scratch crate,
//! `target/decode-peer/` (an empty `[workspace]`, the workspace's
//! `Cargo.lock` as its starting lock file), and runs it with
//! `cargo run --release` and the target directory
//! `target/decode-peer-target/`.
//!
//! - The pages are built the way `tests/benches/decode.rs` builds them (the
//!   spec's example list, its item cycled to 100 with distinct ids, with the
//!   same `serde_json` and `serde_yaml`), so `runs.json` and `jobs.json` are
//!   the bench's bytes.
//! - octocrab's `Job` requires fields that no job example of the spec (ours
//!   or GitHub's) has, so the jobs are also written as `jobs-octocrab.json`:
//!   the bench's page plus those fields, with values from GitHub's own
//!   `job-paginated` example and the spec's `workflow-run-paginated` example
//!   (`run_attempt`), and `created_at` = the job's `started_at`. The program
//!   tries the bench's page first, reports what octocrab rejects (each added
//!   field dropped in turn), and times everything on a page both accept.
//! - Decoders per page: the generated list type (`serde_json::from_slice`,
//!   what the client does), octocrab's model in a page struct
//!   (`serde_json::from_slice`), octocrab's `Page<T>` as its client builds
//!   it (`FromResponse`: bytes to `serde_json::Value`, then `from_value`),
//!   and `serde_json::Value`. Each is timed in batches of about 0.2 s,
//!   round-robin, `N` rounds (default 10); the best batch counts.

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Usage line of the subcommand.
pub const USAGE: &str = "usage: cargo xtask decode-peer [--rounds N]";

/// The peer's version, pinned.
const OCTOCRAB: &str = "=0.54.9";
/// First line of the scratch crate's manifest: a directory is only written
/// when it holds a crate this command wrote.
const MARKER: &str = "# Written by `cargo xtask decode-peer`: a scratch crate, rewritten each run.";
/// Items per page, as in the decode bench.
const ITEMS: usize = 100;

fn parse(args: &[&str]) -> Result<usize> {
    let mut rounds = 10;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match *arg {
            "--rounds" => {
                let n = rest.next().context("--rounds needs a number")?;
                rounds = n
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .with_context(|| format!("--rounds {n}: not a positive number"))?;
            }
            other => bail!("decode-peer: unknown argument `{other}`\n{USAGE}"),
        }
    }
    Ok(rounds)
}

/// Writes the pages and the scratch crate, then builds and runs it.
pub fn run(root: &Path, args: &[&str]) -> Result<()> {
    let rounds = parse(args)?;
    let dir = root.join("target").join("decode-peer");
    let pages = Pages::build(root)?;
    write_crate(root, &dir, &pages)?;
    println!(
        "decode-peer: pages in {}; building the scratch crate (octocrab {OCTOCRAB}) in release",
        dir.join("pages").display()
    );
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args(["run", "--release", "--quiet", "--"])
        .arg(dir.join("pages"))
        .arg(rounds.to_string())
        .current_dir(&dir)
        .env(
            "CARGO_TARGET_DIR",
            root.join("target").join("decode-peer-target"),
        )
        .env_remove("RUSTC_WRAPPER")
        .stdin(Stdio::null())
        .status()
        .with_context(|| format!("cannot run cargo in {}", dir.display()))?;
    if !status.success() {
        bail!("decode-peer: the scratch crate failed ({status})");
    }
    Ok(())
}

/// The JSON pages, as bytes.
struct Pages {
    runs: Vec<u8>,
    jobs: Vec<u8>,
    jobs_octocrab: Vec<u8>,
}

impl Pages {
    fn build(root: &Path) -> Result<Pages> {
        let spec = load_yaml(&root.join("spec").join("actions.yaml"))?;
        let upstream = load_yaml(
            &root
                .join("spec")
                .join("upstream")
                .join("github-actions-dotcom-2022-11-28.yaml"),
        )?;
        // The same pages as tests/benches/decode.rs.
        let runs = page(&spec, "workflow-run-paginated", "workflow_runs", 30_433_642)?;
        let jobs = page(&spec, "job-paginated", "jobs", 399_444_496)?;
        let run_attempt = example(&spec, "workflow-run-paginated")?
            .pointer("/workflow_runs/0/run_attempt")
            .cloned()
            .context("`workflow-run-paginated` has no run_attempt")?;
        let github_job = example(&upstream, "job-paginated")?
            .pointer("/jobs/0")
            .cloned()
            .context("GitHub's `job-paginated` has no job")?;
        let jobs_octocrab = with_octocrab_job_fields(&jobs, &github_job, &run_attempt)?;
        Ok(Pages {
            runs: to_bytes(&runs)?,
            jobs: to_bytes(&jobs)?,
            jobs_octocrab: to_bytes(&jobs_octocrab)?,
        })
    }
}

fn to_bytes(page: &Value) -> Result<Vec<u8>> {
    serde_json::to_vec(page).context("cannot serialise a page")
}

/// A YAML document as JSON data, read the way the tests read the spec.
fn load_yaml(path: &Path) -> Result<Value> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(&text).with_context(|| format!("{}: not YAML", path.display()))?;
    serde_json::to_value(yaml).with_context(|| format!("{}: not JSON data", path.display()))
}

/// The value of `components/examples/<name>`.
fn example(spec: &Value, name: &str) -> Result<Value> {
    spec.pointer(&format!("/components/examples/{name}/value"))
        .cloned()
        .with_context(|| format!("the spec has no example `{name}`"))
}

/// The example page with its items cycled to 100, each with a distinct `id`
/// (`page` in tests/benches/decode.rs).
fn page(spec: &Value, example_name: &str, list: &str, first_id: i64) -> Result<Value> {
    let mut page = example(spec, example_name)?;
    let items = page[list]
        .as_array()
        .with_context(|| format!("`{example_name}` has no list `{list}`"))?
        .clone();
    if items.is_empty() {
        bail!("`{example_name}`: `{list}` is empty");
    }
    let cycled: Vec<Value> = (0..ITEMS)
        .map(|i| {
            let mut item = items[i % items.len()].clone();
            item["id"] = json!(first_id + i as i64);
            item
        })
        .collect();
    page[list] = Value::Array(cycled);
    page["total_count"] = json!(ITEMS);
    Ok(page)
}

/// The jobs page with the fields octocrab's `Job` requires and the spec's
/// example lacks; fields the job has are kept as they are.
fn with_octocrab_job_fields(
    jobs: &Value,
    github_job: &Value,
    run_attempt: &Value,
) -> Result<Value> {
    let mut page = jobs.clone();
    let items = page["jobs"]
        .as_array_mut()
        .context("the jobs page has no `jobs`")?;
    for item in items {
        let job = item.as_object_mut().context("a job is not an object")?;
        for field in ["workflow_name", "head_branch", "labels"] {
            if !job.contains_key(field) {
                let value = github_job
                    .get(field)
                    .with_context(|| format!("GitHub's job example has no `{field}`"))?;
                job.insert(field.to_owned(), value.clone());
            }
        }
        if !job.contains_key("run_attempt") {
            job.insert("run_attempt".to_owned(), run_attempt.clone());
        }
        if !job.contains_key("created_at") {
            let started = job
                .get("started_at")
                .cloned()
                .context("a job has no `started_at`")?;
            job.insert("created_at".to_owned(), started);
        }
    }
    Ok(page)
}

/// Writes the manifest, `src/main.rs`, the lock file and the pages.
fn write_crate(root: &Path, dir: &Path, pages: &Pages) -> Result<()> {
    let manifest_path = dir.join("Cargo.toml");
    crate::scratch::check(&manifest_path, MARKER, "decode-peer")?;
    let generated: PathBuf = root.join("generated");
    let manifest = format!(
        r#"{MARKER}
[package]
name = "decode-peer"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
gh-actions = {{ path = {generated:?} }}
# `models` and `Page`/`FromResponse` need no feature of octocrab.
octocrab = {{ version = "{OCTOCRAB}", default-features = false }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
serde_path_to_error = "0.1"
# A response for octocrab's `FromResponse` (all in octocrab's tree already).
bytes = "1"
http = "1"
http-body-util = "0.1"

# Not part of the repository's workspace.
[workspace]
"#,
        generated = generated.display().to_string()
    );
    let src = dir.join("src");
    let page_dir = dir.join("pages");
    for d in [&src, &page_dir] {
        std::fs::create_dir_all(d).with_context(|| format!("cannot create {}", d.display()))?;
    }
    let files: [(PathBuf, &[u8]); 5] = [
        (manifest_path, manifest.as_bytes()),
        (src.join("main.rs"), MAIN_RS.as_bytes()),
        (page_dir.join("runs.json"), &pages.runs),
        (page_dir.join("jobs.json"), &pages.jobs),
        (page_dir.join("jobs-octocrab.json"), &pages.jobs_octocrab),
    ];
    for (path, bytes) in files {
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    // Start from the workspace's lock file, so the shared dependencies are the
    // versions the repository builds with (cargo adds octocrab's, drops the rest).
    let lock = dir.join("Cargo.lock");
    std::fs::copy(root.join("Cargo.lock"), &lock)
        .with_context(|| format!("cannot write {}", lock.display()))?;
    Ok(())
}

/// `src/main.rs` of the scratch crate.
const MAIN_RS: &str = r##"//! Written by `cargo xtask decode-peer` (xtask/src/decode_peer.rs); rewritten each run.
//!
//! Arguments: the pages directory and the number of rounds.

use gh_actions::types::{ListJobsForWorkflowRunResponse, ListWorkflowRunsForRepoResponse};
use octocrab::models::workflows::{Job, Run};
use octocrab::{FromResponse, Page};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::hint::black_box;
use std::path::Path;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

/// octocrab's model in a page struct: octocrab has no `Deserialize` page type.
#[derive(Deserialize)]
#[allow(dead_code)]
struct OctoRuns {
    total_count: u64,
    workflow_runs: Vec<Run>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct OctoJobs {
    total_count: u64,
    jobs: Vec<Job>,
}

/// About this long per timed batch.
const BATCH: Duration = Duration::from_millis(200);

/// octocrab's `Page<T>` as its client builds it from a 200 answer.
fn octocrab_page<T: DeserializeOwned + Send>(bytes: &'static [u8]) -> Page<T> {
    let body = http_body_util::BodyExt::map_err(
        http_body_util::Full::new(bytes::Bytes::from_static(bytes)),
        |never: std::convert::Infallible| -> octocrab::Error { match never {} },
    );
    let response = http::Response::builder()
        .status(200)
        .header("content-type", "application/json; charset=utf-8")
        .body(body)
        .expect("a response");
    let mut future = std::pin::pin!(Page::<T>::from_response(response));
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(page) => page.expect("octocrab decodes the page"),
        Poll::Pending => panic!("the body is in memory: no await can be pending"),
    }
}

/// `None` when `T` accepts the bytes, else the failing path and message.
fn rejection<T: DeserializeOwned>(bytes: &[u8]) -> Option<String> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Ok(_) => de.end().err().map(|e| e.to_string()),
        Err(e) => Some(format!("{}: {}", e.path(), e.inner())),
    }
}

fn read(dir: &Path, name: &str) -> &'static [u8] {
    let path = dir.join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Box::leak(bytes.into_boxed_slice())
}

/// The bench's page when octocrab accepts it; else what octocrab rejects in
/// it, and `<list>-octocrab.json`, which both must accept.
fn choose<O: DeserializeOwned>(dir: &Path, stem: &str, list: &str) -> (&'static [u8], String) {
    let bench_name = format!("{stem}.json");
    let bench = read(dir, &bench_name);
    let Some(error) = rejection::<O>(bench) else {
        return (
            bench,
            format!("{bench_name}, the decode bench's page; octocrab accepts it"),
        );
    };
    println!("octocrab rejects the decode bench's {stem} page ({bench_name}): {error}");
    let peer_name = format!("{stem}-octocrab.json");
    let peer = read(dir, &peer_name);
    let bench_value: Value = serde_json::from_slice(bench).expect("JSON");
    let peer_value: Value = serde_json::from_slice(peer).expect("JSON");
    let first = |v: &Value| v[list][0].as_object().expect("an item").clone();
    let (bench_item, peer_item) = (first(&bench_value), first(&peer_value));
    let added: Vec<&String> = peer_item
        .keys()
        .filter(|k| !bench_item.contains_key(*k))
        .collect();
    println!("  {peer_name} adds to every item: {added:?}; each dropped in turn:");
    for key in &added {
        let mut without = peer_value.clone();
        for item in without[list].as_array_mut().expect("a list") {
            item.as_object_mut().expect("an item").remove(*key);
        }
        let bytes = serde_json::to_vec(&without).expect("JSON");
        let outcome = rejection::<O>(&bytes).unwrap_or_else(|| "accepted (not required)".into());
        println!("    without `{key}`: {outcome}");
    }
    if let Some(error) = rejection::<O>(peer) {
        panic!("octocrab rejects {peer_name} too: {error}");
    }
    (
        peer,
        format!("{peer_name}, the bench's page plus those fields; octocrab accepts it"),
    )
}

struct Case {
    name: &'static str,
    decode: Box<dyn Fn(&'static [u8]) -> usize>,
    /// Seconds per page, one per batch.
    times: Vec<f64>,
}

fn case(name: &'static str, decode: impl Fn(&'static [u8]) -> usize + 'static) -> Case {
    Case {
        name,
        decode: Box::new(decode),
        times: Vec::new(),
    }
}

fn measure(title: &str, page: &'static [u8], what: &str, rounds: usize, mut cases: Vec<Case>) {
    for c in &cases {
        assert_eq!((c.decode)(page), 100, "{}: 100 items", c.name);
    }
    // Warm up, and size each case's batch to about BATCH.
    let mut iters = Vec::new();
    for c in &cases {
        let start = Instant::now();
        let mut n = 0u32;
        while start.elapsed() < BATCH / 2 {
            black_box((c.decode)(black_box(page)));
            n += 1;
        }
        let per = start.elapsed().as_secs_f64() / f64::from(n);
        iters.push(((BATCH.as_secs_f64() / per).ceil() as u32).max(1));
    }
    // Round-robin, so that a busy moment of the machine hits every case alike.
    for _ in 0..rounds {
        for (c, &n) in cases.iter_mut().zip(&iters) {
            let start = Instant::now();
            for _ in 0..n {
                black_box((c.decode)(black_box(page)));
            }
            c.times.push(start.elapsed().as_secs_f64() / f64::from(n));
        }
    }
    for c in &mut cases {
        c.times.sort_by(f64::total_cmp);
    }
    let mb_s = |secs: f64| page.len() as f64 / secs / 1e6;
    let ours = mb_s(cases[0].times[0]);
    println!();
    println!("{title}: {} bytes, {what}", page.len());
    println!(
        "best of {rounds} batches of ~{} ms each, round-robin; MB/s = 10^6 bytes/s",
        BATCH.as_millis()
    );
    println!();
    println!("| decoder | per page (best) | per page (median) | MB/s (best) | gh-actions ÷ this |");
    println!("|---|---|---|---|---|");
    for c in &cases {
        let best = c.times[0];
        let median = c.times[c.times.len() / 2];
        println!(
            "| {} | {:.2} ms | {:.2} ms | {:.1} | {:.2} |",
            c.name,
            best * 1e3,
            median * 1e3,
            mb_s(best),
            ours / mb_s(best)
        );
    }
    let octocrab = mb_s(cases[1].times[0]);
    let ratio = ours / octocrab;
    println!();
    println!(
        "ours/octocrab (throughput, both serde_json::from_slice): {ratio:.2}x; target >= 2x: {}",
        if ratio >= 2.0 { "met" } else { "NOT met" }
    );
    let page_path = mb_s(cases[2].times[0]);
    println!(
        "ours/octocrab as its client decodes a list (Page<T> via FromResponse): {:.2}x",
        ours / page_path
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, rounds] = args.as_slice() else {
        panic!("arguments: <pages directory> <rounds>");
    };
    let dir = Path::new(dir);
    let rounds: usize = rounds.parse().expect("rounds: a number");

    // The generated types accept the bench's pages as they are.
    for (name, rejected) in [
        (
            "runs.json",
            rejection::<ListWorkflowRunsForRepoResponse>(read(dir, "runs.json")),
        ),
        (
            "jobs.json",
            rejection::<ListJobsForWorkflowRunResponse>(read(dir, "jobs.json")),
        ),
    ] {
        if let Some(error) = rejected {
            panic!("gh-actions rejects {name}: {error}");
        }
    }

    let (runs, runs_what) = choose::<OctoRuns>(dir, "runs", "workflow_runs");
    let (jobs, jobs_what) = choose::<OctoJobs>(dir, "jobs", "jobs");
    // The pages both accept: the generated types too.
    if let Some(error) = rejection::<ListJobsForWorkflowRunResponse>(jobs) {
        panic!("gh-actions rejects the jobs page octocrab accepts: {error}");
    }

    println!();
    println!(
        "octocrab 0.54.9 with default-features = false (no feature: `models`, `Page` and `FromResponse` need none)"
    );
    measure(
        "page of 100 workflow runs",
        runs,
        &runs_what,
        rounds,
        vec![
            case(
                "gh-actions `ListWorkflowRunsForRepoResponse` (from_slice, as its client)",
                |b| {
                    serde_json::from_slice::<ListWorkflowRunsForRepoResponse>(b)
                        .expect("decode")
                        .workflow_runs
                        .len()
                },
            ),
            case(
                "octocrab `models::workflows::Run`, page struct (from_slice)",
                |b| {
                    serde_json::from_slice::<OctoRuns>(b)
                        .expect("decode")
                        .workflow_runs
                        .len()
                },
            ),
            case(
                "octocrab `Page<Run>`, as its client (FromResponse: Value, from_value)",
                |b| octocrab_page::<Run>(b).items.len(),
            ),
            case("`serde_json::Value` (from_slice)", |b| {
                serde_json::from_slice::<Value>(b).expect("decode")["workflow_runs"]
                    .as_array()
                    .expect("a list")
                    .len()
            }),
        ],
    );
    measure(
        "page of 100 jobs",
        jobs,
        &jobs_what,
        rounds,
        vec![
            case(
                "gh-actions `ListJobsForWorkflowRunResponse` (from_slice, as its client)",
                |b| {
                    serde_json::from_slice::<ListJobsForWorkflowRunResponse>(b)
                        .expect("decode")
                        .jobs
                        .len()
                },
            ),
            case(
                "octocrab `models::workflows::Job`, page struct (from_slice)",
                |b| {
                    serde_json::from_slice::<OctoJobs>(b)
                        .expect("decode")
                        .jobs
                        .len()
                },
            ),
            case(
                "octocrab `Page<Job>`, as its client (FromResponse: Value, from_value)",
                |b| octocrab_page::<Job>(b).items.len(),
            ),
            case("`serde_json::Value` (from_slice)", |b| {
                serde_json::from_slice::<Value>(b).expect("decode")["jobs"]
                    .as_array()
                    .expect("a list")
                    .len()
            }),
        ],
    );
}
"##;

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("a parent")
            .to_path_buf()
    }

    #[test]
    fn pages_have_100_distinct_ids_and_the_peer_page_only_adds() {
        let pages = Pages::build(&root()).expect("pages");
        for (bytes, list) in [(&pages.runs, "workflow_runs"), (&pages.jobs, "jobs")] {
            let page: Value = serde_json::from_slice(bytes).expect("JSON");
            let mut ids: Vec<i64> = page[list]
                .as_array()
                .expect("a list")
                .iter()
                .map(|item| item["id"].as_i64().expect("an id"))
                .collect();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids.len(), ITEMS, "{list}");
            assert_eq!(page["total_count"], json!(ITEMS));
        }
        let jobs: Value = serde_json::from_slice(&pages.jobs).expect("JSON");
        let peer: Value = serde_json::from_slice(&pages.jobs_octocrab).expect("JSON");
        for (job, peer_job) in jobs["jobs"]
            .as_array()
            .expect("jobs")
            .iter()
            .zip(peer["jobs"].as_array().expect("jobs"))
        {
            let (job, peer_job) = (job.as_object().unwrap(), peer_job.as_object().unwrap());
            for (key, value) in job {
                assert_eq!(peer_job.get(key), Some(value), "{key} is kept");
            }
            let mut added: Vec<&str> = peer_job
                .keys()
                .filter(|k| !job.contains_key(*k))
                .map(String::as_str)
                .collect();
            added.sort_unstable();
            assert_eq!(
                added,
                [
                    "created_at",
                    "head_branch",
                    "labels",
                    "run_attempt",
                    "workflow_name"
                ]
            );
            assert_eq!(peer_job["created_at"], job["started_at"]);
        }
    }
}
