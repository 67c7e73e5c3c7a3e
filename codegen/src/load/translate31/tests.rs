//! Input value → output value, one construct at a time.

use serde_json::{json, Value};

use super::{translate, Version};
use crate::error::{Error, SpecErrorKind};

/// A 3.1 document with `schema` as `components.schemas.A`, translated; returns the new `A`.
fn schema_31(schema: Value) -> Value {
    let mut doc = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "v"},
        "components": {"schemas": {"A": schema}}});
    translate(&mut doc, Version::V31).expect("translates");
    doc["components"]["schemas"]["A"].take()
}

fn schema_30(schema: Value) -> Value {
    let mut doc = json!({"openapi": "3.0.3", "components": {"schemas": {"A": schema}}});
    translate(&mut doc, Version::V30).expect("translates");
    doc["components"]["schemas"]["A"].take()
}

fn error_31(schema: Value) -> (SpecErrorKind, String) {
    let mut doc = json!({"openapi": "3.1.0", "components": {"schemas": {"A": schema}}});
    match translate(&mut doc, Version::V31) {
        Err(Error::Spec(e)) => (e.kind, e.pointer),
        other => panic!("expected a spec error, got {other:?}"),
    }
}

#[test]
fn a_type_with_null_is_a_nullable_type() {
    assert_eq!(
        schema_31(json!({"type": ["string", "null"], "maxLength": 3})),
        json!({"type": "string", "maxLength": 3, "nullable": true})
    );
    assert_eq!(
        schema_31(json!({"type": ["integer"]})),
        json!({"type": "integer"})
    );
}

#[test]
fn several_types_are_an_any_of_each_with_its_own_keywords() {
    let out = schema_31(json!({
        "description": "d", "type": ["string", "integer", "null"],
        "maxLength": 3, "minimum": 1, "format": "int32"
    }));
    assert_eq!(
        out,
        json!({
            "description": "d", "nullable": true,
            "anyOf": [
                {"type": "string", "maxLength": 3},
                {"type": "integer", "format": "int32", "minimum": 1}
            ]
        })
    );
}

#[test]
fn an_enum_is_shared_out_by_type() {
    assert_eq!(
        schema_31(json!({"type": ["string", "integer"], "enum": ["a", 1, null]})),
        json!({"anyOf": [
            {"type": "string", "enum": ["a"]},
            {"type": "integer", "enum": [1]}
        ]})
    );
    // A type no value has is no member; one member left is the type itself.
    assert_eq!(
        schema_31(json!({"type": ["string", "boolean"], "enum": ["a"]})),
        json!({"type": "string", "enum": ["a"]})
    );
}

#[test]
fn integer_or_number_is_number() {
    assert_eq!(
        schema_31(json!({"type": ["integer", "number"]})),
        json!({"type": "number"})
    );
}

#[test]
fn type_null_alone_allows_only_null() {
    assert_eq!(
        schema_31(json!({"type": "null", "description": "d"})),
        json!({"description": "d", "nullable": true, "enum": [null]})
    );
    // 3.0 documents use it too.
    assert_eq!(
        schema_30(json!({"type": "null"})),
        json!({"nullable": true, "enum": [null]})
    );
}

#[test]
fn the_null_member_of_a_union_is_exactly_nullable_true() {
    let out = schema_31(json!({"oneOf": [
        {"$ref": "#/components/schemas/B", "description": "dropped in a member"},
        {"type": "null", "description": "dropped"},
        false
    ]}));
    assert_eq!(
        out,
        json!({"oneOf": [{"$ref": "#/components/schemas/B"}, {"nullable": true}]})
    );
    // A nullable reference is the reference plus the null member.
    let out = schema_31(json!({"anyOf": [
        {"$ref": "#/components/schemas/B", "nullable": true, "description": "d"},
        {"type": "integer"}
    ]}));
    assert_eq!(
        out,
        json!({"anyOf": [{"$ref": "#/components/schemas/B"}, {"type": "integer"}, {"nullable": true}]})
    );
    let out = schema_30(json!({"anyOf": [{"type": "string"}, {"type": "null"}]}));
    assert_eq!(
        out,
        json!({"anyOf": [{"type": "string"}, {"nullable": true}]})
    );
}

#[test]
fn const_is_a_one_value_enum_of_its_type() {
    assert_eq!(
        schema_31(json!({"const": "dog"})),
        json!({"type": "string", "enum": ["dog"]})
    );
    assert_eq!(
        schema_31(json!({"type": "integer", "const": 3})),
        json!({"type": "integer", "enum": [3]})
    );
    assert_eq!(
        schema_31(json!({"const": null})),
        json!({"nullable": true, "enum": [null]})
    );
}

