//! Content negotiation: the `Accept` header an operation sends, and the check that a success
//! response is in a media type the operation decodes.

use http::HeaderValue;

use crate::error::{bounded, SHORT_FIELD_LIMIT};

/// `application/json` and the `+json` types (`application/problem+json`, ...).
fn is_json(essence: &str) -> bool {
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// The media type without parameters, lower-cased: `Application/JSON; charset=utf-8` →
/// `application/json`.
fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// The `Accept` value: the operation's media types, with any that are not JSON after JSON
/// ranked lower (`;q=0.9`) so that a negotiating server prefers JSON; `*/*` when the
/// operation names none.
pub(crate) fn accept_header(accepted: &[&str]) -> String {
    if accepted.is_empty() {
        return "*/*".to_owned();
    }
    let any_json = accepted.iter().any(|m| is_json(m));
    accepted
        .iter()
        .map(|m| match any_json && !is_json(m) {
            true => format!("{m};q=0.9"),
            false => (*m).to_owned(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether a success body of `content_type` may be decoded by an operation that decodes
/// `accepted` (`json`: as JSON, where every JSON media type is the same syntax).
///
/// A response without `Content-Type`, or an operation that names no media types, is read as
/// it is. Otherwise the error names the type received (escaped and bounded) and those
/// documented.
pub(crate) fn check_content_type(
    accepted: &[&str],
    content_type: Option<&HeaderValue>,
    json: bool,
) -> Result<(), String> {
    let Some(content_type) = content_type else {
        return Ok(());
    };
    if accepted.is_empty() {
        return Ok(());
    }
    let received = essence(&String::from_utf8_lossy(content_type.as_bytes()));
    let documented = accepted.iter().any(|m| matches_range(m, &received))
        || (json && is_json(&received) && accepted.iter().any(|m| is_json(m)));
    if documented {
        return Ok(());
    }
    // Quoted with Rust's escapes: control and bidirectional characters cannot reach a terminal.
    Err(format!(
        "the response's Content-Type is {}, not one this operation decodes ({})",
        bounded(&format!("{received:?}"), SHORT_FIELD_LIMIT),
        accepted.join(", ")
    ))
}

/// `*/*`, `text/*` or an exact match.
fn matches_range(range: &str, received: &str) -> bool {
    match range.strip_suffix("/*") {
        Some("*") => true,
        Some(kind) => received
            .split_once('/')
            .is_some_and(|(received_kind, _)| received_kind == kind),
        None => range == received,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(accepted: &[&str], received: &str, json: bool) -> Result<(), String> {
        let value = HeaderValue::from_str(received).ok();
        check_content_type(accepted, value.as_ref(), json)
    }

    #[test]
    fn accept_lists_json_first_and_others_lower() {
        assert_eq!(accept_header(&[]), "*/*");
        assert_eq!(accept_header(&["application/json"]), "application/json");
        assert_eq!(
            accept_header(&["application/json", "text/plain", "application/octet-stream"]),
            "application/json, text/plain;q=0.9, application/octet-stream;q=0.9"
        );
        assert_eq!(
            accept_header(&["text/csv", "text/plain"]),
            "text/csv, text/plain"
        );
    }

    #[test]
    fn documented_types_pass() {
        let json = ["application/json"];
        assert!(check(&json, "application/json", true).is_ok());
        assert!(check(&json, "Application/JSON; charset=utf-8", true).is_ok());
        assert!(check(&json, "application/problem+json", true).is_ok());
        assert!(check_content_type(&json, None, true).is_ok());
        assert!(check(&[], "application/xml", true).is_ok());
        assert!(check(&["text/*"], "text/csv", false).is_ok());
        assert!(check(&["*/*"], "image/png", false).is_ok());
        assert!(check(&["text/plain"], "text/plain;charset=utf-8", false).is_ok());
    }

    #[test]
    fn undocumented_types_are_named() {
        let error = check(&["application/json"], "application/xml", true).err();
        assert_eq!(
            error.as_deref(),
            Some("the response's Content-Type is \"application/xml\", not one this operation decodes (application/json)")
        );
        assert!(check(&["text/plain"], "application/json", false).is_err());
        // JSON equivalence only holds when decoding JSON.
        assert!(check(&["text/plain"], "application/problem+json", true).is_err());
        let hostile = HeaderValue::from_bytes("text/\u{202e}lmth".as_bytes()).ok();
        let error = check_content_type(&["application/json"], hostile.as_ref(), true).err();
        let error = error.unwrap_or_default();
        assert!(!error.contains('\u{202e}'), "{error}");
        assert!(error.contains(r#""text/\u{202e}lmth""#), "{error}");
        let long = format!("text/{}", "x".repeat(5000));
        let error = check(&["application/json"], &long, true)
            .err()
            .unwrap_or_default();
        assert!(error.len() < 400, "{}", error.len());
    }
}
