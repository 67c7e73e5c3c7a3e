#![allow(dead_code)] // each test file uses part of it
//! A real HTTP server on 127.0.0.1 that records every request it gets and answers as told:
//! the behavioural tests assert what a generated client put on the wire.

use std::sync::{Arc, Mutex};

use axum::body::{to_bytes, Body};
use axum::http::{HeaderMap, Request, Response};
use specforge_runtime::bytes::Bytes;

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    /// Path and query, as sent (still percent-encoded).
    pub uri: String,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// The answer: status, content type and body.
pub type Answer = (u16, &'static str, String);

/// What the server answers to a request.
pub type Responder = fn(&Seen) -> Answer;

pub struct Server {
    pub url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    /// Every request so far.
    pub fn requests(&self) -> Vec<Seen> {
        self.seen.lock().expect("lock").clone()
    }

    /// The last request.
    pub fn last(&self) -> Seen {
        self.requests().pop().expect("a request arrived")
    }
}

/// Starts a server answering every request with `respond`.
pub async fn serve(respond: Responder) -> Server {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let app = axum::Router::new().fallback(move |request: Request<Body>| {
        let record = record.clone();
        async move {
            let (parts, body) = request.into_parts();
            let body = to_bytes(body, 1 << 20).await.unwrap_or_default();
            let seen = Seen {
                method: parts.method.to_string(),
                uri: parts.uri.to_string(),
                headers: parts.headers,
                body,
            };
            let (status, content_type, text) = respond(&seen);
            record.lock().expect("lock").push(seen);
            Response::builder()
                .status(status)
                .header("content-type", content_type)
                .body(Body::from(text))
                .expect("response")
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    Server { url, seen }
}

/// Answers `200` with an empty JSON object.
pub fn ok_empty_object(_: &Seen) -> Answer {
    (200, "application/json", "{}".to_owned())
}

/// A client config allowing the local plain-http server.
pub fn config() -> specforge_runtime::Config {
    specforge_runtime::Config::default().with_allow_http(true)
}
