//! Server-sent events whose `data` is JSON of one documented type (OpenAI-style streams).

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream;
use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::stream::EventStream;

/// What OpenAI-style streams send as their last event's data: not JSON, but the end.
const DONE: &str = "[DONE]";

/// A `text/event-stream` body whose events carry a `T` as JSON in their `data`.
///
/// Each event is decoded on its own: one that is not a `T` is an [`Error::Event`] item (naming
/// the event and with the start of its data), and the stream goes on with the next. An event whose data is
/// `[DONE]` ends the stream. Bounded as [`EventStream`] is: each event at most the client's
/// `max_response_bytes`, each chunk within the read timeout, and
/// [`with_deadline`](Self::with_deadline) for the whole.
pub struct JsonEventStream<T> {
    events: EventStream,
    done: bool,
    // `fn() -> T`: the stream holds no `T`, so it is `Send`/`Sync` whatever `T` is.
    item: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned> JsonEventStream<T> {
    pub(crate) fn new(events: EventStream) -> Self {
        JsonEventStream {
            events,
            done: false,
            item: PhantomData,
        }
    }

    /// Ends the stream with [`Error::Timeout`] when it is still going `limit` from now.
    pub fn with_deadline(mut self, limit: Duration) -> Self {
        self.events = self.events.with_deadline(limit);
        self
    }

    /// The events undecoded (their `event`, `id` and `retry` fields too).
    pub fn into_events(self) -> EventStream {
        self.events
    }
}

impl<T: DeserializeOwned> Stream for JsonEventStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.done {
            return Poll::Ready(None);
        }
        let next = Pin::new(&mut self.events).poll_next(cx);
        match next {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Some(Ok(event))) if event.data == DONE => {
                self.done = true;
                Poll::Ready(None)
            }
            Poll::Ready(Some(Ok(event))) => Poll::Ready(Some(event.json())),
            Poll::Ready(Some(Err(error))) => Poll::Ready(Some(Err(error))),
            Poll::Ready(None) => {
                self.done = true;
                Poll::Ready(None)
            }
        }
    }
}

impl<T> fmt::Debug for JsonEventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JsonEventStream")
    }
}
