//! Pinned values: a property a schema pins to one string (`const: "track"` or a one-value
//! `enum`) becomes a zero-size type that decodes from that string only and always encodes it.
//!
//! Strictness is the point: union members told apart by such a property must refuse data
//! carrying another member's value, or the first member that decodes takes every value (and
//! loses the fields of the right one). The caller never sets the value, so it cannot be wrong.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A type with exactly one value on the wire (a string or an integer).
pub trait Constant: Default + serde::Serialize {
    /// Whether a value read from the wire is the constant.
    fn matches(found: &Value) -> bool;
}

/// Reads a value and accepts it only when it is the constant.
pub fn deserialize<'de, T: Constant, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    let found = Value::deserialize(deserializer)?;
    if T::matches(&found) {
        Ok(T::default())
    } else {
        let expected = serde_json::to_string(&T::default()).unwrap_or_default();
        Err(serde::de::Error::custom(format_args!(
            "expected the constant {expected}, found {found}"
        )))
    }
}

/// The impls of a generated constant type: [`Constant`], `Display`, `Serialize`,
/// `Deserialize` and an empty `Validate` (the type cannot hold a wrong value). `$value` is a
/// string or an `i64` literal.
#[macro_export]
macro_rules! impl_constant {
    ($name:ident, $value:literal) => {
        impl $crate::codegen::Constant for $name {
            fn matches(found: &$crate::serde_json::Value) -> bool {
                *found == $value
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&$value, f)
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::serde::Serialize::serialize(&$value, serializer)
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::constant::deserialize(deserializer)
            }
        }

        impl $crate::codegen::Validate for $name {
            fn validate(&self, _: &mut $crate::codegen::Validator) {}
        }
    };
}

#[cfg(test)]
mod tests {
    #[derive(Debug, Default, PartialEq)]
    struct Track;
    crate::impl_constant!(Track, "track");

    #[test]
    fn only_the_pinned_value_decodes_and_it_is_always_written() {
        let track: Track = serde_json::from_str(r#""track""#).unwrap();
        assert_eq!(serde_json::to_string(&track).unwrap(), r#""track""#);
        let error = serde_json::from_str::<Track>(r#""episode""#).unwrap_err();
        assert!(error.to_string().contains("\"track\""), "{error}");
        assert!(serde_json::from_str::<Track>("3").is_err());
        assert_eq!(Track.to_string(), "track");
    }

    #[derive(Debug, Default, PartialEq)]
    struct Two;
    crate::impl_constant!(Two, 2i64);

    #[test]
    fn an_integer_constant_is_as_strict() {
        let two: Two = serde_json::from_str("2").unwrap();
        assert_eq!(serde_json::to_string(&two).unwrap(), "2");
        for other in ["3", r#""2""#, "2.5"] {
            let error = serde_json::from_str::<Two>(other).unwrap_err();
            assert!(error.to_string().contains("constant 2"), "{other}: {error}");
        }
    }
}
