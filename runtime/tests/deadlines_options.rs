//! Deadlines that hold against slow servers, per-call options, client-wide default
//! parameters and error text that cannot forge log lines; all over 127.0.0.1.

use test_support as support;

use std::time::{Duration, Instant};

use specforge_runtime::codegen::{ClientBuilder, HttpClient, Method, Request};
use specforge_runtime::{CallOptions, Config, Error, RetryPolicy};
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

/// A body of `len` bytes, one byte every `pause`: each read is quick, the whole never ends.
fn trickle(len: usize, pause: Duration) -> Vec<Step> {
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {len}\r\n\r\n"
    );
    let mut steps = vec![Step::Write(head.into_bytes())];
    for _ in 0..len {
        steps.push(Step::Write(b" ".to_vec()));
        steps.push(Step::Sleep(pause));
    }
    steps
}

#[tokio::test]
async fn a_trickling_server_is_cut_off_by_the_call_deadline() {
    let server = Server::start(|_, _| trickle(100_000, Duration::from_millis(50))).await;
    // The read timeout (default 120 s) never fires: a byte comes every 50 ms.
    let config = Config::default().with_deadline(Some(Duration::from_millis(800)));
    let started = Instant::now();
    let error = client(&server.url, config)
        .send_json::<serde_json::Value>(get("/slow"))
        .await
        .expect_err("deadline");
    let elapsed = started.elapsed();
    assert!(error.is_timeout(), "{error:?}");
    assert!(error.to_string().contains("call deadline"), "{error}");
    assert!(
        elapsed >= Duration::from_millis(700) && elapsed < Duration::from_secs(3),
        "{elapsed:?}"
    );
}

#[test]
fn the_default_deadline_is_five_minutes() {
    assert_eq!(Config::default().deadline, Some(Duration::from_secs(300)));
}

#[tokio::test]
async fn retries_share_one_deadline_with_the_backoff() {
    let server = Server::start(|_, _| vec![Step::Sleep(Duration::from_secs(30))]).await;
    // Per attempt 300 ms, up to 5 retries: 1.8 s and more without a deadline.
    let config = Config::default()
        .with_timeout(Duration::from_millis(300))
        .with_retry(RetryPolicy::exponential(5).with_base_delay(Duration::from_millis(50)))
        .with_deadline(Some(Duration::from_millis(1000)));
    let started = Instant::now();
    let error = client(&server.url, config)
        .send_json::<serde_json::Value>(get("/x"))
        .await
        .expect_err("timeout");
    let elapsed = started.elapsed();
    assert!(error.is_timeout(), "{error:?}");
    assert!(elapsed < Duration::from_millis(1600), "{elapsed:?}");
    let attempts = server.requests().len();
    assert!((2..=4).contains(&attempts), "{attempts} attempts");
}

#[tokio::test]
async fn a_retry_after_date_is_honoured() {
    let server = Server::start(|index, _| match index {
        0 => {
            let at = std::time::SystemTime::now() + Duration::from_secs(2);
            let date = httpdate_text(at);
            vec![Step::Write(response(503, &[("retry-after", &date)], b""))]
        }
        _ => json("{}"),
    })
    .await;
    let config = Config::default().with_retry(
        RetryPolicy::exponential(1)
            .with_base_delay(Duration::from_millis(1))
            .with_max_delay(Duration::from_secs(5)),
    );
    let started = Instant::now();
    client(&server.url, config)
        .send_json::<serde_json::Value>(get("/x"))
        .await
        .expect("second attempt");
    // The date has whole seconds: between 1 and 2 s from the first answer.
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(4),
        "{waited:?}"
    );
}

fn httpdate_text(at: std::time::SystemTime) -> String {
    // RFC 9110 IMF-fixdate, written by hand to keep the test independent of the parser.
    let secs = at
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days % 7) as usize];
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{weekday}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
        months[(month - 1) as usize],
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[tokio::test]
async fn per_call_options_override_the_client_for_that_call_only() {
    let server = Server::start(|index, _| match index {
        0 => vec![Step::Sleep(Duration::from_secs(30))],
        _ => json("{}"),
    })
    .await;
    let client = client(&server.url, Config::default());
    let quick = client.with_options(CallOptions::new().timeout(Duration::from_millis(200)));
    let started = Instant::now();
    let error = quick
        .send_json::<serde_json::Value>(get("/x"))
        .await
        .expect_err("timed out");
    assert!(error.is_timeout(), "{error:?}");
    assert!(error.to_string().contains("attempt timeout"), "{error}");
    assert!(started.elapsed() < Duration::from_secs(3));
    let traced = client.with_options(
        CallOptions::new()
            .header("X-Trace", "t-1")
            .header("Accept", "application/problem+json"),
    );
    traced
        .send_json::<serde_json::Value>(get("/x").header("X-Trace", "from-operation"))
        .await
        .expect("ok");
    client
        .send_json::<serde_json::Value>(get("/x"))
        .await
        .expect("ok");
    let requests = server.requests();
    assert_eq!(
        requests[1].header("x-trace"),
        Some("t-1"),
        "the call's header wins"
    );
    assert_eq!(
        requests[1].header("accept"),
        Some("application/problem+json")
    );
    assert_eq!(
        requests[2].header("x-trace"),
        None,
        "the client itself is unchanged"
    );
}

