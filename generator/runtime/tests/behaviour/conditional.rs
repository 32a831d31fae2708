//! Conditional requests and watching a run: 304 is an outcome, unchanged
//! polls send `If-None-Match` and decode nothing.

use std::time::Duration;

use futures_util::StreamExt as _;
use reqwest::Method;

use gh_actions_mock::{MockServer, Reply};
use gh_actions_runtime::WatchOptions;
use gh_actions_runtime::{
    Client, Conditional, ConditionalRequest, Error, Operation, Product, Request, Response,
};
use gh_actions_runtime::{Endpoint, send_with_meta, watch};

static GET_RUN: Operation = Operation {
    id: "actions/get-workflow-run",
    method: Method::GET,
    path: "/repos/{owner}/{repo}/actions/runs/{run_id}",
    products: &[Product::GitHubCom],
};

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Run {
    id: i64,
    status: String,
}

/// What a generated GET builder looks like to the runtime.
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

/// 304 has no body: decoding it as a `Run` would fail, so a stream or an
/// outcome that comes through a 304 proves nothing was decoded.
fn not_modified() -> Reply {
    Reply::bytes(304, b"").header("x-ratelimit-remaining", "4999")
}

#[tokio::test]
async fn a_matching_etag_gives_not_modified_and_a_new_one_the_value() {
    let server = MockServer::start_indexed(|seen, _| match seen.header("if-none-match") {
        Some("\"v1\"") => not_modified(),
        _ => run("queued", "\"v2\""),
    })
    .await;
    let client = Client::builder().base_url(server.url()).build().unwrap();
    let unchanged = ConditionalRequest::new(GetRun {
        client: client.clone(),
    })
    .if_none_match("\"v1\"")
    .send()
    .await
    .unwrap();
    assert!(matches!(&unchanged, Conditional::NotModified(meta) if meta.status() == 304));
    assert_eq!(
        unchanged.meta().header("x-ratelimit-remaining"),
        Some("4999")
    );

    let since = chrono::DateTime::parse_from_rfc3339("2026-12-01T04:00:00Z").unwrap();
    let changed = ConditionalRequest::new(GetRun {
        client: client.clone(),
    })
    .if_none_match("\"v0\"")
    .if_modified_since(since.with_timezone(&chrono::Utc))
    .send()
    .await
    .unwrap();
    let Conditional::Modified(answer) = changed else {
        panic!("{changed:?}")
    };
    assert_eq!(answer.value.status, "queued");
    assert_eq!(answer.meta.etag(), Some("\"v2\""));
    let seen = &server.requests()[1];
    assert_eq!(seen.header("if-none-match"), Some("\"v0\""));
    assert_eq!(
        seen.header("if-modified-since"),
        Some("Tue, 01 Dec 2026 04:00:00 GMT")
    );

    let plain = send_with_meta(&GetRun { client }).await.unwrap();
    assert_eq!(
        plain.value,
        Run {
            id: 7,
            status: "queued".into()
        }
    );
}

#[tokio::test]
async fn watching_a_run_follows_queued_in_progress_completed_with_conditional_polls() {
    // The run's states by poll; a repeated state answers 304 to its ETag.
    let states = [
        "queued",
        "queued",
        "queued",
        "in_progress",
        "in_progress",
        "completed",
    ];
    let server = MockServer::start_indexed(move |seen, n| {
        let status = states[n.min(states.len() - 1)];
        let etag = format!("\"{status}\"");
        match seen.header("if-none-match") {
            Some(sent) if sent == etag => not_modified(),
            _ => run(status, &etag),
        }
    })
    .await;
    let client = Client::builder().base_url(server.url()).build().unwrap();
    let options = WatchOptions::default()
        .interval(Duration::from_millis(5))
        .max_interval(Duration::from_millis(20))
        .deadline(Duration::from_secs(10));
    let seen: Vec<String> = watch(
        GetRun { client },
        |run: &Run| serde_json::Value::from(run.status.clone()),
        &["completed"],
        options,
    )
    .map(|r| r.unwrap().status)
    .collect()
    .await;
    assert_eq!(seen, ["queued", "in_progress", "completed"]);

    let requests = server.requests();
    assert_eq!(requests.len(), 6, "the stream ends at the final state");
    assert_eq!(requests[0].header("if-none-match"), None);
    for (i, r) in requests.iter().enumerate().skip(1) {
        assert!(
            r.header("if-none-match").is_some(),
            "poll {i} was not conditional"
        );
    }
    let unchanged: Vec<usize> = [1, 2, 4].into();
    for i in unchanged {
        assert_eq!(
            requests[i].header("if-none-match"),
            Some(format!("\"{}\"", states[i]).as_str())
        );
    }
}

#[tokio::test]
async fn a_watch_that_sees_no_final_state_ends_at_its_deadline() {
    let server = MockServer::start_indexed(|seen, _| match seen.header("if-none-match") {
        Some(_) => not_modified(),
        None => run("queued", "\"q\""),
    })
    .await;
    let client = Client::builder().base_url(server.url()).build().unwrap();
    let options = WatchOptions::default()
        .interval(Duration::from_millis(10))
        .max_interval(Duration::from_millis(10))
        .deadline(Duration::from_millis(100));
    let mut watching = watch(
        GetRun { client },
        |run: &Run| serde_json::Value::from(run.status.clone()),
        &["completed"],
        options,
    );
    assert_eq!(watching.try_next().await.unwrap().unwrap().status, "queued");
    let err = watching.try_next().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Deadline {
                operation: "actions/get-workflow-run",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        watching.try_next().await.unwrap().is_none(),
        "the stream ended"
    );
    let polls = server.requests().len();
    // At most one poll per 10 ms; fewer when a loaded machine answers slowly.
    assert!(
        (2..=12).contains(&polls),
        "{polls} polls in 100 ms at 10 ms"
    );
    assert_eq!(
        err.attempts() as usize,
        polls,
        "the error counts every poll"
    );
}

#[tokio::test]
async fn a_watch_waits_out_a_secondary_rate_limit_within_its_deadline() {
    let server = MockServer::start_indexed(|_, n| match n {
        0 => Reply::json_text(
            403,
            r#"{"message": "You have exceeded a secondary rate limit"}"#,
        )
        .header("retry-after", "0"),
        _ => run("completed", "\"c\""),
    })
    .await;
    let client = Client::builder().base_url(server.url()).build().unwrap();
    let all: Vec<_> = watch(
        GetRun { client },
        |run: &Run| serde_json::Value::from(run.status.clone()),
        &["completed"],
        WatchOptions::default().interval(Duration::from_millis(5)),
    )
    .collect()
    .await;
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].as_ref().unwrap().status, "completed");
    assert_eq!(server.requests().len(), 2);
}
