//! Request overhead: N = 100 sequential calls of one operation through the
//! generated client against the in-process mock server on 127.0.0.1,
//! against the same requests (same URL, same headers, same decoded type)
//! made with plain `reqwest` + `serde_json` in the same run.
//!
//! - `get_workflow_run`: GET, 200 with one run (the spec's `workflow-run`
//!   example, about 12 KB), decoded into `gh_actions::types::WorkflowRun`.
//! - `delete_workflow_run`: DELETE, 204 without a body: the client's cost
//!   with no decoding at all.
//!
//! Two more GET variants locate the difference: plain reqwest decoding
//! through `serde_path_to_error` (which the runtime did until it learnt to
//! name the failing field from serde_json's error position), and a reqwest
//! client set up like the runtime's (no redirects, 30 s connect timeout,
//! 30 s whole-request timeout). The plain calls send the client's headers,
//! `accept-encoding: gzip` included.
//!
//! Each group gets its own server, on its own one-thread runtime; the
//! callers run on a current-thread runtime in the benchmark thread. Every
//! client keeps one keep-alive connection.
//!
//! `cargo bench -p gh-actions-tests --bench requests`
//!
//! Wall time on a shared 2-core machine moves by more than the few percent
//! in question, so the same calls can be counted in instructions instead:
//! with `REQUESTS_CALLS=<variant>:<count>` the binary makes only `count`
//! calls of one variant (`generated-get`, `plain-get`, `generated-delete`,
//! `plain-delete`) after the same set-up, and exits. Run under
//! `valgrind --tool=callgrind`, the instructions of `count` calls minus those
//! of 0 calls are the calls' own work, server included, whatever else the
//! machine does (`BENCHMARKS.md`, "3. Request overhead", has the commands).

mod common;

use common::Row;
use criterion::Throughput;
use gh_actions::types::WorkflowRun;
use gh_actions_tests::e2e_support::example;
use gh_actions_tests::mock::{MockServer, RecordedRequest, Reply};
use reqwest::header::{ACCEPT, ACCEPT_ENCODING, AUTHORIZATION, HeaderMap, HeaderValue, USER_AGENT};
use std::hint::black_box;
use std::time::Duration;

const N: usize = 100;
const TOKEN: &str = "bench-token";
const RUN_ID: i64 = 30_433_642;

fn handler(run: Vec<u8>) -> impl Fn(&RecordedRequest) -> Reply + Send + Sync + 'static {
    let ok = Reply::json_text(200, run);
    move |req| match req.method.as_str() {
        "GET" => ok.clone(),
        "DELETE" => Reply::empty(204),
        _ => Reply::empty(405),
    }
}

/// The headers the generated client sends, for the plain reqwest calls.
fn plain_headers() -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        ACCEPT,
        HeaderValue::from_static("application/vnd.github+json"),
    );
    headers.insert(
        "x-github-api-version",
        HeaderValue::from_static("2026-03-10"),
    );
    // The client asks for gzip (and inflates it itself); the mock server
    // answers plain JSON either way.
    headers.insert(ACCEPT_ENCODING, HeaderValue::from_static("gzip"));
    headers.insert(USER_AGENT, HeaderValue::from_static("gh-actions/0.1.0"));
    headers.insert(
        AUTHORIZATION,
        HeaderValue::from_str(&format!("Bearer {TOKEN}")).expect("header"),
    );
    headers
}

/// How the plain calls decode the body.
#[derive(Clone, Copy)]
enum Decode {
    /// `serde_json::from_slice`, what plain code does.
    Plain,
    /// Through `serde_path_to_error`, as the client's runtime does.
    PathToError,
}

async fn plain_get(
    http: &reqwest::Client,
    base: &str,
    headers: &HeaderMap,
    decode: Decode,
) -> WorkflowRun {
    let resp = http
        .get(format!(
            "{base}/repos/octo-org/octo-repo/actions/runs/{RUN_ID}"
        ))
        .headers(headers.clone())
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), 200);
    let body = resp.bytes().await.expect("body");
    match decode {
        Decode::Plain => serde_json::from_slice(&body).expect("decode"),
        Decode::PathToError => {
            let mut de = serde_json::Deserializer::from_slice(&body);
            let run = serde_path_to_error::deserialize(&mut de).expect("decode");
            de.end().expect("end");
            run
        }
    }
}

