//! Checks the types of Schema Object keywords before the document is read as OpenAPI.
//!
//! Two reasons. A wrong-typed keyword (`nullable: "yes"`) makes the `openapiv3` reader
//! backtrack at every enclosing schema, which is exponential in the nesting depth; caught
//! here, it costs one linear walk. And the message names the keyword and what it should be,
//! where `openapiv3` can only say that nothing matched.
//!
//! The walk visits every node of the document and nearly all are fine, so where it is is kept
//! as a [`Trail`] of borrowed keys on the stack, made into a [`Pointer`] only for an error
//! (building a pointer string per node was a tenth of loading GitHub's spec).

use serde_json::{Map, Value};

use crate::error::{Error, Pointer, SpecError};

const BOOLEANS: &[&str] = &[
    "nullable",
    "readOnly",
    "writeOnly",
    "deprecated",
    "uniqueItems",
    "exclusiveMinimum",
    "exclusiveMaximum",
];
const STRINGS: &[&str] = &["format", "pattern", "title", "description"];
const NUMBERS: &[&str] = &["minimum", "maximum", "multipleOf"];
const COUNTS: &[&str] = &[
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
];
const TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Where the walk is: the keys from the document's root, each borrowed, innermost last.
#[derive(Clone, Copy)]
struct Trail<'a> {
    parent: Option<&'a Trail<'a>>,
    key: Key<'a>,
}

#[derive(Clone, Copy)]
enum Key<'a> {
    Root,
    Name(&'a str),
    Index(usize),
}

impl<'a> Trail<'a> {
    const ROOT: Trail<'static> = Trail {
        parent: None,
        key: Key::Root,
    };

    fn push<'b>(&'b self, key: &'b str) -> Trail<'b>
    where
        'a: 'b,
    {
        Trail {
            parent: Some(self),
            key: Key::Name(key),
        }
    }

    fn index<'b>(&'b self, index: usize) -> Trail<'b>
    where
        'a: 'b,
    {
        Trail {
            parent: Some(self),
            key: Key::Index(index),
        }
    }

    /// The JSON pointer of this place (for an error).
    fn pointer(&self) -> Pointer {
        let mut keys = Vec::new();
        let mut trail = Some(self);
        while let Some(at) = trail {
            keys.push(at.key);
            trail = at.parent;
        }
        keys.iter()
            .rev()
            .fold(Pointer::root(), |pointer, key| match key {
                Key::Root => pointer,
                Key::Name(name) => pointer.push(name),
                Key::Index(index) => pointer.push(index.to_string()),
            })
    }
}

/// Walks every place the document holds schemas and checks them.
pub(crate) fn check(doc: &Value) -> Result<(), Error> {
    let root = Trail::ROOT;
    if let Some(components) = doc.get("components") {
        let at = root.push("components");
        for_each(components.get("schemas"), &at.push("schemas"), schema)?;
        for_each(
            components.get("parameters"),
            &at.push("parameters"),
            parameter,
        )?;
        for_each(components.get("headers"), &at.push("headers"), parameter)?;
        for_each(
            components.get("requestBodies"),
            &at.push("requestBodies"),
            with_content,
        )?;
        for_each(components.get("responses"), &at.push("responses"), response)?;
    }
    for_each(doc.get("paths"), &root.push("paths"), path_item)
}

