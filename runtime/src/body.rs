//! Request and response bodies as they cross a [`Transport`](crate::Transport): whole bytes,
//! or a stream of chunks (uploads, downloads larger than the buffered-body cap).

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;

/// Any error a transport or a body stream reports, boxed so that no HTTP library's error
/// type is part of this crate's API.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// A stream of body chunks.
pub type BoxStream = Pin<Box<dyn Stream<Item = Result<Bytes, BoxError>> + Send + 'static>>;

/// An HTTP body: all of it in memory, or a stream read (or written) chunk by chunk.
pub struct Body {
    kind: Kind,
}

enum Kind {
    Full(Bytes),
    Stream(BoxStream),
}

impl Body {
    /// An empty body.
    pub fn empty() -> Self {
        Body::from(Bytes::new())
    }

    /// A body read from `stream`, chunk by chunk (never buffered whole by this crate).
    pub fn from_stream<S, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError> + 'static,
    {
        use futures_util::TryStreamExt as _;
        Body {
            kind: Kind::Stream(Box::pin(stream.map_err(Into::into))),
        }
    }

    /// The bytes, when the whole body is in memory (`None` for a stream).
    pub fn as_bytes(&self) -> Option<&Bytes> {
        match &self.kind {
            Kind::Full(bytes) => Some(bytes),
            Kind::Stream(_) => None,
        }
    }

    /// Whether the body is a stream (which can be sent only once, so is never retried).
    pub fn is_stream(&self) -> bool {
        matches!(self.kind, Kind::Stream(_))
    }

    /// The body as a stream of chunks (one chunk for an in-memory body).
    pub fn into_stream(self) -> BoxStream {
        match self.kind {
            Kind::Full(bytes) if bytes.is_empty() => Box::pin(futures_util::stream::empty()),
            Kind::Full(bytes) => Box::pin(futures_util::stream::once(async move { Ok(bytes) })),
            Kind::Stream(stream) => stream,
        }
    }
}

impl From<Bytes> for Body {
    fn from(bytes: Bytes) -> Self {
        Body {
            kind: Kind::Full(bytes),
        }
    }
}

impl From<Vec<u8>> for Body {
    fn from(bytes: Vec<u8>) -> Self {
        Body::from(Bytes::from(bytes))
    }
}

impl From<String> for Body {
    fn from(text: String) -> Self {
        Body::from(Bytes::from(text))
    }
}

impl Stream for Body {
    type Item = Result<Bytes, BoxError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match &mut self.kind {
            Kind::Full(bytes) if bytes.is_empty() => Poll::Ready(None),
            Kind::Full(bytes) => Poll::Ready(Some(Ok(std::mem::take(bytes)))),
            Kind::Stream(stream) => stream.as_mut().poll_next(cx),
        }
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Bodies may hold secrets or be huge: only their size is shown.
        match &self.kind {
            Kind::Full(bytes) => write!(f, "Body({} bytes)", bytes.len()),
            Kind::Stream(_) => f.write_str("Body(stream)"),
        }
    }
}
