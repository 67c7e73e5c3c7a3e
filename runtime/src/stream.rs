//! Streamed response bodies: raw bytes without the buffered-body cap, and
//! `text/event-stream` as server-sent events.

use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use futures_util::future::BoxFuture;
use futures_util::FutureExt as _;
use http::StatusCode;
use tokio::time::Instant;

use crate::body::Body;
use crate::error::{DecodeError, Error, EventError};
use crate::read::next_chunk;
use crate::response::Response;
use crate::transport::TransportError;

type Next = BoxFuture<'static, (Result<Option<Bytes>, Error>, Body)>;

/// A response body read chunk by chunk as it is polled; each chunk must arrive within the
/// client's read timeout. No size cap: the caller decides how much to keep
/// ([`collect_bytes`](Self::collect_bytes) reads it whole up to a limit it is given).
///
/// The client's deadline covers a streamed call until the response head arrives, so a long
/// download or a long-lived event stream is not cut at the call deadline;
/// [`with_deadline`](Self::with_deadline) bounds the rest.
pub struct ByteStream {
    state: State,
    read_timeout: Duration,
    deadline: Option<(Instant, Duration)>,
    status: StatusCode,
    request_id: Option<String>,
}

enum State {
    Idle(Body),
    Reading(Next),
    Done,
}

impl ByteStream {
    pub(crate) fn new(
        body: Body,
        read_timeout: Duration,
        status: StatusCode,
        request_id: Option<String>,
    ) -> Self {
        ByteStream {
            state: State::Idle(body),
            read_timeout,
            deadline: None,
            status,
            request_id,
        }
    }

    /// Ends the stream with [`Error::Timeout`] when it is still going `limit` from now
    /// (an endless download or event stream, a server trickling bytes).
    pub fn with_deadline(mut self, limit: Duration) -> Self {
        self.deadline = Some((Instant::now() + limit, limit));
        self
    }

    /// Reads the rest of the body into memory, at most `max_bytes` of it.
    ///
    /// # Errors
    /// [`Error::ResponseTooLarge`] past `max_bytes`; as the stream's items otherwise.
    pub async fn collect_bytes(mut self, max_bytes: usize) -> Result<Bytes, Error> {
        use futures_util::StreamExt as _;
        let mut buffer = BytesMut::new();
        while let Some(chunk) = self.next().await {
            let chunk = chunk?;
            if buffer.len() + chunk.len() > max_bytes {
                return Err(Error::ResponseTooLarge {
                    status: self.status,
                    limit: max_bytes,
                    request_id: self.request_id.clone(),
                });
            }
            buffer.extend_from_slice(&chunk);
        }
        Ok(buffer.freeze())
    }

    /// The next chunk within the read timeout and the stream's deadline, if it has one.
    fn read_next(&self, mut body: Body) -> Next {
        let read_timeout = self.read_timeout;
        let deadline = self.deadline;
        async move {
            let next = next_chunk(&mut body, read_timeout);
            let result = match deadline {
                None => next.await,
                Some((at, limit)) => tokio::time::timeout_at(at, next).await.unwrap_or_else(|_| {
                    Err(Error::Timeout(TransportError::elapsed(
                        "stream deadline",
                        limit,
                    )))
                }),
            };
            (result, body)
        }
        .boxed()
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            match std::mem::replace(&mut self.state, State::Done) {
                State::Done => return Poll::Ready(None),
                State::Idle(body) => {
                    let next = self.read_next(body);
                    self.state = State::Reading(next);
                }
                State::Reading(mut next) => match next.poll_unpin(cx) {
                    Poll::Pending => {
                        self.state = State::Reading(next);
                        return Poll::Pending;
                    }
                    Poll::Ready((Ok(Some(chunk)), body)) => {
                        self.state = State::Idle(body);
                        return Poll::Ready(Some(Ok(chunk)));
                    }
                    // After an error or the end, the stream stays finished.
                    Poll::Ready((Ok(None), _)) => return Poll::Ready(None),
                    Poll::Ready((Err(error), _)) => return Poll::Ready(Some(Err(error))),
                },
            }
        }
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ByteStream")
    }
}

