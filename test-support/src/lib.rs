//! The request-recording server of the wire tests: a scriptable HTTP/1.1 server on 127.0.0.1
//! that records every request (bodies in `Content-Length` or chunked form, counted and kept up
//! to 1 MiB) and answers with a script of writes, pauses and a close, so slow and hostile
//! servers are easy to play — or, through [`serve`], with one canned answer per request.
//!
//! Test code: a server that cannot bind its socket panics (an environment failure).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as the server received it.
#[derive(Debug, Clone, Default)]
pub struct Seen {
    pub method: String,
    /// Path and query, as sent (still percent-encoded).
    pub uri: String,
    pub headers: Vec<(String, String)>,
    pub body_len: usize,
    pub body: Vec<u8>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// How many times the header `name` was sent.
    pub fn header_count(&self, name: &str) -> usize {
        let named = |(n, _): &&(String, String)| n.eq_ignore_ascii_case(name);
        self.headers.iter().filter(named).count()
    }

    /// The body as text (lossily decoded).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// What the server does for one request.
pub enum Step {
    Write(Vec<u8>),
    /// The bytes written this many times (an endless body without holding it in memory).
    Repeat(Vec<u8>, usize),
    Sleep(Duration),
    Close,
}

pub type Script = Vec<Step>;
type Responder = dyn Fn(usize, &Seen) -> Script + Send + Sync;

pub struct Server {
    pub url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    counters: Arc<Counters>,
    task: tokio::task::JoinHandle<()>,
}

/// What the server did, beyond the requests it recorded.
#[derive(Default)]
struct Counters {
    /// Connections accepted.
    accepted: AtomicUsize,
    /// Connections whose handling ended (script done, client gone or a write failed).
    ended: AtomicUsize,
    /// Bytes written successfully, over every connection.
    written: AtomicUsize,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Server {
    /// Serves with `respond(index of the request, request)`.
    pub async fn start(respond: impl Fn(usize, &Seen) -> Script + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let respond: Arc<Responder> = Arc::new(respond);
        let recorded = Arc::clone(&seen);
        let counters = Arc::new(Counters::default());
        let counted = Arc::clone(&counters);
        let task = tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                counted.accepted.fetch_add(1, Ordering::SeqCst);
                let (respond, recorded, counted) = (
                    Arc::clone(&respond),
                    Arc::clone(&recorded),
                    Arc::clone(&counted),
                );
                tokio::spawn(async move {
                    serve_connection(socket, respond, recorded, &counted).await;
                    counted.ended.fetch_add(1, Ordering::SeqCst);
                });
            }
        });
        Server {
            url,
            seen,
            counters,
            task,
        }
    }

    /// Connections accepted so far (a request need not have arrived on them).
    pub fn connections(&self) -> usize {
        self.counters.accepted.load(Ordering::SeqCst)
    }

    /// Connections whose handling has ended: the script ran out, or the client went away.
    pub fn ended_connections(&self) -> usize {
        self.counters.ended.load(Ordering::SeqCst)
    }

    /// Bytes written successfully so far, over every connection.
    pub fn bytes_written(&self) -> usize {
        self.counters.written.load(Ordering::SeqCst)
    }

    /// The server's address (`127.0.0.1:port`).
    pub fn authority(&self) -> &str {
        self.url.trim_start_matches("http://")
    }

    pub fn requests(&self) -> Vec<Seen> {
        self.seen.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// The last request.
    pub fn last(&self) -> Seen {
        self.requests().pop().expect("a request arrived")
    }
}