#[test]
fn examples_become_the_first_example() {
    assert_eq!(
        schema_31(json!({"type": "string", "examples": ["a", "b"]})),
        json!({"type": "string", "example": "a"})
    );
    assert_eq!(
        schema_31(json!({"type": "string", "example": "x", "examples": ["a"]})),
        json!({"type": "string", "example": "x"})
    );
}

#[test]
fn numeric_exclusive_bounds_become_3_0_bounds() {
    assert_eq!(
        schema_31(json!({"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 10})),
        json!({"type": "integer", "exclusiveMinimum": true, "exclusiveMaximum": true,
            "minimum": 0, "maximum": 10})
    );
    // With an inclusive bound as well, the tighter one stays.
    assert_eq!(
        schema_31(json!({"type": "number", "minimum": 5, "exclusiveMinimum": 0})),
        json!({"type": "number", "minimum": 5})
    );
    assert_eq!(
        schema_31(json!({"type": "number", "maximum": 5, "exclusiveMaximum": 5})),
        json!({"type": "number", "maximum": 5, "exclusiveMaximum": true})
    );
    // 3.0 boolean forms are left alone; 3.0 documents with numbers are read leniently.
    assert_eq!(
        schema_30(json!({"minimum": 1, "exclusiveMinimum": true})),
        json!({"minimum": 1, "exclusiveMinimum": true})
    );
    assert_eq!(
        schema_30(json!({"exclusiveMinimum": 0})),
        json!({"exclusiveMinimum": true, "minimum": 0})
    );
}

#[test]
fn content_keywords_become_formats() {
    assert_eq!(
        schema_31(json!({"type": "string", "contentEncoding": "base64"})),
        json!({"type": "string", "format": "byte"})
    );
    assert_eq!(
        schema_31(json!({"type": "string", "contentMediaType": "image/png"})),
        json!({"type": "string", "format": "binary"})
    );
    assert_eq!(
        schema_31(json!({"type": "string", "format": "uri", "contentEncoding": "base64"})),
        json!({"type": "string", "format": "uri"})
    );
}

#[test]
fn ref_siblings_are_kept_on_a_one_member_all_of_in_3_1_only() {
    let with_siblings = json!({"$ref": "#/components/schemas/B", "description": "d",
        "nullable": true, "type": "object", "x-tool": 1});
    assert_eq!(
        schema_31(with_siblings.clone()),
        json!({"description": "d", "nullable": true,
            "allOf": [{"$ref": "#/components/schemas/B"}]})
    );
    assert_eq!(schema_30(with_siblings.clone()), with_siblings);
    // Siblings that constrain are a second member.
    assert_eq!(
        schema_31(json!({"$ref": "#/components/schemas/B", "required": ["a"]})),
        json!({"allOf": [{"$ref": "#/components/schemas/B"}, {"required": ["a"]}]})
    );
    assert_eq!(
        schema_31(json!({"$ref": "#/components/schemas/B", "$comment": "c"})),
        json!({"$ref": "#/components/schemas/B"})
    );
}

#[test]
fn tuples_have_one_item_schema() {
    assert_eq!(
        schema_31(
            json!({"type": "array", "prefixItems": [{"type": "number"}, {"type": "number"}], "items": false})
        ),
        json!({"type": "array", "items": {"type": "number"}})
    );
    assert_eq!(
        schema_31(
            json!({"type": "array", "prefixItems": [{"type": "number"}, {"type": "string"}]})
        ),
        json!({"type": "array", "items": {}})
    );
}

#[test]
fn pattern_properties_are_the_map_values() {
    assert_eq!(
        schema_31(
            json!({"type": "object", "patternProperties": {"^a": {"type": ["string", "null"]}}})
        ),
        json!({"type": "object", "additionalProperties": {"type": "string", "nullable": true}})
    );
    assert_eq!(
        schema_31(
            json!({"type": "object", "patternProperties": {"^a": {"type": "string"}},
            "additionalProperties": {"type": "integer"}})
        ),
        json!({"type": "object", "additionalProperties": {}})
    );
}

#[test]
fn boolean_schemas() {
    assert_eq!(
        schema_31(
            json!({"type": "object", "properties": {"a": true, "b": false},
            "allOf": [true, {"type": "object"}]})
        ),
        json!({"type": "object", "properties": {"a": {}}, "allOf": [{"type": "object"}]})
    );
    assert_eq!(schema_31(json!(true)), json!({}));
    assert_eq!(
        error_31(json!(false)),
        (
            SpecErrorKind::Unsupported,
            "/components/schemas/A".to_owned()
        )
    );
}

#[test]
fn json_schema_only_keywords_are_dropped() {
    assert_eq!(
        schema_31(
            json!({"$schema": "s", "$id": "i", "$comment": "c", "$defs": {"B": {}},
            "type": "object", "if": {}, "then": {}, "else": {}, "dependentRequired": {},
            "unevaluatedProperties": false, "propertyNames": {"pattern": "^a"}})
        ),
        json!({"type": "object"})
    );
}

#[test]
fn recursive_refs_name_their_component() {
    assert_eq!(
        schema_31(json!({"type": "array", "items": {"$recursiveRef": "#"}})),
        json!({"type": "array", "items": {"$ref": "#/components/schemas/A"}})
    );
    assert_eq!(
        error_31(json!({"items": {"$dynamicRef": "#meta"}})),
        (
            SpecErrorKind::Unsupported,
            "/components/schemas/A/items/$dynamicRef".to_owned()
        )
    );
    assert_eq!(
        error_31(json!({"items": {"$ref": "#/components/schemas/A/$defs/B"}})),
        (
            SpecErrorKind::Unsupported,
            "/components/schemas/A/items/$ref".to_owned()
        )
    );
}

#[test]
fn nested_schemas_everywhere_are_translated() {
    let mut doc = json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "summary": "s", "version": "v",
            "license": {"name": "MIT", "identifier": "MIT"}},
        "jsonSchemaDialect": "d",
        "webhooks": {"w": {}},
        "paths": {"/x": {
            "parameters": [{"name": "p", "in": "query", "schema": {"type": ["string", "null"]}}],
            "get": {
                "requestBody": {"content": {"application/json": {"schema": {"const": "a"}}}},
                "responses": {"200": {"description": "ok",
                    "headers": {"h": {"schema": {"type": ["integer", "null"]}}},
                    "content": {"application/json": {"schema": {"items": {"const": 1}}}}}},
                "callbacks": {"c": {"{$url}": {"post": {"requestBody": {"content": {
                    "application/json": {"schema": {"type": "null"}}}}}}}}
            },
            "put": {}
        }},
        "components": {"headers": {"H": {"schema": {"examples": [1]}}}}
    });
    translate(&mut doc, Version::V31).expect("translates");
    assert_eq!(
        doc,
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "v", "license": {"name": "MIT"}},
            "x-webhooks": {"w": {}},
            "paths": {"/x": {
                "parameters": [{"name": "p", "in": "query",
                    "schema": {"type": "string", "nullable": true}}],
                "get": {
                    "requestBody": {"content": {"application/json": {"schema":
                        {"type": "string", "enum": ["a"]}}}},
                    "responses": {"200": {"description": "ok",
                        "headers": {"h": {"schema": {"type": "integer", "nullable": true}}},
                        "content": {"application/json": {"schema":
                            {"items": {"type": "integer", "enum": [1]}}}}}},
                    "callbacks": {"c": {"{$url}": {"post": {
                        "requestBody": {"content": {"application/json": {"schema":
                            {"nullable": true, "enum": [null]}}}},
                        "responses": {}}}}}
                },
                "put": {"responses": {}}
            }},
            "components": {"headers": {"H": {"schema": {"example": 1}}}}
        })
    );
}

