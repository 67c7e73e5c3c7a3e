//! Traffic mirror sessions: list, create, show, update, delete, add and remove sources.
//!
//! A session mirrors its sources through one filter, so it can only be created with (or
//! moved to) a filter that exists: otherwise 404 naming the filter. Its source list is
//! capped by the account's quota (ref §1/§2: "Each mirror session can have up to 10 mirror
//! sources by default").

use std::ops::RangeInclusive;

use serde_json::{json, Value};

use crate::errors::ApiError;
use crate::filters;
use crate::pagination::select;
use crate::query::{Kind, Query};
use crate::reply::Reply;
use crate::store::{new_id, object, Changes, Object, Store};
use crate::time::now_timestamp;
use crate::validation::Input;

/// The resource's name in error messages.
pub(crate) const KIND: &str = "Traffic mirror session";

/// The body wrapper of every session request and response (ref §1 "Body wrappers").
const WRAPPER: &str = "traffic_mirror_session";

/// `CreateTrafficMirrorSessionOption` (ref §1).
const CREATE_FIELDS: &[&str] = &[
    "name",
    "description",
    "traffic_mirror_filter_id",
    "traffic_mirror_sources",
    "traffic_mirror_target_id",
    "traffic_mirror_target_type",
    "virtual_network_id",
    "packet_length",
    "priority",
    "enabled",
    "type",
];

/// Required on create (ref §1 "Required: name, traffic_mirror_filter_id, …, priority").
const REQUIRED: &[&str] = &[
    "name",
    "traffic_mirror_filter_id",
    "traffic_mirror_sources",
    "traffic_mirror_target_id",
    "traffic_mirror_target_type",
    "priority",
];

/// `UpdateTrafficMirrorSessionOption`: no `type` and no `traffic_mirror_sources` (ref §1).
const UPDATE_FIELDS: &[&str] = &[
    "name",
    "description",
    "traffic_mirror_filter_id",
    "traffic_mirror_target_id",
    "traffic_mirror_target_type",
    "virtual_network_id",
    "packet_length",
    "priority",
    "enabled",
];

/// `TrafficMirrorSourcesOption`, the add/remove-sources body (ref §1).
const SOURCES_FIELDS: &[&str] = &["traffic_mirror_sources"];

/// Query filters of `ListTrafficMirrorSessions` (ref §1 table; types from ref §2).
const LIST_FILTERS: &[(&str, Kind)] = &[
    ("id", Kind::Text),
    ("name", Kind::Text),
    ("description", Kind::Text),
    ("traffic_mirror_filter_id", Kind::Text),
    ("traffic_mirror_target_id", Kind::Text),
    ("traffic_mirror_target_type", Kind::Text),
    ("virtual_network_id", Kind::Integer),
    ("packet_length", Kind::Integer),
    ("priority", Kind::Integer),
    ("enabled", Kind::Boolean),
    ("type", Kind::Text),
    ("created_at", Kind::Text),
    ("updated_at", Kind::Text),
];

/// Mirror target types: "eni" or "elb" (ref §2 "Session constraints").
const TARGET_TYPES: &[&str] = &["eni", "elb"];

/// Source types: "eni" (ref §1) and "eip" (the seed page's `type` range lists both).
const SOURCE_TYPES: &[&str] = &["eni", "eip"];

/// VNI "0-16777215 Default value: 1" (ref §2).
const VNI: RangeInclusive<i64> = 0..=16_777_215;
/// Packet length (MTU) "1-1460 Default value: 96" (ref §2).
const PACKET_LENGTH: RangeInclusive<i64> = 1..=1460;
/// Session priority "1-32766" (ref §2).
const PRIORITY: RangeInclusive<i64> = 1..=32_766;

