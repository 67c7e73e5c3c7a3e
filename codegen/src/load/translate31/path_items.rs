//! 3.1's `components.pathItems`: 3.0 has no such section, so the paths that refer to one get
//! a copy of it, and the section goes.

use serde_json::{Map, Value};

use crate::error::{Error, Pointer, SpecError};

const PREFIX: &str = "#/components/pathItems/";
/// Path items referring to path items: more hops than this is taken for a cycle.
const MAX_HOPS: usize = 16;

pub(super) fn inline(doc: &mut Map<String, Value>) -> Result<(), Error> {
    let section = doc
        .get_mut("components")
        .and_then(Value::as_object_mut)
        .and_then(|components| components.shift_remove("pathItems"));
    let Some(Value::Object(items)) = section else {
        return Ok(());
    };
    let at = Pointer::root().push("paths");
    if let Some(Value::Object(paths)) = doc.get_mut("paths") {
        for (key, item) in paths.iter_mut() {
            resolve(item, &items, &at.push(key))?;
        }
    }
    Ok(())
}

/// Replaces a path item that is a reference into `components.pathItems` with its target.
fn resolve(item: &mut Value, items: &Map<String, Value>, at: &Pointer) -> Result<(), Error> {
    for _ in 0..MAX_HOPS {
        let Some(Value::String(reference)) = item.get("$ref") else {
            return Ok(());
        };
        // Other references are the OpenAPI reader's to judge.
        let Some(name) = reference.strip_prefix(PREFIX) else {
            return Ok(());
        };
        let name = name.replace("~1", "/").replace("~0", "~");
        let target = items.get(&name).ok_or_else(|| {
            SpecError::invalid(
                at.push("$ref"),
                format!("reference {reference:?} does not resolve: there is no `{name}` in `components.pathItems`"),
            )
        })?;
        *item = target.clone();
    }
    Err(SpecError::invalid(
        at.push("$ref"),
        format!("path item references go more than {MAX_HOPS} deep: a cycle?"),
    ))
}
