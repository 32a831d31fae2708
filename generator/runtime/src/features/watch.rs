//! Watching a resource until a field of it reaches a final state, with
//! conditional polls that cost nothing while nothing changes.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream;
use reqwest::header::{HeaderValue, IF_NONE_MATCH};
use tokio::time::Instant;

use super::endpoint::Endpoint;
use crate::transport::retry::RetryPolicy;
use crate::vocabulary::error::Error;

/// How [`Watch`] polls.
///
/// A watch sends at most one request per interval, whatever GitHub
/// answers: at most `1 + deadline / interval` requests in all (720 with
/// the defaults), fewer as the interval grows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchOptions {
    deadline: Duration,
    interval: Duration,
    max_interval: Duration,
}

/// The shortest interval a watch polls at, whatever the options say.
const SHORTEST_INTERVAL: Duration = Duration::from_millis(10);

/// How long a secondary rate limit is waited out when GitHub names no
/// time: GitHub asks for at least a minute.
const SECONDARY_LIMIT_WAIT: Duration = Duration::from_secs(60);

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
    /// Gives up with [`Error::Deadline`] after this long (no poll starts
    /// after it).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// The first wait between the starts of two polls (at least 10 ms); it
    /// grows by half after each poll where the watched field did not
    /// change (a `304`, a `200` with the same value, a rate limit or a
    /// server error) and starts again after a change.
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// The longest wait between polls (never shorter than the interval).
    pub fn max_interval(mut self, max: Duration) -> Self {
        self.max_interval = max;
        self
    }

    fn first_interval(&self) -> Duration {
        self.interval.max(SHORTEST_INTERVAL)
    }

    fn longest_interval(&self) -> Duration {
        self.max_interval.max(self.first_interval())
    }
}

/// The values a watched resource goes through: the first answer, then one
/// item each time the watched field changes, ending after the value whose
/// field reached a final state.
///
/// Every poll after the first is conditional (`If-None-Match` with the last
/// `ETag`), so while nothing changes GitHub answers 304, nothing is decoded,
/// and the primary rate limit is not charged.
///
/// Polls start at least one interval apart, whatever the answer, so a
/// watch sends at most `1 + deadline / interval` requests (see
/// [`WatchOptions`]); the client's [`RetryPolicy`](crate::RetryPolicy)
/// does not add to them, the watch polls again at its own pace instead.
/// A rate limit is waited out until its reset (at least one interval, and
/// a minute for a secondary limit that names no time); a server error
/// (5xx), a timeout or a failed connection is polled again. The stream
/// ends with [`Error::Deadline`] when the next poll would start after the
/// deadline (its source is the rate limit or the server error of the last
/// poll, if it failed), and at once with any other error.
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
    /// The wait from the start of one poll to the start of the next.
    wait: Duration,
    /// When the next poll may start.
    next_poll: NextPoll,
    /// The operation polled, once a request was made.
    operation: Option<&'static str>,
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
        wait: options.first_interval(),
        started: Instant::now(),
        endpoint,
        field,
        done,
        options,
        etag: None,
        last: None,
        next_poll: NextPoll::Now,
        operation: None,
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

/// When the next poll may start.
#[derive(Clone, Copy)]
enum NextPoll {
    /// At once: the first poll.
    Now,
    At(Instant),
    /// Later than a clock can say.
    Never,
}

impl NextPoll {
    fn after(start: Instant, wait: Duration) -> NextPoll {
        start
            .checked_add(wait)
            .map_or(NextPoll::Never, NextPoll::At)
    }
}

/// What one poll came to.
enum Polled<T> {
    /// The watched field changed: the value to give.
    Changed(T),
    /// Nothing to give; poll again after at least this long (the grown
    /// interval, or a rate limit's wait). The error, if the poll failed, is
    /// the source of the deadline error if the deadline comes first.
    Again(Duration, Option<Error>),
}

impl<E: Endpoint> Watching<E> {
    /// Polls until the watched field differs from the last one given.
    async fn next_change(&mut self) -> Result<E::Output, Error> {
        let mut last_error = None;
        loop {
            // Every path waits: no poll starts before its time, and none
            // after the deadline. A time past what a clock can hold (a
            // hostile `retry-after`, a deadline of `Duration::MAX`) is never.
            let deadline = self.started.checked_add(self.options.deadline);
            match self.next_poll {
                NextPoll::Now => {}
                NextPoll::At(at) if deadline.is_none_or(|d| at <= d) => {
                    tokio::time::sleep_until(at).await;
                }
                NextPoll::At(_) | NextPoll::Never => {
                    return Err(self.deadline_error(last_error.take()));
                }
            }
            let poll_started = Instant::now();
            let wait = match self.poll().await? {
                Polled::Changed(value) => {
                    self.wait = self.options.first_interval();
                    self.next_poll = NextPoll::after(poll_started, self.wait);
                    return Ok(value);
                }
                Polled::Again(wait, error) => {
                    last_error = error;
                    wait
                }
            };
            self.next_poll = NextPoll::after(poll_started, wait);
        }
    }

    /// One request, and what to do next.
    async fn poll(&mut self) -> Result<Polled<E::Output>, Error> {
        let mut req = self.endpoint.request()?;
        self.operation = Some(req.op.id);
        if let Some(etag) = self
            .etag
            .as_deref()
            .and_then(|e| HeaderValue::from_str(e).ok())
        {
            req.header(IF_NONE_MATCH, etag);
        }
        self.polls = self.polls.saturating_add(1);
        // One request per poll: retrying is the watch's own loop.
        let client = self.endpoint.client();
        let answer = client.execute_with(req, &RetryPolicy::none()).await;
        let unchanged = self.grown_wait();
        match answer {
            Ok(resp) if resp.status() == 304 => Ok(Polled::Again(unchanged, None)),
            Ok(resp) => {
                let etag = resp.meta().etag().map(str::to_owned);
                let value = E::decode(resp)?;
                self.etag = etag;
                let now = (self.field)(&value);
                if self.last.as_ref() == Some(&now) {
                    return Ok(Polled::Again(unchanged, None));
                }
                self.last = Some(now);
                Ok(Polled::Changed(value))
            }
            Err(Error::RateLimited(limit)) => {
                // Until the reset; a secondary limit names its wait (or is
                // given a minute), and so is a quota without a reset time.
                let asked = limit.retry_after.unwrap_or(SECONDARY_LIMIT_WAIT);
                Ok(Polled::Again(
                    asked.max(unchanged),
                    Some(Error::RateLimited(limit)),
                ))
            }
            Err(error) if is_transient(&error) => Ok(Polled::Again(unchanged, Some(error))),
            Err(error) => Err(error),
        }
    }

    /// The next wait after a poll that changed nothing: half as long again,
    /// within the longest interval.
    fn grown_wait(&mut self) -> Duration {
        self.wait = (self.wait + self.wait / 2).min(self.options.longest_interval());
        self.wait
    }

    fn deadline_error(&self, last_error: Option<Error>) -> Error {
        Error::Deadline {
            operation: self.operation.unwrap_or("(watch)"),
            waited: self.started.elapsed(),
            polls: self.polls,
            last_error: last_error.map(Box::new),
        }
    }
}

/// Whether polling again may give another answer: a server error, a
/// timeout, a failed connection.
fn is_transient(error: &Error) -> bool {
    match error {
        Error::Api(api) => api.status >= 500,
        Error::Timeout { .. } | Error::Transport { .. } => true,
        _ => false,
    }
}
