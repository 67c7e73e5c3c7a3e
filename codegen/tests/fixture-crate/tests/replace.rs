//! Type replacement and extra derives (fixture `replace.yaml`, with the settings of the
//! fixture crate's build script), against a real local server: the user's types carry the
//! values both ways, and the derives asked for are there (this file would not compile
//! otherwise).

use test_support as support;

use std::collections::HashSet;

use fixture_crate::replace::models::{Amount, Line, Money, Order, Status};
use fixture_crate::replace::Client;
use fixture_crate::replaced;
use serde_json::{json, Value};
use support::{config, serve, Answer, Seen};

fn echo(seen: &Seen) -> Answer {
    (200, "application/json", seen.text())
}

fn order() -> Order {
    // `Line` is `#[non_exhaustive]` (`attribute_on`): built from its `Default` (`derive_on`).
    let mut line = Line::default();
    line.sku = "sku-1".to_owned();
    Order {
        id: "o1".to_owned(),
        total: replaced::Money(-1230),
        discount: Some(replaced::Amount {
            value: "1".to_owned(),
            currency: Some("EUR".to_owned()),
        }),
        tags: Some(vec![replaced::Tag("gift".to_owned())]),
        status: Some(Status::Open),
        line: Some(line),
    }
}

#[tokio::test]
async fn the_users_types_carry_the_values_both_ways() {
    let server = serve(echo).await;
    let client = Client::builder()
        .endpoint(&server.url)
        .config(config())
        .build()
        .expect("client");
    let sent = order();
    let back = client.create_order(&sent).await.expect("echo");
    let wire: Value = serde_json::from_slice(&server.last().body).expect("json");
    assert_eq!(
        wire,
        json!({
            "id": "o1",
            "total": "-12.30",
            "discount": {"value": "1", "currency": "EUR"},
            "tags": ["gift"],
            "status": "open",
            "line": {"sku": "sku-1"}
        })
    );
    assert_eq!(back.into_body(), sent);
}

#[test]
fn the_derives_asked_for_are_there() {
    // Aliases of the user's types.
    let _: Money = replaced::Money(1);
    let _: Option<Amount> = None;
    // `derive("Eq")` for all, `derive_on("Order", "Hash")`: orders go in a set.
    let set: HashSet<Order> = [order(), order()].into_iter().collect();
    assert_eq!(set.len(), 1);
    // `x-rust-derives: [PartialOrd, Ord]` on `Status`: sortable.
    let mut statuses = vec![Status::Closed, Status::Open];
    statuses.sort();
    assert_eq!(statuses, [Status::Open, Status::Closed]);
    // `x-rust-derives: [Hash, std::cmp::PartialOrd]` on `Line`.
    let (mut a, mut b) = (Line::default(), Line::default());
    a.sku = "a".to_owned();
    b.sku = "b".to_owned();
    assert!(a < b);
}
