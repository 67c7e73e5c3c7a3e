//! Every one of the 17 operations on its happy path, over HTTP with signed requests,
//! plus pagination and list filters.

mod common;

use std::collections::HashSet;

use common::{create_filter, create_rule, create_session, session_body, start, Api};
use local_vpc::Options;
use serde_json::{json, Value};

const SOURCE_A: &str = "6134900d-31a6-4b71-8453-dbca7f26982a";
const SOURCE_B: &str = "0b2a4a4e-0000-4000-8000-000000000002";
const SOURCE_C: &str = "0b2a4a4e-0000-4000-8000-000000000003";

/// The 15 fields of the seed page's example session.
const SESSION_FIELDS: [&str; 15] = [
    "name",
    "created_at",
    "updated_at",
    "id",
    "project_id",
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

/// The 15 fields of `TrafficMirrorFilterRule`.
const RULE_FIELDS: [&str; 15] = [
    "id",
    "project_id",
    "description",
    "traffic_mirror_filter_id",
    "direction",
    "source_cidr_block",
    "destination_cidr_block",
    "source_port_range",
    "destination_port_range",
    "ethertype",
    "protocol",
    "action",
    "priority",
    "created_at",
    "updated_at",
];

fn keys(object: &Value) -> HashSet<&str> {
    object
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}

/// `2023-02-23T06:57:39.000+00:00`: the seed example's format.
fn assert_vendor_timestamp(value: &Value) {
    let text = value.as_str().expect("a string timestamp");
    let bytes = text.as_bytes();
    assert_eq!(bytes.len(), 29, "{text}");
    assert_eq!(
        (bytes[4], bytes[10], bytes[19]),
        (b'-', b'T', b'.'),
        "{text}"
    );
    assert!(text.ends_with("+00:00"), "{text}");
}

fn ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|item| item["id"].as_str().expect("id"))
        .collect()
}

#[tokio::test]
async fn session_operations_create_show_update_sources_list_delete() {
    let vpc = start().await;
    let api = Api::new(&vpc);
    let filter = create_filter(&api, "filter-1").await;

    // Create: 201, all 15 fields, documented defaults, request id in body and header.
    let created = api
        .post(
            "traffic-mirror-sessions",
            session_body("session-1", &filter, &[SOURCE_A]),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.header("content-type"), Some("application/json"));
    assert_eq!(
        created.body["request_id"].as_str(),
        created.header("x-request-id")
    );
    assert_eq!(
        vpc.last_request_id().as_deref(),
        created.header("x-request-id")
    );
    let session = &created.body["traffic_mirror_session"];
    assert_eq!(keys(session), SESSION_FIELDS.into_iter().collect());
    assert_eq!(session["project_id"], Options::DEFAULT_PROJECT_ID);
    assert_eq!(
        (
            &session["virtual_network_id"],
            &session["packet_length"],
            &session["enabled"],
            &session["type"]
        ),
        (&json!(1), &json!(96), &json!(false), &json!("eni"))
    );
    assert_vendor_timestamp(&session["created_at"]);
    let id = session["id"].as_str().expect("id").to_owned();

    // Show.
    let shown = api.get(&format!("traffic-mirror-sessions/{id}"), &[]).await;
    assert_eq!(shown.status, 200);
    assert_eq!(shown.body["traffic_mirror_session"], *session);

    // Update: only the given fields change; `enabled` as the SDK's string.
    let body = json!({"traffic_mirror_session": {"name": "renamed", "enabled": "true", "packet_length": 1460}});
    let updated = api
        .put(&format!("traffic-mirror-sessions/{id}"), body)
        .await;
    assert_eq!(updated.status, 200, "{}", updated.body);
    let after = &updated.body["traffic_mirror_session"];
    assert_eq!(
        (&after["name"], &after["enabled"], &after["packet_length"]),
        (&json!("renamed"), &json!(true), &json!(1460))
    );
    assert_eq!(after["priority"], 6);

    // Add and remove sources.
    let sources =
        |list: &[&str]| json!({"traffic_mirror_session": {"traffic_mirror_sources": list}});
    let added = api
        .put(
            &format!("traffic-mirror-sessions/{id}/add-sources"),
            sources(&[SOURCE_B, SOURCE_C]),
        )
        .await;
    assert_eq!(added.status, 200, "{}", added.body);
    assert_eq!(
        added.body["traffic_mirror_session"]["traffic_mirror_sources"],
        json!([SOURCE_A, SOURCE_B, SOURCE_C])
    );
    let removed = api
        .put(
            &format!("traffic-mirror-sessions/{id}/remove-sources"),
            sources(&[SOURCE_A]),
        )
        .await;
    assert_eq!(removed.status, 200, "{}", removed.body);
    assert_eq!(
        removed.body["traffic_mirror_session"]["traffic_mirror_sources"],
        json!([SOURCE_B, SOURCE_C])
    );

    // List.
    let listed = api.get("traffic-mirror-sessions", &[]).await;
    assert_eq!(listed.status, 200);
    assert_eq!(ids(&listed.body["traffic_mirror_sessions"]), [id.as_str()]);
    assert_eq!(
        listed.body["page_info"],
        json!({"previous_marker": id, "current_count": 1})
    );

    // Delete: 204, empty body, still a request id header; then it is gone.
    let deleted = api.delete(&format!("traffic-mirror-sessions/{id}")).await;
    assert_eq!(deleted.status, 204);
    assert!(deleted.raw.is_empty());
    assert!(deleted.header("x-request-id").is_some());
    api.get(&format!("traffic-mirror-sessions/{id}"), &[])
        .await
        .assert_error(404, "VPC.0003", &id);
}

