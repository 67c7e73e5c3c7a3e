use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::encode::encode_path_segment;
use crate::form::ParamStyle;
use crate::query::QueryParam;

/// What a cookie value may not hold as it is.
const COOKIE_ESCAPED: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');
use crate::error::Error;

/// The HTTP method of a request.
pub use http::Method;

/// One request, as generated code describes it: method, path, query, headers and body.
///
/// Nothing is checked or sent here; [`HttpClient`](crate::codegen::HttpClient) validates, signs and sends it.
#[derive(Debug, Clone)]
pub struct Request {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: Vec<QueryParam>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Option<Body>,
    pub(crate) cookies: Vec<(String, String)>,
    pub(crate) operation: &'static str,
    /// The success media types the operation decodes (empty: anything).
    pub(crate) accept: &'static [&'static str],
    pub(crate) idempotent: bool,
    /// `None`: the API's default requirement.
    pub(crate) security: Option<crate::auth::Requirement>,
}

#[derive(Debug, Clone)]
pub(crate) struct Body {
    pub content_type: String,
    pub content: Content,
}

/// Bytes, sendable any number of times, or a stream, sendable once: the first attempt takes
/// it, so a request with a streamed body is never retried.
#[derive(Debug, Clone)]
pub(crate) enum Content {
    Bytes(bytes::Bytes),
    Stream(Arc<Mutex<Option<crate::body::Body>>>),
}

fn is_idempotent_method(method: &Method) -> bool {
    [
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::DELETE,
        Method::OPTIONS,
    ]
    .contains(method)
}

impl Request {
    /// A request for `path` (relative to the client's endpoint, path parameters already encoded
    /// with [`path_param`](Request::path_param)).
    pub fn new(method: Method, path: String) -> Self {
        Request {
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            cookies: Vec::new(),
            security: None,
            operation: "",
            accept: &[],
            idempotent: is_idempotent_method(&method),
            method,
        }
    }

