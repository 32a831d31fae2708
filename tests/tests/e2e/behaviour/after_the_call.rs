//! What users reach for right after a typed call, through the generated
//! client: the answer's metadata and the last rate-limit state, conditional
//! requests, watching a run, raw requests, and streams that ask for the
//! largest pages.

use super::{OWNER, REPO, RUN_ID, builder, run_with_id, runs_page};
use futures_util::StreamExt as _;
use gh_actions::Method;
use gh_actions::response::Conditional;
use gh_actions::watch::WatchOptions;
use gh_actions_tests::mock::{MockServer, RecordedRequest, Reply};
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

fn run_in_state(status: &str) -> Reply {
    let mut run = run_with_id(RUN_ID);
    run["status"] = json!(status);
    Reply::json(200, run).header("etag", format!("\"{status}\""))
}

#[tokio::test]
async fn a_typed_call_gives_its_metadata_and_the_client_keeps_the_rate_limit() {
    let server = MockServer::start(|_| {
        Reply::json(200, run_with_id(RUN_ID))
            .header("etag", "W/\"e1\"")
            .request_id("CAFE:1")
            .header("x-ratelimit-limit", "5000")
            .header("x-ratelimit-remaining", "4321")
            .header("x-ratelimit-resource", "core")
    })
    .await;
    let gh = builder(&server.url()).build().expect("client");
    assert!(gh.rate_limit().is_none());
    let answer = gh
        .workflow_runs()
        .get_workflow_run(OWNER, REPO, RUN_ID)
        .send_with_meta()
        .await
        .expect("run");
    assert_eq!(answer.value.id, RUN_ID);
    assert_eq!(answer.meta.status(), 200);
    assert_eq!(answer.meta.etag(), Some("W/\"e1\""));
    assert_eq!(answer.meta.request_id(), Some("CAFE:1"));
    assert_eq!(gh.rate_limit().and_then(|l| l.remaining), Some(4321));
}

#[tokio::test]
async fn a_conditional_get_that_matches_is_not_modified_and_decodes_nothing() {
    let server = MockServer::start(|req: &RecordedRequest| match req.header("if-none-match") {
        // 304 carries no body; decoding one would fail, so a NotModified
        // outcome shows that nothing was decoded.
        Some("\"queued\"") => Reply::empty(304),
        _ => run_in_state("queued"),
    })
    .await;
    let gh = builder(&server.url()).build().expect("client");
    let first = gh
        .workflow_runs()
        .get_workflow_run(OWNER, REPO, RUN_ID)
        .send_with_meta()
        .await
        .expect("run");
    let etag = first.meta.etag().expect("an etag").to_owned();
    let again = gh
        .workflow_runs()
        .get_workflow_run(OWNER, REPO, RUN_ID)
        .if_none_match(etag)
        .send()
        .await
        .expect("an outcome, not an error");
    assert!(matches!(again, Conditional::NotModified(_)), "{again:?}");
    let requests = server.requests();
    assert_eq!(requests[1].header("if-none-match"), Some("\"queued\""));
    assert_eq!(
        requests[1].path(),
        "/repos/octo-org/octo-repo/actions/runs/30433642123"
    );
}

#[tokio::test]
async fn watching_a_run_reports_queued_in_progress_completed_with_conditional_polls() {
    let states = [
        "queued",
        "queued",
        "in_progress",
        "in_progress",
        "in_progress",
        "completed",
    ];
    let polls = Arc::new(AtomicUsize::new(0));
    let counter = polls.clone();
    let server = MockServer::start(move |req: &RecordedRequest| {
        let n = counter.fetch_add(1, Ordering::SeqCst).min(states.len() - 1);
        let etag = format!("\"{}\"", states[n]);
        match req.header("if-none-match") {
            Some(sent) if sent == etag => Reply::empty(304),
            _ => run_in_state(states[n]),
        }
    })
    .await;
    let gh = builder(&server.url()).build().expect("client");
    let options = WatchOptions::default()
        .interval(Duration::from_millis(5))
        .max_interval(Duration::from_millis(20))
        .deadline(Duration::from_secs(20));
    let seen: Vec<String> = gh
        .workflow_runs()
        .get_workflow_run(OWNER, REPO, RUN_ID)
        .watch(options)
        .map(|run| {
            // The status as on the wire, whether or not the type is nullable.
            let status = serde_json::to_value(run.expect("a state").status).expect("status");
            status.as_str().unwrap_or_default().to_owned()
        })
        .collect()
        .await;
    assert_eq!(seen, ["queued", "in_progress", "completed"]);
    let requests = server.requests();
    assert_eq!(requests.len(), states.len());
    assert!(requests[0].header("if-none-match").is_none());
    assert!(
        requests[1..]
            .iter()
            .all(|r| r.header("if-none-match").is_some())
    );
}