/// A canned answer: status, content type and body.
pub type Answer = (u16, &'static str, String);

/// Starts a server answering every request with `respond`.
pub async fn serve(respond: fn(&Seen) -> Answer) -> Server {
    Server::start(move |_, seen| {
        let (status, content_type, body) = respond(seen);
        let headers = [("content-type", content_type)];
        vec![Step::Write(response(status, &headers, body.as_bytes()))]
    })
    .await
}

/// Answers `200` with an empty JSON object.
pub fn ok_empty_object(_: &Seen) -> Answer {
    (200, "application/json", "{}".to_owned())
}

/// A client of `url` with `config` (plain http allowed): what a generated client's builder
/// makes, for tests that send hand-written requests.
pub fn client(
    url: &str,
    config: specforge_runtime::Config,
) -> specforge_runtime::codegen::HttpClient {
    specforge_runtime::codegen::ClientBuilder::new("")
        .endpoint(url)
        .config(config.with_allow_http(true))
        .build()
        .expect("a valid client")
}

/// A client config allowing the local plain-http server.
pub fn config() -> specforge_runtime::Config {
    specforge_runtime::Config::default().with_allow_http(true)
}

async fn serve_connection(
    mut socket: TcpStream,
    respond: Arc<Responder>,
    seen: Arc<Mutex<Vec<Seen>>>,
    counters: &Counters,
) {
    let mut buffer = Vec::new();
    loop {
        let Some(request) = read_request(&mut socket, &mut buffer).await else {
            return;
        };
        let index = {
            let Ok(mut seen) = seen.lock() else { return };
            seen.push(request.clone());
            seen.len() - 1
        };
        for step in respond(index, &request) {
            match step {
                Step::Write(bytes) => {
                    if !write(&mut socket, &bytes, counters).await {
                        return;
                    }
                }
                Step::Repeat(bytes, times) => {
                    for _ in 0..times {
                        if !write(&mut socket, &bytes, counters).await {
                            return;
                        }
                    }
                }
                Step::Sleep(pause) => tokio::time::sleep(pause).await,
                Step::Close => return,
            }
        }
    }
}

/// Writes `bytes` and counts them; `false` when the client has gone.
async fn write(socket: &mut TcpStream, bytes: &[u8], counters: &Counters) -> bool {
    if socket.write_all(bytes).await.is_err() || socket.flush().await.is_err() {
        return false;
    }
    counters.written.fetch_add(bytes.len(), Ordering::SeqCst);
    true
}

async fn fill(socket: &mut TcpStream, buffer: &mut Vec<u8>) -> bool {
    let mut chunk = [0u8; 64 * 1024];
    match socket.read(&mut chunk).await {
        Ok(0) | Err(_) => false,
        Ok(n) => {
            buffer.extend_from_slice(&chunk[..n]);
            true
        }
    }
}

async fn read_request(socket: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Seen> {
    let head_end = loop {
        if let Some(end) = find(buffer, b"\r\n\r\n") {
            break end;
        }
        if !fill(socket, buffer).await {
            return None;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    buffer.drain(..head_end + 4);
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let mut seen = Seen {
        method: first.next()?.to_owned(),
        uri: first.next()?.to_owned(),
        ..Seen::default()
    };
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            seen.headers
                .push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
    if seen
        .header("transfer-encoding")
        .is_some_and(|v| v.contains("chunked"))
    {
        read_chunked(socket, buffer, &mut seen).await?;
    } else {
        let length: usize = seen
            .header("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        while seen.body_len < length {
            if buffer.is_empty() && !fill(socket, buffer).await {
                return None;
            }
            let take = buffer.len().min(length - seen.body_len);
            keep(&mut seen, &buffer[..take]);
            buffer.drain(..take);
        }
    }
    Some(seen)
}

async fn read_chunked(socket: &mut TcpStream, buffer: &mut Vec<u8>, seen: &mut Seen) -> Option<()> {
    loop {
        let line_end = loop {
            if let Some(end) = find(buffer, b"\r\n") {
                break end;
            }
            if !fill(socket, buffer).await {
                return None;
            }
        };
        let size_text = String::from_utf8_lossy(&buffer[..line_end]).into_owned();
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        buffer.drain(..line_end + 2);
        let mut left = size;
        while left > 0 {
            if buffer.is_empty() && !fill(socket, buffer).await {
                return None;
            }
            let take = buffer.len().min(left);
            keep(seen, &buffer[..take]);
            buffer.drain(..take);
            left -= take;
        }
        while buffer.len() < 2 {
            if !fill(socket, buffer).await {
                return None;
            }
        }
        buffer.drain(..2); // the chunk's CRLF
        if size == 0 {
            return Some(());
        }
    }
}

fn keep(seen: &mut Seen, data: &[u8]) {
    seen.body_len += data.len();
    let room = (1usize << 20).saturating_sub(seen.body.len());
    seen.body.extend_from_slice(&data[..data.len().min(room)]);
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A complete response with a `Content-Length` body.
pub fn response(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} X\r\ncontent-length: {}\r\n", body.len());
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// `200` with a JSON body.
pub fn json(body: &str) -> Script {
    vec![Step::Write(response(
        200,
        &[("content-type", "application/json")],
        body.as_bytes(),
    ))]
}
