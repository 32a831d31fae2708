//! The one error type of the crate and the details it carries.

use std::time::Duration;

use super::message::{after, duration_text};
use super::operation::{ApiVersion, Product, ProductSource};
use super::rate_limit::{RateLimit, RateLimitError};

/// Everything that can go wrong when talking to GitHub.
///
/// Match on the variant for details, or use the accessors
/// ([`status`](Error::status), [`request_id`](Error::request_id),
/// [`is_rate_limited`](Error::is_rate_limited),
/// [`retry_after`](Error::retry_after)) for the common questions.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// GitHub answered with an error status (4xx or 5xx) that is not a rate limit.
    #[error(transparent)]
    Api(Box<ApiError>),

    /// A primary or secondary rate limit stopped the request.
    #[error(transparent)]
    RateLimited(Box<RateLimitError>),

    /// The request could not be sent or its answer could not be read
    /// (connection refused, TLS failure, connection reset, ...).
    #[error("{operation}: could not reach GitHub: {source}{}", after(*attempts))]
    #[non_exhaustive]
    Transport {
        /// The operation id, such as `actions/list-workflow-runs-for-repo`.
        operation: &'static str,
        /// The underlying HTTP client error (without the URL).
        #[source]
        source: reqwest::Error,
        /// How many times the request was sent.
        attempts: u32,
    },

    /// No complete answer arrived within the configured timeout.
    #[error(
        "{operation}: no answer within the timeout of {}{}",
        duration_text(*limit),
        after(*attempts)
    )]
    #[non_exhaustive]
    Timeout {
        /// The operation id.
        operation: &'static str,
        /// The underlying HTTP client error (without the URL).
        #[source]
        source: reqwest::Error,
        /// The timeout each attempt had
        /// (`ClientBuilder::timeout`).
        limit: Duration,
        /// How many times the request was sent.
        attempts: u32,
    },

    /// The request could not be built on this side (a URL the HTTP client
    /// refuses, such as one longer than it supports). Sending it again
    /// cannot help, so it is never retried; nothing was sent.
    #[error("{operation}: the request cannot be built: {source}")]
    #[non_exhaustive]
    InvalidRequest {
        /// The operation id.
        operation: &'static str,
        /// The underlying HTTP client error (without the URL).
        #[source]
        source: reqwest::Error,
    },

    /// An answer body was larger than the limit set with
    /// `ClientBuilder::max_body_size`;
    /// reading stopped at the limit.
    #[error("{operation}: the {status} answer is larger than the limit of {limit} bytes")]
    #[non_exhaustive]
    BodyTooLarge {
        /// The operation id.
        operation: &'static str,
        /// The HTTP status code.
        status: u16,
        /// The limit in bytes.
        limit: u64,
    },

    /// A paginated list led back to a page it had already given (a cycle of
    /// `Link` URLs or cursors); the stream ends here instead of looping.
    #[error("{operation}: the list links back to a page already read: {url}")]
    #[non_exhaustive]
    PaginationCycle {
        /// The operation id.
        operation: &'static str,
        /// The repeated page URL, without query values that may be secret.
        url: String,
    },

    /// A list has more pages than the cap set with
    /// [`PageStream::max_pages`](crate::PageStream::max_pages); the items of
    /// the pages before it were given.
    #[error("{operation}: the list has more than {pages} pages, the cap set on the stream")]
    #[non_exhaustive]
    PageLimit {
        /// The operation id.
        operation: &'static str,
        /// The cap.
        pages: usize,
    },

    /// A successful answer did not have the documented shape.
    #[error(transparent)]
    Decode(Box<DecodeError>),

    /// GitHub answered with a success or redirect status that the operation
    /// does not document.
    #[error("{operation}: unexpected status {status}: {snippet}")]
    #[non_exhaustive]
    UnexpectedStatus {
        /// The operation id.
        operation: &'static str,
        /// The HTTP status code.
        status: u16,
        /// The `x-github-request-id` of the answer, if any.
        request_id: Option<String>,
        /// The start of the answer body.
        snippet: String,
    },

    /// The operation does not exist on the product the client is configured
    /// for; nothing was sent. The message says where that product came from
    /// and how to choose another (`ClientBuilder::product`, or
    /// `Client::detect_product` to ask an Enterprise Server its release).
    #[error(
        "{operation} is not available on {product} ({product_source}), so nothing was sent{}",
        product_source.advice(*product)
    )]
    #[non_exhaustive]
    Unavailable {
        /// The operation id.
        operation: &'static str,
        /// The configured product.
        product: Product,
        /// Where the configured product came from.
        product_source: ProductSource,
    },

    /// The request sets a body field that the configured product, or on
    /// github.com the configured API version, does not have (such as
    /// `return_run_details`, which only API version 2022-11-28 reads);
    /// nothing was sent.
    #[error(
        "{operation}: `{field}` is not available on {product}{}; nothing was sent",
        with_version(api_version)
    )]
    #[non_exhaustive]
    FieldUnavailable {
        /// The operation id.
        operation: &'static str,
        /// The body field, as named on the wire.
        field: &'static str,
        /// The configured product.
        product: Product,
        /// The configured API version, when the product is github.com.
        api_version: Option<ApiVersion>,
    },

    /// The base URL given to the builder cannot be used.
    #[error("invalid base URL `{url}`: {reason}")]
    #[non_exhaustive]
    InvalidBaseUrl {
        /// The URL as given.
        url: String,
        /// Why it was refused.
        reason: String,
    },

    /// Another builder setting cannot be used (token, user agent, TLS setup).
    #[error("invalid client configuration: {message}")]
    #[non_exhaustive]
    Config {
        /// What is wrong.
        message: String,
    },

    /// A request body could not be encoded as JSON.
    #[error("{operation}: could not encode the request body: {source}")]
    #[non_exhaustive]
    Encode {
        /// The operation id.
        operation: &'static str,
        /// The encoder's error.
        #[source]
        source: serde_json::Error,
    },

    /// A redirect answer carried no usable `Location` header.
    #[error("{operation}: the {status} answer has no usable Location header")]
    #[non_exhaustive]
    MissingLocation {
        /// The operation id.
        operation: &'static str,
        /// The HTTP status code.
        status: u16,
    },

    /// A `Link` header pointed to another origin than the configured base
    /// URL; it was not followed, so the token stays with GitHub.
    #[error("{operation}: refusing to follow a page link to another origin: {url}")]
    #[non_exhaustive]
    ForeignLink {
        /// The operation id.
        operation: &'static str,
        /// The link as GitHub sent it, without user info or query.
        url: String,
    },

    /// Downloading from a [`DownloadUrl`](crate::DownloadUrl) failed.
    #[error(transparent)]
    Download(Box<DownloadError>),

    /// A path parameter is empty, `.` or `..`: sent as is it would address
    /// another endpoint, so nothing was sent.
    #[error(
        "{operation}: path parameter value `{value}` is not allowed (it would change the path)"
    )]
    #[non_exhaustive]
    InvalidPathParameter {
        /// The operation id.
        operation: &'static str,
        /// The offending value.
        value: String,
    },

    /// A header parameter has a name or a value that HTTP headers cannot
    /// carry (a value with a line break, which could add another header, or
    /// with NUL or another control character); nothing was sent.
    #[error("{operation}: header parameter `{}` cannot be sent: {reason}", name.escape_debug())]
    #[non_exhaustive]
    InvalidHeaderParameter {
        /// The operation id.
        operation: &'static str,
        /// The header name, as the operation gives it.
        name: &'static str,
        /// What is wrong.
        reason: &'static str,
    },

    /// A raw request (`Client::request`) is
    /// malformed: a path parameter without a value or without a place, an
    /// unsupported method, a header the client sets itself. Nothing was sent.
    #[error("raw request: {message}")]
    #[non_exhaustive]
    InvalidRawRequest {
        /// What is wrong.
        message: String,
    },

    /// A watched resource did not reach a final state before the deadline
    /// set in [`WatchOptions`](crate::WatchOptions).
    #[error(
        "{operation}: no final state after {:.1} s and {polls} poll(s){}",
        waited.as_secs_f64(),
        last_failure(last_error)
    )]
    #[non_exhaustive]
    Deadline {
        /// The operation polled.
        operation: &'static str,
        /// How long it was watched.
        waited: Duration,
        /// How many times it was polled (also [`Error::attempts`]).
        polls: u32,
        /// The error of the last poll, when it failed (a rate limit, a
        /// server error) and the watch would have polled again.
        #[source]
        last_error: Option<Box<Error>>,
    },

    /// A [`TokenSource`](crate::auth::TokenSource) could not supply a
    /// token; nothing was sent.
    #[error("no token: {message}")]
    #[non_exhaustive]
    Auth {
        /// What went wrong.
        message: String,
        /// The underlying error, if any.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },

    /// A secret could not be sealed (malformed public key).
    #[error("could not seal the secret: {reason}")]
    #[non_exhaustive]
    Seal {
        /// Why sealing failed.
        reason: String,
    },
}

