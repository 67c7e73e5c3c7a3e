//! [`Call`]: the future a generated operation method returns.
//!
//! A generated method is a plain `fn`: it checks its arguments and builds the request at once,
//! then hands it to one of [`HttpClient`](crate::codegen::HttpClient)'s `send_…` functions.
//! An `async fn` per operation would make the compiler build, check and lay out one coroutine
//! per operation of every client. Here the sending (retries, deadline, reading) is one
//! non-generic future compiled once in this crate, boxed; what is generic, turning the answer
//! into the method's type, is a [`Decode`] step run when the call completes. Because that step
//! is reached only through `Call`'s `poll`, a client crate compiles a model's decoding only
//! where a call is awaited, as it did for `async fn`s.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::Bytes;

use crate::call::Answer;
use crate::error::Error;
use crate::json_events::JsonEventStream;
use crate::raw::RawResponse;
use crate::response::Response;
use crate::stream::{ByteStream, EventStream};

/// The future of one call of a generated operation method: `client.op(args).await`.
///
/// Nothing is sent until it is polled. A bad argument (a failed check, a path parameter that
/// would change the path, a body that cannot be serialized) is its error, sent nowhere. It
/// borrows only the client (not the method's arguments, which are read when it is made) and is
/// `Send`, so it can be stored, passed around or joined with others.
///
/// `T` is what it yields (a [`Response`](crate::Response)); `D` how the answer becomes a `T`
/// (see [`decode`](crate::decode)): JSON unless the operation streams or returns text, bytes
/// or one of several bodies.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'a, T, D = Json> {
    state: State<'a>,
    /// Taken when the call completes.
    decode: Option<D>,
    output: PhantomData<fn() -> T>,
}

type Sending<'a> = Pin<Box<dyn Future<Output = Result<Answer, Error>> + Send + 'a>>;

enum State<'a> {
    /// The request could not be built: the error, until polled once.
    Failed(Option<Error>),
    Sending(Sending<'a>),
    Done,
}

/// The answer to a sent request, before [`Decode`] makes it the call's output.
pub struct Reply(pub(crate) Answer);

/// How a finished call's answer becomes its output.
pub trait Decode<T> {
    /// The output, or why the answer is not one.
    ///
    /// # Errors
    /// When the body is not what the operation documents.
    fn decode(self, reply: Reply) -> Result<T, Error>;
}

/// A success body decoded as JSON into the response's type.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json;

/// A success body read as the runtime's own type: text, bytes, nothing, or a stream (with the
/// client's read timeout and event size limit).
#[derive(Debug, Clone, Copy)]
pub struct Raw {
    pub(crate) read_timeout: std::time::Duration,
    pub(crate) max_event_bytes: usize,
}

/// A success body decoded by a function (generated code matching the status to the
/// documented body).
pub struct Custom<T>(pub(crate) fn(&crate::RawResponse) -> Result<T, Error>);

impl<T> Clone for Custom<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Custom<T> {}

impl<T> fmt::Debug for Custom<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Custom")
    }
}

impl<'a, T, D> Call<'a, T, D> {
    /// Runs `build`, which checks the arguments, builds the request and starts the call; its
    /// error becomes the call's error (generated methods use it so that `?` works while the
    /// request is built).
    pub fn new(build: impl FnOnce() -> Result<Self, Error>) -> Self {
        build().unwrap_or_else(Call::failed)
    }

    /// A call that fails with `error` when awaited.
    pub fn failed(error: Error) -> Self {
        Call {
            state: State::Failed(Some(error)),
            decode: None,
            output: PhantomData,
        }
    }

    /// The call that waits for `sending` and decodes its answer with `decode`.
    pub(crate) fn sending(
        sending: impl Future<Output = Result<Answer, Error>> + Send + 'a,
        decode: D,
    ) -> Self {
        Call {
            state: State::Sending(Box::pin(sending)),
            decode: Some(decode),
            output: PhantomData,
        }
    }
}

impl<T, D: Decode<T> + Unpin> Future for Call<'_, T, D> {
    type Output = Result<T, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // `Call` is `Unpin` (its future is boxed), so the pin can be looked through.
        let this = self.get_mut();
        let answer = match &mut this.state {
            State::Sending(sending) => ready!(sending.as_mut().poll(cx)),
            State::Failed(error) => Err(error.take().unwrap_or_else(polled_again)),
            State::Done => Err(polled_again()),
        };
        this.state = State::Done;
        let decode = this.decode.take();
        Poll::Ready(answer.and_then(|answer| match decode {
            Some(decode) => decode.decode(Reply(answer)),
            None => Err(polled_again()),
        }))
    }
}