/// `GET …/traffic-mirror-sessions`.
pub(crate) fn list(store: &Store, query: &Query) -> Result<Reply, ApiError> {
    let page = select(store.sessions.all(), query, LIST_FILTERS)?;
    let sessions: Vec<Value> = page.items.into_iter().cloned().map(Value::Object).collect();
    Ok(Reply::Ok(
        json!({"traffic_mirror_sessions": sessions, "page_info": page.info}),
    ))
}

/// `POST …/traffic-mirror-sessions`: 201 with the new session.
pub(crate) fn create(store: &mut Store, body: &[u8]) -> Result<Reply, ApiError> {
    let input = Input::parse(body, WRAPPER, CREATE_FIELDS)?;
    let changes = read(&input)?;
    for key in REQUIRED {
        input.required(key, changes.get(key))?;
    }
    let sources = changes
        .get("traffic_mirror_sources")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    check_quota(
        store.max_sources,
        &input.path("traffic_mirror_sources"),
        sources,
    )?;
    check_filter_exists(store, &changes)?;

    let mut session = defaults(&store.project_id);
    changes.apply(&mut session, &now_timestamp());
    store.sessions.upsert(session.clone());
    Ok(Reply::Created(wrap(session)))
}

/// `GET …/traffic-mirror-sessions/{id}`.
pub(crate) fn show(store: &Store, id: &str) -> Result<Reply, ApiError> {
    Ok(Reply::Ok(wrap(store.sessions.find(KIND, id)?.clone())))
}

/// `PUT …/traffic-mirror-sessions/{id}`: changes only the fields given.
pub(crate) fn update(store: &mut Store, id: &str, body: &[u8]) -> Result<Reply, ApiError> {
    let changes = read(&Input::parse(body, WRAPPER, UPDATE_FIELDS)?)?;
    store.sessions.find(KIND, id)?;
    check_filter_exists(store, &changes)?;
    let session = store.sessions.find_mut(KIND, id)?;
    changes.apply(session, &now_timestamp());
    Ok(Reply::Ok(wrap(session.clone())))
}

/// `DELETE …/traffic-mirror-sessions/{id}`: 204.
pub(crate) fn delete(store: &mut Store, id: &str) -> Result<Reply, ApiError> {
    store
        .sessions
        .remove(id)
        .ok_or_else(|| ApiError::not_found(KIND, id))?;
    Ok(Reply::NoContent)
}

/// `PUT …/{id}/add-sources`: all or nothing. A source already associated is refused
/// (rather than ignored), and so is a result above the quota.
pub(crate) fn add_sources(store: &mut Store, id: &str, body: &[u8]) -> Result<Reply, ApiError> {
    let (path, requested) = requested_sources(body)?;
    let max = store.max_sources;
    let session = store.sessions.find_mut(KIND, id)?;
    let mut current = sources_of(session);
    if let Some(source) = requested.iter().find(|source| current.contains(source)) {
        return Err(ApiError::BadRequest(format!(
            "Traffic mirror source {source} is already associated with traffic mirror session {id}."
        )));
    }
    check_quota(max, &path, current.len() + requested.len())?;
    current.extend(requested);
    set_sources(session, current);
    Ok(Reply::Ok(wrap(session.clone())))
}

/// `PUT …/{id}/remove-sources`: all or nothing. Removing a source that is not associated
/// is a 400, as the project's original fake of this operation answers (ref §6: the
/// vendor's behaviour is not documented).
pub(crate) fn remove_sources(store: &mut Store, id: &str, body: &[u8]) -> Result<Reply, ApiError> {
    let (_, requested) = requested_sources(body)?;
    let session = store.sessions.find_mut(KIND, id)?;
    let current = sources_of(session);
    if let Some(missing) = requested.iter().find(|source| !current.contains(source)) {
        return Err(ApiError::BadRequest(format!(
            "Traffic mirror source {missing} is not associated with traffic mirror session {id}."
        )));
    }
    let remaining = current
        .into_iter()
        .filter(|source| !requested.contains(source))
        .collect();
    set_sources(session, remaining);
    Ok(Reply::Ok(wrap(session.clone())))
}