impl Error {
    /// The HTTP status of the answer behind this error, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::RateLimited(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::UnexpectedStatus { status, .. }
            | Error::MissingLocation { status, .. }
            | Error::BodyTooLarge { status, .. } => Some(*status),
            Error::Download(e) => e.status,
            Error::Transport { source, .. } | Error::Timeout { source, .. } => {
                source.status().map(|s| s.as_u16())
            }
            _ => None,
        }
    }

    /// GitHub's `x-github-request-id` for the failed request; quote it when
    /// contacting GitHub support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            Error::RateLimited(e) => e.request_id.as_deref(),
            Error::Decode(e) => e.request_id.as_deref(),
            Error::UnexpectedStatus { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// Whether a primary or secondary rate limit caused this error.
    pub fn is_rate_limited(&self) -> bool {
        matches!(self, Error::RateLimited(_))
    }

    /// How long to wait before trying again, when GitHub said so (a
    /// `retry-after` header, or the reset time of an exhausted rate limit).
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited(e) => e.retry_after,
            Error::Api(e) => e.retry_after,
            _ => None,
        }
    }

    /// The rate-limit state reported with the failed answer, if any.
    pub fn rate_limit(&self) -> Option<&RateLimit> {
        match self {
            Error::Api(e) => e.rate_limit.as_ref(),
            Error::RateLimited(e) => Some(&e.rate_limit),
            _ => None,
        }
    }

    /// The id of the operation that failed, such as
    /// `actions/list-workflow-runs-for-repo`.
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::Api(e) => Some(e.operation),
            Error::RateLimited(e) => Some(e.operation),
            Error::Decode(e) => Some(e.operation),
            Error::Transport { operation, .. }
            | Error::Timeout { operation, .. }
            | Error::UnexpectedStatus { operation, .. }
            | Error::Unavailable { operation, .. }
            | Error::FieldUnavailable { operation, .. }
            | Error::Encode { operation, .. }
            | Error::MissingLocation { operation, .. }
            | Error::ForeignLink { operation, .. }
            | Error::InvalidRequest { operation, .. }
            | Error::BodyTooLarge { operation, .. }
            | Error::PaginationCycle { operation, .. }
            | Error::PageLimit { operation, .. }
            | Error::Deadline { operation, .. }
            | Error::InvalidPathParameter { operation, .. }
            | Error::InvalidHeaderParameter { operation, .. } => Some(operation),
            _ => None,
        }
    }

    /// How many times the request was sent before this error: more than
    /// one when a [`RetryPolicy`](crate::RetryPolicy) retried it, 1 for a
    /// single attempt, 0 when nothing was sent.
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Api(e) => e.attempts,
            Error::RateLimited(e) => e.attempts,
            Error::Transport { attempts, .. } | Error::Timeout { attempts, .. } => *attempts,
            Error::Download(e) => e.attempts,
            Error::Deadline { polls, .. } => *polls,
            Error::Unavailable { .. }
            | Error::FieldUnavailable { .. }
            | Error::InvalidBaseUrl { .. }
            | Error::Config { .. }
            | Error::Encode { .. }
            | Error::InvalidRequest { .. }
            | Error::InvalidPathParameter { .. }
            | Error::InvalidHeaderParameter { .. }
            | Error::ForeignLink { .. }
            | Error::PaginationCycle { .. }
            | Error::PageLimit { .. }
            | Error::InvalidRawRequest { .. }
            | Error::Auth { .. }
            | Error::Seal { .. } => 0,
            _ => 1,
        }
    }

    /// The error a [`TokenSource`](crate::auth::TokenSource) returns when it
    /// has no token to give, with the error behind it.
    pub fn auth(
        message: impl Into<String>,
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Error {
        Error::Auth {
            message: message.into(),
            source,
        }
    }

    /// Records how many attempts ended in this error (after retries).
    pub(crate) fn set_attempts(&mut self, n: u32) {
        match self {
            Error::Api(e) => e.attempts = n,
            Error::RateLimited(e) => e.attempts = n,
            Error::Transport { attempts, .. } | Error::Timeout { attempts, .. } => *attempts = n,
            Error::Download(e) => e.attempts = n,
            _ => {}
        }
    }

    /// Wraps an HTTP client error, telling timeouts (of `limit`) and
    /// failures to build the request apart. The URL is dropped from the
    /// error: it can be very long, and a download URL carries its signature
    /// in the query.
    pub(crate) fn from_reqwest(
        operation: &'static str,
        source: reqwest::Error,
        limit: Duration,
    ) -> Error {
        let source = source.without_url();
        if source.is_builder() {
            Error::InvalidRequest { operation, source }
        } else if source.is_timeout() {
            Error::Timeout {
                operation,
                source,
                limit,
                attempts: 1,
            }
        } else {
            Error::Transport {
                operation,
                source,
                attempts: 1,
            }
        }
    }
}

