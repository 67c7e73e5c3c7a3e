//! `text/event-stream` responses: server-sent events, typed by the schema the spec gives them
//! (the type of each event's `data`), alone or beside a JSON response (OpenAI's
//! `stream: true`, which gets a `…_stream` method).

use openapiv3::{Response, StatusCode};

use super::body::essence;
use super::schema::type_of;
use super::Lowerer;
use crate::error::{Error, Pointer};
use crate::model::{ResponseKind, StreamVariant, TypeRef};

const EVENT_STREAM: &str = "text/event-stream";

/// `Some(data)` when the response documents `text/event-stream`: the type of each event's
/// `data` (`None` for no schema or a plain string: the events are handed over as they are).
pub(super) fn event_data(
    lowerer: &mut Lowerer<'_>,
    response: &Response,
    hint: &str,
    at: &Pointer,
) -> Result<Option<Option<TypeRef>>, Error> {
    let Some((media_type, media)) = response
        .content
        .iter()
        .find(|(m, _)| essence(m) == EVENT_STREAM)
    else {
        return Ok(None);
    };
    let Some(schema) = &media.schema else {
        return Ok(Some(None));
    };
    let at = at.push("content").push(media_type).push("schema");
    Ok(Some(match type_of(lowerer, schema, hint, &at)? {
        TypeRef::String => None,
        data => Some(data),
    }))
}

/// The `…_stream` method of an operation whose main method decodes JSON, when a success
/// response also documents `text/event-stream`. Its name is given by the caller, which owns
/// the method names.
pub(super) fn stream_variant(
    lowerer: &mut Lowerer<'_>,
    responses: &openapiv3::Responses,
    main: &ResponseKind,
    type_hint: &str,
    at: &Pointer,
) -> Result<Option<StreamVariant>, Error> {
    if matches!(main, ResponseKind::Events(_)) {
        return Ok(None);
    }
    for (code, response) in &responses.responses {
        let success = match code {
            StatusCode::Code(code) => (200..300).contains(code),
            StatusCode::Range(range) => *range == 2,
        };
        if !success {
            continue;
        }
        let at = at.push(code.to_string());
        let (response, at) = super::responses::resolve(lowerer, response, &at)?;
        let hint = format!("{type_hint}StreamEvent");
        if let Some(data) = event_data(lowerer, response, &hint, &at)? {
            return Ok(Some(StreamVariant {
                rust_name: String::new(),
                response: ResponseKind::Events(data),
            }));
        }
    }
    Ok(None)
}
