//! Refusals, each with its status and the vendor error body shape it uses.
//!
//! Three shapes exist (ref §2 "Error body shape"): the API gateway's and VPC v3's
//! `{"error_msg", "error_code", "request_id"}`, and the legacy VPC `{"code", "message"}`
//! used for the tenant mismatch. The SDKs accept all three (ref §5 "Errors").

use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::Response;
use serde_json::json;

use crate::reply::json_response;

/// Error code of every request validation failure (ref §2, VPC error-code page: 400 VPC.0002).
pub(crate) const VALIDATION_CODE: &str = "VPC.0002";

/// Error code of an unknown resource (ref §2, VPC error-code page: 404 VPC.0003).
pub(crate) const NOT_FOUND_CODE: &str = "VPC.0003";

/// Error code of a refused delete of a filter still used by a session. The vendor's code
/// is not documented (ref §6); this one is this server's own, chosen to be recognisable.
pub(crate) const IN_USE_CODE: &str = "VPC.0409";

/// Why a request was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ApiError {
    /// API gateway authentication failure: 401 `APIGW.0301`.
    Auth(String),
    /// No API at this path: 404 `APIGW.0101`.
    NoSuchApi,
    /// The path exists, but not for this method: 405, with `Allow`.
    MethodNotAllowed(&'static [Method]),
    /// `X-Project-Id` disagrees with the path or the account: legacy 400 `VPC.0007`.
    ProjectMismatch,
    /// Body over the size limit: 413 `APIGW.0201` (the gateway's "Request entity too large").
    PayloadTooLarge,
    /// Request validation failure: 400 `VPC.0002`, the message naming the field.
    BadRequest(String),
    /// A resource named in the path or body does not exist: 404 `VPC.0003`.
    NotFound { kind: &'static str, id: String },
    /// The resource is still referenced: 409 (see [`IN_USE_CODE`]).
    InUse(String),
    /// A fault injected by a test: this status with a vendor-shaped body.
    Injected(u16),
}

impl ApiError {
    /// A validation failure; `field` is the dotted path, e.g. `traffic_mirror_session.name`.
    pub(crate) fn invalid(field: &str, problem: impl std::fmt::Display) -> Self {
        ApiError::BadRequest(format!("Invalid parameter {field}: {problem}"))
    }

    /// An unknown resource of the given kind, e.g. "Traffic mirror session".
    pub(crate) fn not_found(kind: &'static str, id: &str) -> Self {
        ApiError::NotFound {
            kind,
            id: id.to_owned(),
        }
    }

    /// Builds the vendor-shaped error response, tagged with `request_id`.
    pub(crate) fn into_response(self, request_id: &str) -> Response {
        match self {
            ApiError::MethodNotAllowed(allowed) => method_not_allowed(allowed, request_id),
            ApiError::ProjectMismatch => legacy_project_mismatch(request_id),
            ApiError::Injected(status) => injected(status, request_id),
            other => {
                let (status, code, message) = other.parts();
                gateway_shaped(status, code, &message, request_id)
            }
        }
    }

    /// Status, error code and message of the errors that use the common shape.
    fn parts(self) -> (StatusCode, &'static str, String) {
        match self {
            ApiError::Auth(detail) => (
                StatusCode::UNAUTHORIZED,
                "APIGW.0301",
                format!("Incorrect IAM authentication information: {detail}"),
            ),
            ApiError::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "APIGW.0201",
                "Request entity too large".into(),
            ),
            ApiError::BadRequest(message) => (StatusCode::BAD_REQUEST, VALIDATION_CODE, message),
            ApiError::NotFound { kind, id } => (
                StatusCode::NOT_FOUND,
                NOT_FOUND_CODE,
                format!("{kind} {id} could not be found."),
            ),
            ApiError::InUse(message) => (StatusCode::CONFLICT, IN_USE_CODE, message),
            // NoSuchApi, and the variants handled before `parts` is called.
            _ => (
                StatusCode::NOT_FOUND,
                "APIGW.0101",
                "The API does not exist or has not been published in the environment".into(),
            ),
        }
    }
}

/// `{"error_msg", "error_code", "request_id"}`: the gateway's and VPC v3's error shape.
fn gateway_shaped(status: StatusCode, code: &str, message: &str, request_id: &str) -> Response {
    let body = json!({"error_msg": message, "error_code": code, "request_id": request_id});
    json_response(status, body, request_id)
}

/// 405 naming the methods the path does accept, in the body and in `Allow`.
fn method_not_allowed(allowed: &[Method], request_id: &str) -> Response {
    let list = allowed
        .iter()
        .map(Method::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    let message = format!("The API does not exist: this path accepts only {list}");
    let mut response = gateway_shaped(
        StatusCode::METHOD_NOT_ALLOWED,
        "APIGW.0101",
        &message,
        request_id,
    );
    if let Ok(value) = HeaderValue::from_str(&list) {
        response.headers_mut().insert(header::ALLOW, value);
    }
    response
}

/// The legacy VPC body for a tenant mismatch (ref §2: 400 VPC.0007 "urlTenantId is not
/// equal tokenTenantId"). `request_id` is added, as on every non-204 body of this server;
/// the SDKs read only `code` and `message` from this shape.
fn legacy_project_mismatch(request_id: &str) -> Response {
    let body = json!({
        "code": "VPC.0007",
        "message": "urlTenantId is not equal tokenTenantId",
        "request_id": request_id,
    });
    json_response(StatusCode::BAD_REQUEST, body, request_id)
}

/// An injected fault. Codes follow the gateway's table where it has one (429 throttling
/// `APIGW.0308`, 502 `APIGW.0202`, 504 `APIGW.0203`); other statuses use `VPC.<status>`,
/// e.g. `VPC.0503`, which is this server's own invention. A status that HTTP cannot carry
/// (outside 100–999) becomes 500.
fn injected(status: u16, request_id: &str) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let (code, message) = match status.as_u16() {
        429 => (
            "APIGW.0308".to_owned(),
            "The throttling threshold has been reached".to_owned(),
        ),
        502 => ("APIGW.0202".to_owned(), "Backend unavailable".to_owned()),
        504 => ("APIGW.0203".to_owned(), "Backend timeout".to_owned()),
        other => (
            format!("VPC.{other:04}"),
            format!("Injected fault: HTTP {other}"),
        ),
    };
    let mut response = gateway_shaped(status, &code, &message, request_id);
    if status == StatusCode::TOO_MANY_REQUESTS {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("0"));
    }
    response
}
