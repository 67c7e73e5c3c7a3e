//! Marker pagination, as the vendor's list APIs do it (ref §1 "PageInfo" and "List request
//! `limit`"/"`marker`", ref §2 "Pagination uses marker + page_info.next_marker").
//!
//! - `limit`: 0–2000. Absent or 0 means the maximum page, 2000. The docs give only the
//!   range (an assumption, then): a page of 0 items would make `limit=0` useless, so 0 is
//!   read as "no explicit limit", like an absent one.
//! - `marker`: the id of the last item of the previous page; the page starts after it.
//!   Empty means the first page ("为空时查询第一页"). An id that is not in the collection
//!   is refused with 400, since it cannot say where to resume.
//! - `page_info`: `previous_marker` is the first item of the page ("当前页第一条记录", ""
//!   on an empty page), `current_count` the page's size, and `next_marker` the last item,
//!   present only when more items follow ("最后一页时无next_marker字段").

use serde_json::{json, Value};

use crate::errors::ApiError;
use crate::query::{Filters, Kind, Query};
use crate::store::{id_of, Object};

/// Largest page the vendor serves, and the page size when `limit` is absent or 0.
pub(crate) const MAX_LIMIT: usize = 2000;

/// Query keys every list operation accepts, besides its field filters.
const PAGING_KEYS: [&str; 2] = ["limit", "marker"];

/// Which page a list request asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageRequest {
    limit: usize,
    marker: Option<String>,
}

impl PageRequest {
    /// Reads `limit` and `marker` from the query.
    pub(crate) fn from_query(query: &Query) -> Result<Self, ApiError> {
        let limit = match query.single("limit")? {
            None => MAX_LIMIT,
            Some(text) => parse_limit(text)?,
        };
        let marker = query
            .single("marker")?
            .filter(|m| !m.is_empty())
            .map(str::to_owned);
        Ok(PageRequest { limit, marker })
    }
}

/// `limit` must be an integer in 0–2000; 0 means the default page size.
fn parse_limit(text: &str) -> Result<usize, ApiError> {
    match text.parse::<usize>() {
        Ok(0) => Ok(MAX_LIMIT),
        Ok(limit) if limit <= MAX_LIMIT => Ok(limit),
        _ => Err(ApiError::invalid(
            "limit",
            format!("{text:?} must be an integer from 0 to {MAX_LIMIT}"),
        )),
    }
}

/// One page of resources and its `page_info`.
#[derive(Debug)]
pub(crate) struct Page<'a> {
    pub(crate) items: Vec<&'a Object>,
    pub(crate) info: Value,
}

/// A list operation's page: checks the query's keys against the documented `fields`
/// (plus `limit` and `marker`), then filters and paginates `all`.
pub(crate) fn select<'a>(
    all: &'a [Object],
    query: &Query,
    fields: &[(&'static str, Kind)],
) -> Result<Page<'a>, ApiError> {
    let mut known: Vec<&str> = fields.iter().map(|(name, _)| *name).collect();
    known.extend(PAGING_KEYS);
    query.check_known(&known)?;
    let filters = Filters::from_query(query, fields)?;
    let request = PageRequest::from_query(query)?;
    paginate(all, &request, |item| filters.keep(item))
}

/// Cuts the page `request` asks for out of `all` (the whole collection, in creation
/// order), keeping only the items `keep` accepts. The marker is looked up in the whole
/// collection, so a marker that the filters exclude still says where to resume.
pub(crate) fn paginate<'a>(
    all: &'a [Object],
    request: &PageRequest,
    keep: impl Fn(&Object) -> bool,
) -> Result<Page<'a>, ApiError> {
    let start = match &request.marker {
        None => 0,
        Some(marker) => position_after(all, marker)?,
    };
    let mut matching = all[start..].iter().filter(|item| keep(item));
    let items: Vec<&Object> = matching.by_ref().take(request.limit).collect();
    let more = matching.next().is_some();
    let info = page_info(&items, more);
    Ok(Page { items, info })
}

/// Index just after the item whose id is `marker`.
fn position_after(all: &[Object], marker: &str) -> Result<usize, ApiError> {
    all.iter()
        .position(|item| id_of(item) == marker)
        .map(|index| index + 1)
        .ok_or_else(|| {
            ApiError::invalid(
                "marker",
                format!("{marker:?} is not the id of an existing resource"),
            )
        })
}

/// `{"previous_marker", "current_count", "next_marker"?}`.
fn page_info(items: &[&Object], more: bool) -> Value {
    let first = items.first().map_or("", |item| id_of(item));
    let mut info = json!({"previous_marker": first, "current_count": items.len()});
    if let (true, Some(last)) = (more, items.last()) {
        info["next_marker"] = Value::from(id_of(last));
    }
    info
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(n: usize) -> Vec<Object> {
        (0..n)
            .map(|i| {
                json!({"id": format!("id{i}")})
                    .as_object()
                    .cloned()
                    .expect("object")
            })
            .collect()
    }

    fn request(raw: &str) -> PageRequest {
        PageRequest::from_query(&Query::parse(Some(raw))).expect("valid")
    }

    #[test]
    fn pages_through_everything_once() {
        let all = items(7);
        let first = paginate(&all, &request("limit=3"), |_| true).expect("page");
        assert_eq!(
            first.info,
            json!({"previous_marker": "id0", "current_count": 3, "next_marker": "id2"})
        );
        let second = paginate(&all, &request("limit=3&marker=id2"), |_| true).expect("page");
        assert_eq!(second.info["next_marker"], "id5");
        let last = paginate(&all, &request("limit=3&marker=id5"), |_| true).expect("page");
        assert_eq!(
            last.info,
            json!({"previous_marker": "id6", "current_count": 1})
        );
    }

    #[test]
    fn a_full_last_page_has_no_next_marker() {
        let all = items(3);
        let page = paginate(&all, &request("limit=3"), |_| true).expect("page");
        assert_eq!(page.info.get("next_marker"), None);
        let empty = paginate(&all, &request("marker=id2"), |_| true).expect("page");
        assert_eq!(
            empty.info,
            json!({"previous_marker": "", "current_count": 0})
        );
    }

    #[test]
    fn limits_and_markers_are_validated() {
        assert_eq!(request("limit=0").limit, MAX_LIMIT);
        assert_eq!(request("marker=").marker, None);
        for raw in ["limit=2001", "limit=-1", "limit=ten", "limit=1&limit=2"] {
            assert!(
                PageRequest::from_query(&Query::parse(Some(raw))).is_err(),
                "{raw}"
            );
        }
        assert!(paginate(&items(2), &request("marker=nope"), |_| true).is_err());
    }
}
