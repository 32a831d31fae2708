//! The one error type of the crate, and how an HTTP error answer becomes one.

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::header::{HeaderMap, HeaderName};

use super::client::Product;

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
    #[error("{operation}: could not reach GitHub: {source}")]
    #[non_exhaustive]
    Transport {
        /// The operation id, such as `actions/list-workflow-runs-for-repo`.
        operation: &'static str,
        /// The underlying HTTP client error.
        #[source]
        source: reqwest::Error,
    },

    /// No complete answer arrived within the configured timeout.
    #[error("{operation}: no answer within the timeout")]
    #[non_exhaustive]
    Timeout {
        /// The operation id.
        operation: &'static str,
        /// The underlying HTTP client error.
        #[source]
        source: reqwest::Error,
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
    /// for; nothing was sent.
    #[error("{operation} is not available on {product}")]
    #[non_exhaustive]
    Unavailable {
        /// The operation id.
        operation: &'static str,
        /// The configured product.
        product: Product,
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
        /// The link as GitHub sent it.
        url: String,
    },

    /// Downloading from a [`DownloadUrl`](super::DownloadUrl) failed.
    #[error(transparent)]
    Download(Box<DownloadError>),

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
            Error::UnexpectedStatus { status, .. } | Error::MissingLocation { status, .. } => {
                Some(*status)
            }
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
            | Error::Encode { operation, .. }
            | Error::MissingLocation { operation, .. }
            | Error::ForeignLink { operation, .. } => Some(operation),
            _ => None,
        }
    }

    /// Wraps an HTTP client error, telling timeouts apart.
    pub(crate) fn from_reqwest(operation: &'static str, source: reqwest::Error) -> Error {
        if source.is_timeout() {
            Error::Timeout { operation, source }
        } else {
            Error::Transport { operation, source }
        }
    }
}

/// GitHub's error answer: status, its JSON error body and the request id.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{operation}: GitHub answered {status}: {message}")]
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
}

/// Which of GitHub's rate limits was hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RateLimitKind {
    /// The hourly request quota is used up (`x-ratelimit-remaining: 0`).
    Primary,
    /// A secondary (abuse) limit: too many requests too quickly, or too much
    /// concurrent work.
    Secondary,
}

/// A rate-limit answer (403 or 429).
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub struct RateLimitError {
    /// The operation id.
    pub operation: &'static str,
    /// The HTTP status code (403 or 429).
    pub status: u16,
    /// Primary or secondary limit.
    pub kind: RateLimitKind,
    /// GitHub's `message`, or the start of the body.
    pub message: String,
    /// GitHub's `documentation_url`, if given.
    pub documentation_url: Option<String>,
    /// The `x-github-request-id` of the answer.
    pub request_id: Option<String>,
    /// How long to wait: `retry-after`, else the time until the reset of a
    /// primary limit, else one minute for a secondary limit (GitHub's
    /// documented minimum).
    pub retry_after: Option<Duration>,
    /// The rate-limit headers of the answer.
    pub rate_limit: RateLimit,
}

impl fmt::Display for RateLimitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            RateLimitKind::Primary => "primary",
            RateLimitKind::Secondary => "secondary",
        };
        write!(f, "{}: {kind} rate limit ({})", self.operation, self.status)?;
        if let Some(wait) = self.retry_after {
            write!(f, ", retry after {} s", wait.as_secs())?;
        }
        if let Some(reset) = self.rate_limit.reset {
            write!(f, ", resets at {}", reset.to_rfc3339())?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The `x-ratelimit-*` headers of one answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimit {
    /// `x-ratelimit-limit`: requests allowed per window.
    pub limit: Option<u64>,
    /// `x-ratelimit-remaining`: requests left in the window.
    pub remaining: Option<u64>,
    /// `x-ratelimit-used`: requests made in the window.
    pub used: Option<u64>,
    /// `x-ratelimit-reset`: when the window starts again.
    pub reset: Option<DateTime<Utc>>,
    /// `x-ratelimit-resource`: which quota (`core`, `search`, ...).
    pub resource: Option<String>,
}

impl RateLimit {
    /// Reads the rate-limit headers; `None` when there are none.
    pub(crate) fn from_headers(headers: &HeaderMap) -> Option<RateLimit> {
        let number = |name: &str| header_str(headers, name).and_then(|v| v.parse::<u64>().ok());
        let snapshot = RateLimit {
            limit: number("x-ratelimit-limit"),
            remaining: number("x-ratelimit-remaining"),
            used: number("x-ratelimit-used"),
            reset: number("x-ratelimit-reset")
                .and_then(|secs| i64::try_from(secs).ok())
                .and_then(|secs| DateTime::from_timestamp(secs, 0)),
            resource: header_str(headers, "x-ratelimit-resource").map(str::to_owned),
        };
        (snapshot != RateLimit::default()).then_some(snapshot)
    }
}

/// A successful answer whose body did not decode into the documented type.
#[derive(Debug, thiserror::Error)]
#[error("{operation}: could not decode the {status} answer at `{path}`: {source} (body: {snippet})")]
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

/// Downloading the bytes behind a [`DownloadUrl`](super::DownloadUrl) failed.
#[derive(Debug, thiserror::Error)]
#[error("download from {url} failed: {message}")]
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
}

