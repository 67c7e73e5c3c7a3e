//! Fixture `names_and_depth.yaml` on the wire: a chain of 26 schemas and a ring of 13 (held
//! through `specforge_runtime::Indirect`) travel both ways unchanged, and the names chosen for
//! union members, punctuation enum values and parameters read and write the spec's values.

use test_support as support;

use fixture_crate::names_and_depth::models::{Deep, ListPaymentsParams, Operator, Payment};
use fixture_crate::names_and_depth::Client;
use serde_json::{json, Value};
use support::{config, serve, Answer, Seen};

fn echo(seen: &Seen) -> Answer {
    (200, "application/json", seen.text())
}

fn bank_transfer(_: &Seen) -> Answer {
    (
        200,
        "application/json",
        r#"{"kind":"bank_transfer","iban":"DE89"}"#.to_owned(),
    )
}

fn client(url: &str) -> Client {
    Client::builder()
        .endpoint(url)
        .config(config())
        .build()
        .expect("client")
}

/// `{"next": {"next": … leaf}}`, `depth` objects deep.
fn nested(depth: usize, leaf: Value) -> Value {
    (0..depth).fold(leaf, |inner, _| json!({ "next": inner }))
}

#[tokio::test]
async fn deep_chains_and_rings_travel_both_ways_unchanged() {
    let server = serve(echo).await;
    let sent = json!({
        "operator": ">=",
        "chain": nested(25, json!({ "next": "end" })),
        // Forty links: round the ring of 13 three times and more.
        "ring": nested(40, json!({})),
    });
    let deep: Deep = serde_json::from_value(sent.clone()).expect("the fixture's shape");
    assert_eq!(deep.operator, Some(Operator::GtEq));
    let answer = client(&server.url).round_trip(&deep).await.expect("answer");
    let wire: Value = serde_json::from_str(&server.last().text()).expect("JSON");
    assert_eq!(wire, sent);
    assert_eq!(*answer, deep);
    // `Chain1.next` is where the chain passes 24 types: an `Indirect`, read as a `Box`.
    let chain1 = deep
        .chain
        .as_ref()
        .and_then(|c| c.next.as_ref())
        .expect("link 1");
    let chain2 = chain1.next.as_deref().expect("link 2");
    assert!(chain2.next.is_some());
}

#[tokio::test]
async fn union_members_and_values_have_their_own_names() {
    let server = serve(bank_transfer).await;
    let params = ListPaymentsParams {
        page: Some(2),
        request: Some("r".into()),
    };
    let answer = client(&server.url)
        .list_payments("b", &params)
        .await
        .expect("answer");
    match &*answer {
        Payment::BankTransfer(transfer) => assert_eq!(transfer.iban, "DE89"),
        other => panic!("chose {other:?}"),
    }
    let seen = server.last();
    assert_eq!(seen.uri, "/payments?page=2&request=r");
    assert_eq!(seen.header("body"), Some("b"));
    let email: Payment = serde_json::from_value(json!({ "email": "a@b.example" })).expect("email");
    assert!(matches!(email, Payment::Email(_)));
    for (value, variant) in [
        ("+", Operator::Plus),
        ("-", Operator::Minus),
        ("unknown", Operator::UnknownValue),
        ("", Operator::Empty),
        ("*", Operator::Unknown("*".into())),
    ] {
        assert_eq!(Operator::from(value), variant);
        assert_eq!(serde_json::to_value(&variant).expect("JSON"), json!(value));
    }
}
