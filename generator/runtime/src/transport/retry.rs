//! `RetryPolicy`: opt-in, bounded retries that honour GitHub's waits.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use reqwest::Method;

use crate::vocabulary::error::Error;

/// When and how often a failed request is sent again.
///
/// Off by default ([`RetryPolicy::none`]). [`RetryPolicy::new`] retries
/// server errors (5xx), transport failures, timeouts and rate limits with
/// exponential backoff, waits as long as GitHub asks (`retry-after`, or
/// the reset time of an exhausted quota) but never longer than
/// [`max_wait`](RetryPolicy::max_wait): a longer wait returns the error at
/// once. `POST` and `PATCH` are never retried unless
/// [`retry_non_idempotent`](RetryPolicy::retry_non_idempotent) allows it,
/// since the first attempt may have taken effect.
///
/// ```
/// # use gh_actions::RetryPolicy;
/// # use std::time::Duration;
/// let policy = RetryPolicy::new(4)
///     .base_delay(Duration::from_millis(250))
///     .max_wait(Duration::from_secs(90));
/// assert_eq!(policy.max_attempts(), 4);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    max_wait: Duration,
    retry_non_idempotent: bool,
}

impl RetryPolicy {
    /// No retries: every request is sent once.
    pub fn none() -> RetryPolicy {
        RetryPolicy::new(1)
    }

    /// Up to `max_attempts` sends in all (the first one included; 0 counts
    /// as 1), with a 500 ms base delay doubling up to 30 s, and at most 60 s
    /// of waiting for a server-requested delay.
    pub fn new(max_attempts: u32) -> RetryPolicy {
        RetryPolicy {
            max_attempts: max_attempts.max(1),
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_wait: Duration::from_secs(60),
            retry_non_idempotent: false,
        }
    }

    /// The delay before the first retry; later ones double it.
    pub fn base_delay(mut self, delay: Duration) -> RetryPolicy {
        self.base_delay = delay;
        self
    }

    /// The longest backoff delay between two attempts.
    pub fn max_delay(mut self, delay: Duration) -> RetryPolicy {
        self.max_delay = delay;
        self
    }

    /// The longest wait accepted when GitHub names one (`retry-after`, rate
    /// limit reset); a longer one returns the error instead of sleeping.
    pub fn max_wait(mut self, wait: Duration) -> RetryPolicy {
        self.max_wait = wait;
        self
    }

    /// Also retry `POST` and `PATCH` requests (off by default: they may have
    /// taken effect before the failure).
    pub fn retry_non_idempotent(mut self, allow: bool) -> RetryPolicy {
        self.retry_non_idempotent = allow;
        self
    }

    /// The most sends of one request, the first included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// How long to sleep before sending again after `attempts_made` sends
    /// ended in `error`, or `None` to give up and return the error.
    pub(crate) fn delay_before_retry(
        &self,
        method: &Method,
        error: &Error,
        attempts_made: u32,
    ) -> Option<Duration> {
        if attempts_made >= self.max_attempts {
            return None;
        }
        if !self.retry_non_idempotent && !is_idempotent(method) {
            return None;
        }
        let requested = match error {
            // A rate limit with no known end (an unreadable reset time) is
            // reported, not retried on a guess.
            Error::RateLimited(e) => Some(e.retry_after?),
            Error::Api(e) if e.status >= 500 => e.retry_after,
            Error::Transport { .. } | Error::Timeout { .. } => None,
            Error::Download(e) if e.status.is_none_or(|s| s >= 500) => None,
            _ => return None,
        };
        match requested {
            Some(wait) if wait > self.max_wait => None,
            // A wait of nothing (`retry-after: 0`, a reset time already past
            // by this clock) still backs off, so retries never come at once.
            Some(wait) => Some(wait.max(self.backoff(attempts_made))),
            None => Some(self.backoff(attempts_made)),
        }
    }

    /// Exponential backoff with "equal jitter": half the delay is fixed, the
    /// other half random, so that many clients do not retry in lockstep.
    fn backoff(&self, attempts_made: u32) -> Duration {
        let exponent = attempts_made.saturating_sub(1).min(20);
        let full = self
            .base_delay
            .saturating_mul(1u32 << exponent)
            .min(self.max_delay);
        let half = full / 2;
        let jitter_nanos = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
        let random = if jitter_nanos == 0 {
            0
        } else {
            random_u64() % (jitter_nanos + 1)
        };
        half + Duration::from_nanos(random)
    }
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy::none()
    }
}

fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

/// A random number from the standard library's per-instance hash seeds;
/// plenty for jitter, and no extra dependency.
fn random_u64() -> u64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(0x9e37_79b9_7f4a_7c15);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::error_answer::from_status;
    use reqwest::header::{HeaderMap, HeaderValue};

    fn api_error(status: u16, headers: &[(&'static str, &str)], body: &str) -> Error {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        from_status(
            "actions/x",
            status,
            &map,
            body.as_bytes(),
            chrono::Utc::now(),
            false,
        )
    }

    #[test]
    fn default_policy_never_retries() {
        let err = api_error(503, &[], "");
        assert_eq!(
            RetryPolicy::default().delay_before_retry(&Method::GET, &err, 1),
            None
        );
    }

    #[test]
    fn server_errors_back_off_exponentially_within_bounds() {
        let policy = RetryPolicy::new(10)
            .base_delay(Duration::from_millis(100))
            .max_delay(Duration::from_millis(1000));
        let err = api_error(502, &[], "<html>bad gateway</html>");
        for (attempt, full_ms) in [(1, 100), (2, 200), (3, 400), (4, 800), (5, 1000), (9, 1000)] {
            let delay = policy
                .delay_before_retry(&Method::GET, &err, attempt)
                .unwrap();
            let full = Duration::from_millis(full_ms);
            assert!(
                delay >= full / 2 && delay <= full,
                "attempt {attempt}: {delay:?}"
            );
        }
        assert_eq!(policy.delay_before_retry(&Method::GET, &err, 10), None);
    }

    #[test]
    fn client_errors_are_not_retried() {
        let policy = RetryPolicy::new(3);
        for status in [400, 401, 403, 404, 422] {
            let err = api_error(status, &[], r#"{"message":"no"}"#);
            assert_eq!(
                policy.delay_before_retry(&Method::GET, &err, 1),
                None,
                "{status}"
            );
        }
    }

    #[test]
    fn post_and_patch_are_retried_only_when_allowed() {
        let err = api_error(503, &[], "");
        let policy = RetryPolicy::new(3);
        assert_eq!(policy.delay_before_retry(&Method::POST, &err, 1), None);
        assert_eq!(policy.delay_before_retry(&Method::PATCH, &err, 1), None);
        assert!(policy.delay_before_retry(&Method::PUT, &err, 1).is_some());
        assert!(
            policy
                .delay_before_retry(&Method::DELETE, &err, 1)
                .is_some()
        );
        let allowed = policy.retry_non_idempotent(true);
        assert!(allowed.delay_before_retry(&Method::POST, &err, 1).is_some());
    }

    #[test]
    fn rate_limits_wait_as_asked_unless_too_long() {
        let policy = RetryPolicy::new(3).max_wait(Duration::from_secs(30));
        let short = api_error(429, &[("retry-after", "7")], "");
        assert_eq!(
            policy.delay_before_retry(&Method::GET, &short, 1),
            Some(Duration::from_secs(7))
        );
        let long = api_error(403, &[("retry-after", "120")], "");
        assert_eq!(policy.delay_before_retry(&Method::GET, &long, 1), None);
        let reset = (chrono::Utc::now().timestamp() + 3600).to_string();
        let primary = api_error(
            403,
            &[
                ("x-ratelimit-remaining", "0"),
                ("x-ratelimit-reset", &reset),
            ],
            "",
        );
        assert_eq!(policy.delay_before_retry(&Method::GET, &primary, 1), None);
    }

    #[test]
    fn a_wait_of_nothing_still_backs_off() {
        let policy = RetryPolicy::new(3).base_delay(Duration::from_millis(400));
        let now = api_error(429, &[("retry-after", "0")], "");
        let delay = policy.delay_before_retry(&Method::GET, &now, 1).unwrap();
        assert!(delay >= Duration::from_millis(200), "{delay:?}");
        let past = (chrono::Utc::now().timestamp() - 30).to_string();
        let reset = api_error(
            403,
            &[("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", &past)],
            "",
        );
        let delay = policy.delay_before_retry(&Method::GET, &reset, 2).unwrap();
        assert!(delay >= Duration::from_millis(400), "{delay:?}");
    }

    #[test]
    fn zero_attempts_means_one() {
        assert_eq!(RetryPolicy::new(0).max_attempts(), 1);
    }
}
