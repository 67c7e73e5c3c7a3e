//! Per-call overhead of the generated client against a plain `reqwest` call.
//!
//! Both send the same PUT to the same minimal axum endpoint on 127.0.0.1, which answers with
//! the vendor page's example 200 body and checks nothing (no signature verification), so the
//! difference is the client's own cost:
//!
//! - `per_call/generated_client`: build the request, sign it (SDK-HMAC-SHA256), send it,
//!   read the bounded body and decode it into the typed response model;
//! - `per_call/plain_reqwest`: PUT the same JSON bytes and parse the answer into
//!   `serde_json::Value`.
//!
//!
//! On a shared, loaded machine the two separate benchmarks drift apart with the load, so
//! `PAIRED_ROUNDS=N cargo bench --bench client_overhead` measures them paired instead: N
//! rounds of 20 calls per client, alternating call by call (order swapped every
//! round); it prints the median of each client's per-round medians and the median per-round
//! difference.
//!
//! Self-contained: nothing from `tests/support` is used.
//!
//! `cargo bench --bench client_overhead -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;
use std::net::SocketAddr;

use axum::body::Bytes;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Router;
use criterion::{criterion_group, Criterion};
use tokio::runtime::Runtime;
use vpc_traffic_mirror::{models, AkSkCredentials, Client, Config};

const AK: &str = "HPUAEXAMPLEAK0000001";
const SK: &str = "exampleSecretKey0000000000000000000000000";
const PROJECT_ID: &str = "7365fcd452924e398ec4cc1fe39c0d12";
const SESSION_ID: &str = "e15a6e40-2580-4949-bf2a-55ee7cd49392";
const SOURCE_ID: &str = "6134900d-31a6-4b71-8453-dbca7f26982a";
const REQUEST_ID: &str = "6f107fc1-93be-4d5a-af71-4099da7eeaa9";

/// The vendor page's example request body, as the generated client serialises it.
const REQUEST_BODY: &str = r#"{"traffic_mirror_session":{"traffic_mirror_sources":["6134900d-31a6-4b71-8453-dbca7f26982a"]}}"#;

/// The vendor page's example 200 response body, verbatim.
const RESPONSE_BODY: &str = r#"{
  "traffic_mirror_session" : {
    "name" : "test-session",
    "created_at" : "2023-02-23T06:57:39.000+00:00",
    "updated_at" : "2023-02-23T06:57:39.000+00:00",
    "id" : "e15a6e40-2580-4949-bf2a-55ee7cd49392",
    "project_id" : "7365fcd452924e398ec4cc1fe39c0d12",
    "description" : "",
    "traffic_mirror_filter_id" : "b765ba87-c0b4-4f1a-9ec3-d5b1d1ddb137",
    "traffic_mirror_sources" : [ ],
    "traffic_mirror_target_id" : "",
    "traffic_mirror_target_type" : "",
    "virtual_network_id" : 1,
    "packet_length" : 96,
    "priority" : 6,
    "enabled" : true,
    "type" : "eni"
  },
  "request_id" : "6f107fc1-93be-4d5a-af71-4099da7eeaa9"
}"#;

/// Reads the whole request body (so both clients' uploads complete) and answers with the
/// example response. No checks: only client cost should show in the figures.
async fn answer(_body: Bytes) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (
                header::HeaderName::from_static("x-request-id"),
                HeaderValue::from_static(REQUEST_ID),
            ),
        ],
        RESPONSE_BODY,
    )
        .into_response()
}

/// Starts the endpoint on the runtime and returns its address.
fn start_endpoint(rt: &Runtime) -> SocketAddr {
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("local address");
    rt.spawn(async move {
        if let Err(err) = axum::serve(listener, Router::new().fallback(answer)).await {
            eprintln!("bench endpoint stopped: {err}");
        }
    });
    addr
}

/// The generated client against the endpoint at `addr`, and the body both clients send.
fn generated_client(
    addr: SocketAddr,
) -> (
    Client,
    models::RemoveSourcesFromTrafficMirrorSessionRequestBody,
) {
    let client = Client::builder()
        .endpoint(format!("http://{addr}"))
        .config(Config::default().with_allow_http(true))
        .credentials(AkSkCredentials::new(AK, SK))
        .project_id(PROJECT_ID)
        .build()
        .expect("valid client settings");
    let body = models::RemoveSourcesFromTrafficMirrorSessionRequestBody {
        traffic_mirror_session: models::TrafficMirrorSourcesOption {
            traffic_mirror_sources: vec![SOURCE_ID.to_owned()],
        },
    };
    (client, body)
}

