//! Error bodies of other ecosystems (fixture `error_shapes.yaml`), from a real local server.

use test_support as support;

use fixture_crate::error_shapes::models::{HttpValidationError, Problem};
use fixture_crate::error_shapes::Client;
use specforge_runtime::{Error, ServiceError};
use support::{config, serve, Answer, Seen};

fn answer(seen: &Seen) -> Answer {
    let (status, content_type, body) = match seen.uri.as_str() {
        "/items/fastapi" => (
            422,
            "application/json",
            r#"{"detail":[{"loc":["query","limit"],"msg":"Input should be less than 100","type":"less_than"}]}"#,
        ),
        "/items/detail" => (404, "application/json", r#"{"detail":"Item not found"}"#),
        "/items/problem" => (
            403,
            "application/problem+json",
            r#"{"type":"about:blank","title":"Forbidden","status":403,"detail":"Not your item"}"#,
        ),
        "/items/openai" => (
            401,
            "application/json",
            r#"{"error":{"message":"Incorrect API key","type":"invalid_request_error","code":"invalid_api_key"}}"#,
        ),
        "/items/oauth" => (
            400,
            "application/json",
            r#"{"error":"invalid_grant","error_description":"The code has expired"}"#,
        ),
        "/items/message" => (500, "application/json", r#"{"message":"Internal failure"}"#),
        "/items/errors" => (
            409,
            "application/json",
            r#"{"errors":[{"message":"Name taken","code":"conflict"}]}"#,
        ),
        "/items/vendor" => (
            400,
            "application/json",
            r#"{"error_code":"VPC.0001","error_msg":"vendor first","detail":"not this"}"#,
        ),
        "/items/unrelated" => (400, "application/json", r#"{"unrelated":1}"#),
        "/items/hostile" => (
            400,
            "application/json",
            "{\"detail\":\"\\u001b[2Jcleared\\nline\"}",
        ),
        _ => (200, "application/json", "{}"),
    };
    (status, content_type, body.to_owned())
}

async fn failure(shape: &str) -> ServiceError {
    let server = serve(answer).await;
    let client = Client::builder()
        .endpoint(&server.url)
        .config(config())
        .build()
        .expect("client");
    match client.get_item(shape).await {
        Err(Error::Service(service)) => *service,
        other => panic!("{shape}: expected a service error, got {other:?}"),
    }
}

fn code_and_message(error: &ServiceError) -> (Option<&str>, Option<&str>) {
    (error.error_code.as_deref(), error.error_msg.as_deref())
}

#[tokio::test]
async fn every_common_shape_gives_a_message() {
    let cases = [
        (
            "fastapi",
            Some("less_than"),
            "query.limit: Input should be less than 100",
        ),
        ("detail", None, "Item not found"),
        ("problem", None, "Forbidden: Not your item"),
        ("openai", Some("invalid_api_key"), "Incorrect API key"),
        ("oauth", Some("invalid_grant"), "The code has expired"),
        ("message", None, "Internal failure"),
        ("errors", Some("conflict"), "Name taken"),
        ("vendor", Some("VPC.0001"), "vendor first"),
    ];
    for (shape, code, message) in cases {
        let error = failure(shape).await;
        assert_eq!(code_and_message(&error), (code, Some(message)), "{shape}");
        assert!(error.to_string().contains(message), "{shape}: {error}");
    }
}

#[tokio::test]
async fn server_text_is_escaped() {
    let error = failure("hostile").await;
    assert_eq!(error.error_msg.as_deref(), Some(r"\u{1b}[2Jcleared\nline"));
    assert!(!error.to_string().contains('\u{1b}'));
}

#[tokio::test]
async fn body_as_decodes_documented_bodies_and_refuses_unrelated_ones() {
    let fastapi = failure("fastapi").await;
    let validation: HttpValidationError = fastapi.body_as().expect("FastAPI body");
    let detail = validation.detail.expect("detail");
    assert_eq!(detail[0].msg, "Input should be less than 100");

    let problem: Problem = failure("problem").await.body_as().expect("problem body");
    assert_eq!(problem.title.as_deref(), Some("Forbidden"));
    assert_eq!(problem.status, Some(403));

    // Every field of `Problem` is optional, so plain serde would say yes to anything.
    let unrelated = failure("unrelated").await;
    let refused = unrelated.body_as::<Problem>().expect_err("shares no field");
    let message = refused.to_string();
    assert!(message.contains("shares no field"), "{message}");
    assert!(message.contains("Problem"), "{message}");
    assert!(message.contains("\"unrelated\""), "{message}");
    // A FastAPI body is no `Problem` either… unless they share `detail`, which they do.
    assert!(failure("detail").await.body_as::<Problem>().is_ok());
}
