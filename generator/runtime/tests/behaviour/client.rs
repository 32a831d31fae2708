//! The client against a local server: headers, base path prefixes,
//! products, redirects, retries, timeouts, bodies and tracing spans.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use gh_actions_mock::{MockServer, Reply};
use gh_actions_runtime::{Client, Error, Method, Operation, Product, Request, RetryPolicy};

static LIST: Operation = Operation {
    id: "actions/list-things",
    method: Method::GET,
    path: "/repos/{owner}/{repo}/things",
    products: &[Product::GitHubCom, Product::Ghes3_21],
};
static CREATE: Operation = Operation {
    id: "actions/create-thing",
    method: Method::POST,
    path: "/repos/{owner}/{repo}/things",
    products: &[Product::GitHubCom, Product::Ghes3_21, Product::Ghes2_22],
};

#[tokio::test]
async fn requests_carry_api_headers_and_append_to_the_base_path() {
    let server = MockServer::start(|_| Reply::json_text(200, "{}")).await;
    let client = Client::builder()
        .base_url(format!("{}/api/v3", server.url()))
        .product(Product::Ghes3_21)
        .token("t0ken")
        .user_agent("my-app/1.0")
        .build()
        .unwrap();
    let mut req = Request::new(&CREATE, "/repos/o/r/things".to_owned());
    req.query("dry_run", &true);
    req.json_body(&serde_json::json!({"name": "x"})).unwrap();
    let resp = client.execute(req).await.unwrap();
    assert_eq!(resp.status(), 200);
    let seen = server.requests();
    assert_eq!(seen.len(), 1);
    let r = &seen[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.target, "/api/v3/repos/o/r/things?dry_run=true");
    assert_eq!(r.header("authorization"), Some("Bearer t0ken"));
    assert_eq!(r.header("accept"), Some("application/vnd.github+json"));
    assert_eq!(r.header("x-github-api-version"), Some("2026-03-10"));
    assert_eq!(r.header("user-agent"), Some("my-app/1.0"));
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.body, br#"{"name":"x"}"#);
}

