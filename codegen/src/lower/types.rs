//! The user's say over types: typed string formats (on unless turned off), replacement types
//! (`x-rust-type`, `Generator::replace`) and a schema's own extra derives (`x-rust-derives`).

use std::collections::BTreeSet;

use openapiv3::{OpenAPI, Schema, StringFormat, VariantOrUnknownOrEmpty};

use super::Lowerer;
use crate::custom::{Customization, Extras, RustPath};
use crate::error::{Error, Pointer, SpecError};
use crate::model::{Format, TypeDef, TypeRef};

/// The document's own choice (`x-typed-formats: false` at its root keeps formatted strings as
/// `String`); typed by default.
pub(super) fn document_typed_formats(doc: &OpenAPI) -> Result<bool, Error> {
    match doc.extensions.get("x-typed-formats") {
        None => Ok(true),
        Some(serde_json::Value::Bool(typed)) => Ok(*typed),
        Some(_) => Err(SpecError::invalid(
            Pointer::root().push("x-typed-formats"),
            "`x-typed-formats` must be `true` or `false`",
        )),
    }
}

/// The type of a string schema with this `format`.
pub(super) fn string_type(
    lowerer: &Lowerer<'_>,
    format: &VariantOrUnknownOrEmpty<StringFormat>,
) -> TypeRef {
    let name = match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => "date-time",
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => "date",
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => "byte",
        VariantOrUnknownOrEmpty::Unknown(name) => name.as_str(),
        _ => return TypeRef::String,
    };
    string_type_named(lowerer, Some(name))
}

/// The type of a string whose `format` is `name`.
pub(super) fn string_type_named(lowerer: &Lowerer<'_>, name: Option<&str>) -> TypeRef {
    match name.and_then(Format::from_name) {
        Some(format) if lowerer.typed_formats => TypeRef::Formatted(format),
        _ => TypeRef::String,
    }
}

/// `x-rust-type: some::Path` on a schema: that type instead of one generated from the schema.
pub(super) fn rust_type_extension(schema: &Schema, at: &Pointer) -> Result<Option<TypeRef>, Error> {
    let Some(value) = schema.schema_data.extensions.get("x-rust-type") else {
        return Ok(None);
    };
    let at = at.push("x-rust-type");
    let text = value.as_str().ok_or_else(|| {
        SpecError::invalid(
            at.clone(),
            "`x-rust-type` must be a string naming a Rust type",
        )
    })?;
    let path = RustPath::type_path(text).map_err(|why| SpecError::invalid(at, why))?;
    Ok(Some(TypeRef::External(path)))
}

/// `x-rust-derives: [schemars::JsonSchema, Hash]` on a component schema: derives its type adds.
pub(super) fn own_derives(schema: &Schema, at: &Pointer) -> Result<Option<Extras>, Error> {
    let Some(value) = schema.schema_data.extensions.get("x-rust-derives") else {
        return Ok(None);
    };
    let at = at.push("x-rust-derives");
    let items = value.as_array().ok_or_else(|| {
        SpecError::invalid(
            at.clone(),
            "`x-rust-derives` must be a list of derive macro paths",
        )
    })?;
    let mut extras = Extras::default();
    for (index, item) in items.iter().enumerate() {
        let at = at.push(index.to_string());
        let text = item.as_str().ok_or_else(|| {
            SpecError::invalid(at.clone(), "a derive must be a string such as `Hash`")
        })?;
        extras
            .derives
            .push(RustPath::derive_path(text).map_err(|why| SpecError::invalid(at, why))?);
    }
    Ok(Some(extras))
}

/// Every type `replace` names must be a component schema: a typo must not pass silently.
pub(super) fn check_type_names(doc: &OpenAPI, custom: &Customization) -> Result<(), Error> {
    let known: BTreeSet<&str> = doc
        .components
        .iter()
        .flat_map(|c| c.schemas.keys())
        .map(String::as_str)
        .collect();
    match custom
        .replace
        .keys()
        .find(|name| !known.contains(name.as_str()))
    {
        Some(unknown) => Err(Error::Setting(crate::prune::unknown_message(
            "component schema",
            unknown,
            &known,
        ))),
        None => Ok(()),
    }
}

/// Every type given its own derives or attributes must exist, by schema or Rust name.
pub(super) fn check_extras_names(types: &[TypeDef], custom: &Customization) -> Result<(), Error> {
    let known: BTreeSet<&str> = types
        .iter()
        .flat_map(|t| [t.api_name.as_str(), t.rust_name.as_str()])
        .collect();
    match custom
        .per_type
        .keys()
        .find(|name| !known.contains(name.as_str()))
    {
        Some(unknown) => Err(Error::Setting(crate::prune::unknown_message(
            "type", unknown, &known,
        ))),
        None => Ok(()),
    }
}
