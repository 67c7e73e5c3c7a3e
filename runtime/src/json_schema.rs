//! `schemars::JsonSchema` (0.8, what typify and progenitor use) for the runtime's types, behind
//! the `schemars` feature, so generated models can `#[derive(schemars::JsonSchema)]`
//! (`specforge generate --derive schemars::JsonSchema`).
//!
//! String enums, constants and unions implement serde by hand, so a derive would describe
//! the wrong shape; the generator calls the macros here for them instead. The macros expand
//! in the generated crate: every path in them goes through `$crate`.

use schemars::gen::SchemaGenerator;
use schemars::schema::{InstanceType, Schema, SchemaObject, SubschemaValidation};
use schemars::JsonSchema;

use crate::codegen::{Constant, StringEnum};
use crate::formats::{Formatted, TextFormat};
use crate::{Indirect, Nullable};

/// A string with the OpenAPI format it travels as (`format: date-time`).
impl<T: TextFormat> JsonSchema for Formatted<T> {
    fn is_referenceable() -> bool {
        false
    }

    fn schema_name() -> String {
        format!("Formatted_{}", T::FORMAT)
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        SchemaObject {
            instance_type: Some(InstanceType::String.into()),
            format: Some(T::FORMAT.to_owned()),
            ..SchemaObject::default()
        }
        .into()
    }
}

/// As `Option<T>`: the value or `null` (absence is the field's `default`).
impl<T: JsonSchema> JsonSchema for Nullable<T> {
    fn is_referenceable() -> bool {
        false
    }

    fn schema_name() -> String {
        <Option<T>>::schema_name()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        <Option<T>>::json_schema(generator)
    }
}

/// As `T` itself (like `Box<T>`).
impl<T: JsonSchema> JsonSchema for Indirect<T> {
    fn is_referenceable() -> bool {
        T::is_referenceable()
    }

    fn schema_name() -> String {
        T::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// A string enum: a string, one of the known values.
pub fn string_enum<T: StringEnum>() -> Schema {
    SchemaObject {
        instance_type: Some(InstanceType::String.into()),
        enum_values: Some(T::VALUES.iter().map(|v| (*v).into()).collect()),
        ..SchemaObject::default()
    }
    .into()
}

/// A constant: exactly its value.
pub fn constant<T: Constant>() -> Schema {
    SchemaObject {
        const_value: serde_json::to_value(T::default()).ok(),
        ..SchemaObject::default()
    }
    .into()
}

/// A union: any of its members.
pub fn union(members: Vec<Schema>) -> Schema {
    SchemaObject {
        subschemas: Some(Box::new(SubschemaValidation {
            any_of: Some(members),
            ..SubschemaValidation::default()
        })),
        ..SchemaObject::default()
    }
    .into()
}

/// `JsonSchema` for a generated string enum (`$name`), constant or union (`$name` and its
/// member types).
#[macro_export]
macro_rules! impl_json_schema {
    (string_enum $name:ident) => {
        $crate::impl_json_schema!(@impl $name, |_generator| $crate::json_schema::string_enum::<$name>());
    };
    (constant $name:ident) => {
        $crate::impl_json_schema!(@impl $name, |_generator| $crate::json_schema::constant::<$name>());
    };
    (union $name:ident [$($member:ty),* $(,)?]) => {
        $crate::impl_json_schema!(@impl $name, |generator| $crate::json_schema::union(
            ::std::vec![$(generator.subschema_for::<$member>()),*]
        ));
    };
    (@impl $name:ident, |$generator:ident| $schema:expr) => {
        impl $crate::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::string::String {
                ::std::string::String::from(::std::stringify!($name))
            }

            fn json_schema(
                $generator: &mut $crate::schemars::gen::SchemaGenerator,
            ) -> $crate::schemars::schema::Schema {
                $schema
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use schemars::gen::SchemaGenerator;
    use schemars::JsonSchema;
    use serde_json::{json, Value};

    use crate::formats::{DateTime, Uuid};
    use crate::{Indirect, Nullable};

    fn schema<T: JsonSchema>() -> Value {
        let schema = T::json_schema(&mut SchemaGenerator::default());
        serde_json::to_value(schema).unwrap_or_default()
    }

    #[test]
    fn formats_nullable_and_indirect_describe_what_they_carry() {
        assert_eq!(
            schema::<DateTime>(),
            json!({"type": "string", "format": "date-time"})
        );
        assert_eq!(schema::<Indirect<Uuid>>(), schema::<Uuid>());
        assert_eq!(schema::<Uuid>()["format"], "uuid");
        let nullable = schema::<Nullable<DateTime>>();
        assert_eq!(nullable["type"], json!(["string", "null"]), "{nullable}");
        assert_eq!(nullable["format"], "date-time", "{nullable}");
    }
}
