use std::fmt;
use std::sync::Arc;

use bytes::{Bytes, BytesMut};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::de::DeserializeOwned;
use url::Url;

use crate::auth::Auth;
use crate::builder::Config;
use crate::credentials::{AkSkCredentials, CredentialSource};
use crate::error::{
    body_snippet, bounded, printable, DecodeError, Error, ServiceError, BODY_SNIPPET_LIMIT,
    SHORT_FIELD_LIMIT,
};
use crate::error_body::parse_error_body;
use crate::query::QueryParam;
use crate::request::Request;
use crate::response::Response;
use crate::signer::{self, SigningRequest};

/// Where requests go: the origin, a base path from the server URL, and the `Host` to sign.
#[derive(Debug, Clone)]
pub(crate) struct Endpoint {
    origin: String,
    base_path: String,
    host: String,
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

/// Sends generated requests: validates, signs, sends, reads bounded bodies, maps errors.
///
/// Cheap to clone; clones share one connection pool.
#[derive(Clone)]
pub struct HttpClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    endpoint: Endpoint,
    credentials: Option<CredentialSource>,
    config: Config,
    user_agent: String,
    auth: Auth,
}

/// A response whose status was a success, body read in full, before decoding.
#[derive(Debug)]
pub struct RawResponse {
    status: u16,
    headers: HeaderMap,
    request_id: Option<String>,
    body: Bytes,
    /// The media types the operation decodes (empty: any).
    accepted: &'static [&'static str],
}

impl RawResponse {
    /// HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The body, undecoded.
    pub fn bytes(&self) -> Bytes {
        self.body.clone()
    }

    /// The body as JSON decoded into `T`.
    ///
    /// # Errors
    /// [`Error::Decode`], with the path of the value that did not match.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        self.check_content_type(true)?;
        let mut deserializer = serde_json::Deserializer::from_slice(&self.body);
        serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
            // serde quotes the offending value, which a hostile server makes huge.
            self.decode_error(bounded(
                &format!("at `{}`: {}", e.path(), e.inner()),
                BODY_SNIPPET_LIMIT,
            ))
        })
    }

    /// The body as text.
    ///
    /// # Errors
    /// [`Error::Decode`] when it is not UTF-8.
    pub fn text(&self) -> Result<String, Error> {
        self.check_content_type(false)?;
        String::from_utf8(self.body.to_vec())
            .map_err(|e| self.decode_error(format!("the body is not UTF-8: {e}")))
    }

    /// A success body in a media type the operation does not document is a decode error
    /// naming it, instead of a confusing one from the JSON parser.
    fn check_content_type(&self, json: bool) -> Result<(), Error> {
        let content_type = self.headers.get(reqwest::header::CONTENT_TYPE);
        crate::negotiate::check_content_type(self.accepted, content_type, json)
            .map_err(|message| self.decode_error(message))
    }

    fn decode_error(&self, message: String) -> Error {
        Error::Decode(Box::new(DecodeError {
            status: self.status,
            request_id: self.request_id.clone(),
            message,
            body_snippet: body_snippet(&self.body),
        }))
    }
}

impl fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpClient")
            .field("endpoint", &self.inner.endpoint)
            .field("credentials", &self.inner.credentials)
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

impl HttpClient {
    pub(crate) fn new(
        http: reqwest::Client,
        endpoint: Endpoint,
        credentials: Option<CredentialSource>,
        config: Config,
        user_agent: String,
        auth: Auth,
    ) -> Self {
        HttpClient {
            inner: Arc::new(Inner {
                http,
                endpoint,
                credentials,
                config,
                user_agent,
                auth,
            }),
        }
    }

    /// Sends `request` and decodes a JSON success body into `T`.
    ///
    /// # Errors
    /// See [`Error`]: every failure, from a bad argument to an undecodable body, is one of its
    /// variants; nothing panics.
    pub async fn send_json<T: DeserializeOwned>(
        &self,
        request: Request,
    ) -> Result<Response<T>, Error> {
        let raw = self.execute(request).await?;
        let body = raw.json()?;
        let request_id = raw.request_id.or_else(|| body_request_id(&raw.body));
        Ok(Response {
            status: raw.status,
            headers: raw.headers,
            request_id,
            body,
        })
    }

