//! Decoding fidelity (fixture `fidelity.yaml`), against a real local server: what the server
//! sends is what the client decodes, and encoding it again sends the same JSON back — untagged
//! unions of all-optional objects, `float` numbers, nullable components, any-typed `null`s.

use test_support as support;

use fixture_crate::fidelity::models::{
    Document, Health, OptionValue as DndOption, OptionValueAlignments, Reading, Schedule, Update,
};
use fixture_crate::fidelity::Client;
use serde_json::{json, Value};
use specforge_runtime::Nullable;
use support::{config, serve, Answer, Seen};

fn stored() -> Value {
    json!({
        "options": [
            {"option_type": "ideal", "alignments": []},
            {"item": "rope"},
            // `number`s are `f64`s: `2` comes back as `2.0` (the one normalization).
            {"count": 2.0}
        ],
        "reading": {"value": -0.2220446049250313, "samples": [1e300, 16777217.0, 0.1]},
        "health": null,
        "schedule": null,
        "history": ["healthy", null],
        "schedules": {"nightly": {"cron": "0 0 * * *"}, "never": null},
        "update": {"custom": null}
    })
}

/// Answers the stored document to `{"health":"healthy"}`, otherwise echoes the request.
fn respond(seen: &Seen) -> Answer {
    let text = seen.text();
    let body = if text == r#"{"health":"healthy"}"# {
        stored().to_string()
    } else {
        text
    };
    (200, "application/json", body)
}

fn client(url: &str) -> Client {
    Client::builder()
        .endpoint(url)
        .config(config())
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_document_comes_back_as_the_server_sent_it() {
    let server = serve(respond).await;
    let client = client(&server.url);
    let ask = Document {
        health: Some(Health::Healthy),
        ..Default::default()
    };
    let document = client.put_document(&ask).await.expect("fetch");

    // The member that declares `alignments` wins over the first one, which decodes too.
    let options = document.options.as_deref().unwrap_or_default();
    assert_eq!(
        options.first(),
        Some(&DndOption::Alignments(OptionValueAlignments {
            option_type: Some("ideal".to_owned()),
            alignments: Some(Vec::new()),
            desc: None,
        }))
    );
    assert!(matches!(options.get(1), Some(DndOption::Item(_))));
    assert!(matches!(options.get(2), Some(DndOption::Count(_))));
    // `format: float` keeps every digit and the range of what was sent.
    assert_eq!(
        document.reading,
        Some(Reading {
            value: -0.2220446049250313,
            samples: Some(vec![1e300, 16777217.0, 0.1]),
        })
    );
    // Nullable components: `null` where they are used.
    assert_eq!(document.health, None);
    assert_eq!(document.schedule, Nullable::Null);
    assert_eq!(document.history, Some(vec![Some(Health::Healthy), None]));
    let schedules = document.schedules.clone().unwrap_or_default();
    assert_eq!(schedules.get("never"), Some(&None));
    assert_eq!(
        schedules.get("nightly"),
        Some(&Some(Schedule {
            cron: Some("0 0 * * *".to_owned())
        }))
    );
    // `null` is a value of an any-typed field, not "absent".
    assert_eq!(
        document.update,
        Some(Update {
            custom: Some(Value::Null),
            label: None,
        })
    );

    let echoed = client.put_document(&document).await.expect("send back");
    let sent: Value = serde_json::from_slice(&server.last().body).expect("JSON");
    assert_eq!(sent, stored(), "re-encoded field for field");
    assert_eq!(*echoed, *document);
}

#[test]
fn an_absent_any_typed_field_stays_absent() {
    let update: Update = serde_json::from_str("{}").expect("decode");
    assert_eq!(update.custom, None);
    assert_eq!(serde_json::to_string(&update).expect("encode"), "{}");
}

#[test]
fn a_union_value_no_member_holds_whole_decodes_as_the_first_that_reads_it() {
    // An extra key (a server adding a field): no member keeps it, the first that decodes wins.
    let option: DndOption = serde_json::from_str(r#"{"item":"rope","new":1}"#).expect("decode");
    assert!(matches!(option, DndOption::Item(_)), "{option:?}");
    let error = serde_json::from_str::<DndOption>(r#""rope""#)
        .expect_err("no member reads a string")
        .to_string();
    assert!(
        error.contains("did not match any variant of untagged enum Option"),
        "{error}"
    );
}
