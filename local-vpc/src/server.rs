//! The HTTP server: one handler that records the request, applies injected faults, runs
//! the gateway's checks in order, and dispatches to the resource modules.
//!
//! Check order: body size (413), path (404 `APIGW.0101`), method (405), signature (401
//! `APIGW.0301`), project (400 `VPC.0007`), content type and body (400), then the
//! operation's own rules (400/404/409). The gateway has to find the API before it can
//! know how that API authenticates, so an unknown path is a 404 even when unsigned (an
//! inference from the gateway's error table, ref §2 and the APIG error codes).

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use axum::Router;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::connection::{Connection, KillSwitch, TrackingListener};
use crate::errors::ApiError;
use crate::query::Query;
use crate::reply::{empty_response, Reply};
use crate::routes::{match_route, Operation, Resource};
use crate::signing::{self, Credentials};
use crate::store::{new_id, Store};
use crate::{filters, rules, sessions, Fault, Options, RecordedRequest};

/// Bodies larger than this are refused with 413 instead of buffered; real requests are
/// tiny (the gateway's own limit is 12 MB, ref §2 "Calling APIs").
const MAX_BODY_BYTES: usize = 1024 * 1024;

/// A running local VPC service on `127.0.0.1` (or the address given). Dropping it stops
/// the server and closes its open connections.
pub struct LocalVpc {
    addr: SocketAddr,
    app: App,
    server: JoinHandle<()>,
}

/// What the handler shares with the [`LocalVpc`] handle.
#[derive(Clone)]
struct App {
    shared: Arc<Mutex<Shared>>,
    options: Arc<Options>,
}

/// Everything the server remembers between requests.
struct Shared {
    store: Store,
    requests: Vec<RecordedRequest>,
    faults: VecDeque<Fault>,
    last_request_id: Option<String>,
    /// TCP connections accepted so far.
    connections: usize,
    /// Switches of connections that may still be open, to close them on drop.
    live: Vec<Weak<KillSwitch>>,
}

impl LocalVpc {
    /// Starts a server on `127.0.0.1` with a free port chosen by the OS.
    pub async fn start(options: Options) -> std::io::Result<LocalVpc> {
        Self::start_on(SocketAddr::from(([127, 0, 0, 1], 0)), options).await
    }

    /// Starts a server on `addr`, on the current tokio runtime.
    pub async fn start_on(addr: SocketAddr, options: Options) -> std::io::Result<LocalVpc> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let app = App::new(options);
        let listener = TrackingListener::new(listener, app.on_accept());
        let router = Router::new()
            .fallback(handle)
            .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
            .with_state(app.clone());
        let service = router.into_make_service_with_connect_info::<Connection>();
        let server = tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, service).await {
                eprintln!("local-vpc: server stopped: {error}");
            }
        });
        Ok(LocalVpc { addr, app, server })
    }

    /// Base URL to configure a client with, e.g. `http://127.0.0.1:40123`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request received so far, in arrival order, including refused ones.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.app.lock().requests.clone()
    }

    /// How many TCP connections the server has accepted (a client that reuses its
    /// connections keeps this low).
    pub fn connections(&self) -> usize {
        self.app.lock().connections
    }

    /// The request id (`X-Request-Id`) of the most recent response sent. A dropped
    /// connection sends no response, so it leaves this unchanged.
    pub fn last_request_id(&self) -> Option<String> {
        self.app.lock().last_request_id.clone()
    }

    /// Queues faults; each of the next requests takes the first one left, in order,
    /// before normal handling. Requests beyond the queue are handled normally.
    pub fn inject_faults(&self, faults: Vec<Fault>) {
        self.app.lock().faults.extend(faults);
    }

    /// A snapshot of every resource: `{"sessions": [..], "filters": [..], "rules": [..]}`,
    /// each in creation order and in the shape the API returns.
    pub fn state(&self) -> Value {
        self.app.lock().store.snapshot()
    }

    /// Stores a session exactly as given, bypassing validation and relations (to set up
    /// states the API would not produce). It replaces a session with the same `id`; a
    /// session without a string `id` gets a new one.
    ///
    /// # Panics
    ///
    /// If `session` is not a JSON object: that is a mistake in the calling test.
    pub fn seed_session(&self, session: Value) {
        let Value::Object(mut session) = session else {
            panic!("LocalVpc::seed_session needs a JSON object, got {session}");
        };
        if !session.get("id").is_some_and(Value::is_string) {
            session.insert("id".into(), Value::from(new_id()));
        }
        self.app.lock().store.sessions.upsert(session);
    }
}

impl Drop for LocalVpc {
    /// Stops accepting and closes every open connection, so a test's server does not
    /// outlive it.
    fn drop(&mut self) {
        self.server.abort();
        let live = std::mem::take(&mut self.app.lock().live);
        for switch in live.iter().filter_map(Weak::upgrade) {
            switch.kill();
        }
    }
}

impl App {
    fn new(options: Options) -> Self {
        let shared = Shared {
            store: Store::new(options.project_id.clone(), options.max_sources_per_session),
            requests: Vec::new(),
            faults: VecDeque::new(),
            last_request_id: None,
            connections: 0,
            live: Vec::new(),
        };
        App {
            shared: Arc::new(Mutex::new(shared)),
            options: Arc::new(options),
        }
    }

    /// Locks the shared state. A panic elsewhere while holding the lock must not turn
    /// every later call into a confusing poison panic, so poisoning is ignored.
    fn lock(&self) -> MutexGuard<'_, Shared> {
        self.shared.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Counts each accepted connection and keeps a handle to close it on drop.
    fn on_accept(&self) -> crate::connection::OnAccept {
        let app = self.clone();
        Box::new(move |switch| {
            let mut shared = app.lock();
            shared.connections += 1;
            shared.live.retain(|weak| weak.strong_count() > 0);
            shared.live.push(Arc::downgrade(switch));
        })
    }

