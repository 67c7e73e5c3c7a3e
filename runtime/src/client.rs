//! [`HttpClient`]: what every generated operation calls to send its request.

use std::fmt;
use std::sync::Arc;

use bytes::Bytes;
use serde::de::DeserializeOwned;
use url::Url;

use crate::auth::Auth;
use crate::builder::Config;
use crate::call::Mode;
use crate::error::{bounded, Error, SHORT_FIELD_LIMIT};
use crate::json_events::JsonEventStream;
use crate::options::CallOptions;
use crate::pending::{Call, Custom, Json, Raw};
use crate::raw::RawResponse;
use crate::request::Request;
use crate::response::Response;
use crate::stream::{ByteStream, EventStream};
use crate::transport::Transport;

/// Where requests go: the origin, a base path from the server URL, and the `Host` to sign.
#[derive(Debug, Clone)]
pub(crate) struct Endpoint {
    pub(crate) origin: String,
    pub(crate) base_path: String,
    pub(crate) host: String,
}

impl Endpoint {
    pub(crate) fn from_url(url: Url) -> Option<Endpoint> {
        let host = match url.port() {
            Some(port) => format!("{}:{port}", url.host_str()?),
            None => url.host_str()?.to_owned(),
        };
        Some(Endpoint {
            origin: format!("{}://{host}", url.scheme()),
            base_path: url.path().trim_end_matches('/').to_owned(),
            host,
        })
    }
}

/// Sends generated requests: validates, runs hooks, signs, sends, reads bounded bodies, maps
/// errors, retries within the deadline.
///
/// Cheap to clone; clones share one transport (one connection pool).
#[derive(Clone)]
pub struct HttpClient {
    pub(crate) inner: Arc<Inner>,
    /// Per-call settings of a [`with_options`](Self::with_options) copy.
    pub(crate) options: Option<Arc<CallOptions>>,
}

pub(crate) struct Inner {
    pub(crate) transport: Arc<dyn Transport>,
    pub(crate) endpoint: Endpoint,
    pub(crate) credentials: Option<crate::signing::Source>,
    pub(crate) config: Config,
    pub(crate) user_agent: String,
    pub(crate) auth: Auth,
}

impl fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpClient")
            .field("endpoint", &self.inner.endpoint)
            .field("credentials", &self.inner.credentials)
            .field("config", &self.inner.config)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl HttpClient {
    pub(crate) fn new(inner: Inner) -> Self {
        HttpClient {
            inner: Arc::new(inner),
            options: None,
        }
    }

    /// A copy of this client (sharing its transport and credentials) whose calls use
    /// `options` over the client's settings.
    pub fn with_options(&self, options: CallOptions) -> HttpClient {
        HttpClient {
            inner: Arc::clone(&self.inner),
            options: Some(Arc::new(options)),
        }
    }

    /// Sends `request` and decodes a JSON success body into `T`.
    ///
    /// Like every `send_…` function, this returns at once; the request goes out when the
    /// [`Call`] is awaited.
    ///
    /// # Errors
    /// See [`Error`]: every failure, from a bad argument to an undecodable body, is one of its
    /// variants; nothing panics.
    pub fn send_json<T: DeserializeOwned>(&self, request: Request) -> Call<'_, Response<T>> {
        Call::sending(self.run(request, Mode::Buffered), Json)
    }

    /// Sends `request` and returns a `text/*` success body as a string.
    ///
    /// # Errors
    /// See [`Error`]; [`Error::Decode`] when the body is not UTF-8.
    pub fn send_text(&self, request: Request) -> Call<'_, Response<String>, Raw> {
        self.buffered(request)
    }

    /// Sends `request` and turns the success response into `T` with `decode` (generated code
    /// matches the status to pick the documented body).
    ///
    /// # Errors
    /// See [`Error`], and whatever `decode` returns.
    pub fn send_with<T>(
        &self,
        request: Request,
        decode: fn(&RawResponse) -> Result<T, Error>,
    ) -> Call<'_, Response<T>, Custom<T>> {
        Call::sending(self.run(request, Mode::Buffered), Custom(decode))
    }

    /// Sends `request` and returns the success body as raw bytes (at most
    /// [`Config::max_response_bytes`]; [`send_stream`](Self::send_stream) has no cap).
    ///
    /// # Errors
    /// See [`Error`].
    pub fn send_bytes(&self, request: Request) -> Call<'_, Response<Bytes>, Raw> {
        self.buffered(request)
    }

    /// Sends `request` and ignores any success body (for `204 No Content` and the like).
    ///
    /// # Errors
    /// See [`Error`].
    pub fn send_empty(&self, request: Request) -> Call<'_, Response<()>, Raw> {
        self.buffered(request)
    }

    /// Sends `request` and returns the success body as a stream of chunks, read as the caller
    /// polls it: no size cap (error bodies stay capped). Retries and the deadline cover the
    /// call until the response head arrives; after that each chunk must arrive within the read
    /// timeout, however long the whole download takes.
    ///
    /// # Errors
    /// See [`Error`]; the stream yields [`Error::Timeout`] or [`Error::Transport`] when reading
    /// fails part way.
    pub fn send_stream(&self, request: Request) -> Call<'_, Response<ByteStream>, Raw> {
        self.streamed(request)
    }

    /// Sends `request` and reads a `text/event-stream` success body as server-sent events, each
    /// at most [`Config::max_response_bytes`] long (the stream as a whole is unbounded).
    ///
    /// # Errors
    /// As [`send_stream`](Self::send_stream); [`Error::Decode`] when the response is not
    /// `text/event-stream`.
    pub fn send_events(&self, request: Request) -> Call<'_, Response<EventStream>, Raw> {
        self.streamed(request)
    }

    /// Sends `request` and reads a `text/event-stream` success body as events whose `data` is
    /// JSON of type `T`, ending at a `[DONE]` event (see [`JsonEventStream`]).
    ///
    /// # Errors
    /// As [`send_events`](Self::send_events); each event that is not a `T` is an
    /// [`Error::Event`] item of the stream.
    pub fn send_json_events<T: DeserializeOwned>(
        &self,
        request: Request,
    ) -> Call<'_, Response<JsonEventStream<T>>, Raw> {
        self.streamed(request)
    }

    fn buffered<T>(&self, request: Request) -> Call<'_, T, Raw> {
        Call::sending(self.run(request, Mode::Buffered), self.raw())
    }

    fn streamed<T>(&self, request: Request) -> Call<'_, T, Raw> {
        Call::sending(self.run(request, Mode::Head), self.raw())
    }

    fn raw(&self) -> Raw {
        Raw {
            read_timeout: self.inner.config.read_timeout,
            max_event_bytes: self.inner.config.max_response_bytes,
        }
    }
}

/// The request ID from the `X-Request-Id` header, bounded.
pub(crate) fn header_request_id(headers: &http::HeaderMap) -> Option<String> {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(|id| bounded(id, SHORT_FIELD_LIMIT))
}

/// The top-level `request_id` of a JSON body, when the header did not carry one.
pub(crate) fn body_request_id(body: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct RequestId {
        request_id: Option<String>,
    }
    let id = serde_json::from_slice::<RequestId>(body).ok()?.request_id?;
    Some(bounded(&id, SHORT_FIELD_LIMIT))
}
