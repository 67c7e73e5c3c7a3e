//! The component schemas the document's webhooks carry (`x-webhooks` in 3.0, `webhooks` in 3.1,
//! which the loader keeps under `x-webhooks`).
//!
//! A client sends no webhook, but its users receive them and decode the payloads with these
//! types: pruning keeps them though no operation reaches them.

use std::collections::BTreeSet;

use openapiv3::OpenAPI;
use serde_json::Value;

/// Where local references to components start.
const COMPONENTS: &str = "#/components/";

/// Names of the component schemas the webhooks reference, directly or through other
/// components (request bodies, responses, parameters, headers); sorted and unique.
pub(super) fn webhook_schemas(doc: &OpenAPI) -> Vec<String> {
    let Some(webhooks) = doc.extensions.get("x-webhooks") else {
        return Vec::new();
    };
    let mut schemas = BTreeSet::new();
    let mut seen = BTreeSet::new();
    let mut pending = vec![webhooks.clone()];
    while let Some(value) = pending.pop() {
        for reference in refs_in(&value) {
            let Some((section, name)) = component(&reference) else {
                continue;
            };
            if section == "schemas" {
                schemas.insert(name);
            } else if seen.insert((section.clone(), name.clone())) {
                pending.extend(component_value(doc, &section, &name));
            }
        }
    }
    schemas.into_iter().collect()
}

/// Every `$ref` string inside `value` (iteratively: webhook payloads nest deeply).
fn refs_in(value: &Value) -> Vec<String> {
    let mut refs = Vec::new();
    let mut pending = vec![value];
    while let Some(value) = pending.pop() {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(target)) = map.get("$ref") {
                    refs.push(target.clone());
                }
                pending.extend(map.values());
            }
            Value::Array(items) => pending.extend(items),
            _ => {}
        }
    }
    refs
}

/// `#/components/<section>/<name>` split into its section and its (unescaped) name.
fn component(reference: &str) -> Option<(String, String)> {
    let rest = reference.strip_prefix(COMPONENTS)?;
    let (section, name) = rest.split_once('/')?;
    // A pointer into a component (`…/schemas/A/properties/b`) still keeps the whole of `A`.
    let name = name.split('/').next()?;
    Some((
        section.to_owned(),
        name.replace("~1", "/").replace("~0", "~"),
    ))
}

/// A non-schema component as JSON, to look for the references it holds.
fn component_value(doc: &OpenAPI, section: &str, name: &str) -> Option<Value> {
    let components = doc.components.as_ref()?;
    let value = match section {
        "requestBodies" => serde_json::to_value(components.request_bodies.get(name)?),
        "responses" => serde_json::to_value(components.responses.get(name)?),
        "parameters" => serde_json::to_value(components.parameters.get(name)?),
        "headers" => serde_json::to_value(components.headers.get(name)?),
        "callbacks" => serde_json::to_value(components.callbacks.get(name)?),
        _ => return None,
    };
    value.ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(json: Value) -> OpenAPI {
        match serde_json::from_value(json) {
            Ok(doc) => doc,
            Err(e) => panic!("test document: {e}"),
        }
    }

    #[test]
    fn schemas_are_found_directly_and_through_request_bodies() {
        let doc = doc(serde_json::json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "x-webhooks": {"push": {"post": {
                "requestBody": {"$ref": "#/components/requestBodies/push"},
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/a~1b/properties/x"}}}}}
            }}},
            "components": {
                "schemas": {"push-event": {"type": "object"}, "a/b": {"type": "object"}},
                "requestBodies": {"push": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/push-event"}}}}}
            }
        }));
        assert_eq!(webhook_schemas(&doc), vec!["a/b", "push-event"]);
    }

    #[test]
    fn a_document_without_webhooks_has_none() {
        let doc = doc(serde_json::json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}
        }));
        assert!(webhook_schemas(&doc).is_empty());
    }
}
