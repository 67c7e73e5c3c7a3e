//! `multipart/form-data` bodies (RFC 7578).
//!
//! Encoded here into bytes rather than with `reqwest::multipart`: a request is signed over
//! its body and may be sent again on retry, and reqwest's form is a one-shot stream.

use bytes::{BufMut, Bytes, BytesMut};
use serde::Serialize;

use crate::error::Error;

/// A file (or any binary value) sent as one part of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FilePart {
    /// The content.
    pub bytes: Bytes,
    /// The file name the server is told (`filename=` in the part's header).
    pub file_name: Option<String>,
    /// The part's content type; `application/octet-stream` when unset.
    pub content_type: Option<String>,
}

impl FilePart {
    /// A part holding `bytes`, with no file name.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        FilePart {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// Sets the file name.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Sets the part's content type, e.g. `image/png`.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

/// The parts of a multipart body, in order. Generated body types build one of these.
#[derive(Debug, Clone, Default)]
pub struct Multipart {
    parts: Vec<Part>,
}

#[derive(Debug, Clone)]
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    data: Bytes,
}

impl Multipart {
    /// No parts yet.
    pub fn new() -> Self {
        Multipart::default()
    }

    /// A text part (strings as they are; numbers and booleans in their usual spelling).
    pub fn text(mut self, name: &str, value: impl ToString) -> Self {
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: None,
            content_type: None,
            data: Bytes::from(value.to_string()),
        });
        self
    }

    /// A part holding `value` as JSON (`Content-Type: application/json`).
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when the value cannot be serialized.
    pub fn json<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Result<Self, Error> {
        let data = serde_json::to_vec(value)
            .map_err(|e| Error::InvalidRequest(format!("multipart field `{name}`: {e}")))?;
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: None,
            content_type: Some("application/json".to_owned()),
            data: data.into(),
        });
        Ok(self)
    }

    /// A file part.
    pub fn file(mut self, name: &str, file: &FilePart) -> Self {
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: file.file_name.clone(),
            content_type: Some(
                file.content_type
                    .clone()
                    .unwrap_or_else(|| "application/octet-stream".to_owned()),
            ),
            data: file.bytes.clone(),
        });
        self
    }

    /// The body and its `Content-Type` (with the boundary).
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when a part's content type holds control characters (it
    /// would end the part's header early).
    pub(crate) fn encode(&self) -> Result<(String, Bytes), Error> {
        let boundary = self.boundary();
        let mut out = BytesMut::new();
        for part in &self.parts {
            out.put_slice(format!("--{boundary}\r\n").as_bytes());
            let mut disposition = format!("form-data; name=\"{}\"", quote(&part.name));
            if let Some(file_name) = &part.file_name {
                disposition.push_str(&format!("; filename=\"{}\"", quote(file_name)));
            }
            out.put_slice(format!("Content-Disposition: {disposition}\r\n").as_bytes());
            if let Some(content_type) = &part.content_type {
                if content_type.chars().any(char::is_control) {
                    return Err(Error::InvalidRequest(format!(
                        "multipart field `{}`: the content type holds control characters",
                        part.name
                    )));
                }
                out.put_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
            }
            out.put_slice(b"\r\n");
            out.put_slice(&part.data);
            out.put_slice(b"\r\n");
        }
        out.put_slice(format!("--{boundary}--\r\n").as_bytes());
        Ok((
            format!("multipart/form-data; boundary={boundary}"),
            out.freeze(),
        ))
    }

    /// A random boundary that no part's content contains.
    fn boundary(&self) -> String {
        loop {
            let boundary: String = std::iter::repeat_with(fastrand::alphanumeric)
                .take(32)
                .collect();
            let needle = boundary.as_bytes();
            let clash = self
                .parts
                .iter()
                .any(|p| p.data.windows(needle.len()).any(|w| w == needle));
            if !clash {
                return boundary;
            }
        }
    }
}

/// A name or file name inside a quoted header parameter: `"`, CR and LF percent-encoded, as
/// browsers do, so a name cannot end the parameter or the header.
fn quote(text: &str) -> String {
    text.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_framed_and_names_cannot_break_out() {
        let form = Multipart::new()
            .text("a\"b\r\nX: y", 5)
            .file("f", &FilePart::new(&b"\x00\xff"[..]).file_name("x.bin"));
        let (content_type, body) = form.encode().expect("encodes");
        let boundary = content_type.trim_start_matches("multipart/form-data; boundary=");
        let text = String::from_utf8_lossy(&body);
        assert!(text.starts_with(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"a%22b%0D%0AX: y\"\r\n\r\n5\r\n")), "{text}");
        assert!(
            text.contains("filename=\"x.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        );
        assert!(text.ends_with(&format!("--{boundary}--\r\n")));
        let bad =
            Multipart::new().file("f", &FilePart::new(Bytes::new()).content_type("a\r\nb: c"));
        assert!(bad.encode().is_err());
    }
}