    /// Records the request and takes the next injected fault, if any.
    fn admit(&self, parts: &Parts, body: &[u8]) -> Option<Fault> {
        let mut shared = self.lock();
        shared.requests.push(record(parts, body));
        shared.faults.pop_front()
    }

    /// Runs the checks and the operation.
    fn process(&self, parts: &Parts, body: &[u8]) -> Result<Reply, ApiError> {
        let route = match_route(parts.uri.path()).ok_or(ApiError::NoSuchApi)?;
        let project_id = route.project_id.clone();
        let operation = route.operation(&parts.method)?;
        if self.options.check_signatures {
            let credentials = Credentials {
                ak: &self.options.ak,
                sk: &self.options.sk,
            };
            signing::verify(parts, body, &credentials)?;
        }
        check_project(&parts.headers, &project_id, &self.options.project_id)?;
        if operation.takes_body() {
            check_content_type(&parts.headers)?;
        }
        let query = Query::parse(parts.uri.query());
        dispatch(&mut self.lock().store, operation, &query, body)
    }
}

/// The single entry point for every method and path.
async fn handle(
    State(app): State<App>,
    ConnectInfo(connection): ConnectInfo<Connection>,
    parts: Parts,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let bytes = body.as_ref().map(|b| b.as_ref()).unwrap_or_default();
    let request_id = new_id();
    let response = match app.admit(&parts, bytes) {
        Some(Fault::DropConnection) => {
            connection.switch.kill();
            // Never delivered: the write fails on the killed stream and hyper closes it.
            return empty_response(StatusCode::SERVICE_UNAVAILABLE, &request_id);
        }
        Some(Fault::Status(status)) => ApiError::Injected(status).into_response(&request_id),
        Some(Fault::Delay(delay)) => {
            tokio::time::sleep(delay).await;
            respond(&app, &parts, &body, &request_id)
        }
        None => respond(&app, &parts, &body, &request_id),
    };
    app.lock().last_request_id = Some(request_id);
    response
}

/// Normal handling: a body that could not be read is refused before anything else.
fn respond(
    app: &App,
    parts: &Parts,
    body: &Result<Bytes, BytesRejection>,
    request_id: &str,
) -> Response {
    let outcome = match body {
        Ok(bytes) => app.process(parts, bytes),
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            Err(ApiError::PayloadTooLarge)
        }
        Err(rejection) => Err(ApiError::BadRequest(format!(
            "Invalid request body: could not be read ({rejection})"
        ))),
    };
    match outcome {
        Ok(reply) => reply.into_response(request_id),
        Err(error) => error.into_response(request_id),
    }
}

/// Calls the resource module that implements `operation`.
fn dispatch(
    store: &mut Store,
    operation: Operation,
    query: &Query,
    body: &[u8],
) -> Result<Reply, ApiError> {
    use Resource::{Filters, Rules, Sessions};
    match operation {
        Operation::List(Sessions) => sessions::list(store, query),
        Operation::List(Filters) => filters::list(store, query),
        Operation::List(Rules) => rules::list(store, query),
        Operation::Create(Sessions) => sessions::create(store, body),
        Operation::Create(Filters) => filters::create(store, body),
        Operation::Create(Rules) => rules::create(store, body),
        Operation::Show(Sessions, id) => sessions::show(store, &id),
        Operation::Show(Filters, id) => filters::show(store, &id),
        Operation::Show(Rules, id) => rules::show(store, &id),
        Operation::Update(Sessions, id) => sessions::update(store, &id, body),
        Operation::Update(Filters, id) => filters::update(store, &id, body),
        Operation::Update(Rules, id) => rules::update(store, &id, body),
        Operation::Delete(Sessions, id) => sessions::delete(store, &id),
        Operation::Delete(Filters, id) => filters::delete(store, &id),
        Operation::Delete(Rules, id) => rules::delete(store, &id),
        Operation::AddSources(id) => sessions::add_sources(store, &id, body),
        Operation::RemoveSources(id) => sessions::remove_sources(store, &id, body),
    }
}

/// The project in `X-Project-Id` must be the one in the path and the account's own
/// (ref §5 "Project ID": it is in both places); the vendor reports any disagreement with
/// its legacy tenant-mismatch error.
fn check_project(
    headers: &HeaderMap,
    path_project: &str,
    account_project: &str,
) -> Result<(), ApiError> {
    let header_project = headers
        .get("x-project-id")
        .and_then(|value| value.to_str().ok());
    match header_project {
        Some(project) if project == path_project && project == account_project => Ok(()),
        _ => Err(ApiError::ProjectMismatch),
    }
}

/// Operations with a body take JSON only (ref §1: every operation sends
/// `Content-Type: application/json`).
fn check_content_type(headers: &HeaderMap) -> Result<(), ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
    match content_type {
        Some(ct) if ct.starts_with("application/json") => Ok(()),
        Some(ct) => Err(ApiError::BadRequest(format!(
            "Invalid request: Content-Type must be application/json, got {ct:?}"
        ))),
        None => Err(ApiError::BadRequest(
            "Invalid request: Content-Type header is required".into(),
        )),
    }
}

/// Copies what arrived on the wire, so tests can assert on a client's exact output.
fn record(parts: &Parts, body: &[u8]) -> RecordedRequest {
    RecordedRequest {
        method: parts.method.as_str().to_owned(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts
            .headers
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body: body.to_vec(),
    }
}