/// One server-sent event (the WHATWG `text/event-stream` format).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Event {
    /// The `event:` field (`None`: the default type, `message`).
    pub event: Option<String>,
    /// The `data:` lines, joined with `\n`.
    pub data: String,
    /// The `id:` field.
    pub id: Option<String>,
    /// The `retry:` field, in milliseconds.
    pub retry: Option<u64>,
    /// Where the event came in its stream: 1 for the first (0: not read from a stream).
    pub position: usize,
}

impl Event {
    /// The data decoded as JSON (OpenAI-style streams send one JSON object per event).
    ///
    /// # Errors
    /// [`Error::Event`] when the data is not a `T`, naming the event (its position, type and
    /// id) and the path of the value that did not match.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        let mut deserializer = serde_json::Deserializer::from_str(&self.data);
        serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
            // serde quotes the offending value, which a hostile server makes huge.
            let message = format!("at `{}`: {}", e.path(), e.inner());
            Error::Event(Box::new(EventError {
                position: self.position,
                event: self.event.clone(),
                id: self.id.clone(),
                message: crate::error::bounded(&message, crate::error::BODY_SNIPPET_LIMIT),
                data_snippet: crate::error::body_snippet(self.data.as_bytes()),
            }))
        })
    }
}

/// A `text/event-stream` body as [`Event`]s. An event longer than the client's
/// `max_response_bytes` ends the stream with [`Error::ResponseTooLarge`], so a server that
/// never ends a line cannot grow memory without bound.
pub struct EventStream {
    bytes: ByteStream,
    parser: crate::sse::Parser,
    ready: VecDeque<Event>,
    failed: bool,
    /// Events handed out so far (each event's `position`).
    count: usize,
}

impl EventStream {
    pub(crate) fn new(bytes: ByteStream, limit: usize) -> Self {
        EventStream {
            bytes,
            parser: crate::sse::Parser::new(limit),
            ready: VecDeque::new(),
            failed: false,
            count: 0,
        }
    }

    /// Ends the stream with [`Error::Timeout`] when it is still going `limit` from now, as
    /// [`ByteStream::with_deadline`].
    pub fn with_deadline(mut self, limit: Duration) -> Self {
        self.bytes = self.bytes.with_deadline(limit);
        self
    }

    /// Each event's `data` decoded as JSON into `T`, until a `[DONE]` event (see
    /// [`JsonEventStream`](crate::JsonEventStream)).
    pub fn json<T: serde::de::DeserializeOwned>(self) -> crate::JsonEventStream<T> {
        crate::JsonEventStream::new(self)
    }
}

impl Stream for EventStream {
    type Item = Result<Event, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            if let Some(mut event) = self.ready.pop_front() {
                self.count += 1;
                event.position = self.count;
                return Poll::Ready(Some(Ok(event)));
            }
            if self.failed {
                return Poll::Ready(None);
            }
            match Pin::new(&mut self.bytes).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => {
                    // An event without its closing blank line is dropped, as the format says.
                    self.failed = true;
                }
                Poll::Ready(Some(Err(error))) => {
                    self.failed = true;
                    return Poll::Ready(Some(Err(error)));
                }
                Poll::Ready(Some(Ok(chunk))) => {
                    let this = &mut *self;
                    if let Err(limit) = this.parser.feed(&chunk, &mut this.ready) {
                        this.failed = true;
                        return Poll::Ready(Some(Err(Error::ResponseTooLarge {
                            status: this.bytes.status,
                            limit,
                            request_id: this.bytes.request_id.clone(),
                        })));
                    }
                }
            }
        }
    }
}

impl fmt::Debug for EventStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EventStream")
    }
}

/// Refuses a success response that is not `text/event-stream`.
pub(crate) fn check_event_stream(response: &Response<ByteStream>) -> Result<(), Error> {
    let content_type = response
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if essence.eq_ignore_ascii_case("text/event-stream") {
        return Ok(());
    }
    Err(Error::Decode(Box::new(DecodeError {
        status: response.status(),
        request_id: response.request_id().map(str::to_owned),
        message: format!(
            "expected `text/event-stream`, got {:?}",
            crate::error::bounded(content_type, 128)
        ),
        body_snippet: String::new(),
    })))
}
