//! Request bodies on the wire (fixture `bodies.yaml`), against a real local server.

use test_support as support;

use fixture_crate::bodies::models::{Item, Owner, SubmitFormRequestBody, UploadFilesMultipartBody};
use fixture_crate::bodies::Client;
use specforge_runtime::bytes::Bytes;
use specforge_runtime::{FilePart, Nullable};
use support::{config, ok_empty_object, serve};

async fn client(url: &str) -> Client {
    Client::builder()
        .endpoint(url)
        .config(config())
        .build()
        .expect("client")
}

fn item() -> Item {
    Item {
        name: Some("a b&c".to_owned()),
        color: Nullable::Absent,
    }
}

#[tokio::test]
async fn json_bodies_keep_their_media_type() {
    let server = serve(ok_empty_object).await;
    let client = client(&server.url).await;
    client.patch_item("i1", &item()).await.expect("patch");
    let seen = server.last();
    assert_eq!(seen.method, "PATCH");
    assert_eq!(
        seen.header("content-type"),
        Some("application/merge-patch+json")
    );
    assert_eq!(seen.text(), r#"{"name":"a b&c"}"#);
}

#[tokio::test]
async fn a_merge_patch_clears_a_field_with_an_explicit_null_and_leaves_out_the_absent() {
    let server = serve(ok_empty_object).await;
    let client = client(&server.url).await;
    let cases = [
        (Nullable::Null, r#"{"name":"a b&c","color":null}"#),
        (
            Nullable::Value("red".to_owned()),
            r#"{"name":"a b&c","color":"red"}"#,
        ),
        (Nullable::Absent, r#"{"name":"a b&c"}"#),
    ];
    for (color, wire) in cases {
        let body = Item { color, ..item() };
        client.patch_item("i1", &body).await.expect("patch");
        assert_eq!(server.last().text(), wire);
        let decoded: Item = serde_json::from_str(wire).expect("decodes");
        assert_eq!(decoded, body, "{wire} decodes to what was sent");
    }
}

#[tokio::test]
async fn wildcard_and_several_media_types_send_json() {
    let server = serve(ok_empty_object).await;
    let client = client(&server.url).await;
    client.create_wildcard(&item()).await.expect("wildcard");
    client.create_several(&item()).await.expect("several");
    for seen in server.requests() {
        assert_eq!(seen.header("content-type"), Some("application/json"));
        assert_eq!(seen.text(), r#"{"name":"a b&c"}"#);
    }
}

#[tokio::test]
async fn form_bodies_are_url_encoded_pairs() {
    let server = serve(ok_empty_object).await;
    let client = client(&server.url).await;
    let body = SubmitFormRequestBody {
        name: "x y=z&".to_owned(),
        count: Some(3),
        tags: Some(vec!["p".to_owned(), "q".to_owned()]),
        meta: Some(item()),
    };
    client.submit_form(&body).await.expect("form");
    let seen = server.last();
    assert_eq!(
        seen.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        seen.text(),
        "name=x+y%3Dz%26&count=3&tags=p&tags=q&meta%5Bname%5D=a+b%26c"
    );
}

#[tokio::test]
async fn multipart_bodies_have_one_part_per_field() {
    let server = serve(ok_empty_object).await;
    let client = client(&server.url).await;
    let file = FilePart::new(&b"\x00\x01\xff"[..])
        .file_name("photo.png")
        .content_type("image/png");
    let body = UploadFilesMultipartBody::new(file, "holiday", Owner::new(7))
        .with_size(3)
        .with_labels(vec!["a".to_owned(), "b".to_owned()])
        .with_item(item())
        .with_attachments(vec![FilePart::new("plain")]);
    client.upload_files(&body).await.expect("upload");
    let seen = server.last();
    let content_type = seen.header("content-type").expect("content type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("boundary");
    let parts: Vec<&[u8]> = split(&seen.body, format!("--{boundary}").as_bytes());
    // Before the first boundary: nothing; after the last: `--\r\n`.
    assert_eq!(parts.first().copied(), Some(&b""[..]));
    assert_eq!(parts.last().copied(), Some(&b"--\r\n"[..]));
    let parts = &parts[1..parts.len() - 1];
    let expected: [&[u8]; 8] = [
        b"\r\nContent-Disposition: form-data; name=\"file\"; filename=\"photo.png\"\r\nContent-Type: image/png\r\n\r\n\x00\x01\xff\r\n",
        b"\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nholiday\r\n",
        b"\r\nContent-Disposition: form-data; name=\"size\"\r\n\r\n3\r\n",
        b"\r\nContent-Disposition: form-data; name=\"labels\"\r\n\r\na\r\n",
        b"\r\nContent-Disposition: form-data; name=\"labels\"\r\n\r\nb\r\n",
        b"\r\nContent-Disposition: form-data; name=\"item\"\r\nContent-Type: application/json\r\n\r\n{\"name\":\"a b&c\"}\r\n",
        b"\r\nContent-Disposition: form-data; name=\"owner\"\r\nContent-Type: application/json\r\n\r\n{\"id\":7}\r\n",
        b"\r\nContent-Disposition: form-data; name=\"attachments\"\r\nContent-Type: application/octet-stream\r\n\r\nplain\r\n",
    ];
    assert_eq!(parts, expected);
}

fn split<'a>(haystack: &'a [u8], needle: &[u8]) -> Vec<&'a [u8]> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i + needle.len() <= haystack.len() {
        if &haystack[i..i + needle.len()] == needle {
            pieces.push(&haystack[start..i]);
            i += needle.len();
            start = i;
        } else {
            i += 1;
        }
    }
    pieces.push(&haystack[start..]);
    pieces
}

#[tokio::test]
async fn raw_and_text_bodies_go_as_they_are() {
    let server = serve(ok_empty_object).await;
    let client = client(&server.url).await;
    client
        .put_raw(Some(Bytes::from_static(b"\x00\xfe\xff").into()))
        .await
        .expect("raw");
    let seen = server.last();
    assert_eq!(
        seen.header("content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(&seen.body[..], b"\x00\xfe\xff");

    client.put_raw(None).await.expect("no body");
    let seen = server.last();
    assert_eq!(seen.header("content-type"), None);
    assert!(seen.body.is_empty());

    client.post_text("héllo\nworld").await.expect("text");
    let seen = server.last();
    assert_eq!(seen.header("content-type"), Some("text/plain"));
    assert_eq!(seen.text(), "héllo\nworld");
}
