//! What only a raw server shows: the client's TCP connections and a server
//! that hangs up without answering. The requests are read as sent, byte for
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
