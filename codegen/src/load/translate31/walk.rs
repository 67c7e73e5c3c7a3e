//! Every place a document holds schemas, so that each is translated: components, path items,
//! operations, parameters, headers, bodies, responses, callbacks.

use serde_json::{json, Value};

use super::schema::{self, Place};
use super::Options;
use crate::error::{Error, Pointer};

type Step = fn(&mut Value, &Pointer, Options) -> Result<(), Error>;

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

pub(super) fn document(doc: &mut Value, options: Options) -> Result<(), Error> {
    let root = Pointer::root();
    if let Some(components) = doc.get_mut("components") {
        let at = root.push("components");
        let steps: [(&str, Step); 6] = [
            ("schemas", component_schema),
            ("parameters", parameter),
            ("headers", parameter),
            ("requestBodies", with_content),
            ("responses", response),
            ("callbacks", callback),
        ];
        for (section, step) in steps {
            each(
                components.get_mut(section),
                &at.push(section),
                options,
                step,
            )?;
        }
    }
    each(
        doc.get_mut("paths"),
        &root.push("paths"),
        options,
        path_item,
    )?;
    // Webhooks are Path Items too: their inline payloads become types.
    each(
        doc.get_mut("x-webhooks"),
        &root.push("webhooks"),
        options,
        path_item,
    )
}

/// Calls `step` on every value of an object (anything else is left to the later checks).
fn each(
    value: Option<&mut Value>,
    at: &Pointer,
    options: Options,
    step: Step,
) -> Result<(), Error> {
    if let Some(Value::Object(map)) = value {
        for (key, item) in map.iter_mut() {
            step(item, &at.push(key), options)?;
        }
    }
    Ok(())
}

fn each_item(
    value: Option<&mut Value>,
    at: &Pointer,
    options: Options,
    step: Step,
) -> Result<(), Error> {
    if let Some(Value::Array(items)) = value {
        for (index, item) in items.iter_mut().enumerate() {
            step(item, &at.push(index.to_string()), options)?;
        }
    }
    Ok(())
}

fn component_schema(value: &mut Value, at: &Pointer, options: Options) -> Result<(), Error> {
    schema::schema(value, at, options, Place::Plain)
}

fn path_item(item: &mut Value, at: &Pointer, options: Options) -> Result<(), Error> {
    each_item(
        item.get_mut("parameters"),
        &at.push("parameters"),
        options,
        parameter,
    )?;
    for method in METHODS {
        if let Some(operation) = item.get_mut(*method) {
            let at = at.push(method);
            if options.v31 {
                // 3.1 lets an operation leave out its responses.
                if let Value::Object(map) = operation {
                    map.entry("responses").or_insert_with(|| json!({}));
                }
            }
            each_item(
                operation.get_mut("parameters"),
                &at.push("parameters"),
                options,
                parameter,
            )?;
            if let Some(body) = operation.get_mut("requestBody") {
                with_content(body, &at.push("requestBody"), options)?;
            }
            each(
                operation.get_mut("responses"),
                &at.push("responses"),
                options,
                response,
            )?;
            each(
                operation.get_mut("callbacks"),
                &at.push("callbacks"),
                options,
                callback,
            )?;
        }
    }
    Ok(())
}

/// A callback: runtime expressions to path items.
fn callback(value: &mut Value, at: &Pointer, options: Options) -> Result<(), Error> {
    each(Some(value), at, options, path_item)
}

/// A parameter or a header: a schema, or content.
fn parameter(value: &mut Value, at: &Pointer, options: Options) -> Result<(), Error> {
    if let Some(s) = value.get_mut("schema") {
        schema::schema(s, &at.push("schema"), options, Place::Plain)?;
    }
    with_content(value, at, options)
}

fn response(value: &mut Value, at: &Pointer, options: Options) -> Result<(), Error> {
    each(
        value.get_mut("headers"),
        &at.push("headers"),
        options,
        parameter,
    )?;
    with_content(value, at, options)
}

fn with_content(holder: &mut Value, at: &Pointer, options: Options) -> Result<(), Error> {
    each(
        holder.get_mut("content"),
        &at.push("content"),
        options,
        media_type,
    )
}

fn media_type(media: &mut Value, at: &Pointer, options: Options) -> Result<(), Error> {
    if let Some(s) = media.get_mut("schema") {
        schema::schema(s, &at.push("schema"), options, Place::Plain)?;
    }
    each(
        media.get_mut("encoding"),
        &at.push("encoding"),
        options,
        |encoding, at, options| {
            each(
                encoding.get_mut("headers"),
                &at.push("headers"),
                options,
                parameter,
            )
        },
    )
}
