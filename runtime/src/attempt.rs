//! One attempt: the request drafted (auth, defaults, per-call headers), hooks run, built
//! (body, signature, `Accept`), sent through the transport, and the response read.
//!
//! Drafting and building do no I/O, so what goes on the wire — signature included — is
//! testable without a socket; only the hooks between them and the sending are async.

use std::time::Instant;

use http::{HeaderMap, HeaderName, HeaderValue};
use url::Url;

use crate::body::Body;
use crate::call::{Answer, Mode};
use crate::client::HttpClient;
use crate::error::Error;
use crate::hooks::{HookRequest, HookResponse};
use crate::query::QueryParam;
use crate::request::{Content, Request};
use crate::signing::{self, Credentials, Unsigned};

/// A request up to the point hooks see it: where it goes and its headers.
pub(crate) struct Draft {
    /// The path as sent (base path included).
    pub path: String,
    pub url: Url,
    /// The query as the server decodes it: what is signed.
    pub query_pairs: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
}

impl HttpClient {
    /// One attempt: signed afresh (a new `X-Sdk-Date`), sent, and read.
    pub(crate) async fn attempt(
        &self,
        request: &Request,
        attempt: u32,
        mode: Mode,
    ) -> Result<Answer, Error> {
        // Fetched (or refreshed) per attempt: temporary credentials may expire between retries.
        let credentials = match &self.inner.credentials {
            Some(source) => Some(source.current().await?),
            None => None,
        };
        let mut draft = self.draft(request, credentials.as_ref())?;
        // Hooks run before signing, so what they add is signed.
        if !self.inner.config.hooks.0.is_empty() {
            draft.headers = self
                .run_hooks(request, &draft.path, attempt, draft.headers)
                .await?;
        }
        let signing_time = credentials.as_ref().map(|_| signing::now());
        let signing = credentials.as_ref().zip(signing_time.as_deref());
        let outgoing = self.build_request(request, draft, signing)?;
        let streamed_upload = outgoing.body().is_stream();
        tracing::debug!(path = %outgoing.uri().path(), "sending request");
        let started = Instant::now();
        let sent = self.send(outgoing, streamed_upload).await;
        self.report(request, attempt, started, &sent);
        let response = sent.map_err(Error::from_transport)?;
        self.read(response, request.accept, mode).await
    }

    /// The URL and the headers before hooks: auth, cookies, client defaults and the call's own.
    pub(crate) fn draft(
        &self,
        request: &Request,
        credentials: Option<&Credentials>,
    ) -> Result<Draft, Error> {
        let inner = &*self.inner;
        let path = format!("{}{}", inner.endpoint.base_path, request.path);
        let auth = inner.auth.apply(request.security);
        let query = self.query_with_defaults(&request.query, &auth.query);
        let (query_text, query_pairs) = query_to_send_and_sign(&query);
        let url = build_url(&inner.endpoint.origin, &path, &query_text)?;
        let mut headers = self.base_headers(request, credentials);
        headers.extend(auth.headers);
        let cookies: Vec<String> = (request.cookies.iter().chain(&auth.cookies))
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        if !cookies.is_empty() {
            headers.push(("Cookie".to_owned(), cookies.join("; ")));
        }
        self.add_call_headers(&mut headers);
        Ok(Draft {
            path,
            url,
            query_pairs,
            headers,
        })
    }

    /// The request to send: the body, the signature (with `signing`, the credentials and the
    /// signing time) and `Accept` added to the draft.
    pub(crate) fn build_request(
        &self,
        request: &Request,
        draft: Draft,
        signing: Option<(&Credentials, &str)>,
    ) -> Result<http::Request<Body>, Error> {
        let Draft {
            path,
            url,
            query_pairs,
            mut headers,
        } = draft;
        let body = take_body(request)?;
        if let Some((credentials, date)) = signing {
            let bytes = match body.is_stream() {
                true => None,
                false => Some(body.as_bytes().map_or(&[][..], |b| &b[..])),
            };
            let unsigned = Unsigned {
                method: request.method.as_str(),
                host: &self.inner.endpoint.host,
                path: &path,
                query: &query_pairs,
                headers: &mut headers,
                body: bytes,
            };
            signing::sign(credentials, date, unsigned);
        }
        add_accept(&mut headers, request.accept);
        let mut outgoing = http::Request::new(body);
        *outgoing.method_mut() = request.method.clone();
        *outgoing.uri_mut() = url
            .as_str()
            .parse()
            .map_err(|e| Error::InvalidRequest(format!("request URL: {e}")))?;
        *outgoing.headers_mut() = to_header_map(&headers)?;
        Ok(outgoing)
    }

