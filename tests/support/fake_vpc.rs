//! A fake of Huawei Cloud's VPC v3 service for exactly one operation:
//! `PUT /v3/{project_id}/vpc/traffic-mirror-sessions/{traffic_mirror_session_id}/remove-sources`.
//!
//! It is a real HTTP server on `127.0.0.1`, so the generated client is exercised over
//! the wire: URL encoding, headers, body bytes and signing all happen as they would
//! against the vendor.
//!
//! The AK/SK signature check here is written independently of the client's signer,
//! from the algorithm description (`SDK-HMAC-SHA256`), so that a bug in the client's
//! signer cannot be mirrored by the test and go unnoticed. Nothing in this file may be
//! shared with, or copied from, the client runtime.
//!
//! Error bodies follow the vendor's shapes: the API gateway's
//! `{"error_msg", "error_code", "request_id"}` for gateway and validation errors, and
//! the legacy VPC `{"code", "message"}` for the project mismatch. Every response carries
//! an `X-Request-Id` header, because the vendor SDKs read the request id of an error
//! from that header rather than from the body.
//!
//! Assumptions where the vendor documentation is silent (keep in sync with the tests):
//! - removing a source that is not associated with the session is a 400 `VPC.0002`;
//! - an empty `traffic_mirror_sources` array is a 400 `VPC.0002`;
//! - a signed header that appears more than once in the request fails authentication;
//! - `SignedHeaders` names must be lower-case (both official SDKs lower-case them).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use axum::serve::ListenerExt;
use axum::Router;
use hmac::{Hmac, Mac};
use percent_encoding::{percent_decode_str, percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// Characters the vendor's signer leaves unescaped: `A-Z a-z 0-9 - _ . ~`.
/// Everything else is percent-encoded with upper-case hex.
const SIGNING_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The only signing algorithm the gateway accepts.
const ALGORITHM: &str = "SDK-HMAC-SHA256";

/// How far `X-Sdk-Date` may be from the server clock, in seconds (15 minutes).
const MAX_CLOCK_SKEW_SECS: i64 = 15 * 60;

/// Bodies larger than this are refused instead of buffered; real requests are tiny.
const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Message the API gateway uses when the recomputed signature does not match.
const SIGNATURE_MISMATCH: &str = "verify aksk signature fail";

/// Second traffic mirror source seeded on the example session, so a test can remove
/// one source and still see another remain.
const SECOND_SOURCE_ID: &str = "0b2a4a4e-0000-4000-8000-000000000002";

/// First (and the seed page's own) traffic mirror source of the example session.
const FIRST_SOURCE_ID: &str = "6134900d-31a6-4b71-8453-dbca7f26982a";

/// A running fake VPC service. Dropping it stops the server task.
pub struct FakeVpc {
    addr: SocketAddr,
    shared: SharedState,
    server: JoinHandle<()>,
}

/// One request exactly as the server received it, before any validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// Method as received, e.g. `PUT`.
    pub method: String,
    /// Raw path exactly as received on the wire (still percent-encoded).
    pub path: String,
    /// Raw query string as received, without the `?`.
    pub query: Option<String>,
    /// Lower-cased header names with their values as received. Values that are not
    /// valid UTF-8 are recorded lossily. Repeated headers appear once per value
    /// (grouped by name, as the HTTP stack stores them).
    pub headers: Vec<(String, String)>,
    /// Body bytes as received.
    pub body: Vec<u8>,
}

/// State shared between the server task and the test's `FakeVpc` handle.
type SharedState = Arc<Mutex<Shared>>;

/// Everything the fake remembers between requests.
#[derive(Default)]
struct Shared {
    requests: Vec<RecordedRequest>,
    sessions: HashMap<String, Value>,
    last_request_id: Option<String>,
    request_counter: u64,
    /// TCP connections accepted by the server so far.
    connections: usize,
}

