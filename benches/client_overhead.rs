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
//! - `per_call/overhead_paired`: both calls in each iteration, back to back in alternating
//!   order, timing the generated call minus the plain one. On a shared, loaded machine the two
//!   separate benchmarks above drift apart with the load; a paired difference does not.
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
use criterion::{criterion_group, criterion_main, Criterion};
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

fn per_call(c: &mut Criterion) {
    let rt = Runtime::new().expect("tokio runtime");
    let addr = start_endpoint(&rt);

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
    group.bench_function("overhead_paired", |b| {
        b.to_async(&rt).iter_custom(|iters| {
            let (client, body, plain, url) = (&client, &body, &plain, &url);
            async move {
                let generated = || async {
                    let started = std::time::Instant::now();
                    let response = client
                        .remove_sources_from_traffic_mirror_session(black_box(SESSION_ID), body)
                        .await
                        .expect("generated client call");
                    black_box(response);
                    started.elapsed()
                };
                let reqwest = || async {
                    let started = std::time::Instant::now();
                    black_box(plain_call(plain, black_box(url)).await);
                    started.elapsed()
                };
                // Signed nanoseconds: a negative round (noise) must pull the mean down too.
                let mut difference: i128 = 0;
                for round in 0..iters {
                    let (ours, theirs) = if round % 2 == 0 {
                        let ours = generated().await;
                        (ours, reqwest().await)
                    } else {
                        let theirs = reqwest().await;
                        (generated().await, theirs)
                    };
                    difference += ours.as_nanos() as i128 - theirs.as_nanos() as i128;
                }
                std::time::Duration::from_nanos(u64::try_from(difference.max(0)).unwrap_or(0))
            }
        });
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

criterion_group!(benches, per_call);
criterion_main!(benches);