    /// Sends through the transport. Waiting for the response head counts as a read, so the
    /// read timeout bounds it whatever the transport does, unless the body is a stream (an
    /// upload may take long before the server can answer; the deadline bounds it).
    async fn send(
        &self,
        request: http::Request<Body>,
        streamed_upload: bool,
    ) -> Result<http::Response<Body>, crate::transport::TransportError> {
        let read_timeout = self.inner.config.read_timeout;
        let sending = self.inner.transport.send(request);
        if streamed_upload {
            return sending.await;
        }
        tokio::time::timeout(read_timeout, sending)
            .await
            .unwrap_or_else(|_| {
                Err(crate::transport::TransportError::elapsed(
                    "read timeout",
                    read_timeout,
                ))
            })
    }

    /// The request's query, then client-wide default parameters it does not set, then API
    /// keys that go in the query.
    fn query_with_defaults(
        &self,
        params: &[QueryParam],
        auth_query: &[(String, String)],
    ) -> Vec<QueryParam> {
        let mut query = params.to_vec();
        for (name, value) in &self.inner.config.default_query {
            if !params.iter().any(|p| p.key() == name) {
                query.push(QueryParam::single(name.clone(), value.clone()));
            }
        }
        query.extend(
            auth_query
                .iter()
                .map(|(key, value)| QueryParam::single(key.clone(), value.clone())),
        );
        query
    }

    /// Client-wide default headers the request does not set, then the call's own headers and
    /// idempotency key (which replace the request's of the same name).
    fn add_call_headers(&self, headers: &mut Vec<(String, String)>) {
        for (name, value) in &self.inner.config.default_headers {
            if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
                headers.push((name.clone(), value.trim().to_owned()));
            }
        }
        let Some(options) = self.options.as_deref() else {
            return;
        };
        let key = options
            .idempotency_key
            .as_ref()
            .map(|key| ("Idempotency-Key".to_owned(), key.clone()));
        for (name, value) in options.headers.iter().cloned().chain(key) {
            headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
            headers.push((name, value.trim().to_owned()));
        }
    }

    async fn run_hooks(
        &self,
        request: &Request,
        path: &str,
        attempt: u32,
        headers: Vec<(String, String)>,
    ) -> Result<Vec<(String, String)>, Error> {
        let mut map = to_header_map(&headers)?;
        let mut hook_request = HookRequest {
            operation: request.operation,
            method: &request.method,
            path,
            attempt,
            headers: &mut map,
        };
        for hook in &self.inner.config.hooks.0 {
            hook.before_send(&mut hook_request)
                .await
                .map_err(Error::Hook)?;
        }
        from_header_map(&map)
    }

    fn report(
        &self,
        request: &Request,
        attempt: u32,
        started: Instant,
        sent: &Result<http::Response<Body>, crate::transport::TransportError>,
    ) {
        let hooks = &self.inner.config.hooks.0;
        if hooks.is_empty() {
            return;
        }
        let empty = HeaderMap::new();
        let response = HookResponse {
            operation: request.operation,
            method: &request.method,
            attempt,
            status: sent.as_ref().ok().map(|r| r.status()),
            headers: sent.as_ref().map_or(&empty, |r| r.headers()),
            elapsed: started.elapsed(),
            error: sent.as_ref().err().map(ToString::to_string),
        };
        for hook in hooks {
            hook.after_response(&response);
        }
    }

    /// Content type, user agent, security token and the request's own headers, values trimmed
    /// (the signature covers trimmed values, so that is what must be sent).
    fn base_headers(
        &self,
        request: &Request,
        credentials: Option<&Credentials>,
    ) -> Vec<(String, String)> {
        let mut headers = Vec::with_capacity(request.headers.len() + 4);
        if let Some(body) = &request.body {
            headers.push(("Content-Type".to_owned(), body.content_type.clone()));
        }
        headers.push(("User-Agent".to_owned(), self.inner.user_agent.clone()));
        for (name, value) in &request.headers {
            headers.push((name.clone(), value.trim().to_owned()));
        }
        headers.extend(credentials.and_then(signing::token_header));
        headers
    }
}

