//! Typed string formats on the wire (fixture `formats.yaml`), against a real local server:
//! what real services send — the vendor VPC service's `…000+00:00`, near-misses of RFC 3339,
//! and values that are not valid at all — decodes without failing the response, reads as
//! typed values where it parses, and goes back to the server exactly as it came.

use test_support as support;

use fixture_crate::formats::models::{Event, PutEventParams, When};
use fixture_crate::formats::Client;
use serde_json::{json, Value};
use specforge_runtime::formats::{Base64, Bytes64, Date, DateTime, Ipv4Addr, Uuid};
use specforge_runtime::{uuid, Nullable};
use support::{config, serve, Answer, Seen};
use time::macros::{date, datetime};

const SESSION_ID: &str = "6134900d-31a6-4b71-8453-dbca7f26982a";

/// A body as real services send it: valid values in unusual spellings and invalid ones.
fn odd_event() -> Value {
    json!({
        "id": "6134900D31A64B718453DBCA7F26982A",
        "created_at": "2023-02-23T06:57:39.000+00:00",
        "day": "2023-02-30",
        "link": "not a url",
        "source_ip": "10.0.0.300",
        "peer_ip": "fe80::1",
        "payload": "aGVsbG8",
        "raw": "\u{1}\u{2}",
        "email": "not-an-email",
        "finished_at": null,
        "history": ["2024-01-02 03:04:05", "", "1700000000"],
        "seen_by": {"a": "2024-01-02T03:04:05+0800"},
        "when": "yesterday",
        "stamp": "0000-00-00T00:00:00Z"
    })
}

/// Answers `odd_event()` to an event whose `id` is all zeros, otherwise echoes the request.
fn respond(seen: &Seen) -> Answer {
    let text = seen.text();
    let asks_for_odd = serde_json::from_str::<Value>(&text)
        .is_ok_and(|v| v["id"] == "00000000-0000-0000-0000-000000000000");
    let body = if asks_for_odd {
        odd_event().to_string()
    } else {
        text
    };
    (200, "application/json", body)
}

fn zero_event() -> Event {
    Event {
        id: Uuid::from(uuid::Uuid::nil()),
        created_at: DateTime::from(datetime!(2024-01-01 00:00 UTC)),
        day: None,
        link: None,
        source_ip: None,
        peer_ip: None,
        payload: None,
        raw: None,
        email: None,
        finished_at: Nullable::Absent,
        history: None,
        seen_by: None,
        when: None,
        stamp: None,
    }
}

fn client(url: &str) -> Client {
    Client::builder()
        .endpoint(url)
        .config(config())
        .build()
        .expect("client")
}

#[tokio::test]
async fn odd_and_invalid_values_decode_read_typed_and_travel_back_unchanged() {
    let server = serve(respond).await;
    let client = client(&server.url);
    let id: Uuid = SESSION_ID.parse().expect("a uuid");
    let event = client
        .put_event(&id, &PutEventParams::default(), &zero_event())
        .await
        .expect("one odd value must not fail the whole response");

    // Valid values, however spelled, are typed.
    assert_eq!(
        event.id.get(),
        Some(&uuid::Uuid::parse_str(SESSION_ID).expect("uuid"))
    );
    assert_eq!(
        event.created_at.value(),
        Ok(&datetime!(2023-02-23 06:57:39 UTC))
    );
    assert_eq!(
        event
            .peer_ip
            .as_ref()
            .and_then(|ip| ip.get())
            .map(|ip| ip.segments()[0]),
        Some(0xfe80)
    );
    assert_eq!(
        event
            .payload
            .as_ref()
            .and_then(Base64::get)
            .map(|b| b.0.clone()),
        Some(b"hello".to_vec())
    );
    let history = event.history.as_deref().unwrap_or_default();
    assert_eq!(history[0].get(), Some(&datetime!(2024-01-02 03:04:05 UTC)));
    assert_eq!(
        event.seen_by.as_ref().and_then(|m| m["a"].get().copied()),
        Some(datetime!(2024-01-01 19:04:05 UTC))
    );
    // Invalid ones are kept, and say what is wrong when read strictly.
    let day = event.day.as_ref().expect("day present");
    assert_eq!(
        day.value().map_err(|e| e.to_string()),
        Err("\"2023-02-30\" is not a valid `date`".to_owned())
    );
    assert!(!event.source_ip.as_ref().is_some_and(Ipv4Addr::is_valid));
    assert!(!history[1].is_valid() && !history[2].is_valid());
    assert!(matches!(&event.when, Some(When::DateTime(when)) if when.as_text() == "yesterday"));
    assert!(event.finished_at.is_null());
    assert_eq!(
        event.raw.as_deref(),
        Some("\u{1}\u{2}"),
        "binary inside JSON stays text"
    );

    // Sent back (read, modify, write), every value is the text the server sent.
    let echoed = client
        .put_event(&id, &PutEventParams::default(), &event)
        .await
        .expect("echo");
    let sent: Value = serde_json::from_slice(&server.last().body).expect("json");
    assert_eq!(sent, odd_event(), "re-encoded exactly as received");
    assert_eq!(echoed.into_body(), event.into_body());
}

