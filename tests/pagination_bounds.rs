//! The generated VPC client's `…_all`, `…_pages` and `…_items` methods against a server on
//! 127.0.0.1 that hands out a new marker forever: wired to the VPC's marker and bounded.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

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

/// The VPC's listing methods are wired to its marker: `…_pages` sends each page's
/// `page_info.next_marker` as the next `marker`, `…_items` yields
/// `traffic_mirror_sessions`, and `…_all` runs within the client's `PageLimits` (the walk's
/// own bounds are tested in `runtime/tests/pagination_bounds.rs`).
#[tokio::test]
async fn the_listing_methods_follow_the_vpc_marker_within_the_limits() {
    let (url, served) = endless(Duration::ZERO).await;
    let client = client(&url, PageLimits::default().max_pages(4));
    // The stream types are named through the client crate (no runtime dependency needed).
    let pages: vpc_traffic_mirror::Pages<'_, _> =
        client.list_traffic_mirror_sessions_pages(&params());
    let first: Vec<_> = pages.take(3).try_collect().await.expect("three pages");
    assert_eq!(
        first[2].page_info.previous_marker, "m-1",
        "each page follows the last marker"
    );
    let items: vpc_traffic_mirror::Items<'_, _> =
        client.list_traffic_mirror_sessions_items(&params());
    let items: Vec<_> = items.take(2).try_collect().await.expect("two items");
    let ids: Vec<_> = items.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["s-3", "s-4"]);
    let error = client
        .list_traffic_mirror_sessions_all(&params())
        .await
        .expect_err("endless");
    assert!(
        matches!(error, Error::PaginationLimit { pages: 4, .. }),
        "{error:?}"
    );
    assert_eq!(served.load(Ordering::SeqCst), 3 + 2 + 4);
}
