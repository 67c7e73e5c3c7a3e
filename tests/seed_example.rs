//! The vendor page's own example request and response, verbatim, against the generated models.

use serde_json::Value;
use vpc_traffic_mirror::models::{
    RemoveSourcesFromTrafficMirrorSessionRequestBody as RequestBody,
    RemoveSourcesFromTrafficMirrorSessionResponse as ResponseBody, TrafficMirrorSourceType,
    TrafficMirrorSourcesOption, TrafficMirrorTargetType,
};

/// The vendor's examples, copied verbatim from its reference page (see the README there).
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/seed");

/// The reference page itself, present only in the development workspace.
const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/seed/remove-sources-api-reference.txt"
);

fn fixture(name: &str) -> String {
    let path = format!("{FIXTURES}/{name}");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The JSON block that follows `marker` on the vendor page.
fn json_after(page: &str, marker: &str) -> String {
    let start = page.find(marker).expect("marker on the page") + marker.len();
    let rest = &page[start..];
    // The object starts a line (the request line before it has `{endpoint}` in it).
    let open = rest.find("\n{").expect("a JSON object follows") + 1;
    let mut depth = 0usize;
    for (i, c) in rest[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return rest[open..open + i + 1].to_owned();
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced JSON after {marker:?}");
}

#[test]
fn the_fixtures_are_the_pages_examples() {
    let Ok(page) = std::fs::read_to_string(SEED) else {
        eprintln!("skipped: no reference page at {SEED} (only the development workspace has it)");
        return;
    };
    for (marker, name) in [
        ("Example Requests", "example-request.json"),
        ("Example Responses", "example-response.json"),
    ] {
        assert_eq!(
            fixture(name).trim_end(),
            json_after(&page, marker),
            "{name} differs from the page"
        );
    }
}

#[test]
fn the_example_response_parses_and_nothing_in_it_is_dropped() {
    let text = fixture("example-response.json");
    // Response models derive only `Deserialize`: instead of re-encoding, every field the
    // example holds must be one the model reads.
    let mut ignored = Vec::new();
    let response: ResponseBody =
        serde_ignored::deserialize(&mut serde_json::Deserializer::from_str(&text), |path| {
            ignored.push(path.to_string())
        })
        .expect("the vendor's example parses");
    assert!(ignored.is_empty(), "dropped: {ignored:?}");
    let session = &response.traffic_mirror_session;
    assert_eq!(session.id, "e15a6e40-2580-4949-bf2a-55ee7cd49392");
    assert_eq!(session.name, "test-session");
    // The service's own spelling: parsed, and kept as sent.
    assert_eq!(
        session.created_at.as_text(),
        "2023-02-23T06:57:39.000+00:00"
    );
    assert_eq!(
        session.created_at.get().map(|t| t.unix_timestamp()),
        Some(1_677_135_459)
    );
    assert!(session.traffic_mirror_sources.is_empty());
    // `""` is not a documented target type; it is kept, not rejected.
    assert!(matches!(
        &session.traffic_mirror_target_type,
        TrafficMirrorTargetType::Unknown(v) if v.is_empty()
    ));
    assert_eq!(session.traffic_mirror_target_type.as_str(), "");
    assert!(matches!(session.type_, TrafficMirrorSourceType::Eni));
    assert!(session.enabled);
    assert_eq!(
        response.request_id.as_deref(),
        Some("6f107fc1-93be-4d5a-af71-4099da7eeaa9")
    );
}

#[test]
fn the_example_request_is_what_the_model_sends() {
    let expected: Value = serde_json::from_str(&fixture("example-request.json")).expect("JSON");
    let body = RequestBody {
        traffic_mirror_session: TrafficMirrorSourcesOption {
            traffic_mirror_sources: vec!["6134900d-31a6-4b71-8453-dbca7f26982a".to_owned()],
        },
    };
    assert_eq!(serde_json::to_value(&body).expect("serializes"), expected);
}

#[test]
fn enums_keep_unknown_values_and_know_their_own() {
    let parse =
        |s: &str| serde_json::from_str::<TrafficMirrorTargetType>(s).expect("any string parses");
    assert!(matches!(parse(r#""eni""#), TrafficMirrorTargetType::Eni));
    assert!(matches!(parse(r#""elb""#), TrafficMirrorTargetType::Elb));
    assert!(matches!(parse(r#""gwlb""#), TrafficMirrorTargetType::Unknown(v) if v == "gwlb"));
    assert_eq!(
        serde_json::to_string(&TrafficMirrorTargetType::Unknown("x".into()))
            .ok()
            .as_deref(),
        Some(r#""x""#)
    );
    assert!(serde_json::from_str::<TrafficMirrorTargetType>("3").is_err());
}

#[test]
fn a_response_missing_a_required_field_is_an_error_naming_it() {
    let mut value: Value = serde_json::from_str(&fixture("example-response.json")).expect("JSON");
    value["traffic_mirror_session"]
        .as_object_mut()
        .expect("object")
        .remove("priority");
    let error = serde_json::from_value::<ResponseBody>(value).expect_err("priority is required");
    assert!(error.to_string().contains("priority"), "{error}");
}
