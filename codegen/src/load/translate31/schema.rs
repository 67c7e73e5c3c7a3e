//! One schema, and the schemas inside it, rewritten from JSON Schema 2020-12 (OpenAPI 3.1)
//! into the OpenAPI 3.0 Schema Object.

use serde_json::{json, Map, Value};

use super::{structure, types, Options};
use crate::error::{Error, Pointer, SpecError};

/// Keywords with no 3.0 equivalent that only annotate or narrow what is valid: dropped, so the
/// client accepts a little more than the schema allows, never less.
const DROPPED: &[&str] = &[
    "$schema",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$comment",
    "$defs",
    "if",
    "then",
    "else",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contains",
    "minContains",
    "maxContains",
    "propertyNames",
    "contentSchema",
];
/// References resolved where the schema is used, not where it is written.
const DYNAMIC_REFS: &[&str] = &["$dynamicRef", "$recursiveRef"];
const COMPONENT_SCHEMAS: &str = "/components/schemas/";
/// Keywords that describe rather than constrain: kept beside a 3.1 `$ref`.
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "default",
    "example",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "nullable",
    "externalDocs",
];
/// Annotations that only document: a union member keeps none (it becomes a variant, and its
/// reference names it best).
const DOCS: &[&str] = &[
    "description",
    "title",
    "example",
    "examples",
    "externalDocs",
];

/// Where a schema sits: a member of a `oneOf`/`anyOf` is written so that the lowering can
/// recognise the one that only allows `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    Plain,
    UnionMember,
}

pub(super) fn schema(
    value: &mut Value,
    at: &Pointer,
    options: Options,
    place: Place,
) -> Result<(), Error> {
    match value {
        // `true` allows anything, as the empty schema does.
        Value::Bool(true) => {
            *value = json!({});
            Ok(())
        }
        Value::Bool(false) => Err(SpecError::unsupported(
            at.clone(),
            "the schema `false` (no value is valid) has no OpenAPI 3.0 equivalent here",
        )),
        Value::Object(map) => object(map, at, options, place),
        // Not a schema at all: the keyword checks that follow report it.
        _ => Ok(()),
    }
}

fn object(
    map: &mut Map<String, Value>,
    at: &Pointer,
    options: Options,
    place: Place,
) -> Result<(), Error> {
    recursion(map, at)?;
    if let Some(Value::String(reference)) = map.get("$ref") {
        if reference.contains("$defs") {
            return Err(SpecError::unsupported(
                at.push("$ref"),
                format!("reference {reference:?} points into `$defs`; move the schema to `components.schemas` and refer to it there"),
            ));
        }
    }
    for key in DROPPED {
        map.shift_remove(*key);
    }
    if map.contains_key("$ref") {
        return reference(map, at, options, place);
    }
    scalars(map);
    structure::tuples(map, at)?;
    structure::pattern_properties(map, at)?;
    types::rewrite(map, at, place)?;
    children(map, at, options)
}

/// A `$ref` with siblings. 3.0 ignores them (so do we); 3.1 applies both. Annotations then
/// stay on a one-member `allOf` holding the reference (which lowers as the reference itself);
/// other keywords become a second member.
fn reference(
    map: &mut Map<String, Value>,
    at: &Pointer,
    options: Options,
    place: Place,
) -> Result<(), Error> {
    if !options.v31 {
        return Ok(());
    }
    // The target says what type it is; extensions mean nothing to a client here.
    map.retain(|key, _| key != "type" && !key.starts_with("x-"));
    if place == Place::UnionMember {
        map.retain(|key, _| !DOCS.contains(&key.as_str()));
    }
    if map.len() == 1 {
        return Ok(());
    }
    let target = map.shift_remove("$ref").unwrap_or_default();
    let (annotations, rest): (Map<String, Value>, Map<String, Value>) = std::mem::take(map)
        .into_iter()
        .partition(|(key, _)| ANNOTATIONS.contains(&key.as_str()));
    let mut members = vec![json!({ "$ref": target })];
    if !rest.is_empty() {
        members.push(Value::Object(rest));
    }
    *map = annotations;
    map.insert("allOf".to_owned(), Value::Array(members));
    object(map, at, options, place)
}

/// `$recursiveRef: "#"` (or `$dynamicRef: "#"`) inside a component: specs mean the component
/// itself (as OpenAI's recursive filters do), which a plain `$ref` says. Any other dynamic
/// reference depends on who uses the schema, which 3.0 cannot say.
fn recursion(map: &mut Map<String, Value>, at: &Pointer) -> Result<(), Error> {
    for key in DYNAMIC_REFS {
        let Some(target) = map.get(*key) else {
            continue;
        };
        let component = at
            .as_str()
            .strip_prefix(COMPONENT_SCHEMAS)
            .and_then(|rest| rest.split('/').next());
        match (target.as_str(), component, map.contains_key("$ref")) {
            (Some("#"), Some(name), false) => {
                map.shift_remove(*key);
                map.insert("$ref".to_owned(), json!(format!("#{COMPONENT_SCHEMAS}{name}")));
            }
            _ => {
                return Err(SpecError::unsupported(
                    at.push(key),
                    format!("`{key}` has no OpenAPI 3.0 equivalent, except `\"#\"` inside a component schema (meaning that component)"),
                ))
            }
        }
    }
    Ok(())
}

