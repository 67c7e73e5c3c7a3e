//! Synthetic specs of a chosen size: one small CRUD resource repeated, so that only the
//! operation count changes between sizes and the growth of each stage's time shows.

use serde_json::{json, Map, Value};

/// Operations each repeated resource adds (list, create, get, replace, delete).
pub const OPERATIONS_PER_RESOURCE: usize = 5;

/// A JSON OpenAPI 3.0 document with `operations` operations (rounded up to a whole number of
/// resources) and four component schemas per resource.
pub fn spec(operations: usize) -> String {
    let resources = operations.div_ceil(OPERATIONS_PER_RESOURCE);
    let mut paths = Map::new();
    let mut schemas = Map::new();
    for i in 0..resources {
        add_paths(&mut paths, i);
        add_schemas(&mut schemas, i);
    }
    let doc = json!({
        "openapi": "3.0.3",
        "info": { "title": "Synthetic", "version": "1.0" },
        "servers": [{ "url": "https://synthetic.example.com/v1" }],
        "paths": paths,
        "components": { "schemas": schemas },
    });
    doc.to_string()
}

fn schema_ref(name: &str, i: usize) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}{i}") })
}

fn json_content(schema: Value) -> Value {
    json!({ "application/json": { "schema": schema } })
}

fn add_paths(paths: &mut Map<String, Value>, i: usize) {
    let id = json!({
        "name": "id", "in": "path", "required": true,
        "schema": { "type": "string", "format": "uuid" },
    });
    let ok = |name: &str| json!({ "200": { "description": "OK", "content": json_content(schema_ref(name, i)) } });
    let body = json!({ "required": true, "content": json_content(schema_ref("WidgetCreate", i)) });
    paths.insert(
        format!("/widgets{i}"),
        json!({
            "get": {
                "operationId": format!("list_widgets{i}"),
                "summary": "Lists widgets, a page at a time.",
                "parameters": [
                    { "name": "limit", "in": "query",
                      "schema": { "type": "integer", "format": "int32", "minimum": 1, "maximum": 100 } },
                    { "name": "page_token", "in": "query", "schema": { "type": "string" } },
                ],
                "responses": ok("WidgetPage"),
            },
            "post": {
                "operationId": format!("create_widget{i}"),
                "requestBody": body,
                "responses": {
                    "201": { "description": "Created", "content": json_content(schema_ref("Widget", i)) },
                },
            },
        }),
    );
    paths.insert(
        format!("/widgets{i}/{{id}}"),
        json!({
            "parameters": [id],
            "get": { "operationId": format!("get_widget{i}"), "responses": ok("Widget") },
            "put": {
                "operationId": format!("replace_widget{i}"),
                "requestBody": body,
                "responses": ok("Widget"),
            },
            "delete": {
                "operationId": format!("delete_widget{i}"),
                "responses": { "204": { "description": "Deleted" } },
            },
        }),
    );
}

fn add_schemas(schemas: &mut Map<String, Value>, i: usize) {
    schemas.insert(
        format!("Widget{i}"),
        json!({
            "type": "object",
            "description": "A widget, with every common kind of field.",
            "required": ["id", "name", "size", "kind", "owner"],
            "properties": {
                "id": { "type": "string", "format": "uuid" },
                "name": { "type": "string", "minLength": 1, "maxLength": 63 },
                "size": { "type": "integer", "format": "int64" },
                "ratio": { "type": "number", "format": "double" },
                "enabled": { "type": "boolean" },
                "tags": { "type": "array", "items": { "type": "string" } },
                "kind": { "type": "string", "enum": ["small", "medium", "large"] },
                "owner": schema_ref("Owner", i),
                "labels": { "type": "object", "additionalProperties": { "type": "string" } },
                "note": { "type": "string", "nullable": true },
            },
        }),
    );
    schemas.insert(
        format!("Owner{i}"),
        json!({
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": { "type": "string" },
                "email": { "type": "string", "format": "email" },
            },
        }),
    );
    schemas.insert(
        format!("WidgetCreate{i}"),
        json!({
            "type": "object",
            "required": ["name", "size"],
            "properties": {
                "name": { "type": "string", "minLength": 1, "maxLength": 63 },
                "size": { "type": "integer", "format": "int64", "minimum": 0 },
                "kind": { "type": "string", "enum": ["small", "medium", "large"] },
            },
        }),
    );
    schemas.insert(
        format!("WidgetPage{i}"),
        json!({
            "type": "object",
            "required": ["items"],
            "properties": {
                "items": { "type": "array", "items": schema_ref("Widget", i) },
                "next_page": { "type": "string", "nullable": true },
            },
        }),
    );
}