#[tokio::test]
async fn values_built_in_code_go_out_in_canonical_form() {
    let server = serve(respond).await;
    let client = client(&server.url);
    let mut event = zero_event();
    event.created_at = DateTime::from(datetime!(2024-02-29 12:00:00.5 +08:00));
    event.day = Some(Date::from(date!(2024 - 02 - 29)));
    event.payload = Some(Base64::from(Bytes64(vec![0xfb, 0xff])));
    event.source_ip = Some(Ipv4Addr::from(std::net::Ipv4Addr::LOCALHOST));
    let params = PutEventParams {
        since: Some(DateTime::from(datetime!(2024-01-02 03:04:05 +01:00))),
        days: Some(vec![
            Date::from(date!(2024 - 01 - 01)),
            "2024-01-02".parse().expect("date"),
        ]),
        x_client_ip: Some("192.0.2.7".parse().expect("ipv4")),
    };
    let id = Uuid::from(uuid::Uuid::parse_str(SESSION_ID).expect("uuid"));
    client.put_event(&id, &params, &event).await.expect("sent");
    let seen = server.last();
    assert_eq!(
        seen.uri,
        format!("/events/{SESSION_ID}?days=2024-01-01&days=2024-01-02&since=2024-01-02T03%3A04%3A05%2B01%3A00")
    );
    assert_eq!(seen.header("X-Client-Ip"), Some("192.0.2.7"));
    let body: Value = serde_json::from_slice(&seen.body).expect("json");
    assert_eq!(body["created_at"], "2024-02-29T12:00:00.5+08:00");
    assert_eq!(body["day"], "2024-02-29");
    assert_eq!(body["payload"], "+/8=");
    assert_eq!(body["source_ip"], "127.0.0.1");
    assert_eq!(body["id"], "00000000-0000-0000-0000-000000000000");
}

#[tokio::test]
async fn a_value_of_the_wrong_json_type_is_still_a_decode_error() {
    fn wrong(_: &Seen) -> Answer {
        (
            200,
            "application/json",
            r#"{"id": 7, "created_at": "2024-01-01T00:00:00Z"}"#.to_owned(),
        )
    }
    let server = serve(wrong).await;
    let id = Uuid::from(uuid::Uuid::nil());
    let error = client(&server.url)
        .put_event(&id, &PutEventParams::default(), &zero_event())
        .await
        .expect_err("a number is not text of any format");
    assert!(error.to_string().contains("id"), "{error}");
}

#[tokio::test]
async fn a_formatted_multipart_text_part_carries_its_text() {
    fn no_content(_: &Seen) -> Answer {
        (204, "application/json", String::new())
    }
    let server = serve(no_content).await;
    let body = fixture_crate::formats::models::AddPhotoMultipartBody {
        taken_at: DateTime::from_text("2023-02-23T06:57:39.000+00:00"),
        photo: specforge_runtime::FilePart::new(&b"\x89PNG"[..]).file_name("a.png"),
    };
    let id = Uuid::from(uuid::Uuid::nil());
    client(&server.url)
        .add_photo(&id, &body)
        .await
        .expect("sent");
    let sent = server.last().text();
    assert!(
        sent.contains("name=\"taken_at\"\r\n\r\n2023-02-23T06:57:39.000+00:00\r\n"),
        "{sent}"
    );
}