fn polled_again() -> Error {
    Error::InvalidRequest("a call was polled again after it completed".to_owned())
}

impl<T, D> fmt::Debug for Call<'_, T, D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match &self.state {
            State::Failed(_) => "failed",
            State::Sending(_) => "sending",
            State::Done => "done",
        };
        f.debug_struct("Call").field("state", &state).finish()
    }
}

impl<B: serde::de::DeserializeOwned> Decode<Response<B>> for Json {
    fn decode(self, reply: Reply) -> Result<Response<B>, Error> {
        let raw = reply.buffered()?;
        let body = raw.json()?;
        // A JSON body may carry the request ID the headers did not.
        let request_id = raw
            .request_id
            .clone()
            .or_else(|| crate::client::body_request_id(&raw.body));
        Ok(Response {
            request_id,
            ..with_body(raw, body)
        })
    }
}

impl<T> Decode<Response<T>> for Custom<T> {
    fn decode(self, reply: Reply) -> Result<Response<T>, Error> {
        let raw = reply.buffered()?;
        let body = (self.0)(&raw)?;
        Ok(with_body(raw, body))
    }
}

impl Decode<Response<String>> for Raw {
    fn decode(self, reply: Reply) -> Result<Response<String>, Error> {
        let raw = reply.buffered()?;
        let body = raw.text()?;
        Ok(with_body(raw, body))
    }
}

impl Decode<Response<Bytes>> for Raw {
    fn decode(self, reply: Reply) -> Result<Response<Bytes>, Error> {
        let raw = reply.buffered()?;
        let body = raw.body.clone();
        Ok(with_body(raw, body))
    }
}

impl Decode<Response<()>> for Raw {
    fn decode(self, reply: Reply) -> Result<Response<()>, Error> {
        Ok(with_body(reply.buffered()?, ()))
    }
}

impl Decode<Response<ByteStream>> for Raw {
    fn decode(self, reply: Reply) -> Result<Response<ByteStream>, Error> {
        let head = match reply.0 {
            Answer::Head(head) => head,
            Answer::Buffered(_) => return Err(internal("body was read")),
        };
        Ok(Response {
            status: head.status,
            body: ByteStream::new(
                head.body,
                self.read_timeout,
                head.status,
                head.request_id.clone(),
            ),
            request_id: head.request_id,
            headers: head.headers,
        })
    }
}

impl Decode<Response<EventStream>> for Raw {
    fn decode(self, reply: Reply) -> Result<Response<EventStream>, Error> {
        let response: Response<ByteStream> = self.decode(reply)?;
        crate::stream::check_event_stream(&response)?;
        Ok(response.map(|bytes| EventStream::new(bytes, self.max_event_bytes)))
    }
}

impl<T: serde::de::DeserializeOwned> Decode<Response<JsonEventStream<T>>> for Raw {
    fn decode(self, reply: Reply) -> Result<Response<JsonEventStream<T>>, Error> {
        let response: Response<EventStream> = self.decode(reply)?;
        Ok(response.map(EventStream::json))
    }
}

impl Reply {
    fn buffered(self) -> Result<RawResponse, Error> {
        match self.0 {
            Answer::Buffered(raw) => Ok(raw),
            Answer::Head(_) => Err(internal("no body read")),
        }
    }
}

fn with_body<T>(raw: RawResponse, body: T) -> Response<T> {
    Response {
        status: raw.status,
        headers: raw.headers,
        request_id: raw.request_id,
        body,
    }
}

fn internal(what: &str) -> Error {
    Error::InvalidRequest(format!("internal: {what}"))
}

#[cfg(test)]
mod tests {
    use futures_util::FutureExt as _;

    use super::*;

    #[test]
    fn a_failed_call_yields_its_error_once_and_then_says_it_was_polled_again() {
        let mut call: Call<'_, Response<()>, Raw> =
            Call::new(|| Err(Error::InvalidRequest("bad argument".to_owned())));
        assert_eq!(format!("{call:?}"), r#"Call { state: "failed" }"#);
        match (&mut call).now_or_never() {
            Some(Err(Error::InvalidRequest(message))) => assert_eq!(message, "bad argument"),
            other => panic!("expected the build error, got {other:?}"),
        }
        match (&mut call).now_or_never() {
            Some(Err(Error::InvalidRequest(message))) => {
                assert!(message.contains("polled again"), "{message}")
            }
            other => panic!("expected a polled-again error, got {other:?}"),
        }
        assert_eq!(format!("{call:?}"), r#"Call { state: "done" }"#);
    }
}
