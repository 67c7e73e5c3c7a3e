//! Successful answers, and the headers every response carries.

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::Value;

/// What an operation answers when it succeeds. The request id is added on the way out,
/// so handlers stay free of transport concerns.
#[derive(Debug)]
pub(crate) enum Reply {
    /// 200 with this JSON object (show, update, list, add/remove sources).
    Ok(Value),
    /// 201 with this JSON object: every create (ref §2 "Status codes").
    Created(Value),
    /// 204 with an empty body: every delete (ref §2 "Status codes").
    NoContent,
}

impl Reply {
    /// Builds the HTTP response, adding `request_id` to the body as the vendor does for
    /// every non-delete response (ref §1 "Every non-delete response is {…, request_id}").
    pub(crate) fn into_response(self, request_id: &str) -> Response {
        match self {
            Reply::Ok(body) => json_response(
                StatusCode::OK,
                with_request_id(body, request_id),
                request_id,
            ),
            Reply::Created(body) => json_response(
                StatusCode::CREATED,
                with_request_id(body, request_id),
                request_id,
            ),
            Reply::NoContent => empty_response(StatusCode::NO_CONTENT, request_id),
        }
    }
}

/// Adds `"request_id"` to a JSON object body.
fn with_request_id(mut body: Value, request_id: &str) -> Value {
    if let Some(object) = body.as_object_mut() {
        object.insert("request_id".into(), Value::String(request_id.to_owned()));
    }
    body
}

/// Serialises `body` with the headers every response of this server carries.
pub(crate) fn json_response(status: StatusCode, body: Value, request_id: &str) -> Response {
    let mut response = empty_response(status, request_id);
    *response.body_mut() = Body::from(body.to_string());
    response
}

/// A response without a body, still tagged with `Content-Type` and `X-Request-Id`: the
/// vendor SDKs read an error's request id from that header, never from the body
/// (ref §5 "Request ID").
pub(crate) fn empty_response(status: StatusCode, request_id: &str) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    // Request ids are generated here as UUIDs, so they are always valid header values.
    if let Ok(value) = HeaderValue::from_str(request_id) {
        headers.insert("x-request-id", value);
    }
    response
}
