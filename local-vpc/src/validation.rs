//! Request bodies and the documented value rules.
//!
//! Every body is `{"<wrapper>": {fields…}}` (ref §1 "Body wrappers"). Any valid JSON is
//! accepted, whatever its separators or `\uXXXX` escapes (the Python SDK sends `", "`,
//! `": "` and escapes non-ASCII, ref §3 "e"). A failure is a 400 `VPC.0002` whose message
//! names the field by its dotted path, e.g. `traffic_mirror_session.priority`.
//!
//! Assumptions where the vendor is silent: unknown fields are refused (so a client's
//! misspelt or misplaced field is caught rather than silently dropped); `null` counts as
//! absent, as the SDKs omit `None` fields anyway.

use std::ops::RangeInclusive;

use serde_json::Value;

use crate::errors::ApiError;
use crate::store::Object;

/// The fields of a wrapped request body, with their paths for error messages.
#[derive(Debug)]
pub(crate) struct Input {
    wrapper: &'static str,
    fields: Object,
}

impl Input {
    /// Parses `{"<wrapper>": {…}}`, refusing other top-level keys and fields not in `known`.
    pub(crate) fn parse(
        body: &[u8],
        wrapper: &'static str,
        known: &[&str],
    ) -> Result<Self, ApiError> {
        let invalid =
            |problem: String| ApiError::BadRequest(format!("Invalid request body: {problem}"));
        let value: Value = serde_json::from_slice(body)
            .map_err(|err| invalid(format!("not valid JSON ({err})")))?;
        let Value::Object(mut root) = value else {
            return Err(invalid("must be a JSON object".into()));
        };
        let Some(Value::Object(fields)) = root.remove(wrapper) else {
            return Err(invalid(format!(
                "{wrapper} is required and must be an object"
            )));
        };
        if let Some(extra) = root.keys().next() {
            return Err(invalid(format!("unknown field {extra}")));
        }
        if let Some(extra) = fields.keys().find(|key| !known.contains(&key.as_str())) {
            return Err(invalid(format!("unknown field {wrapper}.{extra}")));
        }
        Ok(Input { wrapper, fields })
    }

    /// The dotted path of a field, for messages.
    pub(crate) fn path(&self, key: &str) -> String {
        format!("{}.{key}", self.wrapper)
    }

    /// The field's value; `null` counts as absent.
    fn get(&self, key: &str) -> Option<&Value> {
        self.fields.get(key).filter(|value| !value.is_null())
    }

    /// Turns an absent value into "… is required".
    pub(crate) fn required<T>(&self, key: &str, value: Option<T>) -> Result<T, ApiError> {
        value.ok_or_else(|| ApiError::invalid(&self.path(key), "is required"))
    }