impl FakeVpc {
    pub const AK: &'static str = "HPUAEXAMPLEAK0000001";
    pub const SK: &'static str = "exampleSecretKey0000000000000000000000000";
    pub const PROJECT_ID: &'static str = "7365fcd452924e398ec4cc1fe39c0d12";
    pub const SESSION_ID: &'static str = "e15a6e40-2580-4949-bf2a-55ee7cd49392";

    /// Binds 127.0.0.1:0, spawns the server on the current tokio runtime, and seeds the
    /// seed page's example session with two traffic mirror sources.
    ///
    /// Panics only if the loopback socket cannot be bound, which is an environment
    /// failure, not something a client under test can cause.
    pub async fn start() -> FakeVpc {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("fake VPC: bind 127.0.0.1:0");
        let addr = listener
            .local_addr()
            .expect("fake VPC: local address of bound listener");

        let mut state = Shared::default();
        state
            .sessions
            .insert(Self::SESSION_ID.to_owned(), seed_session());
        let shared: SharedState = Arc::new(Mutex::new(state));

        let app = Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&shared));
        let counter = Arc::clone(&shared);
        let listener = listener.tap_io(move |_| lock(&counter).connections += 1);
        let server = tokio::spawn(async move {
            if let Err(err) = axum::serve(listener, app).await {
                eprintln!("fake VPC server stopped: {err}");
            }
        });

        FakeVpc {
            addr,
            shared,
            server,
        }
    }

    /// Base URL to configure the client with, e.g. `http://127.0.0.1:40123`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request received so far, in arrival order, including rejected ones.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared).requests.clone()
    }

    /// The session as currently stored, in the vendor's JSON shape.
    pub fn session(&self, id: &str) -> Option<Value> {
        lock(&self.shared).sessions.get(id).cloned()
    }

    /// The request id (`X-Request-Id`) of the most recent response sent.
    pub fn last_request_id(&self) -> Option<String> {
        lock(&self.shared).last_request_id.clone()
    }

    /// Stores a copy of the seed session under `id`, associated with exactly `sources`
    /// (replacing any session already stored under that id).
    pub fn insert_session(&self, id: &str, sources: &[&str]) {
        let mut session = seed_session();
        session["id"] = json!(id);
        session["traffic_mirror_sources"] = json!(sources);
        lock(&self.shared).sessions.insert(id.to_owned(), session);
    }

    /// How many TCP connections the server has accepted so far (a client that reuses its
    /// connections keeps this low).
    pub fn connections(&self) -> usize {
        lock(&self.shared).connections
    }
}

