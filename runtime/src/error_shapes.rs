//! Error body shapes of other ecosystems, read when none of the vendor's shapes matched.
//!
//! | shape | code | message |
//! |---|---|---|
//! | FastAPI `{"detail": "…"}` | — | `detail` |
//! | FastAPI/pydantic `{"detail": [{"loc": […], "msg": "…", "type": "…"}]}` | first `type` | `loc: msg; …` |
//! | RFC 7807/9457 problem details `{"title": "…", "detail": "…"}` | — | `title: detail` |
//! | `{"error": {"message": "…", "code"/"type": "…"}}` | `code`, else `type` | `message` |
//! | OAuth `{"error": "…", "error_description": "…"}` | `error` | `error_description`, else `error` |
//! | `{"errors": [{"message": "…", "code": "…"}]}` (GitHub, GraphQL, JSON:API) | first `code` | `message; …` |
//!
//! (`{"message": "…"}` and nested `{"code", "message"}` objects are the vendor's own shapes.)

use serde_json::{Map, Value};

use crate::error_body::{scalar_field, CodeMessage};

/// How many list entries (validation errors) a message names before `…`.
const MAX_LISTED: usize = 5;

/// The first of the shapes above that the body has.
pub(crate) fn other_ecosystems(object: &Map<String, Value>) -> Option<CodeMessage> {
    fastapi_detail_list(object)
        .or_else(|| problem_details(object))
        .or_else(|| error_object(object))
        .or_else(|| oauth_error(object))
        .or_else(|| errors_list(object))
}

/// `{"detail": [{"loc": ["body", "name"], "msg": "field required", "type": "missing"}]}`.
fn fastapi_detail_list(object: &Map<String, Value>) -> Option<CodeMessage> {
    let entries = object.get("detail")?.as_array()?;
    let entries: Vec<&Map<String, Value>> = entries.iter().filter_map(Value::as_object).collect();
    let first = entries.first()?;
    let messages = entries.iter().filter_map(|entry| {
        let msg = scalar_field(entry, "msg")?;
        Some(match location(entry.get("loc")) {
            Some(loc) => format!("{loc}: {msg}"),
            None => msg,
        })
    });
    let message = listed(messages)?;
    Some((scalar_field(first, "type"), Some(message)))
}

