//! `Client` and its builder: configuration, headers, sending with retries.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use reqwest::header::{
    AUTHORIZATION, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, HeaderName, HeaderValue,
};
use reqwest::{Method, Url};
use tracing::Instrument as _;

use super::auth::{Auth, bearer};
use super::builder::ClientBuilder;
use super::download::{ERROR_BODY_LIMIT, read_at_most};
use super::error::Error;
use super::error_answer::{self, RateLimit};
use super::gzip::{self, GzipError};
use super::request::{Body, Request, Response};
use super::retry::RetryPolicy;

/// Static description of one endpoint.
#[derive(Debug)]
pub struct Operation {
    /// GitHub's operation id, such as `actions/list-workflow-runs-for-repo`.
    pub id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template, such as `/repos/{owner}/{repo}/actions/runs`.
    pub path: &'static str,
    /// The products on which the operation exists.
    pub products: &'static [Product],
}

pub use gh_actions_products::{ApiVersion, Product};

/// A GitHub Actions REST client.
///
/// Cheap to clone (the connection pool and settings are shared). Build one
/// with [`Client::builder`]:
///
/// ```no_run
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use gh_actions::{Client, Product};
/// let github = Client::builder()
///     .token(std::env::var("GITHUB_TOKEN")?)
///     .build()?;
/// let enterprise = Client::builder()
///     .base_url("https://github.example.com/api/v3")
///     .product(Product::Ghes3_21)
///     .build()?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(super) inner: Arc<Inner>,
}

/// The shared state of a [`Client`], filled in by the builder.
pub(super) struct Inner {
    /// Sends API requests; does not follow redirects.
    pub(super) api: reqwest::Client,
    /// Fetches download URLs: no API headers, no credentials.
    pub(super) downloads: reqwest::Client,
    /// Scheme, host and path prefix, without a trailing slash.
    pub(super) base_url: String,
    pub(super) base: Url,
    /// Whole-request timeout of API calls; per hop and per read for downloads.
    pub(super) timeout: Duration,
    /// Largest success body read from an API answer, in bytes.
    pub(super) max_body: u64,
    pub(super) product: Product,
    pub(super) api_version: ApiVersion,
    pub(super) retry: RetryPolicy,
    pub(super) auth: Auth,
    /// The rate-limit state of the most recent answer that reported one.
    pub(super) last_rate_limit: Mutex<Option<RateLimit>>,
}

