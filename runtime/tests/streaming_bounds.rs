//! The bounds a caller puts on a stream, over real sockets: a deadline on an endless event
//! stream, a size limit when collecting a download, typed events ending at `[DONE]`, and
//! `Request::body` keeping bytes retryable while a stream is sent once.

use test_support as support;

use std::time::{Duration, Instant};

use futures_util::StreamExt as _;
use specforge_runtime::codegen::{ClientBuilder, HttpClient, Method, Request};
use specforge_runtime::http::StatusCode;
use specforge_runtime::{Body, Config, Error, RetryPolicy};
use support::{response, Server, Step};

fn client(url: &str, config: Config) -> HttpClient {
    ClientBuilder::new("")
        .endpoint(url)
        .config(config.with_allow_http(true))
        .build()
        .expect("client")
}

fn get(path: &str) -> Request {
    Request::new(Method::GET, path.to_owned()).operation("stream")
}

const SSE_HEAD: &[u8] = b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\n";

/// An event every 5 ms, numbered, for far longer than any test runs.
fn endless_events() -> Vec<Step> {
    let mut steps = vec![Step::Write(SSE_HEAD.to_vec())];
    for n in 0..100_000 {
        steps.push(Step::Write(format!("data: {{\"n\":{n}}}\n\n").into_bytes()));
        steps.push(Step::Sleep(Duration::from_millis(5)));
    }
    steps
}

#[derive(serde::Deserialize, Debug, PartialEq)]
struct Numbered {
    n: u64,
}

#[tokio::test]
async fn an_endless_event_stream_ends_at_its_deadline() {
    let server = Server::start(|_, _| endless_events()).await;
    let started = Instant::now();
    let mut events = client(&server.url, Config::default())
        .send_json_events::<Numbered>(get("/events"))
        .await
        .expect("event stream")
        .into_body()
        .with_deadline(Duration::from_millis(400));
    let (mut received, mut error) = (0u64, None);
    // The test's own bound, far above what 400 ms can deliver.
    for _ in 0..10_000 {
        match events.next().await {
            Some(Ok(event)) => {
                assert_eq!(event.n, received, "in order, none lost");
                received += 1;
            }
            Some(Err(e)) => {
                error = Some(e);
                break;
            }
            None => break,
        }
    }
    let error = error.expect("the deadline ends the stream with an error");
    assert!(error.is_timeout(), "{error:?}");
    assert!(error.to_string().contains("stream deadline"), "{error}");
    assert!(
        received >= 5,
        "events arrived before the deadline: {received}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(events.next().await.is_none(), "finished after the error");
}

#[tokio::test]
async fn typed_events_end_at_done_and_a_bad_event_is_an_error_item() {
    // The bad event's type carries a terminal escape: it must not reach Display raw.
    let text = "data: {\"n\":1}\n\nevent: delta\u{1b}[31m\nid: 7\ndata: {\"n\":\"x\"}\n\nevent: ping\ndata: {\"n\":2}\n\ndata: [DONE]\n\ndata: {\"n\":3}\n\n";
    let server = Server::start(move |_, _| {
        vec![
            Step::Write(SSE_HEAD.to_vec()),
            Step::Write(text.as_bytes().to_vec()),
            // Held open: only `[DONE]` can end the stream before the read timeout.
            Step::Sleep(Duration::from_secs(30)),
        ]
    })
    .await;
    let events = client(&server.url, Config::default())
        .send_json_events::<Numbered>(get("/events"))
        .await
        .expect("event stream")
        .into_body();
    let items: Vec<_> = tokio::time::timeout(Duration::from_secs(5), events.collect())
        .await
        .expect("[DONE] ends the stream");
    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(items[0].as_ref().ok(), Some(&Numbered { n: 1 }));
    match &items[1] {
        Err(error @ Error::Event(e)) => {
            // Named by its place in the stream, not by a pretended HTTP status.
            assert_eq!(error.status(), None);
            assert_eq!(e.position, 2);
            assert_eq!(
                (e.event.as_deref(), e.id.as_deref()),
                (Some("delta\u{1b}[31m"), Some("7"))
            );
            assert!(e.message.contains("`n`"), "{}", e.message);
            assert!(e.data_snippet.contains("\"x\""), "{e}");
            let shown = error.to_string();
            assert!(
                shown.starts_with(
                    "could not decode server-sent event #2 (event \"delta\\u{1b}[31m\") (id \"7\")"
                ),
                "{shown}"
            );
            assert!(
                !shown.contains('\u{1b}') && !shown.contains("HTTP"),
                "{shown}"
            );
        }
        other => panic!("expected an event error, got {other:?}"),
    }
    assert_eq!(items[2].as_ref().ok(), Some(&Numbered { n: 2 }));
}

#[tokio::test]
async fn collecting_a_download_stops_at_the_given_limit() {
    let server = Server::start(|_, _| {
        let mut steps = vec![Step::Write(
            b"HTTP/1.1 200 OK\r\nx-request-id: r-9\r\ntransfer-encoding: chunked\r\n\r\n".to_vec(),
        )];
        for _ in 0..1000 {
            let mut chunk = format!("{:x}\r\n", 64 * 1024).into_bytes();
            chunk.extend_from_slice(&[b'z'; 64 * 1024]);
            chunk.extend_from_slice(b"\r\n");
            steps.push(Step::Write(chunk));
        }
        steps
    })
    .await;
    let client = client(&server.url, Config::default());
    let error = client
        .send_stream(get("/blob"))
        .await
        .expect("head")
        .into_body()
        .collect_bytes(1024 * 1024)
        .await
        .expect_err("larger than the limit");
    match &error {
        Error::ResponseTooLarge {
            status,
            limit,
            request_id,
        } => {
            assert_eq!(*status, StatusCode::OK);
            assert_eq!(*limit, 1024 * 1024);
            assert_eq!(request_id.as_deref(), Some("r-9"));
        }
        other => panic!("expected ResponseTooLarge, got {other:?}"),
    }
    // Display is unchanged by the typed status: the number, as before.
    assert!(error.to_string().starts_with("HTTP 200: "), "{error}");
}

#[tokio::test]
async fn request_body_retries_bytes_and_sends_a_stream_once() {
    let server = Server::start(|_, _| vec![Step::Write(response(503, &[], b"busy"))]).await;
    let config = Config::default()
        .with_retry(RetryPolicy::exponential(2).with_base_delay(Duration::from_millis(1)));
    let client = client(&server.url, config);
    let put = |body: Body| {
        Request::new(Method::PUT, "/upload".to_owned()).body("application/octet-stream", body)
    };

    let error = client
        .send_empty(put(Body::from(b"abc".to_vec())))
        .await
        .expect_err("503");
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(error.to_string(), "HTTP 503: busy");
    assert_eq!(
        server.requests().len(),
        3,
        "bytes: the first try and two retries"
    );

    let chunks = [
        Ok::<_, std::io::Error>(bytes::Bytes::from_static(b"ab")),
        Ok(bytes::Bytes::from_static(b"c")),
    ];
    let stream = Body::from_stream(futures_util::stream::iter(chunks));
    client.send_empty(put(stream)).await.expect_err("503");
    let requests = server.requests();
    assert_eq!(requests.len(), 4, "a stream: sent once");
    assert_eq!(requests[3].body, b"abc");
}
