//! Several responses per operation (fixture `responses.yaml`), against a real local server.

use test_support as support;

use fixture_crate::responses::models::{GetRangedResponse, GetThingResponse, Problem, Thing};
use fixture_crate::responses::Client;
use specforge_runtime::Error;
use support::{config, serve, Answer, Seen};

fn answer(seen: &Seen) -> Answer {
    match seen.uri.as_str() {
        "/things/ready" | "/ranged" | "/fallback" => {
            (200, "application/json", r#"{"id":"t1"}"#.to_owned())
        }
        "/things/later" => (202, "application/json", String::new()),
        "/things/note" => (203, "text/plain", "not yet ✓".to_owned()),
        "/things/odd" => (207, "application/json", "[1]".to_owned()),
        "/things/gone" => (
            404,
            "application/json",
            r#"{"title":"gone","detail":"no thing"}"#.to_owned(),
        ),
        "/report" => (
            200,
            "text/plain; charset=utf-8",
            "line 1\nline 2".to_owned(),
        ),
        "/download" => (200, "application/octet-stream", "\u{1}\u{2}".to_owned()),
        "/same" => (201, "application/json", r#"{"id":"t1"}"#.to_owned()),
        _ => (206, "application/json", "{}".to_owned()),
    }
}

async fn client(url: &str) -> Client {
    Client::builder()
        .endpoint(url)
        .config(config())
        .build()
        .expect("client")
}

fn thing() -> Thing {
    Thing {
        id: "t1".to_owned(),
    }
}

#[tokio::test]
async fn each_success_status_decodes_its_own_body() {
    let server = serve(answer).await;
    let client = client(&server.url).await;
    let ready = client.get_thing("ready").await.expect("ready");
    assert_eq!(ready.status(), 200);
    assert_eq!(ready.into_body(), GetThingResponse::Ok(thing()));
    let later = client.get_thing("later").await.expect("later");
    assert_eq!(later.into_body(), GetThingResponse::Accepted);
    let note = client.get_thing("note").await.expect("note");
    assert_eq!(
        note.into_body(),
        GetThingResponse::NonAuthoritative("not yet ✓".to_owned())
    );
    let odd = client.get_thing("odd").await.expect("undocumented success");
    assert_eq!(odd.status(), 207);
    assert_eq!(odd.into_body(), GetThingResponse::Other("[1]".into()));
}

#[tokio::test]
async fn a_range_catches_the_other_success_statuses() {
    let server = serve(answer).await;
    let ranged = client(&server.url).await;
    assert_eq!(
        ranged.get_ranged().await.expect("ranged").into_body(),
        GetRangedResponse::Ok(thing())
    );
    let other = serve(|_| (206, "application/json", String::new())).await;
    let other_client = client(&other.url).await;
    assert_eq!(
        other_client.get_ranged().await.expect("206").into_body(),
        GetRangedResponse::Success
    );
    // Same body, one type: no enum.
    let same: Thing = ranged.create_same().await.expect("same").into_body();
    assert_eq!(same, thing());
}

#[tokio::test]
async fn documented_error_bodies_are_typed() {
    let server = serve(answer).await;
    let client = client(&server.url).await;
    let error = client.get_thing("gone").await.expect_err("404");
    let Error::Service(service) = &error else {
        panic!("expected a service error, got {error:?}");
    };
    assert_eq!(service.status, 404);
    let problem: Problem = service.body_as().expect("documented body");
    assert_eq!(problem.detail.as_deref(), Some("no thing"));
}

#[tokio::test]
async fn text_bytes_and_default_bodies() {
    let server = serve(answer).await;
    let client = client(&server.url).await;
    assert_eq!(
        client.get_report().await.expect("report").into_body(),
        "line 1\nline 2"
    );
    // A binary body is a stream; read whole here, within a limit the caller picks.
    let download = client.download().await.expect("download").into_body();
    assert_eq!(
        &download.collect_bytes(1024).await.expect("bytes")[..],
        b"\x01\x02"
    );
    assert_eq!(
        client.get_fallback().await.expect("fallback").into_body(),
        thing()
    );
}
