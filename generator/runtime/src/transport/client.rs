//! `Client`: its shared settings, and sending one request with the API
//! headers, the token, retries and tracing, reading the answer within limits.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{
    AUTHORIZATION, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, HeaderName, HeaderValue,
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
use crate::vocabulary::operation::{ApiVersion, Operation, Product};
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
