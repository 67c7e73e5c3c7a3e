//! All 17 operations, end to end: the generated client against the faithful local service
//! (`local-vpc`), which verifies signatures, keeps state and enforces the documented rules.
//! `scripts/sdk_scenario.py` runs the same scenario through the vendor's Python SDK.

use std::collections::BTreeSet;
use std::time::Duration;

use local_vpc::{Fault, LocalVpc, Options};
use vpc_traffic_mirror::models::*;
use vpc_traffic_mirror::{AkSkCredentials, Client, Config, Error, RetryPolicy};

async fn start() -> (LocalVpc, Options) {
    let options = Options::default();
    let service = LocalVpc::start(options.clone())
        .await
        .expect("the local service starts");
    (service, options)
}

fn client(service: &LocalVpc, options: &Options, config: Config) -> Client {
    Client::builder()
        .endpoint(service.base_url())
        .config(config.with_allow_http(true))
        .credentials(AkSkCredentials::new(options.ak.clone(), options.sk.clone()))
        .project_id(options.project_id.clone())
        .build()
        .expect("valid settings")
}

fn service_status(error: &Error) -> Option<(u16, Option<&str>)> {
    error
        .as_service_error()
        .map(|e| (e.status.as_u16(), e.error_code.as_deref()))
}

async fn create_filter(client: &Client, name: &str) -> TrafficMirrorFilter {
    let body = CreateTrafficMirrorFilterRequestBody {
        traffic_mirror_filter: CreateTrafficMirrorFilterOption {
            name: name.into(),
            description: Some("web tier".into()),
        },
    };
    let response = client
        .create_traffic_mirror_filter(&body)
        .await
        .expect("filter created");
    assert_eq!(response.status(), 201);
    response.into_body().traffic_mirror_filter
}

fn rule_option(
    filter_id: &str,
    direction: TrafficMirrorFilterRuleDirection,
    priority: i32,
) -> CreateTrafficMirrorFilterRuleOption {
    CreateTrafficMirrorFilterRuleOption {
        description: None,
        traffic_mirror_filter_id: filter_id.into(),
        direction,
        protocol: TrafficMirrorFilterRuleProtocol::Tcp,
        ethertype: TrafficMirrorFilterRuleEthertype::IPv4,
        source_cidr_block: Some("10.0.0.0/24".into()),
        destination_cidr_block: None,
        source_port_range: None,
        destination_port_range: Some("80-443".into()),
        action: TrafficMirrorFilterRuleAction::Accept,
        priority,
    }
}

fn session_option(
    name: &str,
    filter_id: &str,
    sources: &[&str],
) -> CreateTrafficMirrorSessionOption {
    // As the README shows it: the required fields, then only the optional ones set.
    CreateTrafficMirrorSessionOption::new(
        name,
        filter_id,
        sources.iter().map(|s| s.to_string()).collect(),
        "eni-target-0001",
        TrafficMirrorTargetType::Eni,
        10,
    )
    .with_virtual_network_id("7")
    .with_enabled("true")
}

async fn create_session(
    client: &Client,
    name: &str,
    filter_id: &str,
    sources: &[&str],
) -> TrafficMirrorSession {
    let response = client
        .create_traffic_mirror_session(&session_option(name, filter_id, sources).into())
        .await
        .expect("session created");
    assert_eq!(response.status(), 201);
    response.into_body().traffic_mirror_session
}

fn sources(ids: &[&str]) -> TrafficMirrorSourcesOption {
    TrafficMirrorSourcesOption::new(ids.iter().map(|s| s.to_string()).collect())
}

