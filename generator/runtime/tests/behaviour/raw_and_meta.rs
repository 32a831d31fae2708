//! Raw requests, response metadata, the last rate-limit state and
//! configuration from the environment.

use std::collections::BTreeMap;

use futures_util::StreamExt as _;
use reqwest::Method;

use gh_actions_mock::{MockServer, Reply};
use gh_actions_runtime::{Client, Error, Product};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(format!("{}/api/v3", server.url()))
        .product(Product::Ghes3_21)
        .token("t0ken")
        .build()
        .unwrap()
}

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Cache {
    id: i64,
    key: String,
}

#[tokio::test]
async fn a_raw_get_encodes_its_parameters_and_sends_the_clients_headers() {
    let server = MockServer::start(|_| Reply::json_text(200, r#"{"id": 5, "key": "k/1"}"#)).await;
    let cache: Cache = client(&server)
        .request(Method::GET, "/repos/{owner}/{repo}/actions/caches/{key}")
        .param("owner", "octo org")
        .param("repo", "r")
        .param("key", "a/b%c")
        .query("ref", "refs/heads/main")
        .send()
        .await
        .unwrap();
    assert_eq!(
        cache,
        Cache {
            id: 5,
            key: "k/1".into()
        }
    );
    let seen = &server.requests()[0];
    assert_eq!(seen.method, "GET");
    assert_eq!(
        seen.target,
        "/api/v3/repos/octo%20org/r/actions/caches/a%2Fb%25c?ref=refs%2Fheads%2Fmain"
    );
    assert_eq!(seen.header("authorization"), Some("Bearer t0ken"));
    assert_eq!(seen.header("accept"), Some("application/vnd.github+json"));
    assert_eq!(seen.header("x-github-api-version"), Some("2026-03-10"));
}

#[tokio::test]
async fn a_raw_post_sends_any_serialize_body_and_gets_the_clients_errors() {
    let server = MockServer::start_indexed(|_, n| match n {
        0 => Reply::bytes(204, b""),
        _ => Reply::json_text(
            422,
            r#"{"message": "Validation Failed", "errors": [{"code": "invalid"}]}"#,
        )
        .header("x-github-request-id", "ABC:1"),
    })
    .await;
    let gh = client(&server);
    let mut body = BTreeMap::new();
    body.insert("labels", vec!["gpu", "x64"]);
    let answer = gh
        .request(
            Method::POST,
            "/repos/{owner}/{repo}/actions/runners/{id}/labels",
        )
        .param("owner", "o")
        .param("repo", "r")
        .param("id", 42)
        .json(&body)
        .send_with_meta::<()>()
        .await
        .unwrap();
    assert_eq!(answer.meta.status(), 204);
    let seen = &server.requests()[0];
    assert_eq!(seen.body, br#"{"labels":["gpu","x64"]}"#);
    assert_eq!(seen.header("content-type"), Some("application/json"));

    let err = gh
        .request(Method::POST, "/repos/o/r/actions/runners/42/labels")
        .json(&body)
        .send::<serde_json::Value>()
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.status, 422);
    assert_eq!(api.message, "Validation Failed");
    assert_eq!(api.errors.len(), 1);
    assert_eq!(err.request_id(), Some("ABC:1"));
    assert_eq!(
        err.operation(),
        Some("POST /repos/o/r/actions/runners/42/labels"),
        "a raw request's errors name its method and template"
    );
    assert!(
        err.to_string()
            .starts_with("POST /repos/o/r/actions/runners/42/labels: GitHub answered 422"),
        "{err}"
    );
}

#[tokio::test]
async fn a_raw_list_pages_and_streams_over_link_headers() {
    let base = std::sync::Arc::new(std::sync::OnceLock::<String>::new());
    let url = base.clone();
    let server = MockServer::start_indexed(move |seen, _| {
        let base = url.get().cloned().unwrap_or_default();
        match seen.target.ends_with("page=2") {
            false => Reply::json_text(
                200,
                r#"{"total_count": 3, "caches": [{"id": 1, "key": "a"}, {"id": 2, "key": "b"}]}"#,
            )
            .header(
                "link",
                format!("<{base}/api/v3/repos/o/r/actions/caches?page=2>; rel=\"next\""),
            ),
            _ => Reply::json_text(
                200,
                r#"{"total_count": 3, "caches": [{"id": 3, "key": "c"}]}"#,
            ),
        }
    })
    .await;
    base.set(server.url().clone()).unwrap();
    let gh = client(&server);
    let page = gh
        .request(Method::GET, "/repos/o/r/actions/caches")
        .page::<Cache>()
        .await
        .unwrap();
    assert_eq!(page.total_count, Some(3));
    assert_eq!(page.items.len(), 2);
    assert!(
        page.next
            .as_ref()
            .unwrap()
            .as_str()
            .ends_with("caches?page=2")
    );

    let all: Vec<i64> = gh
        .request(Method::GET, "/repos/o/r/actions/caches")
        .items_field("caches")
        .stream::<Cache>()
        .map(|c| c.unwrap().id)
        .collect()
        .await;
    assert_eq!(all, [1, 2, 3]);
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.header("authorization") == Some("Bearer t0ken"))
    );
}

