//! Methods named from FastAPI-made operation IDs (fixture `fastapi_names.yaml`): the route
//! suffix is left out of the names, and each shortened method still sends its own request.

use test_support as support;

use fixture_crate::fastapi_names::models::{Flow, ReadFlowsParams};
use fixture_crate::fastapi_names::Client;
use support::{config, serve, Answer, Seen};

fn answer(seen: &Seen) -> Answer {
    match (seen.method.as_str(), seen.uri.as_str()) {
        ("GET", "/api/flows/f-1") => (200, "application/json", r#"{"name":"one"}"#.into()),
        ("POST", "/api/flows/filter?limit=2") => (
            200,
            "application/json",
            r#"[{"name":"a"},{"name":"b"}]"#.into(),
        ),
        _ => (204, "application/json", String::new()),
    }
}

#[tokio::test]
async fn shortened_methods_send_their_own_requests() {
    let server = serve(answer).await;
    let client = Client::builder()
        .endpoint(&server.url)
        .config(config())
        .build()
        .expect("client");

    let flow = client.read_flow("f-1").await.expect("200");
    assert_eq!(flow.name.as_deref(), Some("one"));

    let flows = client
        .read_flows(&ReadFlowsParams { limit: Some(2) })
        .await
        .expect("200");
    let names: Vec<_> = flows.iter().filter_map(|f| f.name.clone()).collect();
    assert_eq!(names, ["a", "b"]);

    let body = Flow {
        name: Some("renamed".into()),
    };
    client.update_flow("f-1", &body).await.expect("204");
    let patch = server.last();
    assert_eq!(
        (patch.method.as_str(), patch.uri.as_str()),
        ("PATCH", "/api/flows/f-1")
    );
    assert_eq!(patch.text(), r#"{"name":"renamed"}"#);

    // Names that would collide keep their whole IDs; a hand-written ID stays as written.
    client.read_health_get().await.expect("200");
    assert_eq!(server.last().uri, "/api/health");
    client.read_version_get().await.expect("200");
    assert_eq!(server.last().uri, "/api/version");
    client.hello().await.expect("200");
    assert_eq!(server.last().uri, "/api/hello");
}
