//! Traffic mirror filters: list, create, show, update, delete.
//!
//! A filter is returned with its rules, split by direction into `ingress_rules` and
//! `egress_rules` (ref §1 `TrafficMirrorFilter`), so the rules are stored once, in the
//! rules table, and joined in when a filter is rendered.
//!
//! Deleting a filter that a session still uses is refused with 409: the session would
//! otherwise point at nothing. Deleting an unused filter deletes its rules with it, since
//! a rule cannot exist without its filter. (Neither is documented, ref §6.)

use serde_json::{json, Value};

use crate::errors::ApiError;
use crate::pagination::select;
use crate::query::{Kind, Query};
use crate::reply::Reply;
use crate::rules;
use crate::store::{id_of, new_id, object, text, Changes, Object, Store};
use crate::time::now_timestamp;
use crate::validation::Input;

/// The resource's name in error messages.
pub(crate) const KIND: &str = "Traffic mirror filter";

/// The body wrapper of every filter request and response (ref §1 "Body wrappers").
const WRAPPER: &str = "traffic_mirror_filter";

/// `Create/UpdateTrafficMirrorFilterOption` (ref §1); `name` is required only on create.
const FIELDS: &[&str] = &["description", "name"];

/// Query filters of `ListTrafficMirrorFilters` (ref §1 table).
const LIST_FILTERS: &[(&str, Kind)] = &[
    ("id", Kind::Text),
    ("name", Kind::Text),
    ("description", Kind::Text),
    ("created_at", Kind::Text),
    ("updated_at", Kind::Text),
];

/// The filter as the API returns it: with its rules, by direction, in creation order.
pub(crate) fn render(store: &Store, filter: &Object) -> Value {
    let id = id_of(filter);
    let mut rendered = filter.clone();
    rendered.insert(
        "ingress_rules".into(),
        Value::Array(rules::of_filter(store, id, "ingress")),
    );
    rendered.insert(
        "egress_rules".into(),
        Value::Array(rules::of_filter(store, id, "egress")),
    );
    Value::Object(rendered)
}

/// `GET …/traffic-mirror-filters`.
pub(crate) fn list(store: &Store, query: &Query) -> Result<Reply, ApiError> {
    let page = select(store.filters.all(), query, LIST_FILTERS)?;
    let filters: Vec<Value> = page
        .items
        .into_iter()
        .map(|filter| render(store, filter))
        .collect();
    Ok(Reply::Ok(
        json!({"traffic_mirror_filters": filters, "page_info": page.info}),
    ))
}

/// `POST …/traffic-mirror-filters`: 201 with the new, rule-less filter.
pub(crate) fn create(store: &mut Store, body: &[u8]) -> Result<Reply, ApiError> {
    let input = Input::parse(body, WRAPPER, FIELDS)?;
    let changes = read(&input)?;
    input.required("name", changes.get("name"))?;
    let mut filter = defaults(&store.project_id);
    changes.apply(&mut filter, &now_timestamp());
    store.filters.upsert(filter.clone());
    Ok(Reply::Created(wrap(store, &filter)))
}

/// `GET …/traffic-mirror-filters/{id}`.
pub(crate) fn show(store: &Store, id: &str) -> Result<Reply, ApiError> {
    Ok(Reply::Ok(wrap(store, store.filters.find(KIND, id)?)))
}

/// `PUT …/traffic-mirror-filters/{id}`: changes only the fields given.
pub(crate) fn update(store: &mut Store, id: &str, body: &[u8]) -> Result<Reply, ApiError> {
    let changes = read(&Input::parse(body, WRAPPER, FIELDS)?)?;
    changes.apply(store.filters.find_mut(KIND, id)?, &now_timestamp());
    show(store, id)
}

/// `DELETE …/traffic-mirror-filters/{id}`: 204, or 409 while a session uses the filter.
pub(crate) fn delete(store: &mut Store, id: &str) -> Result<Reply, ApiError> {
    store.filters.find(KIND, id)?;
    let user = store
        .sessions
        .iter()
        .find(|session| text(session, "traffic_mirror_filter_id") == id);
    if let Some(session) = user {
        return Err(ApiError::InUse(format!(
            "Traffic mirror filter {id} is in use by traffic mirror session {}; delete the session or move it to another filter first.",
            id_of(session)
        )));
    }
    store.filters.remove(id);
    store
        .rules
        .retain(|rule| text(rule, "traffic_mirror_filter_id") != id);
    Ok(Reply::NoContent)
}

/// Reads and validates the body's fields (same rules as a session's, ref §2).
fn read(input: &Input) -> Result<Changes, ApiError> {
    let mut changes = Changes::default();
    changes.set("name", input.name("name")?);
    changes.set("description", input.description("description")?);
    Ok(changes)
}

/// A new filter before the request's fields are applied; `type` is always "eni"
/// (ref §1 `TrafficMirrorFilter.type`).
fn defaults(project_id: &str) -> Object {
    let now = now_timestamp();
    object(json!({
        "id": new_id(),
        "project_id": project_id,
        "name": "",
        "description": "",
        "type": "eni",
        "created_at": now,
        "updated_at": now,
    }))
}

/// `{"traffic_mirror_filter": {…with rules…}}`.
fn wrap(store: &Store, filter: &Object) -> Value {
    json!({ "traffic_mirror_filter": render(store, filter) })
}
