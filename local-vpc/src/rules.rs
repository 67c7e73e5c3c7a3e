//! Traffic mirror filter rules: list, create, show, update, delete.
//!
//! A rule belongs to one filter, fixed at creation (the update body has neither
//! `traffic_mirror_filter_id` nor `direction`, ref §1), and appears in that filter's
//! `ingress_rules` or `egress_rules` by its direction.
//!
//! Assumptions where the vendor is silent: an absent CIDR block or port range is stored as
//! "" (any); a CIDR block must be of the rule's `ethertype` family; rule priorities need
//! not be unique within a filter.

use std::ops::RangeInclusive;

use serde_json::{json, Value};

use crate::errors::ApiError;
use crate::filters;
use crate::pagination::select;
use crate::query::{Kind, Query};
use crate::reply::Reply;
use crate::store::{new_id, object, text, Changes, Object, Store};
use crate::time::now_timestamp;
use crate::validation::{check_cidr, Family, Input};

/// The resource's name in error messages.
pub(crate) const KIND: &str = "Traffic mirror filter rule";

/// The body wrapper of every rule request and response (ref §1 "Body wrappers").
const WRAPPER: &str = "traffic_mirror_filter_rule";

/// `CreateTrafficMirrorFilterRuleOption` (ref §1).
const CREATE_FIELDS: &[&str] = &[
    "description",
    "traffic_mirror_filter_id",
    "direction",
    "protocol",
    "ethertype",
    "source_cidr_block",
    "destination_cidr_block",
    "source_port_range",
    "destination_port_range",
    "action",
    "priority",
];

/// Required on create (ref §1 "R: traffic_mirror_filter_id, direction, protocol,
/// ethertype, action, priority").
const REQUIRED: &[&str] = &[
    "traffic_mirror_filter_id",
    "direction",
    "protocol",
    "ethertype",
    "action",
    "priority",
];

/// `UpdateTrafficMirrorFilterRuleOption`: no `direction`, no `traffic_mirror_filter_id`.
const UPDATE_FIELDS: &[&str] = &[
    "description",
    "protocol",
    "ethertype",
    "source_cidr_block",
    "destination_cidr_block",
    "source_port_range",
    "destination_port_range",
    "priority",
    "action",
];

/// Query filters of `ListTrafficMirrorFilterRules` (ref §1 table).
const LIST_FILTERS: &[(&str, Kind)] = &[
    ("id", Kind::Text),
    ("description", Kind::Text),
    ("traffic_mirror_filter_id", Kind::Text),
    ("direction", Kind::Text),
    ("protocol", Kind::Text),
    ("source_cidr_block", Kind::Text),
    ("destination_cidr_block", Kind::Text),
    ("source_port_range", Kind::Text),
    ("destination_port_range", Kind::Text),
    ("action", Kind::Text),
    ("priority", Kind::Integer),
];

/// Documented enums (ref §2 "Filter rule constraints"), case-sensitive as written there,
/// except `protocol`: the real service also takes lower case and returns the spelling it was
/// given (the vendor's Terraform acceptance test creates rules with `tcp`, `udp`, `icmpv6` and
/// `all` and reads them back unchanged; see the comment in spec/vpc.yaml).
const DIRECTIONS: &[&str] = &["ingress", "egress"];
const PROTOCOLS: &[&str] = &[
    "TCP", "UDP", "ICMP", "ICMPV6", "ALL", "tcp", "udp", "icmp", "icmpv6", "all",
];
const ETHERTYPES: &[&str] = &["IPv4", "IPv6"];
const ACTIONS: &[&str] = &["accept", "reject"];

/// Rule priority "1-65535. A smaller value indicates a higher priority." (ref §2).
const PRIORITY: RangeInclusive<i64> = 1..=65_535;

/// The fields holding CIDR blocks, checked against the rule's `ethertype`.
const CIDR_FIELDS: [&str; 2] = ["source_cidr_block", "destination_cidr_block"];

/// The rules of one filter in one direction, in creation order, as full rule objects.
pub(crate) fn of_filter(store: &Store, filter_id: &str, direction: &str) -> Vec<Value> {
    store
        .rules
        .iter()
        .filter(|rule| {
            text(rule, "traffic_mirror_filter_id") == filter_id
                && text(rule, "direction") == direction
        })
        .cloned()
        .map(Value::Object)
        .collect()
}

/// `GET …/traffic-mirror-filter-rules`.
pub(crate) fn list(store: &Store, query: &Query) -> Result<Reply, ApiError> {
    let page = select(store.rules.all(), query, LIST_FILTERS)?;
    let rules: Vec<Value> = page.items.into_iter().cloned().map(Value::Object).collect();
    Ok(Reply::Ok(
        json!({"traffic_mirror_filter_rules": rules, "page_info": page.info}),
    ))
}

