//! What the mock server answers to one request.

use std::time::Duration;

use http::StatusCode;
use http::header::{HeaderName, HeaderValue};

/// What the server answers to one request.
///
/// The server sets `content-length` from the body (and leaves it out for
/// 1xx, 204 and 304); a reply that lies about its length, or does not come
/// at all, belongs to `gh_actions_tests::raw_server`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The status code.
    pub status: u16,
    /// Headers to send, in order; a name may repeat.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// Wait this long before answering (for timeout tests).
    pub delay: Option<Duration>,
}

impl Reply {
    /// A reply with this status, no headers and no body.
    pub fn new(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            delay: None,
        }
    }

    /// A JSON body (`content-type: application/json; charset=utf-8`).
    pub fn json(status: u16, value: impl serde::Serialize) -> Reply {
        match serde_json::to_vec(&value) {
            Ok(body) => Reply::json_text(status, body),
            Err(e) => panic!("mock server: reply body is not JSON: {e}"),
        }
    }

    /// A JSON body given as text, sent byte for byte (spec examples,
    /// deliberately malformed JSON).
    pub fn json_text(status: u16, text: impl Into<Vec<u8>>) -> Reply {
        Reply::bytes(status, text).header("content-type", "application/json; charset=utf-8")
    }

    /// No body (`content-length: 0` except for 204 and 304).
    pub fn empty(status: u16) -> Reply {
        Reply::new(status)
    }

    /// A `302 Found` to `location`.
    pub fn redirect(location: impl Into<String>) -> Reply {
        Reply::new(302).header("location", location)
    }

    /// A plain-text body.
    pub fn text(status: u16, text: impl Into<String>) -> Reply {
        Reply::bytes(status, text.into()).header("content-type", "text/plain; charset=utf-8")
    }

    /// An HTML body (what proxies and load balancers send on errors).
    pub fn html(status: u16, html: impl Into<String>) -> Reply {
        Reply::bytes(status, html.into()).header("content-type", "text/html; charset=utf-8")
    }

    /// A raw body without a content type.
    pub fn bytes(status: u16, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            body: body.into(),
            ..Reply::new(status)
        }
    }

    /// GitHub's primary rate-limit answer: 403 with `x-ratelimit-remaining:
    /// 0` and the reset time in epoch seconds.
    pub fn primary_rate_limit(reset_epoch_secs: u64) -> Reply {
        Reply::json(
            403,
            serde_json::json!({
                "message": "API rate limit exceeded for user ID 1.",
                "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"
            }),
        )
        .header("x-ratelimit-limit", "5000")
        .header("x-ratelimit-remaining", "0")
        .header("x-ratelimit-used", "5000")
        .header("x-ratelimit-reset", reset_epoch_secs.to_string())
        .header("x-ratelimit-resource", "core")
    }

    /// GitHub's secondary rate-limit answer: 403 with `retry-after`.
    pub fn secondary_rate_limit(retry_after_secs: u64) -> Reply {
        Reply::json(
            403,
            serde_json::json!({
                "message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
                "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"
            }),
        )
        .header("retry-after", retry_after_secs.to_string())
    }

    /// Adds a header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Adds a `link` header, such as `<URL>; rel="next"`.
    pub fn link(self, value: impl Into<String>) -> Reply {
        self.header("link", value)
    }

    /// Adds `x-github-request-id`.
    pub fn request_id(self, id: impl Into<String>) -> Reply {
        self.header("x-github-request-id", id)
    }

    /// Waits before answering.
    pub fn delayed(mut self, delay: Duration) -> Reply {
        self.delay = Some(delay);
        self
    }

    /// Closes the connection after answering (`connection: close`).
    pub fn closing(self) -> Reply {
        self.header("connection", "close")
    }

    /// The wiremock answer. A status or header HTTP cannot carry is a
    /// mistake in the test, reported here with the offending value.
    pub(super) fn into_template(self) -> wiremock::ResponseTemplate {
        let status = match StatusCode::from_u16(self.status) {
            Ok(status) => status,
            Err(_) => panic!(
                "mock reply: {} is not an HTTP status; use raw_server for what HTTP cannot say",
                self.status
            ),
        };
        let mut template = wiremock::ResponseTemplate::new(status);
        for (name, value) in &self.headers {
            let Ok(name) = HeaderName::from_bytes(name.as_bytes()) else {
                panic!("mock reply: `{name}` is not a header name");
            };
            let Ok(value) = HeaderValue::from_str(value) else {
                panic!("mock reply: `{value}` is not a valid value for `{name}`");
            };
            template = template.append_header(name, value);
        }
        template = template.set_body_bytes(self.body);
        match self.delay {
            Some(delay) => template.set_delay(delay),
            None => template,
        }
    }
}
