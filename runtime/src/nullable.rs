//! [`Nullable`]: a field that is optional *and* nullable has three states on the wire —
//! left out, `null`, or a value — and a client must be able to send each (a PATCH clears a
//! value with an explicit `null`, and leaves it alone by leaving the field out).
//!
//! Generated structs declare such fields as
//! `#[serde(default, skip_serializing_if = "Nullable::is_absent")] pub field: Nullable<T>`:
//! `default` turns a missing field into [`Nullable::Absent`], the `skip` leaves it out again,
//! and the serde impls here map `null` to [`Nullable::Null`] and back.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// `deserialize_with` (beside `default`) for an optional field that holds any JSON value:
/// `null` is one of its values, so a present `null` decodes as `Some(Value::Null)` (and is
/// written back), while a missing field stays `None`.
pub fn keep_null<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<serde_json::Value>, D::Error> {
    serde_json::Value::deserialize(deserializer).map(Some)
}

/// A value that may be left out, set to `null`, or set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Nullable<T> {
    /// Not present: the field is left out of the JSON object.
    #[default]
    Absent,
    /// Present as `null`.
    Null,
    /// Present with a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the field is left out (what `skip_serializing_if` asks).
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// Whether the field is present as `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// Whether the field holds a value.
    pub fn is_value(&self) -> bool {
        matches!(self, Nullable::Value(_))
    }

    /// A `Nullable` of a reference to the value.
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(value),
        }
    }

    /// The value, if any; absent and `null` are both `None`.
    pub fn as_option(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// The value, if any; absent and `null` are both `None`.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// Maps the value, keeping absent and `null` as they are.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(f(value)),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

/// `None` is an explicit `null`: who means "leave it out" writes [`Nullable::Absent`] (or
/// `Default::default()`).
impl<T> From<Option<T>> for Nullable<T> {
    fn from(value: Option<T>) -> Self {
        match value {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        }
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    /// [`Nullable::Absent`] is written as `null` too: only a field attribute can leave a field
    /// out, which generated structs always carry.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => serializer.serialize_some(value),
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    /// Called only for a field that is present (`#[serde(default)]` covers a missing one).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Patch {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        note: Nullable<String>,
    }

    #[test]
    fn the_three_states_round_trip() {
        for (wire, state) in [
            (json!({}), Nullable::Absent),
            (json!({"note": null}), Nullable::Null),
            (json!({"note": "hi"}), Nullable::Value("hi".to_owned())),
        ] {
            let decoded: Patch = serde_json::from_value(wire.clone()).unwrap();
            assert_eq!(decoded.note, state, "{wire}");
            assert_eq!(serde_json::to_value(&decoded).unwrap(), wire);
        }
    }

    #[test]
    fn conversions_and_accessors() {
        assert_eq!(Nullable::from(3), Nullable::Value(3));
        assert_eq!(Nullable::<i32>::from(None), Nullable::Null);
        assert_eq!(Nullable::from(Some(3)).into_option(), Some(3));
        assert_eq!(Nullable::<i32>::default(), Nullable::Absent);
        let null: Nullable<i32> = Nullable::Null;
        assert!(null.is_null() && !null.is_absent() && null.as_option().is_none());
        assert_eq!(
            Nullable::Value(2).as_ref().map(|v| v * 2),
            Nullable::Value(4)
        );
    }

    #[test]
    fn a_wrong_type_is_an_error() {
        let error = serde_json::from_value::<Patch>(json!({"note": 5})).unwrap_err();
        assert!(error.to_string().contains("invalid type"), "{error}");
    }
}