/// GitHub's error answer: status, its JSON error body and the request id.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{operation}: GitHub answered {status}: {message}{}", after(*attempts))]
#[non_exhaustive]
pub struct ApiError {
    /// The operation id.
    pub operation: &'static str,
    /// The HTTP status code.
    pub status: u16,
    /// GitHub's `message`, or the start of the body when it is not JSON.
    pub message: String,
    /// GitHub's `documentation_url`, if given.
    pub documentation_url: Option<String>,
    /// GitHub's `errors` list (validation details), as sent.
    pub errors: Vec<serde_json::Value>,
    /// The `x-github-request-id` of the answer.
    pub request_id: Option<String>,
    /// The rate-limit headers of the answer, when present.
    pub rate_limit: Option<RateLimit>,
    /// The `retry-after` header of the answer, when present.
    pub retry_after: Option<Duration>,
    /// How many times the request was sent (more than one after retries).
    pub attempts: u32,
}

/// `; the last poll failed: ...` when it did.
fn last_failure(error: &Option<Box<Error>>) -> String {
    error
        .as_ref()
        .map(|e| format!("; the last poll failed: {e}"))
        .unwrap_or_default()
}

/// ` with API version X` when a version applies (github.com).
fn with_version(version: &Option<ApiVersion>) -> String {
    version
        .map(|v| format!(" with API version {v}"))
        .unwrap_or_default()
}

