use std::fmt;

use bytes::Bytes;
use http::StatusCode;

/// How many bytes of a response body an error keeps (and shows) at most.
pub(crate) const BODY_SNIPPET_LIMIT: usize = 512;

/// Everything that can go wrong with a call.
///
/// The variants separate who is at fault: a bad argument or setting ([`Error::InvalidRequest`],
/// [`Error::Config`]: nothing was sent), the network ([`Error::Timeout`], [`Error::Transport`]),
/// the service saying no ([`Error::Service`]) and a response this client could not understand
/// ([`Error::Decode`], [`Error::ResponseTooLarge`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A request argument is invalid; nothing was sent.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// A request breaks rules the spec documents (lengths, ranges, patterns, enums); nothing
    /// was sent. Every violation names the field and the rule.
    #[error(transparent)]
    Validation(crate::validate::ValidationError),
    /// The client is misconfigured (endpoint, credentials, client parameters).
    #[error("invalid client configuration: {0}")]
    Config(String),
    /// No complete response arrived in time: the transport's timeout, the per-attempt
    /// timeout, the idle read timeout or the call's overall deadline.
    #[error("request timed out: {0}")]
    Timeout(#[source] crate::transport::TransportError),
    /// The request could not be sent or the response could not be read.
    #[error("transport error: {0}")]
    Transport(#[source] crate::transport::TransportError),
    /// A [`Hook`](crate::Hook) (or a [`TokenProvider`](crate::TokenProvider)) failed; nothing
    /// was sent.
    #[error("request hook failed: {0}")]
    Hook(#[source] crate::body::BoxError),
    /// A paginated listing went past its limit of pages or items
    /// ([`PageLimits`](crate::PageLimits)), so it stopped instead of fetching forever.
    #[error("{operation}: stopped after {pages} pages and {items} items: {limit}")]
    PaginationLimit {
        /// The list operation.
        operation: &'static str,
        /// Pages fetched.
        pages: usize,
        /// Items collected.
        items: usize,
        /// Which limit was reached.
        limit: String,
    },
    /// The service answered with an error status.
    #[error(transparent)]
    Service(Box<ServiceError>),
    /// A success response whose body does not match the documented model.
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// A server-sent event's `data` is not the documented JSON; the stream goes on with the
    /// next event.
    #[error(transparent)]
    Event(Box<EventError>),
    /// The response body exceeded the configured size limit.
    #[error("HTTP {}: response body exceeds the limit of {limit} bytes{}", .status.as_u16(), request_id_suffix(.request_id.as_deref()))]
    ResponseTooLarge {
        /// HTTP status code.
        status: StatusCode,
        /// The limit that was exceeded ([`crate::Config::max_response_bytes`]).
        limit: usize,
        /// The request ID from the `X-Request-Id` header, if any.
        request_id: Option<String>,
    },
}

impl Error {
    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Service(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::ResponseTooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The request ID, when the service gave one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service(e) => e.request_id.as_deref(),
            Error::Decode(e) => e.request_id.as_deref(),
            Error::ResponseTooLarge { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The service's error details, for [`Error::Service`].
    pub fn as_service_error(&self) -> Option<&ServiceError> {
        match self {
            Error::Service(e) => Some(e),
            _ => None,
        }
    }

    pub(crate) fn from_transport(error: crate::transport::TransportError) -> Error {
        match error.is_timeout() {
            true => Error::Timeout(error),
            false => Error::Transport(error),
        }
    }

    /// Whether the call timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout(_))
    }

    /// Whether trying the same call again may succeed: timeouts, transport failures
    /// (connection refused or reset), `429 Too Many Requests` and `5xx` answers.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Timeout(_) | Error::Transport(_) => true,
            Error::Service(e) => {
                e.status == StatusCode::TOO_MANY_REQUESTS || e.status.is_server_error()
            }
            _ => false,
        }
    }

    /// The error for a paginated list whose next marker repeats an earlier one: following it
    /// would loop forever. Reported as a pagination limit (the pages were fetched fine: no
    /// status to blame), with the marker escaped and cut, since the server chose it.
    pub(crate) fn pagination_loop(operation: &'static str, pages: usize, marker: &str) -> Error {
        Error::PaginationLimit {
            operation,
            pages,
            items: 0,
            limit: format!(
                "the next marker \"{}\" was already followed (the listing loops)",
                printable(marker, SHORT_FIELD_LIMIT)
            ),
        }
    }

    /// How long the service asked the caller to wait (`Retry-After`), if it did.
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        match self {
            Error::Service(e) => e.retry_after,
            _ => None,
        }
    }
}