impl Drop for FakeVpc {
    /// Stops the server so that tests do not leak listening sockets.
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Locks the shared state. A panic elsewhere while holding the lock must not turn
/// every later assertion into a confusing poison panic, so poisoning is ignored.
fn lock(shared: &SharedState) -> MutexGuard<'_, Shared> {
    shared.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The seed page's example session, but with two associated sources so that
/// removing one is observable.
fn seed_session() -> Value {
    json!({
        "name": "test-session",
        "created_at": "2023-02-23T06:57:39.000+00:00",
        "updated_at": "2023-02-23T06:57:39.000+00:00",
        "id": FakeVpc::SESSION_ID,
        "project_id": FakeVpc::PROJECT_ID,
        "description": "",
        "traffic_mirror_filter_id": "b765ba87-c0b4-4f1a-9ec3-d5b1d1ddb137",
        "traffic_mirror_sources": [FIRST_SOURCE_ID, SECOND_SOURCE_ID],
        "traffic_mirror_target_id": "",
        "traffic_mirror_target_type": "",
        "virtual_network_id": 1,
        "packet_length": 96,
        "priority": 6,
        "enabled": true,
        "type": "eni"
    })
}

// ---------------------------------------------------------------------------
// Request handling
// ---------------------------------------------------------------------------

/// Why a request was refused. Each variant knows its status code and which of the
/// vendor's error body shapes it uses.
#[derive(Debug)]
enum Reject {
    /// API gateway authentication failure: 401 `APIGW.0301`.
    Auth(String),
    /// No API at this path: 404 `APIGW.0101`.
    NoSuchApi,
    /// The path exists but not for this method: 405.
    MethodNotAllowed(String),
    /// `X-Project-Id` disagrees with the path or the account: legacy VPC 400.
    ProjectMismatch,
    /// Request validation failure: 400 `VPC.0002`.
    BadRequest(String),
    /// The session id is unknown: 404 `VPC.0003`.
    SessionNotFound(String),
}

impl Reject {
    /// Builds the vendor-shaped error response, tagged with `request_id`.
    fn into_response(self, request_id: &str) -> Response {
        let gateway = |status: StatusCode, code: &str, msg: String| {
            let body = json!({"error_msg": msg, "error_code": code, "request_id": request_id});
            json_response(status, &body, request_id)
        };
        match self {
            Reject::Auth(detail) => gateway(
                StatusCode::UNAUTHORIZED,
                "APIGW.0301",
                format!("Incorrect IAM authentication information: {detail}"),
            ),
            Reject::NoSuchApi => gateway(
                StatusCode::NOT_FOUND,
                "APIGW.0101",
                "The API does not exist or has not been published in the environment".into(),
            ),
            Reject::MethodNotAllowed(method) => {
                let mut response = gateway(
                    StatusCode::METHOD_NOT_ALLOWED,
                    "APIGW.0101",
                    format!("Method {method} is not allowed for this API; use PUT"),
                );
                response
                    .headers_mut()
                    .insert(header::ALLOW, HeaderValue::from_static("PUT"));
                response
            }
            Reject::ProjectMismatch => {
                // The legacy VPC shape carries no request id in the body.
                let body = json!({
                    "code": "VPC.0007",
                    "message": "urlTenantId is not equal tokenTenantId"
                });
                json_response(StatusCode::BAD_REQUEST, &body, request_id)
            }
            Reject::BadRequest(msg) => gateway(StatusCode::BAD_REQUEST, "VPC.0002", msg),
            Reject::SessionNotFound(id) => gateway(
                StatusCode::NOT_FOUND,
                "VPC.0003",
                format!("Traffic mirror session {id} could not be found."),
            ),
        }
    }
}

/// Serialises `body` with the headers every vendor response carries.
fn json_response(status: StatusCode, body: &Value, request_id: &str) -> Response {
    let mut response = Response::new(Body::from(body.to_string()));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    // The id is generated here from hex digits and '-', so it is always a valid value.
    if let Ok(value) = HeaderValue::from_str(request_id) {
        headers.insert("x-request-id", value);
    }
    response
}

/// The single entry point: records the request, runs the checks in the vendor's
/// order, and answers with either the updated session or a vendor-shaped error.
async fn handle(State(shared): State<SharedState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = to_bytes(body, MAX_BODY_BYTES).await;
    let body_bytes = body.as_ref().map(|b| b.to_vec()).unwrap_or_default();

    let request_id = {
        let mut state = lock(&shared);
        state.requests.push(record(&parts, &body_bytes));
        state.request_counter += 1;
        format_request_id(state.request_counter)
    };

    let outcome = match body {
        Ok(_) => process(&shared, &parts, &body_bytes),
        Err(err) => Err(Reject::BadRequest(format!(
            "Invalid request body: could not be read ({err})"
        ))),
    };
    let response = match outcome {
        Ok(session) => {
            let body = json!({"traffic_mirror_session": session, "request_id": request_id});
            json_response(StatusCode::OK, &body, &request_id)
        }
        Err(reject) => reject.into_response(&request_id),
    };

    lock(&shared).last_request_id = Some(request_id);
    response
}

/// Copies what arrived on the wire, so tests can assert on the client's exact output.
fn record(parts: &Parts, body: &[u8]) -> RecordedRequest {
    RecordedRequest {
        method: parts.method.as_str().to_owned(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts
            .headers
            .iter()
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                (name.as_str().to_owned(), value)
            })
            .collect(),
        body: body.to_vec(),
    }
}

