//! Pagination that cannot run away: the walk behind generated `…_all`, `…_pages` and `…_items`
//! methods (`HttpClient::walk`, `all_items`, `page_items`, called here as a generated marker
//! listing calls them) against a server on 127.0.0.1 that hands out a new marker forever.

use test_support as support;

use std::time::{Duration, Instant};

use futures_util::{StreamExt as _, TryStreamExt as _};
use serde::Deserialize;
use serde_json::json;
use specforge_runtime::codegen::{self as rt, HttpClient, Method, Request};
use specforge_runtime::{Config, Error, Items, PageLimits, Pages, Response};
use support::{Seen, Server, Step};

#[derive(Debug, Clone, Default)]
struct ListParams {
    marker: Option<String>,
}

#[derive(Debug, Deserialize)]
struct ListPage {
    sessions: Vec<Session>,
    page_info: PageInfo,
}

#[derive(Debug, Deserialize)]
struct Session {
    id: String,
}

#[derive(Debug, Deserialize)]
struct PageInfo {
    previous_marker: String,
    next_marker: Option<String>,
}

/// A marker listing's four methods, as the generator writes them.
struct Listing {
    http: HttpClient,
}

impl Listing {
    async fn list(&self, params: &ListParams) -> Result<Response<ListPage>, Error> {
        let mut request = Request::new(Method::GET, "/sessions".to_owned())
            .operation("ListSessions")
            .accept(&["application/json"]);
        if let Some(marker) = &params.marker {
            request = request.query("marker", marker);
        }
        self.http.send_json(request).await
    }

    async fn all(&self, params: &ListParams) -> Result<Vec<Session>, Error> {
        let pages = self.pages(params);
        self.http
            .all_items("ListSessions", pages, |page| Some(page.sessions))
            .await
    }

    fn pages(&self, params: &ListParams) -> Pages<'_, ListPage> {
        self.http.walk(
            "ListSessions",
            params,
            |params| &mut params.marker,
            rt::Next::Marker(|page: &ListPage| page.page_info.next_marker.clone()),
            move |params| async move { self.list(&params).await },
        )
    }

    fn items(&self, params: &ListParams) -> Items<'_, Session> {
        rt::page_items(self.pages(params), |page| Some(page.sessions))
    }
}

/// The query parameter `marker` of a request, if any.
fn marker(seen: &Seen) -> Option<String> {
    let query = seen.uri.split_once('?')?.1;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("marker="))
        .map(str::to_owned)
}

/// Serves every page with one session and a fresh next marker, never a last page.
async fn endless(delay: Duration) -> Server {
    Server::start(move |n, seen| {
        let page = json!({
            "sessions": [{ "id": format!("s-{n}") }],
            "page_info": {
                "previous_marker": marker(seen).unwrap_or_default(),
                "next_marker": format!("m-{n}"),
            }
        });
        let mut steps = vec![Step::Sleep(delay)];
        steps.extend(support::json(&page.to_string()));
        steps
    })
    .await
}

fn listing(server: &Server, limits: PageLimits) -> Listing {
    Listing {
        http: support::client(&server.url, Config::default().with_page_limits(limits)),
    }
}

fn params() -> ListParams {
    ListParams::default()
}

#[tokio::test]
async fn all_stops_at_the_page_limit_with_an_error() {
    let server = endless(Duration::ZERO).await;
    let started = Instant::now();
    let error = listing(&server, PageLimits::default().max_pages(25))
        .all(&params())
        .await
        .expect_err("endless");
    assert!(
        matches!(error, Error::PaginationLimit { pages: 25, .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("max_pages = 25"), "{error}");
    assert_eq!(server.requests().len(), 25);
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn all_stops_at_the_item_limit_under_the_default_page_limit() {
    let server = endless(Duration::ZERO).await;
    let error = listing(&server, PageLimits::default().max_items(40))
        .all(&params())
        .await
        .expect_err("endless");
    assert!(
        matches!(error, Error::PaginationLimit { items: 41, .. }),
        "{error:?}"
    );
    assert_eq!(server.requests().len(), 41);
}

#[tokio::test]
async fn the_default_limits_bound_an_endless_listing() {
    let server = endless(Duration::ZERO).await;
    let error = listing(&server, PageLimits::default())
        .all(&params())
        .await
        .expect_err("endless");
    assert!(
        matches!(error, Error::PaginationLimit { pages: 1000, .. }),
        "{error:?}"
    );
    assert_eq!(server.requests().len(), 1000);
}

#[tokio::test]
async fn pages_are_fetched_only_when_polled() {
    let server = endless(Duration::ZERO).await;
    let listing = listing(&server, PageLimits::default());
    let pages = listing.pages(&params());
    assert_eq!(server.requests().len(), 0, "nothing before the first poll");
    let first: Vec<_> = pages.take(3).try_collect().await.expect("three pages");
    assert_eq!(first.len(), 3);
    assert_eq!(
        first[2].page_info.previous_marker, "m-1",
        "each page follows the last marker"
    );
    assert_eq!(server.requests().len(), 3);
    let items: Vec<_> = listing
        .items(&params())
        .take(5)
        .try_collect()
        .await
        .expect("five items");
    let ids: Vec<_> = items.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["s-3", "s-4", "s-5", "s-6", "s-7"]);
}

#[tokio::test]
async fn a_stream_ends_with_an_error_at_the_walk_deadline() {
    let server = endless(Duration::from_millis(100)).await;
    let limits = PageLimits::default().deadline(Some(Duration::from_millis(550)));
    let listing = listing(&server, limits);
    let started = Instant::now();
    let results: Vec<_> = listing.pages(&params()).collect().await;
    let elapsed = started.elapsed();
    let (last, pages) = results.split_last().expect("some results");
    assert!(pages.iter().all(Result::is_ok));
    assert!(matches!(last, Err(e) if e.is_timeout()), "{last:?}");
    assert!((4..=6).contains(&pages.len()), "{} pages", pages.len());
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    assert!(server.requests().len() <= 7);
}

/// Serves pages whose next marker alternates between two values, one with a terminal escape:
/// the third page's marker repeats the first's.
async fn looping() -> Server {
    Server::start(move |n, _seen| {
        let next = if n % 2 == 0 { "a\u{1b}[31m" } else { "b" };
        let page = json!({
            "sessions": [{ "id": format!("s-{n}") }],
            "page_info": { "previous_marker": "", "next_marker": next }
        });
        support::json(&page.to_string())
    })
    .await
}

#[tokio::test]
async fn a_repeated_marker_stops_the_walk_as_a_loop_not_a_decode_error() {
    let server = looping().await;
    let error = listing(&server, PageLimits::default())
        .all(&params())
        .await
        .expect_err("the markers loop");
    assert!(
        matches!(error, Error::PaginationLimit { pages: 3, .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(message.contains("already followed"), "{message}");
    // The server's marker is shown escaped: no raw escape character reaches the message.
    assert!(!message.contains('\u{1b}'), "{message:?}");
    assert!(message.contains("\\u{1b}"), "{message}");
    assert_eq!(server.requests().len(), 3);
}
