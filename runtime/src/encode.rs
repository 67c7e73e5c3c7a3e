use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but the RFC 3986 unreserved characters `A-Z a-z 0-9 - _ . ~`.
///
/// This is the set the vendor's signer escapes, so an encoded value is already in canonical form.
pub(crate) const UNRESERVED_KEPT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes one path parameter so that it stays one path segment.
///
/// `a/b`, `../x`, `%2F`, `?` or `#` in an ID can never change which path is requested:
/// every character outside `A-Z a-z 0-9 - _ . ~` is escaped, `/` and `%` included.
pub fn encode_path_segment(value: &str) -> String {
    let encoded = utf8_percent_encode(value, UNRESERVED_KEPT).to_string();
    // `.` and `..` are unreserved, yet as a whole segment they would be resolved away.
    match encoded.as_str() {
        "." => "%2E".to_owned(),
        ".." => "%2E%2E".to_owned(),
        _ => encoded,
    }
}

/// Percent-encodes a decoded path segment for the canonical request (no `.`/`..` special case:
/// the signer re-encodes exactly what the server decodes).
#[cfg(feature = "huawei")]
pub(crate) fn encode_path_segment_canonical(value: &str) -> String {
    utf8_percent_encode(value, UNRESERVED_KEPT).to_string()
}

/// Percent-encodes a query key or value (the signer's canonical form, also what is sent).
pub(crate) fn encode_query_component(value: &str) -> String {
    utf8_percent_encode(value, UNRESERVED_KEPT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_cannot_escape() {
        assert_eq!(encode_path_segment("a/b"), "a%2Fb");
        assert_eq!(encode_path_segment("../x"), "..%2Fx");
        assert_eq!(encode_path_segment(".."), "%2E%2E");
        assert_eq!(encode_path_segment("%2F"), "%252F");
        assert_eq!(encode_path_segment("a b?c#d"), "a%20b%3Fc%23d");
        assert_eq!(encode_path_segment("é"), "%C3%A9");
        assert_eq!(encode_path_segment("e15a-6e40_x.y~z"), "e15a-6e40_x.y~z");
    }
}

/// The request path from its template (`/v3/{project_id}/sessions/{id}`): each `{…}`
/// placeholder in turn is replaced by the next of `segments`, already encoded with
/// [`Request::path_param`](crate::codegen::Request::path_param). What generated operations call.
pub fn fill_path(template: &str, segments: &[String]) -> String {
    let mut path =
        String::with_capacity(template.len() + segments.iter().map(String::len).sum::<usize>());
    let mut segments = segments.iter();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        path.push_str(&rest[..open]);
        path.push_str(segments.next().map_or("", String::as_str));
        rest = &rest[open + close + 1..];
    }
    path.push_str(rest);
    path
}

#[cfg(test)]
mod fill_tests {
    use super::fill_path;

    #[test]
    fn placeholders_are_filled_in_order() {
        let segments = ["p%2F1".to_owned(), "a%20b".to_owned()];
        assert_eq!(
            fill_path("/v3/{project_id}/x/{id}/y", &segments),
            "/v3/p%2F1/x/a%20b/y"
        );
        assert_eq!(fill_path("/plain", &[]), "/plain");
    }
}
