//! The generated client against misbehaving servers on 127.0.0.1.
//!
//! Each test starts its own server: axum where the HTTP is well-formed but the answer is
//! wrong (bad JSON, odd statuses, odd error bodies), and a raw `TcpListener` with hand-written
//! HTTP/1.1 where byte-level control is needed (truncated bodies, dropped connections,
//! endless or trickling bodies). Every server loop is bounded, every hold is bounded, every
//! client call runs under a guard timeout (a hang fails the test instead of stalling it), and
//! the test's runtime stops every server task when the test ends.
//!
//! Every error is also checked for the things no error may do: show the secret key, or
//! carry an unbounded `Display`/`Debug` text.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::State;
use axum::Router;
use serde_json::{json, Value};
use specforge_runtime::{DecodeError, ServiceError};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use vpc_traffic_mirror::{models, AkSkCredentials, Client, Config, Error, Response};

/// The secret key every client here signs with; it must never show in an error.
const SECRET: &str = "HOSTILE-SECRET-KEY-5f3a9c1e";
/// A call that takes longer than this is a hang (no server here answers later than 10 s).
const GUARD: Duration = Duration::from_secs(10);
/// How long a raw server keeps a connection open without answering, at most.
const HOLD: Duration = Duration::from_secs(8);
/// The most connections a raw server accepts before it stops.
const MAX_CONNECTIONS: usize = 8;
/// The most bytes of a request a raw server reads.
const MAX_REQUEST_BYTES: usize = 64 * 1024;
/// What `Display` and `Debug` of an error may reach, at most.
const MAX_ERROR_TEXT: usize = 2048;
const MIB: usize = 1024 * 1024;
const REQUEST_PATH: &str = "/v3/p/vpc/traffic-mirror-sessions/s/remove-sources";

// ---------------------------------------------------------------------------------------
// Client side
// ---------------------------------------------------------------------------------------

fn config() -> Config {
    Config::default().with_allow_http(true)
}

fn client(addr: SocketAddr, config: Config) -> Client {
    Client::builder()
        .endpoint(format!("http://{addr}"))
        .config(config)
        .credentials(AkSkCredentials::new("ak", SECRET))
        .project_id("p")
        .build()
        .expect("valid client settings")
}

fn body() -> models::RemoveSourcesFromTrafficMirrorSessionRequestBody {
    models::RemoveSourcesFromTrafficMirrorSessionRequestBody {
        traffic_mirror_session: models::TrafficMirrorSourcesOption {
            traffic_mirror_sources: vec!["6134900d-31a6-4b71-8453-dbca7f26982a".into()],
        },
    }
}

type CallResult = Result<Response<models::RemoveSourcesFromTrafficMirrorSessionResponse>, Error>;

/// Calls the operation under the guard timeout: a hang fails the test.
async fn call(client: &Client) -> CallResult {
    tokio::time::timeout(
        GUARD,
        client.remove_sources_from_traffic_mirror_session("s", &body()),
    )
    .await
    .unwrap_or_else(|_| panic!("the client hung for {GUARD:?}"))
}

/// Calls the operation, expects an error, and checks what every error must respect.
async fn call_err(client: &Client) -> Error {
    let error = match call(client).await {
        Ok(response) => panic!("expected an error, got {response:?}"),
        Err(error) => error,
    };
    check_error_text(&error);
    error
}

/// No error shows the secret key, and its texts stay bounded whatever the server sent.
fn check_error_text(error: &Error) {
    for (what, text) in [
        ("Display", error.to_string()),
        ("Debug", format!("{error:?}")),
    ] {
        assert!(
            !text.contains(SECRET),
            "{what} leaks the secret key: {text}"
        );
        assert!(
            text.len() <= MAX_ERROR_TEXT,
            "{what} of the error is {} bytes (at most {MAX_ERROR_TEXT} expected); it starts with {:?}",
            text.len(),
            text.chars().take(200).collect::<String>()
        );
    }
}

