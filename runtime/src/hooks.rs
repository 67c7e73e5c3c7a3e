//! Hook points of every call: before signing (add or change headers, fetch a token
//! asynchronously) and after each response (logging, metrics).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::{HeaderMap, Method};

use crate::body::BoxError;
use crate::transport::BoxFuture;

/// What a [`Hook`] sees of a request before it is signed and sent. Only the headers can be
/// changed: whatever a hook sets is signed with the rest (edits after signing would break the
/// signature).
#[derive(Debug)]
pub struct HookRequest<'a> {
    pub(crate) operation: &'static str,
    pub(crate) method: &'a Method,
    pub(crate) path: &'a str,
    pub(crate) attempt: u32,
    pub(crate) headers: &'a mut HeaderMap,
}

impl HookRequest<'_> {
    /// The operation's `operationId`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        self.method
    }

    /// The path (with the server URL's base path; no query).
    pub fn path(&self) -> &str {
        self.path
    }

    /// Which attempt this is (1 for the first, 2 for the first retry, …).
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The headers to send, beyond those the runtime adds itself (signing, `User-Agent`,
    /// `Accept` when none is set).
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        self.headers
    }
}

/// What a [`Hook`] learns after an attempt: the status, or that there was none.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct HookResponse<'a> {
    /// The operation's `operationId`.
    pub operation: &'static str,
    /// The HTTP method.
    pub method: &'a Method,
    /// Which attempt this was (1-based).
    pub attempt: u32,
    /// The status, when a response arrived.
    pub status: Option<http::StatusCode>,
    /// The response headers (empty when no response arrived).
    pub headers: &'a HeaderMap,
    /// From sending to the response head (or the failure).
    pub elapsed: Duration,
    /// The failure, when there was one, as text (secrets are never part of it).
    pub error: Option<String>,
}

/// Code run around every attempt of every call. Both methods do nothing by default.
pub trait Hook: Send + Sync + 'static {
    /// Runs before the request is signed and sent; may change its headers, and may wait
    /// (for a token, say). An error stops the call with [`Error::Hook`](crate::Error::Hook).
    fn before_send<'a>(
        &'a self,
        request: &'a mut HookRequest<'_>,
    ) -> BoxFuture<'a, Result<(), BoxError>> {
        let _ = request;
        Box::pin(async { Ok(()) })
    }

    /// Runs after each attempt, with its outcome.
    fn after_response(&self, response: &HookResponse<'_>) {
        let _ = response;
    }
}

/// The hooks of a client, run in the order they were added.
#[derive(Clone, Default)]
pub(crate) struct Hooks(pub Vec<Arc<dyn Hook>>);

impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} hook(s)", self.0.len())
    }
}
