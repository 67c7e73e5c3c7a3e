//! Lowering schemas to [`TypeRef`]s, defining named types for objects and enums.

use openapiv3::{
    AdditionalProperties, IntegerFormat, ReferenceOr, Schema, SchemaKind, Type,
    VariantOrUnknownOrEmpty,
};

use super::compose;
use super::docs::schema_docs;
use super::refs;
use super::types;
use super::Lowerer;
use crate::error::{Error, Pointer, SpecError};
use crate::model::{Docs, Field, TypeDef, TypeKind, TypeRef, Variant};
use crate::naming::{self, Scope};

/// Lowers `components.schemas.<api_name>`: objects and enums become types named `rust_name`,
/// anything else a type alias.
pub(super) fn lower_component(
    lowerer: &mut Lowerer<'_>,
    api_name: &str,
    rust_name: &str,
    schema: &ReferenceOr<Schema>,
    at: &Pointer,
) -> Result<(), Error> {
    if let Some(path) = lowerer.replace.get(api_name) {
        // The user's own type stands in for the schema, under the schema's name.
        let docs = match schema {
            ReferenceOr::Item(schema) => schema_docs(schema),
            ReferenceOr::Reference { .. } => Default::default(),
        };
        lowerer.types.push(TypeDef {
            rust_name: rust_name.to_owned(),
            api_name: api_name.to_owned(),
            docs,
            kind: TypeKind::Alias(TypeRef::External(path.clone())),
        });
        return Ok(());
    }
    if let ReferenceOr::Item(schema) = schema {
        if let Some(extras) = types::own_derives(schema, at)? {
            lowerer.own_extras.insert(rust_name.to_owned(), extras);
        }
    }
    let (ty, defined_here) = match schema {
        // A component that is only a reference is an alias, even of itself (which the alias
        // cycle check then reports).
        ReferenceOr::Reference { reference } => (named_ref(lowerer, reference, at)?, false),
        ReferenceOr::Item(schema) => {
            let ty = lower_schema(lowerer, schema, NameHint::Fixed(rust_name), at)?;
            // `nullable` on a component concerns its uses, not the definition: they become
            // `Option`s (`nullable_refs`), the type itself does not.
            let ty = match ty {
                TypeRef::Nullable(inner) => {
                    lowerer.nullable_components.insert(rust_name.to_owned());
                    *inner
                }
                other => other,
            };
            let defined = ty == TypeRef::Named(rust_name.to_owned());
            (ty, defined)
        }
    };
    if !defined_here {
        let docs = match schema {
            ReferenceOr::Item(schema) => schema_docs(schema),
            ReferenceOr::Reference { .. } => Default::default(),
        };
        lowerer.types.push(TypeDef {
            rust_name: rust_name.to_owned(),
            api_name: api_name.to_owned(),
            docs,
            kind: TypeKind::Alias(ty),
        });
    }
    Ok(())
}