fn decode_error(error: Error) -> DecodeError {
    match error {
        Error::Decode(e) => *e,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

fn service_error(error: Error) -> ServiceError {
    match error {
        Error::Service(e) => *e,
        other => panic!("expected a service error, got {other:?}"),
    }
}

/// A session as the service returns it, with `priority` replaced.
fn session_json(priority: Value) -> Value {
    json!({
        "id": "e15a6e40-2580-4949-bf2a-55ee7cd49392",
        "project_id": "p",
        "name": "session-1",
        "description": "",
        "traffic_mirror_filter_id": "f",
        "traffic_mirror_sources": ["0b2a4a4e-0000-4000-8000-000000000002"],
        "traffic_mirror_target_id": "t",
        "traffic_mirror_target_type": "eni",
        "virtual_network_id": 1,
        "packet_length": 96,
        "priority": priority,
        "enabled": true,
        "type": "eni",
        "created_at": "2024-01-01T00:00:00Z",
        "updated_at": "2024-01-01T00:00:00Z"
    })
}

// ---------------------------------------------------------------------------------------
// axum: well-formed HTTP, wrong answers
// ---------------------------------------------------------------------------------------

struct Canned {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    hits: AtomicUsize,
}

/// An axum server that gives every request the same answer.
struct CannedServer {
    addr: SocketAddr,
    canned: Arc<Canned>,
    task: JoinHandle<()>,
}

impl CannedServer {
    async fn start(status: u16, headers: &[(&str, &str)], body: impl Into<Vec<u8>>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let canned = Arc::new(Canned {
            status,
            headers: headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
            body: body.into(),
            hits: AtomicUsize::new(0),
        });
        let app = Router::new()
            .fallback(answer)
            .with_state(Arc::clone(&canned));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        CannedServer { addr, canned, task }
    }

    fn hits(&self) -> usize {
        self.canned.hits.load(Ordering::SeqCst)
    }
}

impl Drop for CannedServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn answer(State(canned): State<Arc<Canned>>) -> axum::response::Response {
    canned.hits.fetch_add(1, Ordering::SeqCst);
    let mut builder = axum::http::Response::builder().status(canned.status);
    for (name, value) in &canned.headers {
        builder = builder.header(name, value);
    }
    builder
        .body(Body::from(canned.body.clone()))
        .expect("canned response")
}

/// One call against a canned answer; returns the error and checks the server saw one request.
async fn canned_error(status: u16, headers: &[(&str, &str)], body: impl Into<Vec<u8>>) -> Error {
    let server = CannedServer::start(status, headers, body).await;
    let error = call_err(&client(server.addr, config())).await;
    assert_eq!(server.hits(), 1, "exactly one request, no retry");
    error
}

// ---------------------------------------------------------------------------------------
// Raw TCP: byte-level misbehaviour
// ---------------------------------------------------------------------------------------

/// A raw HTTP/1.1 server: reads each request in full, records its head, then runs `script`
/// on the socket. Connections are handled one after another, at most `MAX_CONNECTIONS`.
struct RawServer {
    addr: SocketAddr,
    heads: Arc<Mutex<Vec<String>>>,
    task: JoinHandle<()>,
}

impl RawServer {
    async fn start<F, Fut>(script: F) -> Self
    where
        F: Fn(TcpStream) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let heads = Arc::new(Mutex::new(Vec::new()));
        let recorded = Arc::clone(&heads);
        let task = tokio::spawn(async move {
            for _ in 0..MAX_CONNECTIONS {
                let Ok((mut socket, _)) = listener.accept().await else {
                    return;
                };
                if let Some(head) = read_request(&mut socket).await {
                    recorded
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .push(head);
                    script(socket).await;
                }
            }
        });
        RawServer { addr, heads, task }
    }

    fn heads(&self) -> Vec<String> {
        self.heads
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Reads one request (head, then `Content-Length` bytes of body) so that closing the socket
/// afterwards does not reset it with unread data. Returns the head.
async fn read_request(socket: &mut TcpStream) -> Option<String> {
    let read = async {
        let mut buffer = Vec::new();
        let mut chunk = [0u8; 4096];
        let head_end = loop {
            if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            if buffer.len() > MAX_REQUEST_BYTES {
                return None;
            }
            let n = socket.read(&mut chunk).await.ok()?;
            if n == 0 {
                return None;
            }
            buffer.extend_from_slice(&chunk[..n]);
        };
        let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
        let content_length = head
            .lines()
            .filter_map(|line| line.split_once(':'))
            .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
            .and_then(|(_, value)| value.trim().parse::<usize>().ok())
            .unwrap_or(0)
            .min(MAX_REQUEST_BYTES);
        while buffer.len() - head_end < content_length {
            let n = socket.read(&mut chunk).await.ok()?;
            if n == 0 {
                return None;
            }
            buffer.extend_from_slice(&chunk[..n]);
        }
        Some(head)
    };
    tokio::time::timeout(Duration::from_secs(5), read)
        .await
        .ok()
        .flatten()
}

/// Writes `bytes`, ignoring a client that has gone (that is what the tests provoke).
async fn send(socket: &mut TcpStream, bytes: &[u8]) -> bool {
    socket.write_all(bytes).await.is_ok() && socket.flush().await.is_ok()
}

/// Writes `bytes`, then closes the connection.
async fn send_and_close(mut socket: TcpStream, bytes: Vec<u8>) {
    send(&mut socket, &bytes).await;
    let _ = socket.shutdown().await;
}

/// Writes `bytes`, then keeps the connection open, silent, for `HOLD` at most.
async fn send_and_hold(mut socket: TcpStream, bytes: Vec<u8>) {
    send(&mut socket, &bytes).await;
    tokio::time::sleep(HOLD).await;
}

/// A response head: status line, then headers, then the blank line.
fn head(status_line: &str, headers: &[(&str, &str)]) -> Vec<u8> {
    let mut text = format!("HTTP/1.1 {status_line}\r\n");
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    text.into_bytes()
}

fn chunk(data: &[u8]) -> Vec<u8> {
    let mut out = format!("{:x}\r\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\r\n");
    out
}

// =======================================================================================
// 1. 200 with malformed JSON
// =======================================================================================

#[tokio::test]
async fn malformed_json_is_a_decode_error_with_the_start_of_the_body() {
    let mut text = String::from(r#"{"traffic_mirror_session": {"id": "abc", oops"#);
    text.push_str(&"x".repeat(8 * 1024));
    let error = canned_error(
        200,
        &[
            ("Content-Type", "application/json"),
            ("X-Request-Id", "r-1"),
        ],
        text.clone(),
    )
    .await;
    assert_eq!(error.status().map(u16::from), Some(200));
    assert_eq!(error.request_id(), Some("r-1"));
    assert!(!error.is_retryable() && !error.is_timeout());
    let decode = decode_error(error);
    assert_eq!(
        (decode.status.as_u16(), decode.request_id.as_deref()),
        (200, Some("r-1"))
    );
    assert!(
        decode
            .body_snippet
            .starts_with(r#"{"traffic_mirror_session": {"id": "abc", oops"#),
        "{decode:?}"
    );
    // Bounded: 512 bytes of body plus the `…` marker.
    assert!(
        decode.body_snippet.len() <= 512 + '…'.len_utf8(),
        "{}",
        decode.body_snippet.len()
    );
    assert!(decode.body_snippet.ends_with('…'));
    assert!(
        decode.message.contains("line 1 column"),
        "{}",
        decode.message
    );
}

// =======================================================================================
// 2. 200 with well-formed JSON of the wrong types
// =======================================================================================

#[tokio::test]
async fn wrong_types_name_the_json_path() {
    let cases = [
        (
            json!({ "traffic_mirror_session": session_json(json!("six")) }),
            "traffic_mirror_session.priority",
            "six",
        ),
        (
            {
                let mut session = session_json(json!(6));
                session["traffic_mirror_sources"] = json!(["ok", 42]);
                json!({ "traffic_mirror_session": session })
            },
            "traffic_mirror_session.traffic_mirror_sources[1]",
            "42",
        ),
        (
            {
                let mut session = session_json(json!(6));
                session.as_object_mut().expect("object").remove("id");
                json!({ "traffic_mirror_session": session })
            },
            "traffic_mirror_session",
            "missing field `id`",
        ),
        (
            json!({ "traffic_mirror_session": session_json(json!(99_999_999_999_i64)) }),
            "traffic_mirror_session.priority",
            "99999999999",
        ),
    ];
    for (value, path, detail) in cases {
        let error = canned_error(
            200,
            &[
                ("Content-Type", "application/json"),
                ("X-Request-Id", "r-2"),
            ],
            value.to_string(),
        )
        .await;
        assert_eq!(error.request_id(), Some("r-2"));
        let decode = decode_error(error);
        assert_eq!(decode.status, 200);
        assert!(
            decode.message.contains(&format!("`{path}`")),
            "{path}: {}",
            decode.message
        );
        assert!(
            decode.message.contains(detail),
            "{detail}: {}",
            decode.message
        );
    }
}

/// A wrong-typed value can be as large as the body limit; serde's message quotes it whole.
#[tokio::test]
async fn a_huge_wrong_typed_value_gives_a_bounded_message() {
    let value = json!({ "traffic_mirror_session": session_json(json!("9".repeat(100 * 1024))) });
    let server = CannedServer::start(
        200,
        &[
            ("Content-Type", "application/json"),
            ("X-Request-Id", "r-2b"),
        ],
        value.to_string(),
    )
    .await;
    let error = match call(&client(server.addr, config())).await {
        Ok(response) => panic!("expected an error, got {response:?}"),
        Err(error) => error,
    };
    let display = error.to_string();
    let decode = decode_error(error);
    assert!(decode.message.contains("traffic_mirror_session.priority"));
    assert!(
        decode.message.len() <= 1024,
        "DecodeError::message is {} bytes: it quotes the whole offending value",
        decode.message.len()
    );
    assert!(
        display.len() <= MAX_ERROR_TEXT,
        "Display is {} bytes",
        display.len()
    );
}

// =======================================================================================
// 3. 200 with a truncated body
// =======================================================================================

#[tokio::test]
async fn a_truncated_body_is_a_transport_error() {
    let partial = br#"{"traffic_mirror_session": {"id": "abc", "project_id": "p""#.to_vec();
    let scripts: [(&str, Vec<u8>); 2] = [
        ("Content-Length larger than the bytes sent", {
            let mut bytes = head(
                "200 OK",
                &[
                    ("Content-Type", "application/json"),
                    ("X-Request-Id", "r-3"),
                    ("Content-Length", "1000"),
                ],
            );
            bytes.extend_from_slice(&partial);
            bytes
        }),
        ("a chunk that announces more than it holds", {
            let mut bytes = head(
                "200 OK",
                &[
                    ("Content-Type", "application/json"),
                    ("X-Request-Id", "r-3"),
                    ("Transfer-Encoding", "chunked"),
                ],
            );
            bytes.extend_from_slice(format!("{:x}\r\n", 1000).as_bytes());
            bytes.extend_from_slice(&partial);
            bytes
        }),
    ];
    for (what, bytes) in scripts {
        let server = RawServer::start(move |socket| send_and_close(socket, bytes.clone())).await;
        let started = Instant::now();
        let error = call_err(&client(server.addr, config())).await;
        assert!(started.elapsed() < Duration::from_secs(5), "{what}: slow");
        // The runtime reports what happened on the wire: the body could not be read.
        assert!(matches!(error, Error::Transport(_)), "{what}: {error:?}");
        assert!(!error.is_timeout(), "{what}");
        // Transport failures are classed retryable (whether to retry is the retry policy's
        // call, by idempotency); with the default config nothing was resent (one request).
        assert!(error.is_retryable(), "{what}");
        // A transport error carries neither the status nor the request id it had received.
        assert_eq!(
            (error.status().map(u16::from), error.request_id()),
            (None, None),
            "{what}"
        );
        assert_eq!(server.heads().len(), 1, "{what}");
    }
}

// =======================================================================================
// 4. Enormous bodies
// =======================================================================================

#[tokio::test]
async fn an_endless_chunked_body_stops_at_the_limit() {
    const TOTAL: usize = 50 * MIB;
    let written = Arc::new(AtomicUsize::new(0));
    let finished = Arc::new(AtomicBool::new(false));
    let (written_in, finished_in) = (Arc::clone(&written), Arc::clone(&finished));
    let server = RawServer::start(move |mut socket| {
        let (written, finished) = (Arc::clone(&written_in), Arc::clone(&finished_in));
        async move {
            let mut ok = send(
                &mut socket,
                &head(
                    "200 OK",
                    &[
                        ("Content-Type", "application/json"),
                        ("X-Request-Id", "r-4"),
                        ("Transfer-Encoding", "chunked"),
                    ],
                ),
            )
            .await;
            let piece = chunk(&[b' '; 64 * 1024]);
            let mut sent = 0;
            while ok && sent < TOTAL {
                ok = send(&mut socket, &piece).await;
                if ok {
                    sent += 64 * 1024;
                    written.store(sent, Ordering::SeqCst);
                }
            }
            if ok {
                send(&mut socket, b"0\r\n\r\n").await;
            }
            finished.store(true, Ordering::SeqCst);
        }
    })
    .await;
    let started = Instant::now();
    let error = call_err(&client(server.addr, config().with_max_response_bytes(MIB))).await;
    assert!(
        matches!(
            &error,
            Error::ResponseTooLarge { status: specforge_runtime::http::StatusCode::OK, limit, request_id: Some(id) }
                if *limit == MIB && id == "r-4"
        ),
        "{error:?}"
    );
    assert_eq!(
        (error.status().map(u16::from), error.request_id()),
        (Some(200), Some("r-4"))
    );
    assert!(!error.is_retryable());
    assert!(error.to_string().contains("1048576"), "{error}");
    // The client stopped reading and closed: the server's writes fail long before 50 MiB.
    let deadline = Instant::now() + Duration::from_secs(5);
    while !finished.load(Ordering::SeqCst) && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(
        finished.load(Ordering::SeqCst),
        "the server is still writing"
    );
    let written = written.load(Ordering::SeqCst);
    assert!(written < TOTAL, "the client read all {written} bytes");
    assert!(started.elapsed() < Duration::from_secs(8));
}

#[tokio::test]
async fn an_announced_huge_body_is_refused_before_reading() {
    let announced = (50 * MIB).to_string();
    let bytes = head(
        "200 OK",
        &[
            ("Content-Type", "application/json"),
            ("X-Request-Id", "r-4b"),
            ("Content-Length", &announced),
        ],
    );
    // Headers only, then silence: a client that waited for the body would hang until HOLD.
    let server = RawServer::start(move |socket| send_and_hold(socket, bytes.clone())).await;
    let started = Instant::now();
    let error = call_err(&client(server.addr, config().with_max_response_bytes(MIB))).await;
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(
        matches!(
            &error,
            Error::ResponseTooLarge { status: specforge_runtime::http::StatusCode::OK, limit, request_id: Some(id) }
                if *limit == MIB && id == "r-4b"
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn the_limit_is_inclusive_with_and_without_content_length() {
    const LIMIT: usize = 1024;
    for (size, chunked) in [
        (LIMIT, false),
        (LIMIT + 1, false),
        (LIMIT, true),
        (LIMIT + 1, true),
    ] {
        let mut bytes = if chunked {
            head(
                "200 OK",
                &[("X-Request-Id", "r-4c"), ("Transfer-Encoding", "chunked")],
            )
        } else {
            head(
                "200 OK",
                &[
                    ("X-Request-Id", "r-4c"),
                    ("Content-Length", &size.to_string()),
                ],
            )
        };
        let payload = vec![b'z'; size];
        if chunked {
            // Two chunks, so the limit is crossed across chunk boundaries.
            bytes.extend(chunk(&payload[..size / 2]));
            bytes.extend(chunk(&payload[size / 2..]));
            bytes.extend_from_slice(b"0\r\n\r\n");
        } else {
            bytes.extend_from_slice(&payload);
        }
        let server = RawServer::start(move |socket| send_and_close(socket, bytes.clone())).await;
        let error = call_err(&client(
            server.addr,
            config().with_max_response_bytes(LIMIT),
        ))
        .await;
        let what = format!("{size} bytes, chunked: {chunked}");
        if size <= LIMIT {
            // Read in full, then not JSON.
            assert!(matches!(error, Error::Decode(_)), "{what}: {error:?}");
        } else {
            assert!(
                matches!(
                    error,
                    Error::ResponseTooLarge {
                        status: specforge_runtime::http::StatusCode::OK,
                        limit: LIMIT,
                        ..
                    }
                ),
                "{what}: {error:?}"
            );
        }
        assert_eq!(error.request_id(), Some("r-4c"), "{what}");
    }
}

// =======================================================================================
// 5. Slow responses
// =======================================================================================

#[tokio::test]
async fn a_stalled_response_times_out() {
    let json_head = || {
        head(
            "200 OK",
            &[
                ("Content-Type", "application/json"),
                ("X-Request-Id", "r-5"),
                ("Content-Length", "500"),
            ],
        )
    };
    let cases: [(&str, Vec<u8>); 3] = [
        (
            "part of the headers, then silence",
            b"HTTP/1.1 200 OK\r\nX-Request-Id: r-5\r\n".to_vec(),
        ),
        ("all headers, then silence", json_head()),
        ("headers and part of the body, then silence", {
            let mut bytes = json_head();
            bytes.extend_from_slice(br#"{"traffic_mirror_session": {"#);
            bytes
        }),
    ];
    for (what, bytes) in cases {
        let server = RawServer::start(move |socket| send_and_hold(socket, bytes.clone())).await;
        let started = Instant::now();
        let error = call_err(&client(
            server.addr,
            config().with_read_timeout(Duration::from_millis(200)),
        ))
        .await;
        let elapsed = started.elapsed();
        assert!(matches!(error, Error::Timeout(_)), "{what}: {error:?}");
        assert!(error.is_timeout() && error.is_retryable(), "{what}");
        assert!(
            elapsed >= Duration::from_millis(150) && elapsed < Duration::from_secs(4),
            "{what}: {elapsed:?}"
        );
    }
}

/// A body trickling in faster than the read timeout keeps every single read alive; only the
/// overall timeout (`Config::with_timeout`) ends it.
#[tokio::test]
async fn a_trickling_body_is_stopped_by_the_overall_timeout() {
    let server = RawServer::start(|mut socket| async move {
        let mut ok = send(
            &mut socket,
            &head(
                "200 OK",
                &[
                    ("Content-Type", "application/json"),
                    ("X-Request-Id", "r-5b"),
                    ("Content-Length", "100000"),
                ],
            ),
        )
        .await;
        // One byte every 50 ms, bounded: 160 bytes = 8 s.
        for _ in 0..160 {
            if !ok {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
            ok = send(&mut socket, b" ").await;
        }
    })
    .await;
    let started = Instant::now();
    let error = call_err(&client(
        server.addr,
        config()
            .with_read_timeout(Duration::from_millis(200))
            .with_timeout(Duration::from_millis(700)),
    ))
    .await;
    let elapsed = started.elapsed();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert!(error.is_retryable());
    assert!(
        elapsed >= Duration::from_millis(600) && elapsed < Duration::from_secs(4),
        "{elapsed:?}"
    );
}

// =======================================================================================
// 6. Connections dropped mid-response
// =======================================================================================

#[tokio::test]
async fn a_dropped_connection_is_a_transport_error() {
    let cases: [(&str, Vec<u8>); 5] = [
        ("closed without a byte", Vec::new()),
        ("closed inside the status line", b"HTTP/1.1 20".to_vec()),
        (
            "closed after the status line and part of the headers",
            b"HTTP/1.1 200 OK\r\nX-Request-Id: r-6\r\nContent-Ty".to_vec(),
        ),
        ("closed after the headers of a chunked body", {
            head(
                "200 OK",
                &[("X-Request-Id", "r-6"), ("Transfer-Encoding", "chunked")],
            )
        }),
        ("not HTTP at all", b"SSH-2.0-OpenSSH_9.6\r\n\r\n".to_vec()),
    ];
    for (what, bytes) in cases {
        let server = RawServer::start(move |socket| send_and_close(socket, bytes.clone())).await;
        let started = Instant::now();
        let error = call_err(&client(server.addr, config())).await;
        assert!(started.elapsed() < Duration::from_secs(5), "{what}: slow");
        assert!(matches!(error, Error::Transport(_)), "{what}: {error:?}");
        assert!(!error.is_timeout(), "{what}");
        // Classed retryable, like every transport failure; the retry policy (off by default)
        // decides by idempotency whether a call that may have taken effect goes again.
        assert!(error.is_retryable(), "{what}");
        assert_eq!(error.status().map(u16::from), None, "{what}");
        // Exactly one request: nothing was resent on another connection.
        let heads = server.heads();
        assert_eq!(heads.len(), 1, "{what}");
        assert!(
            heads[0].starts_with(&format!("PUT {REQUEST_PATH} HTTP/1.1\r\n")),
            "{what}: {}",
            heads[0]
        );
    }
}

// =======================================================================================
// 7. Redirects are not followed
// =======================================================================================

#[tokio::test]
async fn redirects_to_another_host_are_not_followed() {
    // The redirect target: counts every connection made to it.
    let target = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let target_addr = target.local_addr().expect("address");
    let contacted = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&contacted);
    let target_task = tokio::spawn(async move {
        for _ in 0..MAX_CONNECTIONS {
            if target.accept().await.is_err() {
                return;
            }
            counter.fetch_add(1, Ordering::SeqCst);
        }
    });

    let statuses = [
        "301 Moved Permanently",
        "302 Found",
        "303 See Other",
        "307 Temporary Redirect",
        "308 Permanent Redirect",
    ];
    let location = format!("http://{target_addr}{REQUEST_PATH}");
    for status_line in statuses {
        let bytes = head(
            status_line,
            &[
                ("Location", &location),
                ("X-Request-Id", "r-7"),
                ("Content-Length", "0"),
                ("Connection", "close"),
            ],
        );
        let server = RawServer::start(move |socket| send_and_close(socket, bytes.clone())).await;
        let error = call_err(&client(server.addr, config())).await;
        let status: u16 = status_line[..3].parse().expect("status");
        assert_eq!(error.status().map(u16::from), Some(status), "{error:?}");
        assert_eq!(error.request_id(), Some("r-7"));
        assert!(!error.is_retryable());
        let service = service_error(error);
        assert_eq!(service.status, status);
        assert_eq!((service.error_code, service.error_msg), (None, None));
        assert_eq!(
            server.heads().len(),
            1,
            "{status_line}: sent once, to the endpoint"
        );
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(
        contacted.load(Ordering::SeqCst),
        0,
        "the signed request was sent to the redirect target"
    );
    target_task.abort();
}

// =======================================================================================
// 8. Unexpected status codes
// =======================================================================================

#[tokio::test]
async fn a_teapot_with_a_json_error_body() {
    let text = r#"{"error_code":"X.1","error_msg":"teapot"}"#;
    let error = canned_error(
        418,
        &[
            ("Content-Type", "application/json"),
            ("X-Request-Id", "r-8"),
        ],
        text,
    )
    .await;
    assert!(!error.is_retryable());
    assert_eq!(error.to_string(), "HTTP 418 X.1: teapot (request id r-8)");
    let service = service_error(error);
    assert_eq!(service.status, 418);
    assert_eq!(service.error_code.as_deref(), Some("X.1"));
    assert_eq!(service.error_msg.as_deref(), Some("teapot"));
    assert_eq!(service.request_id.as_deref(), Some("r-8"));
    assert_eq!(&service.body[..], text.as_bytes());
}

#[tokio::test]
async fn a_huge_html_error_page_is_kept_but_shown_bounded() {
    let mut html = String::from("<html><head><title>503 Service Unavailable</title></head><body>");
    while html.len() < 100 * 1024 {
        html.push_str("<p>upstream connect error or disconnect/reset before headers</p>");
    }
    html.push_str("</body></html>");
    let error = canned_error(
        503,
        &[("Content-Type", "text/html"), ("X-Request-Id", "r-8b")],
        html.clone(),
    )
    .await;
    assert!(error.is_retryable());
    assert_eq!(error.request_id(), Some("r-8b"));
    let display = error.to_string();
    assert!(display.len() < 1024, "Display is {} bytes", display.len());
    assert!(display.starts_with("HTTP 503: <html><head>"), "{display}");
    assert!(display.ends_with("… (request id r-8b)"), "{display}");
    assert!(format!("{error:?}").len() < 1024 + 256);
    let service = service_error(error);
    assert_eq!(service.status, 503);
    assert_eq!((service.error_code, service.error_msg), (None, None));
    assert_eq!(&service.body[..], html.as_bytes(), "the whole body is kept");
}

#[tokio::test]
async fn throttling_and_server_errors_are_retryable_client_errors_are_not() {
    for (status, retryable) in [
        (400, false),
        (403, false),
        (409, false),
        (429, true),
        (500, true),
        (502, true),
        (504, true),
    ] {
        let error = canned_error(status, &[("X-Request-Id", "r-8c")], "").await;
        assert_eq!(error.status().map(u16::from), Some(status));
        assert_eq!(error.is_retryable(), retryable, "{status}");
        assert!(!error.is_timeout());
        assert_eq!(
            error.to_string(),
            format!("HTTP {status} (request id r-8c)")
        );
        let service = service_error(error);
        assert!(service.body.is_empty());
    }
}

/// The service's error code, message and request id are as untrusted as its body: whatever
/// their size, `Display` and `Debug` must stay bounded (the raw body is still kept whole).
#[tokio::test]
async fn a_huge_error_message_code_or_request_id_is_shown_bounded() {
    let huge = "m".repeat(100 * 1024);
    let bodies = [
        (
            "error_msg",
            json!({ "error_code": "VPC.9", "error_msg": huge }),
        ),
        (
            "error_code",
            json!({ "error_code": huge, "error_msg": "short" }),
        ),
        (
            "request_id",
            json!({ "error_code": "VPC.9", "error_msg": "short", "request_id": huge }),
        ),
    ];
    for (field, value) in bodies {
        let text = value.to_string();
        let server =
            CannedServer::start(400, &[("Content-Type", "application/json")], text.clone()).await;
        let error = match call(&client(server.addr, config())).await {
            Ok(response) => panic!("expected an error, got {response:?}"),
            Err(error) => error,
        };
        let display = error.to_string();
        let debug = format!("{error:?}");
        let service = service_error(error);
        assert_eq!(service.status, 400, "{field}");
        assert_eq!(
            &service.body[..],
            text.as_bytes(),
            "{field}: the raw body is kept whole"
        );
        let start: String = display.chars().take(80).collect();
        assert!(display.starts_with("HTTP 400 "), "{field}: {start}");
        assert!(
            display.len() < 1024,
            "{field}: Display is {} bytes",
            display.len()
        );
        assert!(
            debug.len() < 2048,
            "{field}: Debug is {} bytes",
            debug.len()
        );
    }
}

// =======================================================================================
// 9. Unexpected content type
// =======================================================================================

#[tokio::test]
async fn an_html_success_page_is_a_decode_error() {
    let html = "<html><body>Welcome to nginx!</body></html>";
    let error = canned_error(
        200,
        &[
            ("Content-Type", "text/html; charset=utf-8"),
            ("X-Request-Id", "r-9"),
        ],
        html,
    )
    .await;
    assert_eq!(error.request_id(), Some("r-9"));
    let decode = decode_error(error);
    assert_eq!(decode.status, 200);
    assert_eq!(decode.body_snippet, html);
    // Named by its Content-Type, not by what the JSON parser tripped on.
    assert_eq!(
        decode.message,
        "the response's Content-Type is \"text/html\", not one this operation decodes (application/json)"
    );
}

// =======================================================================================
// 10. Nested error codes
// =======================================================================================

#[tokio::test]
async fn a_nested_neutron_error_gives_its_code() {
    let text = r#"{"NeutronError":{"message":"m","type":"T","code":"VPC.1"}}"#;
    let error = canned_error(
        409,
        &[
            ("Content-Type", "application/json"),
            ("X-Request-Id", "r-10"),
        ],
        text,
    )
    .await;
    assert!(!error.is_retryable());
    assert_eq!(error.to_string(), "HTTP 409 VPC.1: m (request id r-10)");
    let service = service_error(error);
    assert_eq!(service.status, 409);
    assert_eq!(service.error_code.as_deref(), Some("VPC.1"));
    assert_eq!(service.error_msg.as_deref(), Some("m"));
    assert_eq!(service.request_id.as_deref(), Some("r-10"));
}

// =======================================================================================
// 11. Request id from the body
// =======================================================================================

#[tokio::test]
async fn the_request_id_comes_from_the_body_without_the_header() {
    let text = r#"{"error_code":"VPC.0003","error_msg":"gone","request_id":"r-body"}"#;
    let error = canned_error(404, &[("Content-Type", "application/json")], text).await;
    assert_eq!(error.request_id(), Some("r-body"));
    assert_eq!(
        error.to_string(),
        "HTTP 404 VPC.0003: gone (request id r-body)"
    );

    // The header wins when both are present.
    let error = canned_error(
        404,
        &[
            ("Content-Type", "application/json"),
            ("X-Request-Id", "r-header"),
        ],
        text,
    )
    .await;
    assert_eq!(error.request_id(), Some("r-header"));

    // A success body's request id is used the same way.
    let success = json!({ "traffic_mirror_session": session_json(json!(6)), "request_id": "r-ok" });
    let server = CannedServer::start(
        200,
        &[("Content-Type", "application/json")],
        success.to_string(),
    )
    .await;
    let response = call(&client(server.addr, config()))
        .await
        .expect("a valid success body");
    assert_eq!(response.request_id(), Some("r-ok"));
    assert_eq!(response.traffic_mirror_session.priority, 6);
}

// =======================================================================================
// 12. 204 No Content where JSON is expected
// =======================================================================================

#[tokio::test]
async fn no_content_is_a_decode_error() {
    let error = canned_error(204, &[("X-Request-Id", "r-12")], "").await;
    assert_eq!(error.status().map(u16::from), Some(204));
    assert_eq!(error.request_id(), Some("r-12"));
    assert!(!error.is_retryable());
    let decode = decode_error(error);
    assert_eq!(decode.status, 204);
    assert_eq!(decode.body_snippet, "");
    assert!(decode.message.contains("EOF"), "{}", decode.message);
}
