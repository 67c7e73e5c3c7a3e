//! Responses: what a successful call returns (one type, or an enum of outcomes when success
//! statuses have different bodies) and which error bodies are documented.

use openapiv3::{ReferenceOr, Response, StatusCode};

use super::body::{essence, is_json};
use super::refs;
use super::schema::type_of;
use super::Lowerer;
use crate::error::{Error, Pointer};
use crate::model::{
    ErrorResponse, ResponseEnum, ResponseKind, ResponseVariant, StatusMatch, TypeRef,
};
use crate::naming::Scope;

/// The success type. Without any 2xx response, a `default` response is the success type.
pub(super) fn lower_success(
    lowerer: &mut Lowerer<'_>,
    responses: &openapiv3::Responses,
    type_hint: &str,
    at: &Pointer,
) -> Result<ResponseKind, Error> {
    let mut success: Vec<(StatusMatch, &ReferenceOr<Response>, Pointer)> = responses
        .responses
        .iter()
        .filter_map(|(code, response)| {
            let status = match code {
                StatusCode::Code(code) if (200..300).contains(code) => StatusMatch::Code(*code),
                StatusCode::Range(2) => StatusMatch::Range(2),
                _ => return None,
            };
            Some((status, response, at.push(code.to_string())))
        })
        .collect();
    if success.is_empty() {
        if let Some(default) = &responses.default {
            success.push((StatusMatch::Default, default, at.push("default")));
        }
    }
    // Exact codes are matched before ranges.
    success.sort_by_key(|(status, _, _)| matches!(status, StatusMatch::Range(_)));
    let several = success.len() > 1;
    let enum_name = several.then(|| lowerer.type_names.unique(format!("{type_hint}Response")));
    let mut variants = Vec::new();
    let mut names = Scope::new();
    names.reserve("Other");
    for (status, response, at) in success {
        let hint = match (several, status) {
            (true, StatusMatch::Code(code)) => format!("{type_hint}Response{code}"),
            _ => format!("{type_hint}Response"),
        };
        let (response, at) = resolve(lowerer, response, &at)?;
        let body = body_kind(lowerer, response, &hint, &at)?;
        variants.push(ResponseVariant {
            rust_name: names.unique(variant_name(status)),
            status,
            body,
            description: response.description.clone(),
        });
    }
    if several {
        // An enum variant holds a value read whole: an event stream there is kept as text.
        for variant in &mut variants {
            if matches!(variant.body, ResponseKind::Events(_)) {
                variant.body = ResponseKind::Text;
            }
        }
    }
    let first = variants.first().map(|v| v.body.clone());
    match (enum_name, first) {
        (_, None) => Ok(ResponseKind::Empty),
        // Statuses that share one body need no enum (`200` and `201` both an `Item`).
        (Some(_), Some(body)) if variants.iter().all(|v| v.body == body) => Ok(body),
        (None, Some(body)) => Ok(body),
        (Some(rust_name), Some(_)) => Ok(ResponseKind::Several(ResponseEnum {
            rust_name,
            variants,
        })),
    }
}

/// Error responses (4xx, 5xx, other ranges and `default` when a 2xx exists), with their body
/// model when it is a named schema: those are already generated, so typed access costs nothing.
pub(super) fn lower_errors(
    lowerer: &mut Lowerer<'_>,
    responses: &openapiv3::Responses,
    at: &Pointer,
) -> Result<Vec<ErrorResponse>, Error> {
    let has_success = responses.responses.keys().any(|code| match code {
        StatusCode::Code(code) => (200..300).contains(code),
        StatusCode::Range(range) => *range == 2,
    });
    let mut errors = Vec::new();
    let codes = responses
        .responses
        .iter()
        .filter_map(|(code, response)| match code {
            StatusCode::Code(c) if !(100..300).contains(c) => {
                Some((StatusMatch::Code(*c), response, at.push(code.to_string())))
            }
            StatusCode::Range(r) if *r >= 3 => {
                Some((StatusMatch::Range(*r), response, at.push(code.to_string())))
            }
            _ => None,
        });
    let default = responses
        .default
        .as_ref()
        .filter(|_| has_success)
        .map(|d| (StatusMatch::Default, d, at.push("default")));
    for (status, response, at) in codes.chain(default) {
        let (response, _) = resolve(lowerer, response, &at)?;
        let body = response
            .content
            .iter()
            .find(|(m, _)| is_json(m))
            .and_then(|(_, media)| match &media.schema {
                Some(ReferenceOr::Reference { reference }) => {
                    let name = reference.strip_prefix("#/components/schemas/")?;
                    let rust = lowerer.component_names.get(name)?;
                    Some(TypeRef::Named(rust.clone()))
                }
                _ => None,
            });
        errors.push(ErrorResponse {
            status,
            body,
            description: response.description.clone(),
        });
    }
    Ok(errors)
}

pub(super) fn resolve<'d>(
    lowerer: &Lowerer<'d>,
    response: &'d ReferenceOr<Response>,
    at: &Pointer,
) -> Result<(&'d Response, Pointer), Error> {
    let doc = lowerer.doc;
    refs::resolve(
        response,
        "responses",
        |name| doc.components.as_ref()?.responses.get(name),
        at,
    )
}

/// JSON → its model; `text/event-stream` → events; `text/*` → a string; no content →
/// nothing; anything else → bytes.
fn body_kind(
    lowerer: &mut Lowerer<'_>,
    response: &Response,
    hint: &str,
    at: &Pointer,
) -> Result<ResponseKind, Error> {
    if let Some((media_type, media)) = response.content.iter().find(|(m, _)| is_json(m)) {
        return Ok(ResponseKind::Json(match &media.schema {
            Some(schema) => type_of(
                lowerer,
                schema,
                hint,
                &at.push("content").push(media_type).push("schema"),
            )?,
            None => TypeRef::Json,
        }));
    }
    if response.content.is_empty() {
        return Ok(ResponseKind::Empty);
    }
    if let Some(data) = super::events::event_data(lowerer, response, hint, at)? {
        return Ok(ResponseKind::Events(data));
    }
    let text = response.content.iter().any(|(m, media)| {
        essence(m).starts_with("text/")
            && !media
                .schema
                .as_ref()
                .is_some_and(|s| matches!(s, ReferenceOr::Item(s) if super::body::is_binary(s)))
    });
    Ok(if text {
        ResponseKind::Text
    } else {
        ResponseKind::Bytes
    })
}

/// `Ok`, `Created`, `NoContent`, ... for common codes; `Status207` otherwise.
fn variant_name(status: StatusMatch) -> String {
    let known = match status {
        StatusMatch::Code(200) => "Ok",
        StatusMatch::Code(201) => "Created",
        StatusMatch::Code(202) => "Accepted",
        StatusMatch::Code(203) => "NonAuthoritative",
        StatusMatch::Code(204) => "NoContent",
        StatusMatch::Code(205) => "ResetContent",
        StatusMatch::Code(206) => "PartialContent",
        StatusMatch::Range(2) => "Success",
        StatusMatch::Default => "Default",
        StatusMatch::Code(code) => return format!("Status{code}"),
        StatusMatch::Range(range) => return format!("Status{range}xx"),
    };
    known.to_owned()
}