/// An error status from the service, with the error details its body gave.
///
/// The code and message are read from whichever body shape the service used: a code/message
/// pair first (`error_code`/`error_msg`, `errorCode`/`errorMsg`, `code`/`message`, or an object
/// nested one or more levels deep holding one of these pairs), then those of other ecosystems:
/// FastAPI `detail` (text or a list of `loc`/`msg`), RFC 7807/9457 `title`/`detail`,
/// `{"error": {"message", "code"/"type"}}`, OAuth `error`/`error_description` and
/// `{"errors": [{"message"}]}`. Both are bounded, with control characters escaped.
#[derive(Clone)]
pub struct ServiceError {
    /// HTTP status code.
    pub status: StatusCode,
    /// The service's error code, e.g. `VPC.0003`, `APIGW.0301` or `invalid_api_key`.
    pub error_code: Option<String>,
    /// The service's error message.
    pub error_msg: Option<String>,
    /// The request ID: the `X-Request-Id` header, else the body's `request_id`.
    pub request_id: Option<String>,
    /// The vendor's `encoded_authorization_message`, sent with some authorization failures
    /// (feature `huawei`).
    #[cfg(feature = "huawei")]
    pub encoded_authorization_message: Option<String>,
    /// The `Retry-After` header (seconds, or an HTTP date as the time from now).
    pub retry_after: Option<std::time::Duration>,
    /// The raw response body (bounded by the client's size limit).
    pub body: Bytes,
}

impl ServiceError {
    /// Decodes the raw body into a documented error model.
    ///
    /// A model whose fields are all optional would decode any JSON object, so one more rule
    /// applies: when the body is an object with at least one field, at least one of its
    /// top-level fields must be one that `T` reads. `{"unrelated": 1}` is an error for a `T`
    /// without an `unrelated` field, not a `T` with every field empty; a body with `T`'s
    /// fields and others besides decodes (services add fields). `{}`, and bodies that are not
    /// objects, are decoded as they are.
    ///
    /// # Errors
    /// The body is not JSON, does not match `T`, or shares no field with `T`.
    pub fn body_as<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        crate::error_body::decode_sharing_a_field(&self.body)
    }
}

impl fmt::Debug for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceError")
            .field("status", &self.status)
            .field("error_code", &self.error_code)
            .field("error_msg", &self.error_msg)
            .field("request_id", &self.request_id)
            .field("body", &body_snippet(&self.body))
            .finish()
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status.as_u16())?;
        if let Some(code) = &self.error_code {
            write!(f, " {}", printable(code, usize::MAX))?;
        }
        match &self.error_msg {
            Some(msg) => write!(f, ": {}", printable(msg, usize::MAX))?,
            None if !self.body.is_empty() => write!(f, ": {}", printable_snippet(&self.body))?,
            None => {}
        }
        f.write_str(&request_id_suffix(self.request_id.as_deref()))
    }
}

impl std::error::Error for ServiceError {}

/// A success status whose body could not be decoded into the documented model.
#[derive(Debug, Clone)]
pub struct DecodeError {
    /// HTTP status code.
    pub status: StatusCode,
    /// The request ID, if the service gave one.
    pub request_id: Option<String>,
    /// What did not match, with the JSON path of the offending value.
    pub message: String,
    /// The start of the body (at most 512 bytes, lossily decoded).
    pub body_snippet: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "HTTP {}: could not decode the response body: {}{}; body starts with: \"{}\"",
            self.status.as_u16(),
            printable(&self.message, usize::MAX),
            request_id_suffix(self.request_id.as_deref()),
            printable(&self.body_snippet, usize::MAX)
        )
    }
}

impl std::error::Error for DecodeError {}