#[tokio::test]
async fn filter_operations_create_show_update_list_delete() {
    let vpc = start().await;
    let api = Api::new(&vpc);

    let created = api
        .post(
            "traffic-mirror-filters",
            json!({"traffic_mirror_filter": {"name": "f-1", "description": "web"}}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let filter = &created.body["traffic_mirror_filter"];
    assert_eq!(
        keys(filter),
        [
            "id",
            "project_id",
            "name",
            "description",
            "ingress_rules",
            "egress_rules",
            "created_at",
            "updated_at",
            "type"
        ]
        .into_iter()
        .collect()
    );
    assert_eq!(
        (
            &filter["ingress_rules"],
            &filter["egress_rules"],
            &filter["type"]
        ),
        (&json!([]), &json!([]), &json!("eni"))
    );
    assert_vendor_timestamp(&filter["updated_at"]);
    let id = filter["id"].as_str().expect("id").to_owned();

    let shown = api.get(&format!("traffic-mirror-filters/{id}"), &[]).await;
    assert_eq!(
        (shown.status, &shown.body["traffic_mirror_filter"]),
        (200, filter)
    );

    let updated = api
        .put(
            &format!("traffic-mirror-filters/{id}"),
            json!({"traffic_mirror_filter": {"description": "db"}}),
        )
        .await;
    assert_eq!(updated.status, 200, "{}", updated.body);
    assert_eq!(
        (
            &updated.body["traffic_mirror_filter"]["name"],
            &updated.body["traffic_mirror_filter"]["description"]
        ),
        (&json!("f-1"), &json!("db"))
    );

    let listed = api.get("traffic-mirror-filters", &[("name", "f-1")]).await;
    assert_eq!(ids(&listed.body["traffic_mirror_filters"]), [id.as_str()]);
    assert_eq!(listed.body["page_info"]["current_count"], 1);

    assert_eq!(
        api.delete(&format!("traffic-mirror-filters/{id}"))
            .await
            .status,
        204
    );
    api.get(&format!("traffic-mirror-filters/{id}"), &[])
        .await
        .assert_error(404, "VPC.0003", "Traffic mirror filter");
}

#[tokio::test]
async fn rule_operations_and_rules_appear_in_their_filter_by_direction() {
    let vpc = start().await;
    let api = Api::new(&vpc);
    let filter = create_filter(&api, "f").await;
    let ingress = create_rule(&api, &filter, "ingress").await;
    let egress = create_rule(&api, &filter, "egress").await;

    let shown = api
        .get(&format!("traffic-mirror-filter-rules/{ingress}"), &[])
        .await;
    assert_eq!(shown.status, 200);
    let rule = &shown.body["traffic_mirror_filter_rule"];
    assert_eq!(keys(rule), RULE_FIELDS.into_iter().collect());
    assert_eq!(
        (
            &rule["source_cidr_block"],
            &rule["destination_cidr_block"],
            &rule["destination_port_range"]
        ),
        (&json!("10.0.0.0/24"), &json!(""), &json!("80-200"))
    );

    let with_rules = api
        .get(&format!("traffic-mirror-filters/{filter}"), &[])
        .await;
    let filter_body = &with_rules.body["traffic_mirror_filter"];
    assert_eq!(ids(&filter_body["ingress_rules"]), [ingress.as_str()]);
    assert_eq!(ids(&filter_body["egress_rules"]), [egress.as_str()]);
    assert_eq!(filter_body["ingress_rules"][0], *rule, "full rule objects");

    let body = json!({"traffic_mirror_filter_rule": {"protocol": "UDP", "priority": 1, "action": "reject", "source_port_range": "53"}});
    let updated = api
        .put(&format!("traffic-mirror-filter-rules/{ingress}"), body)
        .await;
    assert_eq!(updated.status, 200, "{}", updated.body);
    let after = &updated.body["traffic_mirror_filter_rule"];
    assert_eq!(
        (
            &after["protocol"],
            &after["priority"],
            &after["action"],
            &after["direction"]
        ),
        (
            &json!("UDP"),
            &json!(1),
            &json!("reject"),
            &json!("ingress")
        )
    );

    let listed = api
        .get(
            "traffic-mirror-filter-rules",
            &[
                ("traffic_mirror_filter_id", &filter),
                ("direction", "egress"),
            ],
        )
        .await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    assert_eq!(
        ids(&listed.body["traffic_mirror_filter_rules"]),
        [egress.as_str()]
    );

    assert_eq!(
        api.delete(&format!("traffic-mirror-filter-rules/{egress}"))
            .await
            .status,
        204
    );
    let after_delete = api
        .get(&format!("traffic-mirror-filters/{filter}"), &[])
        .await;
    assert_eq!(
        after_delete.body["traffic_mirror_filter"]["egress_rules"],
        json!([])
    );
    api.get(&format!("traffic-mirror-filter-rules/{egress}"), &[])
        .await
        .assert_error(404, "VPC.0003", &egress);
}

#[tokio::test]
async fn the_python_sdks_wire_format_is_accepted() {
    let vpc = start().await;
    let api = Api::new(&vpc);
    let filter = create_filter(&api, "f").await;
    // As simplejson writes it: ", " and ": " separators, \uXXXX escapes, and the three
    // string-typed fields of CreateTrafficMirrorSessionOption.
    let body = format!(
        "{{\"traffic_mirror_session\": {{\"name\": \"\\u955c\\u50cf-1\", \"description\": \"\", \
         \"traffic_mirror_filter_id\": \"{filter}\", \"traffic_mirror_sources\": [\"{SOURCE_A}\"], \
         \"traffic_mirror_target_id\": \"t-1\", \"traffic_mirror_target_type\": \"elb\", \
         \"virtual_network_id\": \"16777215\", \"packet_length\": \"1\", \"priority\": 32766, \
         \"enabled\": \"true\", \"type\": \"eni\"}}}}"
    );
    let mut request = api.request("POST", "traffic-mirror-sessions");
    request.body = body.into_bytes();
    let reply = api.send(request).await.expect("sent");
    assert_eq!(reply.status, 201, "{}", reply.body);
    let session = &reply.body["traffic_mirror_session"];
    assert_eq!(session["name"], "镜像-1");
    assert_eq!(
        (
            &session["virtual_network_id"],
            &session["packet_length"],
            &session["enabled"],
            &session["priority"]
        ),
        (&json!(16_777_215), &json!(1), &json!(true), &json!(32766))
    );
}

#[tokio::test]
async fn pagination_across_three_pages_returns_each_session_once() {
    let vpc = start().await;
    let api = Api::new(&vpc);
    let filter = create_filter(&api, "f").await;
    let mut created = Vec::new();
    for n in 0..7 {
        created.push(create_session(&api, &format!("s{n}"), &filter, &[]).await);
    }

    let mut seen = Vec::new();
    let mut marker: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut query = vec![("limit", "3".to_owned())];
        if let Some(marker) = &marker {
            query.push(("marker", marker.clone()));
        }
        let query: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let page = api.get("traffic-mirror-sessions", &query).await;
        assert_eq!(page.status, 200, "{}", page.body);
        pages += 1;
        let page_ids = ids(&page.body["traffic_mirror_sessions"]);
        let info = &page.body["page_info"];
        assert_eq!(info["current_count"], page_ids.len());
        assert_eq!(info["previous_marker"], page_ids[0]);
        seen.extend(page_ids.iter().map(|id| id.to_string()));
        match info.get("next_marker") {
            Some(next) => marker = Some(next.as_str().expect("string").to_owned()),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, created, "every session once, in creation order");

    let everything = api.get("traffic-mirror-sessions", &[("limit", "0")]).await;
    assert_eq!(ids(&everything.body["traffic_mirror_sessions"]), created);
}

#[tokio::test]
async fn list_filters_treat_repeated_keys_as_or_and_parse_enabled() {
    let vpc = start().await;
    let api = Api::new(&vpc);
    let filter = create_filter(&api, "f").await;
    let a = create_session(&api, "a", &filter, &[]).await;
    let b = create_session(&api, "b", &filter, &[]).await;
    let c = create_session(&api, "c", &filter, &[]).await;
    let enable = json!({"traffic_mirror_session": {"enabled": true, "priority": 9}});
    assert_eq!(
        api.put(&format!("traffic-mirror-sessions/{b}"), enable)
            .await
            .status,
        200
    );

    let either = api
        .get("traffic-mirror-sessions", &[("id", &c), ("id", &a)])
        .await;
    assert_eq!(
        ids(&either.body["traffic_mirror_sessions"]),
        [a.as_str(), c.as_str()]
    );

    let enabled = api
        .get("traffic-mirror-sessions", &[("enabled", "true")])
        .await;
    assert_eq!(ids(&enabled.body["traffic_mirror_sessions"]), [b.as_str()]);

    let combined = api
        .get(
            "traffic-mirror-sessions",
            &[("id", &a), ("id", &b), ("priority", "9")],
        )
        .await;
    assert_eq!(ids(&combined.body["traffic_mirror_sessions"]), [b.as_str()]);

    let by_name = api
        .get(
            "traffic-mirror-sessions",
            &[("name", "c"), ("traffic_mirror_filter_id", &filter)],
        )
        .await;
    assert_eq!(ids(&by_name.body["traffic_mirror_sessions"]), [c.as_str()]);

    let none = api
        .get(
            "traffic-mirror-sessions",
            &[("traffic_mirror_target_type", "elb")],
        )
        .await;
    assert_eq!(
        none.body["page_info"],
        json!({"previous_marker": "", "current_count": 0})
    );
}

#[tokio::test]
async fn state_seed_and_request_log_reflect_what_happened() {
    let vpc = start().await;
    let api = Api::new(&vpc);
    vpc.seed_session(json!({"id": "seeded", "name": "x", "traffic_mirror_sources": [SOURCE_A]}));
    let shown = api.get("traffic-mirror-sessions/seeded", &[]).await;
    assert_eq!(
        shown.body["traffic_mirror_session"]["traffic_mirror_sources"],
        json!([SOURCE_A])
    );

    let filter = create_filter(&api, "f").await;
    create_rule(&api, &filter, "ingress").await;
    let state = vpc.state();
    assert_eq!(state["sessions"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        state["filters"][0]["ingress_rules"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    assert_eq!(state["rules"].as_array().map(Vec::len), Some(1));

    let requests = vpc.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(
        (requests[0].method.as_str(), requests[0].path.as_str()),
        ("GET", api.path("traffic-mirror-sessions/seeded").as_str())
    );
    assert!(requests[1]
        .headers
        .iter()
        .any(|(name, _)| name == "authorization"));
    assert_eq!(vpc.connections(), 1, "reqwest reuses its connection");
}
