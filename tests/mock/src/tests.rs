//! The layer over wiremock: recording, the reply queue, and that a path or
//! query is recorded exactly as it went on the wire.

use super::recorded::percent_decode;
use super::*;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Writes `request` on a fresh connection and reads until the server closes it.
async fn raw_exchange(server: &MockServer, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(server.addr()).await.expect("connects");
    stream.write_all(request).await.expect("writes");
    let mut out = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut out))
        .await
        .expect("the server closes the connection")
        .expect("reads");
    String::from_utf8_lossy(&out).into_owned()
}

/// The target the server recorded for one raw request line.
async fn recorded_target(server: &MockServer, target: &str) -> String {
    let request = format!("GET {target} HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
    raw_exchange(server, request.as_bytes()).await;
    server.last_request().expect("a recorded request").target
}

#[tokio::test]
async fn keep_alive_serves_several_requests_on_one_connection() {
    let server = MockServer::with_replies([Reply::text(200, "one"), Reply::empty(204)]).await;
    let answer = raw_exchange(
        &server,
        b"GET /a%2Fb?x=1%202 HTTP/1.1\r\nHost: h\r\nX-Thing: Yes\r\n\r\n\
          PUT /c HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc",
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
    assert!(answer.contains("content-length: 3\r\n"), "{answer}");
    assert!(answer.contains("\r\n\r\none"), "{answer}");
    let (_, second) = answer
        .split_once("HTTP/1.1 204 No Content\r\n")
        .expect("the second answer on the same connection");
    assert!(second.contains("connection: close\r\n"), "{answer}");
    assert!(
        answer.ends_with("\r\n\r\n"),
        "no body after a 204: {answer}"
    );
    let requests = server.requests();
    assert_eq!(server.request_count(), 2);
    assert_eq!(requests[0].path(), "/a%2Fb");
    assert_eq!(requests[0].query_param("x").as_deref(), Some("1 2"));
    assert_eq!(requests[0].header("x-thing"), Some("Yes"));
    assert_eq!(requests[0].headers[1].0, "x-thing");
    assert_eq!(requests[1].method, "PUT");
    assert_eq!(requests[1].body, b"abc");
    assert_eq!(requests[1].server_url(), server.url());
}

#[tokio::test]
async fn chunked_bodies_are_decoded_and_the_queue_runs_out_into_500() {
    let server = MockServer::with_replies([]).await;
    let answer = raw_exchange(
        &server,
        b"POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n\
          4\r\nWiki\r\n5;ext=1\r\npedia\r\n0\r\n\r\n",
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 500 "), "{answer}");
    assert!(answer.contains("no reply left for POST /x"), "{answer}");
    assert_eq!(
        server.last_request().expect("recorded").body_text(),
        "Wikipedia"
    );
}

#[tokio::test]
async fn queued_replies_come_before_the_handler() {
    let server =
        MockServer::start(|req| Reply::json(200, serde_json::json!({"path": req.path()}))).await;
    server.push_reply(Reply::redirect("https://example.invalid/x").closing());
    // No `Connection: close` from the client: the reply's own closes it.
    let first = raw_exchange(&server, b"GET /q HTTP/1.1\r\nHost: h\r\n\r\n").await;
    assert!(
        first.contains("302 Found") && first.contains("location: https://example.invalid/x"),
        "{first}"
    );
    let second = raw_exchange(
        &server,
        b"GET /h HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(second.ends_with(r#"{"path":"/h"}"#), "{second}");
}

#[tokio::test]
async fn a_delayed_reply_waits_before_answering() {
    let server =
        MockServer::with_replies([Reply::empty(204).delayed(Duration::from_millis(200))]).await;
    let started = std::time::Instant::now();
    assert_eq!(recorded_target(&server, "/slow").await, "/slow");
    assert!(started.elapsed() >= Duration::from_millis(200));
}

/// reqwest (hence the generated client) sends the path and query of the
/// `url::Url` it was given; the record is exactly those.
#[tokio::test]
async fn the_path_and_query_are_recorded_exactly_as_a_url_client_sends_them() {
    let server = MockServer::start(|_| Reply::empty(204)).await;
    // `%2F`, `%20`, `%25` and UTF-8 escapes in path segments; `+`, `%2B`,
    // `%20` and `%25` in the query. Raw `é` and space are escaped by the
    // client (url::Url) before sending; the record shows the escapes.
    let sent = "/a%2Fb/c%20d/100%25/d%C3%A9/caf%C3%A9?q=a+b&r=%2B&s=%20&t=%25";
    for written in [
        sent,
        "/a%2Fb/c%20d/100%25/d%C3%A9/café?q=a+b&r=%2B&s=%20&t=%25",
    ] {
        let url = format!("{}{written}", server.url());
        let on_the_wire = wiremock::http::Url::parse(&url).expect("a URL");
        let wire_target = format!(
            "{}?{}",
            on_the_wire.path(),
            on_the_wire.query().unwrap_or_default()
        );
        let req_target = recorded_target(&server, &wire_target).await;
        let req = server.last_request().expect("recorded");
        assert_eq!(req_target, wire_target, "{written}");
        assert_eq!(req.target, sent, "{written}");
        assert_eq!(req.path(), "/a%2Fb/c%20d/100%25/d%C3%A9/caf%C3%A9");
        assert_eq!(req.query(), Some("q=a+b&r=%2B&s=%20&t=%25"));
        assert_eq!(
            req.query_pairs(),
            [("q", "a+b"), ("r", "+"), ("s", " "), ("t", "%")]
                .map(|(n, v)| (n.to_owned(), v.to_owned()))
        );
    }
}

#[tokio::test]
async fn an_indexed_handler_counts_every_request() {
    let server = MockServer::start_indexed(|_, n| match n {
        0 => Reply::empty(502),
        _ => Reply::text(200, format!("request {n}")),
    })
    .await;
    server.push_reply(Reply::empty(204));
    assert_eq!(recorded_target(&server, "/queued").await, "/queued");
    let answer = raw_exchange(
        &server,
        b"GET /second HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(answer.ends_with("request 1"), "{answer}");
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn percent_escapes_on_the_wire_are_recorded_byte_for_byte() {
    let server = MockServer::start(|_| Reply::empty(204)).await;
    for target in [
        "/a%2Fb/c%20d/100%25/d%C3%A9/%e2%9c%93",
        "/x?q=a+b&r=%2B&s=%20&t=%25",
        "/bad%zz%4",
        "//double",
        "/empty-query?",
    ] {
        assert_eq!(recorded_target(&server, target).await, target);
    }
}

/// What wiremock's `url::Url` changes in a raw request target. A client
/// built on `url::Url` (reqwest, hence the generated client) makes the same
/// changes before sending, so they never hide what it sent; a test about
/// raw bytes on the wire belongs to `raw_server`, which records heads as
/// received.
#[tokio::test]
async fn wiremock_normalises_dot_segments_backslashes_braces_and_raw_utf8() {
    let server = MockServer::start(|_| Reply::empty(204)).await;
    for (sent, recorded) in [
        ("/a/%2E%2E/b/./c", "/b/c"),
        ("/a/../b", "/b"),
        ("/x/a\\b", "/x/a/b"),
        ("/x/café", "/x/caf%C3%A9"),
        ("/x/{y}", "/x/%7By%7D"),
        ("/x?q='y'", "/x?q=%27y%27"),
    ] {
        assert_eq!(recorded_target(&server, sent).await, recorded, "{sent}");
    }
    // Characters a URL never holds raw are refused (400) before recording.
    let before = server.request_count();
    let answer = raw_exchange(
        &server,
        b"GET /x/<y> HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 400 "), "{answer}");
    assert_eq!(server.request_count(), before);
}

#[test]
fn percent_decoding_handles_bad_escapes() {
    assert_eq!(percent_decode("a%20b%2F%zz%4"), "a b/%zz%4");
    assert_eq!(percent_decode("d%C3%A9"), "dé");
    assert_eq!(percent_decode("a+b"), "a+b");
}
