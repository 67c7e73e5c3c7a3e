//! The transport abstraction and hooks, over real sockets on 127.0.0.1: a custom transport,
//! an injected reqwest client (redirects, timeouts), hooks before signing and after each
//! response, a cached token provider, and the per-call tracing span.

use test_support as support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use specforge_runtime::codegen::{ClientBuilder, HttpClient, Method, Request};
use specforge_runtime::{
    AkSkCredentials, Body, Config, Error, Hook, HookRequest, HookResponse, ReqwestTransport,
    RetryPolicy, Token, TokenAuth, TransportError,
};
use support::{json, response, Server, Step};

fn client(url: &str, config: Config) -> HttpClient {
    ClientBuilder::new("")
        .endpoint(url)
        .config(config.with_allow_http(true))
        .build()
        .expect("client")
}

fn get(path: &str) -> Request {
    Request::new(Method::GET, path.to_owned())
        .operation("getThing")
        .accept(&["application/json"])
}

#[tokio::test]
async fn a_custom_transport_carries_the_signed_request() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let recorder = Arc::clone(&seen);
    let transport = move |request: http::Request<Body>| {
        let recorder = Arc::clone(&recorder);
        async move {
            let (parts, _) = request.into_parts();
            if let Ok(mut seen) = recorder.lock() {
                seen.push((
                    parts.method.clone(),
                    parts.uri.to_string(),
                    parts.headers.clone(),
                ));
            }
            let mut response = http::Response::new(Body::from(br#"{"id":"t1"}"#.to_vec()));
            response.headers_mut().insert(
                "content-type",
                http::HeaderValue::from_static("application/json"),
            );
            Ok::<_, TransportError>(response)
        }
    };
    let client = ClientBuilder::new("")
        .endpoint("https://api.example.test/v1")
        .credentials(AkSkCredentials::new("AK", "SK"))
        .transport(transport)
        .build()
        .expect("client");
    let response = client
        .send_json::<serde_json::Value>(get("/things/1").query("q", "a b"))
        .await
        .expect("answer from the transport");
    assert_eq!(response.body()["id"], "t1");
    let seen = seen.lock().map(|s| s.clone()).unwrap_or_default();
    assert_eq!(seen.len(), 1);
    let (method, uri, headers) = &seen[0];
    assert_eq!(method, Method::GET);
    assert_eq!(uri, "https://api.example.test/v1/things/1?q=a%20b");
    let authorization = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert!(
        authorization.starts_with("SDK-HMAC-SHA256 Access=AK"),
        "{authorization}"
    );
    assert!(headers.contains_key("x-sdk-date"));
}

#[tokio::test]
async fn a_transport_error_keeps_its_kind() {
    let transport = |_: http::Request<Body>| async {
        Err::<http::Response<Body>, _>(TransportError::msg(
            specforge_runtime::TransportErrorKind::Timeout,
            "upstream gave up",
        ))
    };
    let client = client(
        "http://127.0.0.1:9",
        Config::default().with_transport(transport),
    );
    let error = client
        .send_json::<serde_json::Value>(get("/x"))
        .await
        .expect_err("fails");
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert!(error.to_string().contains("upstream gave up"), "{error}");
}

#[tokio::test]
async fn an_injected_client_that_follows_a_redirect_is_refused() {
    let target = Server::start(|_, _| json(r#"{"from":"elsewhere"}"#)).await;
    let location = format!("{}/elsewhere", target.url);
    let redirecting = Server::start(move |_, _| {
        vec![Step::Write(response(302, &[("location", &location)], b""))]
    })
    .await;
    // reqwest follows up to 10 redirects unless told otherwise.
    let injected = reqwest::Client::new();
    let config = Config::default().with_transport(ReqwestTransport::from_client(injected));
    let error = client(&redirecting.url, config)
        .send_json::<serde_json::Value>(get("/x"))
        .await
        .expect_err("a followed redirect is not the answer");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(error.to_string().contains("redirect"), "{error}");
    // The default transport does not follow: the 302 is the answer.
    let error = client(&redirecting.url, Config::default())
        .send_json::<serde_json::Value>(get("/x"))
        .await
        .expect_err("302");
    assert_eq!(error.status().map(u16::from), Some(302));
    assert_eq!(
        target.requests().len(),
        1,
        "only the injected client went there"
    );
}

#[tokio::test]
async fn an_injected_client_without_timeouts_still_meets_the_read_timeout() {
    let silent = Server::start(|_, _| vec![Step::Sleep(Duration::from_secs(30))]).await;
    let config = Config::default()
        .with_read_timeout(Duration::from_millis(300))
        .with_transport(ReqwestTransport::from_client(reqwest::Client::new()));
    let started = Instant::now();
    let error = client(&silent.url, config)
        .send_json::<serde_json::Value>(get("/x"))
        .await
        .expect_err("silent");
    assert!(error.is_timeout(), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

/// Adds a header before signing and records what happened after each attempt.
#[derive(Default)]
struct Recorder {
    outcomes: Mutex<Vec<(u32, Option<u16>)>>,
}

impl Hook for Recorder {
    fn before_send<'a>(
        &'a self,
        request: &'a mut HookRequest<'_>,
    ) -> specforge_runtime::BoxFuture<'a, Result<(), specforge_runtime::BoxError>> {
        Box::pin(async move {
            let value = format!("{}-{}", request.operation(), request.attempt());
            let value = http::HeaderValue::from_str(&value)?;
            request.headers_mut().insert("x-hooked", value);
            Ok(())
        })
    }

    fn after_response(&self, response: &HookResponse<'_>) {
        if let Ok(mut outcomes) = self.outcomes.lock() {
            outcomes.push((response.attempt, response.status.map(|s| s.as_u16())));
        }
    }
}

#[tokio::test]
async fn hooks_run_before_signing_and_after_every_attempt() {
    let server = Server::start(|index, _| match index {
        0 => vec![Step::Write(response(503, &[], b"busy"))],
        _ => json("{}"),
    })
    .await;
    let recorder = Arc::new(Recorder::default());
    struct Shared(Arc<Recorder>);
    impl Hook for Shared {
        fn before_send<'a>(
            &'a self,
            request: &'a mut HookRequest<'_>,
        ) -> specforge_runtime::BoxFuture<'a, Result<(), specforge_runtime::BoxError>> {
            self.0.before_send(request)
        }
        fn after_response(&self, response: &HookResponse<'_>) {
            self.0.after_response(response)
        }
    }
    let config = Config::default()
        .with_retry(RetryPolicy::exponential(2).with_base_delay(Duration::from_millis(1)))
        .with_hook(Shared(Arc::clone(&recorder)));
    let client = ClientBuilder::new("")
        .endpoint(&server.url)
        .config(config.with_allow_http(true))
        .credentials(AkSkCredentials::new("AK", "SK"))
        .build()
        .expect("client");
    client
        .send_json::<serde_json::Value>(get("/x"))
        .await
        .expect("second attempt");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].header("x-hooked"), Some("getThing-1"));
    assert_eq!(requests[1].header("x-hooked"), Some("getThing-2"));
    // The hook's header is signed.
    let authorization = requests[1].header("authorization").unwrap_or("");
    assert!(authorization.contains("x-hooked"), "{authorization}");
    let outcomes = recorder
        .outcomes
        .lock()
        .map(|o| o.clone())
        .unwrap_or_default();
    assert_eq!(outcomes, [(1, Some(503)), (2, Some(200))]);
}

