//! Hostile servers and misconfigured callers: credentials stay with the
//! configured origin, bodies are bounded, page loops end, errors leak no
//! secret, and what cannot succeed is not retried.

use std::time::{Duration, Instant};

use futures_util::StreamExt as _;
use reqwest::Method;

use gh_actions_mock::{MockServer, Reply};
use gh_actions_runtime::{Client, Error, Operation, Product, Request, RetryPolicy};

static LOGS: Operation = Operation {
    id: "actions/download-job-logs-for-workflow-run",
    method: Method::GET,
    path: "/repos/{owner}/{repo}/actions/jobs/{job_id}/logs",
    products: &[Product::GitHubCom],
};

static LIST: Operation = Operation {
    id: "actions/list-things",
    method: Method::GET,
    path: "/repos/{owner}/{repo}/things",
    products: &[Product::GitHubCom],
};

/// `{"things": [...]}`: the list body of the tests.
#[derive(serde::Deserialize)]
struct Things {
    things: Vec<u32>,
}

impl gh_actions_runtime::ListBody for Things {
    type Item = u32;
    fn into_parts(self) -> (Option<i64>, Vec<u32>) {
        (None, self.things)
    }
}

fn list_request() -> Request {
    Request::new(&LIST, "/repos/o/r/things".to_owned())
}

fn page(items: &[u32], next: Option<String>) -> Reply {
    let body = serde_json::json!({ "things": items }).to_string();
    let answer = Reply::json_text(200, body.clone());
    match next {
        Some(url) => answer.header("link", format!("<{url}>; rel=\"next\"")),
        None => answer,
    }
}

/// Collects a stream: the items, and the error that ended it, if any.
async fn drain(client: &Client) -> (Vec<u32>, Option<Error>) {
    let mut stream = client.stream::<Things>(Ok(list_request()));
    let mut items = Vec::new();
    while let Some(next) = stream.next().await {
        match next {
            Ok(item) => items.push(item),
            Err(e) => return (items, Some(e)),
        }
    }
    (items, None)
}

#[tokio::test]
async fn a_callers_client_with_default_redirects_leaks_no_token_across_a_multi_hop_chain() {
    let second = MockServer::start(|_| Reply::bytes(200, b"the archive")).await;
    let hop_to_second = format!("{}/final.zip?sig=s3", second.url());
    // The first storage host redirects twice on itself, then to the second.
    let first = MockServer::start_indexed(move |_, n| match n {
        0 => Reply::redirect("/hop-2?sig=s2"),
        _ => Reply::redirect(&hop_to_second),
    })
    .await;
    let first_hop = format!("{}/hop-1?sig=s1", first.url());
    let api = MockServer::start(move |_| Reply::redirect(&first_hop)).await;

    // Both HTTP clients come from the caller, with reqwest's default policy
    // (follow up to ten redirects, restoring headers on each hop).
    let client = Client::builder()
        .base_url(api.url())
        .token("SECRET-TOKEN")
        .http_client(reqwest::Client::builder())
        .download_client(reqwest::Client::builder())
        .build()
        .unwrap();
    let resp = client
        .execute(Request::new(&LOGS, "/repos/o/r/actions/jobs/1/logs".into()))
        .await
        .unwrap();
    assert_eq!(
        resp.status(),
        302,
        "the API answer is returned, not followed"
    );
    assert!(first.requests().is_empty(), "nothing reached storage yet");

    let url = resp.download_url().unwrap();
    let bytes = client.download(&url).await.unwrap().into_bytes().await;
    assert_eq!(&bytes.unwrap()[..], b"the archive");

    let hops: Vec<_> = first
        .requests()
        .into_iter()
        .chain(second.requests())
        .collect();
    let targets: Vec<&str> = hops.iter().map(|h| h.target.as_str()).collect();
    assert_eq!(
        targets,
        ["/hop-1?sig=s1", "/hop-2?sig=s2", "/final.zip?sig=s3"]
    );
    for hop in &hops {
        assert_eq!(hop.header("authorization"), None, "{}", hop.target);
        assert_eq!(hop.header("x-github-api-version"), None, "{}", hop.target);
        assert!(hop.headers.iter().all(|(_, v)| !v.contains("SECRET-TOKEN")));
    }
    assert_eq!(
        api.requests()[0].header("authorization"),
        Some("Bearer SECRET-TOKEN")
    );
}

