//! Refusals: validation, relations between resources, the source quota, injected faults,
//! authentication, routing and hostile input.

mod common;

use std::time::{Duration, Instant};

use common::{
    create_filter, create_rule, create_session, rule_body, sdk_date, session_body, start, Api,
};
use local_vpc::{Fault, LocalVpc, Options};
use serde_json::{json, Value};

const SOURCE_A: &str = "6134900d-31a6-4b71-8453-dbca7f26982a";

/// `base` with `wrapper.key` set to `value` (`Value::Null` removes the key).
fn with(mut base: Value, wrapper: &str, key: &str, value: Value) -> Value {
    let fields = base[wrapper].as_object_mut().expect("wrapper object");
    if value.is_null() {
        fields.remove(key);
    } else {
        fields.insert(key.to_owned(), value);
    }
    base
}

#[tokio::test]
async fn session_validation_names_the_field() {
    let vpc = start().await;
    let api = Api::new(&vpc);
    let filter = create_filter(&api, "f").await;
    let base = session_body("s", &filter, &[SOURCE_A]);
    let cases = [
        ("name", json!("x".repeat(65))),
        ("name", json!("bad name")),
        ("name", json!("")),
        ("name", Value::Null),
        ("description", json!("<script>")),
        ("description", json!("d".repeat(256))),
        ("virtual_network_id", json!(16_777_216)),
        ("virtual_network_id", json!("-1")),
        ("packet_length", json!("0")),
        ("packet_length", json!(1461)),
        ("priority", json!(0)),
        ("priority", json!(32767)),
        ("priority", json!("6")),
        ("priority", Value::Null),
        ("traffic_mirror_target_type", json!("ENI")),
        ("traffic_mirror_target_id", Value::Null),
        ("enabled", json!("maybe")),
        ("type", json!("vm")),
        ("traffic_mirror_sources", json!([SOURCE_A, SOURCE_A])),
        ("traffic_mirror_sources", json!([1])),
        ("unexpected", json!(1)),
    ];
    for (field, value) in cases {
        let body = with(base.clone(), "traffic_mirror_session", field, value.clone());
        let reply = api.post("traffic-mirror-sessions", body).await;
        reply.assert_error(400, "VPC.0002", &format!("traffic_mirror_session.{field}"));
    }
    let update = json!({"traffic_mirror_session": {"traffic_mirror_sources": [SOURCE_A]}});
    let session = create_session(&api, "s", &filter, &[]).await;
    api.put(&format!("traffic-mirror-sessions/{session}"), update)
        .await
        .assert_error(
            400,
            "VPC.0002",
            "traffic_mirror_session.traffic_mirror_sources",
        );
    assert_eq!(
        vpc.state()["sessions"].as_array().map(Vec::len),
        Some(1),
        "nothing half-created"
    );
}

#[tokio::test]
async fn rule_and_filter_validation_names_the_field() {
    let vpc = start().await;
    let api = Api::new(&vpc);
    let filter = create_filter(&api, "f").await;
    let base = rule_body(&filter, "ingress");
    let cases = [
        ("direction", json!("inbound")),
        ("protocol", json!("sctp")),
        ("protocol", json!("Tcp")),
        ("ethertype", json!("ipv4")),
        ("action", json!("drop")),
        ("priority", json!(65536)),
        ("priority", json!(0)),
        ("source_port_range", json!("0-10")),
        ("destination_port_range", json!("200-80")),
        ("destination_port_range", json!("80-")),
        ("source_cidr_block", json!("10.0.0.0/33")),
        ("destination_cidr_block", json!("10.0.0.0")),
        ("source_cidr_block", json!("2001:db8::/32")),
        ("description", json!("a>b")),
        ("direction", Value::Null),
    ];
    for (field, value) in cases {
        let body = with(
            base.clone(),
            "traffic_mirror_filter_rule",
            field,
            value.clone(),
        );
        let reply = api.post("traffic-mirror-filter-rules", body).await;
        reply.assert_error(
            400,
            "VPC.0002",
            &format!("traffic_mirror_filter_rule.{field}"),
        );
    }
    let rule = create_rule(&api, &filter, "ingress").await;
    api.put(
        &format!("traffic-mirror-filter-rules/{rule}"),
        json!({"traffic_mirror_filter_rule": {"ethertype": "IPv6"}}),
    )
    .await
    .assert_error(400, "VPC.0002", "does not match ethertype IPv6");
    api.put(
        &format!("traffic-mirror-filter-rules/{rule}"),
        json!({"traffic_mirror_filter_rule": {"direction": "egress"}}),
    )
    .await
    .assert_error(400, "VPC.0002", "traffic_mirror_filter_rule.direction");
    api.post(
        "traffic-mirror-filters",
        json!({"traffic_mirror_filter": {"description": "no name"}}),
    )
    .await
    .assert_error(400, "VPC.0002", "traffic_mirror_filter.name");
}

