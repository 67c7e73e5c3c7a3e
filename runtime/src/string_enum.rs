//! String enums: generated code writes each enum's two `match`es (to and from the wire) in an
//! impl of [`StringEnum`]; everything else — `From<&str>`, `Display`, serde, validation —
//! comes from [`impl_string_enum!`](crate::impl_string_enum) and the functions here, once.

use serde::{Deserialize, Deserializer};

use crate::validate::Validator;

/// A string enum that keeps values it does not know (an `Unknown(String)` variant).
pub trait StringEnum: Sized {
    /// The known wire values, in the spec's order.
    const VALUES: &'static [&'static str];

    /// The value as it appears on the wire.
    fn as_str(&self) -> &str;

    /// The variant for a wire value; unknown values are kept as received.
    fn from_wire(value: &str) -> Self;
}

/// Reads a string and maps it with [`StringEnum::from_wire`].
pub fn deserialize<'de, T: StringEnum, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    let value = String::deserialize(deserializer)?;
    Ok(T::from_wire(&value))
}

/// A request may only carry known values: an unknown one is a violation naming the allowed.
pub fn validate<T: StringEnum>(value: &T, v: &mut Validator) {
    let text = value.as_str();
    if !T::VALUES.contains(&text) {
        v.not_allowed(text, T::VALUES);
    }
}

/// The impls every generated string enum shares: an inherent `as_str`, `From<&str>`,
/// `Display`, `Serialize`, `Deserialize` and `Validate`, all through [`StringEnum`].
#[macro_export]
macro_rules! impl_string_enum {
    ($name:ident) => {
        impl $name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                <Self as $crate::codegen::StringEnum>::as_str(self)
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                <Self as $crate::codegen::StringEnum>::from_wire(value)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::string_enum::deserialize(deserializer)
            }
        }

        impl $crate::codegen::Validate for $name {
            fn validate(&self, v: &mut $crate::codegen::Validator) {
                $crate::string_enum::validate(self, v)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::codegen::{StringEnum, Validate, Validator};

    #[derive(Debug, PartialEq)]
    enum Color {
        Red,
        Unknown(String),
    }

    impl StringEnum for Color {
        const VALUES: &'static [&'static str] = &["red"];
        fn as_str(&self) -> &str {
            match self {
                Self::Red => "red",
                Self::Unknown(value) => value,
            }
        }
        fn from_wire(value: &str) -> Self {
            match value {
                "red" => Self::Red,
                other => Self::Unknown(other.to_owned()),
            }
        }
    }

    crate::impl_string_enum!(Color);

    #[test]
    fn the_shared_impls_go_through_the_two_matches() {
        assert_eq!(Color::from("red"), Color::Red);
        assert_eq!(Color::Red.to_string(), "red");
        assert_eq!(serde_json::to_string(&Color::Red).unwrap(), "\"red\"");
        let blue: Color = serde_json::from_str("\"blue\"").unwrap();
        assert_eq!(blue, Color::Unknown("blue".into()));
        assert!(serde_json::from_str::<Color>("3").is_err());
    }

    #[test]
    fn only_known_values_pass_validation() {
        let mut v = Validator::new();
        Color::Red.validate(&mut v);
        Color::Unknown("red".into()).validate(&mut v);
        assert!(v.finish().is_ok());
        let mut v = Validator::new();
        Color::Unknown("blue".into()).validate(&mut v);
        let error = v.finish().unwrap_err().to_string();
        assert!(error.contains("blue") && error.contains("red"), "{error}");
    }
}