/// The body to send: the bytes (again, on a retry), or the stream, which only the first
/// attempt can take.
fn take_body(request: &Request) -> Result<Body, Error> {
    match request.body.as_ref().map(|b| &b.content) {
        None => Ok(Body::empty()),
        Some(Content::Bytes(bytes)) => Ok(Body::from(bytes.clone())),
        Some(Content::Stream(slot)) => slot
            .lock()
            .ok()
            .and_then(|mut slot| slot.take())
            .ok_or_else(|| {
                Error::InvalidRequest("a streamed request body can be sent only once".to_owned())
            }),
    }
}

/// The query string to send (list delimiters literal) and the pairs to sign (as the server
/// decodes them).
fn query_to_send_and_sign(params: &[QueryParam]) -> (String, Vec<(String, String)>) {
    let pairs = params.iter().map(QueryParam::decoded).collect();
    (crate::query::query_string(params), pairs)
}

/// Adds `Accept` unless a parameter set one. Called after signing: the vendor's SDK sends its
/// `Accept` unsigned (python-requests adds it after the SDK has signed), so the signed header
/// set stays the SDK's.
fn add_accept(headers: &mut Vec<(String, String)>, accepted: &[&str]) {
    if !headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("accept"))
    {
        let accept = crate::negotiate::accept_header(accepted);
        headers.push(("Accept".to_owned(), accept));
    }
}

/// The URL to send; refuses a path that URL normalisation would change (so the path that is
/// signed is always the path that is sent).
fn build_url(origin: &str, path: &str, query: &str) -> Result<Url, Error> {
    let text = if query.is_empty() {
        format!("{origin}{path}")
    } else {
        format!("{origin}{path}?{query}")
    };
    let url = Url::parse(&text)
        .map_err(|e| Error::InvalidRequest(format!("request URL {text:?} is invalid: {e}")))?;
    if url.path() != path {
        return Err(Error::InvalidRequest(format!(
            "request path {path:?} would be sent as {:?}",
            url.path()
        )));
    }
    Ok(url)
}

fn to_header_map(headers: &[(String, String)]) -> Result<HeaderMap, Error> {
    let mut map = HeaderMap::with_capacity(headers.len());
    for (name, value) in headers {
        let header_name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::InvalidRequest(format!("invalid header name {name:?}")))?;
        // `HeaderValue` refuses CR, LF and other control characters, so no header can be
        // split or injected. The value itself is not echoed: it may be a token.
        let header_value = HeaderValue::from_str(value).map_err(|_| {
            Error::InvalidRequest(format!(
                "header `{name}` has a value with control or non-ASCII characters"
            ))
        })?;
        map.append(header_name, header_value);
    }
    Ok(map)
}

/// Headers back from a hook, as text for the signer.
fn from_header_map(map: &HeaderMap) -> Result<Vec<(String, String)>, Error> {
    map.iter()
        .map(|(name, value)| {
            let value = value.to_str().map_err(|_| {
                Error::InvalidRequest(format!(
                    "a hook set header `{name}` to a value that is not visible ASCII"
                ))
            })?;
            Ok((name.as_str().to_owned(), value.trim().to_owned()))
        })
        .collect()
}

#[cfg(all(test, feature = "huawei"))]
mod vector_tests;