#[tokio::test]
async fn unavailable_operations_send_nothing() {
    let server = MockServer::start(|_| Reply::json_text(200, "[]")).await;
    let client = Client::builder()
        .base_url(server.url())
        .product(Product::Ghes2_22)
        .build()
        .unwrap();
    let err = client
        .execute(Request::new(&LIST, "/repos/o/r/things".to_owned()))
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        Error::Unavailable {
            operation: "actions/list-things",
            product: Product::Ghes2_22,
            ..
        }
    ));
    assert_eq!(
        err.to_string(),
        "actions/list-things is not available on GitHub Enterprise Server 2.22 (the product \
         set with `ClientBuilder::product`), so nothing was sent; to use another product, set \
         it with `ClientBuilder::product`"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn redirects_are_returned_not_followed() {
    let server = MockServer::start(|_| Reply::redirect("https://storage.invalid/logs.zip")).await;
    let client = Client::builder().base_url(server.url()).build().unwrap();
    let resp = client
        .execute(Request::new(&LIST, "/repos/o/r/things".to_owned()))
        .await
        .unwrap();
    assert_eq!(resp.status(), 302);
    assert_eq!(
        resp.download_url().unwrap().as_str(),
        "https://storage.invalid/logs.zip"
    );
}

#[tokio::test]
async fn server_errors_are_retried_when_the_policy_allows() {
    let server = MockServer::start_indexed(|_, n| match n {
        0 => Reply::json_text(502, r#"{"message":"bad gateway"}"#),
        _ => Reply::json_text(200, "{}"),
    })
    .await;
    let retrying = Client::builder()
        .base_url(server.url())
        .retry(RetryPolicy::new(2).base_delay(Duration::from_millis(1)))
        .build()
        .unwrap();
    let req = Request::new(&LIST, "/repos/o/r/things".to_owned());
    assert_eq!(retrying.execute(req.clone()).await.unwrap().status(), 200);
    assert_eq!(server.requests().len(), 2);

    let post = Request::new(&CREATE, "/repos/o/r/things".to_owned());
    let server = MockServer::start(|_| Reply::json_text(503, "")).await;
    let retrying = Client::builder()
        .base_url(server.url())
        .retry(RetryPolicy::new(3).base_delay(Duration::from_millis(1)))
        .build()
        .unwrap();
    assert_eq!(
        retrying.execute(post).await.unwrap_err().status(),
        Some(503)
    );
    assert_eq!(server.requests().len(), 1, "POST is not retried");
}

#[tokio::test]
async fn slow_answers_time_out() {
    let server =
        MockServer::start(|_| Reply::json_text(200, "{}").delayed(Duration::from_secs(2))).await;
    let client = Client::builder()
        .base_url(server.url())
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let err = client
        .execute(Request::new(&LIST, "/repos/o/r/things".to_owned()))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
}

#[tokio::test]
async fn bodiless_puts_send_content_length_zero() {
    static ENABLE: Operation = Operation {
        id: "actions/enable-workflow",
        method: Method::PUT,
        path: "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/enable",
        products: &[Product::GitHubCom],
    };
    let server = MockServer::start(|_| Reply::bytes(204, b"")).await;
    let client = Client::builder().base_url(server.url()).build().unwrap();
    let path = "/repos/o/r/actions/workflows/ci.yml/enable".to_owned();
    let resp = client.execute(Request::new(&ENABLE, path)).await.unwrap();
    assert_eq!(resp.status(), 204);
    let seen = &server.requests()[0];
    assert_eq!(seen.header("content-length"), Some("0"));
    assert_eq!(seen.header("content-type"), None);
}

#[tokio::test]
async fn bodies_go_with_their_own_content_type_and_header_params_arrive() {
    let server = MockServer::start_indexed(|_, n| match n {
        0 => Reply::bytes(200, "plain é".as_bytes()).header("content-type", "text/plain"),
        _ => Reply::bytes(200, [0, 0xFF]).header("content-type", "application/zip"),
    })
    .await;
    let client = Client::builder().base_url(server.url()).build().unwrap();

    #[derive(serde::Serialize)]
    struct Form {
        name: &'static str,
        tags: Vec<&'static str>,
        draft: Option<bool>,
    }
    let form = Form {
        name: "a b&c",
        tags: vec!["x", "y/z"],
        draft: None,
    };
    let mut req = Request::new(&CREATE, "/repos/o/r/things".to_owned());
    req.form_body(&form).unwrap();
    req.header_param("X-Request-Tag", &"tag 7").unwrap();
    let resp = client.execute(req).await.unwrap();
    assert_eq!(resp.text().unwrap(), "plain é");

    let mut req = Request::new(&CREATE, "/repos/o/r/things".to_owned());
    req.text_body("text/plain; charset=utf-8", "line one\nligne é".to_owned());
    let resp = client.execute(req).await.unwrap();
    assert_eq!(&resp.bytes()[..], [0, 0xFF]);

    let mut req = Request::new(&CREATE, "/repos/o/r/things".to_owned());
    req.bytes_body("application/octet-stream", vec![0x1F, 0x8B, 0]);
    client.execute(req).await.unwrap();

    let seen = server.requests();
    assert_eq!(seen.len(), 3);
    assert_eq!(
        seen[0].header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(seen[0].body, b"name=a+b%26c&tags=x&tags=y%2Fz");
    assert_eq!(seen[0].header("x-request-tag"), Some("tag 7"));
    assert_eq!(
        seen[1].header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(seen[1].body, "line one\nligne é".as_bytes());
    assert_eq!(seen[1].header("x-request-tag"), None);
    assert_eq!(
        seen[2].header("content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(seen[2].body, [0x1F, 0x8B, 0]);
}

#[tokio::test]
async fn an_invalid_content_type_is_refused_before_sending() {
    let server = MockServer::start(|_| Reply::json_text(200, "{}")).await;
    let client = Client::builder()
        .base_url(server.url())
        .retry(
            RetryPolicy::new(3)
                .base_delay(Duration::from_millis(1))
                .retry_non_idempotent(true),
        )
        .build()
        .unwrap();
    let mut req = Request::new(&CREATE, "/repos/o/r/things".to_owned());
    req.text_body("text/plain\r\nx-evil: 1", "x".to_owned());
    let err = client.execute(req).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidRequest {
                operation: "actions/create-thing",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.attempts(), 0);
    assert!(server.requests().is_empty());
}

/// Records every span field and event field as text.
#[derive(Default)]
struct Recorder {
    lines: std::sync::Mutex<Vec<String>>,
    next_id: std::sync::atomic::AtomicU64,
}

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn fmt::Debug) {
        self.0.push_str(&format!(" {}={:?}", field.name(), value));
    }
}

impl tracing::Subscriber for Recorder {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut line = format!("span {}", span.metadata().name());
        span.record(&mut Fields(&mut line));
        self.lines.lock().unwrap().push(line);
        let id = self
            .next_id
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        tracing::span::Id::from_u64(id + 1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut line = "record".to_owned();
        values.record(&mut Fields(&mut line));
        self.lines.lock().unwrap().push(line);
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut line = "event".to_owned();
        event.record(&mut Fields(&mut line));
        self.lines.lock().unwrap().push(line);
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

/// Tracing caches each callsite's interest process-wide, and that cache
/// races with tests running on other threads; so this test re-runs
/// itself alone in a child process.
#[test]
fn each_request_gets_a_span_without_the_token() {
    const CHILD: &str = "GH_ACTIONS_TRACING_TEST_CHILD";
    if std::env::var_os(CHILD).is_none() {
        let module = module_path!().split_once("::").map_or("", |(_, rest)| rest);
        let name = format!("{module}::each_request_gets_a_span_without_the_token");
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([name.as_str(), "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD, "1")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stdout}\n{stderr}");
        assert!(
            stdout.contains("1 passed"),
            "the child ran no test: {stdout}"
        );
        return;
    }
    let recorder = Arc::new(Recorder::default());
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let server = MockServer::start_indexed(|_, n| match n {
            0 => Reply::json_text(500, "{}"),
            _ => Reply::json_text(200, "{}"),
        })
        .await;
        let client = Client::builder()
            .base_url(server.url())
            .token("ghp_hidden")
            .retry(RetryPolicy::new(2).base_delay(Duration::from_millis(1)))
            .build()
            .unwrap();
        client
            .execute(Request::new(&LIST, "/repos/o/r/things".to_owned()))
            .await
            .unwrap();
    });
    let lines = recorder.lines.lock().unwrap().join("\n");
    assert!(
        lines.contains(
            "span github_request operation=\"actions/list-things\" method=GET path=\"/repos/{owner}/{repo}/things\""
        ),
        "{lines}"
    );
    assert!(lines.contains("record status=500"), "{lines}");
    assert!(lines.contains("record status=200"), "{lines}");
    assert!(lines.contains("retrying request"), "{lines}");
    assert!(!lines.contains("ghp_hidden"), "{lines}");
}