/// A uuid-shaped, per-server unique request id, like the vendor's.
fn format_request_id(counter: u64) -> String {
    format!("00000000-0000-4000-8000-{counter:012x}")
}

/// Runs every check in the documented order and, if all pass, performs the removal.
/// Returns the updated session.
fn process(shared: &SharedState, parts: &Parts, body: &[u8]) -> Result<Value, Reject> {
    verify_signature(parts, body)?;
    let route = match_route(parts.uri.path()).ok_or(Reject::NoSuchApi)?;
    if parts.method != Method::PUT {
        return Err(Reject::MethodNotAllowed(parts.method.to_string()));
    }
    check_project(&parts.headers, &route.project_id)?;
    check_content_type(&parts.headers)?;
    let sources = parse_body(body)?;
    remove_sources(shared, &route.session_id, &sources)
}

/// Path parameters of the one operation, percent-decoded.
struct Route {
    project_id: String,
    session_id: String,
}

/// Matches the raw (still encoded) path against the operation's template. Splitting
/// before decoding is what lets a session id containing `%2F` stay one segment.
fn match_route(raw_path: &str) -> Option<Route> {
    let segments: Vec<&str> = raw_path.split('/').collect();
    match segments.as_slice() {
        ["", "v3", project, "vpc", "traffic-mirror-sessions", session, "remove-sources"]
            if !project.is_empty() && !session.is_empty() =>
        {
            Some(Route {
                project_id: decode_segment(project),
                session_id: decode_segment(session),
            })
        }
        _ => None,
    }
}

/// Percent-decodes one path segment. Invalid UTF-8 is decoded lossily: such an id can
/// never match a stored one, which yields the same not-found answer as the vendor.
fn decode_segment(segment: &str) -> String {
    percent_decode_str(segment).decode_utf8_lossy().into_owned()
}

/// The project in `X-Project-Id` must be the one in the path and the account's own;
/// the vendor reports any disagreement with its legacy tenant-mismatch error.
fn check_project(headers: &HeaderMap, path_project: &str) -> Result<(), Reject> {
    let header_project = headers
        .get("x-project-id")
        .and_then(|value| value.to_str().ok());
    match header_project {
        Some(project) if project == path_project && project == FakeVpc::PROJECT_ID => Ok(()),
        _ => Err(Reject::ProjectMismatch),
    }
}

/// The operation only accepts JSON bodies.
fn check_content_type(headers: &HeaderMap) -> Result<(), Reject> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
    match content_type {
        Some(ct) if ct.starts_with("application/json") => Ok(()),
        Some(ct) => Err(Reject::BadRequest(format!(
            "Invalid request: Content-Type must be application/json, got {ct:?}"
        ))),
        None => Err(Reject::BadRequest(
            "Invalid request: Content-Type header is required".into(),
        )),
    }
}

/// Validates `{"traffic_mirror_session": {"traffic_mirror_sources": [string, ...]}}`
/// and returns the source ids. Each failure names the offending field, so a test
/// failure points straight at the client's serialiser.
fn parse_body(body: &[u8]) -> Result<Vec<String>, Reject> {
    let invalid = |what: String| Reject::BadRequest(format!("Invalid request body: {what}"));

    let value: Value =
        serde_json::from_slice(body).map_err(|err| invalid(format!("not valid JSON ({err})")))?;
    let root = value
        .as_object()
        .ok_or_else(|| invalid("must be a JSON object".into()))?;
    let session = root
        .get("traffic_mirror_session")
        .ok_or_else(|| invalid("traffic_mirror_session is required".into()))?
        .as_object()
        .ok_or_else(|| invalid("traffic_mirror_session must be an object".into()))?;
    let sources = session
        .get("traffic_mirror_sources")
        .ok_or_else(|| invalid("traffic_mirror_session.traffic_mirror_sources is required".into()))?
        .as_array()
        .ok_or_else(|| {
            invalid("traffic_mirror_session.traffic_mirror_sources must be an array".into())
        })?;
    if sources.is_empty() {
        return Err(invalid(
            "traffic_mirror_session.traffic_mirror_sources must not be empty".into(),
        ));
    }
    sources
        .iter()
        .enumerate()
        .map(|(index, source)| {
            source.as_str().map(str::to_owned).ok_or_else(|| {
                invalid(format!(
                    "traffic_mirror_session.traffic_mirror_sources[{index}] must be a string"
                ))
            })
        })
        .collect()
}

