//! The runtime against misbehaving servers on 127.0.0.1: what a generated operation gets
//! back (through the same `HttpClient::send_json` it calls) when the answer is wrong.
//!
//! Every server is `test_support`'s scriptable one: a canned answer where the HTTP is
//! well-formed but the answer is wrong (bad JSON, odd statuses, odd error bodies), or a script
//! of raw writes, pauses and a close where byte-level control is needed (truncated bodies,
//! dropped connections, endless or trickling bodies). Every hold and script is bounded, every
//! call runs under a guard timeout (a hang fails the test instead of stalling it), and the
//! test's runtime stops every server task when the test ends.
//!
//! The request is the VPC's `RemoveSourcesFromTrafficMirrorSession`, signed with AK/SK, and
//! the typed answer a hand-written model of its response. Every error is also checked for the
//! things no error may do: show the secret key, or carry an unbounded `Display`/`Debug` text.

use test_support as support;

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use specforge_runtime::codegen::{ClientBuilder, HttpClient, Method, Request};
use specforge_runtime::http::StatusCode;
use specforge_runtime::{AkSkCredentials, Config, DecodeError, Error, Response, ServiceError};
use support::{Server, Step};

/// The secret key every client here signs with; it must never show in an error.
const SECRET: &str = "HOSTILE-SECRET-KEY-5f3a9c1e";
/// A call that takes longer than this is a hang (no server here answers later than 10 s).
const GUARD: Duration = Duration::from_secs(10);
/// How long a raw server keeps a connection open without answering, at most.
const HOLD: Duration = Duration::from_secs(8);
/// What `Display` and `Debug` of an error may reach, at most.
const MAX_ERROR_TEXT: usize = 2048;
const MIB: usize = 1024 * 1024;
const REQUEST_PATH: &str = "/v3/p/vpc/traffic-mirror-sessions/s/remove-sources";

// ---------------------------------------------------------------------------------------
// Client side: what the generated operation sends and decodes into
// ---------------------------------------------------------------------------------------

#[derive(Debug, Serialize)]
struct RemoveSources {
    traffic_mirror_session: SourcesOption,
}

#[derive(Debug, Serialize)]
struct SourcesOption {
    traffic_mirror_sources: Vec<String>,
}