/// The name a type defined for a schema gets.
#[derive(Debug, Clone, Copy)]
pub(crate) enum NameHint<'h> {
    /// A component: its name was assigned up front.
    Fixed(&'h str),
    /// An inline schema: a name is made from its context (`ParentField`), made unique on use.
    Inline(&'h str),
}

/// The type of a schema or reference found at `at`.
pub(crate) fn type_of<S: AsSchema>(
    lowerer: &mut Lowerer<'_>,
    schema: &ReferenceOr<S>,
    hint: &str,
    at: &Pointer,
) -> Result<TypeRef, Error> {
    match schema {
        ReferenceOr::Reference { reference } => named_ref(lowerer, reference, at),
        ReferenceOr::Item(schema) => {
            lower_schema(lowerer, schema.as_schema(), NameHint::Inline(hint), at)
        }
    }
}

/// `ReferenceOr<Schema>` and `ReferenceOr<Box<Schema>>` both appear in `openapiv3`.
pub(crate) trait AsSchema {
    fn as_schema(&self) -> &Schema;
}

impl AsSchema for Schema {
    fn as_schema(&self) -> &Schema {
        self
    }
}

impl AsSchema for Box<Schema> {
    fn as_schema(&self) -> &Schema {
        self
    }
}

pub(super) fn named_ref(
    lowerer: &Lowerer<'_>,
    reference: &str,
    at: &Pointer,
) -> Result<TypeRef, Error> {
    let name = refs::component_name(reference, "schemas", at)?;
    lowerer
        .component_names
        .get(name)
        .map(|rust| TypeRef::Named(rust.clone()))
        .ok_or_else(|| {
            SpecError::invalid(
                at.push("$ref"),
                format!("reference {reference:?} does not resolve: there is no `{name}` in `components.schemas`"),
            )
        })
}

/// The type of `type: integer` with a format OpenAPI does not define: the unsigned formats
/// (`uint64` values above `i64::MAX` would not decode as `i64`), else `i64`.
fn integer_format(format: &str) -> TypeRef {
    match format {
        "uint64" => TypeRef::U64,
        "uint32" => TypeRef::U32,
        "uint16" => TypeRef::U16,
        "uint8" => TypeRef::U8,
        "int32" => TypeRef::I32,
        _ => TypeRef::I64,
    }
}

fn lower_schema(
    lowerer: &mut Lowerer<'_>,
    schema: &Schema,
    hint: NameHint<'_>,
    at: &Pointer,
) -> Result<TypeRef, Error> {
    // `x-rust-type`: the user's type, whatever the schema says.
    let ty = match types::rust_type_extension(schema, at)? {
        Some(replaced) => replaced,
        None => kind_type(lowerer, schema, hint, at)?,
    };
    // Any JSON value includes `null` already.
    Ok(if schema.schema_data.nullable && ty != TypeRef::Json {
        ty.nullable()
    } else {
        ty
    })
}

/// The type a schema's kind describes.
fn kind_type(
    lowerer: &mut Lowerer<'_>,
    schema: &Schema,
    hint: NameHint<'_>,
    at: &Pointer,
) -> Result<TypeRef, Error> {
    Ok(match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
            define_enum(lowerer, schema, &s.enumeration, hint, at)?
        }
        SchemaKind::Type(Type::String(s)) => types::string_type(lowerer, &s.format),
        SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
        SchemaKind::Type(Type::Integer(i)) => match i.format {
            VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
            VariantOrUnknownOrEmpty::Unknown(ref format) => integer_format(format),
            _ => TypeRef::I64,
        },
        // `format: float` too: JSON numbers are decimal text, and an `f32` would round (or
        // refuse) values a server sends under a `float` label; `f64` keeps every one.
        SchemaKind::Type(Type::Number(_)) => TypeRef::F64,
        SchemaKind::Type(Type::Array(array)) => {
            array_of(lowerer, array.items.as_ref(), hint, &at.push("items"))?
        }
        SchemaKind::Type(Type::Object(object)) => {
            let mut parts = ObjectParts::default();
            parts.add(
                &object.properties,
                &object.required,
                object.additional_properties.as_ref(),
                at,
            );
            object_type(lowerer, schema, parts, hint)?
        }
        SchemaKind::AllOf { all_of } => {
            compose::all_of(lowerer, schema, all_of, ObjectParts::default(), hint, at)?
        }
        SchemaKind::Any(any) => any_type(lowerer, schema, any, hint, at)?,
        SchemaKind::OneOf { one_of } => {
            compose::union(lowerer, schema, one_of, hint, &at.push("oneOf"))?
        }
        SchemaKind::AnyOf { any_of } => {
            compose::union(lowerer, schema, any_of, hint, &at.push("anyOf"))?
        }
        // Rust types cannot say "anything but X"; any JSON value is the honest type.
        SchemaKind::Not { .. } => TypeRef::Json,
    })
}

pub(super) fn hint_name<'h>(hint: &NameHint<'h>) -> &'h str {
    match hint {
        NameHint::Fixed(name) | NameHint::Inline(name) => name,
    }
}

