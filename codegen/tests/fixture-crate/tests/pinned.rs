//! Unions whose members pin a property to one value, and three-state fields (fixture
//! `pinned.yaml`), against a real local server: every value the server sends decodes to the
//! member its pinned value names, and sent back it is the same JSON, field for field.

use test_support as support;

use fixture_crate::pinned::models::{
    Action, Automation, AutomationPatch, Button, ButtonType, CompoundTrigger, CompoundTriggerKind,
    DoNothing, EpisodeObject, EpisodeObjectType, EventTrigger, EventTriggerKind, Item, Media,
    PauseDeployment, PauseDeploymentType, RunDeployment, RunDeploymentType, Schedule,
    SendNotification, SendNotificationTypeConst, TextInput, TextInputType, TrackObject,
    TrackObjectType, Trigger, Widget,
};
use fixture_crate::pinned::{Client, Error};
use serde_json::{json, Value};
use specforge_runtime::Nullable;
use support::{config, serve, Answer, Seen};

/// Automations the server holds, by id (`PATCH /automations/{id}` answers them).
fn stored(id: &str) -> Value {
    match id {
        "every-action" => json!({
            "name": "all",
            "actions": [
                {"type": "do-nothing"},
                {"type": "pause-deployment", "deployment_id": null},
                {"type": "run-deployment", "deployment_id": "d1", "parameters": {"n": 1}},
                {"type": "send-notification", "body": "hi"},
                {"type": "call-webhook", "url": "https://example.com/hook"}
            ],
            "trigger": {"kind": "compound", "require": 2},
            "description": null,
            "paused_at": null
        }),
        "event" => json!({
            "name": "ev",
            "actions": [],
            "trigger": {"kind": "event", "expect": ["a"]},
            "schedule": {"cron": "* * * * *"},
            "paused_at": "2026-01-01",
            "widgets": [{"type": 4, "label": "l", "value": "v"}, {"type": 2}]
        }),
        _ => json!({
            "name": "by-id",
            "actions": [],
            "trigger": "trigger-7",
            "description": "set",
            "schedule": null,
            "paused_at": null
        }),
    }
}

/// Items `POST /items` answers when sent none (otherwise it echoes what it got).
fn stored_items() -> Value {
    json!([
        {"type": "track", "name": "A"},
        {"type": "episode", "name": "B", "duration_ms": 5},
        {"type": "show", "name": "C"}
    ])
}

fn respond(seen: &Seen) -> Answer {
    let body = if seen.method == "PATCH" {
        let id = seen.uri.rsplit('/').next().unwrap_or_default();
        stored(id).to_string()
    } else if seen.uri == "/items" && seen.text() == "[]" {
        stored_items().to_string()
    } else {
        seen.text()
    };
    (200, "application/json", body)
}

async fn client(url: &str) -> Client {
    Client::builder()
        .endpoint(url)
        .config(config())
        .build()
        .expect("client")
}

fn sent(server: &support::Server) -> Value {
    serde_json::from_slice(&server.last().body).expect("the client sent JSON")
}

/// Fetches an automation, checks it decodes to `expected`, sends it back and checks the
/// server got exactly the JSON it sent (and the echo decodes to the same value).
async fn round_trip(id: &str, expected: &Automation) {
    let server = serve(respond).await;
    let client = client(&server.url).await;
    let fetched = client
        .patch_automation(id, &AutomationPatch::default())
        .await
        .expect("fetch");
    assert_eq!(&*fetched, expected, "{id} decodes");
    let echoed = client.create_automation(&fetched).await.expect("send back");
    assert_eq!(
        sent(&server),
        stored(id),
        "{id} re-encodes to the same JSON"
    );
    assert_eq!(&*echoed, expected);
}

