//! Reading error bodies: code/message pairs first, then the shapes of other ecosystems
//! (FastAPI, RFC 7807/9457 problem details, OAuth, `{"error": {...}}`, `{"errors": [...]}`).

use serde_json::{Map, Value};

/// The code/message key pairs looked for, in order of preference (the vendor's SDKs' order;
/// other services use them too, so they are read for every client).
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
    #[cfg(feature = "huawei")]
    pub encoded_authorization_message: Option<String>,
}

/// Extracts the code, message and request ID from an error body; a body that is not JSON, or
/// holds none of the known keys, gives empty details (the caller still has the raw body).
pub(crate) fn parse_error_body(body: &[u8]) -> ErrorDetails {
    let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(body) else {
        return ErrorDetails::default();
    };
    let (code, message) = find_code_message(&object, 0)
        .or_else(|| crate::error_shapes::other_ecosystems(&object))
        .unwrap_or_default();
    ErrorDetails {
        code,
        message,
        request_id: string_field(&object, "request_id"),
        #[cfg(feature = "huawei")]
        encoded_authorization_message: string_field(&object, "encoded_authorization_message"),
    }
}

pub(crate) type CodeMessage = (Option<String>, Option<String>);

fn find_code_message(object: &Map<String, Value>, depth: usize) -> Option<CodeMessage> {
    for (code_key, message_key) in CODE_MESSAGE_KEYS {
        let code = scalar_field(object, code_key);
        let message = scalar_field(object, message_key);
        if code.is_some() || message.is_some() {
            // `{"message", "type"}` without a code (OpenAI, Neutron): the type is the code.
            let code = code.or_else(|| match message_key {
                "message" => scalar_field(object, "type"),
                _ => None,
            });
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
pub(crate) fn scalar_field(object: &Map<String, Value>, key: &str) -> Option<String> {
    match object.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `body` decoded into `T`, refused when it is a non-empty object none of whose top-level
/// fields `T` reads (see [`crate::ServiceError::body_as`]).
pub(crate) fn decode_sharing_a_field<T: serde::de::DeserializeOwned>(
    body: &[u8],
) -> Result<T, serde_json::Error> {
    let mut ignored = Vec::new();
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value: T = serde_ignored::deserialize(&mut deserializer, |path| {
        if let serde_ignored::Path::Map {
            parent: serde_ignored::Path::Root,
            key,
        } = path
        {
            ignored.push(key);
        }
    })?;
    deserializer.end()?;
    let fields = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(fields)) => fields.len(),
        _ => 0,
    };
    if fields > 0 && ignored.len() >= fields {
        let names: Vec<String> = ignored.iter().take(5).map(|k| format!("{k:?}")).collect();
        return Err(serde::de::Error::custom(format!(
            "the body shares no field with `{}` (it has {})",
            std::any::type_name::<T>(),
            crate::error::printable(&names.join(", "), BODY_FIELDS_LIMIT)
        )));
    }
    Ok(value)
}

/// How much of the body's field names an error quotes.
const BODY_FIELDS_LIMIT: usize = 200;

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

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct AllOptional {
        error_code: Option<String>,
        error_msg: Option<String>,
    }

    #[test]
    fn body_as_needs_a_shared_field() {
        let decode = |body: &str| decode_sharing_a_field::<AllOptional>(body.as_bytes());
        let unrelated = decode(r#"{"unrelated": 1, "other": 2}"#);
        let message = unrelated.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("shares no field"), "{message}");
        assert!(message.contains("\"unrelated\""), "{message}");
        assert!(message.contains("AllOptional"), "{message}");
        let shared = decode(r#"{"error_msg": "m", "extra": true}"#);
        assert_eq!(
            shared.ok(),
            Some(AllOptional {
                error_code: None,
                error_msg: Some("m".to_owned())
            })
        );
        assert!(decode("{}").is_ok());
        assert!(decode(r#"{"error_msg": 5}"#).is_err());
        assert!(decode("not json").is_err());
        // A map takes every field, so it always shares one.
        let map = decode_sharing_a_field::<Map<String, Value>>(br#"{"a": 1}"#);
        assert_eq!(map.ok().map(|m| m.len()), Some(1));
        let hostile = decode("{\"\\u001b[2J\": 1}");
        let message = hostile.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(!message.contains('\u{1b}'), "{message}");
    }
}