/// A server-sent event whose `data` could not be decoded ([`Event::json`](crate::Event::json),
/// [`JsonEventStream`](crate::JsonEventStream)). It names the event, not an HTTP status: the
/// stream's status was a success, and this event came long after it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct EventError {
    /// Where the event came in its stream (1 for the first; 0 for one not read from a stream).
    pub position: usize,
    /// The event's `event:` field (its type), if any.
    pub event: Option<String>,
    /// The event's `id:` field, if any.
    pub id: Option<String>,
    /// What did not match, with the JSON path of the offending value.
    pub message: String,
    /// The start of the event's data (at most 512 bytes).
    pub data_snippet: String,
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("could not decode server-sent event")?;
        if self.position > 0 {
            write!(f, " #{}", self.position)?;
        }
        if let Some(event) = &self.event {
            write!(f, " (event \"{}\")", printable(event, SHORT_FIELD_LIMIT))?;
        }
        if let Some(id) = &self.id {
            write!(f, " (id \"{}\")", printable(id, SHORT_FIELD_LIMIT))?;
        }
        write!(
            f,
            ": {}; data starts with: \"{}\"",
            printable(&self.message, usize::MAX),
            printable(&self.data_snippet, usize::MAX)
        )
    }
}

impl std::error::Error for EventError {}

/// The first [`BODY_SNIPPET_LIMIT`] bytes of a body as text, for messages.
pub(crate) fn body_snippet(body: &[u8]) -> String {
    let end = body.len().min(BODY_SNIPPET_LIMIT);
    let mut text = String::from_utf8_lossy(&body[..end]).into_owned();
    if body.len() > end {
        text.push('…');
    }
    text
}

/// How long an error code or request ID from a response may be (they are short in practice;
/// a hostile server's are cut).
pub(crate) const SHORT_FIELD_LIMIT: usize = 128;

/// `text` unchanged if it fits in `limit` bytes; otherwise its first three quarters and last
/// quarter around `…`, cut on character boundaries (the end of a serde message says where).
pub(crate) fn bounded(text: &str, limit: usize) -> String {
    if text.len() <= limit {
        return text.to_owned();
    }
    let head_end = floor_char_boundary(text, limit * 3 / 4);
    let tail_start = ceil_char_boundary(text, text.len() - limit / 4);
    format!("{}…{}", &text[..head_end], &text[tail_start..])
}

/// Server text fit for a message: control characters (terminal escapes, line breaks) and
/// bidirectional overrides (which reorder what a reader sees) written as escapes (`\u{1b}`,
/// `\n`, `\u{202e}`), then [`bounded`].
pub(crate) fn printable(text: &str, limit: usize) -> String {
    let escaped: String = text
        .chars()
        .map(|c| match c.is_control() || is_bidi_control(c) {
            true => c.escape_default().to_string(),
            false => c.to_string(),
        })
        .collect();
    bounded(&escaped, limit)
}

/// The Unicode bidirectional formatting characters (marks, embeddings, overrides, isolates).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{61c}')
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

fn ceil_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index += 1;
    }
    index
}

/// The request ID for a message, escaped: it comes from the server, and every `Display` of
/// server text escapes it, whatever path it took into the error (fields are public).
fn request_id_suffix(request_id: Option<&str>) -> String {
    request_id
        .map(|id| format!(" (request id {})", printable(id, usize::MAX)))
        .unwrap_or_default()
}

/// [`body_snippet`] with control and bidirectional characters escaped.
fn printable_snippet(body: &[u8]) -> String {
    printable(&body_snippet(body), usize::MAX)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_in_the_middle_on_char_boundaries() {
        assert_eq!(bounded("short", 10), "short");
        let long = "é".repeat(1000);
        let cut = bounded(&long, 100);
        assert!(cut.len() <= 100 + "…".len(), "{}", cut.len());
        assert!(cut.contains('…'));
        let message = format!("{} at line 1 column 99", "x".repeat(10_000));
        assert!(bounded(&message, 512).ends_with("at line 1 column 99"));
    }

    #[test]
    fn printable_escapes_control_characters() {
        assert_eq!(
            printable("a\u{1b}[31mred\nline", 100),
            "a\\u{1b}[31mred\\nline"
        );
        assert_eq!(printable("plain é", 100), "plain é");
        assert_eq!(printable("a\u{202e}b", 100), "a\\u{202e}b");
        assert!(printable(&"\u{7}".repeat(1000), 64).len() <= 64 + "…".len());
    }

    pub(crate) fn service_error(status: u16) -> Error {
        Error::Service(Box::new(ServiceError {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::IM_A_TEAPOT),
            error_code: None,
            error_msg: None,
            request_id: None,
            #[cfg(feature = "huawei")]
            encoded_authorization_message: None,
            retry_after: None,
            body: Bytes::new(),
        }))
    }
}
