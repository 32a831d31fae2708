//! GitHub App token exchanges under hostile or failing servers: no error
//! shows the installation token, whatever shape the answer has; one
//! exchange runs at a time and its result, success or failure, is shared;
//! every caller waits at most its own timeout; what is not a token is not
//! kept.
#![cfg(feature = "app-auth")]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use gh_actions_mock::{MockServer, Reply};
use gh_actions_runtime::auth::AppCredentials;
use gh_actions_runtime::{Client, Error, Method, RetryPolicy};

use crate::raw_tcp::RawServer;

const KEY: &str = include_str!("../data/test-app-key.pem");
const TOKEN: &str = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";
const EXCHANGE: &str = "/app/installations/777/access_tokens";

fn app() -> AppCredentials {
    AppCredentials::new("12345", KEY, 777)
}

fn in_an_hour() -> String {
    (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339()
}

async fn call(gh: &Client) -> Result<serde_json::Value, Error> {
    gh.request(Method::GET, "/repos/o/r/actions/runs")
        .send()
        .await
}

/// Every text an error gives: `Display` and `Debug` of it and of each
/// source below it.
fn every_text(error: &Error) -> Vec<String> {
    let mut texts = vec![error.to_string(), format!("{error:?}")];
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        texts.push(inner.to_string());
        texts.push(format!("{inner:?}"));
        source = inner.source();
    }
    texts
}

/// `data` as a gzip member of stored (uncompressed) deflate blocks, so the
/// compressed bytes hold the text as it is, with a CRC that does not match.
fn stored_gzip_with_a_bad_crc(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    let len = u16::try_from(data.len()).unwrap();
    out.push(1);
    out.extend(len.to_le_bytes());
    out.extend((!len).to_le_bytes());
    out.extend(data);
    out.extend(0xdead_beef_u32.to_le_bytes());
    out.extend(u32::from(len).to_le_bytes());
    out
}

