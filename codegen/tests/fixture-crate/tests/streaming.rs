//! Streamed responses and uploads of a generated client (fixture `streaming.yaml`) over real
//! sockets on 127.0.0.1: downloads and uploads larger than the 16 MiB buffered-body cap,
//! server-sent events typed by their schema, an endless event stream bounded by a deadline
//! and by a count, and a JSON operation's `…_stream` twin.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body as AxumBody;
use axum::http::{Request, Response, StatusCode};
use fixture_crate::streaming::models::{ChatRequest, WatchTicksParams};
use fixture_crate::streaming::{Body, Client, Config, Error};
use futures_util::StreamExt as _;
use specforge_runtime::bytes::Bytes;
use specforge_runtime::RetryPolicy;

const CAP: usize = 16 * 1024 * 1024;
const MIB: usize = 1 << 20;

/// What the server saw: requests per path, and the size of the last upload.
#[derive(Default)]
struct Seen {
    busy_attempts: AtomicUsize,
    last_upload: AtomicUsize,
    last_accept: std::sync::Mutex<String>,
}

fn pattern(offset: usize, n: usize) -> Bytes {
    (offset..offset + n).map(|i| (i % 251) as u8).collect()
}

fn answer(status: u16, content_type: &str, body: AxumBody) -> Response<AxumBody> {
    Response::builder()
        .status(status)
        .header("content-type", content_type)
        .body(body)
        .unwrap_or_default()
}

fn stream_of(chunks: Vec<Bytes>) -> AxumBody {
    AxumBody::from_stream(futures_util::stream::iter(
        chunks.into_iter().map(Ok::<_, std::io::Error>),
    ))
}

/// `total` bytes of [`pattern`], 1 MiB a chunk.
fn big_download(total: usize) -> AxumBody {
    AxumBody::from_stream(futures_util::stream::iter((0..total).step_by(MIB).map(
        move |offset| Ok::<_, std::io::Error>(pattern(offset, (total - offset).min(MIB))),
    )))
}

/// Server-sent events with a pause between them, one flushed chunk each.
fn events(texts: Vec<String>, pause: Duration) -> AxumBody {
    let stream = futures_util::stream::iter(texts).then(move |text| async move {
        tokio::time::sleep(pause).await;
        Ok::<_, std::io::Error>(Bytes::from(text))
    });
    AxumBody::from_stream(stream)
}

/// Reads an upload chunk by chunk (never whole), returning its size.
async fn upload_size(body: AxumBody) -> usize {
    let mut data = body.into_data_stream();
    let mut size = 0;
    while let Some(Ok(chunk)) = data.next().await {
        size += chunk.len();
    }
    size
}