    /// A string field.
    pub(crate) fn string(&self, key: &str) -> Result<Option<String>, ApiError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(_) => Err(ApiError::invalid(&self.path(key), "must be a string")),
        }
    }

    /// An id of another resource: a non-empty string.
    pub(crate) fn id(&self, key: &str) -> Result<Option<String>, ApiError> {
        let id = self.string(key)?;
        if id.as_deref() == Some("") {
            return Err(ApiError::invalid(&self.path(key), "must not be empty"));
        }
        Ok(id)
    }

    /// A port range field (see [`check_port_range`]).
    pub(crate) fn port_range(&self, key: &str) -> Result<Option<String>, ApiError> {
        self.checked(key, check_port_range)
    }

    /// A CIDR block field (see [`check_cidr`]).
    pub(crate) fn cidr(&self, key: &str) -> Result<Option<String>, ApiError> {
        self.checked(key, |path, text| check_cidr(path, text).map(drop))
    }

    /// A name: 1–64 characters from `[-_.0-9A-Za-z]` and Chinese (ref §2 "Session
    /// constraints", the zh page adds Chinese; filters follow the same rule).
    pub(crate) fn name(&self, key: &str) -> Result<Option<String>, ApiError> {
        self.checked(key, check_name)
    }

    /// A description: at most 255 characters, no angle brackets (ref §2).
    pub(crate) fn description(&self, key: &str) -> Result<Option<String>, ApiError> {
        self.checked(key, check_description)
    }

    /// An optional string field that, when present, must pass `check`.
    fn checked(
        &self,
        key: &str,
        check: impl Fn(&str, &str) -> Result<(), ApiError>,
    ) -> Result<Option<String>, ApiError> {
        let text = self.string(key)?;
        if let Some(text) = &text {
            check(&self.path(key), text)?;
        }
        Ok(text)
    }

    /// A string that must be one of `allowed`, compared case-sensitively as documented.
    pub(crate) fn one_of(&self, key: &str, allowed: &[&str]) -> Result<Option<String>, ApiError> {
        let value = self.string(key)?;
        if let Some(value) = &value {
            if !allowed.contains(&value.as_str()) {
                let expected = allowed.join(", ");
                return Err(ApiError::invalid(
                    &self.path(key),
                    format!("{value:?} must be one of {expected}"),
                ));
            }
        }
        Ok(value)
    }

    /// An integer in `range`, sent as a JSON integer.
    pub(crate) fn integer(
        &self,
        key: &str,
        range: RangeInclusive<i64>,
    ) -> Result<Option<i64>, ApiError> {
        let Some(value) = self.get(key) else {
            return Ok(None);
        };
        let number = value
            .as_i64()
            .ok_or_else(|| ApiError::invalid(&self.path(key), "must be an integer"))?;
        check_range(&self.path(key), number, &range).map(Some)
    }

    /// An integer in `range`, sent as a JSON integer or a decimal string: the SDKs type
    /// `virtual_network_id` and `packet_length` as strings on create (ref §1
    /// `CreateTrafficMirrorSessionOption`) and as integers on update.
    pub(crate) fn lenient_integer(
        &self,
        key: &str,
        range: RangeInclusive<i64>,
    ) -> Result<Option<i64>, ApiError> {
        let Some(value) = self.get(key) else {
            return Ok(None);
        };
        let number = match value {
            Value::String(text) => parse_decimal(text),
            other => other.as_i64(),
        }
        .ok_or_else(|| {
            ApiError::invalid(&self.path(key), "must be an integer or a string of digits")
        })?;
        check_range(&self.path(key), number, &range).map(Some)
    }

    /// A boolean sent as JSON `true`/`false` or as the string `"true"`/`"false"` (any
    /// case): the SDKs type `enabled` as a string on create and update (ref §1).
    pub(crate) fn lenient_bool(&self, key: &str) -> Result<Option<bool>, ApiError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(flag)) => Ok(Some(*flag)),
            Some(Value::String(text)) if text.eq_ignore_ascii_case("true") => Ok(Some(true)),
            Some(Value::String(text)) if text.eq_ignore_ascii_case("false") => Ok(Some(false)),
            Some(_) => Err(ApiError::invalid(&self.path(key), "must be true or false")),
        }
    }

    /// A list of distinct, non-empty string ids (traffic mirror sources). Duplicates are
    /// refused rather than merged: a client that sends one twice has a bug worth seeing.
    pub(crate) fn id_list(&self, key: &str) -> Result<Option<Vec<String>>, ApiError> {
        let Some(value) = self.get(key) else {
            return Ok(None);
        };
        let path = self.path(key);
        let items = value
            .as_array()
            .ok_or_else(|| ApiError::invalid(&path, "must be an array of strings"))?;
        let mut ids: Vec<String> = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let id = item.as_str().filter(|id| !id.is_empty()).ok_or_else(|| {
                ApiError::invalid(&format!("{path}[{index}]"), "must be a non-empty string")
            })?;
            if ids.iter().any(|seen| seen == id) {
                return Err(ApiError::invalid(
                    &path,
                    format!("{id} is listed more than once"),
                ));
            }
            ids.push(id.to_owned());
        }
        Ok(Some(ids))
    }
}

/// Digits with an optional leading `-`; no spaces, signs or decimals beyond that.
fn parse_decimal(text: &str) -> Option<i64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `value` must lie in `range`.
fn check_range(path: &str, value: i64, range: &RangeInclusive<i64>) -> Result<i64, ApiError> {
    if range.contains(&value) {
        Ok(value)
    } else {
        Err(ApiError::invalid(
            path,
            format!("{value} is out of range {}-{}", range.start(), range.end()),
        ))
    }
}

/// 1–64 characters: letters, digits, `_`, `-`, `.` and CJK ideographs U+4E00–U+9FA5.
pub(crate) fn check_name(path: &str, name: &str) -> Result<(), ApiError> {
    let length = name.chars().count();
    if !(1..=64).contains(&length) {
        return Err(ApiError::invalid(
            path,
            format!("must be 1-64 characters, got {length}"),
        ));
    }
    let allowed = |c: char| {
        c.is_ascii_alphanumeric() || "-_.".contains(c) || ('\u{4e00}'..='\u{9fa5}').contains(&c)
    };
    match name.chars().find(|&c| !allowed(c)) {
        Some(c) => Err(ApiError::invalid(
            path,
            format!("contains {c:?}; only letters, digits, Chinese characters, '_', '-' and '.' are allowed"),
        )),
        None => Ok(()),
    }
}

/// At most 255 characters and no `<` or `>`.
pub(crate) fn check_description(path: &str, text: &str) -> Result<(), ApiError> {
    let length = text.chars().count();
    if length > 255 {
        return Err(ApiError::invalid(
            path,
            format!("must be at most 255 characters, got {length}"),
        ));
    }
    if text.contains(['<', '>']) {
        return Err(ApiError::invalid(path, "must not contain '<' or '>'"));
    }
    Ok(())
}

/// A port range `80` or `80-200`, each port 1–65535, low ≤ high (ref §2 "Filter rule
/// constraints": "Value range: 1-65535 Format: 80-200"). "" means any port.
pub(crate) fn check_port_range(path: &str, text: &str) -> Result<(), ApiError> {
    if text.is_empty() {
        return Ok(());
    }
    let port = |part: &str| parse_decimal(part).filter(|p| (1..=65535).contains(p));
    let valid = match text.split_once('-') {
        None => port(text).is_some(),
        Some((low, high)) => matches!((port(low), port(high)), (Some(l), Some(h)) if l <= h),
    };
    if valid {
        Ok(())
    } else {
        Err(ApiError::invalid(
            path,
            format!("{text:?} must be a port (1-65535) or a range like 80-200"),
        ))
    }
}