#[tokio::test]
async fn every_member_is_chosen_by_the_value_it_pins_and_unknown_ones_are_kept() {
    let expected = Automation {
        name: "all".into(),
        actions: vec![
            Action::DoNothing(DoNothing {
                type_: Some(Default::default()),
            }),
            Action::PauseDeployment(PauseDeployment {
                type_: Some(PauseDeploymentType),
                deployment_id: Nullable::Null,
            }),
            Action::RunDeployment(RunDeployment {
                deployment_id: Some("d1".into()),
                type_: RunDeploymentType,
                parameters: Some([("n".to_owned(), json!(1))].into_iter().collect()),
            }),
            // The last member, chosen by its pinned value through a `$ref`ed one-value enum.
            Action::SendNotification(SendNotification {
                type_: SendNotificationTypeConst,
                body: "hi".into(),
            }),
            Action::Unknown(json!({"type": "call-webhook", "url": "https://example.com/hook"})),
        ],
        trigger: Trigger::CompoundTrigger(CompoundTrigger {
            kind: Some(CompoundTriggerKind),
            require: Some(2),
        }),
        description: Nullable::Null,
        schedule: Nullable::Absent,
        paused_at: None,
        widgets: None,
    };
    round_trip("every-action", &expected).await;
}

#[tokio::test]
async fn an_untagged_union_never_takes_a_member_whose_pinned_value_contradicts_the_data() {
    let event = Automation {
        name: "ev".into(),
        actions: Vec::new(),
        trigger: Trigger::EventTrigger(EventTrigger {
            kind: Some(EventTriggerKind),
            expect: Some(vec!["a".into()]),
        }),
        description: Nullable::Absent,
        schedule: Nullable::Value(Schedule {
            cron: "* * * * *".into(),
        }),
        paused_at: Some("2026-01-01".into()),
        // The last member, chosen by the integer it pins (the first would fit otherwise).
        widgets: Some(vec![
            Widget::TextInput(TextInput {
                type_: TextInputType,
                label: Some("l".into()),
                value: Some("v".into()),
            }),
            Widget::Button(Button {
                type_: ButtonType,
                label: None,
            }),
        ]),
    };
    round_trip("event", &event).await;
    let by_id = Automation {
        name: "by-id".into(),
        actions: Vec::new(),
        trigger: Trigger::String("trigger-7".into()),
        description: Nullable::Value("set".into()),
        schedule: Nullable::Null,
        paused_at: None,
        widgets: None,
    };
    round_trip("by-id", &by_id).await;

    let compound: Trigger = serde_json::from_value(json!({"kind": "compound"})).expect("decodes");
    assert_eq!(
        compound,
        Trigger::CompoundTrigger(CompoundTrigger {
            kind: Some(CompoundTriggerKind),
            require: None,
        })
    );
}

#[test]
fn members_sharing_a_pinned_value_are_told_apart_by_their_other_properties() {
    for (text, expected) in [
        (json!({"kind": "image", "strokes": ["a"]}), "Drawing"),
        (json!({"kind": "image", "width": 3}), "Photo"),
        (json!({"kind": "Drawing", "strokes": []}), "Drawing"),
        (json!({"kind": "video", "seconds": 1.5}), "Clip"),
    ] {
        let media: Media = serde_json::from_value(text.clone()).expect("decodes");
        let got = match &media {
            Media::Photo(_) => "Photo",
            Media::Drawing(_) => "Drawing",
            Media::Clip(_) => "Clip",
            Media::Unknown(_) => "Unknown",
        };
        assert_eq!(got, expected, "{text}");
        assert_eq!(serde_json::to_value(&media).expect("encodes"), text);
    }
    // Neither member holds this one: an error naming the union, not a silent guess.
    let error = serde_json::from_value::<Media>(json!({"kind": "image"}))
        .expect_err("no member decodes")
        .to_string();
    assert!(error.contains("untagged enum Media"), "{error}");
}

#[test]
fn integer_pins_are_an_implicit_discriminator() {
    let text = json!({"type": 4, "label": "l"});
    let widget: Widget = serde_json::from_value(text.clone()).expect("decodes");
    assert_eq!(
        widget,
        Widget::TextInput(TextInput {
            type_: TextInputType,
            label: Some("l".into()),
            value: None,
        })
    );
    // A kind this client does not know is kept as sent, not refused.
    let unknown = json!({"type": 9, "label": "new"});
    let widget: Widget = serde_json::from_value(unknown.clone()).expect("decodes");
    assert_eq!(widget, Widget::Unknown(unknown.clone()));
    assert_eq!(serde_json::to_value(&widget).expect("encodes"), unknown);
    // A string "4" is not the integer 4.
    let wrong = serde_json::from_value::<Widget>(json!({"type": "4"}));
    assert!(
        matches!(wrong, Ok(Widget::Unknown(_)) | Err(_)),
        "{wrong:?}"
    );
    assert!(!matches!(wrong, Ok(Widget::TextInput(_))));
}