#[tokio::test]
async fn no_exchange_failure_shows_the_token() {
    let good_body = format!(
        r#"{{"token": "{TOKEN}", "expires_at": "{}"}}"#,
        in_an_hour()
    );
    let shapes: Vec<(&str, Reply)> = vec![
        (
            "201, unreadable expires_at",
            Reply::json_text(
                201,
                format!(r#"{{"token": "{TOKEN}", "expires_at": "soon ({TOKEN})"}}"#),
            ),
        ),
        (
            "201, expires_at a number",
            Reply::json_text(201, format!(r#"{{"token": "{TOKEN}", "expires_at": 17}}"#)),
        ),
        ("203", Reply::json_text(203, good_body.clone())),
        ("202", Reply::json_text(202, good_body.clone())),
        (
            "302 to a URL with the token",
            Reply::redirect(format!("https://elsewhere.example/?token={TOKEN}")),
        ),
        (
            "201, no expires_at",
            Reply::json_text(201, format!(r#"{{"token": "{TOKEN}"}}"#)),
        ),
        (
            "201, token under another name",
            Reply::json_text(
                201,
                format!(r#"{{"tok": "{TOKEN}", "expires_at": "{}"}}"#, in_an_hour()),
            ),
        ),
        (
            "201, token not a string",
            Reply::json_text(
                201,
                format!(
                    r#"{{"token": ["{TOKEN}"], "expires_at": "{}"}}"#,
                    in_an_hour()
                ),
            ),
        ),
        (
            "201, token as an object key",
            Reply::json_text(201, format!(r#"{{"{TOKEN}": 1, "expires_at": 2}}"#)),
        ),
        (
            "201, not JSON",
            Reply::text(201, format!("token={TOKEN}&expires_at=never")),
        ),
        (
            "201, JSON cut short",
            Reply::json_text(201, format!(r#"{{"token": "{TOKEN}", "expires_at": "20"#)),
        ),
        (
            "201, gzip that does not check out",
            Reply::bytes(201, stored_gzip_with_a_bad_crc(good_body.as_bytes()))
                .header("content-encoding", "gzip"),
        ),
        (
            "500, the token in an HTML body",
            Reply::html(500, format!("<html>token {TOKEN}</html>")),
        ),
        (
            "401, the token in GitHub's message",
            Reply::json_text(
                401,
                format!(
                    r#"{{"message": "Bad credentials: {TOKEN}", "documentation_url": "https://x/{TOKEN}"}}"#
                ),
            ),
        ),
        (
            "422, the token in the errors list",
            Reply::json_text(
                422,
                format!(
                    r#"{{"message": "Validation Failed", "errors": [{{"value": "{TOKEN}", "{TOKEN}": 1}}]}}"#
                ),
            ),
        ),
        (
            "403, a secondary limit naming the token",
            Reply::json_text(
                403,
                format!(r#"{{"message": "You have exceeded a secondary rate limit ({TOKEN})"}}"#),
            )
            .header("retry-after", "600"),
        ),
    ];
    for (shape, reply) in shapes {
        let server = MockServer::start(move |_| reply.clone()).await;
        let gh = Client::builder()
            .base_url(server.url())
            .app_installation(app())
            .build()
            .unwrap();
        let err = call(&gh).await.expect_err(shape);
        assert!(matches!(err, Error::Auth { .. }), "{shape}: {err:?}");
        for text in every_text(&err) {
            assert!(!text.contains(TOKEN), "{shape}: the token in {text}");
            assert!(
                !text.contains("16C7e42F"),
                "{shape}: part of the token in {text}"
            );
        }
        assert!(
            server.requests().iter().all(|r| r.path() == EXCHANGE),
            "{shape}: no API request went without a token"
        );
    }
}

#[tokio::test]
async fn a_token_answer_cut_short_shows_no_token() {
    let server = RawServer::start(|_| {
        let body = format!(r#"{{"token": "{TOKEN}", "expires_at": "#);
        format!(
            "HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: 400\r\n\r\n{body}"
        )
        .into_bytes()
    })
    .await;
    let gh = Client::builder()
        .base_url(server.url())
        .timeout(Duration::from_secs(2))
        .app_installation(app())
        .build()
        .unwrap();
    let err = call(&gh).await.unwrap_err();
    assert!(matches!(err, Error::Auth { .. }), "{err:?}");
    for text in every_text(&err) {
        assert!(!text.contains(TOKEN), "the token in {text}");
    }
    // A cut answer is a transport failure: the exchange tried again, within bounds.
    assert!((1..=3).contains(&server.request_count()));
}

#[tokio::test]
async fn concurrent_callers_of_a_hanging_exchange_each_end_at_their_own_timeout() {
    let server = MockServer::start(|_| {
        Reply::json_text(
            201,
            r#"{"token": "ghs_late", "expires_at": "2099-01-01T00:00:00Z"}"#,
        )
        .delayed(Duration::from_secs(30))
    })
    .await;
    let timeout = Duration::from_secs(1);
    let gh = Client::builder()
        .base_url(server.url())
        .timeout(timeout)
        .app_installation(app())
        .build()
        .unwrap();
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let gh = gh.clone();
            tokio::spawn(async move {
                let started = Instant::now();
                let result = call(&gh).await;
                (started.elapsed(), result)
            })
        })
        .collect();
    for handle in calls {
        let (took, result) = handle.await.unwrap();
        let err = result.unwrap_err();
        assert!(
            took >= timeout.mul_f64(0.9) && took < timeout.mul_f64(1.5),
            "a caller ended after {took:?}: {err}"
        );
        assert!(matches!(err, Error::Auth { .. }), "{err:?}");
        assert!(err.to_string().contains("1 s"), "{err}");
    }
    assert_eq!(server.request_count(), 1, "one exchange for all");
}

/// A server whose exchange answers `status` and whose API answers 200,
/// counting exchanges.
async fn failing_exchange(status: u16) -> (MockServer, Arc<AtomicUsize>) {
    let exchanges = Arc::new(AtomicUsize::new(0));
    let count = exchanges.clone();
    let server = MockServer::start(move |seen| {
        if seen.path() == EXCHANGE {
            count.fetch_add(1, Ordering::SeqCst);
            return Reply::json_text(status, r#"{"message": "Server Error"}"#);
        }
        Reply::json_text(200, "{}")
    })
    .await;
    (server, exchanges)
}

#[tokio::test]
async fn concurrent_callers_of_a_failing_exchange_share_one_bounded_exchange() {
    let (server, exchanges) = failing_exchange(500).await;
    let gh = Client::builder()
        .base_url(server.url())
        .retry(RetryPolicy::new(3).base_delay(Duration::from_millis(10)))
        .app_installation(app())
        .build()
        .unwrap();
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let gh = gh.clone();
            tokio::spawn(async move { call(&gh).await })
        })
        .collect();
    for handle in calls {
        let err = handle.await.unwrap().unwrap_err();
        let Error::Auth { source, .. } = &err else {
            panic!("{err:?}")
        };
        let exchange = source
            .as_ref()
            .and_then(|s| s.downcast_ref::<Arc<Error>>())
            .expect("the exchange's error");
        assert_eq!(exchange.status(), Some(500));
        assert_eq!(exchange.attempts(), 3, "the exchange's own retries");
    }
    assert_eq!(
        exchanges.load(Ordering::SeqCst),
        3,
        "one exchange, tried three times, for eight callers"
    );
    // Callers right after it get its failure without another exchange.
    call(&gh).await.unwrap_err();
    call(&gh).await.unwrap_err();
    assert_eq!(exchanges.load(Ordering::SeqCst), 3);
    assert_eq!(server.request_count(), 3, "no API request without a token");
}

#[tokio::test]
async fn the_api_calls_retry_policy_does_not_repeat_a_failed_exchange() {
    let (server, exchanges) = failing_exchange(502).await;
    let gh = Client::builder()
        .base_url(server.url())
        .retry(RetryPolicy::new(3).base_delay(Duration::from_millis(10)))
        .app_installation(app())
        .build()
        .unwrap();
    for _ in 0..3 {
        let err = call(&gh).await.unwrap_err();
        assert_eq!(err.attempts(), 0, "no API request was sent: {err}");
    }
    assert!(
        exchanges.load(Ordering::SeqCst) <= 3,
        "{} exchanges for three calls",
        exchanges.load(Ordering::SeqCst)
    );
    // A client error is not retried at all.
    let (server, exchanges) = failing_exchange(401).await;
    let gh = Client::builder()
        .base_url(server.url())
        .app_installation(app())
        .build()
        .unwrap();
    call(&gh).await.unwrap_err();
    assert_eq!(exchanges.load(Ordering::SeqCst), 1);
    drop(server);
}

#[tokio::test]
async fn an_empty_or_broken_token_is_refused_not_kept() {
    for (bad, why) in [
        ("", "empty"),
        ("ghs_abc\\r\\nx-evil: 1", "not a token"),
        ("ghs abc", "not a token"),
    ] {
        let exchanges = Arc::new(AtomicUsize::new(0));
        let count = exchanges.clone();
        let bad = bad.to_owned();
        let server = MockServer::start(move |seen| {
            if seen.path() == EXCHANGE {
                // The first answer is not a token; the next ones are.
                let n = count.fetch_add(1, Ordering::SeqCst);
                let token = if n == 0 { bad.as_str() } else { "ghs_good" };
                return Reply::json_text(
                    201,
                    format!(
                        r#"{{"token": "{token}", "expires_at": "{}"}}"#,
                        in_an_hour()
                    ),
                );
            }
            match seen.header("authorization") {
                Some("Bearer ghs_good") => Reply::json_text(200, r#"{"ok": true}"#),
                _ => Reply::json_text(401, r#"{"message": "Bad credentials"}"#),
            }
        })
        .await;
        let gh = Client::builder()
            .base_url(server.url())
            .app_installation(app())
            .build()
            .unwrap();
        let err = call(&gh).await.unwrap_err();
        assert!(err.to_string().contains(why), "{err}");
        // After the short hold of a failure, the next exchange is made.
        tokio::time::sleep(Duration::from_millis(1100)).await;
        assert_eq!(call(&gh).await.unwrap()["ok"], true);
        assert_eq!(exchanges.load(Ordering::SeqCst), 2);
    }
}

#[tokio::test]
async fn a_failed_refresh_keeps_the_token_that_has_not_expired() {
    let exchanges = Arc::new(AtomicUsize::new(0));
    let count = exchanges.clone();
    let server = MockServer::start(move |seen| {
        if seen.path() == EXCHANGE {
            if count.fetch_add(1, Ordering::SeqCst) > 0 {
                return Reply::json_text(500, "{}");
            }
            let expires = (chrono::Utc::now() + chrono::Duration::seconds(3)).to_rfc3339();
            return Reply::json_text(
                201,
                format!(r#"{{"token": "ghs_one", "expires_at": "{expires}"}}"#),
            );
        }
        Reply::json_text(200, r#"{"ok": true}"#)
    })
    .await;
    let gh = Client::builder()
        .base_url(server.url())
        .app_installation(app())
        .build()
        .unwrap();
    call(&gh).await.unwrap();
    // Half of its three seconds later the refresh is due; it fails, and the
    // token, still valid, is used.
    tokio::time::sleep(Duration::from_millis(1700)).await;
    call(&gh).await.unwrap();
    let last = server.requests().pop().unwrap();
    assert_eq!(last.header("authorization"), Some("Bearer ghs_one"));
    assert!(exchanges.load(Ordering::SeqCst) >= 2, "a refresh was tried");
}
