//! Untagged unions (`oneOf`/`anyOf` without a tag): which member a value decodes as.
//!
//! serde's `untagged` takes the first member that decodes. Members whose properties are all
//! optional decode from nearly any object, ignoring the keys they do not declare, so the first
//! of them would win and the data of the member that declares those keys would be dropped.
//! Here a member wins only if encoding it gives the value back; the first member that merely
//! decodes is kept for values no member holds whole (extra keys a server added, say).

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Error, Value};

/// Decodes one member of a union from the whole value.
pub type Member<T> = fn(&Value) -> Result<T, Error>;

/// Decodes `deserializer`'s value as the first of `members` that keeps all of it, else as the
/// first that decodes; `union` names the type in the error when none decodes.
pub fn decode_untagged<'de, T, D>(
    deserializer: D,
    union: &str,
    members: &[Member<T>],
) -> Result<T, D::Error>
where
    T: Serialize,
    D: Deserializer<'de>,
{
    let value = Value::deserialize(deserializer)?;
    let mut first = None;
    for member in members {
        let Ok(decoded) = member(&value) else {
            continue;
        };
        if keeps(&value, &decoded) {
            return Ok(decoded);
        }
        first.get_or_insert(decoded);
    }
    first.ok_or_else(|| {
        D::Error::custom(format!(
            "data did not match any variant of untagged enum {union}"
        ))
    })
}

/// Whether `decoded` encodes back to `original`.
fn keeps<T: Serialize>(original: &Value, decoded: &T) -> bool {
    serde_json::to_value(decoded).is_ok_and(|encoded| same(original, &encoded))
}

/// JSON equality with numbers compared by value (`1` and `1.0` are the same number: a member
/// holding a float writes `1.0` for `1`).
pub(crate) fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => match (x.as_u64(), y.as_u64()) {
                (Some(x), Some(y)) => x == y,
                _ => x.as_f64() == y.as_f64(),
            },
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(key, x)| y.get(key).is_some_and(|y| same(x, y)))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Named {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Listed {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        items: Option<Vec<u8>>,
    }

    #[derive(Debug, PartialEq, Serialize)]
    #[serde(untagged)]
    enum Either {
        Named(Named),
        Listed(Listed),
    }

    const MEMBERS: &[Member<Either>] = &[
        |v| Deserialize::deserialize(v).map(Either::Named),
        |v| Deserialize::deserialize(v).map(Either::Listed),
    ];

    fn decode(text: &str) -> Result<Either, Error> {
        decode_untagged(
            &mut serde_json::Deserializer::from_str(text),
            "Either",
            MEMBERS,
        )
    }

    #[test]
    fn the_member_that_keeps_every_key_wins_over_an_earlier_one() {
        let listed = Listed {
            name: None,
            items: Some(Vec::new()),
        };
        assert_eq!(decode(r#"{"items":[]}"#).unwrap(), Either::Listed(listed));
        let named = Named {
            name: Some("a".into()),
        };
        assert_eq!(decode(r#"{"name":"a"}"#).unwrap(), Either::Named(named));
    }

    #[test]
    fn without_a_lossless_member_the_first_that_decodes_is_kept() {
        let decoded = decode(r#"{"name":"a","extra":1}"#).unwrap();
        assert_eq!(
            decoded,
            Either::Named(Named {
                name: Some("a".into())
            })
        );
    }

    #[test]
    fn no_member_decoding_names_the_union() {
        let error = decode("[1]").unwrap_err().to_string();
        assert!(
            error.contains("did not match any variant of untagged enum Either"),
            "{error}"
        );
    }

    #[test]
    fn numbers_compare_by_value_and_keys_unordered() {
        assert!(same(
            &json!({"a": 1, "b": [2.0]}),
            &json!({"b": [2], "a": 1.0})
        ));
        assert!(!same(&json!({"a": 1}), &json!({"a": 1, "b": null})));
        assert!(!same(&json!([1, 2]), &json!([1])));
        assert!(same(&json!(u64::MAX), &json!(u64::MAX)));
        assert!(!same(&json!(u64::MAX), &json!(u64::MAX - 1)));
    }
}