/// Reads and validates every field the body may carry; `Input::parse` has already
/// refused fields the operation does not take.
fn read(input: &Input) -> Result<Changes, ApiError> {
    let mut changes = Changes::default();
    changes.set("name", input.name("name")?);
    changes.set("description", input.description("description")?);
    changes.set(
        "traffic_mirror_filter_id",
        input.id("traffic_mirror_filter_id")?,
    );
    changes.set(
        "traffic_mirror_sources",
        input.id_list("traffic_mirror_sources")?,
    );
    changes.set(
        "traffic_mirror_target_id",
        input.id("traffic_mirror_target_id")?,
    );
    changes.set(
        "traffic_mirror_target_type",
        input.one_of("traffic_mirror_target_type", TARGET_TYPES)?,
    );
    changes.set(
        "virtual_network_id",
        input.lenient_integer("virtual_network_id", VNI)?,
    );
    changes.set(
        "packet_length",
        input.lenient_integer("packet_length", PACKET_LENGTH)?,
    );
    changes.set("priority", input.integer("priority", PRIORITY)?);
    changes.set("enabled", input.lenient_bool("enabled")?);
    changes.set("type", input.one_of("type", SOURCE_TYPES)?);
    Ok(changes)
}

/// A new session before the request's fields are applied: documented defaults
/// (VNI 1, packet length 96, disabled, type eni; ref §1/§2) and the 15 fields of the
/// seed page's example.
fn defaults(project_id: &str) -> Object {
    let now = now_timestamp();
    object(json!({
        "id": new_id(),
        "project_id": project_id,
        "name": "",
        "description": "",
        "traffic_mirror_filter_id": "",
        "traffic_mirror_sources": [],
        "traffic_mirror_target_id": "",
        "traffic_mirror_target_type": "",
        "virtual_network_id": 1,
        "packet_length": 96,
        "priority": 1,
        "enabled": false,
        "type": "eni",
        "created_at": now,
        "updated_at": now,
    }))
}

/// A session the request points at a filter must point at an existing one.
fn check_filter_exists(store: &Store, changes: &Changes) -> Result<(), ApiError> {
    match changes.text("traffic_mirror_filter_id") {
        Some(filter_id) => store.filters.find(filters::KIND, filter_id).map(drop),
        None => Ok(()),
    }
}

/// The quota on sources per session (ref §1/§2).
fn check_quota(max: usize, path: &str, count: usize) -> Result<(), ApiError> {
    if count <= max {
        return Ok(());
    }
    Err(ApiError::invalid(
        path,
        format!("a traffic mirror session can have at most {max} traffic mirror sources; this request would give it {count}"),
    ))
}

/// The validated, non-empty source list of an add/remove-sources body, with its path.
fn requested_sources(body: &[u8]) -> Result<(String, Vec<String>), ApiError> {
    let input = Input::parse(body, WRAPPER, SOURCES_FIELDS)?;
    let ids = input.required(
        "traffic_mirror_sources",
        input.id_list("traffic_mirror_sources")?,
    )?;
    let path = input.path("traffic_mirror_sources");
    if ids.is_empty() {
        return Err(ApiError::invalid(&path, "must not be empty"));
    }
    Ok((path, ids))
}

/// The session's current sources (strings only, whatever a seeded session holds).
fn sources_of(session: &Object) -> Vec<String> {
    session
        .get("traffic_mirror_sources")
        .and_then(Value::as_array)
        .map(|ids| {
            ids.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Replaces the session's sources and stamps `updated_at`.
fn set_sources(session: &mut Object, sources: Vec<String>) {
    let mut changes = Changes::default();
    changes.set("traffic_mirror_sources", Some(sources));
    changes.apply(session, &now_timestamp());
}

/// `{"traffic_mirror_session": {…}}`.
fn wrap(session: Object) -> Value {
    json!({ "traffic_mirror_session": session })
}