#[tokio::test]
async fn a_failing_hook_stops_the_call_before_sending() {
    struct Refuse;
    impl Hook for Refuse {
        fn before_send<'a>(
            &'a self,
            _: &'a mut HookRequest<'_>,
        ) -> specforge_runtime::BoxFuture<'a, Result<(), specforge_runtime::BoxError>> {
            Box::pin(async { Err("vault is sealed".into()) })
        }
    }
    let server = Server::start(|_, _| json("{}")).await;
    let error = client(&server.url, Config::default().with_hook(Refuse))
        .send_json::<serde_json::Value>(get("/x"))
        .await
        .expect_err("hook failed");
    assert!(matches!(error, Error::Hook(_)), "{error:?}");
    assert!(error.to_string().contains("vault is sealed"));
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn tokens_are_cached_until_shortly_before_expiry_and_fetched_once_for_concurrent_calls() {
    let server = Server::start(|_, _| json("{}")).await;
    let fetches = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&fetches);
    let provider = move || {
        let counter = Arc::clone(&counter);
        async move {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            tokio::time::sleep(Duration::from_millis(50)).await;
            Ok(Token::expires_in(
                format!("tok-{n}"),
                Duration::from_millis(1200),
            ))
        }
    };
    let auth = TokenAuth::bearer(provider).refresh_before(Duration::from_millis(1000));
    let client = client(&server.url, Config::default().with_hook(auth));
    let calls = (0..8).map(|_| client.send_json::<serde_json::Value>(get("/x")));
    for result in futures_util::future::join_all(calls).await {
        result.expect("call");
    }
    assert_eq!(
        fetches.load(Ordering::SeqCst),
        1,
        "one fetch for eight concurrent calls"
    );
    // Fresh for 200 ms (1200 ms lifetime, refetched 1000 ms early).
    tokio::time::sleep(Duration::from_millis(300)).await;
    client
        .send_json::<serde_json::Value>(get("/x"))
        .await
        .expect("call");
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
    let requests = server.requests();
    assert!(requests[..8]
        .iter()
        .all(|r| r.header("authorization") == Some("Bearer tok-1")));
    assert_eq!(requests[8].header("authorization"), Some("Bearer tok-2"));
}

#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Logs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut logs) = self.0.lock() {
            logs.extend_from_slice(bytes);
        }
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn each_call_has_a_span_with_operation_method_attempt_and_status_but_no_secrets() {
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let server = Server::start(|index, _| match index {
        0 => vec![Step::Write(response(500, &[], b"oops"))],
        _ => json("{}"),
    })
    .await;
    let secret_token = "TOKEN-SHOULD-NOT-SHOW";
    let config = Config::default()
        .with_retry(RetryPolicy::exponential(1).with_base_delay(Duration::from_millis(1)))
        .with_hook(TokenAuth::bearer(move || async move {
            Ok(Token::new(secret_token, None))
        }));
    client(&server.url, config)
        .send_json::<serde_json::Value>(get("/x"))
        .await
        .expect("retried");
    let text = logs
        .0
        .lock()
        .map(|l| String::from_utf8_lossy(&l).into_owned())
        .unwrap_or_default();
    let call = "specforge.call{operation=\"getThing\" method=GET}";
    assert!(
        text.contains(&format!("{call}:specforge.attempt{{attempt=1 status=500}}")),
        "{text}"
    );
    assert!(
        text.contains(&format!("{call}:specforge.attempt{{attempt=2 status=200}}")),
        "{text}"
    );
    // The call's own fields are recorded once it ends; a close event shows them.
    assert!(
        !text.contains("authorization"),
        "no header is logged: {text}"
    );
    assert!(!text.contains(secret_token), "{text}");
}
