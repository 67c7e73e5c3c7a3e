//! Pagination that cannot run away: the generated `…_all`, `…_pages` and `…_items` methods
//! against a server on 127.0.0.1 that hands out a new marker forever.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use futures_util::{StreamExt as _, TryStreamExt as _};
use serde_json::{json, Value};
use specforge_runtime::PageLimits;
use vpc_traffic_mirror::{models, AkSkCredentials, Client, Config, Error};

/// Serves every page with one session and a fresh next marker, never a last page.
async fn endless(delay: Duration) -> (String, Arc<AtomicUsize>) {
    let served = Arc::new(AtomicUsize::new(0));
    let app = Router::new()
        .route(
            "/v3/{project}/vpc/traffic-mirror-sessions",
            get(
                move |State(served): State<Arc<AtomicUsize>>,
                      Query(query): Query<Vec<(String, String)>>| async move {
                    let n = served.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(delay).await;
                    let marker = query
                        .iter()
                        .find(|(k, _)| k == "marker")
                        .map(|(_, v)| v.clone());
                    Json(page(n, marker))
                },
            ),
        )
        .with_state(Arc::clone(&served));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, served)
}

fn page(n: usize, marker: Option<String>) -> Value {
    json!({
        "traffic_mirror_sessions": [{
            "id": format!("s-{n}"), "name": "s", "description": "", "tenant_id": "t",
            "project_id": "p", "traffic_mirror_filter_id": "f", "traffic_mirror_sources": [],
            "traffic_mirror_target_id": "e", "traffic_mirror_target_type": "eni",
            "virtual_network_id": 1, "packet_length": 96, "priority": 1, "enabled": true,
            "type": "eni", "created_at": "2024-01-01T00:00:00.000000", "updated_at": "2024-01-01T00:00:00.000000"
        }],
        "page_info": {"previous_marker": marker.unwrap_or_default(), "current_count": 1, "next_marker": format!("m-{n}")}
    })
}

fn client(url: &str, limits: PageLimits) -> Client {
    Client::builder()
        .endpoint(url)
        .config(
            Config::default()
                .with_allow_http(true)
                .with_page_limits(limits),
        )
        .credentials(AkSkCredentials::new("ak", "sk"))
        .project_id("p")
        .build()
        .expect("client")
}

fn params() -> models::ListTrafficMirrorSessionsParams {
    models::ListTrafficMirrorSessionsParams::default()
}

#[tokio::test]
async fn all_stops_at_the_page_limit_with_an_error() {
    let (url, served) = endless(Duration::ZERO).await;
    let started = Instant::now();
    let error = client(&url, PageLimits::default().max_pages(25))
        .list_traffic_mirror_sessions_all(&params())
        .await
        .expect_err("endless");
    assert!(
        matches!(error, Error::PaginationLimit { pages: 25, .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("max_pages = 25"), "{error}");
    assert_eq!(served.load(Ordering::SeqCst), 25);
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn all_stops_at_the_item_limit_under_the_default_page_limit() {
    let (url, served) = endless(Duration::ZERO).await;
    let error = client(&url, PageLimits::default().max_items(40))
        .list_traffic_mirror_sessions_all(&params())
        .await
        .expect_err("endless");
    assert!(
        matches!(error, Error::PaginationLimit { items: 41, .. }),
        "{error:?}"
    );
    assert_eq!(served.load(Ordering::SeqCst), 41);
}

#[tokio::test]
async fn the_default_limits_bound_an_endless_listing() {
    let (url, served) = endless(Duration::ZERO).await;
    let error = client(&url, PageLimits::default())
        .list_traffic_mirror_sessions_all(&params())
        .await
        .expect_err("endless");
    assert!(
        matches!(error, Error::PaginationLimit { pages: 1000, .. }),
        "{error:?}"
    );
    assert_eq!(served.load(Ordering::SeqCst), 1000);
}

#[tokio::test]
async fn pages_are_fetched_only_when_polled() {
    let (url, served) = endless(Duration::ZERO).await;
    let client = client(&url, PageLimits::default());
    let pages = client.list_traffic_mirror_sessions_pages(&params());
    assert_eq!(
        served.load(Ordering::SeqCst),
        0,
        "nothing before the first poll"
    );
    let first: Vec<_> = pages.take(3).try_collect().await.expect("three pages");
    assert_eq!(first.len(), 3);
    assert_eq!(
        first[2].page_info.previous_marker, "m-1",
        "each page follows the last marker"
    );
    assert_eq!(served.load(Ordering::SeqCst), 3);
    let items: Vec<_> = client
        .list_traffic_mirror_sessions_items(&params())
        .take(5)
        .try_collect()
        .await
        .expect("five items");
    let ids: Vec<_> = items.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["s-3", "s-4", "s-5", "s-6", "s-7"]);
}

#[tokio::test]
async fn a_stream_ends_with_an_error_at_the_walk_deadline() {
    let (url, served) = endless(Duration::from_millis(100)).await;
    let limits = PageLimits::default().deadline(Some(Duration::from_millis(550)));
    let client = client(&url, limits);
    let started = Instant::now();
    let results: Vec<_> = client
        .list_traffic_mirror_sessions_pages(&params())
        .collect()
        .await;
    let elapsed = started.elapsed();
    let (last, pages) = results.split_last().expect("some results");
    assert!(pages.iter().all(Result::is_ok));
    assert!(matches!(last, Err(e) if e.is_timeout()), "{last:?}");
    assert!((4..=6).contains(&pages.len()), "{} pages", pages.len());
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    assert!(served.load(Ordering::SeqCst) <= 7);
}
