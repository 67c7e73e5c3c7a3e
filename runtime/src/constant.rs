//! Pinned values: a property a schema pins to one string (`const: "track"` or a one-value
//! `enum`) becomes a zero-size type that decodes from that string only and always encodes it.
//!
//! Strictness is the point: union members told apart by such a property must refuse data
//! carrying another member's value, or the first member that decodes takes every value (and
//! loses the fields of the right one). The caller never sets the value, so it cannot be wrong.

use serde::{Deserialize, Deserializer};

/// A type with exactly one value on the wire.
pub trait Constant: Default {
    /// The string on the wire.
    const VALUE: &'static str;
}

/// Reads a string and accepts it only when it is [`Constant::VALUE`].
pub fn deserialize<'de, T: Constant, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    let found = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
    if found == T::VALUE {
        Ok(T::default())
    } else {
        Err(serde::de::Error::invalid_value(
            serde::de::Unexpected::Str(&found),
            &format!("the constant {:?}", T::VALUE).as_str(),
        ))
    }
}

/// The impls of a generated constant type: [`Constant`], `Display`, `Serialize`,
/// `Deserialize` and an empty `Validate` (the type cannot hold a wrong value).
#[macro_export]
macro_rules! impl_constant {
    ($name:ident, $value:literal) => {
        impl $crate::Constant for $name {
            const VALUE: &'static str = $value;
        }

        impl $name {
            /// The value on the wire.
            pub const VALUE: &'static str = $value;
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str($value)
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str($value)
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::constant::deserialize(deserializer)
            }
        }

        impl $crate::Validate for $name {
            fn validate(&self, _: &mut $crate::Validator) {}
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
        assert_eq!(Track.to_string(), Track::VALUE);
    }
}