/// Calls `check` on every value of an object (anything else is left to the OpenAPI reader).
fn for_each(
    value: Option<&Value>,
    at: &Trail<'_>,
    check: fn(&Value, &Trail<'_>) -> Result<(), Error>,
) -> Result<(), Error> {
    if let Some(Value::Object(map)) = value {
        for (key, item) in map {
            check(item, &at.push(key))?;
        }
    }
    Ok(())
}

fn for_each_item(
    value: Option<&Value>,
    at: &Trail<'_>,
    check: fn(&Value, &Trail<'_>) -> Result<(), Error>,
) -> Result<(), Error> {
    if let Some(Value::Array(items)) = value {
        for (index, item) in items.iter().enumerate() {
            check(item, &at.index(index))?;
        }
    }
    Ok(())
}

fn path_item(item: &Value, at: &Trail<'_>) -> Result<(), Error> {
    for_each_item(item.get("parameters"), &at.push("parameters"), parameter)?;
    for method in METHODS {
        if let Some(operation) = item.get(*method) {
            let at = at.push(method);
            for_each_item(
                operation.get("parameters"),
                &at.push("parameters"),
                parameter,
            )?;
            if let Some(body) = operation.get("requestBody") {
                with_content(body, &at.push("requestBody"))?;
            }
            for_each(operation.get("responses"), &at.push("responses"), response)?;
        }
    }
    Ok(())
}

fn parameter(parameter: &Value, at: &Trail<'_>) -> Result<(), Error> {
    if let Some(s) = parameter.get("schema") {
        schema(s, &at.push("schema"))?;
    }
    with_content(parameter, at)
}

fn response(response: &Value, at: &Trail<'_>) -> Result<(), Error> {
    for_each(response.get("headers"), &at.push("headers"), parameter)?;
    with_content(response, at)
}

fn with_content(holder: &Value, at: &Trail<'_>) -> Result<(), Error> {
    for_each(
        holder.get("content"),
        &at.push("content"),
        |media, at| match media.get("schema") {
            Some(s) => schema(s, &at.push("schema")),
            None => Ok(()),
        },
    )
}

/// One schema and, recursively, the schemas inside it.
fn schema(value: &Value, at: &Trail<'_>) -> Result<(), Error> {
    let Value::Object(map) = value else {
        return Err(wrong(at, "a schema", "an object", value));
    };
    if map.contains_key("$ref") {
        return Ok(());
    }
    scalar_keywords(map, at)?;
    for_each(map.get("properties"), &at.push("properties"), schema)?;
    if let Some(items) = map.get("items") {
        schema(items, &at.push("items"))?;
    }
    match map.get("additionalProperties") {
        None | Some(Value::Bool(_)) => {}
        Some(other) => schema(other, &at.push("additionalProperties"))?,
    }
    if let Some(not) = map.get("not") {
        schema(not, &at.push("not"))?;
    }
    for keyword in ["allOf", "oneOf", "anyOf"] {
        match map.get(keyword) {
            None | Some(Value::Array(_)) => {
                for_each_item(map.get(keyword), &at.push(keyword), schema)?
            }
            Some(other) => {
                return Err(wrong(
                    &at.push(keyword),
                    keyword,
                    "a list of schemas",
                    other,
                ))
            }
        }
    }
    Ok(())
}

fn scalar_keywords(map: &Map<String, Value>, at: &Trail<'_>) -> Result<(), Error> {
    let expect = |key: &str, ok: fn(&Value) -> bool, what: &str| match map.get(key) {
        Some(value) if !ok(value) => Err(wrong(&at.push(key), key, what, value)),
        _ => Ok(()),
    };
    for key in BOOLEANS {
        expect(key, Value::is_boolean, "a boolean")?;
    }
    for key in STRINGS {
        expect(key, Value::is_string, "a string")?;
    }
    for key in NUMBERS {
        expect(key, Value::is_number, "a number")?;
    }
    for key in COUNTS {
        expect(key, Value::is_u64, "a non-negative integer")?;
    }
    expect(
        "required",
        |v| v.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
        "a list of strings",
    )?;
    expect("enum", Value::is_array, "a list")?;
    expect("properties", Value::is_object, "an object")?;
    expect("discriminator", Value::is_object, "an object")?;
    match map.get("type") {
        Some(Value::String(t)) if !TYPES.contains(&t.as_str()) => Err(SpecError::invalid(
            at.push("type").pointer(),
            format!(
                "`type: {t}` is not an OpenAPI 3.0 type (expected one of {})",
                TYPES.join(", ")
            ),
        )),
        Some(Value::String(_)) | None => Ok(()),
        Some(other) => Err(wrong(
            &at.push("type"),
            "type",
            "a string (OpenAPI 3.0 has no type lists)",
            other,
        )),
    }
}

fn wrong(at: &Trail<'_>, key: &str, expected: &str, found: &Value) -> Error {
    let found = match found {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {:?}", s.chars().take(40).collect::<String>()),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    };
    SpecError::invalid(
        at.pointer(),
        format!("`{key}`: expected {expected}, found {found}"),
    )
}

#[cfg(test)]
mod tests {
    use super::check;

    /// The error names the place as a JSON pointer: keys escaped, list positions as numbers.
    #[test]
    fn an_error_names_the_escaped_pointer_of_its_keyword() {
        let doc = serde_json::json!({"paths": {"/a/{id}~x": {"get": {"parameters": [
            {"name": "id", "in": "path", "schema": {"type": "string"}},
            {"name": "q", "in": "query", "schema": {"properties": {"a/b": {"items": {
                "allOf": [{"type": "string"}, {"maxLength": -1}]}}}}}
        ]}}}});
        let error = check(&doc).err().map(|e| e.to_string()).unwrap_or_default();
        let at =
            "#/paths/~1a~1{id}~0x/get/parameters/1/schema/properties/a~1b/items/allOf/1/maxLength";
        assert!(error.contains(at), "{error}");
        assert!(check(&serde_json::json!({"paths": {}})).is_ok());
    }
}
