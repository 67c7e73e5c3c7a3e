//! Constructs real specs use (fixtures `real_world.yaml`, `bom_merge_keys.yaml`) on the wire,
//! against a real local server.

use test_support as support;

use fixture_crate::real_world::models::{GetV2ChargesParams, ListChargesParams};
use fixture_crate::real_world::Client;
use specforge_runtime::{FilePart, Multipart};
use support::{config, serve, Answer, Seen};

fn no_content(_: &Seen) -> Answer {
    (204, "application/json", String::new())
}

fn charges(_: &Seen) -> Answer {
    (
        200,
        "application/json",
        r#"{"data":[{"id":"ch_1"}]}"#.to_owned(),
    )
}

fn client(url: &str) -> Client {
    Client::builder()
        .endpoint(url)
        .config(config())
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_multipart_body_without_named_parts_sends_the_callers_parts() {
    let server = serve(no_content).await;
    let client = client(&server.url);
    let parts = Multipart::new().text("note", "hi").file(
        "doc",
        &FilePart::new(specforge_runtime::bytes::Bytes::from_static(b"%PDF"))
            .file_name("a.pdf")
            .content_type("application/pdf"),
    );
    client.upload_list(&parts).await.expect("upload");
    client.upload_anything(None).await.expect("no body");
    client.upload_composed(&parts).await.expect("upload");
    let seen = server.requests();
    assert_eq!(seen.len(), 3);
    for request in [&seen[0], &seen[2]] {
        let content_type = request.header("content-type").expect("a content type");
        assert!(
            content_type.starts_with("multipart/form-data; boundary="),
            "{content_type}"
        );
        let body = request.text();
        assert!(
            body.contains("Content-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n"),
            "{body}"
        );
        assert!(body.contains("name=\"doc\"; filename=\"a.pdf\""), "{body}");
        assert!(
            body.contains("Content-Type: application/pdf\r\n\r\n%PDF\r\n"),
            "{body}"
        );
    }
    assert_eq!(seen[1].uri, "/uploads/any");
    assert!(seen[1].body.is_empty());
    assert_eq!(seen[1].header("content-type"), None);
}

#[tokio::test]
async fn deep_object_lists_and_referenced_lists_are_written_as_lists() {
    let server = serve(charges).await;
    let client = client(&server.url);
    let params = ListChargesParams {
        expand: Some(vec!["data.customer".to_owned(), "data.invoice".to_owned()]),
        ids: Some(vec![3, 1]),
        x_trace: Some(vec![7, 8]),
    };
    let page = client.list_charges(&params).await.expect("list");
    assert_eq!(page.data.as_ref().map(Vec::len), Some(1));
    let seen = server.last();
    // Stripe's reading of `expand`: `expand[]=a&expand[]=b`; `ids`, a `$ref` to a list, as
    // repeated keys (the runtime sends the query in the signer's canonical, sorted order).
    assert_eq!(
        seen.uri,
        "/charges?expand%5B%5D=data.customer&expand%5B%5D=data.invoice&ids=1&ids=3"
    );
    assert_eq!(seen.header("x-trace"), Some("7,8"));
}

#[tokio::test]
async fn a_path_that_refers_to_another_path_has_its_operations() {
    let server = serve(charges).await;
    let client = client(&server.url);
    let params = GetV2ChargesParams {
        expand: Some(vec!["data".to_owned()]),
        ..Default::default()
    };
    client.get_v2_charges(&params).await.expect("list");
    assert_eq!(server.last().uri, "/v2/charges?expand%5B%5D=data");
}

#[tokio::test]
async fn content_without_media_types_sends_no_body() {
    let server = serve(no_content).await;
    client(&server.url).notify().await.expect("notify");
    let seen = server.last();
    assert_eq!(
        (seen.method.as_str(), seen.uri.as_str()),
        ("POST", "/notify")
    );
    assert!(seen.body.is_empty());
    assert_eq!(seen.header("content-type"), None);
}

#[tokio::test]
async fn unsigned_formats_decode_their_whole_range() {
    fn counters(_: &Seen) -> Answer {
        let body = r#"{"bytes":18446744073709551615,"packets":4294967295,"ttl":255}"#;
        (200, "application/json", body.to_owned())
    }
    let server = serve(counters).await;
    let counters = client(&server.url).get_counters().await.expect("decodes");
    assert_eq!(counters.bytes, u64::MAX);
    assert_eq!(counters.packets, u32::MAX);
    assert_eq!(counters.ttl, u8::MAX);

    fn negative(_: &Seen) -> Answer {
        (
            200,
            "application/json",
            r#"{"bytes":1,"packets":1,"ttl":-1}"#.to_owned(),
        )
    }
    let server = serve(negative).await;
    let error = client(&server.url)
        .get_counters()
        .await
        .expect_err("-1 is no u8");
    assert!(error.to_string().contains("ttl"), "{error}");
}

#[tokio::test]
async fn merged_parameters_and_rules_apply() {
    use fixture_crate::bom_merge_keys::models::ListItemsParams;
    fn item(_: &Seen) -> Answer {
        (200, "application/json", r#"{"name":"pen"}"#.to_owned())
    }
    let server = serve(item).await;
    let client = fixture_crate::bom_merge_keys::Client::builder()
        .endpoint(&server.url)
        .config(config())
        .build()
        .expect("client");
    let params = ListItemsParams {
        limit: Some(10),
        offset: Some(0),
    };
    let item = client.list_items(&params).await.expect("list");
    assert_eq!(item.name, "pen");
    assert_eq!(server.last().uri, "/items?limit=10&offset=0");
    // `maximum: 100` came from the anchor through `<<`; `offset` overrode `minimum` with 0.
    let too_big = ListItemsParams {
        limit: Some(101),
        ..Default::default()
    };
    let error = client.list_items(&too_big).await.expect_err("limit > 100");
    assert!(error.to_string().contains("maximum"), "{error}");
    assert_eq!(
        server.requests().len(),
        1,
        "nothing sent for an invalid request"
    );
}
