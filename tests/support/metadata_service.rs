//! A stand-in for the ECS metadata service on 127.0.0.1, behaving as the vendor documents it
//! and as its SDK expects (`huaweicloudsdkcore/auth/internal.py`, `MetadataAccessor`):
//! `PUT /meta-data/latest/api/token` with `X-Metadata-Token-Ttl-Seconds` issues a session
//! token; `GET /openstack/latest/securitykey` answers 401 without a valid token, and with one
//! the agency's temporary AK/SK, security token and expiry.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, put};
use axum::Router;
use serde_json::json;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

const SESSION_TOKEN: &str = "metadata-session-token-0001";

/// The credentials the service hands out; each fetch gets the next security token.
#[derive(Clone)]
pub struct Issued {
    pub ak: String,
    pub sk: String,
    /// How long each issued credential is valid, in fetch order (the last one repeats).
    pub lifetimes: Vec<Duration>,
    /// Delay before answering a security key request, so concurrent callers overlap.
    pub delay: Duration,
}

struct Shared {
    issued: Issued,
    fetches: AtomicUsize,
    token_requests: AtomicUsize,
    tokens_sent: Mutex<Vec<String>>,
}

pub struct MetadataService {
    base_url: String,
    shared: Arc<Shared>,
    _server: tokio::task::JoinHandle<()>,
}

impl MetadataService {
    pub async fn start(issued: Issued) -> MetadataService {
        let shared = Arc::new(Shared {
            issued,
            fetches: AtomicUsize::new(0),
            token_requests: AtomicUsize::new(0),
            tokens_sent: Mutex::new(Vec::new()),
        });
        let app = Router::new()
            .route("/meta-data/latest/api/token", put(session_token))
            .route("/openstack/latest/securitykey", get(security_key))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("metadata stand-in: bind 127.0.0.1:0");
        let base_url = format!("http://{}", listener.local_addr().expect("bound address"));
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        MetadataService {
            base_url,
            shared,
            _server: server,
        }
    }

    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    /// Security key answers given so far (each is one credentials fetch).
    pub fn fetches(&self) -> usize {
        self.shared.fetches.load(Ordering::SeqCst)
    }

    /// The security tokens handed out, in order.
    pub fn tokens_sent(&self) -> Vec<String> {
        self.shared
            .tokens_sent
            .lock()
            .map(|t| t.clone())
            .unwrap_or_default()
    }

    pub fn token_requests(&self) -> usize {
        self.shared.token_requests.load(Ordering::SeqCst)
    }
}

impl Drop for MetadataService {
    fn drop(&mut self) {
        self._server.abort();
    }
}

async fn session_token(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
) -> (StatusCode, String) {
    shared.token_requests.fetch_add(1, Ordering::SeqCst);
    if headers.get("x-metadata-token-ttl-seconds").is_none() {
        return (
            StatusCode::BAD_REQUEST,
            "missing X-Metadata-Token-Ttl-Seconds".into(),
        );
    }
    (StatusCode::OK, SESSION_TOKEN.into())
}

async fn security_key(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
) -> (StatusCode, String) {
    let token = headers
        .get("x-metadata-token")
        .and_then(|v| v.to_str().ok());
    if token != Some(SESSION_TOKEN) {
        return (StatusCode::UNAUTHORIZED, "invalid metadata token".into());
    }
    tokio::time::sleep(shared.issued.delay).await;
    let n = shared.fetches.fetch_add(1, Ordering::SeqCst);
    let lifetimes = &shared.issued.lifetimes;
    let lifetime = lifetimes
        .get(n)
        .or(lifetimes.last())
        .copied()
        .unwrap_or_default();
    let expires_at = (OffsetDateTime::now_utc() + lifetime)
        .format(&Rfc3339)
        .expect("an RFC 3339 time");
    let security_token = format!("temporary-security-token-{}", n + 1);
    if let Ok(mut sent) = shared.tokens_sent.lock() {
        sent.push(security_token.clone());
    }
    let body = json!({"credential": {
        "access": shared.issued.ak,
        "secret": shared.issued.sk,
        "securitytoken": security_token,
        "expires_at": expires_at,
    }});
    (StatusCode::OK, body.to_string())
}