#[tokio::test]
async fn an_idempotency_key_is_sent_on_every_attempt_and_makes_a_post_retryable() {
    let server = Server::start(|index, _| match index {
        0 => vec![Step::Write(response(503, &[], b""))],
        _ => json("{}"),
    })
    .await;
    let retry = RetryPolicy::exponential(2).with_base_delay(Duration::from_millis(1));
    let client = client(&server.url, Config::default().with_retry(retry));
    let post =
        || Request::new(Method::POST, "/orders".to_owned()).json(&serde_json::json!({"n": 1}));
    let error = client
        .send_json::<serde_json::Value>(post().expect("body"))
        .await
        .expect_err("a POST without a key is not retried");
    assert_eq!(error.status().map(u16::from), Some(503));
    let keyed = client.with_options(CallOptions::new().idempotency_key("order-42"));
    // The server answers 200 from now on: the key is sent; a fresh flaky server shows the
    // keyed POST retried after a 503.
    keyed
        .send_json::<serde_json::Value>(post().expect("body"))
        .await
        .expect("ok");
    assert_eq!(
        server.requests()[1].header("idempotency-key"),
        Some("order-42")
    );
    let flaky = Server::start(|index, _| match index {
        0 => vec![Step::Write(response(503, &[], b""))],
        _ => json("{}"),
    })
    .await;
    let retry = RetryPolicy::exponential(2).with_base_delay(Duration::from_millis(1));
    self::client(&flaky.url, Config::default().with_retry(retry))
        .with_options(CallOptions::new().idempotency_key("order-43"))
        .send_json::<serde_json::Value>(post().expect("body"))
        .await
        .expect("retried with the key");
    let requests = flaky.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests
        .iter()
        .all(|r| r.header("idempotency-key") == Some("order-43")));
}

#[tokio::test]
async fn default_parameters_are_sent_unless_the_request_sets_them() {
    let server = Server::start(|_, _| json("{}")).await;
    let config = Config::default()
        .with_default_header("X-Api-Version", "2024-01-01")
        .with_default_query("api-version", "7");
    let client = client(&server.url, config);
    client
        .send_json::<serde_json::Value>(get("/a"))
        .await
        .expect("ok");
    client
        .send_json::<serde_json::Value>(
            get("/b")
                .header("x-api-version", "2025-06-01")
                .query("api-version", "8"),
        )
        .await
        .expect("ok");
    let requests = server.requests();
    assert_eq!(requests[0].uri, "/a?api-version=7");
    assert_eq!(requests[0].header("x-api-version"), Some("2024-01-01"));
    assert_eq!(requests[1].uri, "/b?api-version=8");
    assert_eq!(requests[1].header("x-api-version"), Some("2025-06-01"));
    let both: Vec<_> = requests[1]
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("x-api-version"))
        .collect();
    assert_eq!(both.len(), 1);
}

#[tokio::test]
async fn server_text_in_errors_cannot_forge_log_lines() {
    let body = "{\"error_code\":\"E\\u001b[31m1\",\"error_msg\":\"ok\\nINFO forged line \\u202eevil\",\"request_id\":\"r\\r\\n1\"}";
    let server = Server::start(move |_, _| {
        vec![Step::Write(response(
            400,
            &[("content-type", "application/json")],
            body.as_bytes(),
        ))]
    })
    .await;
    let error = client(&server.url, Config::default())
        .send_json::<serde_json::Value>(get("/x"))
        .await
        .expect_err("400");
    let text = error.to_string();
    for raw in ['\n', '\r', '\u{1b}', '\u{202e}'] {
        assert!(!text.contains(raw), "{raw:?} in {text:?}");
    }
    assert!(
        text.contains("ok\\nINFO forged line \\u{202e}evil"),
        "{text}"
    );
    assert!(text.contains("r\\r\\n1"), "{text}");
    // A body the client cannot decode: its snippet is escaped too.
    let garbage = "\u{1b}]0;title\u{7}\nnot json";
    let server = Server::start(move |_, _| {
        vec![Step::Write(response(
            200,
            &[("content-type", "application/json")],
            garbage.as_bytes(),
        ))]
    })
    .await;
    let error = client(&server.url, Config::default())
        .send_json::<serde_json::Value>(get("/x"))
        .await
        .expect_err("not json");
    let text = error.to_string();
    assert!(matches!(error, Error::Decode(_)));
    assert!(!text.contains('\n') && !text.contains('\u{1b}'), "{text:?}");
}
