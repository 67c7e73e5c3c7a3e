//! `--derive schemars::JsonSchema`: generated models (typed formats, `Nullable`, constants,
//! string enums, unions) implement it with the runtime's `schemars` feature, and the schema
//! says what the wire carries.

use fixture_crate::schemars_construction::models::{Action, CreateDeployment, PauseDeployment};
use fixture_crate::schemars_formats::models::Event;
use serde_json::{json, Value};

fn schema<T: schemars::JsonSchema>() -> Value {
    serde_json::to_value(schemars::schema_for!(T)).unwrap_or_default()
}

#[test]
fn a_date_time_field_is_a_string_of_format_date_time() {
    let event = schema::<Event>();
    assert_eq!(
        event["properties"]["created_at"],
        json!({"type": "string", "format": "date-time"}),
        "{event:#}"
    );
    let finished = &event["properties"]["finished_at"];
    assert_eq!(finished["format"], "date-time", "{event:#}");
    assert_eq!(
        finished["type"],
        json!(["string", "null"]),
        "nullable: {event:#}"
    );
}

#[test]
fn enums_constants_and_unions_describe_their_wire_shape() {
    let pause = schema::<PauseDeployment>();
    assert_eq!(
        pause["definitions"]["PauseDeploymentType"]["const"], "pause-deployment",
        "{pause:#}"
    );
    let action = schema::<Action>();
    assert_eq!(
        action["anyOf"],
        json!([
            {"$ref": "#/definitions/DoNothing"},
            {"$ref": "#/definitions/PauseDeployment"},
            {"$ref": "#/definitions/RunDeployment"}
        ]),
        "{action:#}"
    );
    let body = schema::<CreateDeployment>();
    let status = &body["definitions"]["Status"];
    assert_eq!(status["type"], "string", "{body:#}");
    assert!(
        status["enum"]
            .as_array()
            .is_some_and(|v| v.contains(&json!("READY"))),
        "{body:#}"
    );
}