#[tokio::test]
async fn the_code_sets_the_pinned_tag_and_a_wrong_one_cannot_decode_as_that_member() {
    let server = serve(respond).await;
    let client = client(&server.url).await;
    let notify = Action::SendNotification(SendNotification {
        type_: Default::default(),
        body: "b".into(),
    });
    let automation = Automation {
        name: "n".into(),
        actions: vec![notify],
        trigger: Trigger::String("t".into()),
        description: Nullable::Absent,
        schedule: Nullable::Absent,
        paused_at: None,
        widgets: None,
    };
    client.create_automation(&automation).await.expect("create");
    assert_eq!(
        sent(&server)["actions"],
        json!([{"type": "send-notification", "body": "b"}])
    );
    let wrong = serde_json::from_value::<RunDeployment>(json!({"type": "pause-deployment"}));
    assert!(
        wrong.is_err_and(|e| e.to_string().contains("\"run-deployment\"")),
        "a constant refuses another value"
    );
}

#[tokio::test]
async fn a_patch_clears_with_null_and_leaves_out_what_is_absent() {
    let server = serve(respond).await;
    let client = client(&server.url).await;
    let patch = AutomationPatch {
        name: None,
        description: Nullable::Null,
        schedule: Nullable::Value(Schedule {
            cron: "0 0 * * *".into(),
        }),
    };
    client.patch_automation("x", &patch).await.expect("patch");
    assert_eq!(
        server.last().text(),
        r#"{"description":null,"schedule":{"cron":"0 0 * * *"}}"#
    );
    client
        .patch_automation(
            "x",
            &AutomationPatch {
                schedule: Nullable::Null,
                ..Default::default()
            },
        )
        .await
        .expect("patch");
    assert_eq!(server.last().text(), r#"{"schedule":null}"#);
}

#[tokio::test]
async fn validation_skips_null_and_absent_and_checks_a_value() {
    let server = serve(respond).await;
    let client = client(&server.url).await;
    let long = AutomationPatch {
        description: Nullable::Value("x".repeat(21)),
        ..Default::default()
    };
    let error = client
        .patch_automation("x", &long)
        .await
        .expect_err("too long");
    let Error::Validation(error) = error else {
        panic!("expected a validation error, got {error:?}");
    };
    assert_eq!(error.violations[0].field, "description");
    assert!(server.requests().is_empty(), "nothing was sent");
    for description in [Nullable::Null, Nullable::Absent] {
        let patch = AutomationPatch {
            description,
            ..Default::default()
        };
        client.patch_automation("x", &patch).await.expect("valid");
    }
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_discriminator_without_mapping_matches_pinned_values_and_component_names() {
    let server = serve(respond).await;
    let client = client(&server.url).await;
    let items = client.echo_items(&Vec::new()).await.expect("items");
    assert_eq!(
        *items,
        vec![
            Item::TrackObject(TrackObject {
                type_: TrackObjectType,
                name: "A".into()
            }),
            Item::EpisodeObject(EpisodeObject {
                type_: EpisodeObjectType,
                name: "B".into(),
                duration_ms: Some(5)
            }),
            Item::Unknown(json!({"type": "show", "name": "C"})),
        ]
    );
    client.echo_items(&items).await.expect("send back");
    assert_eq!(sent(&server), stored_items(), "re-encodes to the same JSON");

    // The component's name chooses the member too; the pinned value is what is written.
    let by_name: Item =
        serde_json::from_value(json!({"type": "EpisodeObject", "name": "D"})).expect("decodes");
    let Item::EpisodeObject(episode) = &by_name else {
        panic!("EpisodeObject chooses the episode member: {by_name:?}");
    };
    assert_eq!(episode.name, "D");
    assert_eq!(
        serde_json::to_value(&by_name).expect("encodes"),
        json!({"type": "episode", "name": "D"})
    );
}
