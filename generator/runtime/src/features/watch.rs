//! Watching a resource until a field of it reaches a final state, with
//! conditional polls that cost nothing while nothing changes.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream;
use reqwest::header::{HeaderValue, IF_NONE_MATCH};
use tokio::time::Instant;

use super::endpoint::Endpoint;
use crate::vocabulary::error::Error;

/// How [`Watch`] polls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchOptions {
    deadline: Duration,
    interval: Duration,
    max_interval: Duration,
}

impl Default for WatchOptions {
    /// Polls every 5 s at first, backing off to at most 60 s while nothing
    /// changes, for at most an hour.
    fn default() -> Self {
        WatchOptions {
            deadline: Duration::from_secs(3600),
            interval: Duration::from_secs(5),
            max_interval: Duration::from_secs(60),
        }
    }
}

impl WatchOptions {
    /// Gives up with [`Error::Deadline`] after this long.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// The first wait between polls; it grows by half while nothing
    /// changes and starts again after a change.
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// The longest wait between polls.
    pub fn max_interval(mut self, max: Duration) -> Self {
        self.max_interval = max;
        self
    }
}

/// The values a watched resource goes through: the first answer, then one
/// item each time the watched field changes, ending after the value whose
/// field reached a final state.
///
/// Every poll after the first is conditional (`If-None-Match` with the last
/// `ETag`), so while nothing changes GitHub answers 304, nothing is decoded,
/// and the primary rate limit is not charged. A rate limit with a known end
/// within the deadline is waited out; past the deadline the stream ends
/// with [`Error::Deadline`].
///
/// ```no_run
/// # async fn run(gh: gh_actions::Client) -> Result<(), gh_actions::Error> {
/// use gh_actions::watch::WatchOptions;
/// use std::time::Duration;
/// let mut states = gh
///     .workflow_runs()
///     .get_workflow_run("octo-org", "octo-repo", 30433642)
///     .watch(WatchOptions::default().deadline(Duration::from_secs(1800)));
/// while let Some(run) = states.try_next().await? {
///     println!("{:?} {:?}", run.status, run.conclusion);
/// }
/// # Ok(()) }
/// ```
#[must_use = "streams do nothing unless polled"]
pub struct Watch<T> {
    inner: Pin<Box<dyn Stream<Item = Result<T, Error>> + Send>>,
}

impl<T> Watch<T> {
    /// The next state, `Ok(None)` once a final state was given.
    pub async fn try_next(&mut self) -> Result<Option<T>, Error> {
        std::future::poll_fn(|cx| self.inner.as_mut().poll_next(cx))
            .await
            .transpose()
    }
}

impl<T> Stream for Watch<T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T> std::fmt::Debug for Watch<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watch").finish_non_exhaustive()
    }
}

/// The polling state between two items.
struct Watching<E: Endpoint> {
    endpoint: E,
    field: fn(&E::Output) -> serde_json::Value,
    done: &'static [&'static str],
    options: WatchOptions,
    started: Instant,
    etag: Option<String>,
    last: Option<serde_json::Value>,
    wait: Duration,
    finished: bool,
    /// Requests sent so far.
    polls: u32,
}

/// Watches `endpoint` until `field` of its value is one of `done`.
#[doc(hidden)]
pub fn watch<E: Endpoint>(
    endpoint: E,
    field: fn(&E::Output) -> serde_json::Value,
    done: &'static [&'static str],
    options: WatchOptions,
) -> Watch<E::Output> {
    let state = Watching {
        wait: options.interval,
        started: Instant::now(),
        endpoint,
        field,
        done,
        options,
        etag: None,
        last: None,
        finished: false,
        polls: 0,
    };
    Watch {
        inner: Box::pin(futures_util::stream::unfold(
            state,
            |mut state| async move {
                if state.finished {
                    return None;
                }
                let item = state.next_change().await;
                state.finished = match &item {
                    Ok(value) => {
                        let now = (state.field)(value);
                        now.as_str().is_some_and(|s| state.done.contains(&s))
                    }
                    Err(_) => true,
                };
                Some((item, state))
            },
        )),
    }
}

impl<E: Endpoint> Watching<E> {
    /// Polls until the watched field differs from the last one given.
    async fn next_change(&mut self) -> Result<E::Output, Error> {
        loop {
            let mut req = self.endpoint.request()?;
            let operation = req.op.id;
            if let Some(etag) = self
                .etag
                .as_deref()
                .and_then(|e| HeaderValue::from_str(e).ok())
            {
                req.header(IF_NONE_MATCH, etag);
            }
            self.polls = self.polls.saturating_add(1);
            match self.endpoint.client().execute(req).await {
                Ok(resp) if resp.status() == 304 => {
                    self.wait = (self.wait + self.wait / 2).min(self.options.max_interval);
                }
                Ok(resp) => {
                    self.etag = resp.meta().etag().map(str::to_owned);
                    let value = E::decode(resp)?;
                    let now = (self.field)(&value);
                    if self.last.as_ref() != Some(&now) {
                        self.last = Some(now);
                        self.wait = self.options.interval;
                        return Ok(value);
                    }
                }
                Err(Error::RateLimited(limit)) => {
                    let Some(wait) = limit.retry_after else {
                        return Err(Error::RateLimited(limit));
                    };
                    if self.started.elapsed() + wait > self.options.deadline {
                        return Err(Error::RateLimited(limit));
                    }
                    tokio::time::sleep(wait).await;
                    continue;
                }
                Err(error) => return Err(error),
            }
            if self.started.elapsed() + self.wait > self.options.deadline {
                return Err(Error::Deadline {
                    operation,
                    waited: self.started.elapsed(),
                    polls: self.polls,
                });
            }
            tokio::time::sleep(self.wait).await;
        }
    }
}