/// A schema without `type`: treated as what its keywords describe, else any JSON value.
fn any_type(
    lowerer: &mut Lowerer<'_>,
    schema: &Schema,
    any: &openapiv3::AnySchema,
    hint: NameHint<'_>,
    at: &Pointer,
) -> Result<TypeRef, Error> {
    let mut own = ObjectParts::default();
    own.add(
        &any.properties,
        &any.required,
        any.additional_properties.as_ref(),
        at,
    );
    let unions: Vec<(&Vec<ReferenceOr<Schema>>, &str)> =
        [(&any.one_of, "oneOf"), (&any.any_of, "anyOf")]
            .into_iter()
            .filter(|(members, _)| !members.is_empty())
            .collect();
    if let ([(members, keyword)], true) =
        (unions.as_slice(), own.is_empty() && any.all_of.is_empty())
    {
        return compose::union(lowerer, schema, members, hint, &at.push(keyword));
    }
    // Properties, `allOf` members or another union beside a union: a struct holding them and,
    // flattened, each union of what varies.
    for (members, keyword) in unions {
        let variant_hint = format!("{}Variant", hint_name(&hint));
        let variant = compose::union_within(
            lowerer,
            schema,
            members,
            NameHint::Inline(&variant_hint),
            hint_name(&hint),
            &at.push(keyword),
        )?;
        own.flattened.push(variant);
    }
    if !any.all_of.is_empty() {
        return compose::all_of(lowerer, schema, &any.all_of, own, hint, at);
    }
    if !own.is_empty() {
        return object_type(lowerer, schema, own, hint);
    }
    if let Some(items) = &any.items {
        return array_of(lowerer, Some(items), hint, &at.push("items"));
    }
    // `openapiv3` reads a typed schema with a keyword foreign to its type (`{type: boolean,
    // uniqueItems: true}`, common in Kubernetes' spec) as untyped; its `type` still says what
    // the value is.
    Ok(match (any.typ.as_deref(), any.format.as_deref()) {
        (Some("string"), format) => types::string_type_named(lowerer, format),
        (Some("boolean"), _) => TypeRef::Bool,
        (Some("integer"), Some("int32")) => TypeRef::I32,
        (Some("integer"), Some(format)) => integer_format(format),
        (Some("integer"), _) => TypeRef::I64,
        (Some("number"), _) => TypeRef::F64,
        (Some("array"), _) => TypeRef::Vec(Box::new(TypeRef::Json)),
        (Some("object"), _) => TypeRef::Map(Box::new(TypeRef::Json)),
        _ => TypeRef::Json,
    })
}

fn array_of(
    lowerer: &mut Lowerer<'_>,
    items: Option<&ReferenceOr<Box<Schema>>>,
    hint: NameHint<'_>,
    at: &Pointer,
) -> Result<TypeRef, Error> {
    let item = match items {
        Some(items) => type_of(lowerer, items, &format!("{}Item", hint_name(&hint)), at)?,
        None => TypeRef::Json,
    };
    Ok(TypeRef::Vec(Box::new(item)))
}

/// The parts of an object schema, possibly gathered from several (`allOf`).
#[derive(Default)]
pub(super) struct ObjectParts<'s> {
    /// Each property with the pointer of the schema defining it.
    pub(super) properties: Vec<(&'s String, &'s ReferenceOr<Box<Schema>>, Pointer)>,
    pub(super) required: Vec<&'s String>,
    /// With the pointer of the schema holding it.
    pub(super) additional: Option<(&'s AdditionalProperties, Pointer)>,
    /// Types (unions) whose fields sit beside the properties (`#[serde(flatten)]`).
    pub(super) flattened: Vec<TypeRef>,
}

impl<'s> ObjectParts<'s> {
    /// Adds one schema's object keywords (found at `at`); a property already present keeps its
    /// first definition.
    pub(super) fn add(
        &mut self,
        properties: &'s indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &'s [String],
        additional: Option<&'s AdditionalProperties>,
        at: &Pointer,
    ) {
        for (name, property) in properties {
            if !self.properties.iter().any(|(known, _, _)| *known == name) {
                self.properties
                    .push((name, property, at.push("properties").push(name)));
            }
        }
        self.required.extend(required);
        if self.additional.is_none() {
            self.additional = additional.map(|a| (a, at.push("additionalProperties")));
        }
    }

    /// Adds the parts of `other` after these.
    pub(super) fn extend(&mut self, other: ObjectParts<'s>) {
        for (name, property, at) in other.properties {
            if !self.properties.iter().any(|(known, _, _)| *known == name) {
                self.properties.push((name, property, at));
            }
        }
        self.required.extend(other.required);
        if self.additional.is_none() {
            self.additional = other.additional;
        }
        self.flattened.extend(other.flattened);
    }

    pub(super) fn is_empty(&self) -> bool {
        self.properties.is_empty() && self.additional.is_none() && self.flattened.is_empty()
    }
}