async fn plain_delete(http: &reqwest::Client, base: &str, headers: &HeaderMap) {
    let resp = http
        .delete(format!(
            "{base}/repos/octo-org/octo-repo/actions/runs/{RUN_ID}"
        ))
        .headers(headers.clone())
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), 204);
    resp.bytes().await.expect("body");
}

/// A server on its own one-thread runtime, and the three callers.
struct Setup {
    _server_rt: tokio::runtime::Runtime,
    server: MockServer,
    base: String,
    gh: gh_actions::Client,
    /// `reqwest::Client::new()`.
    http: reqwest::Client,
    /// Configured like the runtime's client: no redirects, 30 s connect
    /// timeout, and a 30 s timeout on every request.
    http_like_runtime: reqwest::Client,
    headers: HeaderMap,
}

impl Setup {
    fn new(body: &[u8]) -> Setup {
        let server_rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("server runtime");
        let server = server_rt.block_on(MockServer::start(handler(body.to_vec())));
        let base = server.url();
        let gh = gh_actions::Client::builder()
            .base_url(&base)
            .token(TOKEN)
            .build()
            .expect("client");
        let http_like_runtime = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(30))
            .timeout(Duration::from_secs(30))
            .build()
            .expect("reqwest client");
        Setup {
            _server_rt: server_rt,
            server,
            base,
            gh,
            http: reqwest::Client::new(),
            http_like_runtime,
            headers: plain_headers(),
        }
    }
}

/// `REQUESTS_CALLS=<variant>:<count>`: makes `count` calls of one variant
/// and nothing else, for counting instructions.
fn count_only(spec: &str, body: &[u8], rt: &tokio::runtime::Runtime) {
    let (variant, count) = spec
        .split_once(':')
        .and_then(|(v, n)| Some((v, n.parse::<usize>().ok()?)))
        .expect("REQUESTS_CALLS=<variant>:<count>");
    let s = Setup::new(body);
    rt.block_on(async {
        // One call of each kind first, so connections and lazy set-up are
        // the same whatever `count` is.
        s.gh.workflow_runs()
            .get_workflow_run("octo-org", "octo-repo", RUN_ID)
            .send()
            .await
            .expect("warm-up");
        plain_get(&s.http, &s.base, &s.headers, Decode::Plain).await;
        for _ in 0..count {
            match variant {
                "generated-get" => {
                    black_box(
                        s.gh.workflow_runs()
                            .get_workflow_run("octo-org", "octo-repo", black_box(RUN_ID))
                            .send()
                            .await
                            .expect("send"),
                    );
                }
                "plain-get" => {
                    black_box(plain_get(&s.http, &s.base, &s.headers, Decode::Plain).await);
                }
                "generated-delete" => {
                    s.gh.workflow_runs()
                        .delete_workflow_run("octo-org", "octo-repo", black_box(RUN_ID))
                        .send()
                        .await
                        .expect("send");
                }
                "plain-delete" => plain_delete(&s.http, &s.base, &s.headers).await,
                other => panic!("unknown variant `{other}`"),
            }
        }
    });
    println!(
        "{variant}: {count} calls, {} requests served",
        s.server.request_count()
    );
}