fn per_call(c: &mut Criterion) {
    let rt = Runtime::new().expect("tokio runtime");
    let addr = start_endpoint(&rt);

    let (client, body) = generated_client(addr);
    assert_eq!(
        serde_json::to_string(&body).expect("serialises"),
        REQUEST_BODY,
        "both clients send the same bytes"
    );

    let plain = reqwest::Client::new();
    let url = format!(
        "http://{addr}/v3/{PROJECT_ID}/vpc/traffic-mirror-sessions/{SESSION_ID}/remove-sources"
    );

    // Both calls work before they are timed.
    rt.block_on(async {
        let response = client
            .remove_sources_from_traffic_mirror_session(SESSION_ID, &body)
            .await
            .expect("generated client call");
        assert_eq!(response.traffic_mirror_session.id, SESSION_ID);
        assert_eq!(response.request_id(), Some(REQUEST_ID));
        let value = plain_call(&plain, &url).await;
        assert_eq!(value["traffic_mirror_session"]["id"], SESSION_ID);
    });

    let mut group = c.benchmark_group("per_call");
    group.bench_function("generated_client", |b| {
        b.to_async(&rt).iter(|| async {
            let response = client
                .remove_sources_from_traffic_mirror_session(black_box(SESSION_ID), &body)
                .await
                .expect("generated client call");
            black_box(response)
        });
    });
    group.bench_function("plain_reqwest", |b| {
        b.to_async(&rt)
            .iter(|| async { black_box(plain_call(&plain, black_box(&url)).await) });
    });
    group.finish();
}

/// A plain PUT of the same JSON body, parsed into `serde_json::Value`.
async fn plain_call(client: &reqwest::Client, url: &str) -> serde_json::Value {
    let response = client
        .put(url)
        .header(header::CONTENT_TYPE, "application/json")
        .header("X-Project-Id", PROJECT_ID)
        .body(REQUEST_BODY)
        .send()
        .await
        .expect("plain reqwest call");
    assert!(response.status().is_success(), "{}", response.status());
    let bytes = response.bytes().await.expect("response body");
    serde_json::from_slice(&bytes).expect("JSON body")
}

/// The paired measurement (`PAIRED_ROUNDS`): medians of per-round medians, in microseconds.
fn paired(rounds: usize) {
    const CALLS: usize = 20;
    let rt = Runtime::new().expect("tokio runtime");
    let addr = start_endpoint(&rt);
    let (client, body) = generated_client(addr);
    let plain = reqwest::Client::new();
    let url = format!(
        "http://{addr}/v3/{PROJECT_ID}/vpc/traffic-mirror-sessions/{SESSION_ID}/remove-sources"
    );
    let micros = |d: std::time::Duration| d.as_secs_f64() * 1e6;
    let (mut ours, mut theirs, mut differences) = (Vec::new(), Vec::new(), Vec::new());
    rt.block_on(async {
        for round in 0..rounds + 2 {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            for call in 0..2 * CALLS {
                let started = std::time::Instant::now();
                if (call + round) % 2 == 0 {
                    let response = client
                        .remove_sources_from_traffic_mirror_session(black_box(SESSION_ID), &body)
                        .await
                        .expect("generated client call");
                    black_box(response);
                    a.push(micros(started.elapsed()));
                } else {
                    black_box(plain_call(&plain, black_box(&url)).await);
                    b.push(micros(started.elapsed()));
                }
            }
            if round < 2 {
                continue; // warm-up: connections, allocator
            }
            let (a, b) = (median(&mut a), median(&mut b));
            ours.push(a);
            theirs.push(b);
            differences.push(a - b);
        }
    });
    let (ours, theirs) = (median(&mut ours), median(&mut theirs));
    println!(
        "paired, {rounds} rounds of {CALLS}+{CALLS} calls: generated client {ours:.1} µs, \
         plain reqwest {theirs:.1} µs (medians of round medians); overhead {:+.1} µs \
         (median round difference), ratio {:.3}",
        median(&mut differences),
        ours / theirs
    );
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

criterion_group!(benches, per_call);

fn main() {
    if let Some(rounds) = std::env::var("PAIRED_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
    {
        paired(rounds);
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