impl Client {
    /// A builder with the defaults: github.com, API version 2026-03-10, no
    /// token, 30 s timeout, no retries.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the environment GitHub's runners set
    /// (`GITHUB_TOKEN` or `GH_TOKEN`, `GITHUB_API_URL`); see
    /// [`ClientBuilder::from_env`].
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::from_env()?.build()
    }

    /// The base URL requests go to, such as `https://api.github.com`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The product the client is configured for.
    pub fn product(&self) -> Product {
        self.inner.product
    }

    /// The API version requested from github.com.
    pub fn api_version(&self) -> ApiVersion {
        self.inner.api_version
    }

    /// The rate-limit state (`x-ratelimit-*`) of the most recent answer
    /// that reported one, successful or not; `None` before the first.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        lock(&self.inner.last_rate_limit).clone()
    }

    /// Checks availability for the configured product (error, nothing
    /// sent), sends with headers, auth, retries and tracing; returns 2xx and
    /// 3xx answers, turns 4xx and 5xx into [`Error`].
    #[doc(hidden)]
    pub async fn execute(&self, req: Request) -> Result<Response, Error> {
        if !req.op.products.contains(&self.inner.product) {
            return Err(Error::Unavailable {
                operation: req.op.id,
                product: self.inner.product,
            });
        }
        let url = req.url(&self.inner.base)?;
        let Request {
            op, body, headers, ..
        } = req;
        let span = request_span(op);
        let attempts = self.attempts(op, url, body, headers, span.clone());
        // Without a subscriber that wants the span, entering and leaving it
        // on every poll is work for nothing.
        if span.is_disabled() {
            attempts.await
        } else {
            attempts.instrument(span).await
        }
    }

    /// Refuses, before anything is sent, a request that sets the body field
    /// `field` when the configured product is not among `products`, or when
    /// it is github.com and the configured API version is not among
    /// `api_versions` (an empty list admits every one).
    #[doc(hidden)]
    pub fn check_field(
        &self,
        op: &'static Operation,
        field: &'static str,
        products: &[Product],
        api_versions: &[ApiVersion],
    ) -> Result<(), Error> {
        let product = self.inner.product;
        let version = self.inner.api_version;
        let on_product = products.is_empty() || products.contains(&product);
        let on_version = !product.chooses_api_version()
            || api_versions.is_empty()
            || api_versions.contains(&version);
        if on_product && on_version {
            return Ok(());
        }
        Err(Error::FieldUnavailable {
            operation: op.id,
            field,
            product,
            api_version: product.chooses_api_version().then_some(version),
        })
    }

    pub(super) fn base(&self) -> &Url {
        &self.inner.base
    }

    pub(super) fn downloads(&self) -> &reqwest::Client {
        &self.inner.downloads
    }

    pub(super) fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    pub(super) fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// Sends to an absolute API URL, retrying as the policy allows, and
    /// records the last status on `span`.
    pub(super) async fn attempts(
        &self,
        op: &'static Operation,
        url: Url,
        body: Option<Body>,
        headers: Vec<(HeaderName, HeaderValue)>,
        span: tracing::Span,
    ) -> Result<Response, Error> {
        let mut attempts = 1;
        loop {
            let result = self.send_once(op, &url, body.clone(), &headers).await;
            let status = match &result {
                Ok((status, _, _)) => Some(*status),
                Err(error) => error.status(),
            };
            if let Some(status) = status {
                span.record("status", status);
            }
            let mut error = match result {
                // The API client follows no redirects, so the answer came from `url`.
                Ok((status, headers, body)) => {
                    return Ok(Response::new(op.id, status, headers, url, body));
                }
                Err(error) => error,
            };
            let Some(delay) = self
                .inner
                .retry
                .delay_before_retry(&op.method, &error, attempts)
            else {
                error.set_attempts(attempts);
                tracing::debug!(attempts, %error, "request failed");
                return Err(error);
            };
            tracing::warn!(
                attempts,
                delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                %error,
                "retrying request"
            );
            tokio::time::sleep(delay).await;
            attempts += 1;
        }
    }

    async fn send_once(
        &self,
        op: &'static Operation,
        url: &Url,
        body: Option<Body>,
        extra_headers: &[(HeaderName, HeaderValue)],
    ) -> Result<(u16, reqwest::header::HeaderMap, Bytes), Error> {
        let mut builder = self.inner.api.request(op.method.clone(), url.clone());
        if let Auth::Source(source) = &self.inner.auth {
            let token = source.token().await?;
            builder = builder.header(AUTHORIZATION, bearer(token.expose())?);
        }
        for (name, value) in extra_headers {
            builder = builder.header(name.clone(), value.clone());
        }
        if let Some(body) = body {
            // An invalid content type fails the send as `InvalidRequest`
            // (a builder error), never retried, instead of panicking here.
            builder = builder
                .header(CONTENT_TYPE, body.content_type)
                .body(body.bytes);
        } else if matches!(op.method, Method::POST | Method::PUT | Method::PATCH) {
            // GitHub asks for `Content-Length: 0` on bodiless PUTs and POSTs;
            // the HTTP client leaves it out unless told.
            builder = builder
                .header(CONTENT_LENGTH, HeaderValue::from_static("0"))
                .body(Bytes::new());
        }
        let mut resp = builder
            .send()
            .await
            .map_err(|e| Error::from_reqwest(op.id, e))?;
        let status = resp.status().as_u16();
        let headers = std::mem::take(resp.headers_mut());
        if let Some(limit) = RateLimit::from_headers(&headers) {
            *lock(&self.inner.last_rate_limit) = Some(limit);
        }
        let gzipped = headers
            .get(CONTENT_ENCODING)
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"gzip"));
        if status >= 400 {
            // Only a message is made of an error body: read a bounded start of it.
            let mut body = read_at_most(resp, ERROR_BODY_LIMIT).await;
            if gzipped {
                // A cut or broken member keeps its raw bytes for the snippet.
                body = gzip::gunzip(&body, ERROR_BODY_LIMIT).map_or(body, Bytes::from);
            }
            return Err(error_answer::from_status(
                op.id,
                status,
                &headers,
                &body,
                chrono::Utc::now(),
            ));
        }
        let mut body = read_limited(op.id, status, resp, self.inner.max_body).await?;
        if gzipped {
            let limit = usize::try_from(self.inner.max_body).unwrap_or(usize::MAX);
            body = match gzip::gunzip(&body, limit) {
                Ok(inflated) => Bytes::from(inflated),
                Err(GzipError::TooLarge) => {
                    return Err(Error::BodyTooLarge {
                        operation: op.id,
                        status,
                        limit: self.inner.max_body,
                    });
                }
                Err(GzipError::Malformed(why)) => {
                    let response = Response::new(op.id, status, headers, url.clone(), body);
                    let source = serde::de::Error::custom(format!("gzip: {why}"));
                    return Err(response.decode_error(".", source));
                }
            };
        }
        Ok((status, headers, body))
    }
}

/// The span of one API request: it names the operation, never the token
/// or the full URL, and records the answer's status.
pub(super) fn request_span(op: &'static Operation) -> tracing::Span {
    tracing::info_span!(
        "github_request",
        operation = op.id,
        method = %op.method,
        path = op.path,
        status = tracing::field::Empty,
    )
}

