//! Request bodies: which of the offered media types to send, and how to encode it.
//!
//! An operation may accept several media types; the client sends one, chosen in the order a
//! user would expect (JSON, then form, multipart, text and raw bytes), and documents the rest.

use openapiv3::{ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

use super::refs;
use super::schema::type_of;
use super::Lowerer;
use crate::error::{Error, Pointer, SpecError};
use crate::model::{BodyKind, MultipartBody, MultipartField, PartKind, RequestBody, TypeRef};
use crate::naming::{self, Scope};

/// The request body, or `None` for `content: {}` (OpenAPI 3.0's schema allows it: a body
/// with no media type is no body the client can send).
pub(super) fn lower_body(
    lowerer: &mut Lowerer<'_>,
    body: &ReferenceOr<openapiv3::RequestBody>,
    type_hint: &str,
    at: &Pointer,
) -> Result<Option<RequestBody>, Error> {
    let doc = lowerer.doc;
    let (body, at) = refs::resolve(
        body,
        "requestBodies",
        |name| doc.components.as_ref()?.request_bodies.get(name),
        at,
    )?;
    if body.content.is_empty() {
        return Ok(None);
    }
    let chosen = preferred_media_type(doc, body, &at)?;
    let other_media_types = body
        .content
        .keys()
        .filter(|m| *m != chosen.media_type)
        .cloned()
        .collect();
    let schema_at = at.push("content").push(chosen.media_type).push("schema");
    let (kind, sent) = body_kind(lowerer, &chosen, type_hint, &schema_at)?;
    Ok(Some(RequestBody {
        kind,
        media_type: sent,
        other_media_types,
        required: body.required,
        description: body.description.clone(),
    }))
}

/// The media type the client sends, of those a body offers.
struct Chosen<'d> {
    media_type: &'d String,
    media: &'d openapiv3::MediaType,
    encoding: Encoding,
}

/// The offered media type of the most preferred [`Encoding`] (the first of equals).
fn preferred_media_type<'d>(
    doc: &'d openapiv3::OpenAPI,
    body: &'d openapiv3::RequestBody,
    at: &Pointer,
) -> Result<Chosen<'d>, Error> {
    body.content
        .iter()
        .map(|(media_type, media)| Chosen {
            media_type,
            media,
            encoding: encoding_of(media_type, resolve_schema(doc, media.schema.as_ref())),
        })
        .min_by_key(|chosen| chosen.encoding)
        .ok_or_else(|| {
            SpecError::invalid(
                at.push("content"),
                "a request body needs at least one media type in `content`",
            )
        })
}

/// How the chosen media type is encoded, and the `Content-Type` it is sent with (a wildcard
/// offer is sent as a concrete type).
fn body_kind(
    lowerer: &mut Lowerer<'_>,
    chosen: &Chosen<'_>,
    type_hint: &str,
    schema_at: &Pointer,
) -> Result<(BodyKind, String), Error> {
    let media_type = chosen.media_type;
    let model = |lowerer: &mut Lowerer<'_>| body_model(lowerer, chosen.media, type_hint, schema_at);
    Ok(match chosen.encoding {
        Encoding::Json | Encoding::OtherJson => {
            (BodyKind::Json(model(lowerer)?), media_type.clone())
        }
        Encoding::WildcardJson => (
            BodyKind::Json(model(lowerer)?),
            "application/json".to_owned(),
        ),
        Encoding::Form => (BodyKind::Form(model(lowerer)?), media_type.clone()),
        Encoding::Multipart => (
            multipart(lowerer, chosen.media.schema.as_ref(), type_hint, schema_at)?,
            "multipart/form-data".to_owned(),
        ),
        Encoding::Text => (BodyKind::Text, media_type.clone()),
        Encoding::Binary if media_type.contains('*') => {
            (BodyKind::Binary, "application/octet-stream".to_owned())
        }
        Encoding::Binary => (BodyKind::Binary, media_type.clone()),
    })
}

/// The type of a JSON or form body (`…RequestBody` when the schema is inline).
fn body_model(
    lowerer: &mut Lowerer<'_>,
    media: &openapiv3::MediaType,
    type_hint: &str,
    schema_at: &Pointer,
) -> Result<TypeRef, Error> {
    let ty = match &media.schema {
        Some(schema) => type_of(
            lowerer,
            schema,
            &format!("{type_hint}RequestBody"),
            schema_at,
        )?,
        None => TypeRef::Json,
    };
    // A body that may be `null` is just an optional body: `Option<&T>` already says it.
    Ok(match ty {
        TypeRef::Nullable(inner) => *inner,
        other => other,
    })
}