/// Objects with properties become structs; property-less objects become maps.
pub(super) fn object_type(
    lowerer: &mut Lowerer<'_>,
    schema: &Schema,
    parts: ObjectParts<'_>,
    hint: NameHint<'_>,
) -> Result<TypeRef, Error> {
    if parts.properties.is_empty() && parts.flattened.is_empty() {
        let value = match parts.additional {
            Some((AdditionalProperties::Schema(inner), at)) => {
                type_of(lowerer, inner, &format!("{}Value", hint_name(&hint)), &at)?
            }
            _ => TypeRef::Json,
        };
        return Ok(TypeRef::Map(Box::new(value)));
    }
    let rust_name = define_name(lowerer, hint);
    // Reserve the parent's place first so that it precedes the types nested in it.
    let slot = lowerer.types.len();
    lowerer.types.push(TypeDef {
        rust_name: rust_name.clone(),
        api_name: hint_name(&hint).to_owned(),
        docs: schema_docs(schema),
        kind: TypeKind::Struct(Vec::new()),
    });
    let mut field_names = Scope::new();
    let mut fields = Vec::with_capacity(parts.properties.len());
    for (api_name, property, at) in parts.properties {
        let field_hint = format!("{rust_name}{}", naming::pascal(api_name));
        let ty = type_of(lowerer, property, &field_hint, &at)?;
        let (ty, nullable) = match ty {
            TypeRef::Nullable(inner) => (*inner, true),
            other => (other, false),
        };
        fields.push(Field {
            api_name: api_name.clone(),
            rust_name: field_names.unique(naming::snake(api_name)),
            ty,
            required: parts.required.contains(&api_name),
            nullable,
            boxed: false,
            indirect: false,
            flatten: false,
            docs: match property {
                ReferenceOr::Item(schema) => schema_docs(schema),
                ReferenceOr::Reference { .. } => Default::default(),
            },
            pinned_integer: match property {
                ReferenceOr::Item(schema) => pinned_integer(schema),
                ReferenceOr::Reference { .. } => None,
            },
            // Set once every alias is known (`nullable_refs`).
            any_value: false,
        });
    }
    let has_unions = !parts.flattened.is_empty();
    for ty in parts.flattened {
        fields.push(flattened_field(&rust_name, ty, &mut field_names));
    }
    if let (Some((additional, at)), false) = (parts.additional, has_unions) {
        // Declared extra properties are data: kept in a map beside the fields, so that
        // decoding then encoding gives the same object. (Beside a flattened union they are
        // not: serde would hand the union's own keys to the map too.)
        let value = match additional {
            AdditionalProperties::Any(false) => None,
            AdditionalProperties::Any(true) => Some(TypeRef::Json),
            AdditionalProperties::Schema(inner) => {
                Some(type_of(lowerer, inner, &format!("{rust_name}Value"), &at)?)
            }
        };
        if let Some(value) = value {
            fields.push(extras_field(value, &mut field_names));
        }
    }
    lowerer.types[slot].kind = TypeKind::Struct(fields);
    Ok(TypeRef::Named(lowerer.share_shape(
        slot,
        hint,
        schema.schema_data.title.as_deref(),
    )))
}

/// The map of an object's declared extra properties (`additionalProperties`), flattened.
fn extras_field(value: TypeRef, names: &mut Scope) -> Field {
    let rust_name = names.unique("additional_properties".to_owned());
    Field {
        api_name: rust_name.clone(),
        rust_name,
        ty: TypeRef::Map(Box::new(value)),
        required: true,
        nullable: false,
        boxed: false,
        indirect: false,
        flatten: true,
        docs: Docs {
            description: Some(
                "Properties beside the declared ones (`additionalProperties`).".to_owned(),
            ),
            ..Default::default()
        },
        pinned_integer: None,
        any_value: false,
    }
}

/// A field holding a union whose own fields sit beside the struct's, named after its type.
fn flattened_field(owner: &str, ty: TypeRef, names: &mut Scope) -> Field {
    let ty = match ty {
        // A value cannot be absent from its own object: flattening is not optional.
        TypeRef::Nullable(inner) => *inner,
        other => other,
    };
    let base = match &ty {
        TypeRef::Named(name) => match name.strip_prefix(owner) {
            Some(rest) if !rest.is_empty() => naming::snake(rest),
            _ => naming::snake(name),
        },
        _ => "variant".to_owned(),
    };
    let rust_name = names.unique(base);
    Field {
        api_name: rust_name.clone(),
        rust_name,
        ty,
        required: true,
        nullable: false,
        boxed: false,
        indirect: false,
        flatten: true,
        docs: Default::default(),
        pinned_integer: None,
        any_value: false,
    }
}

