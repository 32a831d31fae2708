//! Rate limits: the `x-ratelimit-*` state of an answer, and the error of an
//! answer that a primary or secondary limit stopped.

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::header::HeaderMap;

use super::message::after;

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
    /// How many times the request was sent (more than one after retries).
    pub attempts: u32,
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
        // `x-ratelimit-reset` is when the primary quota refills; it says
        // nothing about when a secondary limit lifts.
        if let (RateLimitKind::Primary, Some(reset)) = (self.kind, self.rate_limit.reset) {
            write!(f, ", resets at {}", reset.to_rfc3339())?;
        }
        write!(f, ": {}{}", self.message, after(self.attempts))
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
        // One pass over the answer's headers instead of a lookup (a hash of
        // the name) for each of the five.
        let mut snapshot = RateLimit::default();
        let mut seen = 0u8;
        for (name, value) in headers {
            let Some(which) = name.as_str().strip_prefix("x-ratelimit-") else {
                continue;
            };
            let bit = match which {
                "limit" => 1,
                "remaining" => 2,
                "used" => 4,
                "reset" => 8,
                "resource" => 16,
                _ => continue,
            };
            // A repeated header counts by its first value, as `HeaderMap::get` reads it.
            if seen & bit != 0 {
                continue;
            }
            seen |= bit;
            let Ok(text) = value.to_str().map(str::trim) else {
                continue;
            };
            let number = text.parse::<u64>().ok();
            match bit {
                1 => snapshot.limit = number,
                2 => snapshot.remaining = number,
                4 => snapshot.used = number,
                8 => {
                    snapshot.reset = number
                        .and_then(|secs| i64::try_from(secs).ok())
                        .and_then(|secs| DateTime::from_timestamp(secs, 0));
                }
                _ => snapshot.resource = Some(text.to_owned()),
            }
        }
        (snapshot != RateLimit::default()).then_some(snapshot)
    }
}