/// Removes `sources` from the stored session, all or nothing, and stamps `updated_at`.
fn remove_sources(
    shared: &SharedState,
    session_id: &str,
    sources: &[String],
) -> Result<Value, Reject> {
    let mut state = lock(shared);
    let session = state
        .sessions
        .get_mut(session_id)
        .ok_or_else(|| Reject::SessionNotFound(session_id.to_owned()))?;

    let current: Vec<String> = session
        .get("traffic_mirror_sources")
        .and_then(Value::as_array)
        .map(|ids| {
            ids.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    if let Some(missing) = sources.iter().find(|id| !current.contains(id)) {
        return Err(Reject::BadRequest(format!(
            "Traffic mirror source {missing} is not associated with traffic mirror session {session_id}."
        )));
    }

    let remaining: Vec<String> = current
        .into_iter()
        .filter(|id| !sources.contains(id))
        .collect();
    session["traffic_mirror_sources"] = json!(remaining);
    session["updated_at"] = json!(format_vendor_timestamp(unix_now()));
    Ok(session.clone())
}

// ---------------------------------------------------------------------------
// Signature verification (SDK-HMAC-SHA256), independent of the client's signer
// ---------------------------------------------------------------------------

/// The parts of an `Authorization: SDK-HMAC-SHA256 Access=.., SignedHeaders=.., Signature=..`
/// header.
struct Authorization {
    access: String,
    signed_headers: Vec<String>,
    signature: Vec<u8>,
}

/// Checks the request's AK/SK signature the way the API gateway does: parse the
/// header, check the key and the clock, rebuild the canonical request from the bytes
/// received, and compare HMACs in constant time.
fn verify_signature(parts: &Parts, body: &[u8]) -> Result<(), Reject> {
    let auth_value = single_header(&parts.headers, "authorization")?
        .ok_or_else(|| Reject::Auth("Authorization header not found".into()))?;
    let auth_text = std::str::from_utf8(auth_value)
        .map_err(|_| Reject::Auth("Authorization header is not valid UTF-8".into()))?;
    let auth = parse_authorization(auth_text)?;

    if auth.access != FakeVpc::AK {
        return Err(Reject::Auth(format!(
            "access key {} does not exist",
            auth.access
        )));
    }
    if !auth.signed_headers.iter().any(|name| name == "x-sdk-date") {
        return Err(Reject::Auth("x-sdk-date is not a signed header".into()));
    }

    let sdk_date = single_header(&parts.headers, "x-sdk-date")?
        .and_then(|value| std::str::from_utf8(value).ok())
        .ok_or_else(|| Reject::Auth("X-Sdk-Date header not found or not text".into()))?;
    check_sdk_date(sdk_date, unix_now())?;

    let canonical = canonical_request(parts, body, &auth.signed_headers)?;
    let to_sign = string_to_sign(sdk_date, &canonical);

    let mut mac = Hmac::<Sha256>::new_from_slice(FakeVpc::SK.as_bytes())
        .map_err(|_| Reject::Auth(SIGNATURE_MISMATCH.into()))?;
    mac.update(to_sign.as_bytes());
    mac.verify_slice(&auth.signature).map_err(|_| {
        // Shown only when a test fails: lets the author diff against the client's view.
        eprintln!(
            "fake VPC: signature mismatch.\n--- canonical request ---\n{}\n--- string to sign ---\n{}\n---",
            String::from_utf8_lossy(&canonical),
            to_sign
        );
        Reject::Auth(SIGNATURE_MISMATCH.into())
    })
}

/// Returns the only value of header `name`, if present. A header sent twice is
/// ambiguous to sign, so it fails authentication rather than picking one.
fn single_header<'a>(headers: &'a HeaderMap, name: &str) -> Result<Option<&'a [u8]>, Reject> {
    let mut values = headers.get_all(name).iter();
    let first = values.next();
    if values.next().is_some() {
        return Err(Reject::Auth(format!("header {name} is repeated")));
    }
    Ok(first.map(HeaderValue::as_bytes))
}