#[tokio::test]
async fn all_seventeen_operations() {
    let (service, options) = start().await;
    let client = client(&service, &options, Config::default());

    // Filters and their rules.
    let filter = create_filter(&client, "web").await;
    let ingress = client
        .create_traffic_mirror_filter_rule(&CreateTrafficMirrorFilterRuleRequestBody {
            traffic_mirror_filter_rule: rule_option(
                &filter.id,
                TrafficMirrorFilterRuleDirection::Ingress,
                1,
            ),
        })
        .await
        .expect("ingress rule")
        .into_body()
        .traffic_mirror_filter_rule;
    let egress = client
        .create_traffic_mirror_filter_rule(&CreateTrafficMirrorFilterRuleRequestBody {
            traffic_mirror_filter_rule: rule_option(
                &filter.id,
                TrafficMirrorFilterRuleDirection::Egress,
                2,
            ),
        })
        .await
        .expect("egress rule")
        .into_body()
        .traffic_mirror_filter_rule;
    assert_eq!(ingress.destination_port_range, "80-443");
    let shown = client
        .show_traffic_mirror_filter(&filter.id)
        .await
        .expect("show filter")
        .into_body()
        .traffic_mirror_filter;
    assert_eq!(
        shown
            .ingress_rules
            .iter()
            .map(|r| &r.id)
            .collect::<Vec<_>>(),
        [&ingress.id]
    );
    assert_eq!(
        shown.egress_rules.iter().map(|r| &r.id).collect::<Vec<_>>(),
        [&egress.id]
    );
    let rule = client
        .update_traffic_mirror_filter_rule(
            &ingress.id,
            &UpdateTrafficMirrorFilterRuleRequestBody {
                traffic_mirror_filter_rule: UpdateTrafficMirrorFilterRuleOption {
                    priority: Some(5),
                    ..Default::default()
                },
            },
        )
        .await
        .expect("update rule")
        .into_body()
        .traffic_mirror_filter_rule;
    assert_eq!(rule.priority, 5);
    let shown_rule = client
        .show_traffic_mirror_filter_rule(&ingress.id)
        .await
        .expect("show rule");
    assert_eq!(shown_rule.traffic_mirror_filter_rule.priority, 5);
    let rules = client
        .list_traffic_mirror_filter_rules(&ListTrafficMirrorFilterRulesParams {
            traffic_mirror_filter_id: Some(vec![filter.id.clone()]),
            ..Default::default()
        })
        .await
        .expect("list rules");
    assert_eq!(rules.traffic_mirror_filter_rules.len(), 2);
    let renamed = client
        .update_traffic_mirror_filter(
            &filter.id,
            &UpdateTrafficMirrorFilterRequestBody {
                traffic_mirror_filter: UpdateTrafficMirrorFilterOption {
                    name: Some("web-2".into()),
                    ..Default::default()
                },
            },
        )
        .await
        .expect("update filter");
    assert_eq!(renamed.traffic_mirror_filter.name, "web-2");
    let filters = client
        .list_traffic_mirror_filters(&ListTrafficMirrorFiltersParams::default())
        .await
        .expect("list filters");
    assert_eq!(filters.traffic_mirror_filters.len(), 1);

    // Sessions and their sources.
    let session = create_session(&client, "s1", &filter.id, &["eni-a"]).await;
    assert_eq!(
        session.virtual_network_id, 7,
        "sent as the string \"7\", answered as a number"
    );
    assert!(session.enabled);
    let added = client
        .add_sources_to_traffic_mirror_session(
            &session.id,
            &AddSourcesToTrafficMirrorSessionRequestBody {
                traffic_mirror_session: sources(&["eni-b", "eni-c"]),
            },
        )
        .await
        .expect("add sources");
    assert_eq!(
        added.traffic_mirror_session.traffic_mirror_sources,
        ["eni-a", "eni-b", "eni-c"]
    );
    let removed = client
        .remove_sources_from_traffic_mirror_session(
            &session.id,
            &RemoveSourcesFromTrafficMirrorSessionRequestBody {
                traffic_mirror_session: sources(&["eni-b"]),
            },
        )
        .await
        .expect("remove sources");
    assert_eq!(
        removed.traffic_mirror_session.traffic_mirror_sources,
        ["eni-a", "eni-c"]
    );
    let updated = client
        .update_traffic_mirror_session(
            &session.id,
            &UpdateTrafficMirrorSessionRequestBody {
                traffic_mirror_session: UpdateTrafficMirrorSessionOption {
                    priority: Some(20),
                    packet_length: Some(1000),
                    ..Default::default()
                },
            },
        )
        .await
        .expect("update session")
        .into_body()
        .traffic_mirror_session;
    assert_eq!((updated.priority, updated.packet_length), (20, 1000));
    let shown = client
        .show_traffic_mirror_session(&session.id)
        .await
        .expect("show session");
    // Models derive no `PartialEq`; their `Debug` shows every field.
    assert_eq!(
        format!("{:?}", shown.traffic_mirror_session),
        format!("{updated:?}")
    );
    let listed = client
        .list_traffic_mirror_sessions(&ListTrafficMirrorSessionsParams {
            traffic_mirror_filter_id: Some(vec![filter.id.clone()]),
            enabled: Some(true),
            ..Default::default()
        })
        .await
        .expect("list sessions");
    assert_eq!(
        listed
            .traffic_mirror_sessions
            .iter()
            .map(|s| &s.id)
            .collect::<Vec<_>>(),
        [&session.id]
    );

    // A filter in use cannot go; then everything is deleted (204) and is gone (404).
    let in_use = client
        .delete_traffic_mirror_filter(&filter.id)
        .await
        .expect_err("filter in use");
    assert!(
        matches!(in_use.status().map(u16::from), Some(400 | 409)),
        "{in_use}"
    );
    let deleted = client
        .delete_traffic_mirror_session(&session.id)
        .await
        .expect("delete session");
    assert_eq!(deleted.status(), 204);
    for id in [&ingress.id, &egress.id] {
        assert_eq!(
            client
                .delete_traffic_mirror_filter_rule(id)
                .await
                .expect("delete rule")
                .status(),
            204
        );
    }
    assert_eq!(
        client
            .delete_traffic_mirror_filter(&filter.id)
            .await
            .expect("delete filter")
            .status(),
        204
    );
    let gone = client
        .show_traffic_mirror_session(&session.id)
        .await
        .expect_err("deleted");
    assert_eq!(gone.status().map(u16::from), Some(404));
    let gone = client
        .show_traffic_mirror_filter(&filter.id)
        .await
        .expect_err("deleted");
    assert_eq!(gone.status().map(u16::from), Some(404));
    assert!(client
        .list_traffic_mirror_sessions_all(&Default::default())
        .await
        .expect("list")
        .is_empty());
}