/// Locks a mutex whose data stays valid even if a holder panicked.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Reads a success body, failing as soon as it passes `limit` bytes (an
/// announced `Content-Length` over the limit fails before reading).
async fn read_limited(
    operation: &'static str,
    status: u16,
    mut resp: reqwest::Response,
    limit: u64,
) -> Result<Bytes, Error> {
    let too_large = || Error::BodyTooLarge {
        operation,
        status,
        limit,
    };
    if resp.content_length().is_some_and(|n| n > limit) {
        return Err(too_large());
    }
    let capacity = usize::try_from(resp.content_length().unwrap_or(0)).unwrap_or(0);
    // Most API answers arrive in one chunk: keep it as is, without a copy.
    let mut single: Option<Bytes> = None;
    let mut joined = BytesMut::new();
    let mut total = 0u64;
    while let Some(chunk) = resp
        .chunk()
        .await
        .map_err(|e| Error::from_reqwest(operation, e))?
    {
        total += chunk.len() as u64;
        if total > limit {
            return Err(too_large());
        }
        if single.is_none() && joined.is_empty() {
            single = Some(chunk);
            continue;
        }
        if let Some(first) = single.take() {
            joined.reserve(capacity.max(first.len() + chunk.len()));
            joined.extend_from_slice(&first);
        }
        joined.extend_from_slice(&chunk);
    }
    Ok(single.unwrap_or_else(|| joined.freeze()))
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let token = self.inner.auth.is_set().then_some("<redacted>");
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("product", &self.inner.product)
            .field("api_version", &self.inner.api_version)
            .field("token", &token)
            .field("timeout", &self.inner.timeout)
            .field("max_body_size", &self.inner.max_body)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_server::{Answer, TestServer};

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
        let server = TestServer::start(|_| Answer::json(200, "{}")).await;
        let client = Client::builder()
            .base_url(format!("{}/api/v3", server.url))
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
        let server = TestServer::start(|_| Answer::json(200, "[]")).await;
        let client = Client::builder()
            .base_url(&server.url)
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
                product: Product::Ghes2_22
            }
        ));
        assert_eq!(
            err.to_string(),
            "actions/list-things is not available on GitHub Enterprise Server 2.22"
        );
        assert!(server.requests().is_empty());
    }

    #[tokio::test]
    async fn redirects_are_returned_not_followed() {
        let server =
            TestServer::start(|_| Answer::redirect("https://storage.invalid/logs.zip")).await;
        let client = Client::builder().base_url(&server.url).build().unwrap();
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
        let server = TestServer::start(|n| match n {
            0 => Answer::json(502, r#"{"message":"bad gateway"}"#),
            _ => Answer::json(200, "{}"),
        })
        .await;
        let retrying = Client::builder()
            .base_url(&server.url)
            .retry(RetryPolicy::new(2).base_delay(Duration::from_millis(1)))
            .build()
            .unwrap();
        let req = Request::new(&LIST, "/repos/o/r/things".to_owned());
        assert_eq!(retrying.execute(req.clone()).await.unwrap().status(), 200);
        assert_eq!(server.requests().len(), 2);

        let post = Request::new(&CREATE, "/repos/o/r/things".to_owned());
        let server = TestServer::start(|_| Answer::json(503, "")).await;
        let retrying = Client::builder()
            .base_url(&server.url)
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
            TestServer::start(|_| Answer::json(200, "{}").delayed(Duration::from_secs(2))).await;
        let client = Client::builder()
            .base_url(&server.url)
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
        let server = TestServer::start(|_| Answer::bytes(204, b"")).await;
        let client = Client::builder().base_url(&server.url).build().unwrap();
        let path = "/repos/o/r/actions/workflows/ci.yml/enable".to_owned();
        let resp = client.execute(Request::new(&ENABLE, path)).await.unwrap();
        assert_eq!(resp.status(), 204);
        let seen = &server.requests()[0];
        assert_eq!(seen.header("content-length"), Some("0"));
        assert_eq!(seen.header("content-type"), None);
    }

    #[tokio::test]
    async fn bodies_go_with_their_own_content_type_and_header_params_arrive() {
        let server = TestServer::start(|n| match n {
            0 => Answer::bytes(200, "plain é".as_bytes()).header("content-type", "text/plain"),
            _ => Answer::bytes(200, &[0, 0xFF]).header("content-type", "application/zip"),
        })
        .await;
        let client = Client::builder().base_url(&server.url).build().unwrap();

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
        let server = TestServer::start(|_| Answer::json(200, "{}")).await;
        let client = Client::builder()
            .base_url(&server.url)
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
            let server = TestServer::start(|n| match n {
                0 => Answer::json(500, "{}"),
                _ => Answer::json(200, "{}"),
            })
            .await;
            let client = Client::builder()
                .base_url(&server.url)
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
}