/// The one integer an integer schema allows (`enum: [2]`, which is what 3.1's `const: 2`
/// becomes), typed or beside an `allOf` naming its wider type.
fn pinned_integer(schema: &Schema) -> Option<i64> {
    let one = |values: &[serde_json::Value]| match values {
        [value] => value.as_i64(),
        _ => None,
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(integer)) => match integer.enumeration.as_slice() {
            [Some(value)] => Some(*value),
            _ => None,
        },
        SchemaKind::Any(any) if any.typ.as_deref() == Some("integer") => one(&any.enumeration),
        _ => None,
    }
}

/// A string enum; `null` among the values only makes the type nullable.
pub(super) fn define_enum(
    lowerer: &mut Lowerer<'_>,
    schema: &Schema,
    values: &[Option<String>],
    hint: NameHint<'_>,
    at: &Pointer,
) -> Result<TypeRef, Error> {
    if values.iter().all(Option::is_none) {
        // `enum: [null]` allows no string at all; a plain string keeps the value readable.
        return Ok(TypeRef::String);
    }
    let descriptions = enum_strings(schema, "x-enum-descriptions", values.len(), at)?;
    let names = enum_strings(schema, "x-enum-varnames", values.len(), at)?;
    let mut variant_names = Scope::new();
    variant_names.reserve("Unknown");
    let mut variants: Vec<Variant> = Vec::new();
    for (index, value) in values.iter().enumerate() {
        let Some(value) = value else { continue };
        if variants.iter().any(|v| &v.api_value == value) {
            continue;
        }
        variants.push(Variant {
            api_value: value.clone(),
            rust_name: variant_names.unique(naming::pascal(names.get(index).unwrap_or(value))),
            description: descriptions.get(index).cloned(),
        });
    }
    let rust_name = define_name(lowerer, hint);
    let slot = lowerer.types.len();
    lowerer.types.push(TypeDef {
        rust_name,
        api_name: hint_name(&hint).to_owned(),
        docs: schema_docs(schema),
        kind: TypeKind::Enum(variants),
    });
    Ok(TypeRef::Named(lowerer.share_shape(
        slot,
        hint,
        schema.schema_data.title.as_deref(),
    )))
}

/// `x-enum-descriptions` or `x-enum-varnames` (variant names, as openapi-generator reads them):
/// one string per enum value, in order.
fn enum_strings(
    schema: &Schema,
    extension: &str,
    count: usize,
    at: &Pointer,
) -> Result<Vec<String>, Error> {
    let Some(value) = schema.schema_data.extensions.get(extension) else {
        return Ok(Vec::new());
    };
    let strings: Option<Vec<String>> = value
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|i| i.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or(None);
    match strings {
        Some(strings) if strings.len() == count => Ok(strings),
        _ => Err(SpecError::invalid(
            at.push(extension),
            format!("`{extension}` must be a list of {count} strings, one per enum value"),
        )),
    }
}

pub(super) fn define_name(lowerer: &mut Lowerer<'_>, hint: NameHint<'_>) -> String {
    match hint {
        NameHint::Fixed(name) => name.to_owned(),
        NameHint::Inline(name) => lowerer.type_names.unique(naming::pascal(name)),
    }
}

/// Strings, numbers, booleans and string enums (also through aliases): what has a plain
/// text form in a path, query or header.
pub(super) fn is_scalar(lowerer: &Lowerer<'_>, ty: &TypeRef, depth: usize) -> bool {
    match ty {
        TypeRef::String
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::U64
        | TypeRef::U32
        | TypeRef::U16
        | TypeRef::U8
        | TypeRef::F64
        | TypeRef::Bool
        | TypeRef::Formatted(_) => true,
        TypeRef::Named(name) if depth < 32 => {
            match lowerer
                .types
                .iter()
                .find(|t| &t.rust_name == name)
                .map(|t| &t.kind)
            {
                Some(TypeKind::Enum(_)) => true,
                Some(TypeKind::Alias(target)) => is_scalar(lowerer, target, depth + 1),
                _ => false,
            }
        }
        _ => false,
    }
}
