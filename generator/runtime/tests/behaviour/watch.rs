//! Watching under hostile or unlucky servers: whatever the answers (a
//! status that flaps, a value that never changes, 304s, rate limits whose
//! reset is past, server errors), polls start at least one interval apart,
//! so a watch sends at most `1 + deadline / interval` requests, and it ends
//! at its deadline.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::Method;

use gh_actions_mock::{MockServer, RecordedRequest, Reply, lock};
use gh_actions_runtime::{
    Client, Endpoint, Error, Operation, Product, Request, Response, RetryPolicy, WatchOptions,
    watch,
};

static GET_RUN: Operation = Operation {
    id: "actions/get-workflow-run",
    method: Method::GET,
    path: "/repos/{owner}/{repo}/actions/runs/{run_id}",
    products: &[Product::GitHubCom],
};

#[derive(Debug, serde::Deserialize)]
struct Run {
    status: String,
}

struct GetRun {
    client: Client,
}

impl Endpoint for GetRun {
    type Output = Run;
    fn client(&self) -> &Client {
        &self.client
    }
    fn request(&self) -> Result<Request, Error> {
        Ok(Request::new(&GET_RUN, "/repos/o/r/actions/runs/7".into()))
    }
    fn decode(resp: Response) -> Result<Run, Error> {
        match resp.status() {
            200 => resp.json(),
            _ => Err(resp.unexpected_status()),
        }
    }
}

