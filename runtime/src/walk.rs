//! The typed walk behind generated `…_pages`, `…_items` and `…_all` methods: a generated method
//! says only where the cursor parameter is, how a page is fetched and which pagination style
//! finds the next page; the walk itself is bounded by the client's `PageLimits` and stops at a
//! repeated cursor.

use std::future::Future;
use std::pin::Pin;

use futures_core::Stream;
use futures_util::StreamExt as _;

use crate::client::HttpClient;
use crate::error::Error;
use crate::paginate::{next_link, query_value, Cursor};
use crate::response::Response;

/// The pages of a listing, fetched when polled for (a generated `…_pages` method).
pub type Pages<'a, P> = Pin<Box<dyn Stream<Item = Result<Response<P>, Error>> + Send + 'a>>;

/// The items of a listing, page after page (a generated `…_items` method).
pub type Items<'a, I> = Pin<Box<dyn Stream<Item = Result<I, Error>> + Send + 'a>>;

/// How the next page of a listing is found: the styles of the `x-pagination` extension.
pub enum Next<P> {
    /// The next marker (cursor) is read from the page; none or empty: this was the last page.
    Marker(fn(&P) -> Option<String>),
    /// The next offset is the number of items seen so far (`fn` counts a page's items); an
    /// empty page is the last.
    Offset(fn(&P) -> Option<usize>),
    /// Page numbers: unset is page 1, then 2, 3, …; an empty page is the last.
    Page(fn(&P) -> Option<usize>),
    /// The named query parameter of the RFC 8288 `Link: <…>; rel="next"` header's URL; no
    /// `next` link ends the walk.
    Link(&'static str),
}

impl<P> Next<P> {
    /// The cursor of the page after `page`, fetched with `current`.
    fn after(&self, page: &Response<P>, current: Option<&str>) -> Option<Cursor> {
        let (count, first, per_page) = match self {
            Next::Marker(next) => return next(page.body()),
            Next::Link(param) => {
                return next_link(page.headers()).and_then(|url| query_value(&url, param))
            }
            Next::Offset(count) => (count, 0, false),
            Next::Page(count) => (count, 1, true),
        };
        let count = count(page.body())
            .and_then(|n| u64::try_from(n).ok())
            .unwrap_or(0);
        let current = current.and_then(|c| c.parse::<u64>().ok()).unwrap_or(first);
        let step = if per_page { 1 } else { count };
        (count > 0).then(|| current.saturating_add(step).to_string())
    }
}

/// A query parameter that holds a cursor: text, or an integer (an offset, a page number).
pub trait CursorParam: Sized {
    /// The parameter's value as a cursor.
    fn to_cursor(&self) -> Cursor;
    /// The parameter's value from a cursor; `None` when it does not fit the type.
    fn from_cursor(cursor: &str) -> Option<Self>;
}

impl CursorParam for String {
    fn to_cursor(&self) -> Cursor {
        self.clone()
    }
    fn from_cursor(cursor: &str) -> Option<Self> {
        Some(cursor.to_owned())
    }
}

macro_rules! integer_cursor {
    ($($ty:ty),*) => {$(
        impl CursorParam for $ty {
            fn to_cursor(&self) -> Cursor {
                self.to_string()
            }
            fn from_cursor(cursor: &str) -> Option<Self> {
                cursor.parse().ok()
            }
        }
    )*};
}
integer_cursor!(i32, i64, u32, u64);

impl HttpClient {
    /// The pages of a listing: `fetch(params)` gets one page, with the cursor parameter
    /// (`cursor(&mut params)`) set to where the page starts; the first page starts where
    /// `params` does (usually unset). Bounded by the client's `PageLimits`.
    pub fn walk<'a, Q, P, T, F, Fut>(
        &self,
        operation: &'static str,
        params: &Q,
        cursor: fn(&mut Q) -> &mut Option<T>,
        next: Next<P>,
        fetch: F,
    ) -> Pages<'a, P>
    where
        Q: Clone + Send + 'a,
        P: Send + 'a,
        T: CursorParam + 'a,
        F: Fn(Q) -> Fut + Send + 'a,
        Fut: Future<Output = Result<Response<P>, Error>> + Send + 'a,
    {
        let mut start = params.clone();
        let first = cursor(&mut start).as_ref().map(CursorParam::to_cursor);
        let fetch_from = move |at: Option<Cursor>| {
            let mut params = start.clone();
            let page = at
                .map(|text| {
                    T::from_cursor(&text).ok_or_else(|| {
                        Error::InvalidRequest(format!(
                            "{operation}: the next page's cursor does not fit its parameter's type"
                        ))
                    })
                })
                .transpose()
                .map(|value| {
                    *cursor(&mut params) = value;
                    fetch(params)
                });
            async move { page?.await }
        };
        let next = move |page: &Response<P>, current: Option<&str>| next.after(page, current);
        self.pages(operation, first, fetch_from, next).boxed()
    }

    /// Every item of every page (a generated `…_all` method), within `PageLimits::max_items`.
    ///
    /// # Errors
    /// The first page's error, or [`Error::PaginationLimit`] past a limit.
    pub async fn all_items<P, I>(
        &self,
        operation: &'static str,
        pages: Pages<'_, P>,
        items: fn(P) -> Option<Vec<I>>,
    ) -> Result<Vec<I>, Error> {
        let items = move |page: Response<P>| items(page.into_body()).unwrap_or_default();
        self.collect_items(operation, pages, items).await
    }
}

/// The items of every page, as one stream (a generated `…_items` method).
pub fn page_items<'a, P, I>(pages: Pages<'a, P>, items: fn(P) -> Option<Vec<I>>) -> Items<'a, I>
where
    P: Send + 'a,
    I: Send + 'a,
{
    let items = move |page: Response<P>| items(page.into_body()).unwrap_or_default();
    HttpClient::items(pages, items).boxed()
}
