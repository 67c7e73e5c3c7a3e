//! The transport: what sends one HTTP request and returns the response, with `http` types,
//! so that any client can carry the calls (reqwest by default; `reqwest-middleware`, a
//! `tower::Service`, a recording transport for tests, …).
//!
//! The runtime enforces the [`Config`](crate::Config) promises that do not depend on the
//! transport around every transport: the per-attempt timeout, the idle read timeout, the
//! overall deadline, the response size cap and signing. What only the transport can do —
//! connect timeout, proxy, TLS settings, not following redirects — is [`ReqwestTransport`]'s
//! job when the runtime builds it; an injected transport must do it itself (see
//! [`ReqwestTransport::from_client`] for what is then checked).

mod error;
mod reqwest_impl;

use std::future::Future;
use std::pin::Pin;

pub use error::{TransportError, TransportErrorKind};
pub use reqwest_impl::ReqwestTransport;

use crate::body::Body;

/// A boxed future, as [`Transport::send`] returns.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Sends one HTTP request and returns the response head with a body still to be read.
///
/// The request's URI is absolute; its headers are final (signed). The runtime reads the body
/// itself (bounded, with the configured timeouts), so an implementation should return as soon
/// as the response head has arrived.
pub trait Transport: Send + Sync + 'static {
    /// Sends `request`.
    ///
    /// # Errors
    /// A [`TransportError`] saying whether it was a timeout, a connection failure or anything
    /// else; the runtime turns it into [`Error::Timeout`](crate::Error::Timeout) or
    /// [`Error::Transport`](crate::Error::Transport).
    fn send(
        &self,
        request: http::Request<Body>,
    ) -> BoxFuture<'static, Result<http::Response<Body>, TransportError>>;
}

impl<F, Fut> Transport for F
where
    F: Fn(http::Request<Body>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<http::Response<Body>, TransportError>> + Send + 'static,
{
    fn send(
        &self,
        request: http::Request<Body>,
    ) -> BoxFuture<'static, Result<http::Response<Body>, TransportError>> {
        Box::pin(self(request))
    }
}
