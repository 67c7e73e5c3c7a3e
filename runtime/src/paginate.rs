//! Paginated listings as lazy, bounded streams: each page is fetched when the caller polls for
//! it, and a walk stops with an error at a page, item or time limit instead of following a
//! server that hands out a new cursor forever.

use std::collections::HashSet;
use std::future::Future;
use std::time::Duration;

use futures_core::Stream;
use futures_util::{StreamExt as _, TryStreamExt as _};
use tokio::time::Instant;

use crate::client::HttpClient;
use crate::error::Error;
use crate::transport::TransportError;

/// Bounds of one walk through a paginated listing ([`Config::with_page_limits`](crate::Config::with_page_limits)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct PageLimits {
    /// Pages fetched at most (1,000 by default).
    pub max_pages: usize,
    /// Items collected at most by an `…_all` method (100,000 by default).
    pub max_items: usize,
    /// The whole walk, every page included (10 minutes by default; each page also has the
    /// call deadline).
    pub deadline: Option<Duration>,
}

impl Default for PageLimits {
    fn default() -> Self {
        PageLimits {
            max_pages: 1_000,
            max_items: 100_000,
            deadline: Some(Duration::from_secs(600)),
        }
    }
}

impl PageLimits {
    /// Sets the page limit.
    pub fn max_pages(mut self, pages: usize) -> Self {
        self.max_pages = pages;
        self
    }

    /// Sets the item limit of `…_all` methods.
    pub fn max_items(mut self, items: usize) -> Self {
        self.max_items = items;
        self
    }

    /// Sets the limit of the whole walk (`None`: unbounded).
    pub fn deadline(mut self, deadline: Option<Duration>) -> Self {
        self.deadline = deadline;
        self
    }
}

/// Where the next page starts: a marker or cursor (text), or a number (an offset or a page
/// number), as the operation's `x-pagination` style says.
pub type Cursor = String;

struct Walk<F, N> {
    fetch: F,
    next: N,
    cursor: Option<Cursor>,
    seen: HashSet<Cursor>,
    pages: usize,
    done: bool,
    started: Instant,
}

impl HttpClient {
    /// The pages of a listing, fetched lazily: `fetch(cursor)` gets one page (the first with
    /// `start`), `next(&page, cursor)` gives the cursor of the following one (`None` or empty:
    /// it was the last). Ends with an error when a cursor repeats, or at the client's
    /// [`PageLimits`] (`max_pages`, `deadline`). What [`HttpClient::walk`] runs.
    pub(crate) fn pages<'a, P, F, Fut, N>(
        &self,
        operation: &'static str,
        start: Option<Cursor>,
        fetch: F,
        next: N,
    ) -> impl Stream<Item = Result<P, Error>> + Send + Unpin + 'a
    where
        P: Send + 'a,
        F: FnMut(Option<Cursor>) -> Fut + Send + 'a,
        Fut: Future<Output = Result<P, Error>> + Send + 'a,
        N: Fn(&P, Option<&str>) -> Option<Cursor> + Send + 'a,
    {
        let limits = self.inner.config.page_limits;
        let walk = Walk {
            fetch,
            next,
            cursor: start,
            seen: HashSet::new(),
            pages: 0,
            done: false,
            started: Instant::now(),
        };
        futures_util::stream::unfold(walk, move |mut walk| async move {
            if walk.done {
                return None;
            }
            let result = walk.step(operation, &limits).await;
            walk.done = !matches!(result, Ok((_, true)));
            Some((result.map(|(page, _)| page), walk))
        })
        // Boxed so callers can poll it without pinning (one allocation per walk).
        .boxed()
    }

    /// Every item of every page, within the client's [`PageLimits`] (`max_items` too); what
    /// [`HttpClient::all_items`] runs.
    ///
    /// # Errors
    /// The first failing page's error, a repeated cursor, or [`Error::PaginationLimit`].
    pub(crate) async fn collect_items<P, I>(
        &self,
        operation: &'static str,
        pages: impl Stream<Item = Result<P, Error>>,
        items: impl Fn(P) -> Vec<I>,
    ) -> Result<Vec<I>, Error> {
        let limit = self.inner.config.page_limits.max_items;
        let mut pages = std::pin::pin!(pages);
        let (mut all, mut count) = (Vec::new(), 0);
        while let Some(page) = pages.next().await {
            all.extend(items(page?));
            count += 1;
            if all.len() > limit {
                return Err(Error::PaginationLimit {
                    operation,
                    pages: count,
                    items: all.len(),
                    limit: format!("more than max_items = {limit}"),
                });
            }
        }
        Ok(all)
    }

    /// The items of every page as one stream (what [`page_items`](crate::walk::page_items)
    /// runs).
    pub(crate) fn items<'a, P, I>(
        pages: impl Stream<Item = Result<P, Error>> + Send + Unpin + 'a,
        items: impl Fn(P) -> Vec<I> + Send + 'a,
    ) -> impl Stream<Item = Result<I, Error>> + Send + Unpin + 'a
    where
        P: Send + 'a,
        I: Send + 'a,
    {
        pages
            .map_ok(move |page| futures_util::stream::iter(items(page).into_iter().map(Ok)))
            .try_flatten()
            .boxed()
    }
}

