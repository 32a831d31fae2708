//! Decode: one `list workflow runs` page of 100 runs (the spec's example
//! `workflow-run-paginated`, its run repeated with distinct ids), and the
//! job and artifact lists built the same way, decoded from bytes into:
//!
//! - the generated types (`serde_json::from_slice`, which is also what the
//!   client does), and through `serde_path_to_error` (which names the
//!   failing field, as the client once did on every answer);
//! - `serde_json::Value` (baseline a);
//! - a minimal hand-written struct with the same fields: `String` for
//!   strings, enums and date-times, `Option` for optional and nullable
//!   (baseline b), and the same struct with date-times parsed into
//!   `chrono::DateTime<FixedOffset>` as the generated `Timestamp` does
//!   (baseline b', same information as the generated type).
//!
//! `cargo bench -p gh-actions-tests --bench decode`

mod common;
mod handwritten;

use common::Row;
use criterion::{Criterion, Throughput};
use gh_actions::types::{
    ListJobsForWorkflowRunResponse, ListWorkflowRunArtifactsResponse,
    ListWorkflowRunsForRepoResponse,
};
use gh_actions_tests::e2e_support::example;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::hint::black_box;

/// The example page with its items cycled to `n`, each with a distinct `id`.
fn page(example_name: &str, list: &str, n: usize, first_id: i64) -> Vec<u8> {
    let mut page = example(example_name);
    let items = page[list].as_array().expect("a list").clone();
    let cycled: Vec<Value> = (0..n)
        .map(|i| {
            let mut item = items[i % items.len()].clone();
            item["id"] = json!(first_id + i as i64);
            item
        })
        .collect();
    page[list] = Value::Array(cycled);
    page["total_count"] = json!(n);
    serde_json::to_vec(&page).expect("json")
}

fn path_to_error<T: DeserializeOwned>(bytes: &[u8]) -> T {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).expect("decode");
    de.end().expect("end");
    value
}

fn bench_list<G, H, T>(
    c: &mut Criterion,
    group_name: &str,
    bytes: &[u8],
    count: impl Fn(&G) -> usize,
) where
    G: DeserializeOwned,
    H: DeserializeOwned,
    T: DeserializeOwned,
{
    // The inputs decode, into distinct ids, before anything is timed.
    let decoded: G = serde_json::from_slice(bytes).expect("generated types decode the page");
    assert_eq!(count(&decoded), 100);
    serde_json::from_slice::<H>(bytes).expect("the hand-written struct decodes the page");
    serde_json::from_slice::<T>(bytes).expect("the typed hand-written struct decodes the page");

    let mut group = c.benchmark_group(group_name);
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("generated", |b| {
        b.iter(|| serde_json::from_slice::<G>(black_box(bytes)).expect("decode"))
    });
    group.bench_function("generated_path_to_error", |b| {
        b.iter(|| path_to_error::<G>(black_box(bytes)))
    });
    group.bench_function("value", |b| {
        b.iter(|| serde_json::from_slice::<Value>(black_box(bytes)).expect("decode"))
    });
    group.bench_function("handwritten", |b| {
        b.iter(|| serde_json::from_slice::<H>(black_box(bytes)).expect("decode"))
    });
    group.bench_function("handwritten_chrono", |b| {
        b.iter(|| serde_json::from_slice::<T>(black_box(bytes)).expect("decode"))
    });
    group.finish();
}

fn main() {
    let mut c = common::criterion();
    let runs = page("workflow-run-paginated", "workflow_runs", 100, 30_433_642);
    let jobs = page("job-paginated", "jobs", 100, 399_444_496);
    let artifacts = page("artifact-paginated", "artifacts", 100, 11);
    println!(
        "page sizes: runs {} bytes, jobs {} bytes, artifacts {} bytes",
        runs.len(),
        jobs.len(),
        artifacts.len()
    );
    {
        let page: ListWorkflowRunsForRepoResponse = serde_json::from_slice(&runs).expect("runs");
        let mut ids: Vec<i64> = page.workflow_runs.iter().map(|r| r.id.get()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 100, "run ids are distinct");
    }
    bench_list::<
        ListWorkflowRunsForRepoResponse,
        handwritten::RunsPage<String>,
        handwritten::RunsPage<handwritten::Rfc3339>,
    >(&mut c, "decode_runs_100", &runs, |p| p.workflow_runs.len());
    bench_list::<
        ListJobsForWorkflowRunResponse,
        handwritten::JobsPage<String>,
        handwritten::JobsPage<handwritten::Rfc3339>,
    >(&mut c, "decode_jobs_100", &jobs, |p| p.jobs.len());
    bench_list::<
        ListWorkflowRunArtifactsResponse,
        handwritten::ArtifactsPage<String>,
        handwritten::ArtifactsPage<handwritten::Rfc3339>,
    >(&mut c, "decode_artifacts_100", &artifacts, |p| {
        p.artifacts.len()
    });
    c.final_summary();

    let mut rows = Vec::new();
    for group in ["decode_runs_100", "decode_jobs_100", "decode_artifacts_100"] {
        let id = |f: &str| -> &'static str { Box::leak(format!("{group}/{f}").into_boxed_str()) };
        let per = Some((100.0, "item"));
        rows.extend([
            Row {
                label: "generated vs hand-written",
                id: id("generated"),
                baseline: Some(id("handwritten")),
                per,
            },
            Row {
                label: "generated vs hand-written + chrono",
                id: id("generated"),
                baseline: Some(id("handwritten_chrono")),
                per,
            },
            Row {
                label: "generated vs serde_json::Value",
                id: id("generated"),
                baseline: Some(id("value")),
                per,
            },
            Row {
                label: "through serde_path_to_error vs hand-written",
                id: id("generated_path_to_error"),
                baseline: Some(id("handwritten")),
                per,
            },
        ]);
    }
    common::report("decode", "Decode one page of 100 items", &rows);
}
