//! How each format reads and writes its text: strictly first, then the deviations real
//! services are known to send.

use std::net::{Ipv4Addr, Ipv6Addr};

use base64::Engine as _;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};

use super::Bytes64;

/// A type that has a text form under an OpenAPI string `format`.
pub trait TextFormat: Sized {
    /// The format's name in OpenAPI (`date-time`).
    const FORMAT: &'static str;

    /// The value a text stands for, tolerating common deviations; `None` if it stands for none.
    fn parse_text(text: &str) -> Option<Self>;

    /// The canonical text of the value.
    fn to_text(&self) -> String;
}

impl TextFormat for OffsetDateTime {
    const FORMAT: &'static str = "date-time";

    fn parse_text(text: &str) -> Option<Self> {
        OffsetDateTime::parse(text, &Rfc3339)
            .ok()
            .or_else(|| OffsetDateTime::parse(&normalize_date_time(text)?, &Rfc3339).ok())
    }

    fn to_text(&self) -> String {
        // RFC 3339 cannot write years past 9999 or offsets with seconds; ISO 8601 can.
        self.format(&Rfc3339)
            .or_else(|_| self.format(&time::format_description::well_known::Iso8601::DEFAULT))
            .unwrap_or_default()
    }
}

/// RFC 3339 text for the near-misses services send: a space or lower-case `t` between date and
/// time, a lower-case `z`, an offset without its colon (`+0800`) or minutes (`+08`), or no
/// offset at all (read as UTC, as most such services mean).
fn normalize_date_time(text: &str) -> Option<String> {
    let text = text.trim();
    if !text.is_ascii() || text.len() < 19 {
        return None;
    }
    let mut fixed = text.to_ascii_uppercase();
    if fixed.as_bytes()[10] == b' ' {
        fixed.replace_range(10..11, "T");
    }
    let zone_at = fixed[19..].find(['+', '-', 'Z']).map(|i| i + 19);
    match zone_at {
        None => fixed.push('Z'),
        Some(at) => {
            let zone = &fixed[at..];
            let digits = zone.len() > 1 && zone[1..].bytes().all(|b| b.is_ascii_digit());
            match zone.len() {
                5 if digits => fixed.insert(at + 3, ':'),
                3 if digits => fixed.push_str(":00"),
                _ => {}
            }
        }
    }
    Some(fixed)
}

impl TextFormat for Date {
    const FORMAT: &'static str = "date";

    fn parse_text(text: &str) -> Option<Self> {
        const FULL_DATE: &[time::format_description::BorrowedFormatItem<'_>] =
            time::macros::format_description!("[year]-[month]-[day]");
        Date::parse(text, FULL_DATE)
            .ok()
            // A whole timestamp where a date was documented: its date.
            .or_else(|| OffsetDateTime::parse_text(text).map(|t| t.date()))
    }

    fn to_text(&self) -> String {
        let (year, month, day) = (self.year(), u8::from(self.month()), self.day());
        format!("{year:04}-{month:02}-{day:02}")
    }
}

impl TextFormat for uuid::Uuid {
    const FORMAT: &'static str = "uuid";

    /// Hyphenated, simple (32 digits), braced and `urn:uuid:` forms, any case.
    fn parse_text(text: &str) -> Option<Self> {
        uuid::Uuid::parse_str(text.trim()).ok()
    }

    fn to_text(&self) -> String {
        self.hyphenated().to_string()
    }
}

impl TextFormat for url::Url {
    const FORMAT: &'static str = "uri";

    fn parse_text(text: &str) -> Option<Self> {
        url::Url::parse(text.trim()).ok()
    }

    fn to_text(&self) -> String {
        self.as_str().to_owned()
    }
}

impl TextFormat for Ipv4Addr {
    const FORMAT: &'static str = "ipv4";

    fn parse_text(text: &str) -> Option<Self> {
        text.trim().parse().ok()
    }

    fn to_text(&self) -> String {
        self.to_string()
    }
}

impl TextFormat for Ipv6Addr {
    const FORMAT: &'static str = "ipv6";

    fn parse_text(text: &str) -> Option<Self> {
        text.trim().parse().ok()
    }

    fn to_text(&self) -> String {
        self.to_string()
    }
}

impl TextFormat for Bytes64 {
    const FORMAT: &'static str = "byte";

    /// Standard or URL-safe alphabet, with or without padding, line breaks ignored (MIME).
    fn parse_text(text: &str) -> Option<Self> {
        use base64::engine::general_purpose::{
            STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD,
        };
        let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
            .iter()
            .find_map(|engine| engine.decode(&compact).ok())
            .map(Bytes64)
    }

    fn to_text(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(&self.0)
    }
}
