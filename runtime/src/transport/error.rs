use std::fmt;

use crate::body::BoxError;

/// What kind of failure a [`TransportError`] is (decides retries and the [`crate::Error`]
/// variant).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// Nothing arrived in time.
    Timeout,
    /// The connection could not be made (refused, DNS, TLS handshake).
    Connect,
    /// Anything else: reset, malformed response, a body stream that failed.
    Other,
}

/// A failure to send a request or to read its response, with the underlying error boxed (so
/// no HTTP library's error type is part of the API). Its messages never hold the request URL,
/// whose query may carry an API key.
pub struct TransportError {
    kind: TransportErrorKind,
    message: String,
    source: Option<BoxError>,
}

impl TransportError {
    /// A failure of `kind`, caused by `source`.
    pub fn new(kind: TransportErrorKind, source: impl Into<BoxError>) -> Self {
        let source = source.into();
        TransportError {
            kind,
            message: source.to_string(),
            source: Some(source),
        }
    }

    /// A failure described by `message` alone.
    pub fn msg(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        TransportError {
            kind,
            message: message.into(),
            source: None,
        }
    }

    /// A timeout of the runtime's own clocks (attempt timeout, read timeout, deadline).
    pub(crate) fn elapsed(what: &str, limit: std::time::Duration) -> Self {
        TransportError::msg(
            TransportErrorKind::Timeout,
            format!("{what} of {limit:?} elapsed"),
        )
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// Whether this is a timeout.
    pub fn is_timeout(&self) -> bool {
        self.kind == TransportErrorKind::Timeout
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        // The top-level message of most clients is generic ("error sending request"): the
        // causes say what happened.
        let mut cause = self.source.as_deref().and_then(std::error::Error::source);
        while let Some(error) = cause {
            write!(f, ": {error}")?;
            cause = error.source();
        }
        Ok(())
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportError")
            .field("kind", &self.kind)
            .field("message", &self.to_string())
            .finish()
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}
