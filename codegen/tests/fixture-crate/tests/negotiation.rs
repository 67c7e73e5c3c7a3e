//! Content negotiation on the wire (fixture `negotiation.yaml`), against a real local server
//! that negotiates as petstore does: without `application/json` in `Accept` it answers XML.

use test_support as support;

use fixture_crate::negotiation::models::{GetReportResponse, Pet};
use fixture_crate::negotiation::Client;
use specforge_runtime::Error;
use support::{config, serve, Answer, Seen};

const PET_XML: &str = "<Pet><name>Rex</name></Pet>";

fn negotiating(seen: &Seen) -> Answer {
    let wants_json = seen
        .header("accept")
        .is_some_and(|accept| accept.contains("application/json"));
    match seen.uri.as_str() {
        "/pets/rex" if wants_json => (200, "application/json", r#"{"name":"Rex"}"#.to_owned()),
        "/pets/rex" | "/pets/xml" => (200, "application/xml", PET_XML.to_owned()),
        "/pets/hostile" => (200, "text/\u{202e}lmth", "<html/>".to_owned()),
        "/status" => (
            200,
            "application/health+json; charset=utf-8",
            r#"{"status":"pass"}"#.to_owned(),
        ),
        "/report" => (202, "text/plain", "later".to_owned()),
        "/pets/rex/photo" => (200, "image/png", "\u{89}PNG".to_owned()),
        _ => (204, "application/json", String::new()),
    }
}

async fn client(url: &str) -> Client {
    Client::builder()
        .endpoint(url)
        .config(config())
        .build()
        .expect("client")
}

#[tokio::test]
async fn accept_names_what_each_operation_decodes() {
    let server = serve(negotiating).await;
    let client = client(&server.url).await;

    // Petstore lists XML first; the client decodes JSON, asks for JSON, and gets it.
    let pet = client.get_pet("rex").await.expect("pet");
    assert_eq!(server.last().header("accept"), Some("application/json"));
    assert_eq!(
        pet.into_body(),
        Pet {
            name: "Rex".to_owned()
        }
    );

    let status = client.get_status().await.expect("status");
    assert_eq!(
        server.last().header("accept"),
        Some("application/health+json")
    );
    assert_eq!(status.status.as_deref(), Some("pass"));

    let report = client.get_report().await.expect("report");
    assert_eq!(
        server.last().header("accept"),
        Some("application/json, text/plain;q=0.9")
    );
    assert_eq!(
        report.into_body(),
        GetReportResponse::Accepted("later".to_owned())
    );

    client.get_photo("rex").await.expect("photo");
    assert_eq!(server.last().header("accept"), Some("image/png"));

    // No success body to decode: anything goes.
    client.delete_pet("rex").await.expect("delete");
    assert_eq!(server.last().header("accept"), Some("*/*"));
    // One `Accept`, never a second one from the HTTP library.
    assert_eq!(server.last().header_count("accept"), 1);
}

#[tokio::test]
async fn an_undocumented_content_type_is_named_in_the_decode_error() {
    let server = serve(negotiating).await;
    let client = client(&server.url).await;
    let error = client.get_pet("xml").await.expect_err("XML is not decoded");
    let Error::Decode(decode) = error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(decode.status, 200);
    assert_eq!(
        decode.message,
        "the response's Content-Type is \"application/xml\", not one this operation decodes (application/json)"
    );
    assert_eq!(decode.body_snippet, PET_XML);
}

#[tokio::test]
async fn a_hostile_content_type_is_escaped() {
    let server = serve(negotiating).await;
    let client = client(&server.url).await;
    let error = client.get_pet("hostile").await.expect_err("not JSON");
    let text = error.to_string();
    assert!(!text.contains('\u{202e}'), "{text}");
    assert!(
        text.contains(r#"Content-Type is "text/\u{202e}lmth""#),
        "{text}"
    );
}