#[tokio::test]
async fn a_watch_that_never_reaches_a_final_state_ends_at_its_deadline_counting_its_polls() {
    let server = MockServer::start(|req: &RecordedRequest| match req.header("if-none-match") {
        Some(_) => Reply::empty(304),
        None => run_in_state("in_progress"),
    })
    .await;
    let gh = builder(&server.url()).build().expect("client");
    let options = WatchOptions::default()
        .interval(Duration::from_millis(10))
        .max_interval(Duration::from_millis(10))
        .deadline(Duration::from_millis(200));
    let mut states = gh
        .workflow_runs()
        .get_workflow_run(OWNER, REPO, RUN_ID)
        .watch(options);
    let first = states.try_next().await.expect("the first state");
    let status = serde_json::to_value(first.expect("a run").status).expect("status");
    assert_eq!(status, "in_progress");
    let error = states.try_next().await.expect_err("no final state");
    let gh_actions::Error::Deadline {
        operation,
        waited,
        polls,
        ..
    } = &error
    else {
        panic!("not a deadline: {error:?}");
    };
    assert_eq!(*operation, "actions/get-workflow-run");
    // Each poll waits 10 ms; the watch stops when the next wait would pass the deadline.
    assert!(*waited >= Duration::from_millis(190), "{waited:?}");
    assert_eq!(*polls as usize, server.requests().len());
    assert!(*polls >= 3, "{polls} polls");
    assert_eq!(error.attempts(), *polls);
    assert!(
        error.to_string().contains(&format!("{polls} poll(s)")),
        "{error}"
    );
    assert!(states.try_next().await.expect("ended").is_none());
}

#[tokio::test]
async fn a_raw_request_reaches_an_endpoint_the_crate_lacks_with_the_clients_headers() {
    let server = MockServer::start(|_| {
        Reply::json(
            200,
            json!({"total_count": 1, "actions_caches": [{"id": 7}]}),
        )
    })
    .await;
    let gh = builder(&server.url()).build().expect("client");
    let caches: serde_json::Value = gh
        .request(Method::GET, "/repos/{owner}/{repo}/actions/caches")
        .param("owner", OWNER)
        .param("repo", "octo repo")
        .query("key", "npm/linux")
        .send()
        .await
        .expect("caches");
    assert_eq!(caches["actions_caches"][0]["id"], 7);
    let req = &server.requests()[0];
    assert_eq!(req.path(), "/repos/octo-org/octo%20repo/actions/caches");
    assert_eq!(req.query(), Some("key=npm%2Flinux"));
    assert_eq!(req.header("authorization"), Some("Bearer e2e-test-token"));
    assert_eq!(req.header("x-github-api-version"), Some("2026-03-10"));
}

#[tokio::test]
async fn streaming_ten_thousand_runs_takes_one_hundred_requests() {
    const TOTAL: i64 = 10_000;
    let server = MockServer::start(move |req: &RecordedRequest| {
        let size: i64 = req
            .query_param("per_page")
            .and_then(|p| p.parse().ok())
            .unwrap_or(30);
        let page: i64 = req
            .query_param("page")
            .and_then(|p| p.parse().ok())
            .unwrap_or(1);
        let first = (page - 1) * size;
        let ids: Vec<i64> = (first..(first + size).min(TOTAL)).map(|i| i + 1).collect();
        let reply = Reply::json(200, runs_page(&ids, TOTAL as usize));
        if first + size < TOTAL {
            let next = format!(
                "{}/repos/octo-org/octo-repo/actions/runs?per_page={size}&page={}",
                req.server_url(),
                page + 1
            );
            reply.link(format!("<{next}>; rel=\"next\""))
        } else {
            reply
        }
    })
    .await;
    let gh = builder(&server.url()).build().expect("client");
    let count = gh
        .workflow_runs()
        .list_workflow_runs_for_repo(OWNER, REPO)
        .stream()
        .fold(0i64, |n, run| async move {
            assert_eq!(run.expect("a run").id, n + 1);
            n + 1
        })
        .await;
    assert_eq!(count, TOTAL);
    assert_eq!(server.request_count(), 100);

    // A size the caller chose is kept.
    let before = server.request_count();
    let few: Vec<_> = gh
        .workflow_runs()
        .list_workflow_runs_for_repo(OWNER, REPO)
        .per_page(10)
        .stream()
        .take(25)
        .collect()
        .await;
    assert_eq!(few.len(), 25);
    assert_eq!(server.request_count() - before, 3);
    assert_eq!(
        server.requests()[before].query_param("per_page").as_deref(),
        Some("10")
    );
}

#[tokio::test]
async fn a_typed_created_range_is_sent_in_githubs_search_syntax() {
    use chrono::NaiveDate;
    use gh_actions::filter::DateRange;
    let server = MockServer::start(|_| Reply::json(200, runs_page(&[RUN_ID], 1))).await;
    let gh = builder(&server.url()).build().expect("client");
    let day = |d| NaiveDate::from_ymd_opt(2026, 1, d).expect("a date");
    for (range, wire) in [
        (
            DateRange::between(day(1), day(31)),
            "2026-01-01..2026-01-31",
        ),
        (DateRange::since(day(15)), ">=2026-01-15"),
    ] {
        gh.workflow_runs()
            .list_workflow_runs_for_repo(OWNER, REPO)
            .created(range)
            .send()
            .await
            .expect("a page");
        let req = server.last_request().expect("a request");
        assert_eq!(req.query_param("created").as_deref(), Some(wire));
    }
    let queries: Vec<String> = server
        .requests()
        .iter()
        .filter_map(|r| r.query().map(str::to_owned))
        .collect();
    assert_eq!(
        queries,
        ["created=2026-01-01..2026-01-31", "created=%3E%3D2026-01-15"]
    );
}