#[tokio::test]
async fn pagination_returns_every_item_exactly_once() {
    let (service, options) = start().await;
    let client = client(&service, &options, Config::default());
    let filter = create_filter(&client, "pages").await;
    let mut created = BTreeSet::new();
    for i in 0..7 {
        created.insert(
            create_session(&client, &format!("s{i}"), &filter.id, &[])
                .await
                .id,
        );
    }
    let before = service.requests().len();
    let all = client
        .list_traffic_mirror_sessions_all(&ListTrafficMirrorSessionsParams {
            limit: Some(3),
            ..Default::default()
        })
        .await
        .expect("all pages");
    let ids: Vec<String> = all.into_iter().map(|s| s.id).collect();
    assert_eq!(ids.len(), 7, "no duplicates, nothing missing: {ids:?}");
    assert_eq!(ids.iter().cloned().collect::<BTreeSet<_>>(), created);
    assert_eq!(
        service.requests().len() - before,
        3,
        "3 + 3 + 1 items: three pages"
    );
    let one_page = client
        .list_traffic_mirror_sessions(&ListTrafficMirrorSessionsParams {
            limit: Some(3),
            ..Default::default()
        })
        .await
        .expect("first page");
    assert_eq!(one_page.traffic_mirror_sessions.len(), 3);
    assert!(one_page.page_info.next_marker.is_some());
}

#[tokio::test]
async fn documented_rules_fail_before_sending() {
    let (service, options) = start().await;
    let client = client(&service, &options, Config::default());
    let mut option = session_option(&"n".repeat(65), "filter", &[]);
    option.virtual_network_id = Some("16777216".into());
    option.priority = 0;
    option.traffic_mirror_sources = (0..11).map(|i| format!("eni-{i}")).collect();
    let before = service.requests().len();
    let error = client
        .create_traffic_mirror_session(&CreateTrafficMirrorSessionRequestBody {
            traffic_mirror_session: option,
        })
        .await
        .expect_err("invalid");
    assert_eq!(service.requests().len(), before, "nothing was sent");
    let Error::Validation(error) = error else {
        panic!("expected a validation error, got {error:?}")
    };
    let broken: Vec<(&str, &str)> = error
        .violations
        .iter()
        .map(|v| (v.field.as_str(), v.rule.as_str()))
        .collect();
    assert!(
        broken.contains(&("traffic_mirror_session.name", "maxLength 64")),
        "{broken:?}"
    );
    assert!(
        broken
            .iter()
            .any(|(f, r)| *f == "traffic_mirror_session.virtual_network_id"
                && r.starts_with("pattern")),
        "{broken:?}"
    );
    assert!(
        broken.contains(&("traffic_mirror_session.priority", "minimum 1")),
        "{broken:?}"
    );
    assert!(
        broken.contains(&(
            "traffic_mirror_session.traffic_mirror_sources",
            "maxItems 10"
        )),
        "{broken:?}"
    );
    let limit = client
        .list_traffic_mirror_sessions(&ListTrafficMirrorSessionsParams {
            limit: Some(2001),
            ..Default::default()
        })
        .await
        .expect_err("limit out of range");
    assert!(
        limit.to_string().contains("`limit` breaks `maximum 2000`"),
        "{limit}"
    );
}

#[tokio::test]
async fn the_service_enforces_what_the_client_cannot_know() {
    let (service, options) = start().await;
    let client = client(&service, &options, Config::default());
    let missing = client
        .create_traffic_mirror_session(&CreateTrafficMirrorSessionRequestBody {
            traffic_mirror_session: session_option("s", "no-such-filter", &[]),
        })
        .await
        .expect_err("unknown filter");
    assert!(
        matches!(service_status(&missing), Some((400 | 404, Some(_)))),
        "{missing}"
    );
    let filter = create_filter(&client, "f").await;
    let ten: Vec<String> = (0..10).map(|i| format!("eni-{i}")).collect();
    let ten: Vec<&str> = ten.iter().map(String::as_str).collect();
    let session = create_session(&client, "full", &filter.id, &ten).await;
    let eleventh = client
        .add_sources_to_traffic_mirror_session(
            &session.id,
            &AddSourcesToTrafficMirrorSessionRequestBody {
                traffic_mirror_session: sources(&["eni-10"]),
            },
        )
        .await
        .expect_err("at most 10 sources");
    assert_eq!(
        service_status(&eleventh).map(|s| s.0),
        Some(400),
        "{eleventh}"
    );
    assert!(eleventh.request_id().is_some());
}