#[tokio::test]
async fn relations_between_sessions_filters_and_rules_are_enforced() {
    let vpc = start().await;
    let api = Api::new(&vpc);

    // A session needs an existing filter, on create and on update.
    api.post(
        "traffic-mirror-sessions",
        session_body("s", "no-such-filter", &[]),
    )
    .await
    .assert_error(404, "VPC.0003", "Traffic mirror filter no-such-filter");
    let filter = create_filter(&api, "f").await;
    let session = create_session(&api, "s", &filter, &[]).await;
    api.put(
        &format!("traffic-mirror-sessions/{session}"),
        json!({"traffic_mirror_session": {"traffic_mirror_filter_id": "gone"}}),
    )
    .await
    .assert_error(404, "VPC.0003", "gone");

    // A rule needs an existing filter.
    api.post(
        "traffic-mirror-filter-rules",
        rule_body("no-such-filter", "egress"),
    )
    .await
    .assert_error(404, "VPC.0003", "no-such-filter");

    // A filter in use cannot be deleted; once unused, it goes with its rules.
    let rule = create_rule(&api, &filter, "egress").await;
    api.delete(&format!("traffic-mirror-filters/{filter}"))
        .await
        .assert_error(409, "VPC.0409", &session);
    assert_eq!(
        api.delete(&format!("traffic-mirror-sessions/{session}"))
            .await
            .status,
        204
    );
    assert_eq!(
        api.delete(&format!("traffic-mirror-filters/{filter}"))
            .await
            .status,
        204
    );
    api.get(&format!("traffic-mirror-filter-rules/{rule}"), &[])
        .await
        .assert_error(404, "VPC.0003", &rule);
    assert_eq!(
        vpc.state(),
        json!({"sessions": [], "filters": [], "rules": []})
    );
}

