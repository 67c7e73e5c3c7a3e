//! The default transport, on `reqwest` (which stays out of the public API: a reqwest major
//! release changes this file, not the crates generated against the runtime).

use futures_util::TryStreamExt as _;

use super::{BoxFuture, Transport, TransportError, TransportErrorKind};
use crate::body::Body;
use crate::builder::Config;
use crate::error::Error;

/// Sends requests with `reqwest`: what the runtime uses unless told otherwise.
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
    /// A caller's client may follow redirects; a followed one is then reported as an error.
    check_redirects: bool,
}

impl ReqwestTransport {
    /// A transport with [`Config`]'s connect and read timeouts, proxy and TLS settings,
    /// following no redirects.
    ///
    /// # Errors
    /// [`Error::Config`] when the proxy, CA bundle or client certificate is unusable.
    pub fn new(config: &Config) -> Result<Self, Error> {
        let builder = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .read_timeout(config.read_timeout)
            // A redirect would resend a signed request to wherever the server points; the
            // vendor's SDKs do not follow redirects either.
            .redirect(reqwest::redirect::Policy::none());
        let client = config
            .http
            .apply(builder)?
            .build()
            .map_err(|e| Error::Config(format!("could not build the HTTP client: {e}")))?;
        Ok(ReqwestTransport {
            client,
            check_redirects: false,
        })
    }

    /// A transport on a `reqwest::Client` built by the caller (reqwest 0.12).
    ///
    /// What still holds: the per-attempt timeout, the idle read timeout, the overall deadline,
    /// the response size cap and signing (the runtime enforces them around any transport).
    /// What the caller's client decides instead of [`Config`]: the connect timeout, proxy and
    /// TLS settings. Redirects: reqwest follows up to 10 by default, which resends the signed
    /// request to wherever the server points before this crate sees the answer; build the
    /// client with `redirect(reqwest::redirect::Policy::none())`. A followed redirect is
    /// reported as [`Error::Transport`] rather than returned as the original URL's answer.
    pub fn from_client(client: reqwest::Client) -> Self {
        ReqwestTransport {
            client,
            check_redirects: true,
        }
    }
}

impl Transport for ReqwestTransport {
    fn send(
        &self,
        request: http::Request<Body>,
    ) -> BoxFuture<'static, Result<http::Response<Body>, TransportError>> {
        let client = self.client.clone();
        let check_redirects = self.check_redirects;
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let url = parts.uri.to_string();
            let body = match body.as_bytes() {
                Some(bytes) => reqwest::Body::from(bytes.clone()),
                None => reqwest::Body::wrap_stream(body.into_stream()),
            };
            let response = client
                .request(parts.method, &url)
                .headers(parts.headers)
                .body(body)
                .send()
                .await
                .map_err(from_reqwest)?;
            if check_redirects && response.url().as_str() != url {
                return Err(TransportError::msg(
                    TransportErrorKind::Other,
                    "the injected HTTP client followed a redirect; build it with \
                     `redirect(Policy::none())`",
                ));
            }
            let mut builder = http::Response::builder()
                .status(response.status())
                .version(response.version());
            if let Some(headers) = builder.headers_mut() {
                *headers = response.headers().clone();
            }
            let stream = response.bytes_stream().map_err(from_reqwest);
            builder
                .body(Body::from_stream(stream))
                .map_err(|e| TransportError::new(TransportErrorKind::Other, e))
        })
    }
}

/// Classifies a reqwest error, without its URL (the query may hold an API key).
pub(crate) fn from_reqwest(error: reqwest::Error) -> TransportError {
    let kind = if error.is_timeout() {
        TransportErrorKind::Timeout
    } else if error.is_connect() {
        TransportErrorKind::Connect
    } else {
        TransportErrorKind::Other
    };
    TransportError::new(kind, error.without_url())
}
