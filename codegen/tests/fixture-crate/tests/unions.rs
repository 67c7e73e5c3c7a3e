//! Composed schemas on the wire (fixture `unions.yaml`): tagged unions chosen by their
//! discriminator, unknown tags kept, untagged unions decoded to the first fitting variant,
//! merged `allOf` structs, recursion, and validation through a union — against a real server.

use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use fixture_crate::unions::models::{
    Animal, AuditedEvent, Cat, Circle, Click, Dog, Event, EventVariant, Expr, Negation, Owner,
    OwnerMood, Pet, Shape, ShapeSquare, Sum, Value as Number,
};
use fixture_crate::unions::{Client, Error};
use serde_json::{json, Value};
use specforge_runtime::{Config, Nullable};

/// What the server received last, and what it answers (the request body echoed when unset).
#[derive(Clone, Default)]
struct Wire {
    received: Arc<Mutex<Option<Value>>>,
    reply: Arc<Mutex<Option<Value>>>,
}

impl Wire {
    fn answer_with(&self, value: Value) {
        *self.reply.lock().unwrap() = Some(value);
    }

    fn received(&self) -> Option<Value> {
        self.received.lock().unwrap().clone()
    }
}

async fn answer(State(wire): State<Wire>, Json(body): Json<Value>) -> Json<Value> {
    *wire.received.lock().unwrap() = Some(body.clone());
    let reply = wire.reply.lock().unwrap().clone();
    Json(reply.unwrap_or(body))
}

async fn reply_only(State(wire): State<Wire>) -> Json<Value> {
    Json(wire.reply.lock().unwrap().clone().unwrap_or(Value::Null))
}