#[test]
fn paths_may_be_absent_and_path_items_are_inlined() {
    let mut doc = json!({"openapi": "3.1.0"});
    translate(&mut doc, Version::V31).expect("translates");
    assert_eq!(doc, json!({"openapi": "3.0.3", "paths": {}}));

    let mut doc = json!({"openapi": "3.1.0",
        "paths": {"/a": {"$ref": "#/components/pathItems/A"}},
        "components": {"pathItems": {"A": {"get": {"responses": {}}}}}});
    translate(&mut doc, Version::V31).expect("translates");
    assert_eq!(
        doc,
        json!({"openapi": "3.0.3", "paths": {"/a": {"get": {"responses": {}}}}, "components": {}})
    );

    let mut doc = json!({"openapi": "3.1.0",
        "paths": {"/a": {"$ref": "#/components/pathItems/B"}},
        "components": {"pathItems": {"B": {"$ref": "#/components/pathItems/B"}}}});
    assert!(translate(&mut doc, Version::V31).is_err());
}

#[test]
fn deep_nesting_does_not_overflow() {
    // As deep as the structure pass allows, in the worst shape: type lists all the way down.
    let mut schema = json!({"type": "string"});
    for _ in 0..crate::load::shape::MAX_DEPTH {
        schema = json!({"type": ["array", "null"], "items": schema});
    }
    let out = schema_31(schema);
    assert_eq!(out["type"], json!("array"));
}
