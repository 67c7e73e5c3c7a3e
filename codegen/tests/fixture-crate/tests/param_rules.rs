//! Parameters checked by the same rules as bodies (fixture `param_rules.yaml`): nothing
//! invalid reaches the (real, local) server; valid values arrive as sent.

use test_support as support;

use fixture_crate::param_rules::models::{
    AlbumType, ListAlbumsOrder, ListAlbumsParams, ListAlbumsXMode,
};
use fixture_crate::param_rules::Client;
use specforge_runtime::Error;
use support::{config, serve, Answer, Seen};

fn no_content(_: &Seen) -> Answer {
    (204, "application/json", String::new())
}

async fn client(url: &str) -> Client {
    Client::builder()
        .endpoint(url)
        .config(config())
        .build()
        .expect("client")
}

fn violations(error: Error) -> Vec<(String, String)> {
    match error {
        Error::Validation(e) => e
            .violations
            .into_iter()
            .map(|v| (v.field, v.rule))
            .collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[tokio::test]
async fn valid_parameters_are_sent() {
    let server = serve(no_content).await;
    let client = client(&server.url).await;
    let params = ListAlbumsParams {
        include: Some(vec![AlbumType::Single, AlbumType::Compilation]),
        order: Some(ListAlbumsOrder::Desc),
        q: Some("ab".to_owned()),
        limit: Some(50),
        x_mode: Some(ListAlbumsXMode::Fast),
    };
    client
        .list_albums("se", &AlbumType::Album, &params)
        .await
        .expect("valid");
    let seen = server.last();
    assert_eq!(
        seen.uri,
        "/albums/se?include=single,compilation&limit=50&order=desc&q=ab&type=album"
    );
    assert_eq!(seen.header("x-mode"), Some("fast"));
}

#[tokio::test]
async fn unknown_enum_values_and_broken_rules_are_refused_before_sending() {
    let server = serve(no_content).await;
    let client = client(&server.url).await;
    let params = ListAlbumsParams {
        include: Some(vec![
            AlbumType::Album,
            AlbumType::Unknown("ep".to_owned()),
            AlbumType::Single,
        ]),
        order: Some(ListAlbumsOrder::Unknown("random".to_owned())),
        q: Some("toolong".to_owned()),
        limit: Some(0),
        x_mode: Some(ListAlbumsXMode::Unknown("slow".to_owned())),
    };
    let error = client
        .list_albums("S!", &AlbumType::Unknown("mixtape".to_owned()), &params)
        .await
        .expect_err("invalid");
    let mut found = violations(error);
    found.sort();
    let expected: Vec<(String, String)> = [
        ("X-Mode", r#"enum ["fast", "full"]"#),
        ("code", "pattern ^[a-z]{2}$"),
        ("include", "maxItems 2"),
        ("include[1]", r#"enum ["album", "single", "compilation"]"#),
        ("limit", "minimum 1"),
        ("order", r#"enum ["asc", "desc"]"#),
        ("q", "maxLength 5"),
        ("type", r#"enum ["album", "single", "compilation"]"#),
    ]
    .iter()
    .map(|(f, r)| (f.to_string(), r.to_string()))
    .collect();
    assert_eq!(found, expected);
    assert!(server.requests().is_empty(), "nothing may be sent");
}