/// The operation's success body, with the session fields the cases touch.
#[derive(Debug, Deserialize)]
struct Removed {
    traffic_mirror_session: Session,
    #[serde(default)]
    #[allow(dead_code)]
    request_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Session {
    id: String,
    project_id: String,
    name: String,
    traffic_mirror_sources: Vec<String>,
    virtual_network_id: i32,
    packet_length: i32,
    priority: i32,
    enabled: bool,
}

fn config() -> Config {
    Config::default().with_allow_http(true)
}

fn client(server: &Server, config: Config) -> HttpClient {
    ClientBuilder::new("")
        .endpoint(&server.url)
        .config(config)
        .credentials(AkSkCredentials::new("ak", SECRET))
        .require_signing()
        .build()
        .expect("valid client settings")
}

fn body() -> RemoveSources {
    RemoveSources {
        traffic_mirror_session: SourcesOption {
            traffic_mirror_sources: vec!["6134900d-31a6-4b71-8453-dbca7f26982a".into()],
        },
    }
}

type CallResult = Result<Response<Removed>, Error>;

/// Sends the operation's request under the guard timeout: a hang fails the test.
async fn call(client: &HttpClient) -> CallResult {
    let request = Request::new(Method::PUT, REQUEST_PATH.to_owned())
        .operation("RemoveSourcesFromTrafficMirrorSession")
        .accept(&["application/json"])
        .idempotent(false)
        .json(&body())
        .expect("a JSON body");
    tokio::time::timeout(GUARD, client.send_json(request))
        .await
        .unwrap_or_else(|_| panic!("the client hung for {GUARD:?}"))
}

/// Calls the operation, expects an error, and checks what every error must respect.
async fn call_err(client: &HttpClient) -> Error {
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
// Servers
// ---------------------------------------------------------------------------------------

/// A server that gives every request the same well-formed answer.
async fn canned(status: u16, headers: &[(&str, &str)], body: impl Into<Vec<u8>>) -> Server {
    let headers: Vec<(String, String)> = headers
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
    let body = body.into();
    Server::start(move |_, _| {
        let headers: Vec<(&str, &str)> = headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        vec![Step::Write(support::response(status, &headers, &body))]
    })
    .await
}

/// One call against a canned answer; returns the error and checks the server saw one request.
async fn canned_error(status: u16, headers: &[(&str, &str)], body: impl Into<Vec<u8>>) -> Error {
    let server = canned(status, headers, body).await;
    let error = call_err(&client(&server, config())).await;
    assert_eq!(server.requests().len(), 1, "exactly one request, no retry");
    error
}

/// A server that writes `bytes` to every request, then closes the connection.
async fn send_and_close(bytes: Vec<u8>) -> Server {
    Server::start(move |_, _| vec![Step::Write(bytes.clone()), Step::Close]).await
}

/// A server that writes `bytes`, then keeps the connection open, silent, for `HOLD` at most.
async fn send_and_hold(bytes: Vec<u8>) -> Server {
    Server::start(move |_, _| vec![Step::Write(bytes.clone()), Step::Sleep(HOLD)]).await
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
    let server = canned(
        200,
        &[
            ("Content-Type", "application/json"),
            ("X-Request-Id", "r-2b"),
        ],
        value.to_string(),
    )
    .await;
    let error = match call(&client(&server, config())).await {
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
        let server = send_and_close(bytes).await;
        let started = Instant::now();
        let error = call_err(&client(&server, config())).await;
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
        assert_eq!(server.requests().len(), 1, "{what}");
    }
}

// =======================================================================================
// 4. Enormous bodies
// =======================================================================================

#[tokio::test]
async fn an_endless_chunked_body_stops_at_the_limit() {
    const TOTAL: usize = 50 * MIB;
    // One script per connection, written piece by piece: the server stops at the first
    // write that fails (the client has gone).
    let server = Server::start(|_, _| {
        vec![
            Step::Write(head(
                "200 OK",
                &[
                    ("Content-Type", "application/json"),
                    ("X-Request-Id", "r-4"),
                    ("Transfer-Encoding", "chunked"),
                ],
            )),
            Step::Repeat(chunk(&[b' '; 64 * 1024]), TOTAL / (64 * 1024)),
            Step::Write(b"0\r\n\r\n".to_vec()),
        ]
    })
    .await;
    let started = Instant::now();
    let error = call_err(&client(&server, config().with_max_response_bytes(MIB))).await;
    assert!(
        matches!(
            &error,
            Error::ResponseTooLarge { status: StatusCode::OK, limit, request_id: Some(id) }
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
    while server.ended_connections() == 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(server.ended_connections(), 1, "the server is still writing");
    let written = server.bytes_written();
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
    let server = send_and_hold(bytes).await;
    let started = Instant::now();
    let error = call_err(&client(&server, config().with_max_response_bytes(MIB))).await;
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(
        matches!(
            &error,
            Error::ResponseTooLarge { status: StatusCode::OK, limit, request_id: Some(id) }
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
        let server = send_and_close(bytes).await;
        let error = call_err(&client(&server, config().with_max_response_bytes(LIMIT))).await;
        let what = format!("{size} bytes, chunked: {chunked}");
        if size <= LIMIT {
            // Read in full, then not JSON.
            assert!(matches!(error, Error::Decode(_)), "{what}: {error:?}");
        } else {
            assert!(
                matches!(
                    error,
                    Error::ResponseTooLarge {
                        status: StatusCode::OK,
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
        let server = send_and_hold(bytes).await;
        let started = Instant::now();
        let error = call_err(&client(
            &server,
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
    let server = Server::start(|_, _| {
        let mut steps = vec![Step::Write(head(
            "200 OK",
            &[
                ("Content-Type", "application/json"),
                ("X-Request-Id", "r-5b"),
                ("Content-Length", "100000"),
            ],
        ))];
        // One byte every 50 ms, bounded: 160 bytes = 8 s.
        for _ in 0..160 {
            steps.push(Step::Sleep(Duration::from_millis(50)));
            steps.push(Step::Write(b" ".to_vec()));
        }
        steps
    })
    .await;
    let started = Instant::now();
    let error = call_err(&client(
        &server,
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
        let server = send_and_close(bytes).await;
        let started = Instant::now();
        let error = call_err(&client(&server, config())).await;
        assert!(started.elapsed() < Duration::from_secs(5), "{what}: slow");
        assert!(matches!(error, Error::Transport(_)), "{what}: {error:?}");
        assert!(!error.is_timeout(), "{what}");
        // Classed retryable, like every transport failure; the retry policy (off by default)
        // decides by idempotency whether a call that may have taken effect goes again.
        assert!(error.is_retryable(), "{what}");
        assert_eq!(error.status().map(u16::from), None, "{what}");
        // Exactly one request: nothing was resent on another connection.
        let requests = server.requests();
        assert_eq!(requests.len(), 1, "{what}");
        assert_eq!(
            (requests[0].method.as_str(), requests[0].uri.as_str()),
            ("PUT", REQUEST_PATH),
            "{what}"
        );
    }
}

// =======================================================================================
// 7. Redirects are not followed
// =======================================================================================

#[tokio::test]
async fn redirects_to_another_host_are_not_followed() {
    // The redirect target: counts every connection made to it.
    let target = Server::start(|_, _| vec![Step::Close]).await;
    let target_addr = target.authority().to_owned();

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
        let server = send_and_close(bytes).await;
        let error = call_err(&client(&server, config())).await;
        let status: u16 = status_line[..3].parse().expect("status");
        assert_eq!(error.status().map(u16::from), Some(status), "{error:?}");
        assert_eq!(error.request_id(), Some("r-7"));
        assert!(!error.is_retryable());
        let service = service_error(error);
        assert_eq!(service.status, status);
        assert_eq!((service.error_code, service.error_msg), (None, None));
        assert_eq!(
            server.requests().len(),
            1,
            "{status_line}: sent once, to the endpoint"
        );
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(
        target.connections(),
        0,
        "the signed request was sent to the redirect target"
    );
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
        let server = canned(400, &[("Content-Type", "application/json")], text.clone()).await;
        let error = match call(&client(&server, config())).await {
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
    let server = canned(
        200,
        &[("Content-Type", "application/json")],
        success.to_string(),
    )
    .await;
    let response = call(&client(&server, config()))
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