/// The address family of a CIDR block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    V4,
    V6,
}

/// Basic CIDR check: `address/prefix` with a valid IPv4 (prefix ≤ 32) or IPv6 (≤ 128)
/// address. "" means any address. Returns the family so it can be checked against the
/// rule's `ethertype`.
pub(crate) fn check_cidr(path: &str, text: &str) -> Result<Option<Family>, ApiError> {
    if text.is_empty() {
        return Ok(None);
    }
    let invalid = || {
        ApiError::invalid(
            path,
            format!("{text:?} is not a CIDR block like 10.0.0.0/24 or 2001:db8::/32"),
        )
    };
    let (address, prefix) = text.split_once('/').ok_or_else(invalid)?;
    let prefix: u8 = parse_decimal(prefix)
        .and_then(|p| u8::try_from(p).ok())
        .ok_or_else(invalid)?;
    let family = if address.parse::<std::net::Ipv4Addr>().is_ok() && prefix <= 32 {
        Family::V4
    } else if address.parse::<std::net::Ipv6Addr>().is_ok() && prefix <= 128 {
        Family::V6
    } else {
        return Err(invalid());
    };
    Ok(Some(family))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(body: &str, known: &[&str]) -> Result<Input, ApiError> {
        Input::parse(body.as_bytes(), "thing", known)
    }

    #[test]
    fn bodies_must_be_the_wrapped_object_with_known_fields() {
        assert!(input(r#"{"thing": {"a": 1}}"#, &["a"]).is_ok());
        for bad in [
            "",
            "[]",
            "{}",
            r#"{"thing": 1}"#,
            r#"{"thing": {}, "x": 1}"#,
            r#"{"thing": {"b": 1}}"#,
            "\u{ff}",
        ] {
            assert!(input(bad, &["a"]).is_err(), "{bad}");
        }
    }

    #[test]
    fn sdk_style_json_with_escapes_is_accepted() {
        let parsed = input("{\"thing\": {\"a\": \"\\u6d4b\\u8bd5\"}}", &["a"]).expect("valid");
        assert_eq!(
            parsed.name("a").expect("a valid name").as_deref(),
            Some("测试")
        );
    }

    #[test]
    fn lenient_fields_take_strings_and_native_types() {
        let parsed = input(
            r#"{"thing": {"v": "1", "w": 96, "e": "true", "f": false, "g": "1.5"}}"#,
            &["v", "w", "e", "f", "g"],
        )
        .expect("valid");
        assert_eq!(parsed.lenient_integer("v", 0..=9).expect("ok"), Some(1));
        assert_eq!(parsed.lenient_integer("w", 1..=1460).expect("ok"), Some(96));
        assert_eq!(parsed.lenient_bool("e").expect("ok"), Some(true));
        assert_eq!(parsed.lenient_bool("f").expect("ok"), Some(false));
        assert!(parsed.lenient_integer("g", 0..=9).is_err());
        assert!(parsed.lenient_integer("w", 1..=10).is_err());
        assert!(
            parsed.integer("v", 0..=9).is_err(),
            "strict integers refuse strings"
        );
    }

    #[test]
    fn names_descriptions_ports_and_cidrs() {
        assert!(check_name("n", "ok-name_1.x测试").is_ok());
        for bad in ["", "has space", "semi;colon", &"x".repeat(65)] {
            assert!(check_name("n", bad).is_err(), "{bad}");
        }
        assert!(check_description("d", &"x".repeat(255)).is_ok());
        assert!(check_description("d", "<b>").is_err());
        for good in ["", "80", "80-200", "1-65535"] {
            assert!(check_port_range("p", good).is_ok(), "{good}");
        }
        for bad in ["0", "65536", "200-80", "80-", "a-b", " 80", "80,90"] {
            assert!(check_port_range("p", bad).is_err(), "{bad}");
        }
        assert_eq!(check_cidr("c", "10.0.0.0/8").expect("ok"), Some(Family::V4));
        assert_eq!(
            check_cidr("c", "2001:db8::/32").expect("ok"),
            Some(Family::V6)
        );
        for bad in ["10.0.0.0", "10.0.0.0/33", "300.0.0.0/8", "::/129", "x/1"] {
            assert!(check_cidr("c", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn id_lists_refuse_duplicates_and_non_strings() {
        let parsed = input(
            r#"{"thing": {"a": ["x", "y"], "b": ["x", "x"], "c": ["x", 1], "d": "x"}}"#,
            &["a", "b", "c", "d"],
        )
        .expect("valid");
        assert_eq!(
            parsed.id_list("a").expect("ok"),
            Some(vec!["x".to_owned(), "y".to_owned()])
        );
        for key in ["b", "c", "d"] {
            assert!(parsed.id_list(key).is_err(), "{key}");
        }
    }
}
