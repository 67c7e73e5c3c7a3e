//! Streamed bodies over real sockets: downloads larger than the buffered-body cap, server-sent
//! events, uploads from a stream (never retried), and hostile streams bounded in time and memory.

use test_support as support;

use std::time::{Duration, Instant};

use futures_util::StreamExt as _;
use specforge_runtime::codegen::{ClientBuilder, HttpClient, Method, Request};
use specforge_runtime::{Body, Config, Error, RetryPolicy};
use support::{response, Server, Step};

const CAP: usize = 16 * 1024 * 1024;

fn client(url: &str, config: Config) -> HttpClient {
    ClientBuilder::new("")
        .endpoint(url)
        .config(config.with_allow_http(true))
        .build()
        .expect("client")
}

fn get(path: &str) -> Request {
    Request::new(Method::GET, path.to_owned()).operation("download")
}

/// `total` bytes in 1 MiB writes, the byte at offset `i` being `i % 251`.
fn big_body(total: usize) -> Vec<Step> {
    let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {total}\r\n\r\n");
    let mut steps = vec![Step::Write(head.into_bytes())];
    let mut offset = 0;
    while offset < total {
        let n = (total - offset).min(1 << 20);
        steps.push(Step::Write(
            (offset..offset + n).map(|i| (i % 251) as u8).collect(),
        ));
        offset += n;
    }
    steps
}

#[tokio::test]
async fn a_download_larger_than_the_cap_streams_and_the_buffered_read_refuses_it() {
    let total = CAP + 4 * 1024 * 1024 + 7;
    let server = Server::start(move |_, _| big_body(total)).await;
    let client = client(&server.url, Config::default());
    let response = client.send_stream(get("/blob")).await.expect("head");
    assert_eq!(response.status(), 200);
    let mut stream = response.into_body();
    let (mut received, mut largest_chunk, mut offset_ok) = (0usize, 0usize, true);
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.expect("chunk");
        offset_ok &= chunk
            .iter()
            .enumerate()
            .all(|(i, b)| *b == ((received + i) % 251) as u8);
        largest_chunk = largest_chunk.max(chunk.len());
        received += chunk.len();
    }
    assert_eq!(received, total);
    assert!(offset_ok, "bytes arrive in order, unchanged");
    assert!(
        largest_chunk < CAP,
        "never buffered whole: largest chunk {largest_chunk}"
    );
    let error = client
        .send_bytes(get("/blob"))
        .await
        .expect_err("over the cap");
    assert!(matches!(error, Error::ResponseTooLarge { .. }), "{error:?}");
}