/// A successful answer whose body did not decode into the documented type.
#[derive(Debug, thiserror::Error)]
#[error(
    "{operation}: could not decode the {status} answer{}: {source} (body: {snippet})",
    at_path(path)
)]
#[non_exhaustive]
pub struct DecodeError {
    /// The operation id.
    pub operation: &'static str,
    /// The HTTP status code.
    pub status: u16,
    /// Where in the body decoding failed, such as `workflow_runs[3].id`
    /// (`.` for the top level).
    pub path: String,
    /// The start of the body.
    pub snippet: String,
    /// The `x-github-request-id` of the answer.
    pub request_id: Option<String>,
    /// The JSON decoder's error.
    #[source]
    pub source: serde_json::Error,
}

/// ` at `path`` inside the body; nothing for the top level (`.`), where the
/// decoder's own message says what is wrong.
fn at_path(path: &str) -> String {
    if path == "." {
        String::new()
    } else {
        format!(" at `{path}`")
    }
}

/// Downloading the bytes behind a [`DownloadUrl`](crate::DownloadUrl) failed.
#[derive(Debug, thiserror::Error)]
#[error("download from {url} failed: {message}{}", after(*attempts))]
#[non_exhaustive]
pub struct DownloadError {
    /// The URL without its query (signed URLs carry credentials there).
    pub url: String,
    /// The HTTP status, when the storage host answered with an error.
    pub status: Option<u16>,
    /// What went wrong.
    pub message: String,
    /// The underlying error, if any.
    #[source]
    pub source: Option<Box<dyn std::error::Error + Send + Sync>>,
    /// How many times the download was tried (more than one after retries).
    pub attempts: u32,
}
