//! [`Call`]: the future a generated operation method returns.
//!
//! A generated method is a plain `fn`: it checks its arguments and builds the request at once,
//! then hands it to one of [`HttpClient`](crate::codegen::HttpClient)'s `send_…` functions,
//! whose state machine (retries, deadline, decoding) is compiled once, generic, here. An
//! `async fn` per operation would make the compiler build, check and lay out one coroutine per
//! operation of every client; this keeps a generated client's per-operation code ordinary.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::error::Error;

/// The future of one call of a generated operation method: `client.op(args).await`.
///
/// Nothing is sent until it is polled. A bad argument (a failed check, a path parameter that
/// would change the path, a body that cannot be serialized) is its error, sent nowhere. It
/// borrows only the client (not the method's arguments, which are read when it is made) and is
/// `Send`, so it can be stored, passed around or joined with others.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'a, T> {
    state: State<'a, T>,
}

type BoxedCall<'a, T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'a>>;

enum State<'a, T> {
    /// The request could not be built: the error, until polled once.
    Failed(Option<Error>),
    Running(BoxedCall<'a, T>),
}

impl<'a, T> Call<'a, T> {
    /// Runs `build`, which checks the arguments, builds the request and starts sending it; its
    /// error becomes the call's error (as generated methods use it, so that `?` works while
    /// building).
    pub fn new(build: impl FnOnce() -> Result<Call<'a, T>, Error>) -> Self {
        build().unwrap_or_else(Call::failed)
    }

    /// A call that fails with `error` when awaited.
    pub fn failed(error: Error) -> Self {
        Call {
            state: State::Failed(Some(error)),
        }
    }

    /// The call that runs `future`.
    pub(crate) fn boxed(future: impl Future<Output = Result<T, Error>> + Send + 'a) -> Self {
        Call {
            state: State::Running(Box::pin(future)),
        }
    }
}

impl<T> Future for Call<'_, T> {
    type Output = Result<T, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // `Call` is `Unpin` (its future is boxed), so the pin can be looked through.
        match &mut self.get_mut().state {
            State::Running(future) => future.as_mut().poll(cx),
            State::Failed(error) => Poll::Ready(Err(error.take().unwrap_or_else(|| {
                Error::InvalidRequest("a failed call was polled after it completed".to_owned())
            }))),
        }
    }
}

impl<T> fmt::Debug for Call<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match &self.state {
            State::Failed(_) => "failed",
            State::Running(_) => "running",
        };
        f.debug_struct("Call").field("state", &state).finish()
    }
}
