//! Partial loading: an operation that a loading step refuses is taken out of the document and
//! recorded as an [`Omission`], so that the rest of the spec still loads. Problems outside
//! `paths` (the document's structure, components, servers) still stop loading.

use serde_json::Value;

use crate::error::{Error, Omission, SpecError};

pub(crate) const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Takes the operation (or, for a problem in the path item itself, the whole path item) that
/// `error` is located in out of `doc`, and returns what was left out; any other error is
/// given back.
pub(crate) fn take_out(doc: &mut Value, error: Error) -> Result<Vec<Omission>, Error> {
    let cause = error.into_spec()?;
    let segments: Vec<String> = cause.pointer.split('/').skip(1).map(unescape).collect();
    if let (Some("components"), Some(kind), Some(name)) = (
        segments.first().map(String::as_str),
        segments.get(1),
        segments.get(2),
    ) {
        return take_out_component(doc, kind, name, cause);
    }
    let (Some("paths"), Some(path)) = (segments.first().map(String::as_str), segments.get(1))
    else {
        return Err(Error::Spec(Box::new(cause)));
    };
    let Some(Value::Object(paths)) = doc.get_mut("paths") else {
        return Err(Error::Spec(Box::new(cause)));
    };
    let method = segments
        .get(2)
        .filter(|m| METHODS.contains(&m.as_str()))
        .cloned();
    let Some(item) = paths.get_mut(path) else {
        return Err(Error::Spec(Box::new(cause)));
    };
    let removed = match (&method, item) {
        (Some(method), Value::Object(item)) => {
            let operation = item.shift_remove(method).unwrap_or(Value::Null);
            vec![(method.clone(), operation)]
        }
        _ => {
            let item = paths.shift_remove(path).unwrap_or(Value::Null);
            whole_item(item)
        }
    };
    if removed.is_empty() {
        // A path item without operations: nothing generated is lost with it.
        return Ok(Vec::new());
    }
    Ok(removed
        .into_iter()
        .map(|(method, operation)| omission(path, &method, &operation, cause.clone()))
        .collect())
}

/// The kinds of component that can go without taking the document with them: what uses one
/// is left out in turn when it is lowered. Security schemes are not among them (a client
/// without one would send requests unauthenticated).
const COMPONENT_KINDS: &[(&str, &str)] = &[
    ("schemas", "schema"),
    ("parameters", "parameter"),
    ("responses", "response"),
    ("requestBodies", "request body"),
    ("headers", "header"),
    ("examples", "example"),
    ("links", "link"),
    ("callbacks", "callback"),
];

fn take_out_component(
    doc: &mut Value,
    kind: &str,
    name: &str,
    cause: SpecError,
) -> Result<Vec<Omission>, Error> {
    let Some((_, singular)) = COMPONENT_KINDS.iter().find(|(k, _)| *k == kind) else {
        return Err(Error::Spec(Box::new(cause)));
    };
    let section = doc
        .get_mut("components")
        .and_then(|c| c.get_mut(kind))
        .and_then(Value::as_object_mut);
    match section.and_then(|s| s.shift_remove(name)) {
        Some(_) => Ok(vec![Omission::component(kind, singular, name, cause)]),
        None => Err(Error::Spec(Box::new(cause))),
    }
}

fn whole_item(item: Value) -> Vec<(String, Value)> {
    let Value::Object(mut item) = item else {
        return Vec::new();
    };
    METHODS
        .iter()
        .filter_map(|m| Some((m.to_string(), item.shift_remove(*m)?)))
        .collect()
}

fn omission(path: &str, method: &str, operation: &Value, cause: SpecError) -> Omission {
    let id = operation.get("operationId").and_then(Value::as_str);
    let tags = operation
        .get("tags")
        .and_then(Value::as_array)
        .map(|tags| {
            tags.iter()
                .filter_map(|t| t.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    Omission::operation(id, method, path, tags, cause)
}

/// The OpenAPI reader's error for `paths` when it could not say where (inside an untagged
/// enum its path stops at `/paths`): each path item's parameters and each operation read on
/// their own, the first failure located at its node.
pub(crate) fn locate_in_paths(doc: &Value) -> Option<Error> {
    let Some(Value::Object(paths)) = doc.get("paths") else {
        return None;
    };
    let root = crate::error::Pointer::root().push("paths");
    for (path, item) in paths {
        let item_at = root.push(path);
        if let Some(parameters) = item.get("parameters") {
            let at = item_at.push("parameters");
            if let Some(error) =
                read_as::<Vec<openapiv3::ReferenceOr<openapiv3::Parameter>>>(parameters, &at)
            {
                return Some(error);
            }
        }
        for method in METHODS {
            if let Some(operation) = item.get(*method) {
                let at = item_at.push(method);
                if let Some(error) = read_as::<openapiv3::Operation>(operation, &at) {
                    return Some(error);
                }
            }
        }
    }
    None
}

fn read_as<T: serde::de::DeserializeOwned>(
    value: &Value,
    at: &crate::error::Pointer,
) -> Option<Error> {
    let error = serde_path_to_error::deserialize::<_, T>(value).err()?;
    let mut pointer = at.clone();
    for segment in super::path_to_pointer(error.path()).split('/').skip(1) {
        pointer = pointer.push(unescape(segment));
    }
    Some(SpecError::invalid(pointer, error.inner().to_string()))
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}
