//! A success response read in full, before generated code decodes it.

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use crate::error::{body_snippet, bounded, DecodeError, Error, BODY_SNIPPET_LIMIT};

/// A response whose status was a success, body read in full, before decoding.
#[derive(Debug)]
pub struct RawResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) request_id: Option<String>,
    pub(crate) body: Bytes,
    /// The media types the operation decodes (empty: any).
    pub(crate) accepted: &'static [&'static str],
}

impl RawResponse {
    /// HTTP status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
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
        let content_type = self.headers.get(http::header::CONTENT_TYPE);
        crate::negotiate::check_content_type(self.accepted, content_type, json)
            .map_err(|message| self.decode_error(message))
    }

    pub(crate) fn decode_error(&self, message: String) -> Error {
        Error::Decode(Box::new(DecodeError {
            status: self.status,
            request_id: self.request_id.clone(),
            message,
            body_snippet: body_snippet(&self.body),
        }))
    }
}