/// Keyword-for-keyword rewrites.
fn scalars(map: &mut Map<String, Value>) {
    if let Some(value) = map.shift_remove("const") {
        let composed = ["allOf", "oneOf", "anyOf", "not"]
            .iter()
            .any(|k| map.contains_key(*k));
        // A constant says its own type; a string one then lowers as a one-value enum.
        if !map.contains_key("type") && !composed {
            if let Some(ty) = json_type(&value) {
                map.insert("type".to_owned(), json!(ty));
            }
        }
        map.insert("enum".to_owned(), json!([value]));
    }
    if let Some(Value::Array(examples)) = map.shift_remove("examples") {
        if let Some(first) = examples.into_iter().next() {
            map.entry("example").or_insert(first);
        }
    }
    exclusive(map, "exclusiveMinimum", "minimum", |bound, limit| {
        bound >= limit
    });
    exclusive(map, "exclusiveMaximum", "maximum", |bound, limit| {
        bound <= limit
    });
    content(map);
}

/// 3.1's numeric `exclusiveMinimum: n` is 3.0's `minimum: n, exclusiveMinimum: true`. With an
/// inclusive `minimum` too, both apply: the tighter one is kept.
fn exclusive(
    map: &mut Map<String, Value>,
    key: &str,
    limit_key: &str,
    exclusive_is_tighter: fn(f64, f64) -> bool,
) {
    let Some(Value::Number(bound)) = map.get(key).cloned() else {
        return;
    };
    let limit = map.get(limit_key).and_then(Value::as_f64);
    match (bound.as_f64(), limit) {
        (Some(b), Some(limit)) if !exclusive_is_tighter(b, limit) => {
            map.shift_remove(key);
        }
        _ => {
            map.insert(limit_key.to_owned(), Value::Number(bound));
            map.insert(key.to_owned(), Value::Bool(true));
        }
    }
}

/// `contentEncoding`/`contentMediaType` on a string: 3.0 says the same with `format`.
fn content(map: &mut Map<String, Value>) {
    let encoding = map.shift_remove("contentEncoding");
    let media_type = map.shift_remove("contentMediaType");
    if map.contains_key("format") {
        return;
    }
    let format = match encoding.as_ref().and_then(Value::as_str) {
        Some("base64" | "base64url") => Some("byte"),
        Some("binary" | "8bit" | "7bit") => Some("binary"),
        Some(_) => None,
        None => media_type.is_some().then_some("binary"),
    };
    if let Some(format) = format {
        map.insert("format".to_owned(), json!(format));
    }
}

/// The JSON Schema type of a value (`integer` for whole numbers).
pub(super) fn json_type(value: &Value) -> Option<&'static str> {
    Some(match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) | Value::Object(_) => return None,
    })
}

/// The schemas inside this one.
fn children(map: &mut Map<String, Value>, at: &Pointer, options: Options) -> Result<(), Error> {
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        // A property whose schema is `false` may not appear: it is no field.
        properties.retain(|_, p| p != &Value::Bool(false));
        let at = at.push("properties");
        for (name, property) in properties.iter_mut() {
            schema(property, &at.push(name), options, Place::Plain)?;
        }
    }
    // `items: false` (nothing after the tuple) was handled with `prefixItems`.
    if map.get("items") == Some(&Value::Bool(false)) {
        map.shift_remove("items");
    }
    if let Some(items) = map.get_mut("items") {
        schema(items, &at.push("items"), options, Place::Plain)?;
    }
    if let Some(extra @ Value::Object(_)) = map.get_mut("additionalProperties") {
        schema(
            extra,
            &at.push("additionalProperties"),
            options,
            Place::Plain,
        )?;
    }
    if map.get("not") == Some(&Value::Bool(false)) {
        map.shift_remove("not");
    }
    if let Some(not) = map.get_mut("not") {
        schema(not, &at.push("not"), options, Place::Plain)?;
    }
    for keyword in ["allOf", "oneOf", "anyOf"] {
        members(map, keyword, at, options)?;
    }
    Ok(())
}

fn members(
    map: &mut Map<String, Value>,
    keyword: &str,
    at: &Pointer,
    options: Options,
) -> Result<(), Error> {
    let Some(Value::Array(members)) = map.get_mut(keyword) else {
        return Ok(());
    };
    let (place, neutral) = match keyword {
        // `true` changes nothing in an `allOf`, `false` nothing in a union.
        "allOf" => (Place::Plain, true),
        _ => (Place::UnionMember, false),
    };
    members.retain(|m| m != &Value::Bool(neutral));
    let at = at.push(keyword);
    for (index, member) in members.iter_mut().enumerate() {
        schema(member, &at.push(index.to_string()), options, place)?;
    }
    if place == Place::UnionMember {
        lift_nullable_refs(members);
    }
    Ok(())
}

/// A union member `{$ref: X, nullable: true}` (written as a nullable one-member `allOf`) is
/// the same union as the member `{$ref: X}` plus the null member `{nullable: true}`: the
/// reference then stays a plain one, which names its variant.
fn lift_nullable_refs(members: &mut Vec<Value>) {
    let null_member = json!({"nullable": true});
    let mut lifted = false;
    for member in members.iter_mut() {
        let Some(map) = member.as_object() else {
            continue;
        };
        let reference = match map.get("allOf") {
            Some(Value::Array(inner)) if inner.len() == 1 && inner[0].get("$ref").is_some() => {
                inner[0].clone()
            }
            _ => continue,
        };
        if map.len() == 2 && map.get("nullable") == Some(&json!(true)) {
            *member = reference;
            lifted = true;
        }
    }
    if lifted && !members.contains(&null_member) {
        members.push(null_member);
    }
}
