//! The `Accept` list of an operation: the media types its success responses document that the
//! client can decode, JSON first. Servers that negotiate then answer with what the client
//! reads (petstore lists `application/xml` before `application/json`).

use openapiv3::{ReferenceOr, Response, StatusCode};

use super::body::{essence, is_binary, is_json};
use super::Lowerer;
use crate::error::{Error, Pointer};

/// JSON media types first (a JSON body is decoded into its model), then text, then the rest;
/// empty when no success response has a body (the client then accepts anything).
pub(super) fn accepted_media_types(
    lowerer: &Lowerer<'_>,
    responses: &openapiv3::Responses,
    at: &Pointer,
) -> Result<Vec<String>, Error> {
    let mut success: Vec<(&ReferenceOr<Response>, Pointer)> = responses
        .responses
        .iter()
        .filter(|(code, _)| match code {
            StatusCode::Code(code) => (200..300).contains(code),
            StatusCode::Range(range) => *range == 2,
        })
        .map(|(code, response)| (response, at.push(code.to_string())))
        .collect();
    if success.is_empty() {
        if let Some(default) = &responses.default {
            success.push((default, at.push("default")));
        }
    }
    let mut accepted: Vec<String> = Vec::new();
    for (response, at) in success {
        let (response, _) = super::responses::resolve(lowerer, response, &at)?;
        for media_type in decoded(response) {
            if !accepted.contains(&media_type) {
                accepted.push(media_type);
            }
        }
    }
    // Stable: JSON before text before the rest, each in the spec's order.
    accepted.sort_by_key(|m| match (is_json(m), m.starts_with("text/")) {
        (true, _) => 0,
        (false, true) => 1,
        (false, false) => 2,
    });
    Ok(accepted)
}

/// The media types of one response the client decodes, as `body_kind` chooses: every JSON
/// type when there is one; else the text types; else (raw bytes) every listed type.
fn decoded(response: &Response) -> Vec<String> {
    let types = |keep: &dyn Fn(&str, &openapiv3::MediaType) -> bool| -> Vec<String> {
        response
            .content
            .iter()
            .filter(|(m, media)| keep(m, media))
            .map(|(m, _)| essence(m))
            .filter(|m| is_media_range(m))
            .collect()
    };
    let json = types(&|m, _| is_json(m));
    if !json.is_empty() {
        return json;
    }
    let text = types(&|m, media| {
        essence(m).starts_with("text/")
            && !media
                .schema
                .as_ref()
                .is_some_and(|s| matches!(s, ReferenceOr::Item(s) if is_binary(s)))
    });
    if !text.is_empty() {
        return text;
    }
    types(&|_, _| true)
}

/// `type/subtype` of RFC 9110 token characters (wildcards included): anything else could not
/// be sent in a header, so it is left out of the list.
fn is_media_range(essence: &str) -> bool {
    let token = |part: &str| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
    };
    matches!(essence.split_once('/'), Some((kind, sub)) if token(kind) && token(sub))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(types: &[&str]) -> Response {
        let mut response = Response::default();
        for media_type in types {
            response
                .content
                .insert((*media_type).to_owned(), openapiv3::MediaType::default());
        }
        response
    }

    #[test]
    fn json_is_chosen_over_xml_and_text() {
        let petstore = response(&["application/xml", "application/json"]);
        assert_eq!(decoded(&petstore), ["application/json"]);
        let both = response(&[
            "application/vnd.api+json",
            "application/json; charset=utf-8",
        ]);
        assert_eq!(
            decoded(&both),
            ["application/vnd.api+json", "application/json"]
        );
        assert_eq!(
            decoded(&response(&["text/plain", "text/csv"])),
            ["text/plain", "text/csv"]
        );
        assert_eq!(
            decoded(&response(&["image/png", "*/*"])),
            ["image/png", "*/*"]
        );
        assert!(decoded(&response(&[])).is_empty());
        assert_eq!(
            decoded(&response(&["application/json\r\nX: y", "text/plain"])),
            ["text/plain"]
        );
    }
}
