//! What only a raw server shows: the client's TCP connections, a server
//! that hangs up without answering, and bodies that never end. The requests are read as sent, byte for
//! byte, by `gh_actions_tests::raw_server`.

use super::{OWNER, REPO, RUN_ID, builder, run_with_id};
use gh_actions::{Error, RetryPolicy};
use gh_actions_tests::mock::Reply;
use gh_actions_tests::raw_server::{RawAnswer, RawServer};
use std::time::Duration;

const RUN_REQUEST_LINE: &str =
    "GET /repos/octo-org/octo-repo/actions/runs/30433642123 HTTP/1.1\r\n";

#[tokio::test]
async fn sequential_calls_reuse_one_keep_alive_connection() {
    let server = RawServer::start(Reply::json(200, run_with_id(RUN_ID))).await;
    let gh = builder(&server.url()).build().expect("client");
    for _ in 0..3 {
        let run = gh
            .workflow_runs()
            .get_workflow_run(OWNER, REPO, RUN_ID)
            .send()
            .await
            .expect("run");
        assert_eq!(run.id, RUN_ID);
    }
    assert_eq!(server.request_count(), 3);
    assert_eq!(
        server.connection_count(),
        1,
        "one connection for three calls"
    );
    for head in server.request_heads() {
        assert!(head.starts_with(RUN_REQUEST_LINE), "{head}");
    }
}

#[tokio::test]
async fn a_hang_up_without_an_answer_is_a_transport_error_and_a_retried_get_recovers() {
    let server = RawServer::start(Reply::json(200, run_with_id(RUN_ID))).await;

    server.push(RawAnswer::HangUp);
    let err = builder(&server.url())
        .build()
        .expect("client")
        .workflow_runs()
        .get_workflow_run(OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect_err("no answer is an error");
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(err.attempts(), 1);
    assert_eq!(err.status(), None);
    assert_eq!(server.request_count(), 1);

    server.push(RawAnswer::HangUp);
    let retrying = builder(&server.url())
        .retry(RetryPolicy::new(2).base_delay(Duration::from_millis(1)))
        .build()
        .expect("client");
    let run = retrying
        .workflow_runs()
        .get_workflow_run(OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect("the second attempt is answered");
    assert_eq!(run.id, RUN_ID);
    assert_eq!(server.request_count(), 3);
    for head in server.request_heads() {
        assert!(head.starts_with(RUN_REQUEST_LINE), "{head}");
    }
}

/// Bytes a loopback connection can hold in flight (socket buffers on both
/// sides) beyond what the client read: generous, and still far below the
/// endless answer's budget.
const IN_FLIGHT: usize = 32 * 1024 * 1024;

#[tokio::test]
async fn an_endless_success_body_ends_in_an_error_at_the_body_limit() {
    let server = RawServer::start(Reply::json(200, run_with_id(RUN_ID))).await;
    server.push(RawAnswer::Endless(200));
    let limit = 1024 * 1024;
    let gh = builder(&server.url())
        .max_body_size(limit)
        .build()
        .expect("client");
    let started = std::time::Instant::now();
    let err = gh
        .workflow_runs()
        .get_workflow_run(OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect_err("an endless body is an error");
    assert!(
        matches!(
            err,
            Error::BodyTooLarge {
                status: 200,
                limit: 1_048_576,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    // Give the server a moment to notice the closed connection.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let written = server.endless_bytes_written();
    assert!(
        written < limit as usize + IN_FLIGHT,
        "the client kept reading: {written} bytes"
    );
}

#[tokio::test]
async fn an_endless_error_body_is_cut_to_a_snippet_without_reading_on() {
    let server = RawServer::start(Reply::json(200, run_with_id(RUN_ID))).await;
    server.push(RawAnswer::Endless(502));
    let err = builder(&server.url())
        .build()
        .expect("client")
        .workflow_runs()
        .get_workflow_run(OWNER, REPO, RUN_ID)
        .send()
        .await
        .expect_err("a 502 is an error");
    assert_eq!(err.status(), Some(502));
    assert!(
        err.to_string().len() < 1024,
        "{} bytes",
        err.to_string().len()
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    let written = server.endless_bytes_written();
    assert!(
        written < 64 * 1024 + IN_FLIGHT,
        "the client kept reading: {written} bytes"
    );
}

#[tokio::test]
async fn an_endless_storage_error_body_is_cut_and_an_endless_download_streams() {
    use futures_util::StreamExt as _;
    let storage = RawServer::start(Reply::json(200, run_with_id(RUN_ID))).await;
    storage.push(RawAnswer::Endless(500));
    storage.push(RawAnswer::Endless(200));
    let gh = builder(&storage.url()).build().expect("client");
    let url = gh_actions::download::DownloadUrl::parse(&format!("{}/logs.zip", storage.url()))
        .expect("url");
    let err = gh.download(&url).await.expect_err("a 500 is an error");
    assert_eq!(err.status(), Some(500));
    assert!(
        err.to_string().len() < 1024,
        "{} bytes",
        err.to_string().len()
    );

    // Success bodies are not limited: artifacts are large. The caller reads
    // what it wants and drops the stream, which stops the transfer.
    let mut body = gh.download(&url).await.expect("the download starts");
    let mut read = 0;
    while read < 8 * 1024 * 1024 {
        read += body
            .next()
            .await
            .expect("more bytes")
            .expect("a chunk")
            .len();
    }
    drop(body);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let written = storage.endless_bytes_written();
    assert!(
        written < 8 * 1024 * 1024 + 64 * 1024 + 2 * IN_FLIGHT,
        "{written} bytes"
    );
}