/// The encodings in order of preference (the first is sent when several are offered).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Encoding {
    Json,
    OtherJson,
    Form,
    Multipart,
    /// `*/*` or `application/*` with a schema that is not binary: Kubernetes sends JSON so.
    WildcardJson,
    Text,
    Binary,
}

fn encoding_of(media_type: &str, schema: Option<&Schema>) -> Encoding {
    let essence = essence(media_type);
    let binary = schema.is_some_and(is_binary);
    match essence.as_str() {
        "application/json" => Encoding::Json,
        e if is_json(e) => Encoding::OtherJson,
        "application/x-www-form-urlencoded" => Encoding::Form,
        "multipart/form-data" => Encoding::Multipart,
        "*/*" | "application/*" if schema.is_some() && !binary => Encoding::WildcardJson,
        e if e.starts_with("text/") && !binary => Encoding::Text,
        _ => Encoding::Binary,
    }
}

/// `type` and parameters stripped: `application/json; charset=utf-8` → `application/json`.
pub(super) fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// `application/json`, `application/problem+json`, `application/json-patch+json`, ...
pub(super) fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// `type: string, format: binary`: raw bytes, not text.
pub(super) fn is_binary(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            matches!(
                s.format,
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
            )
        }
        SchemaKind::Any(any) => {
            any.typ.as_deref() == Some("string") && any.format.as_deref() == Some("binary")
        }
        _ => false,
    }
}

/// The schema behind a reference (`None` when it does not resolve; lowering reports that).
fn resolve_schema<'d, S: super::schema::AsSchema>(
    doc: &'d openapiv3::OpenAPI,
    schema: Option<&'d ReferenceOr<S>>,
) -> Option<&'d Schema> {
    match schema? {
        ReferenceOr::Item(schema) => Some(schema.as_schema()),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/schemas/")?;
            let found = doc.components.as_ref()?.schemas.get(name)?;
            let (schema, _) = refs::resolve(
                found,
                "schemas",
                |n| doc.components.as_ref()?.schemas.get(n),
                &Pointer::root(),
            )
            .ok()?;
            Some(schema)
        }
    }
}

/// One field per property of the body's object schema; binary properties become file parts.
/// A schema that names no parts (an array, `{}`, an `allOf`/`oneOf` composition) leaves the
/// parts to the caller, as other generators do.
fn multipart(
    lowerer: &mut Lowerer<'_>,
    schema: Option<&ReferenceOr<Schema>>,
    type_hint: &str,
    at: &Pointer,
) -> Result<BodyKind, Error> {
    let resolved = resolve_schema(lowerer.doc, schema);
    let properties = match resolved.map(|s| &s.schema_kind) {
        Some(SchemaKind::Type(Type::Object(object))) => {
            Some((&object.properties, &object.required))
        }
        Some(SchemaKind::Any(any)) if !any.properties.is_empty() => {
            Some((&any.properties, &any.required))
        }
        _ => None,
    };
    let Some((properties, required)) = properties else {
        return Ok(BodyKind::MultipartParts);
    };
    let mut names = Scope::new();
    let mut fields = Vec::new();
    for (api_name, property) in properties {
        let property_at = at.push("properties").push(api_name);
        let schema = resolve_schema(lowerer.doc, Some(property));
        let item = schema.and_then(|s| match &s.schema_kind {
            SchemaKind::Type(Type::Array(array)) => array.items.as_ref(),
            _ => None,
        });
        let item_schema = resolve_schema(lowerer.doc, item);
        let (part, list) = if schema.is_some_and(is_binary) {
            (PartKind::File, false)
        } else if item_schema.is_some_and(is_binary) {
            (PartKind::File, true)
        } else {
            let hint = format!("{type_hint}Multipart{}", naming::pascal(api_name));
            let ty = type_of(lowerer, property, &hint, &property_at)?;
            match ty {
                TypeRef::Vec(inner) if super::schema::is_scalar(lowerer, &inner, 0) => {
                    (PartKind::Text(*inner), true)
                }
                ty if super::schema::is_scalar(lowerer, &ty, 0) => (PartKind::Text(ty), false),
                ty => (PartKind::Json(ty), false),
            }
        };
        fields.push(MultipartField {
            api_name: api_name.clone(),
            rust_name: names.unique(naming::snake(api_name)),
            part,
            required: required.contains(api_name),
            list,
            description: schema.and_then(|s| s.schema_data.description.clone()),
        });
    }
    Ok(BodyKind::Multipart(MultipartBody {
        rust_name: lowerer
            .type_names
            .unique(format!("{type_hint}MultipartBody")),
        description: resolved.and_then(|s| s.schema_data.description.clone()),
        fields,
    }))
}
