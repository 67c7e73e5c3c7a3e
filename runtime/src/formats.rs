//! Typed string formats (`date-time`, `date`, `uuid`, `uri`, `ipv4`, `ipv6`, `byte`) that never
//! make a whole response fail.
//!
//! Real services send values their own documents rule out (the vendor's VPC service answers
//! `2023-02-23T06:57:39.000+00:00` where it documents `yyyy-MM-ddTHH:mm:ssZ`; others send
//! `2024-01-01 10:00:00` or an empty string). A [`Formatted`] value decodes from any string: it
//! parses what it can, tolerating common deviations, and keeps the text it was given, so one
//! odd timestamp neither fails the response nor changes when the value is sent back. Code that
//! wants strictness asks for it where it reads the value: [`Formatted::value`] is an error
//! naming the format and the text when the text did not parse.
//!
//! Requests send a value as it was built or received: a text a service sent, valid or not, goes
//! back unchanged (read, modify, write keeps working). Build values from typed values
//! (`DateTime::from(now)`) or with the strict `"…".parse::<DateTime>()?`.

mod kinds;

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use kinds::TextFormat;

/// `format: date-time` (RFC 3339), as a [`time::OffsetDateTime`].
pub type DateTime = Formatted<time::OffsetDateTime>;
/// `format: date` (RFC 3339 `full-date`, `2024-02-29`), as a [`time::Date`].
pub type Date = Formatted<time::Date>;
/// `format: uuid`, as a [`uuid::Uuid`].
pub type Uuid = Formatted<uuid::Uuid>;
/// `format: uri` (an absolute URI), as a [`url::Url`].
pub type Url = Formatted<url::Url>;
/// `format: ipv4`, as a [`std::net::Ipv4Addr`].
pub type Ipv4Addr = Formatted<std::net::Ipv4Addr>;
/// `format: ipv6`, as a [`std::net::Ipv6Addr`].
pub type Ipv6Addr = Formatted<std::net::Ipv6Addr>;
/// `format: byte`: base64 text, as the bytes it encodes.
pub type Base64 = Formatted<Bytes64>;

/// Bytes that travel as base64 text (`format: byte`): the standard alphabet with padding is
/// written; the URL-safe alphabet and missing padding are also read.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Bytes64(pub Vec<u8>);

impl From<Vec<u8>> for Bytes64 {
    fn from(bytes: Vec<u8>) -> Self {
        Bytes64(bytes)
    }
}

impl std::ops::Deref for Bytes64 {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

/// A value of a string format, with the text it came as.
///
/// Built from a value (`DateTime::from(now)`), it is written in the format's canonical form.
/// Decoded from the wire, it keeps the exact text received and writes that text back, whether
/// or not it parsed: decoding then encoding is lossless.
#[derive(Clone)]
pub struct Formatted<T> {
    /// `None` when the text does not parse as the format.
    value: Option<T>,
    /// The text received; `None` for a value built in code (written canonically).
    text: Option<Box<str>>,
}

/// A text that is not a valid value of its format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    /// The format, as OpenAPI names it (`date-time`).
    pub format: &'static str,
    /// The text (at most 64 characters of it, escaped).
    pub text: String,
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} is not a valid `{}`", self.text, self.format)
    }
}

impl std::error::Error for FormatError {}

impl<T: TextFormat> Formatted<T> {
    /// A value, written in the format's canonical form.
    pub fn new(value: T) -> Self {
        Formatted {
            value: Some(value),
            text: None,
        }
    }

    /// Text from the wire: parsed if it can be (leniently), kept as it is either way.
    pub fn from_text(text: impl Into<String>) -> Self {
        let text: String = text.into();
        Formatted {
            value: T::parse_text(&text),
            text: Some(text.into_boxed_str()),
        }
    }

    /// The value, when the text parsed.
    pub fn get(&self) -> Option<&T> {
        self.value.as_ref()
    }

    /// The value, or an error naming the format and the text: the strict way to read it.
    ///
    /// # Errors
    /// [`FormatError`] when the text received is not a valid value of the format.
    pub fn value(&self) -> Result<&T, FormatError> {
        self.value.as_ref().ok_or_else(|| self.error())
    }

    /// The value, or an error naming the format and the text.
    ///
    /// # Errors
    /// [`FormatError`] when the text received is not a valid value of the format.
    pub fn into_value(self) -> Result<T, FormatError> {
        match self.value {
            Some(value) => Ok(value),
            None => Err(self.error()),
        }
    }

    /// Whether the text parsed as the format.
    pub fn is_valid(&self) -> bool {
        self.value.is_some()
    }

    /// The text on the wire: as received, or the canonical form of a value built in code.
    pub fn as_text(&self) -> Cow<'_, str> {
        match (&self.text, &self.value) {
            (Some(text), _) => Cow::Borrowed(text),
            (None, Some(value)) => Cow::Owned(value.to_text()),
            // Never built: every constructor sets one of the two.
            (None, None) => Cow::Borrowed(""),
        }
    }

    fn error(&self) -> FormatError {
        let text = self.as_text();
        let shown: String = text.chars().take(64).collect();
        FormatError {
            format: T::FORMAT,
            text: format!("{shown:?}"),
        }
    }
}

impl<T: TextFormat> From<T> for Formatted<T> {
    fn from(value: T) -> Self {
        Formatted::new(value)
    }
}

/// Strict: only a valid text becomes a value (`"…".parse::<DateTime>()?`).
impl<T: TextFormat> FromStr for Formatted<T> {
    type Err = FormatError;

    fn from_str(text: &str) -> Result<Self, FormatError> {
        let parsed = Formatted::from_text(text);
        match parsed.value {
            Some(_) => Ok(parsed),
            None => Err(parsed.error()),
        }
    }
}

/// Two values are equal when their values are (`…Z` and `…+00:00` are the same instant);
/// a text that did not parse equals only the same text.
impl<T: TextFormat + PartialEq> PartialEq for Formatted<T> {
    fn eq(&self, other: &Self) -> bool {
        match (&self.value, &other.value) {
            (Some(a), Some(b)) => a == b,
            (None, None) => self.text == other.text,
            _ => false,
        }
    }
}

impl<T: TextFormat + Eq> Eq for Formatted<T> {}

impl<T: TextFormat + fmt::Debug> fmt::Debug for Formatted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.value {
            Some(value) => value.fmt(f),
            None => f
                .debug_tuple("Invalid")
                .field(&T::FORMAT)
                .field(&self.as_text())
                .finish(),
        }
    }
}

/// The text on the wire (what a path, query or header parameter sends).
impl<T: TextFormat> fmt::Display for Formatted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_text())
    }
}

impl<T: TextFormat> Serialize for Formatted<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.as_text())
    }
}

impl<'de, T: TextFormat> Deserialize<'de> for Formatted<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Any string decodes; only a value that is not a string at all is a type error, as it
        // would be for a plain `String` field.
        let text = Cow::<'de, str>::deserialize(deserializer)?;
        Ok(Formatted::from_text(text.into_owned()))
    }
}

#[cfg(test)]
mod tests;