fn fast_retries(max: u32) -> RetryPolicy {
    RetryPolicy::exponential(max)
        .with_base_delay(Duration::from_millis(1))
        .with_max_delay(Duration::from_millis(5))
}

#[tokio::test]
async fn idempotent_calls_are_retried_through_transient_faults() {
    let (service, options) = start().await;
    let client = client(
        &service,
        &options,
        Config::default().with_retry(fast_retries(3)),
    );
    let filter = create_filter(&client, "retry").await;
    service.inject_faults(vec![
        Fault::Status(503),
        Fault::DropConnection,
        Fault::Status(429),
    ]);
    let before = service.requests().len();
    let shown = client
        .show_traffic_mirror_filter(&filter.id)
        .await
        .expect("succeeds on the fourth attempt");
    assert_eq!(shown.traffic_mirror_filter.id, filter.id);
    assert_eq!(service.requests().len() - before, 4);

    service.inject_faults(vec![Fault::Status(503); 4]);
    let exhausted = client
        .show_traffic_mirror_filter(&filter.id)
        .await
        .expect_err("retries are bounded");
    assert_eq!(exhausted.status().map(u16::from), Some(503));
}

#[tokio::test]
async fn calls_that_are_not_idempotent_are_not_retried() {
    let (service, options) = start().await;
    let client = client(
        &service,
        &options,
        Config::default().with_retry(fast_retries(3)),
    );
    let filter = create_filter(&client, "once").await;
    let session = create_session(&client, "s", &filter.id, &["eni-a"]).await;

    // POST: not idempotent.
    service.inject_faults(vec![Fault::Status(503)]);
    let before = service.requests().len();
    let error = client
        .create_traffic_mirror_filter(&CreateTrafficMirrorFilterRequestBody {
            traffic_mirror_filter: CreateTrafficMirrorFilterOption {
                name: "second".into(),
                description: None,
            },
        })
        .await
        .expect_err("not retried");
    assert_eq!(
        (
            error.status().map(u16::from),
            service.requests().len() - before
        ),
        (Some(503), 1)
    );

    // A PUT the spec marks `x-idempotent: false`: repeating it would change the outcome.
    service.inject_faults(vec![Fault::Status(503)]);
    let before = service.requests().len();
    let error = client
        .remove_sources_from_traffic_mirror_session(
            &session.id,
            &RemoveSourcesFromTrafficMirrorSessionRequestBody {
                traffic_mirror_session: sources(&["eni-a"]),
            },
        )
        .await
        .expect_err("not retried");
    assert_eq!(
        (
            error.status().map(u16::from),
            service.requests().len() - before
        ),
        (Some(503), 1)
    );

    // Unless the caller allows it.
    let eager = client_with_non_idempotent_retries(&service, &options);
    service.inject_faults(vec![Fault::Status(503)]);
    let created = eager
        .create_traffic_mirror_filter(&CreateTrafficMirrorFilterRequestBody {
            traffic_mirror_filter: CreateTrafficMirrorFilterOption {
                name: "third".into(),
                description: None,
            },
        })
        .await
        .expect("retried when allowed");
    assert_eq!(created.status(), 201);
}

fn client_with_non_idempotent_retries(service: &LocalVpc, options: &Options) -> Client {
    client(
        service,
        options,
        Config::default().with_retry(fast_retries(2).with_retry_non_idempotent(true)),
    )
}

#[tokio::test]
async fn a_slow_service_times_out_and_is_retried() {
    let (service, options) = start().await;
    let config = Config::default()
        .with_read_timeout(Duration::from_millis(150))
        .with_retry(fast_retries(1));
    let client = client(&service, &options, config);
    let filter = create_filter(&client, "slow").await;
    service.inject_faults(vec![Fault::Delay(Duration::from_millis(600))]);
    let shown = client
        .show_traffic_mirror_filter(&filter.id)
        .await
        .expect("the retry succeeds");
    assert_eq!(shown.traffic_mirror_filter.id, filter.id);
    service.inject_faults(vec![
        Fault::Delay(Duration::from_millis(600)),
        Fault::Delay(Duration::from_millis(600)),
    ]);
    let error = client
        .show_traffic_mirror_filter(&filter.id)
        .await
        .expect_err("both attempts time out");
    assert!(error.is_timeout(), "{error:?}");
}
