//! Every `x-pagination` style on the wire (fixture `pagination_styles.yaml`): offset/limit,
//! page numbers, a cursor in the body and RFC 8288 `Link` headers, against a server on
//! 127.0.0.1 serving 7 items 3 at a time; each walk returns every item exactly once.

use std::sync::{Arc, Mutex};

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::routing::get;
use axum::{Json, Router};
use fixture_crate::pagination_styles::models::{
    ListByCursorParams, ListByOffsetParams, ListByPageParams, ListIssuesParams,
};
use fixture_crate::pagination_styles::Client;
use futures_util::{StreamExt as _, TryStreamExt as _};
use serde_json::{json, Value};

const ITEMS: u64 = 7;
const PAGE: u64 = 3;

type Log = Arc<Mutex<Vec<String>>>;
type Params = Query<Vec<(String, String)>>;

fn number(query: &[(String, String)], name: &str) -> Option<u64> {
    query
        .iter()
        .find(|(k, _)| k == name)
        .and_then(|(_, v)| v.parse().ok())
}

fn ids(from: u64) -> Vec<Value> {
    (from..(from + PAGE).min(ITEMS))
        .map(|id| json!({"id": id}))
        .collect()
}

fn record(log: &Log, query: &[(String, String)]) {
    let text: Vec<String> = query.iter().map(|(k, v)| format!("{k}={v}")).collect();
    if let Ok(mut log) = log.lock() {
        log.push(text.join("&"));
    }
}

async fn serve() -> (Client, Log) {
    let log: Log = Arc::default();
    let app = Router::new()
        .route(
            "/by-offset",
            get(|State(log): State<Log>, Query(q): Params| async move {
                record(&log, &q);
                Json(json!({"items": ids(number(&q, "offset").unwrap_or(0)), "total": ITEMS}))
            }),
        )
        .route(
            "/by-page",
            get(|State(log): State<Log>, Query(q): Params| async move {
                record(&log, &q);
                let page = number(&q, "page").unwrap_or(1);
                Json(json!({"data": ids((page - 1) * PAGE)}))
            }),
        )
        .route(
            "/by-cursor",
            get(|State(log): State<Log>, Query(q): Params| async move {
                record(&log, &q);
                let from = q
                    .iter()
                    .find(|(k, _)| k == "cursor")
                    .and_then(|(_, v)| v.strip_prefix("after-")?.parse().ok())
                    .unwrap_or(0);
                let next = (from + PAGE < ITEMS).then(|| format!("after-{}", from + PAGE));
                Json(json!({"results": ids(from), "meta": {"next_cursor": next}}))
            }),
        )
        .route(
            "/issues",
            get(|State(log): State<Log>, Query(q): Params| async move {
                record(&log, &q);
                let page = number(&q, "page").unwrap_or(1);
                let mut headers = HeaderMap::new();
                let mut links = vec![format!(
                    "<http://example.test/issues?page=1>; rel=\"first\""
                )];
                if page * PAGE < ITEMS {
                    links.push(format!(
                        "<http://example.test/issues?per_page=3&page={}>; rel=\"next\"",
                        page + 1
                    ));
                }
                if let Ok(value) = links.join(", ").parse() {
                    headers.insert("link", value);
                }
                (headers, Json(Value::Array(ids((page - 1) * PAGE))))
            }),
        )
        .with_state(Arc::clone(&log));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    let client = Client::builder()
        .endpoint(url)
        .config(specforge_runtime::Config::default().with_allow_http(true))
        .build()
        .expect("client");
    (client, log)
}

fn requests(log: &Log) -> Vec<String> {
    log.lock().map(|l| l.clone()).unwrap_or_default()
}

#[tokio::test]
async fn offset_and_limit() {
    let (client, log) = serve().await;
    let items = client
        .list_by_offset_all(&ListByOffsetParams::default())
        .await
        .expect("all");
    let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
    assert_eq!(ids, [0, 1, 2, 3, 4, 5, 6]);
    // The next offset is the items seen so far; the empty page after them ends the walk.
    assert_eq!(requests(&log), ["", "offset=3", "offset=6", "offset=7"]);
}

#[tokio::test]
async fn page_numbers() {
    let (client, log) = serve().await;
    let params = ListByPageParams {
        per_page: Some(3),
        ..Default::default()
    };
    let items: Vec<_> = client
        .list_by_page_items(&params)
        .try_collect()
        .await
        .expect("items");
    assert_eq!(items.len(), 7);
    assert_eq!(
        requests(&log),
        [
            "per_page=3",
            "page=2&per_page=3",
            "page=3&per_page=3",
            "page=4&per_page=3"
        ]
    );
}

#[tokio::test]
async fn a_cursor_in_the_body() {
    let (client, log) = serve().await;
    let pages: Vec<_> = client
        .list_by_cursor_pages(&ListByCursorParams::default())
        .try_collect()
        .await
        .expect("pages");
    assert_eq!(pages.len(), 3);
    assert_eq!(pages[2].results.len(), 1);
    assert_eq!(requests(&log), ["", "cursor=after-3", "cursor=after-6"]);
}

#[tokio::test]
async fn link_headers() {
    let (client, log) = serve().await;
    let params = ListIssuesParams {
        per_page: Some(3),
        ..Default::default()
    };
    let items = client.list_issues_all(&params).await.expect("all");
    let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
    assert_eq!(ids, [0, 1, 2, 3, 4, 5, 6]);
    assert_eq!(
        requests(&log),
        ["per_page=3", "page=2&per_page=3", "page=3&per_page=3"]
    );
    // Lazily: one page, one request.
    let first = client.list_issues_pages(&params).next().await;
    assert!(
        matches!(first, Some(Ok(ref page)) if page.len() == 3),
        "{first:?}"
    );
    assert_eq!(requests(&log).len(), 4);
}