async fn handle(seen: Arc<Seen>, request: Request<AxumBody>) -> Response<AxumBody> {
    let (parts, body) = request.into_parts();
    let accept = parts
        .headers
        .get("accept")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    *seen.last_accept.lock().unwrap_or_else(|e| e.into_inner()) = accept.clone();
    let query = parts.uri.query().unwrap_or_default().to_owned();
    match (parts.method.as_str(), parts.uri.path()) {
        ("GET", "/files/big") => answer(
            200,
            "application/octet-stream",
            big_download(CAP + 3 * MIB + 11),
        ),
        ("GET", "/files/missing") => answer(
            404,
            "application/json",
            AxumBody::from(r#"{"code":"NotFound","message":"no such\nfile"}"#),
        ),
        ("PUT", "/files/busy") => {
            seen.busy_attempts.fetch_add(1, Ordering::SeqCst);
            upload_size(body).await;
            answer(503, "text/plain", AxumBody::from("busy"))
        }
        ("PUT", _) => {
            let size = upload_size(body).await;
            seen.last_upload.store(size, Ordering::SeqCst);
            answer(
                200,
                "application/json",
                AxumBody::from(format!(r#"{{"size":{size}}}"#)),
            )
        }
        ("POST", "/anything") => {
            let size = upload_size(body).await;
            seen.last_upload.store(size, Ordering::SeqCst);
            answer(204, "application/json", AxumBody::empty())
        }
        ("GET", "/images/7") => answer(200, "image/png", stream_of(vec![pattern(0, 64)])),
        ("GET", "/anything") => answer(
            200,
            "application/x-unknown",
            stream_of(vec![
                Bytes::from_static(b"any"),
                Bytes::from_static(b"thing"),
            ]),
        ),
        ("GET", "/ticks") if query.contains("endless") => {
            let endless = (0u64..).map(|seq| format!("data: {{\"seq\":{seq},\"price\":1.5}}\n\n"));
            let stream = futures_util::stream::iter(endless).then(|text| async move {
                tokio::time::sleep(Duration::from_millis(5)).await;
                Ok::<_, std::io::Error>(Bytes::from(text))
            });
            answer(200, "text/event-stream", AxumBody::from_stream(stream))
        }
        ("GET", "/ticks") => {
            let mut texts: Vec<String> = (1..=5)
                .map(|seq| format!("id: {seq}\ndata: {{\"seq\":{seq},\n",))
                .flat_map(|start| [start, "data: \"price\":2.25}\n\n".to_owned()])
                .collect();
            texts.insert(0, ": keep-alive\n\n".to_owned());
            texts.push("data: [DONE]\n\n".to_owned());
            answer(
                200,
                "text/event-stream",
                events(texts, Duration::from_millis(2)),
            )
        }
        ("GET", "/log") => {
            let texts = [
                "data: line one\n\n",
                "event: warn\ndata: line two\n\n",
                "data: three\n\n",
            ];
            let texts = texts.map(str::to_owned).to_vec();
            answer(
                200,
                "text/event-stream; charset=utf-8",
                events(texts, Duration::ZERO),
            )
        }
        ("POST", "/chat/completions") => {
            let body = axum::body::to_bytes(body, MIB).await.unwrap_or_default();
            let request: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
            let streamed = request["stream"] == true && accept == "text/event-stream";
            if !streamed {
                return answer(
                    200,
                    "application/json",
                    AxumBody::from(r#"{"text":"Hello"}"#),
                );
            }
            let texts = [
                "data: {\"delta\":\"Hel\"}\n\n",
                "data: {\"delta\":\"lo\"}\n\n",
                "data: [DONE]\n\n",
            ];
            let texts = texts.map(str::to_owned).to_vec();
            answer(
                200,
                "text/event-stream",
                events(texts, Duration::from_millis(1)),
            )
        }
        _ => answer(404, "text/plain", AxumBody::from("no route")),
    }
}

async fn start() -> (Client, Arc<Seen>) {
    let seen = Arc::new(Seen::default());
    let state = seen.clone();
    let app = axum::Router::new().fallback(move |request: Request<AxumBody>| {
        let seen = state.clone();
        async move { handle(seen, request).await }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    let client = Client::builder()
        .endpoint(url)
        .config(
            Config::default()
                .with_allow_http(true)
                .with_retry(RetryPolicy::exponential(3).with_base_delay(Duration::from_millis(1))),
        )
        .build()
        .expect("client");
    (client, seen)
}

fn accept(seen: &Seen) -> String {
    seen.last_accept
        .lock()
        .map(|a| a.clone())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_download_larger_than_the_buffered_cap_arrives_whole_in_small_chunks() {
    let (client, seen) = start().await;
    let response = client.download_file("big").await.expect("response head");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(accept(&seen), "application/octet-stream");
    let mut stream = response.into_body();
    let (mut received, mut largest, mut in_order) = (0, 0, true);
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.expect("chunk");
        in_order &= chunk == pattern(received, chunk.len());
        largest = largest.max(chunk.len());
        received += chunk.len();
    }
    assert_eq!(received, CAP + 3 * MIB + 11);
    assert!(in_order, "every byte in place");
    assert!(
        largest <= 2 * MIB,
        "never held whole: largest chunk {largest}"
    );
}

#[tokio::test]
async fn an_error_status_on_a_download_is_a_service_error_with_a_typed_status() {
    let (client, _) = start().await;
    let error = client.download_file("missing").await.expect_err("404");
    let service = error.as_service_error().expect("service error");
    assert_eq!(service.status, StatusCode::NOT_FOUND);
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    // Display keeps the number alone, with the server's line break escaped.
    assert_eq!(error.to_string(), "HTTP 404 NotFound: no such\\nfile");
}

#[tokio::test]
async fn an_upload_larger_than_the_cap_is_read_from_a_stream() {
    let (client, seen) = start().await;
    let total = CAP + MIB + 3;
    let chunks = (0..total)
        .step_by(MIB)
        .map(move |offset| Ok::<_, std::io::Error>(pattern(offset, (total - offset).min(MIB))));
    let body = Body::from_stream(futures_util::stream::iter(chunks));
    let stored = client.upload_file("big", body).await.expect("stored");
    assert_eq!(stored.size, total as i64);
    assert_eq!(seen.last_upload.load(Ordering::SeqCst), total);

    // Bytes in memory still work as they did.
    let stored = client
        .upload_file("small", b"abc".to_vec())
        .await
        .expect("stored");
    assert_eq!(stored.size, 3);
}

#[tokio::test]
async fn a_streamed_upload_is_never_retried_but_bytes_are() {
    let (client, seen) = start().await;
    let stream = Body::from_stream(futures_util::stream::iter([Ok::<_, std::io::Error>(
        Bytes::from_static(b"once"),
    )]));
    let error = client.upload_file("busy", stream).await.expect_err("503");
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(
        seen.busy_attempts.load(Ordering::SeqCst),
        1,
        "a stream is sent once"
    );

    client
        .upload_file("busy", Bytes::from_static(b"again"))
        .await
        .expect_err("503");
    assert_eq!(
        seen.busy_attempts.load(Ordering::SeqCst),
        1 + 4,
        "bytes: the first try and three retries (PUT is idempotent)"
    );
}

#[tokio::test]
async fn images_and_unknown_media_types_are_byte_streams() {
    let (client, seen) = start().await;
    let image = client.get_image(7).await.expect("image").into_body();
    assert_eq!(accept(&seen), "image/png, image/jpeg");
    assert_eq!(
        image.collect_bytes(1024).await.expect("image"),
        pattern(0, 64)
    );
    let too_small = client.get_image(7).await.expect("image").into_body();
    let error = too_small
        .collect_bytes(10)
        .await
        .expect_err("over the limit");
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: 10, .. }),
        "{error:?}"
    );

    let anything = client.get_anything().await.expect("anything").into_body();
    assert_eq!(
        &anything.collect_bytes(MIB).await.expect("bytes")[..],
        b"anything"
    );
}

#[tokio::test]
async fn an_optional_binary_body_may_be_left_out() {
    let (client, seen) = start().await;
    client.append_anything(None).await.expect("no body");
    assert_eq!(seen.last_upload.load(Ordering::SeqCst), 0);
    client
        .append_anything(Some(Body::from(vec![1u8; 1000])))
        .await
        .expect("body");
    assert_eq!(seen.last_upload.load(Ordering::SeqCst), 1000);
}

#[tokio::test]
async fn several_server_sent_events_arrive_typed_until_done() {
    let (client, seen) = start().await;
    let ticks = client
        .watch_ticks(&WatchTicksParams::default().with_symbol("ACME"))
        .await
        .expect("event stream");
    assert_eq!(accept(&seen), "text/event-stream");
    let ticks: Vec<_> = tokio::time::timeout(Duration::from_secs(10), ticks.into_body().collect())
        .await
        .expect("[DONE] ends the stream");
    let ticks: Vec<_> = ticks.into_iter().collect::<Result<_, _>>().expect("ticks");
    let seqs: Vec<i64> = ticks.iter().map(|t| t.seq).collect();
    assert_eq!(seqs, [1, 2, 3, 4, 5], "multi-line data joined and decoded");
    assert!(ticks.iter().all(|t| t.price == 2.25));
}

#[tokio::test]
async fn an_endless_event_stream_is_bounded_by_a_deadline_or_a_count() {
    let (client, _) = start().await;
    let endless = WatchTicksParams::default().with_symbol("endless");

    // By count: the caller stops; nothing is read past what it takes.
    let first: Vec<_> = client
        .watch_ticks(&endless)
        .await
        .expect("event stream")
        .into_body()
        .take(20)
        .collect()
        .await;
    let seqs: Vec<i64> = first
        .into_iter()
        .filter_map(Result::ok)
        .map(|t| t.seq)
        .collect();
    assert_eq!(seqs, (0..20).collect::<Vec<_>>());

    // By time: the stream's deadline ends it with a timeout.
    let started = Instant::now();
    let mut ticks = client
        .watch_ticks(&endless)
        .await
        .expect("event stream")
        .into_body()
        .with_deadline(Duration::from_millis(300));
    let mut count = 0;
    let error = loop {
        match ticks.next().await {
            Some(Ok(_)) if count < 100_000 => count += 1,
            Some(Ok(_)) => panic!("the deadline never came"),
            Some(Err(error)) => break error,
            None => panic!("an endless stream cannot end cleanly"),
        }
    };
    assert!(error.is_timeout(), "{error:?}");
    assert!(count > 0, "events arrived before the deadline");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn events_without_a_json_schema_are_handed_over_as_they_are() {
    let (client, _) = start().await;
    let events: Vec<_> = client
        .tail_log()
        .await
        .expect("event stream")
        .into_body()
        .collect()
        .await;
    let events: Vec<_> = events
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("events");
    let data: Vec<&str> = events.iter().map(|e| e.data.as_str()).collect();
    assert_eq!(data, ["line one", "line two", "three"]);
    assert_eq!(events[1].event.as_deref(), Some("warn"));
}

#[tokio::test]
async fn a_json_operation_that_can_stream_has_a_stream_twin() {
    let (client, seen) = start().await;
    let whole = client
        .create_chat_completion(&ChatRequest::new("hi"))
        .await
        .expect("completion");
    assert_eq!(whole.text, "Hello");
    assert_eq!(accept(&seen), "application/json");

    let chunks: Vec<_> = client
        .create_chat_completion_stream(&ChatRequest::new("hi").with_stream(true))
        .await
        .expect("event stream")
        .into_body()
        .collect()
        .await;
    assert_eq!(accept(&seen), "text/event-stream");
    let text: String = chunks
        .into_iter()
        .map(|chunk| chunk.map(|c| c.delta))
        .collect::<Result<_, _>>()
        .expect("chunks");
    assert_eq!(text, "Hello");
}