impl<F, N> Walk<F, N> {
    /// Fetches the next page; `true` when there is one after it.
    async fn step<P, Fut>(
        &mut self,
        operation: &'static str,
        limits: &PageLimits,
    ) -> Result<(P, bool), Error>
    where
        F: FnMut(Option<Cursor>) -> Fut,
        Fut: Future<Output = Result<P, Error>>,
        N: Fn(&P, Option<&str>) -> Option<Cursor>,
    {
        if self.pages >= limits.max_pages {
            return Err(Error::PaginationLimit {
                operation,
                pages: self.pages,
                items: 0,
                limit: format!("the next page would pass max_pages = {}", limits.max_pages),
            });
        }
        let fetch = (self.fetch)(self.cursor.clone());
        let page = match limits.deadline {
            None => fetch.await?,
            Some(deadline) => tokio::time::timeout_at(self.started + deadline, fetch)
                .await
                .map_err(|_| {
                    Error::Timeout(TransportError::elapsed("pagination deadline", deadline))
                })??,
        };
        self.pages += 1;
        let next = (self.next)(&page, self.cursor.as_deref()).filter(|c| !c.is_empty());
        let Some(next) = next else {
            return Ok((page, false));
        };
        if !self.seen.insert(next.clone()) {
            return Err(Error::pagination_loop(operation, self.pages, &next));
        }
        self.cursor = Some(next);
        Ok((page, true))
    }
}

/// The `rel="next"` target of an RFC 8288 `Link` header (GitHub's pagination), if any.
pub fn next_link(headers: &http::HeaderMap) -> Option<String> {
    headers
        .get_all(http::header::LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .find_map(|link| {
            let (target, params) = link.trim().split_once('>')?;
            let target = target.trim().strip_prefix('<')?;
            let is_next = params.split(';').any(|param| {
                let Some((name, value)) = param.split_once('=') else {
                    return false;
                };
                name.trim().eq_ignore_ascii_case("rel")
                    && value
                        .trim()
                        .trim_matches('"')
                        .split_whitespace()
                        .any(|rel| rel.eq_ignore_ascii_case("next"))
            });
            is_next.then(|| target.to_owned())
        })
}

/// The value of query parameter `name` in `url` (how a `Link` target's page is followed with
/// the operation's own parameters).
pub fn query_value(url: &str, name: &str) -> Option<String> {
    let parsed = url::Url::parse(url)
        .or_else(|_| url::Url::parse("http://relative.invalid")?.join(url))
        .ok()?;
    let value = parsed.query_pairs().find(|(key, _)| key == name)?.1;
    Some(value.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_link_is_found_among_others() {
        let mut headers = http::HeaderMap::new();
        let value = "<https://api.github.com/repos/x/y/issues?page=1>; rel=\"prev\", \
                     <https://api.github.com/repos/x/y/issues?per_page=2&page=3>; rel=\"next\", \
                     <https://api.github.com/repos/x/y/issues?page=9>; rel=\"last\"";
        headers.insert(http::header::LINK, http::HeaderValue::from_static(value));
        let next = next_link(&headers);
        assert_eq!(
            next.as_deref(),
            Some("https://api.github.com/repos/x/y/issues?per_page=2&page=3")
        );
        assert_eq!(
            query_value(next.as_deref().unwrap_or(""), "page").as_deref(),
            Some("3")
        );
        assert_eq!(
            query_value("/items?cursor=a%20b", "cursor").as_deref(),
            Some("a b")
        );
        let mut last_only = http::HeaderMap::new();
        last_only.insert(
            http::header::LINK,
            http::HeaderValue::from_static("<https://x/?page=9>; rel=last"),
        );
        assert_eq!(next_link(&last_only), None);
        assert_eq!(next_link(&http::HeaderMap::new()), None);
    }
}