async fn serve() -> (Client, Wire) {
    let wire = Wire::default();
    let app = Router::new()
        .route("/pets", post(answer))
        .route("/shapes", put(answer))
        .route("/expressions", post(answer))
        .route("/events", get(reply_only))
        .with_state(wire.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = Client::builder()
        .endpoint(format!("http://{address}"))
        .config(Config::default().with_allow_http(true))
        .build()
        .unwrap();
    (client, wire)
}

fn cat(lives: i32) -> Pet {
    Pet::Cat(Cat {
        pet_type: "cat".into(),
        name: "Tom".into(),
        lives,
    })
}

#[tokio::test]
async fn a_tagged_union_is_sent_with_its_tag_and_read_back_by_it() {
    let (client, wire) = serve().await;
    let answer = client.create_pet(&cat(7)).await.unwrap();
    assert_eq!(
        wire.received().unwrap(),
        json!({"pet_type": "cat", "name": "Tom", "lives": 7})
    );
    assert_eq!(*answer, cat(7));

    // A second mapping value chooses the same variant.
    wire.answer_with(json!({"pet_type": "kitten", "name": "Kit", "lives": 9}));
    let Pet::Cat(kitten) = &*client.create_pet(&cat(1)).await.unwrap() else {
        panic!("kitten is a cat");
    };
    assert_eq!((kitten.pet_type.as_str(), kitten.lives), ("kitten", 9));
    wire.answer_with(json!({"pet_type": "dog", "name": "Rex", "good": true}));
    assert_eq!(
        *client.create_pet(&cat(1)).await.unwrap(),
        Pet::Dog(Dog {
            pet_type: "dog".into(),
            name: "Rex".into(),
            good: Some(true)
        })
    );
}

#[tokio::test]
async fn an_unknown_tag_is_kept_whole_but_a_known_tag_with_a_bad_body_is_an_error() {
    let (client, wire) = serve().await;
    let parrot = json!({"pet_type": "parrot", "name": "Polly", "words": 40});
    wire.answer_with(parrot.clone());
    assert_eq!(
        *client.create_pet(&cat(1)).await.unwrap(),
        Pet::Unknown(parrot)
    );

    wire.answer_with(json!({"pet_type": "cat", "name": "No lives"}));
    let error = client.create_pet(&cat(1)).await.unwrap_err();
    assert!(
        matches!(&error, Error::Decode(_)) && error.to_string().contains("lives"),
        "{error}"
    );
}

#[tokio::test]
async fn validation_reaches_into_the_chosen_variant() {
    let (client, wire) = serve().await;
    let error = client.create_pet(&cat(12)).await.unwrap_err();
    let Error::Validation(error) = error else {
        panic!("expected a validation error, got {error:?}");
    };
    let rules: Vec<(&str, &str)> = error
        .violations
        .iter()
        .map(|v| (v.field.as_str(), v.rule.as_str()))
        .collect();
    assert_eq!(rules, [("lives", "maximum 9")]);
    assert_eq!(wire.received(), None, "nothing was sent");
}

#[tokio::test]
async fn an_untagged_union_takes_the_first_variant_that_fits() {
    let (client, wire) = serve().await;
    let cases = [
        (
            json!({"radius": 2.0}),
            Shape::Circle(Circle { radius: 2.0 }),
        ),
        (
            json!({"side": 1.5}),
            Shape::Square(ShapeSquare { side: 1.5 }),
        ),
        (json!(3.5), Shape::Number(3.5)),
        (
            json!({"vertices": 5}),
            Shape::Object([("vertices".to_owned(), json!(5))].into_iter().collect()),
        ),
    ];
    wire.answer_with(json!({"pet": null, "mood": "sleepy"}));
    for (wire_form, shape) in cases {
        assert_eq!(
            serde_json::from_value::<Shape>(wire_form.clone()).unwrap(),
            shape
        );
        let owner = client.put_shape(&shape).await.unwrap();
        assert_eq!(wire.received().unwrap(), wire_form);
        assert_eq!(owner.pet, Nullable::Null);
        assert_eq!(owner.mood, Some(OwnerMood::Sleepy));
    }
}

#[test]
fn string_members_merge_into_one_enum_and_null_members_make_a_three_state_field() {
    let owner: Owner = serde_json::from_value(json!({
        "pet": {"pet_type": "cat", "name": "Tom", "lives": 3},
        "previous": null,
        "mood": "happy"
    }))
    .unwrap();
    assert_eq!(owner.pet, Nullable::Value(cat(3)));
    assert_eq!(owner.previous, Nullable::Null);
    assert_eq!(owner.mood, Some(OwnerMood::Happy));
    assert_eq!(OwnerMood::from("grumpy").as_str(), "grumpy");
    let animal = Animal {
        pet_type: "x".into(),
        name: "y".into(),
    };
    assert_eq!(
        serde_json::to_value(animal).unwrap(),
        json!({"pet_type": "x", "name": "y"})
    );
}

#[tokio::test]
async fn recursive_unions_round_trip() {
    let (client, wire) = serve().await;
    let expr = Expr::Negation(Box::new(Negation {
        negate: Box::new(Expr::Sum(Sum {
            terms: vec![Expr::Number(1.0), Expr::Number(2.5)],
        })),
    }));
    wire.answer_with(json!(7));
    assert_eq!(*client.evaluate(&expr).await.unwrap(), Number::Integer(7));
    assert_eq!(
        wire.received().unwrap(),
        json!({"negate": {"terms": [1.0, 2.5]}})
    );
    wire.answer_with(json!(7.25));
    assert_eq!(*client.evaluate(&expr).await.unwrap(), Number::Number(7.25));
}

#[tokio::test]
async fn properties_beside_a_union_and_unions_inside_all_of_are_flattened() {
    let (client, wire) = serve().await;
    let click = json!({"id": "e1", "actor": "ann", "kind": "click", "x": 3});
    let zoom = json!({"id": "e2", "actor": "bob", "kind": "zoom", "level": 2});
    wire.answer_with(json!([click, zoom]));
    let events = client.list_events().await.unwrap();
    assert_eq!(
        events[0],
        AuditedEvent {
            actor: "ann".into(),
            event: Event {
                id: "e1".into(),
                variant: EventVariant::Click(Click {
                    kind: "click".into(),
                    x: 3
                }),
            },
        }
    );
    // An unknown kind keeps the fields no named field took.
    assert_eq!(events[1].event.id, "e2");
    assert_eq!(
        events[1].event.variant,
        EventVariant::Unknown(json!({"kind": "zoom", "level": 2}))
    );
    // And back: the flattened fields are written beside the others.
    assert_eq!(serde_json::to_value(&events[0]).unwrap(), click);
}