    /// Sends `request` and returns a `text/*` success body as a string.
    ///
    /// # Errors
    /// See [`Error`]; [`Error::Decode`] when the body is not UTF-8.
    pub async fn send_text(&self, request: Request) -> Result<Response<String>, Error> {
        self.send_with(request, RawResponse::text).await
    }

    /// Sends `request` and turns the success response into `T` with `decode` (generated code
    /// matches the status to pick the documented body).
    ///
    /// # Errors
    /// See [`Error`], and whatever `decode` returns.
    pub async fn send_with<T>(
        &self,
        request: Request,
        decode: impl FnOnce(&RawResponse) -> Result<T, Error>,
    ) -> Result<Response<T>, Error> {
        let raw = self.execute(request).await?;
        let body = decode(&raw)?;
        Ok(Response {
            status: raw.status,
            headers: raw.headers,
            request_id: raw.request_id,
            body,
        })
    }

    /// Sends `request` and returns the success body as raw bytes.
    ///
    /// # Errors
    /// See [`Error`].
    pub async fn send_bytes(&self, request: Request) -> Result<Response<Bytes>, Error> {
        let raw = self.execute(request).await?;
        Ok(Response {
            status: raw.status,
            headers: raw.headers,
            request_id: raw.request_id,
            body: raw.body,
        })
    }

    /// Sends `request` and ignores any success body (for `204 No Content` and the like).
    ///
    /// # Errors
    /// See [`Error`].
    pub async fn send_empty(&self, request: Request) -> Result<Response<()>, Error> {
        let raw = self.execute(request).await?;
        Ok(Response {
            status: raw.status,
            headers: raw.headers,
            request_id: raw.request_id,
            body: (),
        })
    }

    /// Sends the request, retrying transient failures as the configured policy allows.
    async fn execute(&self, request: Request) -> Result<RawResponse, Error> {
        let policy = &self.inner.config.retry;
        let mut retry = 0;
        loop {
            let result = self.attempt(&request).await;
            match result {
                Err(error) if policy.should_retry(&error, retry, request.idempotent) => {
                    let delay = policy.delay(retry, error.retry_after());
                    tracing::debug!(operation = request.operation, retry = retry + 1, ?delay, error = %error, "retrying");
                    tokio::time::sleep(delay).await;
                    retry += 1;
                }
                other => return other,
            }
        }
    }

    /// One attempt: signed afresh (a new `X-Sdk-Date`), sent, and read.
    async fn attempt(&self, request: &Request) -> Result<RawResponse, Error> {
        let inner = &*self.inner;
        let path = format!("{}{}", inner.endpoint.base_path, request.path);
        let auth = inner.auth.apply(request.security);
        let (query, query_pairs) = query_to_send_and_sign(&request.query, &auth.query);
        let url = build_url(&inner.endpoint.origin, &path, &query)?;
        // Fetched (or refreshed) per attempt: temporary credentials may expire between retries.
        let credentials = match &inner.credentials {
            Some(source) => Some(source.current().await?),
            None => None,
        };
        let mut headers = self.base_headers(request, credentials.as_ref());
        headers.extend(auth.headers);
        let cookies: Vec<String> = request
            .cookies
            .iter()
            .chain(&auth.cookies)
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        if !cookies.is_empty() {
            headers.push(("Cookie".to_owned(), cookies.join("; ")));
        }
        let body = request
            .body
            .as_ref()
            .map(|b| b.bytes.clone())
            .unwrap_or_default();
        if let Some(credentials) = &credentials {
            signer::sign(
                credentials,
                &signer::sdk_date_now(),
                SigningRequest {
                    method: request.method.as_str(),
                    host: &inner.endpoint.host,
                    path: &path,
                    query: &query_pairs,
                    headers: &mut headers,
                    body: &body,
                },
            );
        }
        add_accept(&mut headers, request.accept);
        let header_map = to_header_map(&headers)?;
        let mut builder = inner
            .http
            .request(request.method.clone(), url)
            .headers(header_map);
        if request.body.is_some() {
            builder = builder.body(body);
        }
        // Logged: what was called and what came back; never headers, bodies or credentials.
        tracing::debug!(operation = request.operation, method = %request.method, path = %path, "sending request");
        // An API key in the query is part of the URL, which reqwest's errors quote.
        let secret_url = !auth.query.is_empty();
        let response = builder.send().await.map_err(|e| match secret_url {
            true => transport_error(e.without_url()),
            false => transport_error(e),
        })?;
        let result = self.read_response(response, request.accept).await;
        match &result {
            Ok(raw) => tracing::debug!(
                operation = request.operation,
                status = raw.status,
                request_id = raw.request_id.as_deref(),
                "response"
            ),
            Err(error) => tracing::debug!(
                operation = request.operation,
                status = error.status(),
                request_id = error.request_id(),
                "request failed"
            ),
        }
        result
    }

