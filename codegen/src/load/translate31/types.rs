//! The 3.1 `type` keyword: a list of types, or `"null"`. 3.0 has one type and `nullable`;
//! several types become an `anyOf` of one-type schemas.

use serde_json::{json, Map, Value};

use super::schema::{json_type, Place};
use crate::error::{Error, Pointer, SpecError};

/// The keywords that constrain only values of one type, and so move into that type's member.
const STRING: &[&str] = &["minLength", "maxLength", "pattern"];
const NUMBER: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];
const ARRAY: &[&str] = &["items", "minItems", "maxItems", "uniqueItems"];
const OBJECT: &[&str] = &[
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
];

pub(super) fn rewrite(
    map: &mut Map<String, Value>,
    at: &Pointer,
    place: Place,
) -> Result<(), Error> {
    let (nullable, types) = match map.get("type") {
        Some(Value::String(t)) if t == "null" => (true, Vec::new()),
        Some(Value::Array(list)) => names(list, &at.push("type"))?,
        _ => return Ok(()),
    };
    if nullable {
        map.insert("nullable".to_owned(), json!(true));
    }
    match types.as_slice() {
        [] => only_null(map, place),
        [one] => {
            map.insert("type".to_owned(), json!(one));
        }
        several => split(map, several, at)?,
    }
    Ok(())
}

/// The names in a `type` list, without `null` (returned as a flag) and without `integer` when
/// `number` (which includes it) is there too.
fn names(list: &[Value], at: &Pointer) -> Result<(bool, Vec<String>), Error> {
    if list.is_empty() {
        return Err(SpecError::invalid(
            at.clone(),
            "an empty `type` list allows no value",
        ));
    }
    let mut nullable = false;
    let mut names: Vec<String> = Vec::new();
    for (index, item) in list.iter().enumerate() {
        match item.as_str() {
            Some("null") => nullable = true,
            Some(name) if !names.iter().any(|n| n == name) => names.push(name.to_owned()),
            Some(_) => {}
            None => {
                return Err(SpecError::invalid(
                    at.push(index.to_string()),
                    "a `type` list holds type names (strings)",
                ))
            }
        }
    }
    if names.iter().any(|n| n == "number") {
        names.retain(|n| n != "integer");
    }
    Ok((nullable, names))
}

/// `type: "null"`. In a union it is the member that makes the union nullable, written as
/// exactly `{nullable: true}`; elsewhere, a value that can only be `null`.
fn only_null(map: &mut Map<String, Value>, place: Place) {
    match place {
        Place::UnionMember => {
            *map = Map::new();
            map.insert("nullable".to_owned(), json!(true));
        }
        Place::Plain => {
            map.shift_remove("type");
            map.insert("enum".to_owned(), json!([null]));
        }
    }
}

/// `type: [string, integer]` → `anyOf: [{type: string, …}, {type: integer, …}]`, each member
/// taking the keywords that concern its type; the rest (docs, `nullable`) stays outside.
fn split(map: &mut Map<String, Value>, types: &[String], at: &Pointer) -> Result<(), Error> {
    if map.contains_key("anyOf") || map.contains_key("oneOf") {
        return Err(SpecError::unsupported(
            at.push("type"),
            "a list of types beside `anyOf` or `oneOf` has no OpenAPI 3.0 equivalent",
        ));
    }
    map.shift_remove("type");
    let values = map.shift_remove("enum");
    let format = map.shift_remove("format");
    let mut members = Vec::new();
    for ty in types {
        let mut member = Map::new();
        member.insert("type".to_owned(), json!(ty));
        if let Some(format) = format.as_ref().filter(|f| format_fits(ty, f)) {
            member.insert("format".to_owned(), format.clone());
        }
        for key in keywords_of(ty) {
            if let Some(value) = map.get(*key) {
                member.insert((*key).to_owned(), value.clone());
            }
        }
        if let Some(Value::Array(values)) = &values {
            let own: Vec<Value> = values.iter().filter(|v| of_type(v, ty)).cloned().collect();
            // No allowed value of this type: the type is not really allowed.
            if own.is_empty() {
                continue;
            }
            member.insert("enum".to_owned(), Value::Array(own));
        }
        members.push(Value::Object(member));
    }
    for ty in types {
        for key in keywords_of(ty) {
            map.shift_remove(*key);
        }
    }
    match members.len() {
        // No enum value fits any type: keep the values, and leave the type open.
        0 => {
            if let Some(values) = values {
                map.insert("enum".to_owned(), values);
            }
        }
        1 => {
            if let Some(Value::Object(member)) = members.pop() {
                map.extend(member);
            }
        }
        _ => {
            map.insert("anyOf".to_owned(), Value::Array(members));
        }
    }
    Ok(())
}

fn keywords_of(ty: &str) -> &'static [&'static str] {
    match ty {
        "string" => STRING,
        "number" | "integer" => NUMBER,
        "array" => ARRAY,
        "object" => OBJECT,
        _ => &[],
    }
}

/// Which member a `format` belongs to: numeric formats to numbers, the rest to strings.
fn format_fits(ty: &str, format: &Value) -> bool {
    let numeric = matches!(
        format.as_str(),
        Some("int32" | "int64" | "float" | "double")
    );
    match ty {
        "integer" => matches!(format.as_str(), Some("int32" | "int64")),
        "number" => numeric,
        "string" => !numeric,
        _ => false,
    }
}

fn of_type(value: &Value, ty: &str) -> bool {
    match (json_type(value), ty) {
        (Some("integer"), "number") => true,
        (Some(t), ty) => t == ty,
        (None, "array") => value.is_array(),
        (None, "object") => value.is_object(),
        (None, _) => false,
    }
}