#[tokio::test]
async fn sources_are_capped_unique_and_must_be_associated_to_be_removed() {
    let vpc = start().await;
    let api = Api::new(&vpc);
    let filter = create_filter(&api, "f").await;
    let ten: Vec<String> = (0..10).map(|n| format!("eni-{n}")).collect();
    let ten_refs: Vec<&str> = ten.iter().map(String::as_str).collect();
    let session = create_session(&api, "s", &filter, &ten_refs).await;
    let path = |action: &str| format!("traffic-mirror-sessions/{session}/{action}");
    let sources =
        |list: &[&str]| json!({"traffic_mirror_session": {"traffic_mirror_sources": list}});

    api.put(&path("add-sources"), sources(&["eni-10"]))
        .await
        .assert_error(400, "VPC.0002", "at most 10");
    api.put(&path("add-sources"), sources(&["eni-0"]))
        .await
        .assert_error(400, "VPC.0002", "already associated");
    api.put(&path("remove-sources"), sources(&["eni-99"]))
        .await
        .assert_error(400, "VPC.0002", "not associated");
    api.put(&path("remove-sources"), sources(&[]))
        .await
        .assert_error(400, "VPC.0002", "must not be empty");
    api.put(&path("remove-sources"), sources(&["eni-1", "eni-1"]))
        .await
        .assert_error(400, "VPC.0002", "more than once");
    api.put(
        "traffic-mirror-sessions/nope/add-sources",
        sources(&["eni-1"]),
    )
    .await
    .assert_error(404, "VPC.0003", "nope");

    let eleven: Vec<String> = (0..11).map(|n| format!("eni-{n}")).collect();
    let eleven: Vec<&str> = eleven.iter().map(String::as_str).collect();
    api.post(
        "traffic-mirror-sessions",
        session_body("big", &filter, &eleven),
    )
    .await
    .assert_error(400, "VPC.0002", "at most 10");

    assert_eq!(
        api.put(&path("remove-sources"), sources(&["eni-3"]))
            .await
            .status,
        200
    );
    assert_eq!(
        api.put(&path("add-sources"), sources(&["eni-10"]))
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn the_source_quota_is_an_option() {
    let options = Options {
        max_sources_per_session: 1,
        ..Options::default()
    };
    let vpc = LocalVpc::start(options.clone()).await.expect("bind");
    let api = Api::with_options(&vpc, options);
    let filter = create_filter(&api, "f").await;
    api.post(
        "traffic-mirror-sessions",
        session_body("s", &filter, &["a", "b"]),
    )
    .await
    .assert_error(400, "VPC.0002", "at most 1 ");
}

#[tokio::test]
async fn injected_faults_are_consumed_in_order() {
    let vpc = start().await;
    let api = Api::new(&vpc);
    vpc.inject_faults(vec![
        Fault::Status(503),
        Fault::Status(429),
        Fault::Delay(Duration::from_millis(300)),
    ]);

    let unavailable = api.get("traffic-mirror-sessions", &[]).await;
    unavailable.assert_error(503, "VPC.0503", "");
    let throttled = api.get("traffic-mirror-sessions", &[]).await;
    throttled.assert_error(429, "APIGW.0308", "throttling");
    assert_eq!(throttled.header("retry-after"), Some("0"));
    let started = Instant::now();
    let delayed = api.get("traffic-mirror-sessions", &[]).await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(delayed.status, 200);
    assert_eq!(api.get("traffic-mirror-sessions", &[]).await.status, 200);
    assert_eq!(vpc.requests().len(), 4, "faulted requests are recorded too");
}

#[tokio::test]
async fn a_dropped_connection_sends_nothing_and_the_server_carries_on() {
    let vpc = start().await;
    let api = Api::new(&vpc);
    vpc.inject_faults(vec![Fault::DropConnection]);
    let error = api
        .send(api.request("GET", "traffic-mirror-sessions"))
        .await
        .expect_err("no response");
    assert!(!error.is_status(), "{error}");
    assert_eq!(api.get("traffic-mirror-sessions", &[]).await.status, 200);
    assert_eq!(
        vpc.connections(),
        2,
        "the dropped connection was not reused"
    );
}

#[tokio::test]
async fn signatures_are_verified() {
    let vpc = start().await;
    let api = Api::new(&vpc);

    let mut wrong_key = api.request("GET", "traffic-mirror-sessions");
    wrong_key.sk = Some("not-the-secret".into());
    let reply = api.send(wrong_key).await.expect("sent");
    reply.assert_error(401, "APIGW.0301", "verify aksk signature fail");

    let mut unsigned = api.request("GET", "traffic-mirror-sessions");
    unsigned.sk = None;
    api.send(unsigned)
        .await
        .expect("sent")
        .assert_error(401, "APIGW.0301", "Authorization");

    let mut stale = api.request("GET", "traffic-mirror-sessions");
    let an_hour_ago = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs() as i64
        - 3600;
    stale.sdk_date = Some(sdk_date(an_hour_ago));
    api.send(stale)
        .await
        .expect("sent")
        .assert_error(401, "APIGW.0301", "15 minutes");

    let other_ak = Api::with_options(
        &vpc,
        Options {
            ak: "OTHERAK".into(),
            ..Options::default()
        },
    );
    other_ak
        .get("traffic-mirror-sessions", &[])
        .await
        .assert_error(401, "APIGW.0301", "OTHERAK");

    let mut tampered = api.request("POST", "traffic-mirror-filters");
    tampered.body = br#"{"traffic_mirror_filter": {"name": "a"}}"#.to_vec();
    tampered.sent_body = Some(br#"{"traffic_mirror_filter": {"name": "b"}}"#.to_vec());
    let reply = api.send(tampered).await.expect("sent");
    reply.assert_error(401, "APIGW.0301", "verify aksk signature fail");
    assert_eq!(vpc.state()["filters"], json!([]), "nothing was created");
}

#[tokio::test]
async fn signature_checks_can_be_turned_off() {
    let options = Options {
        check_signatures: false,
        ..Options::default()
    };
    let vpc = LocalVpc::start(options).await.expect("bind");
    let api = Api::new(&vpc);
    let mut unsigned = api.request("GET", "traffic-mirror-sessions");
    unsigned.sk = None;
    assert_eq!(api.send(unsigned).await.expect("sent").status, 200);
}

#[tokio::test]
async fn routing_project_and_content_type_are_checked() {
    let vpc = start().await;
    let api = Api::new(&vpc);

    api.get("traffic-mirror-sessions/x/y/z", &[])
        .await
        .assert_error(404, "APIGW.0101", "does not exist");
    let wrong_method = api.post("traffic-mirror-sessions/x", json!({})).await;
    wrong_method.assert_error(405, "APIGW.0101", "GET, PUT, DELETE");
    assert_eq!(wrong_method.header("allow"), Some("GET, PUT, DELETE"));

    let mut other_project = api.request("GET", "traffic-mirror-sessions");
    other_project.project_header = "0000000000000000000000000000000a".into();
    let mismatch = api.send(other_project).await.expect("sent");
    assert_eq!(mismatch.status, 400);
    assert_eq!(
        (&mismatch.body["code"], &mismatch.body["message"]),
        (
            &json!("VPC.0007"),
            &json!("urlTenantId is not equal tokenTenantId")
        )
    );

    let mut form = api.request("POST", "traffic-mirror-filters");
    form.content_type = Some("application/x-www-form-urlencoded");
    form.body = b"name=x".to_vec();
    api.send(form)
        .await
        .expect("sent")
        .assert_error(400, "VPC.0002", "Content-Type");
}

#[tokio::test]
async fn hostile_bodies_and_queries_get_400_or_413_and_never_crash() {
    let vpc = start().await;
    let api = Api::new(&vpc);
    let post = |body: Vec<u8>| {
        let mut request = api.request("POST", "traffic-mirror-filters");
        request.body = body;
        request
    };
    for body in [
        b"{not json".to_vec(),
        vec![0xff, 0xfe, 0x00],
        b"[]".to_vec(),
        b"".to_vec(),
        b"{\"traffic_mirror_filter\": []}".to_vec(),
    ] {
        api.send(post(body)).await.expect("sent").assert_error(
            400,
            "VPC.0002",
            "Invalid request body",
        );
    }
    let huge = api
        .send(post(vec![b' '; 2 * 1024 * 1024]))
        .await
        .expect("sent");
    assert_eq!(huge.status, 413);
    assert_eq!(huge.body["error_code"], "APIGW.0201");

    for (query, field) in [
        (vec![("limit", "2001")], "limit"),
        (vec![("limit", "-1")], "limit"),
        (vec![("marker", "no-such-id")], "marker"),
        (vec![("enabled", "yes")], "enabled"),
        (vec![("priority", "high")], "priority"),
        (vec![("nmae", "typo")], "nmae"),
    ] {
        api.get("traffic-mirror-sessions", &query)
            .await
            .assert_error(400, "VPC.0002", field);
    }
    assert_eq!(
        api.get("traffic-mirror-sessions", &[]).await.status,
        200,
        "still serving"
    );
}

#[tokio::test]
async fn dropping_the_server_stops_it() {
    let vpc = start().await;
    let api = Api::new(&vpc);
    assert_eq!(api.get("traffic-mirror-sessions", &[]).await.status, 200);
    drop(vpc);
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(api
        .send(api.request("GET", "traffic-mirror-sessions"))
        .await
        .is_err());
}

#[tokio::test]
async fn an_unknown_path_is_a_404_even_unsigned() {
    let vpc = start().await;
    let api = Api::new(&vpc);
    let mut unsigned = api.request("GET", "no-such-collection");
    unsigned.sk = None;
    api.send(unsigned)
        .await
        .expect("sent")
        .assert_error(404, "APIGW.0101", "does not exist");
}