    /// Overrides whether repeating the request is harmless (by default: GET, HEAD, PUT, DELETE
    /// and OPTIONS are, POST and PATCH are not). Only idempotent requests are retried
    /// automatically.
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = idempotent;
        self
    }

    /// Names the operation (its `operationId`), for error messages.
    pub fn operation(mut self, operation_id: &'static str) -> Self {
        self.operation = operation_id;
        self
    }

    /// Names the media types the operation decodes from a success response, JSON first: they
    /// are sent as `Accept`, and a success response of another `Content-Type` is a decode
    /// error naming it (none given: `Accept: */*`, and any content type is read).
    pub fn accept(mut self, media_types: &'static [&'static str]) -> Self {
        self.accept = media_types;
        self
    }

    /// Encodes a path parameter as exactly one path segment.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] naming the parameter when the value is empty, `.` or `..`:
    /// those cannot be sent as a segment without changing the path.
    pub fn path_param(name: &str, value: &str) -> Result<String, Error> {
        if value.is_empty() || value == "." || value == ".." {
            return Err(Error::InvalidRequest(format!(
                "path parameter `{name}` must not be empty, `.` or `..` (got {value:?})"
            )));
        }
        Ok(encode_path_segment(value))
    }

    /// Adds a query parameter (raw; it is encoded when sent).
    pub fn query(mut self, key: &str, value: impl ToString) -> Self {
        self.query
            .push(QueryParam::single(key.to_owned(), value.to_string()));
        self
    }

    /// Adds a query parameter once per value (how lists are sent: `id=a&id=b`).
    pub fn query_all<V: ToString>(
        mut self,
        key: &str,
        values: impl IntoIterator<Item = V>,
    ) -> Self {
        for value in values {
            self.query
                .push(QueryParam::single(key.to_owned(), value.to_string()));
        }
        self
    }

    /// Sets which credentials the operation accepts, when it differs from the API's default
    /// (`&[]`: none at all).
    pub fn security(mut self, requirement: crate::auth::Requirement) -> Self {
        self.security = Some(requirement);
        self
    }

    /// Adds a cookie (all cookies are sent in one `Cookie` header). `;`, `,`, spaces, quotes
    /// and `%` in the value are percent-encoded, so a value cannot add cookies of its own.
    pub fn cookie(mut self, name: &str, value: impl ToString) -> Self {
        let value = value.to_string();
        let value = percent_encoding::utf8_percent_encode(&value, COOKIE_ESCAPED).to_string();
        self.cookies.push((name.to_owned(), value));
        self
    }

    /// Adds a query parameter that is a list or an object, serialized as `style` says.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] if the value cannot be serialized.
    pub fn query_styled<T: Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &T,
        style: ParamStyle,
    ) -> Result<Self, Error> {
        self.query
            .extend(crate::form::styled_query(name, value, style)?);
        Ok(self)
    }

    /// Adds a header that is a list or an object (`a,b`; `k,v` or `k=v`), or JSON.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] if the value cannot be serialized.
    pub fn header_styled<T: Serialize + ?Sized>(
        self,
        name: &str,
        value: &T,
        style: ParamStyle,
    ) -> Result<Self, Error> {
        Ok(match crate::form::styled_text(name, value, style)? {
            Some(text) => self.header(name, text),
            None => self,
        })
    }

    /// Adds a cookie that is a list or an object (`a,b`), or JSON.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] if the value cannot be serialized.
    pub fn cookie_styled<T: Serialize + ?Sized>(
        self,
        name: &str,
        value: &T,
        style: ParamStyle,
    ) -> Result<Self, Error> {
        Ok(match crate::form::styled_text(name, value, style)? {
            Some(text) => self.cookie(name, text),
            None => self,
        })
    }

    /// Encodes a path parameter that is a list or an object (`a,b`) as one segment.
    ///
    /// # Errors
    /// As [`path_param`](Request::path_param), and when the value cannot be serialized.
    pub fn path_styled<T: Serialize + ?Sized>(
        name: &str,
        value: &T,
        style: ParamStyle,
    ) -> Result<String, Error> {
        if let ParamStyle::Simple { explode } = style {
            // Each item is encoded on its own; the commas between them stay commas.
            let items = crate::form::items(name, value, explode)?.unwrap_or_default();
            if items.len() > 1 {
                let encoded: Vec<String> = items.iter().map(|i| encode_path_segment(i)).collect();
                return Ok(encoded.join(","));
            }
        }
        let text = crate::form::styled_text(name, value, style)?.unwrap_or_default();
        Request::path_param(name, &text)
    }

    /// Adds a header. Values holding control characters are refused when the request is sent.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    /// Sets a JSON body.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] if `body` cannot be serialized (a map with non-string keys).
    pub fn json<T: Serialize + ?Sized>(self, body: &T) -> Result<Self, Error> {
        self.json_as("application/json", body)
    }

    /// Sets a JSON body sent with another JSON media type, such as
    /// `application/merge-patch+json`.
    ///
    /// # Errors
    /// As [`json`](Request::json).
    pub fn json_as<T: Serialize + ?Sized>(
        self,
        content_type: &str,
        body: &T,
    ) -> Result<Self, Error> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| Error::InvalidRequest(format!("request body: {e}")))?;
        Ok(self.bytes(content_type, bytes))
    }

    /// Sets an `application/x-www-form-urlencoded` body: one `key=value` per field, lists as
    /// repeated keys, nested objects as `key[field]=value`.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] if `body` is not an object or cannot be serialized.
    pub fn form<T: Serialize + ?Sized>(self, body: &T) -> Result<Self, Error> {
        let pairs = crate::form::form_pairs(body)?;
        let text = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        Ok(self.bytes("application/x-www-form-urlencoded", text))
    }

    /// Sets a `multipart/form-data` body.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] if a part's content type holds control characters.
    pub fn multipart(self, body: &crate::Multipart) -> Result<Self, Error> {
        let (content_type, bytes) = body.encode()?;
        Ok(self.bytes(&content_type, bytes))
    }

    /// Sets a raw body (binary data, text) with its content type.
    pub fn bytes(mut self, content_type: &str, body: impl Into<bytes::Bytes>) -> Self {
        self.body = Some(Body {
            content_type: content_type.to_owned(),
            content: Content::Bytes(body.into()),
        });
        self
    }

    /// Sets a body read from a stream while it is sent (an upload larger than memory). It can
    /// be sent only once, so the request is never retried, whatever the retry policy; an
    /// AK/SK-signed request sends it with `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` (its hash
    /// is not known in advance).
    pub fn stream_body(mut self, content_type: &str, body: crate::body::Body) -> Self {
        self.body = Some(Body {
            content_type: content_type.to_owned(),
            content: Content::Stream(Arc::new(Mutex::new(Some(body)))),
        });
        self
    }

    /// Sets a raw body from bytes or from a stream ([`Body::from_stream`](crate::Body::from_stream)):
    /// bytes as [`bytes`](Request::bytes) (retried when the policy allows), a stream as
    /// [`stream_body`](Request::stream_body) (sent once, never retried).
    pub fn body(self, content_type: &str, body: impl Into<crate::body::Body>) -> Self {
        let body = body.into();
        match body.as_bytes() {
            Some(bytes) => {
                let bytes = bytes.clone();
                self.bytes(content_type, bytes)
            }
            None => self.stream_body(content_type, body),
        }
    }

    /// Whether the body is a stream (such a request is sent at most once).
    pub(crate) fn has_stream_body(&self) -> bool {
        matches!(
            self.body,
            Some(Body {
                content: Content::Stream(_),
                ..
            })
        )
    }
}