#[tokio::test]
async fn raw_requests_refuse_what_would_go_to_the_wrong_place_before_sending() {
    let server = MockServer::start(|_| Reply::json_text(200, "{}")).await;
    let gh = client(&server);
    let cases = [
        (
            gh.request(Method::GET, "/repos/{owner}/x"),
            "no value for `{owner}`",
        ),
        (
            gh.request(Method::GET, "/repos/x").param("owner", "o"),
            "`owner` is not a parameter",
        ),
        (gh.request(Method::GET, "repos/x"), "must start with `/`"),
        (gh.request(Method::GET, "/repos/{owner"), "unclosed"),
        (
            gh.request(Method::HEAD, "/repos/x"),
            "method HEAD is not supported",
        ),
        (
            gh.request(Method::GET, "/x")
                .header("authorization", "Bearer other"),
            "set by the client",
        ),
        (
            gh.request(Method::GET, "/x").header("x-y", "a\r\nb"),
            "not a valid header value",
        ),
    ];
    for (request, expected) in cases {
        let err = request.send::<serde_json::Value>().await.unwrap_err();
        assert!(matches!(err, Error::InvalidRawRequest { .. }), "{err:?}");
        assert!(
            err.to_string().contains(expected),
            "{err} (wanted {expected})"
        );
    }
    // `..` as a parameter would climb out of the path: refused as for operations.
    let err = gh
        .request(Method::DELETE, "/repos/o/r/actions/secrets/{name}")
        .param("name", "..")
        .send::<()>()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidPathParameter { .. }), "{err:?}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn metadata_and_the_last_rate_limit_state_are_kept_after_a_success() {
    let server = MockServer::start_indexed(|_, n| {
        Reply::json_text(200, r#"{"id": 1, "key": "a"}"#)
            .header("etag", "W/\"abc\"")
            .header("last-modified", "Tue, 01 Dec 2026 04:00:00 GMT")
            .header("x-github-request-id", "REQ:7")
            .header("x-ratelimit-limit", "5000")
            .header("x-ratelimit-remaining", (4999 - n).to_string())
            .header("x-ratelimit-used", (1 + n).to_string())
            .header("x-ratelimit-reset", "1893456000")
            .header("x-ratelimit-resource", "core")
    })
    .await;
    let gh = client(&server);
    assert_eq!(gh.rate_limit(), None, "nothing seen yet");
    let answer = gh
        .request(Method::GET, "/repos/o/r/actions/caches/1")
        .send_with_meta::<Cache>()
        .await
        .unwrap();
    assert_eq!(answer.value.id, 1);
    assert_eq!(answer.meta.status(), 200);
    assert_eq!(answer.meta.etag(), Some("W/\"abc\""));
    assert_eq!(answer.meta.request_id(), Some("REQ:7"));
    assert_eq!(
        answer.meta.last_modified().map(|t| t.to_rfc3339()),
        Some("2026-12-01T04:00:00+00:00".to_owned())
    );
    let limit = answer.meta.rate_limit().unwrap();
    assert_eq!(
        (limit.limit, limit.remaining, limit.used),
        (Some(5000), Some(4999), Some(1))
    );
    assert_eq!(limit.resource.as_deref(), Some("core"));

    let _: Cache = gh
        .request(Method::GET, "/repos/o/r/actions/caches/1")
        .send()
        .await
        .unwrap();
    let last = gh.rate_limit().unwrap();
    assert_eq!(last.remaining, Some(4998), "the most recent answer wins");
    // Clones share the state.
    assert_eq!(gh.clone().rate_limit(), Some(last));
}

#[tokio::test]
async fn a_gzip_answer_is_asked_for_and_inflated_within_the_body_limit() {
    let json = format!(r#"{{"id": 9, "key": "{}"}}"#, "k".repeat(50_000));
    let packed = gzip(json.as_bytes());
    assert!(packed.len() < 1_000, "{} bytes", packed.len());
    let body = packed.clone();
    let server = MockServer::start(move |_| {
        Reply::bytes(200, body.clone())
            .header("content-type", "application/json")
            .header("content-encoding", "gzip")
    })
    .await;
    let gh = client(&server);
    let cache: Cache = gh.request(Method::GET, "/x").send().await.unwrap();
    assert_eq!((cache.id, cache.key.len()), (9, 50_000));
    assert_eq!(server.requests()[0].header("accept-encoding"), Some("gzip"));

    // A small member that inflates past the limit (a "zip bomb") stops there.
    let small = Client::builder()
        .base_url(format!("{}/api/v3", server.url()))
        .max_body_size(10_000)
        .build()
        .unwrap();
    let err = small
        .request(Method::GET, "/x")
        .send::<Cache>()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::BodyTooLarge { limit: 10_000, .. }),
        "{err:?}"
    );

    let broken = MockServer::start(|_| {
        Reply::bytes(200, b"\x1f\x8b\x08\x00 definitely not deflate data")
            .header("content-encoding", "gzip")
    })
    .await;
    let err = client(&broken)
        .request(Method::GET, "/x")
        .send::<Cache>()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("gzip"), "{err}");
}

/// `data` as one gzip member (RFC 1952): the deflate stream, then its CRC-32
/// and length.
pub(crate) fn gzip(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    out.extend(miniz_oxide::deflate::compress_to_vec(data, 6));
    out.extend(crc32(data).to_le_bytes());
    out.extend(
        u32::try_from(data.len())
            .expect("a small body")
            .to_le_bytes(),
    );
    out
}

/// CRC-32 (IEEE), bit by bit: fast enough for a test body.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