/// `POST …/traffic-mirror-filter-rules`: 201 with the new rule. The filter must exist.
pub(crate) fn create(store: &mut Store, body: &[u8]) -> Result<Reply, ApiError> {
    let input = Input::parse(body, WRAPPER, CREATE_FIELDS)?;
    let changes = read(&input)?;
    for key in REQUIRED {
        input.required(key, changes.get(key))?;
    }
    let filter_id = changes.text("traffic_mirror_filter_id").unwrap_or_default();
    store.filters.find(filters::KIND, filter_id)?;

    let mut rule = defaults(&store.project_id);
    changes.apply(&mut rule, &now_timestamp());
    check_families(&rule)?;
    store.rules.upsert(rule.clone());
    Ok(Reply::Created(wrap(rule)))
}

/// `GET …/traffic-mirror-filter-rules/{id}`.
pub(crate) fn show(store: &Store, id: &str) -> Result<Reply, ApiError> {
    Ok(Reply::Ok(wrap(store.rules.find(KIND, id)?.clone())))
}

/// `PUT …/traffic-mirror-filter-rules/{id}`: changes only the fields given; the result
/// must still be consistent (e.g. an IPv6 ethertype with an IPv4 block is refused).
pub(crate) fn update(store: &mut Store, id: &str, body: &[u8]) -> Result<Reply, ApiError> {
    let changes = read(&Input::parse(body, WRAPPER, UPDATE_FIELDS)?)?;
    let stored = store.rules.find_mut(KIND, id)?;
    let mut updated = stored.clone();
    changes.apply(&mut updated, &now_timestamp());
    check_families(&updated)?;
    *stored = updated.clone();
    Ok(Reply::Ok(wrap(updated)))
}

/// `DELETE …/traffic-mirror-filter-rules/{id}`: 204.
pub(crate) fn delete(store: &mut Store, id: &str) -> Result<Reply, ApiError> {
    store
        .rules
        .remove(id)
        .ok_or_else(|| ApiError::not_found(KIND, id))?;
    Ok(Reply::NoContent)
}

/// Reads and validates every field the body may carry; `Input::parse` has already
/// refused fields the operation does not take.
fn read(input: &Input) -> Result<Changes, ApiError> {
    let mut changes = Changes::default();
    changes.set("description", input.description("description")?);
    changes.set(
        "traffic_mirror_filter_id",
        input.id("traffic_mirror_filter_id")?,
    );
    changes.set("direction", input.one_of("direction", DIRECTIONS)?);
    changes.set("protocol", input.one_of("protocol", PROTOCOLS)?);
    changes.set("ethertype", input.one_of("ethertype", ETHERTYPES)?);
    changes.set("action", input.one_of("action", ACTIONS)?);
    changes.set("priority", input.integer("priority", PRIORITY)?);
    changes.set("source_cidr_block", input.cidr("source_cidr_block")?);
    changes.set(
        "destination_cidr_block",
        input.cidr("destination_cidr_block")?,
    );
    changes.set("source_port_range", input.port_range("source_port_range")?);
    changes.set(
        "destination_port_range",
        input.port_range("destination_port_range")?,
    );
    Ok(changes)
}

/// Each CIDR block must belong to the rule's address family.
fn check_families(rule: &Object) -> Result<(), ApiError> {
    let expected = match text(rule, "ethertype") {
        "IPv6" => Family::V6,
        _ => Family::V4,
    };
    for field in CIDR_FIELDS {
        let path = format!("{WRAPPER}.{field}");
        if let Some(family) = check_cidr(&path, text(rule, field))? {
            if family != expected {
                return Err(ApiError::invalid(
                    &path,
                    format!(
                        "{} does not match ethertype {}",
                        text(rule, field),
                        text(rule, "ethertype")
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// A new rule before the request's fields are applied: all 15 fields of
/// `TrafficMirrorFilterRule` (ref §1), unset CIDRs and ports as "" (any).
fn defaults(project_id: &str) -> Object {
    let now = now_timestamp();
    object(json!({
        "id": new_id(),
        "project_id": project_id,
        "description": "",
        "traffic_mirror_filter_id": "",
        "direction": "",
        "source_cidr_block": "",
        "destination_cidr_block": "",
        "source_port_range": "",
        "destination_port_range": "",
        "ethertype": "",
        "protocol": "",
        "action": "",
        "priority": 1,
        "created_at": now,
        "updated_at": now,
    }))
}

/// `{"traffic_mirror_filter_rule": {…}}`.
fn wrap(rule: Object) -> Value {
    json!({ "traffic_mirror_filter_rule": rule })
}