    /// Content type, user agent, security token and the request's own headers, values trimmed
    /// (the signature covers trimmed values, so that is what must be sent).
    fn base_headers(
        &self,
        request: &Request,
        credentials: Option<&AkSkCredentials>,
    ) -> Vec<(String, String)> {
        let mut headers = Vec::with_capacity(request.headers.len() + 4);
        if let Some(body) = &request.body {
            headers.push(("Content-Type".to_owned(), body.content_type.clone()));
        }
        headers.push(("User-Agent".to_owned(), self.inner.user_agent.clone()));
        for (name, value) in &request.headers {
            headers.push((name.clone(), value.trim().to_owned()));
        }
        if let Some(token) = credentials.and_then(|c| c.security_token()) {
            headers.push(("X-Security-Token".to_owned(), token.expose().to_owned()));
        }
        headers
    }

    async fn read_response(
        &self,
        mut response: reqwest::Response,
        accepted: &'static [&'static str],
    ) -> Result<RawResponse, Error> {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let request_id = header_request_id(&headers);
        let limit = self.inner.config.max_response_bytes;
        if response
            .content_length()
            .is_some_and(|len| len > limit as u64)
        {
            return Err(Error::ResponseTooLarge {
                status,
                limit,
                request_id,
            });
        }
        let mut body = BytesMut::new();
        while let Some(chunk) = response.chunk().await.map_err(transport_error)? {
            if body.len() + chunk.len() > limit {
                return Err(Error::ResponseTooLarge {
                    status,
                    limit,
                    request_id,
                });
            }
            body.extend_from_slice(&chunk);
        }
        let body = body.freeze();
        if (200..300).contains(&status) {
            return Ok(RawResponse {
                status,
                headers,
                request_id,
                body,
                accepted,
            });
        }
        let details = parse_error_body(&body);
        let retry_after = headers
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(std::time::Duration::from_secs);
        let short = |text: String| printable(&text, SHORT_FIELD_LIMIT);
        Err(Error::Service(Box::new(ServiceError {
            retry_after,
            status,
            error_code: details.code.map(short),
            error_msg: details.message.map(|m| printable(&m, BODY_SNIPPET_LIMIT)),
            request_id: request_id.or(details.request_id.map(short)),
            encoded_authorization_message: details.encoded_authorization_message,
            body,
        })))
    }
}

/// The query string to send (list delimiters literal) and the pairs to sign (as the server
/// decodes them), API keys in the query included.
fn query_to_send_and_sign(
    params: &[QueryParam],
    auth_query: &[(String, String)],
) -> (String, Vec<(String, String)>) {
    let mut params = params.to_vec();
    params.extend(
        auth_query
            .iter()
            .map(|(key, value)| QueryParam::single(key.clone(), value.clone())),
    );
    let pairs = params.iter().map(QueryParam::decoded).collect();
    (crate::query::query_string(&params), pairs)
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

fn transport_error(error: reqwest::Error) -> Error {
    if error.is_timeout() {
        Error::Timeout(error)
    } else {
        Error::Transport(error)
    }
}

fn header_request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(|id| bounded(id, SHORT_FIELD_LIMIT))
}

/// The top-level `request_id` of a JSON body, when the header did not carry one.
fn body_request_id(body: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct RequestId {
        request_id: Option<String>,
    }
    let id = serde_json::from_slice::<RequestId>(body).ok()?.request_id?;
    Some(bounded(&id, SHORT_FIELD_LIMIT))
}
