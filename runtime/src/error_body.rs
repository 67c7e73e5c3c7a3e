//! Reading the vendor's error bodies, whatever their shape.

use serde_json::{Map, Value};

/// The key pairs the vendor's SDKs look for, in their order of preference.
const CODE_MESSAGE_KEYS: [(&str, &str); 3] = [
    ("error_code", "error_msg"),
    ("errorCode", "errorMsg"),
    ("code", "message"),
];

/// How deep nested objects are searched for a code/message pair (bodies are untrusted).
const MAX_DEPTH: usize = 4;

/// What an error body says.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct ErrorDetails {
    pub code: Option<String>,
    pub message: Option<String>,
    pub request_id: Option<String>,
    pub encoded_authorization_message: Option<String>,
}

/// Extracts the code, message and request ID from an error body; a body that is not JSON, or
/// holds none of the known keys, gives empty details (the caller still has the raw body).
pub(crate) fn parse_error_body(body: &[u8]) -> ErrorDetails {
    let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(body) else {
        return ErrorDetails::default();
    };
    let (code, message) = find_code_message(&object, 0).unwrap_or_default();
    ErrorDetails {
        code,
        message,
        request_id: string_field(&object, "request_id"),
        encoded_authorization_message: string_field(&object, "encoded_authorization_message"),
    }
}

type CodeMessage = (Option<String>, Option<String>);

fn find_code_message(object: &Map<String, Value>, depth: usize) -> Option<CodeMessage> {
    for (code_key, message_key) in CODE_MESSAGE_KEYS {
        let code = scalar_field(object, code_key);
        let message = scalar_field(object, message_key);
        if code.is_some() || message.is_some() {
            return Some((code, message));
        }
    }
    if depth >= MAX_DEPTH {
        return None;
    }
    object.values().find_map(|value| match value {
        Value::Object(inner) => find_code_message(inner, depth + 1),
        _ => None,
    })
}

fn string_field(object: &Map<String, Value>, key: &str) -> Option<String> {
    object.get(key)?.as_str().map(str::to_owned)
}

/// A string, or a number written as a string (some gateways send numeric codes).
fn scalar_field(object: &Map<String, Value>, key: &str) -> Option<String> {
    match object.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> ErrorDetails {
        parse_error_body(body.as_bytes())
    }

    #[test]
    fn reads_every_vendor_shape() {
        let v3 = parse(r#"{"error_msg":"not found","error_code":"VPC.0003","request_id":"r1"}"#);
        assert_eq!(v3.code.as_deref(), Some("VPC.0003"));
        assert_eq!(v3.message.as_deref(), Some("not found"));
        assert_eq!(v3.request_id.as_deref(), Some("r1"));

        let camel = parse(r#"{"errorCode":"APIGW.0301","errorMsg":"bad sig"}"#);
        assert_eq!(camel.code.as_deref(), Some("APIGW.0301"));
        assert_eq!(camel.message.as_deref(), Some("bad sig"));

        let legacy =
            parse(r#"{"code":"VPC.0007","message":"urlTenantId is not equal tokenTenantId"}"#);
        assert_eq!(legacy.code.as_deref(), Some("VPC.0007"));
        assert_eq!(legacy.request_id, None);

        let nested = parse(
            r#"{"NeutronError":{"message":"Quota exceeded","type":"OverQuota","code":"VPC.0101"}}"#,
        );
        assert_eq!(nested.code.as_deref(), Some("VPC.0101"));
        assert_eq!(nested.message.as_deref(), Some("Quota exceeded"));
    }

    #[test]
    fn tolerates_junk() {
        assert_eq!(
            parse("<html>502 Bad Gateway</html>"),
            ErrorDetails::default()
        );
        assert_eq!(parse("[1,2]"), ErrorDetails::default());
        assert_eq!(parse(r#"{"code": {"x": 1}}"#), ErrorDetails::default());
        let deep = format!(
            "{}{}",
            r#"{"a":"#.repeat(100),
            "1".to_owned() + &"}".repeat(100)
        );
        assert_eq!(parse(&deep), ErrorDetails::default());
    }
}
