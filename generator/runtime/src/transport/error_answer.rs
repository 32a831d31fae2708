//! Reading GitHub's error answers: the JSON error body, the rate-limit
//! headers, and telling primary and secondary rate limits apart.

use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::header::HeaderMap;

use crate::vocabulary::error::{ApiError, Error};
use crate::vocabulary::message::{
    header_str, json_without_secrets, json_without_tokens, snippet, without_secrets, without_tokens,
};
use crate::vocabulary::rate_limit::{RateLimit, RateLimitError, RateLimitKind};

/// How long `retry-after` asks to wait: delay-seconds or an HTTP date.
pub(crate) fn retry_after(headers: &HeaderMap, now: DateTime<Utc>) -> Option<Duration> {
    let value = header_str(headers, "retry-after")?;
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = DateTime::parse_from_rfc2822(value).ok()?;
    Some(
        (at.with_timezone(&Utc) - now)
            .to_std()
            .unwrap_or(Duration::ZERO),
    )
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
/// primary and secondary rate limits. With `hide_body` (an answer that may
/// hold a credential), nothing of a body that is not GitHub's JSON error is
/// shown, and the strings of one that is lose credential-shaped words.
pub(crate) fn from_status(
    operation: &'static str,
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
    now: DateTime<Utc>,
    hide_body: bool,
) -> Error {
    let parsed = serde_json::from_slice::<ErrorBody>(body).ok();
    let (mut message, mut documentation_url, mut errors) = match parsed {
        Some(b) => (b.message, b.documentation_url, b.errors),
        None => (None, None, Vec::new()),
    };
    // Token-shaped words never show (a proxy may echo the request's
    // `Authorization`); an answer that may hold a credential loses every
    // credential-shaped word.
    let redact: fn(&str) -> String = if hide_body {
        without_secrets
    } else {
        without_tokens
    };
    let redact_json: fn(&mut serde_json::Value) = if hide_body {
        json_without_secrets
    } else {
        json_without_tokens
    };
    message = message.map(|m| redact(&m));
    documentation_url = documentation_url.map(|u| redact(&u));
    errors.iter_mut().for_each(redact_json);
    let message = message.filter(|m| !m.trim().is_empty()).unwrap_or_else(|| {
        let text = if hide_body {
            String::new()
        } else {
            without_tokens(&snippet(body))
        };
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
            attempts: 1,
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
        attempts: 1,
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
        let body =
            br#"{"message":"Validation Failed","documentation_url":"https://docs.github.com/x",
            "errors":[{"resource":"Secret","field":"name","code":"invalid"}]}"#;
        let h = headers(&[("x-github-request-id", "ABCD:1234")]);
        let err = from_status("actions/x", 422, &h, body, now(), false);
        assert_eq!(err.status(), Some(422));
        assert_eq!(err.request_id(), Some("ABCD:1234"));
        assert!(!err.is_rate_limited());
        let Error::Api(api) = err else {
            panic!("expected Api")
        };
        assert_eq!(api.message, "Validation Failed");
        assert_eq!(
            api.documentation_url.as_deref(),
            Some("https://docs.github.com/x")
        );
        assert_eq!(api.errors.len(), 1);
        assert_eq!(api.errors[0]["field"], "name");
    }

    #[test]
    fn html_and_empty_bodies_fall_back_to_snippet_and_reason() {
        let html = b"<html>\n<body>  <h1>502 Bad Gateway</h1> </body></html>";
        let err = from_status("actions/x", 502, &HeaderMap::new(), html, now(), false);
        let Error::Api(api) = err else {
            panic!("expected Api")
        };
        assert_eq!(
            api.message,
            "<html> <body> <h1>502 Bad Gateway</h1> </body></html>"
        );

        let err = from_status("actions/x", 404, &HeaderMap::new(), b"", now(), false);
        let Error::Api(api) = err else {
            panic!("expected Api")
        };
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
        let err = from_status("actions/x", 403, &h, body, now(), false);
        assert!(err.is_rate_limited());
        assert_eq!(err.retry_after(), Some(Duration::from_secs(90)));
        let Error::RateLimited(rl) = err else {
            panic!("expected RateLimited")
        };
        assert_eq!(rl.kind, RateLimitKind::Primary);
        assert_eq!(rl.rate_limit.limit, Some(5000));
        assert_eq!(rl.rate_limit.resource.as_deref(), Some("core"));
        assert_eq!(
            rl.rate_limit.reset,
            DateTime::from_timestamp(1_700_000_090, 0)
        );
    }

    #[test]
    fn rate_limit_headers_are_read_by_their_first_values() {
        let mut h = headers(&[
            ("content-type", "application/json"),
            ("x-ratelimit-remaining", " 4999 "),
            ("x-ratelimit-used", "not a number"),
            ("x-ratelimit-other", "7"),
            ("x-ratelimit-resource", "core"),
        ]);
        h.append("x-ratelimit-remaining", HeaderValue::from_static("1"));
        h.append("x-ratelimit-limit", HeaderValue::from_static("5000"));
        let limit = RateLimit::from_headers(&h).expect("a rate limit");
        assert_eq!(limit.limit, Some(5000));
        assert_eq!(limit.remaining, Some(4999), "the first value, trimmed");
        assert_eq!(limit.used, None, "not a number");
        assert_eq!(limit.reset, None);
        assert_eq!(limit.resource.as_deref(), Some("core"));
        assert_eq!(
            RateLimit::from_headers(&headers(&[("etag", "\"x\"")])),
            None
        );
    }

    #[test]
    fn retry_after_or_message_or_429_is_a_secondary_limit() {
        let by_header = from_status(
            "actions/x",
            403,
            &headers(&[("retry-after", "30"), ("x-ratelimit-remaining", "12")]),
            b"{}",
            now(),
            false,
        );
        assert!(matches!(&by_header, Error::RateLimited(r) if r.kind == RateLimitKind::Secondary));
        assert_eq!(by_header.retry_after(), Some(Duration::from_secs(30)));

        let body = br#"{"message":"You have exceeded a secondary rate limit. Please wait."}"#;
        let by_message = from_status("actions/x", 403, &HeaderMap::new(), body, now(), false);
        assert!(matches!(&by_message, Error::RateLimited(r) if r.kind == RateLimitKind::Secondary));
        assert_eq!(by_message.retry_after(), Some(Duration::from_secs(60)));

        let too_many = from_status("actions/x", 429, &HeaderMap::new(), b"", now(), false);
        assert!(too_many.is_rate_limited());
    }

    #[test]
    fn plain_forbidden_is_not_a_rate_limit() {
        let body = br#"{"message":"Resource not accessible by integration"}"#;
        let h = headers(&[("x-ratelimit-remaining", "4999")]);
        let err = from_status("actions/x", 403, &h, body, now(), false);
        assert!(!err.is_rate_limited());
        assert_eq!(err.rate_limit().and_then(|r| r.remaining), Some(4999));
    }

    #[test]
    fn a_hidden_body_shows_only_githubs_message_without_credentials() {
        let token = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";
        let html = format!("<html>{token}</html>");
        let err = from_status(
            "apps/x",
            500,
            &HeaderMap::new(),
            html.as_bytes(),
            now(),
            true,
        );
        let Error::Api(api) = &err else {
            panic!("expected Api")
        };
        assert_eq!(api.message, "Internal Server Error");
        let json = format!(r#"{{"message": "Bad {token}", "errors": ["{token}"]}}"#);
        let err = from_status(
            "apps/x",
            401,
            &HeaderMap::new(),
            json.as_bytes(),
            now(),
            true,
        );
        assert!(!format!("{err} {err:?}").contains(token), "{err:?}");
        assert!(err.to_string().contains("Bad <redacted>"), "{err}");
    }

    #[test]
    fn retry_after_accepts_an_http_date() {
        let h = headers(&[("retry-after", "Tue, 14 Nov 2023 22:15:00 GMT")]);
        assert_eq!(retry_after(&h, now()), Some(Duration::from_secs(100)));
    }
}