/// The header as text, if present and readable.
pub(crate) fn header_str<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    let name = HeaderName::from_bytes(name.as_bytes()).ok()?;
    headers.get(name)?.to_str().ok().map(str::trim)
}

/// The start of a body for error messages: lossy UTF-8, whitespace collapsed,
/// at most `SNIPPET_CHARS` characters (cut on a character boundary).
pub(crate) fn snippet(body: &[u8]) -> String {
    const SNIPPET_CHARS: usize = 200;
    // Enough bytes for SNIPPET_CHARS characters of up to four bytes each.
    let head = &body[..body.len().min(SNIPPET_CHARS * 4)];
    let text = String::from_utf8_lossy(head);
    let mut out = String::new();
    let mut count = 0;
    let mut truncated = head.len() < body.len();
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
            count += 1;
        }
        for ch in word.chars() {
            if count >= SNIPPET_CHARS {
                truncated = true;
                break;
            }
            out.push(ch);
            count += 1;
        }
        if count >= SNIPPET_CHARS {
            truncated = true;
            break;
        }
    }
    if truncated {
        out.push('…');
    }
    out
}

/// How long `retry-after` asks to wait: delay-seconds or an HTTP date.
pub(crate) fn retry_after(headers: &HeaderMap, now: DateTime<Utc>) -> Option<Duration> {
    let value = header_str(headers, "retry-after")?;
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = DateTime::parse_from_rfc2822(value).ok()?;
    Some((at.with_timezone(&Utc) - now).to_std().unwrap_or(Duration::ZERO))
}

/// The parts of GitHub's JSON error body this crate reads.
#[derive(serde::Deserialize)]
struct ErrorBody {
    message: Option<String>,
    documentation_url: Option<String>,
    #[serde(default)]
    errors: Vec<serde_json::Value>,
}

/// Turns an error answer (4xx or 5xx) into an [`Error`], recognising
/// primary and secondary rate limits.
pub(crate) fn from_status(
    operation: &'static str,
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
    now: DateTime<Utc>,
) -> Error {
    let parsed = serde_json::from_slice::<ErrorBody>(body).ok();
    let (message, documentation_url, errors) = match parsed {
        Some(b) => (b.message, b.documentation_url, b.errors),
        None => (None, None, Vec::new()),
    };
    let message = message.filter(|m| !m.trim().is_empty()).unwrap_or_else(|| {
        let text = snippet(body);
        if !text.is_empty() {
            return text;
        }
        reqwest::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .map_or_else(|| format!("HTTP {status}"), str::to_owned)
    });
    let request_id = header_str(headers, "x-github-request-id").map(str::to_owned);
    let rate_limit = RateLimit::from_headers(headers);
    let retry_after = retry_after(headers, now);

    if let Some(kind) = rate_limit_kind(status, rate_limit.as_ref(), retry_after, &message) {
        let rate_limit = rate_limit.unwrap_or_default();
        let retry_after = retry_after.or_else(|| match kind {
            RateLimitKind::Primary => rate_limit
                .reset
                .map(|reset| (reset - now).to_std().unwrap_or(Duration::ZERO)),
            RateLimitKind::Secondary => Some(Duration::from_secs(60)),
        });
        return Error::RateLimited(Box::new(RateLimitError {
            operation,
            status,
            kind,
            message,
            documentation_url,
            request_id,
            retry_after,
            rate_limit,
        }));
    }
    Error::Api(Box::new(ApiError {
        operation,
        status,
        message,
        documentation_url,
        errors,
        request_id,
        rate_limit,
        retry_after,
    }))
}

