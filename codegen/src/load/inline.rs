//! References the OpenAPI reader cannot hold, replaced by copies of their targets before
//! bundling: a path item that is a `$ref` to another path (`{$ref: '#/paths/~1ip-address'}`)
//! and a callback that is a `$ref` to `components.callbacks`.

use serde_json::{Map, Value};

use crate::error::{Error, Pointer, SpecError};

const PATHS: &str = "#/paths/";
const CALLBACKS: &str = "#/components/callbacks/";
/// References to references: more hops than this is taken for a cycle.
const MAX_HOPS: usize = 16;
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Inlines both kinds of reference in `doc`; a target that is missing is an error at the
/// reference (under its operation, so only that operation is left out).
pub(crate) fn inline(doc: &mut Value) -> Result<(), Error> {
    let Some(Value::Object(paths)) = doc.get("paths") else {
        return Ok(());
    };
    // A copy to read targets from while the items change: only when some item refers to
    // another path (rare; GitHub's 13 MB document has none, and copying its paths was ~3% of
    // the samples of its run).
    let refers = |item: &Value| {
        item.get("$ref")
            .and_then(Value::as_str)
            .is_some_and(|r| r.starts_with(PATHS))
    };
    let paths = match paths.values().any(refers) {
        true => paths.clone(),
        false => Map::new(),
    };
    let callbacks = doc
        .pointer("/components/callbacks")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let Some(Value::Object(items)) = doc.get_mut("paths") else {
        return Ok(());
    };
    let at = Pointer::root().push("paths");
    for (key, item) in items.iter_mut() {
        let item_at = at.push(key);
        path_item(item, &paths, &item_at)?;
        for method in METHODS {
            if let Some(Value::Object(operation)) = item.get_mut(*method) {
                operation_callbacks(operation, &callbacks, &item_at.push(method))?;
            }
        }
    }
    Ok(())
}

/// Replaces a path item that refers to another path with a copy of that path's item. The
/// copy's operations lose their `operationId`s (each is the other path's), so their names
/// come from their own method and path.
fn path_item(item: &mut Value, paths: &Map<String, Value>, at: &Pointer) -> Result<(), Error> {
    let mut copied = false;
    for _ in 0..MAX_HOPS {
        let Some(Value::String(reference)) = item.get("$ref") else {
            if copied {
                drop_operation_ids(item);
            }
            return Ok(());
        };
        // Other references are bundling's and the OpenAPI reader's to judge.
        let Some(key) = reference.strip_prefix(PATHS) else {
            return Ok(());
        };
        let key = decode(key);
        let target = paths.get(&key).ok_or_else(|| {
            SpecError::invalid(
                at.push("$ref"),
                format!("reference {reference:?} does not resolve: there is no path {key:?}"),
            )
        })?;
        *item = target.clone();
        copied = true;
    }
    Err(SpecError::invalid(
        at.push("$ref"),
        format!("path item references go more than {MAX_HOPS} deep: a cycle?"),
    ))
}

fn drop_operation_ids(item: &mut Value) {
    for method in METHODS {
        if let Some(Value::Object(operation)) = item.get_mut(*method) {
            operation.shift_remove("operationId");
        }
    }
}

/// Replaces each callback of `operation` given as a `$ref` with the component it names.
fn operation_callbacks(
    operation: &mut Map<String, Value>,
    components: &Map<String, Value>,
    at: &Pointer,
) -> Result<(), Error> {
    let Some(Value::Object(callbacks)) = operation.get_mut("callbacks") else {
        return Ok(());
    };
    let at = at.push("callbacks");
    for (name, callback) in callbacks.iter_mut() {
        callback_ref(callback, components, &at.push(name))?;
    }
    Ok(())
}

fn callback_ref(
    callback: &mut Value,
    components: &Map<String, Value>,
    at: &Pointer,
) -> Result<(), Error> {
    for _ in 0..MAX_HOPS {
        let Some(reference) = callback.get("$ref") else {
            return Ok(());
        };
        let Some(name) = reference.as_str().and_then(|r| r.strip_prefix(CALLBACKS)) else {
            return Err(SpecError::unsupported(
                at.push("$ref"),
                format!("callback reference {reference}: only `{CALLBACKS}<name>` is supported"),
            ));
        };
        let name = decode(name);
        let target = components.get(&name).ok_or_else(|| {
            SpecError::invalid(
                at.push("$ref"),
                format!("reference {reference} does not resolve: there is no `{name}` in `components.callbacks`"),
            )
        })?;
        *callback = target.clone();
    }
    Err(SpecError::invalid(
        at.push("$ref"),
        format!("callback references go more than {MAX_HOPS} deep: a cycle?"),
    ))
}

/// A JSON pointer segment as the key it names (`~1v3~1ip` → `/v3/ip`), percent-decoded as a
/// URI fragment may be (`%7Bid%7D` → `{id}`).
fn decode(segment: &str) -> String {
    let unescaped = segment.replace("~1", "/").replace("~0", "~");
    percent_encoding::percent_decode_str(&unescaped)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::inline;

    #[test]
    fn a_path_item_refers_to_another_path() {
        let mut doc = json!({"paths": {
            "/ip-address": {"get": {"operationId": "getIp", "responses": {}}},
            "/v2/ip-address": {"$ref": "#/paths/~1ip-address"},
        }});
        inline(&mut doc).expect("inlines");
        assert_eq!(
            doc["paths"]["/v2/ip-address"],
            json!({"get": {"responses": {}}})
        );
        assert_eq!(doc["paths"]["/ip-address"]["get"]["operationId"], "getIp");
    }

    #[test]
    fn callbacks_given_as_references_are_copied_and_missing_ones_located() {
        let callback = json!({"{$url}": {"post": {"responses": {}}}});
        let mut doc = json!({
            "paths": {"/a": {"post": {"callbacks": {"c": {"$ref": "#/components/callbacks/C"}}}}},
            "components": {"callbacks": {"C": callback}},
        });
        inline(&mut doc).expect("inlines");
        assert_eq!(doc["paths"]["/a"]["post"]["callbacks"]["c"], callback);

        let mut broken = json!({"paths": {"/a": {"post": {"callbacks": {
            "c": {"$ref": "#/components/callbacks/Missing"}}}}}});
        let error = inline(&mut broken).expect_err("a missing target");
        let crate::Error::Spec(error) = error else {
            panic!("not a spec error: {error}");
        };
        assert_eq!(error.pointer, "/paths/~1a/post/callbacks/c/$ref");
        assert!(error.message.contains("Missing"), "{}", error.message);
    }

    #[test]
    fn a_cycle_of_path_references_is_refused() {
        let mut doc = json!({"paths": {
            "/a": {"$ref": "#/paths/~1b"},
            "/b": {"$ref": "#/paths/~1a"},
        }});
        assert!(inline(&mut doc).is_err());
    }
}