#[tokio::test]
async fn downloads_end_a_redirect_loop() {
    let looping = MockServer::start(|_| Reply::redirect("/again")).await;
    let client = Client::builder().build().unwrap();
    let url = gh_actions_runtime::DownloadUrl::parse(&format!("{}/start", looping.url())).unwrap();
    let err = client.download(&url).await.unwrap_err();
    assert!(err.to_string().contains("more than 10 redirects"), "{err}");
    assert_eq!(looping.requests().len(), 11);
}

#[tokio::test]
async fn an_answer_over_the_body_limit_is_an_error_not_an_allocation() {
    let big = vec![b' '; 2 * 1024 * 1024];
    let server = MockServer::start(move |_| Reply::bytes(200, big.clone())).await;
    let client = Client::builder()
        .base_url(server.url())
        .max_body_size(1024 * 1024)
        .build()
        .unwrap();
    let err = client.execute(list_request()).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::BodyTooLarge {
                limit: 1_048_576,
                status: 200,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("larger than the limit of 1048576 bytes"),
        "{err}"
    );

    // At the limit exactly, the body is read.
    let exact = vec![b' '; 1024];
    let server = MockServer::start(move |_| Reply::bytes(200, exact.clone())).await;
    let client = Client::builder()
        .base_url(server.url())
        .max_body_size(1024)
        .build()
        .unwrap();
    assert_eq!(client.execute(list_request()).await.unwrap().status(), 200);
}