/// Parses `SDK-HMAC-SHA256 Access=<ak>, SignedHeaders=<a;b>, Signature=<hex>`.
/// Whitespace around the comma-separated fields is tolerated; each field must appear
/// exactly once.
fn parse_authorization(value: &str) -> Result<Authorization, Reject> {
    let malformed = || Reject::Auth("Authorization header is malformed".into());
    let fields = value
        .strip_prefix(ALGORITHM)
        .and_then(|rest| rest.strip_prefix(' '))
        .ok_or_else(|| Reject::Auth(format!("signing algorithm must be {ALGORITHM}")))?;

    let mut access = None;
    let mut signed_headers = None;
    let mut signature = None;
    for field in fields.split(',') {
        let (key, val) = field.trim().split_once('=').ok_or_else(malformed)?;
        let slot = match key {
            "Access" => &mut access,
            "SignedHeaders" => &mut signed_headers,
            "Signature" => &mut signature,
            _ => return Err(malformed()),
        };
        if slot.replace(val).is_some() {
            return Err(malformed());
        }
    }

    let access = access.ok_or_else(malformed)?;
    let signed_headers = parse_signed_headers(signed_headers.ok_or_else(malformed)?)?;
    let signature = hex::decode(signature.ok_or_else(malformed)?)
        .map_err(|_| Reject::Auth("Signature is not hex".into()))?;
    Ok(Authorization {
        access: access.to_owned(),
        signed_headers,
        signature,
    })
}

/// Splits `a;b;c`. Names must be non-empty and lower-case, as both official SDKs send
/// them; order is kept as given because the canonical headers follow it.
fn parse_signed_headers(list: &str) -> Result<Vec<String>, Reject> {
    list.split(';')
        .map(|name| {
            if name.is_empty() || name.bytes().any(|b| b.is_ascii_uppercase()) {
                Err(Reject::Auth(format!(
                    "SignedHeaders entry {name:?} must be a non-empty lower-case header name"
                )))
            } else {
                Ok(name.to_owned())
            }
        })
        .collect()
}

/// `X-Sdk-Date` must be `YYYYMMDDTHHMMSSZ` and within 15 minutes of the server clock,
/// which is what stops a captured request from being replayed later.
fn check_sdk_date(value: &str, now: i64) -> Result<(), Reject> {
    let signed_at = parse_sdk_date(value).ok_or_else(|| {
        Reject::Auth(format!(
            "X-Sdk-Date {value:?} is not in YYYYMMDDTHHMMSSZ format"
        ))
    })?;
    if (now - signed_at).abs() > MAX_CLOCK_SKEW_SECS {
        return Err(Reject::Auth(format!(
            "X-Sdk-Date {value} is more than 15 minutes from the server time"
        )));
    }
    Ok(())
}

/// Parses `YYYYMMDDTHHMMSSZ` into Unix seconds, rejecting impossible dates.
fn parse_sdk_date(value: &str) -> Option<i64> {
    let bytes = value.as_bytes();
    if bytes.len() != 16 || bytes[8] != b'T' || bytes[15] != b'Z' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let digits = &bytes[range];
        if !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(
            digits
                .iter()
                .fold(0, |acc, digit| acc * 10 + i64::from(digit - b'0')),
        )
    };
    let (year, month, day) = (number(0..4)?, number(4..6)?, number(6..8)?);
    let (hour, minute, second) = (number(9..11)?, number(11..13)?, number(13..15)?);
    let valid = (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && hour < 24
        && minute < 60
        && second < 60;
    valid.then(|| days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second)
}