fn run(status: &str, etag: &str) -> Reply {
    Reply::json_text(200, format!(r#"{{"id": 7, "status": "{status}"}}"#)).header("etag", etag)
}

const INTERVAL: Duration = Duration::from_millis(50);
const DEADLINE: Duration = Duration::from_secs(1);

/// The most requests a watch may send: one, then one per interval.
fn bound(deadline: Duration, interval: Duration) -> usize {
    1 + (deadline.as_millis() / interval.as_millis()) as usize
}

/// A server answering with `answer` (given the request and its index), and
/// the times the requests arrived.
async fn server(
    answer: impl Fn(&RecordedRequest, usize) -> Reply + Send + Sync + 'static,
) -> (MockServer, Arc<Mutex<Vec<Instant>>>) {
    let times = Arc::new(Mutex::new(Vec::new()));
    let seen = times.clone();
    let server = MockServer::start_indexed(move |request, n| {
        lock(&seen).push(Instant::now());
        answer(request, n)
    })
    .await;
    (server, times)
}

/// Watches until the stream ends, at most `DEADLINE` plus a second: the
/// items, the error that ended it, and how long it took.
async fn watch_until_the_end(
    client: Client,
    options: WatchOptions,
) -> (Vec<String>, Option<Error>, Duration) {
    let started = Instant::now();
    let mut states = watch(
        GetRun { client },
        |run: &Run| serde_json::Value::from(run.status.clone()),
        &["completed"],
        options,
    );
    let mut items = Vec::new();
    let mut error = None;
    let drained = tokio::time::timeout(DEADLINE + Duration::from_secs(1), async {
        loop {
            match states.try_next().await {
                Ok(Some(run)) => items.push(run.status),
                Ok(None) => break,
                Err(e) => {
                    error = Some(e);
                    break;
                }
            }
        }
    })
    .await;
    assert!(drained.is_ok(), "the watch outlived its deadline");
    (items, error, started.elapsed())
}

fn options() -> WatchOptions {
    WatchOptions::default()
        .interval(INTERVAL)
        .max_interval(INTERVAL)
        .deadline(DEADLINE)
}

/// Polls arrived about one interval apart or more. They start at least one
/// interval apart; arrival times jitter on a busy machine, so this looks at
/// the median gap (the request counts are the strict bound).
fn assert_paced(times: &[Instant], interval: Duration) {
    let mut gaps: Vec<Duration> = times.windows(2).map(|w| w[1] - w[0]).collect();
    gaps.sort();
    if let Some(median) = gaps.get(gaps.len() / 2) {
        assert!(
            *median >= interval.mul_f64(0.9),
            "polls {median:?} apart (median), under the interval {interval:?}"
        );
    }
}

fn assert_deadline(error: Option<Error>, took: Duration) -> Error {
    let error = error.expect("the watch ends with an error");
    assert!(
        matches!(error, Error::Deadline { .. }),
        "ends at its deadline: {error:?}"
    );
    assert!(
        took >= DEADLINE - INTERVAL.mul_f64(1.5) && took <= DEADLINE + Duration::from_millis(300),
        "ended after {took:?}"
    );
    error
}

#[tokio::test]
async fn a_flapping_run_is_polled_once_per_interval_until_the_deadline() {
    let (server, times) = server(|_, n| {
        let status = if n % 2 == 0 { "queued" } else { "in_progress" };
        run(status, &format!("\"{n}\""))
    })
    .await;
    let client = Client::builder().base_url(server.url()).build().unwrap();
    let (items, error, took) = watch_until_the_end(client, options()).await;
    assert_deadline(error, took);
    let requests = server.request_count();
    assert!(
        requests <= bound(DEADLINE, INTERVAL) + 1,
        "{requests} requests in {DEADLINE:?} at {INTERVAL:?}"
    );
    assert!(requests >= 5, "it kept watching: {requests}");
    assert_eq!(items.len(), requests, "every poll was a change");
    assert_paced(&lock(&times), INTERVAL);
}

#[tokio::test]
async fn a_run_that_never_changes_backs_off_on_200s_with_new_etags() {
    // A new ETag every time, so the watch never gets a 304.
    let (server, times) = server(|_, n| run("queued", &format!("\"{n}\""))).await;
    let client = Client::builder().base_url(server.url()).build().unwrap();
    let interval = Duration::from_millis(20);
    let options = WatchOptions::default()
        .interval(interval)
        .max_interval(Duration::from_millis(200))
        .deadline(DEADLINE);
    let (items, error, took) = watch_until_the_end(client, options).await;
    assert_eq!(items, ["queued"], "one item: nothing changed after it");
    let error = error.expect("a deadline");
    assert!(matches!(error, Error::Deadline { .. }), "{error:?}");
    assert!(took <= DEADLINE + Duration::from_millis(300), "{took:?}");
    let requests = server.request_count();
    // 20, 30, 45, 67, 101, 151, 200, 200, ... ms: about nine in a second,
    // where a fixed 20 ms would have been fifty.
    assert!(requests <= 12, "{requests} requests: the wait did not grow");
    assert!(requests >= 3, "{requests} requests");
    let times = lock(&times);
    assert_paced(&times, interval);
    let gaps: Vec<Duration> = times.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(
        gaps.last()
            .is_some_and(|gap| *gap >= Duration::from_millis(100)),
        "the wait grows while nothing changes: {gaps:?}"
    );
}

#[tokio::test]
async fn a_run_that_answers_304_backs_off_and_ends_at_the_deadline() {
    let (server, times) = server(|seen, _| match seen.header("if-none-match") {
        Some("\"q\"") => Reply::bytes(304, b""),
        _ => run("queued", "\"q\""),
    })
    .await;
    let client = Client::builder().base_url(server.url()).build().unwrap();
    let interval = Duration::from_millis(20);
    let options = WatchOptions::default()
        .interval(interval)
        .max_interval(Duration::from_millis(200))
        .deadline(DEADLINE);
    let (items, error, took) = watch_until_the_end(client, options).await;
    assert_eq!(items, ["queued"]);
    assert!(matches!(error, Some(Error::Deadline { .. })), "{error:?}");
    assert!(took <= DEADLINE + Duration::from_millis(300), "{took:?}");
    let requests = server.request_count();
    assert!((3..=12).contains(&requests), "{requests} requests");
    assert_paced(&lock(&times), interval);
}

#[tokio::test]
async fn a_rate_limit_whose_reset_is_past_is_polled_once_per_interval() {
    // A client clock ahead of GitHub's: the reset is a minute ago.
    let (server, times) = server(|_, _| {
        let reset = chrono::Utc::now().timestamp() - 60;
        Reply::primary_rate_limit(u64::try_from(reset).unwrap())
    })
    .await;
    let client = Client::builder().base_url(server.url()).build().unwrap();
    let (items, error, took) = watch_until_the_end(client, options()).await;
    assert!(items.is_empty());
    let error = assert_deadline(error, took);
    let requests = server.request_count();
    assert!(
        requests <= bound(DEADLINE, INTERVAL) + 1,
        "{requests} requests in {DEADLINE:?} at {INTERVAL:?}"
    );
    assert_paced(&lock(&times), INTERVAL);
    // The deadline says why there was no final state.
    let Error::Deadline { last_error, .. } = &error else {
        unreachable!()
    };
    assert!(
        last_error.as_deref().is_some_and(Error::is_rate_limited),
        "{error:?}"
    );
    assert!(error.to_string().contains("rate limit"), "{error}");
}

#[tokio::test]
async fn retry_after_zero_and_server_errors_are_polled_at_the_watchs_pace() {
    for answer in [
        (|_: &RecordedRequest, _| Reply::secondary_rate_limit(0)) as fn(&_, _) -> Reply,
        |_, _| Reply::json_text(502, r#"{"message": "Server Error"}"#),
    ] {
        let (server, times) = server(answer).await;
        // The client's own retries would add requests: a watch does not use them.
        let client = Client::builder()
            .base_url(server.url())
            .retry(RetryPolicy::new(10).base_delay(Duration::from_millis(1)))
            .build()
            .unwrap();
        let (_, error, took) = watch_until_the_end(client, options()).await;
        assert_deadline(error, took);
        let requests = server.request_count();
        assert!(
            requests <= bound(DEADLINE, INTERVAL) + 1,
            "{requests} requests in {DEADLINE:?} at {INTERVAL:?}"
        );
        assert_paced(&lock(&times), INTERVAL);
    }
}

#[tokio::test]
async fn a_secondary_limit_without_a_wait_is_given_a_minute() {
    // No `retry-after`: GitHub asks for at least a minute, past the deadline.
    let server = MockServer::start(|_| {
        Reply::json_text(
            403,
            r#"{"message": "You have exceeded a secondary rate limit."}"#,
        )
    })
    .await;
    let client = Client::builder().base_url(server.url()).build().unwrap();
    let (_, error, took) = watch_until_the_end(client, options()).await;
    assert!(took < DEADLINE, "it gave up at once: {took:?}");
    assert_eq!(server.request_count(), 1);
    let Some(Error::Deadline { last_error, .. }) = &error else {
        panic!("{error:?}")
    };
    assert!(last_error.as_deref().is_some_and(Error::is_rate_limited));
}

#[tokio::test]
async fn a_zero_interval_still_paces_the_polls() {
    let (server, times) = server(|_, n| run("queued", &format!("\"{n}\""))).await;
    let client = Client::builder().base_url(server.url()).build().unwrap();
    let options = WatchOptions::default()
        .interval(Duration::ZERO)
        .max_interval(Duration::ZERO)
        .deadline(Duration::from_millis(300));
    let (_, error, _) = watch_until_the_end(client, options).await;
    assert!(matches!(error, Some(Error::Deadline { .. })), "{error:?}");
    let requests = server.request_count();
    // The shortest interval is 10 ms: at most 31 polls in 300 ms.
    assert!(requests <= 32, "{requests} requests");
    assert_paced(&lock(&times), Duration::from_millis(10));
}

#[tokio::test]
async fn a_wait_longer_than_a_clock_can_hold_ends_the_watch_without_a_panic() {
    let server = MockServer::start(|_| Reply::secondary_rate_limit(u64::MAX)).await;
    let client = Client::builder().base_url(server.url()).build().unwrap();
    let options = options().deadline(Duration::MAX);
    let (_, error, took) = watch_until_the_end(client, options).await;
    assert!(took < Duration::from_secs(1), "{took:?}");
    assert!(matches!(error, Some(Error::Deadline { .. })), "{error:?}");
    assert_eq!(server.request_count(), 1);
}
