//! Conditional requests: a GET sent with `If-None-Match` or
//! `If-Modified-Since`, whose `304 Not Modified` is an outcome.

use chrono::{DateTime, Utc};
use reqwest::header::{HeaderValue, IF_MODIFIED_SINCE, IF_NONE_MATCH};

use super::endpoint::Endpoint;
use crate::vocabulary::error::Error;
use crate::vocabulary::meta::{Conditional, WithMeta};

/// A GET sent with `If-None-Match` and/or `If-Modified-Since`: a `304 Not
/// Modified` answer is [`Conditional::NotModified`], decoded from nothing.
/// Made by a GET builder's `if_none_match` or `if_modified_since`.
///
/// ```no_run
/// # async fn run(gh: gh_actions::Client) -> Result<(), gh_actions::Error> {
/// use gh_actions::response::Conditional;
/// let first = gh.workflow_runs().get_workflow_run("octo-org", "octo-repo", 30433642).send_with_meta().await?;
/// let etag = first.meta.etag().unwrap_or_default().to_owned();
/// match gh.workflow_runs().get_workflow_run("octo-org", "octo-repo", 30433642)
///     .if_none_match(etag)
///     .send()
///     .await?
/// {
///     Conditional::NotModified(_) => println!("unchanged (and not charged to the rate limit)"),
///     Conditional::Modified(run) => println!("now {:?}", run.value.status),
/// }
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until it is sent"]
#[derive(Debug, Clone)]
pub struct ConditionalRequest<E> {
    endpoint: E,
    etag: Option<String>,
    modified_since: Option<DateTime<Utc>>,
}

impl<E: Endpoint> ConditionalRequest<E> {
    #[doc(hidden)]
    pub fn new(endpoint: E) -> Self {
        ConditionalRequest {
            endpoint,
            etag: None,
            modified_since: None,
        }
    }

    /// Answer 304 unless the resource's `ETag` differs from `etag` (as
    /// received, quotes and `W/` included).
    pub fn if_none_match(mut self, etag: impl Into<String>) -> Self {
        self.etag = Some(etag.into());
        self
    }

    /// Answer 304 unless the resource changed after `time`.
    pub fn if_modified_since(mut self, time: DateTime<Utc>) -> Self {
        self.modified_since = Some(time);
        self
    }

    /// Sends the request: the new value, or `NotModified`.
    pub async fn send(self) -> Result<Conditional<E::Output>, Error> {
        let mut req = self.endpoint.request()?;
        if let Some(etag) = &self.etag {
            let value = HeaderValue::from_str(etag).map_err(|_| Error::Config {
                message: format!("the ETag {:?} is not a valid header value", etag),
            })?;
            req.header(IF_NONE_MATCH, value);
        }
        if let Some(time) = self.modified_since {
            let text = time.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
            if let Ok(value) = HeaderValue::from_str(&text) {
                req.header(IF_MODIFIED_SINCE, value);
            }
        }
        let resp = self.endpoint.client().execute(req).await?;
        if resp.status() == 304 {
            return Ok(Conditional::NotModified(resp.meta()));
        }
        let meta = resp.meta();
        Ok(Conditional::Modified(WithMeta::new(E::decode(resp)?, meta)))
    }
}