#[tokio::test]
async fn an_error_body_is_read_only_up_to_a_small_bound() {
    let mut body = br#"{"message": "Bad credentials", "padding": ""#.to_vec();
    body.extend(std::iter::repeat_n(b'x', 4 * 1024 * 1024));
    body.extend(br#""}"#);
    let server =
        MockServer::start(move |_| Reply::json_text(401, std::str::from_utf8(&body).unwrap()))
            .await;
    let client = Client::builder().base_url(server.url()).build().unwrap();
    let err = client.execute(list_request()).await.unwrap_err();
    // Cut at 64 KiB, the body is no longer JSON: the message is a snippet.
    assert_eq!(err.status(), Some(401));
    assert!(err.to_string().contains("Bad credentials"), "{err}");
    assert!(
        err.to_string().len() < 1024,
        "{} bytes",
        err.to_string().len()
    );
}

#[tokio::test]
async fn page_cycles_of_two_and_three_pages_end_with_an_error() {
    for cycle in [2usize, 3] {
        let base = std::sync::Arc::new(std::sync::OnceLock::<String>::new());
        let url = base.clone();
        // Page n links to page (n % cycle) + 1: 1 -> 2 -> ... -> cycle -> 1.
        let server = MockServer::start_indexed(move |_, n| {
            let next = (n % cycle) + 2;
            let next = if next > cycle { 1 } else { next };
            let base = url.get().cloned().unwrap_or_default();
            page(
                &[n as u32],
                Some(format!("{base}/repos/o/r/things?page={next}")),
            )
        })
        .await;
        base.set(server.url().clone()).unwrap();
        let client = Client::builder().base_url(server.url()).build().unwrap();
        let (items, err) = drain(&client).await;
        let err = err.expect("the stream ends with an error");
        assert!(matches!(err, Error::PaginationCycle { .. }), "{err:?}");
        assert!(
            err.to_string()
                .contains("links back to a page already read"),
            "{err}"
        );
        // The first page has no `page=` parameter, so page 1 is fetched
        // twice (as the first request and as `page=1`) before the repeat.
        assert_eq!(server.requests().len(), cycle + 1, "cycle of {cycle}");
        assert_eq!(items.len(), cycle + 1);
    }
}

#[tokio::test]
async fn alternating_cursors_end_with_an_error() {
    let base = std::sync::Arc::new(std::sync::OnceLock::<String>::new());
    let url = base.clone();
    let server = MockServer::start_indexed(move |_, n| {
        let cursor = if n % 2 == 0 { "A" } else { "B" };
        let base = url.get().cloned().unwrap_or_default();
        page(
            &[1],
            Some(format!("{base}/repos/o/r/things?after={cursor}")),
        )
    })
    .await;
    base.set(server.url().clone()).unwrap();
    let client = Client::builder().base_url(server.url()).build().unwrap();
    let (_, err) = drain(&client).await;
    assert!(
        matches!(err, Some(Error::PaginationCycle { .. })),
        "{err:?}"
    );
    // first, after=A, after=B; the next after=A is not requested.
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn a_page_cap_ends_a_longer_list_with_an_error_after_its_items() {
    let base = std::sync::Arc::new(std::sync::OnceLock::<String>::new());
    let url = base.clone();
    let server = MockServer::start_indexed(move |_, n| {
        let base = url.get().cloned().unwrap_or_default();
        page(
            &[n as u32],
            Some(format!("{base}/repos/o/r/things?page={}", n + 2)),
        )
    })
    .await;
    base.set(server.url().clone()).unwrap();
    let client = Client::builder().base_url(server.url()).build().unwrap();
    let mut stream = client.stream::<Things>(Ok(list_request())).max_pages(2);
    let mut items = Vec::new();
    let err = loop {
        match stream.next().await {
            Some(Ok(item)) => items.push(item),
            Some(Err(e)) => break e,
            None => panic!("a capped endless list ended without an error"),
        }
    };
    assert_eq!(items, [0, 1]);
    assert!(matches!(err, Error::PageLimit { pages: 2, .. }), "{err:?}");
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn credentials_in_a_base_url_never_reach_an_error_message() {
    for url in [
        "https://x-access-token:SECRET@ghe.example.com/api/v3",
        "https://SECRET@ghe.example.com/api/v3",
        "https://x-access-token:SECRET@ghe example.com/api/v3",
        "https://x:SECRET@ghe.example.com/api/v3?token=SECRET",
    ] {
        let err = Client::builder().base_url(url).build().unwrap_err();
        assert!(
            matches!(err, Error::InvalidBaseUrl { .. }),
            "{url}: {err:?}"
        );
        assert!(!err.to_string().contains("SECRET"), "{url}: {err}");
        assert!(!format!("{err:?}").contains("SECRET"), "{url}: {err:?}");
    }
}

#[test]
fn plain_http_with_a_token_is_refused_unless_loopback_or_allowed() {
    let err = Client::builder()
        .base_url("http://ghe.example.com/api/v3")
        .token("t")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("allow_insecure_http"), "{err}");
    for ok in [
        "http://127.0.0.1:8080/api/v3",
        "http://localhost/api/v3",
        "http://[::1]:9/api/v3",
    ] {
        assert!(
            Client::builder().base_url(ok).token("t").build().is_ok(),
            "{ok}"
        );
    }
    assert!(
        Client::builder()
            .base_url("http://ghe.example.com/api/v3")
            .token("t")
            .allow_insecure_http(true)
            .build()
            .is_ok()
    );
    // Without a token there is nothing to protect.
    assert!(
        Client::builder()
            .base_url("http://ghe.example.com")
            .build()
            .is_ok()
    );
}

#[tokio::test]
async fn a_request_that_cannot_be_built_is_attempted_once_and_named_shortly() {
    let server = MockServer::start(|_| Reply::json_text(200, "{}")).await;
    let client = Client::builder()
        .base_url(server.url())
        .retry(RetryPolicy::new(5).base_delay(Duration::from_millis(200)))
        .build()
        .unwrap();
    let path = format!("/repos/o/r/things/{}", "a".repeat(70_000));
    let started = Instant::now();
    let err = client.execute(Request::new(&LIST, path)).await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_millis(200),
        "it was retried"
    );
    assert_eq!(err.attempts(), 0);
    assert!(server.requests().is_empty());
    assert!(
        err.to_string().len() < 500,
        "{} bytes",
        err.to_string().len()
    );
}

#[tokio::test]
async fn retried_errors_say_how_many_attempts_were_made() {
    let server = MockServer::start(|_| Reply::json_text(502, r#"{"message":"bad gateway"}"#)).await;
    let client = Client::builder()
        .base_url(server.url())
        .retry(RetryPolicy::new(3).base_delay(Duration::from_millis(1)))
        .build()
        .unwrap();
    let err = client.execute(list_request()).await.unwrap_err();
    assert_eq!(server.requests().len(), 3);
    assert_eq!(err.attempts(), 3);
    assert!(err.to_string().ends_with("(after 3 attempts)"), "{err}");

    let once = Client::builder().base_url(server.url()).build().unwrap();
    let err = once.execute(list_request()).await.unwrap_err();
    assert_eq!(err.attempts(), 1);
    assert!(!err.to_string().contains("attempts"), "{err}");
}

#[tokio::test]
async fn a_primary_limit_with_an_unreadable_reset_is_reported_not_retried() {
    let server = MockServer::start(|_| {
        Reply::json_text(403, r#"{"message":"API rate limit exceeded"}"#)
            .header("x-ratelimit-remaining", "0")
            .header("x-ratelimit-reset", "soon")
    })
    .await;
    let client = Client::builder()
        .base_url(server.url())
        .retry(RetryPolicy::new(4).base_delay(Duration::from_millis(1)))
        .build()
        .unwrap();
    let err = client.execute(list_request()).await.unwrap_err();
    assert!(err.is_rate_limited(), "{err:?}");
    assert_eq!(err.retry_after(), None);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_secondary_limit_does_not_claim_the_primary_reset_time() {
    let server = MockServer::start(|_| {
        Reply::json_text(
            403,
            r#"{"message":"You have exceeded a secondary rate limit"}"#,
        )
        .header("retry-after", "30")
        .header("x-ratelimit-remaining", "4000")
        .header("x-ratelimit-reset", "1893456000")
    })
    .await;
    let client = Client::builder().base_url(server.url()).build().unwrap();
    let err = client.execute(list_request()).await.unwrap_err();
    let text = err.to_string();
    assert!(text.contains("secondary rate limit"), "{text}");
    assert!(text.contains("retry after 30 s"), "{text}");
    assert!(!text.contains("resets at"), "{text}");
}

#[test]
fn a_user_agent_with_line_breaks_is_refused_without_echoing_them() {
    let err = Client::builder()
        .user_agent("app/1.0\r\nX-Injected: yes")
        .build()
        .unwrap_err();
    let text = err.to_string();
    assert!(!text.contains('\r') && !text.contains('\n'), "{text:?}");
    assert!(text.contains(r"app/1.0\r\nX-Injected: yes"), "{text}");
}

#[tokio::test]
async fn a_storage_error_body_is_bounded_and_a_silent_storage_host_times_out() {
    let huge = vec![b'x'; 4 * 1024 * 1024];
    let storage = MockServer::start_indexed(move |_, n| match n {
        0 => Reply::bytes(500, huge.clone()),
        _ => Reply::bytes(200, b"late").delayed(Duration::from_secs(5)),
    })
    .await;
    let client = Client::builder()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let url =
        gh_actions_runtime::DownloadUrl::parse(&format!("{}/a.zip?sig=SECRET", storage.url()))
            .unwrap();
    let err = client.download(&url).await.unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert!(
        err.to_string().len() < 1024,
        "{} bytes",
        err.to_string().len()
    );
    assert!(!err.to_string().contains("SECRET"), "{err}");

    let started = Instant::now();
    let err = client.download(&url).await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(err.to_string().contains("no answer within"), "{err}");
    assert!(!err.to_string().contains("SECRET"), "{err}");
}
