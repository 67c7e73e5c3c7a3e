//! What a schema declares survives decode → encode (fixture `lossless.yaml`), against a real
//! local server: declared extra properties, integers beyond `i64`, `null` inside lists and
//! maps, empty objects and three-state fields come back as the server sent them.

use test_support as support;

use fixture_crate::lossless::models::{Counts, Record};
use fixture_crate::lossless::Client;
use serde_json::{json, Value};
use specforge_runtime::Nullable;
use support::{config, serve, Answer, Seen};

fn stored() -> Value {
    json!({
        "id": "r1",
        "bytes": 18_446_744_073_709_551_615_u64,
        "counts": {"total": 3, "red": 1, "blue": 2},
        "meta": {},
        "tags": ["a", null],
        "labels": {"x": null, "y": "z"},
        "note": null,
        "owner": {"name": "n"},
        "weight": 1.5
    })
}

/// Answers the stored record to an empty one (`{"id": ""}`), otherwise echoes the request.
fn respond(seen: &Seen) -> Answer {
    let text = seen.text();
    let body = if text == r#"{"id":""}"# {
        stored().to_string()
    } else {
        text
    };
    (200, "application/json", body)
}

#[tokio::test]
async fn a_record_comes_back_as_the_server_sent_it() {
    let server = serve(respond).await;
    let client = Client::builder()
        .endpoint(&server.url)
        .config(config())
        .build()
        .expect("client");
    let empty = Record {
        id: String::new(),
        bytes: None,
        counts: None,
        meta: None,
        tags: None,
        labels: None,
        note: Nullable::Absent,
        additional_properties: Default::default(),
    };
    let record = client.put_record(&empty).await.expect("fetch");
    assert_eq!(record.bytes, Some(u64::MAX));
    assert_eq!(
        record.counts,
        Some(Counts {
            total: Some(3),
            additional_properties: [("blue".to_owned(), 2), ("red".to_owned(), 1)]
                .into_iter()
                .collect(),
        })
    );
    assert_eq!(record.meta, Some(Default::default()));
    assert_eq!(record.tags, Some(vec![Some("a".to_owned()), None]));
    assert_eq!(record.note, Nullable::Null);
    assert_eq!(
        record.additional_properties,
        [
            ("owner".to_owned(), json!({"name": "n"})),
            ("weight".to_owned(), json!(1.5))
        ]
        .into_iter()
        .collect()
    );

    let echoed = client.put_record(&record).await.expect("send back");
    let sent: Value = serde_json::from_slice(&server.last().body).expect("JSON");
    assert_eq!(sent, stored(), "re-encoded field for field");
    assert_eq!(*echoed, *record);
}
