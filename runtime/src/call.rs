//! One call: the retry loop within the overall deadline, a `tracing` span, and each attempt's
//! timeout. What an attempt sends is built in `attempt.rs`.

use std::time::Duration;

use tokio::time::Instant;
use tracing::Instrument as _;

use crate::client::HttpClient;
use crate::error::Error;
use crate::raw::RawResponse;
use crate::read::Head;
use crate::request::Request;
use crate::retry::RetryPolicy;
use crate::transport::TransportError;

/// Whether an attempt reads the whole body (bounded) or stops at the response head.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Buffered,
    Head,
}

pub(crate) enum Answer {
    Buffered(RawResponse),
    Head(Head),
}

/// The limits of one call: the client's [`Config`](crate::Config) with the call's options
/// applied.
pub(crate) struct Limits<'a> {
    pub timeout: Option<Duration>,
    pub deadline: Option<Duration>,
    pub retry: &'a RetryPolicy,
}

impl HttpClient {
    fn limits(&self) -> Limits<'_> {
        let config = &self.inner.config;
        let options = self.options.as_deref();
        Limits {
            timeout: options.and_then(|o| o.timeout).or(config.timeout),
            deadline: options.and_then(|o| o.deadline).or(config.deadline),
            retry: options
                .and_then(|o| o.retry.as_ref())
                .unwrap_or(&config.retry),
        }
    }

    /// Attempts until success, a failure not worth retrying, the retry budget or the deadline.
    pub(crate) async fn run(&self, request: Request, mode: Mode) -> Result<Answer, Error> {
        // The span carries no URL, header or body: only what was called and how it went.
        let span = tracing::debug_span!(
            "specforge.call",
            operation = request.operation,
            method = %request.method,
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
        );
        let limits = self.limits();
        let deadline = limits.deadline.map(|d| (Instant::now() + d, d));
        let idempotent = self.is_idempotent(&request);
        async {
            let mut retry = 0;
            loop {
                let result = self
                    .traced_attempt(&request, retry + 1, mode, &limits, deadline)
                    .await;
                match result {
                    Err(error) if limits.retry.should_retry(&error, retry, idempotent) => {
                        let delay = limits.retry.delay(retry, error.retry_after());
                        if deadline.is_some_and(|(at, _)| Instant::now() + delay >= at) {
                            // No time left for another attempt: the last answer says most.
                            return Err(error);
                        }
                        tracing::debug!(retry = retry + 1, ?delay, error = %error, "retrying");
                        tokio::time::sleep(delay).await;
                        retry += 1;
                    }
                    other => {
                        let call = tracing::Span::current();
                        call.record("attempts", retry + 1);
                        if let Some(status) = answer_status(&other) {
                            call.record("status", status);
                        }
                        return other;
                    }
                }
            }
        }
        .instrument(span)
        .await
    }

    /// An attempt in its own span (`attempt`, `status`), inside the call's.
    async fn traced_attempt(
        &self,
        request: &Request,
        attempt: u32,
        mode: Mode,
        limits: &Limits<'_>,
        deadline: Option<(Instant, Duration)>,
    ) -> Result<Answer, Error> {
        let span =
            tracing::debug_span!("specforge.attempt", attempt, status = tracing::field::Empty);
        let result = self
            .bounded_attempt(request, attempt, mode, limits, deadline)
            .instrument(span.clone())
            .await;
        let status = answer_status(&result);
        if let Some(status) = status {
            span.record("status", status);
        }
        let _entered = span.enter();
        match &result {
            Ok(_) => tracing::debug!(status, "response"),
            Err(error) => {
                tracing::debug!(status, request_id = error.request_id(), "request failed")
            }
        }
        result
    }

    /// Whether repeating the request is harmless: its method or spec says so, or the call
    /// carries an idempotency key. A streamed body can be sent only once, so never.
    fn is_idempotent(&self, request: &Request) -> bool {
        let keyed = self
            .options
            .as_deref()
            .is_some_and(|o| o.idempotency_key.is_some());
        (request.idempotent || keyed) && !request.has_stream_body()
    }

    /// One attempt, cut off at the attempt timeout or the call's deadline, whichever is first.
    async fn bounded_attempt(
        &self,
        request: &Request,
        attempt: u32,
        mode: Mode,
        limits: &Limits<'_>,
        deadline: Option<(Instant, Duration)>,
    ) -> Result<Answer, Error> {
        let per_attempt = limits
            .timeout
            .map(|t| (Instant::now() + t, "attempt timeout", t));
        let call = deadline.map(|(at, d)| (at, "call deadline", d));
        let limit = match (per_attempt, call) {
            (Some(a), Some(c)) => Some(if a.0 <= c.0 { a } else { c }),
            (a, c) => a.or(c),
        };
        let attempt = self.attempt(request, attempt, mode);
        match limit {
            None => attempt.await,
            Some((at, what, length)) => tokio::time::timeout_at(at, attempt)
                .await
                .unwrap_or_else(|_| Err(Error::Timeout(TransportError::elapsed(what, length)))),
        }
    }
}

/// The status as a number, for the spans.
fn answer_status(result: &Result<Answer, Error>) -> Option<u16> {
    let status = match result {
        Ok(Answer::Buffered(raw)) => raw.status,
        Ok(Answer::Head(head)) => head.status,
        Err(error) => error.status()?,
    };
    Some(status.as_u16())
}
