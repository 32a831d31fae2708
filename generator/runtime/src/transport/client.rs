//! `Client`: its shared settings, and sending one request with the API
//! headers, the token, retries and tracing, reading the answer within limits.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{
    AUTHORIZATION, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, HeaderName,
    HeaderValue,
};
use reqwest::{Method, Url};
use tracing::Instrument as _;

use super::auth::{Auth, bearer};
use super::body::{ERROR_BODY_LIMIT, read_at_most, read_limited};
use super::error_answer;
use super::gzip::{self, GzipError};
use super::request::{Body, Request};
use super::response::Response;
use super::retry::RetryPolicy;
use crate::vocabulary::error::Error;
use crate::vocabulary::operation::{ApiVersion, Operation, Product, ProductSource};
use crate::vocabulary::rate_limit::RateLimit;

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
    /// Where `product` came from, for the errors that name it.
    pub(super) product_source: ProductSource,
    /// `Accept` and `X-GitHub-Api-Version` of the product and version, sent
    /// with each request (not among the HTTP client's defaults, so that a
    /// client for a product the server reported can share its connections).
    pub(super) product_headers: HeaderMap,
    pub(super) api_version: ApiVersion,
    pub(super) retry: RetryPolicy,
    pub(super) auth: Auth,
    /// The rate-limit state of the most recent answer that reported one.
    pub(super) last_rate_limit: Mutex<Option<RateLimit>>,
}

impl Client {
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
        self.execute_with(req, &self.inner.retry).await
    }

    /// [`execute`](Client::execute), retrying as `policy` allows instead of
    /// the client's own policy: a watch polls without retries (it polls
    /// again at its own pace), and the App token exchange has its own.
    pub(crate) async fn execute_with(
        &self,
        req: Request,
        policy: &RetryPolicy,
    ) -> Result<Response, Error> {
        if !req.op.products.contains(&self.inner.product) {
            return Err(Error::Unavailable {
                operation: req.op.id,
                product: self.inner.product,
                product_source: self.inner.product_source,
            });
        }
        let url = req.url(&self.inner.base)?;
        let Request {
            op,
            body,
            headers,
            hide_answer,
            ..
        } = req;
        let span = request_span(op);
        let sending = Sending {
            op,
            url,
            body,
            headers,
            hide_answer,
        };
        let attempts = self.attempts_with(sending, policy, span.clone());
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

    pub(crate) fn base(&self) -> &Url {
        &self.inner.base
    }

    pub(crate) fn downloads(&self) -> &reqwest::Client {
        &self.inner.downloads
    }

    pub(crate) fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    pub(crate) fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// Sends to an absolute API URL, retrying as the policy allows, and
    /// records the last status on `span`.
    pub(crate) async fn attempts(
        &self,
        op: &'static Operation,
        url: Url,
        body: Option<Body>,
        headers: Vec<(HeaderName, HeaderValue)>,
        span: tracing::Span,
    ) -> Result<Response, Error> {
        let sending = Sending {
            op,
            url,
            body,
            headers,
            hide_answer: false,
        };
        self.attempts_with(sending, &self.inner.retry, span).await
    }

    /// Sends `sending` until it succeeds or `policy` gives up.
    async fn attempts_with(
        &self,
        sending: Sending,
        policy: &RetryPolicy,
        span: tracing::Span,
    ) -> Result<Response, Error> {
        let op = sending.op;
        let mut attempts = 1;
        loop {
            // A token source that cannot give a token is not asked again by
            // this request's retries: it retries on its own terms (the App
            // token exchange does, once for all requests waiting on it).
            let authorization = self.authorization().await?;
            let result = self.send_once(&sending, authorization).await;
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
                    return Ok(sending.response(status, headers, body));
                }
                Err(error) => error,
            };
            let Some(delay) = policy.delay_before_retry(&op.method, &error, attempts) else {
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

    /// The `Authorization` header a token source gives, when the client
    /// has one (a fixed token is among the client's default headers).
    async fn authorization(&self) -> Result<Option<HeaderValue>, Error> {
        match &self.inner.auth {
            Auth::Source(source) => {
                let token = source.token().await?;
                Ok(Some(bearer(token.expose())?))
            }
            Auth::None | Auth::Fixed => Ok(None),
        }
    }

    async fn send_once(
        &self,
        sending: &Sending,
        authorization: Option<HeaderValue>,
    ) -> Result<(u16, reqwest::header::HeaderMap, Bytes), Error> {
        let Sending { op, url, .. } = sending;
        let timeout = self.inner.timeout;
        let mut builder = self
            .inner
            .api
            .request(op.method.clone(), url.clone())
            .headers(self.inner.product_headers.clone());
        if let Some(authorization) = authorization {
            builder = builder.header(AUTHORIZATION, authorization);
        }
        for (name, value) in &sending.headers {
            builder = builder.header(name.clone(), value.clone());
        }
        if let Some(body) = sending.body.clone() {
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
            .map_err(|e| Error::from_reqwest(op.id, e, timeout))?;
        let status = resp.status().as_u16();
        let headers = std::mem::take(resp.headers_mut());
        if let Some(limit) = RateLimit::from_headers(&headers) {
            *lock(&self.inner.last_rate_limit) = Some(limit);
        }
        let gzipped = headers
            .get(CONTENT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                let v = v.trim();
                v.eq_ignore_ascii_case("gzip") || v.eq_ignore_ascii_case("x-gzip")
            });
        if status >= 400 {
            // Only a message is made of an error body: read a bounded start
            // of it, and show its text, inflated within the same bound.
            let mut body = read_at_most(resp, ERROR_BODY_LIMIT).await;
            if gzipped {
                // Not gzip after all: the bytes are shown as they came.
                body = gzip::gunzip_prefix(&body, ERROR_BODY_LIMIT).map_or(body, Bytes::from);
            }
            return Err(error_answer::from_status(
                op.id,
                status,
                &headers,
                &body,
                chrono::Utc::now(),
                sending.hide_answer,
            ));
        }
        let mut body = read_limited(op.id, status, resp, self.inner.max_body, timeout).await?;
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
                    let response = sending.response(status, headers, body);
                    let source = serde::de::Error::custom(format!("gzip: {why}"));
                    return Err(response.decode_error(".", source));
                }
            };
        }
        Ok((status, headers, body))
    }
}

/// One request on its way: what every attempt sends.
struct Sending {
    op: &'static Operation,
    url: Url,
    body: Option<Body>,
    headers: Vec<(HeaderName, HeaderValue)>,
    /// The answer may hold a credential: errors never show its body.
    hide_answer: bool,
}

impl Sending {
    /// The answer to this request, as the generated code reads it.
    fn response(&self, status: u16, headers: reqwest::header::HeaderMap, body: Bytes) -> Response {
        let response = Response::new(self.op.id, status, headers, self.url.clone(), body);
        if self.hide_answer {
            response.hiding_body()
        } else {
            response
        }
    }
}

/// The span of one API request: it names the operation, never the token
/// or the full URL, and records the answer's status.
pub(crate) fn request_span(op: &'static Operation) -> tracing::Span {
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
