//! Building request models by naming only what is set (fixture `construction.yaml`), against a
//! real local server: what the constructors and setters build is exactly what goes on the
//! wire — pinned tags written, unset optional fields left out, a required nullable field sent
//! as `null` — and the server's echo decodes back to the same value.
//!
//! Deprecation warnings are errors in this file: building a model whose deprecated optional
//! field is left unset must not produce one.
#![deny(deprecated)]

use test_support as support;

use fixture_crate::construction::models::{
    Action, CreateDeployment, DoNothing, IntoValue, ListDeploymentsParams, Node, PauseDeployment,
    RunDeployment, Schedule, ScheduleKind, Sort, Status, Tree, Wide,
};
use fixture_crate::construction::{Client, Error, Nullable};
use serde_json::{json, Value};
use support::{config, serve, Answer, Seen};

/// Echoes JSON bodies; answers `204` to everything else.
fn respond(seen: &Seen) -> Answer {
    match (seen.method.as_str(), seen.uri.as_str()) {
        ("POST", "/deployments") => (200, "application/json", seen.text()),
        _ => (204, "application/json", String::new()),
    }
}

fn client(url: &str) -> Client {
    Client::builder()
        .endpoint(url)
        .config(config())
        .build()
        .expect("client")
}

fn sent(server: &support::Server) -> Value {
    serde_json::from_slice(&server.last().body).expect("the client sent JSON")
}

#[tokio::test]
async fn a_big_body_names_only_what_it_sets_and_the_generated_code_sets_the_tags() {
    let server = serve(respond).await;
    let body = CreateDeployment::new(
        "etl",
        Status::Ready,
        vec![
            DoNothing::default().into(),
            PauseDeployment::new("d1").into(),
            RunDeployment::default().with_deployment_id("d2").into(),
        ],
    )
    .with_tags(vec!["nightly".into()])
    .with_concurrency_limit(2)
    .with_schedule(Schedule::new("0 * * * *", "UTC"))
    .with_work_queue_name("default")
    .with_type("batch")
    .with_route(IntoValue::new("eu"));
    let echoed = client(&server.url)
        .create_deployment(&body)
        .await
        .expect("sent");
    assert_eq!(
        sent(&server),
        json!({
            "name": "etl",
            "status": "READY",
            "actions": [
                {"type": "do-nothing"},
                {"type": "pause-deployment", "deployment_id": "d1"},
                {"type": "run-deployment", "deployment_id": "d2"}
            ],
            "tags": ["nightly"],
            "concurrency_limit": 2,
            "schedule": {"kind": "cron", "cron": "0 * * * *", "timezone": "UTC"},
            "work_queue_name": "default",
            "paused_at": null,
            "type": "batch",
            "route": {"to": "eu"}
        })
    );
    assert_eq!(*echoed, body, "the echo decodes to what was built");
}

#[test]
fn pinned_values_are_set_by_the_generated_code() {
    let pause = PauseDeployment::new("d1");
    assert_eq!(
        serde_json::to_value(&pause).ok(),
        Some(json!({"type": "pause-deployment", "deployment_id": "d1"})),
        "the member alone carries its tag too"
    );
    assert_eq!(Schedule::new("c", "tz").kind, ScheduleKind::Cron);
    assert!(DoNothing::default().type_.is_some());
    assert!(matches!(Action::from(pause), Action::PauseDeployment(_)));
}

#[tokio::test]
async fn an_unset_three_state_field_is_left_out_and_null_is_sent_by_its_null_setter() {
    let server = serve(respond).await;
    let body = CreateDeployment::new("n", Status::NotReady, Vec::new())
        .with_paused_at("now")
        .with_work_queue_name("q")
        .with_work_queue_name_null();
    assert_eq!(body.work_queue_name, Nullable::Null);
    client(&server.url)
        .create_deployment(&body)
        .await
        .expect("sent");
    assert_eq!(
        sent(&server),
        json!({"name": "n", "status": "NOT_READY", "actions": [], "work_queue_name": null, "paused_at": "now"})
    );
}

#[tokio::test]
async fn a_deprecated_field_is_sent_when_its_setter_is_used() {
    let server = serve(respond).await;
    #[allow(deprecated)] // the setter of a deprecated field warns: this test means to call it
    let body = CreateDeployment::new("d", Status::Ready, Vec::new()).with_manifest_path("m.yaml");
    client(&server.url)
        .create_deployment(&body)
        .await
        .expect("sent");
    assert_eq!(sent(&server)["manifest_path"], "m.yaml");
}

#[tokio::test]
async fn validation_still_runs_on_a_constructed_body() {
    let server = serve(respond).await;
    let body = CreateDeployment::new("x".repeat(21), Status::Ready, Vec::new());
    match client(&server.url).create_deployment(&body).await {
        Err(Error::Validation(e)) => assert!(e.to_string().contains("`name`"), "{e}"),
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert!(server.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn optional_parameters_are_set_with_setters() {
    let server = serve(respond).await;
    let params = ListDeploymentsParams::default()
        .with_name("etl")
        .with_limit(10)
        .with_sort(Sort::NameDesc)
        .with_tags(vec!["a".into(), "b".into()]);
    client(&server.url)
        .list_deployments(&params)
        .await
        .expect("sent");
    assert_eq!(
        server.last().uri,
        "/deployments?limit=10&name=etl&sort=NAME_DESC&tags=a&tags=b"
    );
}

#[tokio::test]
async fn wide_and_recursive_models_take_their_required_fields_in_order() {
    let server = serve(respond).await;
    let client = client(&server.url);
    let wide = Wide::new("a", 1, 2, true, 0.5, vec!["f".into()], "NOT_READY", 3).with_i("i");
    client.create_wide(&wide).await.expect("sent");
    assert_eq!(
        sent(&server),
        json!({"a": "a", "b": 1, "c": 2, "d": true, "e": 0.5, "f": ["f"], "g": "NOT_READY", "h": 3, "i": "i"})
    );
    let node = Node::new("root")
        .with_next(Node::new("leaf"))
        .with_tree(Tree::new(Node::new("in-tree")));
    assert_eq!(node.next.as_deref().map(|n| n.name.as_str()), Some("leaf"));
    client.create_node(&node).await.expect("sent");
    assert_eq!(
        sent(&server),
        json!({"name": "root", "next": {"name": "leaf"}, "tree": {"root": {"name": "in-tree"}}})
    );
}
