//! What an answer says besides its value: status, headers, request id,
//! rate-limit state and the validators of conditional requests.

use std::fmt;

use chrono::{DateTime, Utc};
use reqwest::header::{ETAG, HeaderMap, LAST_MODIFIED};

use super::message::header_str;
use super::rate_limit::RateLimit;

/// The status and headers of a successful answer.
///
/// ```no_run
/// # async fn run(gh: gh_actions::Client) -> Result<(), gh_actions::Error> {
/// let run = gh
///     .request(gh_actions::Method::GET, "/repos/{owner}/{repo}/actions/runs/{run_id}")
///     .param("owner", "octo-org")
///     .param("repo", "octo-repo")
///     .param("run_id", 30433642)
///     .send_with_meta::<serde_json::Value>()
///     .await?;
/// if let Some(limit) = run.meta.rate_limit() {
///     println!("{:?} requests left", limit.remaining);
/// }
/// println!("ETag {:?}", run.meta.etag());
/// # Ok(()) }
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Meta {
    status: u16,
    headers: HeaderMap,
}

impl Meta {
    pub(crate) fn new(status: u16, headers: HeaderMap) -> Meta {
        Meta { status, headers }
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Every header of the answer.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// One header as text, if present and readable.
    pub fn header(&self, name: &str) -> Option<&str> {
        header_str(&self.headers, name)
    }

    /// GitHub's `x-github-request-id`; quote it when contacting support.
    pub fn request_id(&self) -> Option<&str> {
        self.header("x-github-request-id")
    }

    /// The `x-ratelimit-*` state reported with the answer.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        RateLimit::from_headers(&self.headers)
    }

    /// The `ETag`, to send back with `if_none_match` on the next request.
    pub fn etag(&self) -> Option<&str> {
        self.headers.get(ETAG)?.to_str().ok()
    }

    /// `Last-Modified`, to send back with `if_modified_since`.
    pub fn last_modified(&self) -> Option<DateTime<Utc>> {
        let text = self.headers.get(LAST_MODIFIED)?.to_str().ok()?;
        DateTime::parse_from_rfc2822(text)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    }
}

impl fmt::Debug for Meta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Meta")
            .field("status", &self.status)
            .field("request_id", &self.request_id())
            .field("etag", &self.etag())
            .field("rate_limit", &self.rate_limit())
            .finish_non_exhaustive()
    }
}

/// A decoded value with the status and headers of its answer.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct WithMeta<T> {
    /// The decoded answer.
    pub value: T,
    /// Status, headers, rate limit, validators.
    pub meta: Meta,
}

impl<T> WithMeta<T> {
    pub(crate) fn new(value: T, meta: Meta) -> Self {
        WithMeta { value, meta }
    }

    /// The value, dropping the metadata.
    pub fn into_value(self) -> T {
        self.value
    }
}

/// The outcome of a conditional request (`If-None-Match` or
/// `If-Modified-Since`).
///
/// GitHub answers `304 Not Modified` when nothing changed, and such an
/// answer does not count against the primary rate limit: polling with the
/// last `ETag` is the cheap way to watch a resource.
///
/// HTTP closes the list: a resource was modified or it was not, so a
/// `match` names both cases and needs no catch-all arm.
///
/// ```
/// # use gh_actions_runtime::Conditional;
/// fn describe<T: std::fmt::Debug>(answer: &Conditional<T>) -> String {
///     match answer {
///         Conditional::Modified(new) => format!("now {:?}", new.value),
///         Conditional::NotModified(_) => "unchanged".to_owned(),
///     }
/// }
/// # let _ = describe::<()>;
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Conditional<T> {
    /// Something changed: the new value.
    Modified(WithMeta<T>),
    /// Nothing changed since the validators sent (status 304); no body was
    /// decoded.
    NotModified(Meta),
}

impl<T> Conditional<T> {
    /// The status and headers of the answer, in either case.
    pub fn meta(&self) -> &Meta {
        match self {
            Conditional::Modified(answer) => &answer.meta,
            Conditional::NotModified(meta) => meta,
        }
    }

    /// The new value, if something changed.
    pub fn modified(self) -> Option<T> {
        match self {
            Conditional::Modified(answer) => Some(answer.value),
            Conditional::NotModified(_) => None,
        }
    }
}