fn main() {
    let mut run = example("workflow-run");
    run["id"] = serde_json::json!(RUN_ID);
    let body = serde_json::to_vec(&run).expect("json");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime");
    if let Ok(spec) = std::env::var("REQUESTS_CALLS") {
        count_only(&spec, &body, &rt);
        return;
    }
    let mut c = common::criterion();

    // Both paths send the same request and get the same answer.
    {
        let s = Setup::new(&body);
        rt.block_on(async {
            let typed =
                s.gh.workflow_runs()
                    .get_workflow_run("octo-org", "octo-repo", RUN_ID)
                    .send()
                    .await
                    .expect("generated client");
            let plain = plain_get(&s.http, &s.base, &s.headers, Decode::Plain).await;
            assert_eq!(typed, plain);
            s.gh.workflow_runs()
                .delete_workflow_run("octo-org", "octo-repo", RUN_ID)
                .send()
                .await
                .expect("delete");
            plain_delete(&s.http, &s.base, &s.headers).await;
        });
        let seen = s.server.requests();
        for (a, b) in [(0, 1), (2, 3)] {
            assert_eq!(seen[a].method, seen[b].method);
            assert_eq!(seen[a].target, seen[b].target);
            for name in [
                "accept",
                "x-github-api-version",
                "user-agent",
                "authorization",
            ] {
                assert_eq!(seen[a].header(name), seen[b].header(name), "{name}");
            }
        }
    }

    let s = Setup::new(&body);
    let mut group = c.benchmark_group("requests_get_workflow_run");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(6));
    group.throughput(Throughput::Elements(N as u64));
    group.bench_function("generated", |b| {
        b.iter(|| {
            rt.block_on(async {
                for _ in 0..N {
                    let run =
                        s.gh.workflow_runs()
                            .get_workflow_run("octo-org", "octo-repo", black_box(RUN_ID))
                            .send()
                            .await
                            .expect("send");
                    black_box(run);
                }
            })
        })
    });
    for (name, http, decode) in [
        ("plain_reqwest", &s.http, Decode::Plain),
        ("plain_reqwest_path_to_error", &s.http, Decode::PathToError),
        (
            "plain_reqwest_like_runtime",
            &s.http_like_runtime,
            Decode::Plain,
        ),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                rt.block_on(async {
                    for _ in 0..N {
                        black_box(plain_get(http, black_box(&s.base), &s.headers, decode).await);
                    }
                })
            })
        });
    }
    group.finish();
    drop(s);

    let s = Setup::new(&body);
    let mut group = c.benchmark_group("requests_delete_workflow_run");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(6));
    group.throughput(Throughput::Elements(N as u64));
    group.bench_function("generated", |b| {
        b.iter(|| {
            rt.block_on(async {
                for _ in 0..N {
                    s.gh.workflow_runs()
                        .delete_workflow_run("octo-org", "octo-repo", black_box(RUN_ID))
                        .send()
                        .await
                        .expect("send");
                }
            })
        })
    });
    for (name, http) in [
        ("plain_reqwest", &s.http),
        ("plain_reqwest_like_runtime", &s.http_like_runtime),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                rt.block_on(async {
                    for _ in 0..N {
                        plain_delete(http, black_box(&s.base), &s.headers).await;
                    }
                })
            })
        });
    }
    group.finish();
    drop(s);
    c.final_summary();

    let per = Some((N as f64, "call"));
    common::report(
        "requests",
        "Request overhead, 100 sequential calls over loopback",
        &[
            Row {
                label: "get_workflow_run, generated client vs plain reqwest + serde_json",
                id: "requests_get_workflow_run/generated",
                baseline: Some("requests_get_workflow_run/plain_reqwest"),
                per,
            },
            Row {
                label: "diagnostic: plain reqwest, decoded through serde_path_to_error",
                id: "requests_get_workflow_run/plain_reqwest_path_to_error",
                baseline: Some("requests_get_workflow_run/plain_reqwest"),
                per,
            },
            Row {
                label: "diagnostic: plain reqwest set up like the runtime (no redirects, 30 s timeouts)",
                id: "requests_get_workflow_run/plain_reqwest_like_runtime",
                baseline: Some("requests_get_workflow_run/plain_reqwest"),
                per,
            },
            Row {
                label: "get_workflow_run, generated client vs the runtime-like reqwest calls",
                id: "requests_get_workflow_run/generated",
                baseline: Some("requests_get_workflow_run/plain_reqwest_like_runtime"),
                per,
            },
            Row {
                label: "delete_workflow_run (204), generated client vs plain reqwest",
                id: "requests_delete_workflow_run/generated",
                baseline: Some("requests_delete_workflow_run/plain_reqwest"),
                per,
            },
            Row {
                label: "diagnostic: DELETE with plain reqwest set up like the runtime (timeouts)",
                id: "requests_delete_workflow_run/plain_reqwest_like_runtime",
                baseline: Some("requests_delete_workflow_run/plain_reqwest"),
                per,
            },
            Row {
                label: "delete_workflow_run, generated client vs the runtime-like reqwest calls",
                id: "requests_delete_workflow_run/generated",
                baseline: Some("requests_delete_workflow_run/plain_reqwest_like_runtime"),
                per,
            },
        ],
    );
}