/// Builds the canonical request as bytes, from exactly what was received:
/// `METHOD\nURI\nQUERY\nHEADERS\nSIGNEDHEADERS\nPAYLOADHASH`.
/// Bytes rather than a `String` so that header values which are not UTF-8 are still
/// hashed faithfully instead of causing a panic.
fn canonical_request(parts: &Parts, body: &[u8], signed: &[String]) -> Result<Vec<u8>, Reject> {
    let mut out = Vec::new();
    out.extend_from_slice(parts.method.as_str().as_bytes());
    out.push(b'\n');
    out.extend_from_slice(canonical_uri(parts.uri.path()).as_bytes());
    out.push(b'\n');
    out.extend_from_slice(canonical_query(parts.uri.query().unwrap_or("")).as_bytes());
    out.push(b'\n');
    for name in signed {
        let value = single_header(&parts.headers, name)?
            .ok_or_else(|| Reject::Auth(format!("signed header {name} is missing")))?;
        out.extend_from_slice(name.as_bytes());
        out.push(b':');
        out.extend_from_slice(value.trim_ascii());
        out.push(b'\n');
    }
    out.push(b'\n');
    out.extend_from_slice(signed.join(";").as_bytes());
    out.push(b'\n');
    match single_header(&parts.headers, "x-sdk-content-sha256")? {
        Some(declared) => out.extend_from_slice(declared),
        None => out.extend_from_slice(hex::encode(Sha256::digest(body)).as_bytes()),
    }
    Ok(out)
}

/// Decodes the whole raw path, splits on `/`, re-encodes each segment with the
/// signing set and ensures a trailing `/`. Decoding first means `%2F` inside an id
/// is signed as a literal `/`, exactly as the vendor's signer does.
fn canonical_uri(raw_path: &str) -> String {
    let decoded: Vec<u8> = percent_decode_str(raw_path).collect();
    let mut uri = decoded
        .split(|&byte| byte == b'/')
        .map(|segment| percent_encode(segment, SIGNING_UNRESERVED).to_string())
        .collect::<Vec<_>>()
        .join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// Decodes each `key=value` pair of the raw query (a `+` stays a `+`: clients must
/// send `%2B`), sorts by key then value, re-encodes with the signing set and joins
/// with `&`. A pair without `=` has an empty value.
fn canonical_query(raw_query: &str) -> String {
    let mut pairs: Vec<(Vec<u8>, Vec<u8>)> = raw_query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (
                percent_decode_str(key).collect(),
                percent_decode_str(value).collect(),
            )
        })
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(key, value)| {
            format!(
                "{}={}",
                percent_encode(key, SIGNING_UNRESERVED),
                percent_encode(value, SIGNING_UNRESERVED)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// `SDK-HMAC-SHA256\n<X-Sdk-Date>\n<hex(sha256(canonical request))>`.
fn string_to_sign(sdk_date: &str, canonical: &[u8]) -> String {
    format!(
        "{ALGORITHM}\n{sdk_date}\n{}",
        hex::encode(Sha256::digest(canonical))
    )
}

// ---------------------------------------------------------------------------
// Time, without a date crate
// ---------------------------------------------------------------------------

/// Seconds since the Unix epoch; a clock before 1970 is treated as the epoch.
fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Formats Unix seconds the way the seed example does: `2023-02-23T06:57:39.000+00:00`.
fn format_vendor_timestamp(unix: i64) -> String {
    let (year, month, day) = civil_from_days(unix.div_euclid(86_400));
    let secs = unix.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.000+00:00",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Inverse of [`days_from_civil`]: `(year, month, day)` for days since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Number of days in `month` of `year`, for rejecting dates like `20230230`.
fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}
