//! Unions (`oneOf`/`anyOf`). Tagged ones (a `discriminator`, or a property every member pins):
//! the generated `Serialize`/`Deserialize` impls are one `match` each; reading and writing the
//! tag lives here once. Untagged ones: [`decode_untagged`] picks the member that keeps the value.
//!
//! A tagged value is decoded whole into the variant's type, tag included, because variant
//! types usually declare the tag property themselves (and may be used outside the union).

use serde::de::DeserializeOwned;
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

mod untagged;
pub use untagged::{decode_untagged, Member};

/// Reads a whole value and the text of its `tag` property: a string, or an integer's decimal
/// text (members may pin an integer, Discord's `type: 2`); `None` when absent or anything
/// else (the caller keeps such a value as unknown).
pub fn read_tagged<'de, D: Deserializer<'de>>(
    deserializer: D,
    tag: &str,
) -> Result<(Option<String>, Value), D::Error> {
    let value = Value::deserialize(deserializer)?;
    let found = match value.get(tag) {
        Some(Value::String(text)) => Some(text.clone()),
        Some(Value::Number(number)) if number.is_i64() || number.is_u64() => {
            Some(number.to_string())
        }
        _ => None,
    };
    Ok((found, value))
}

/// Decodes a value read by [`read_tagged`] into the variant its tag chose.
pub fn decode_variant<T: DeserializeOwned, E: serde::de::Error>(value: Value) -> Result<T, E> {
    serde_json::from_value(value).map_err(E::custom)
}

/// A value chosen by another of its variant's tag values (a component's name, when the
/// variant pins the tag to a value of its own), carrying the pinned value instead: the
/// variant's constant tag field then decodes, and encoding writes the value the spec pins.
pub fn pin_tag(mut value: Value, tag: &str, pinned: &str) -> Value {
    if let Some(found) = value.get_mut(tag) {
        *found = Value::String(pinned.to_owned());
    }
    value
}

/// Writes a variant, adding the tag when the variant's own fields do not carry it.
pub fn write_tagged<T: Serialize, S: Serializer>(
    value: &T,
    tag: &str,
    tag_value: &str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut json = serde_json::to_value(value).map_err(S::Error::custom)?;
    if let Value::Object(map) = &mut json {
        map.entry(tag)
            .or_insert_with(|| Value::String(tag_value.to_owned()));
    }
    json.serialize(serializer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Cat {
        lives: u8,
    }

    #[test]
    fn the_tag_is_read_and_the_value_kept_whole() {
        let mut de = serde_json::Deserializer::from_str(r#"{"kind":"cat","lives":9}"#);
        let (tag, value) = read_tagged(&mut de, "kind").unwrap();
        assert_eq!(tag.as_deref(), Some("cat"));
        let cat: Cat = decode_variant::<_, serde_json::Error>(value).unwrap();
        assert_eq!(cat, Cat { lives: 9 });
    }

    #[test]
    fn a_missing_or_non_string_tag_is_none() {
        for text in [r#"{"lives":9}"#, r#"{"kind":3.5}"#, "[1]", "null"] {
            let mut de = serde_json::Deserializer::from_str(text);
            let (tag, _) = read_tagged(&mut de, "kind").unwrap();
            assert_eq!(tag, None, "{text}");
        }
    }

    #[test]
    fn an_integer_tag_reads_as_its_decimal_text() {
        let mut de = serde_json::Deserializer::from_str(r#"{"kind":2}"#);
        let (tag, _) = read_tagged(&mut de, "kind").unwrap();
        assert_eq!(tag.as_deref(), Some("2"));
    }

    #[test]
    fn pinning_replaces_the_tag_value_only() {
        let value = serde_json::json!({"type": "TrackObject", "name": "a"});
        assert_eq!(
            pin_tag(value, "type", "track"),
            serde_json::json!({"type": "track", "name": "a"})
        );
    }

    #[test]
    fn writing_adds_the_tag_only_when_missing() {
        let mut out = Vec::new();
        write_tagged(
            &Cat { lives: 1 },
            "kind",
            "cat",
            &mut serde_json::Serializer::new(&mut out),
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"lives":1,"kind":"cat"}"#
        );
        let mut out = Vec::new();
        let tagged = serde_json::json!({"kind": "tabby", "lives": 1});
        write_tagged(
            &tagged,
            "kind",
            "cat",
            &mut serde_json::Serializer::new(&mut out),
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"kind":"tabby","lives":1}"#
        );
    }
}
