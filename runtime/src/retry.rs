//! Opt-in retries with exponential backoff and full jitter.

use std::time::Duration;

use crate::error::Error;

/// When and how often a failed call is tried again.
///
/// Off by default, as in the vendor's SDKs. When on, only *idempotent* requests are retried
/// (GET, HEAD, PUT, DELETE, OPTIONS, unless the spec marks an operation `x-idempotent: false`),
/// and only after a timeout, a connection failure, `429 Too Many Requests` or a `5xx` answer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 = no retries).
    pub max_retries: u32,
    /// The first backoff ceiling; it doubles with every retry.
    pub base_delay: Duration,
    /// The largest backoff (also caps a server's `Retry-After`).
    pub max_delay: Duration,
    /// Also retry requests that are not idempotent (POST, PATCH, `x-idempotent: false`).
    /// Only safe if the service deduplicates them.
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy::none()
    }
}

impl RetryPolicy {
    /// No retries (the default).
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(10),
            retry_non_idempotent: false,
        }
    }

    /// Up to `max_retries` retries, backoff starting at 100 ms and capped at 10 s.
    pub fn exponential(max_retries: u32) -> Self {
        RetryPolicy {
            max_retries,
            ..RetryPolicy::none()
        }
    }

    /// Sets the first backoff ceiling.
    pub fn with_base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// Sets the largest backoff.
    pub fn with_max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// Allows retrying requests that are not idempotent.
    pub fn with_retry_non_idempotent(mut self, allow: bool) -> Self {
        self.retry_non_idempotent = allow;
        self
    }

    /// Whether the call that failed with `error` on attempt `retry` (0-based) goes again.
    pub(crate) fn should_retry(&self, error: &Error, retry: u32, idempotent: bool) -> bool {
        retry < self.max_retries
            && (idempotent || self.retry_non_idempotent)
            && error.is_retryable()
    }

    /// How long to wait before retry number `retry` (0-based): a server's `Retry-After` if it
    /// gave one, else a random duration up to `base_delay * 2^retry` ("full jitter", which
    /// spreads out clients that failed together), never more than `max_delay`.
    pub(crate) fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(wait) = retry_after {
            return wait.min(self.max_delay);
        }
        let ceiling = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(retry.min(30)))
            .min(self.max_delay);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let policy = RetryPolicy::exponential(5)
            .with_base_delay(Duration::from_millis(10))
            .with_max_delay(Duration::from_millis(50));
        for _ in 0..200 {
            assert!(policy.delay(0, None) <= Duration::from_millis(10));
            assert!(policy.delay(2, None) <= Duration::from_millis(40));
            assert!(policy.delay(20, None) <= Duration::from_millis(50));
        }
        assert_eq!(
            policy.delay(0, Some(Duration::from_secs(3))),
            Duration::from_millis(50)
        );
        assert_eq!(policy.delay(0, Some(Duration::ZERO)), Duration::ZERO);
    }

    #[test]
    fn only_transient_failures_of_idempotent_calls_are_retried() {
        let policy = RetryPolicy::exponential(2);
        let config = Error::Config("x".into());
        assert!(!policy.should_retry(&config, 0, true));
        let busy = crate::error::tests::service_error(503);
        assert!(policy.should_retry(&busy, 0, true));
        assert!(policy.should_retry(&busy, 1, true));
        assert!(!policy.should_retry(&busy, 2, true), "attempts are bounded");
        assert!(!policy.should_retry(&busy, 0, false), "not idempotent");
        assert!(policy
            .clone()
            .with_retry_non_idempotent(true)
            .should_retry(&busy, 0, false));
        assert!(!policy.should_retry(&crate::error::tests::service_error(404), 0, true));
        assert!(policy.should_retry(&crate::error::tests::service_error(429), 0, true));
        assert!(!RetryPolicy::none().should_retry(&busy, 0, true));
    }
}