/// GitHub signals rate limits with 403 or 429: an exhausted quota is
/// primary; `retry-after` or a message naming the limit is secondary.
fn rate_limit_kind(
    status: u16,
    rate_limit: Option<&RateLimit>,
    retry_after: Option<Duration>,
    message: &str,
) -> Option<RateLimitKind> {
    if status != 403 && status != 429 {
        return None;
    }
    if rate_limit.and_then(|r| r.remaining) == Some(0) {
        return Some(RateLimitKind::Primary);
    }
    let lower = message.to_ascii_lowercase();
    if retry_after.is_some()
        || status == 429
        || lower.contains("secondary rate limit")
        || lower.contains("abuse detection")
    {
        return Some(RateLimitKind::Secondary);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000, 0).unwrap()
    }

    #[test]
    fn json_error_body_fills_message_docs_errors_and_request_id() {
        let body = br#"{"message":"Validation Failed","documentation_url":"https://docs.github.com/x",
            "errors":[{"resource":"Secret","field":"name","code":"invalid"}]}"#;
        let h = headers(&[("x-github-request-id", "ABCD:1234")]);
        let err = from_status("actions/x", 422, &h, body, now());
        assert_eq!(err.status(), Some(422));
        assert_eq!(err.request_id(), Some("ABCD:1234"));
        assert!(!err.is_rate_limited());
        let Error::Api(api) = err else { panic!("expected Api") };
        assert_eq!(api.message, "Validation Failed");
        assert_eq!(api.documentation_url.as_deref(), Some("https://docs.github.com/x"));
        assert_eq!(api.errors.len(), 1);
        assert_eq!(api.errors[0]["field"], "name");
    }

    #[test]
    fn html_and_empty_bodies_fall_back_to_snippet_and_reason() {
        let html = b"<html>\n<body>  <h1>502 Bad Gateway</h1> </body></html>";
        let err = from_status("actions/x", 502, &HeaderMap::new(), html, now());
        let Error::Api(api) = err else { panic!("expected Api") };
        assert_eq!(api.message, "<html> <body> <h1>502 Bad Gateway</h1> </body></html>");

        let err = from_status("actions/x", 404, &HeaderMap::new(), b"", now());
        let Error::Api(api) = err else { panic!("expected Api") };
        assert_eq!(api.message, "Not Found");
    }

    #[test]
    fn exhausted_quota_is_a_primary_limit_waiting_until_reset() {
        let h = headers(&[
            ("x-ratelimit-limit", "5000"),
            ("x-ratelimit-remaining", "0"),
            ("x-ratelimit-used", "5000"),
            ("x-ratelimit-reset", "1700000090"),
            ("x-ratelimit-resource", "core"),
        ]);
        let body = br#"{"message":"API rate limit exceeded for user ID 1."}"#;
        let err = from_status("actions/x", 403, &h, body, now());
        assert!(err.is_rate_limited());
        assert_eq!(err.retry_after(), Some(Duration::from_secs(90)));
        let Error::RateLimited(rl) = err else { panic!("expected RateLimited") };
        assert_eq!(rl.kind, RateLimitKind::Primary);
        assert_eq!(rl.rate_limit.limit, Some(5000));
        assert_eq!(rl.rate_limit.resource.as_deref(), Some("core"));
        assert_eq!(rl.rate_limit.reset, DateTime::from_timestamp(1_700_000_090, 0));
    }

    #[test]
    fn retry_after_or_message_or_429_is_a_secondary_limit() {
        let by_header = from_status(
            "actions/x",
            403,
            &headers(&[("retry-after", "30"), ("x-ratelimit-remaining", "12")]),
            b"{}",
            now(),
        );
        assert!(matches!(&by_header, Error::RateLimited(r) if r.kind == RateLimitKind::Secondary));
        assert_eq!(by_header.retry_after(), Some(Duration::from_secs(30)));

        let body = br#"{"message":"You have exceeded a secondary rate limit. Please wait."}"#;
        let by_message = from_status("actions/x", 403, &HeaderMap::new(), body, now());
        assert!(matches!(&by_message, Error::RateLimited(r) if r.kind == RateLimitKind::Secondary));
        assert_eq!(by_message.retry_after(), Some(Duration::from_secs(60)));

        let too_many = from_status("actions/x", 429, &HeaderMap::new(), b"", now());
        assert!(too_many.is_rate_limited());
    }

    #[test]
    fn plain_forbidden_is_not_a_rate_limit() {
        let body = br#"{"message":"Resource not accessible by integration"}"#;
        let h = headers(&[("x-ratelimit-remaining", "4999")]);
        let err = from_status("actions/x", 403, &h, body, now());
        assert!(!err.is_rate_limited());
        assert_eq!(err.rate_limit().and_then(|r| r.remaining), Some(4999));
    }

    #[test]
    fn retry_after_accepts_an_http_date() {
        let h = headers(&[("retry-after", "Tue, 14 Nov 2023 22:14:20 GMT")]);
        assert_eq!(retry_after(&h, now()), Some(Duration::from_secs(100)));
    }

    #[test]
    fn snippet_cuts_on_character_boundaries() {
        let body = "é".repeat(500);
        let text = snippet(body.as_bytes());
        assert_eq!(text.chars().count(), 201);
        assert!(text.ends_with('…'));
        // A multi-byte character split by the byte limit becomes U+FFFD, never a panic.
        let cut = &"€".repeat(400).into_bytes()[..799];
        assert!(snippet(cut).starts_with("€€"));
        assert_eq!(snippet(b"  short  "), "short");
    }
}
