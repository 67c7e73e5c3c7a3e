//! Tuples (`prefixItems`) and `patternProperties`: 3.0 arrays have one item schema and 3.0 maps
//! one value schema. Where all the schemas involved are the same, that one is exact;
//! otherwise the values are left open (any JSON), which accepts everything the spec allows.

use serde_json::{json, Map, Value};

use crate::error::{Error, Pointer, SpecError};

/// `prefixItems: [A, B], items: C` → `items: A` when A, B and C agree, else `items: {}`.
pub(super) fn tuples(map: &mut Map<String, Value>, at: &Pointer) -> Result<(), Error> {
    let Some(prefix) = map.shift_remove("prefixItems") else {
        return Ok(());
    };
    let Value::Array(mut schemas) = prefix else {
        return Err(SpecError::invalid(
            at.push("prefixItems"),
            "`prefixItems` must be a list of schemas",
        ));
    };
    // `items: false`: nothing may follow the tuple's positions.
    if let Some(rest) = map
        .shift_remove("items")
        .filter(|i| i != &Value::Bool(false))
    {
        schemas.push(rest);
    }
    map.insert("items".to_owned(), shared(schemas));
    Ok(())
}

/// `patternProperties` → `additionalProperties`: keys matching a pattern hold its schema. An
/// absent `additionalProperties` is read as "the patterns describe the values", which is
/// what such specs mean; one that is a schema must agree too.
pub(super) fn pattern_properties(map: &mut Map<String, Value>, at: &Pointer) -> Result<(), Error> {
    let Some(patterns) = map.shift_remove("patternProperties") else {
        return Ok(());
    };
    let Value::Object(patterns) = patterns else {
        return Err(SpecError::invalid(
            at.push("patternProperties"),
            "`patternProperties` must map patterns to schemas",
        ));
    };
    let mut schemas: Vec<Value> = patterns.into_iter().map(|(_, schema)| schema).collect();
    match map.get("additionalProperties") {
        None | Some(Value::Bool(false)) => {}
        Some(other) => schemas.push(other.clone()),
    }
    map.insert("additionalProperties".to_owned(), shared(schemas));
    Ok(())
}

/// The one schema all of `schemas` are (`true` counting as `{}`), or the open schema `{}`.
fn shared(schemas: Vec<Value>) -> Value {
    let normal = |s: Value| if s == Value::Bool(true) { json!({}) } else { s };
    let mut schemas = schemas.into_iter().map(normal);
    let Some(first) = schemas.next() else {
        return json!({});
    };
    if schemas.all(|s| s == first) {
        first
    } else {
        json!({})
    }
}