/// `["body", "items", 0, "name"]` as `body.items.0.name`.
fn location(loc: Option<&Value>) -> Option<String> {
    let parts: Vec<String> = loc?
        .as_array()?
        .iter()
        .filter_map(|part| match part {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("."))
}

/// RFC 7807/9457 `title` and `detail`, and FastAPI's plain `{"detail": "…"}`.
fn problem_details(object: &Map<String, Value>) -> Option<CodeMessage> {
    let title = scalar_field(object, "title");
    let detail = scalar_field(object, "detail");
    let message = match (title, detail) {
        (Some(title), Some(detail)) if title != detail => format!("{title}: {detail}"),
        (_, Some(detail)) => detail,
        (Some(title), None) => title,
        (None, None) => return None,
    };
    Some((None, Some(message)))
}

/// `{"error": {"message": "…", "code": "…", "type": "…"}}` (OpenAI, Google).
fn error_object(object: &Map<String, Value>) -> Option<CodeMessage> {
    let error = object.get("error")?.as_object()?;
    let message = scalar_field(error, "message")?;
    let code = scalar_field(error, "code").or_else(|| scalar_field(error, "type"));
    Some((code, Some(message)))
}

/// OAuth 2.0 (RFC 6749 §5.2): `{"error": "invalid_grant", "error_description": "…"}`.
fn oauth_error(object: &Map<String, Value>) -> Option<CodeMessage> {
    let error = object.get("error")?.as_str()?.to_owned();
    let message = scalar_field(object, "error_description").unwrap_or_else(|| error.clone());
    Some((Some(error), Some(message)))
}

/// `{"errors": [{"message": "…", "code": "…"}, …]}`.
fn errors_list(object: &Map<String, Value>) -> Option<CodeMessage> {
    let entries: Vec<&Map<String, Value>> = object
        .get("errors")?
        .as_array()?
        .iter()
        .filter_map(Value::as_object)
        .collect();
    let message = listed(entries.iter().filter_map(|e| scalar_field(e, "message")))?;
    let code = entries.first().and_then(|e| scalar_field(e, "code"));
    Some((code, Some(message)))
}

/// At most [`MAX_LISTED`] messages joined by `; `, with `…` when there were more.
fn listed(messages: impl Iterator<Item = String>) -> Option<String> {
    let mut messages = messages.peekable();
    messages.peek()?;
    let mut shown: Vec<String> = messages.by_ref().take(MAX_LISTED).collect();
    if messages.next().is_some() {
        shown.push("…".to_owned());
    }
    Some(shown.join("; "))
}

#[cfg(test)]
mod tests {
    use crate::error_body::{parse_error_body, ErrorDetails};

    fn parse(body: &str) -> (Option<String>, Option<String>) {
        let ErrorDetails { code, message, .. } = parse_error_body(body.as_bytes());
        (code, message)
    }

    fn some(code: Option<&str>, message: &str) -> (Option<String>, Option<String>) {
        (code.map(str::to_owned), Some(message.to_owned()))
    }

    #[test]
    fn fastapi_detail_string_and_list() {
        assert_eq!(parse(r#"{"detail":"Not Found"}"#), some(None, "Not Found"));
        let list = r#"{"detail":[{"loc":["body","items",0,"name"],"msg":"field required","type":"missing"},
                      {"loc":["query","limit"],"msg":"too big","type":"less_than"}]}"#;
        assert_eq!(
            parse(list),
            some(
                Some("missing"),
                "body.items.0.name: field required; query.limit: too big"
            )
        );
        let many: Vec<String> = (0..8).map(|i| format!(r#"{{"msg":"m{i}"}}"#)).collect();
        let body = format!(r#"{{"detail":[{}]}}"#, many.join(","));
        assert_eq!(parse(&body), some(None, "m0; m1; m2; m3; m4; …"));
    }

    #[test]
    fn problem_details() {
        let body = r#"{"type":"https://example.com/probs/out-of-credit","title":"You do not have enough credit.",
                       "detail":"Your current balance is 30, but that costs 50.","status":403}"#;
        assert_eq!(
            parse(body),
            some(
                None,
                "You do not have enough credit.: Your current balance is 30, but that costs 50."
            )
        );
        assert_eq!(
            parse(r#"{"title":"Gone","status":410}"#),
            some(None, "Gone")
        );
    }

    #[test]
    fn error_objects_oauth_and_error_lists() {
        let openai =
            r#"{"error":{"message":"Invalid key","type":"invalid_request_error","code":null}}"#;
        assert_eq!(
            parse(openai),
            some(Some("invalid_request_error"), "Invalid key")
        );
        let google = r#"{"error":{"code":404,"message":"not here","status":"NOT_FOUND"}}"#;
        assert_eq!(parse(google), some(Some("404"), "not here"));
        let oauth = r#"{"error":"invalid_grant","error_description":"code expired"}"#;
        assert_eq!(parse(oauth), some(Some("invalid_grant"), "code expired"));
        assert_eq!(
            parse(r#"{"error":"unauthorized"}"#),
            some(Some("unauthorized"), "unauthorized")
        );
        let github = r#"{"message":"Validation Failed","errors":[{"resource":"Issue","code":"missing_field"}]}"#;
        assert_eq!(parse(github), some(None, "Validation Failed"));
        let graphql = r#"{"errors":[{"message":"a"},{"message":"b","code":"X"}]}"#;
        assert_eq!(parse(graphql), some(None, "a; b"));
        assert_eq!(parse(r#"{"message":"plain"}"#), some(None, "plain"));
    }

    #[test]
    fn vendor_shapes_come_first() {
        let both = r#"{"error_code":"VPC.1","error_msg":"vendor","detail":"other","title":"t"}"#;
        assert_eq!(parse(both), some(Some("VPC.1"), "vendor"));
    }

    #[test]
    fn shapes_with_wrong_types_give_nothing() {
        for body in [
            r#"{"detail":{"x":[]}}"#,
            r#"{"detail":[1,2]}"#,
            r#"{"errors":"nope"}"#,
            r#"{"errors":[{"msg":"x"}]}"#,
            r#"{"error":{"msg":"x"}}"#,
            r#"{"error":42}"#,
        ] {
            assert_eq!(parse(body), (None, None), "{body}");
        }
    }
}
