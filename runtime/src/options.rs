//! Settings for one call (or a few) without building a second client.

use std::time::Duration;

use crate::retry::RetryPolicy;

/// Per-call settings, given with a generated client's `with_options` (which returns a cheap
/// copy of the client that uses them). Anything left unset keeps the client's setting.
///
/// ```
/// # use std::time::Duration;
/// # use specforge_runtime::{CallOptions, RetryPolicy};
/// let options = CallOptions::new()
///     .timeout(Duration::from_secs(5))
///     .retry(RetryPolicy::exponential(2))
///     .header("X-Trace", "abc")
///     .idempotency_key("order-42");
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct CallOptions {
    /// Limit of each attempt (the client's [`Config::timeout`](crate::Config::timeout)).
    pub timeout: Option<Duration>,
    /// Limit of the whole call, retries and backoff included.
    pub deadline: Option<Duration>,
    /// Retry policy of the call.
    pub retry: Option<RetryPolicy>,
    /// Extra headers, sent (and signed) after the operation's own; a header of the same name
    /// replaces the operation's.
    pub headers: Vec<(String, String)>,
    /// Sent as `Idempotency-Key`; see [`idempotency_key`](Self::idempotency_key).
    pub idempotency_key: Option<String>,
}

impl CallOptions {
    /// No overrides.
    pub fn new() -> Self {
        CallOptions::default()
    }

    /// Limits each attempt to `timeout`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Limits the whole call (every attempt and the waits between them) to `deadline`.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Uses `retry` instead of the client's retry policy.
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Adds a header (replacing one of the same name the operation sets).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends `Idempotency-Key: key` with every attempt of the call, and lets the retry policy
    /// retry the call even if its method is not idempotent (a service that honours the key
    /// runs it once). Use a new key for each logical operation.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }
}