#[tokio::test]
async fn a_stream_that_stalls_part_way_times_out_at_the_read_timeout() {
    let server = Server::start(|_, _| {
        vec![
            Step::Write(b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n".to_vec()),
            Step::Write(vec![1; 100]),
            Step::Sleep(Duration::from_secs(30)),
        ]
    })
    .await;
    let config = Config::default().with_read_timeout(Duration::from_millis(300));
    let mut stream = client(&server.url, config)
        .send_stream(get("/blob"))
        .await
        .expect("head")
        .into_body();
    let started = Instant::now();
    let mut received = 0;
    let error = loop {
        match stream.next().await {
            Some(Ok(chunk)) => received += chunk.len(),
            Some(Err(error)) => break error,
            None => panic!("the stream cannot end cleanly"),
        }
    };
    assert_eq!(received, 100);
    assert!(error.is_timeout(), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(stream.next().await.is_none(), "finished after the error");
}

#[tokio::test]
async fn server_sent_events_arrive_typed_however_the_bytes_are_split() {
    let text = ": hello\n\nevent: delta\ndata: {\"n\":1}\n\ndata: {\"n\":2}\r\nid: 2\r\n\r\ndata: [DONE]\n\n";
    let server = Server::start(move |_, _| {
        let mut steps = vec![Step::Write(
            b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream; charset=utf-8\r\ntransfer-encoding: chunked\r\n\r\n".to_vec(),
        )];
        // One chunk per 3 bytes, each flushed on its own, so events and lines are split.
        for piece in text.as_bytes().chunks(3) {
            let mut chunk = format!("{:x}\r\n", piece.len()).into_bytes();
            chunk.extend_from_slice(piece);
            chunk.extend_from_slice(b"\r\n");
            steps.push(Step::Write(chunk));
        }
        steps.push(Step::Write(b"0\r\n\r\n".to_vec()));
        steps
    })
    .await;
    let events = client(&server.url, Config::default())
        .send_events(get("/events"))
        .await
        .expect("event stream")
        .into_body();
    let events: Vec<_> = events.collect().await;
    let events: Vec<_> = events
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("events");
    assert_eq!(events.len(), 3, "{events:?}");
    assert_eq!(events[0].event.as_deref(), Some("delta"));
    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Delta {
        n: u32,
    }
    assert_eq!(events[0].json::<Delta>().ok(), Some(Delta { n: 1 }));
    assert_eq!(events[1].json::<Delta>().ok(), Some(Delta { n: 2 }));
    assert_eq!(events[1].id.as_deref(), Some("2"));
    assert_eq!(events[2].data, "[DONE]");
    assert!(events[2].json::<Delta>().is_err());
}

#[tokio::test]
async fn an_event_that_never_ends_is_cut_at_the_limit() {
    let server = Server::start(|_, _| {
        let mut steps = vec![Step::Write(
            b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\ndata: ".to_vec(),
        )];
        // 64 KiB a write, no newline, for as long as the client reads.
        for _ in 0..1000 {
            steps.push(Step::Write(vec![b'x'; 64 * 1024]));
        }
        steps
    })
    .await;
    let config = Config::default().with_max_response_bytes(1024 * 1024);
    let mut events = client(&server.url, config)
        .send_events(get("/events"))
        .await
        .expect("event stream")
        .into_body();
    let error = match events.next().await {
        Some(Err(error)) => error,
        other => panic!("expected the limit, got {other:?}"),
    };
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: 1048576, .. }),
        "{error:?}"
    );
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn a_response_that_is_not_an_event_stream_is_a_decode_error() {
    let server = Server::start(|_, _| support::json("{}")).await;
    let error = client(&server.url, Config::default())
        .send_events(get("/events"))
        .await
        .expect_err("json is not an event stream");
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    assert!(error.to_string().contains("application/json"), "{error}");
}

#[tokio::test]
async fn an_upload_from_a_stream_is_sent_whole_and_never_retried() {
    let server = Server::start(|_, _| vec![Step::Write(response(503, &[], b"busy"))]).await;
    let total = CAP + 1024 * 1024;
    let chunks = (0..total / (1 << 20) + 1).map(move |i| {
        let n = (total - i * (1 << 20)).min(1 << 20);
        Ok::<_, std::io::Error>(bytes::Bytes::from(vec![7u8; n]))
    });
    let body = Body::from_stream(futures_util::stream::iter(chunks));
    let request = Request::new(Method::PUT, "/upload".to_owned())
        .operation("upload")
        .stream_body("application/octet-stream", body);
    let config = Config::default()
        .with_retry(RetryPolicy::exponential(3).with_base_delay(Duration::from_millis(1)));
    let error = client(&server.url, config)
        .send_empty(request)
        .await
        .expect_err("503");
    assert_eq!(error.status().map(u16::from), Some(503));
    let requests = server.requests();
    assert_eq!(
        requests.len(),
        1,
        "a PUT is idempotent, but its stream is gone: not retried"
    );
    assert_eq!(requests[0].body_len, total);
    assert_eq!(
        requests[0].header("content-type"),
        Some("application/octet-stream")
    );
}

#[tokio::test]
async fn a_signed_streamed_upload_is_sent_as_unsigned_payload() {
    let server = Server::start(|_, _| support::json("{}")).await;
    let body = Body::from_stream(futures_util::stream::iter([Ok::<_, std::io::Error>(
        bytes::Bytes::from_static(b"abc"),
    )]));
    let client = ClientBuilder::new("")
        .endpoint(&server.url)
        .config(Config::default().with_allow_http(true))
        .credentials(specforge_runtime::AkSkCredentials::new("AK", "SK"))
        .build()
        .expect("client");
    let request = Request::new(Method::POST, "/upload".to_owned())
        .stream_body("application/octet-stream", body);
    client.send_empty(request).await.expect("sent");
    let seen = &server.requests()[0];
    assert_eq!(
        seen.header("x-sdk-content-sha256"),
        Some("UNSIGNED-PAYLOAD")
    );
    assert_eq!(seen.body, b"abc");
}
