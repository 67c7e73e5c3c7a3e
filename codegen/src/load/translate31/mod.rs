//! Accepting OpenAPI 3.1: its constructs rewritten into their 3.0 equivalents on the raw
//! document, before the `openapiv3` reader (which knows only 3.0) sees it. Later passes then
//! see one dialect.
//!
//! Schema rewrites (type lists, `type: "null"`, `const`, numeric `exclusiveMinimum`, …) run
//! on every document: 3.0 specs in the wild use them too. The document-level rewrites, and
//! keeping the siblings of a schema `$ref`, apply to 3.1 documents only (3.0 says siblings of
//! `$ref` are ignored, and `openapiv3` ignores them).

mod path_items;
mod schema;
mod structure;
mod types;
mod walk;

use serde_json::{json, Map, Value};

use crate::error::Error;

/// The OpenAPI version a document declares (after the version check).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Version {
    V30,
    V31,
}

/// What the schema walk does besides the rewrites every document gets.
#[derive(Debug, Clone, Copy)]
struct Options {
    /// A 3.1 document: `$ref` siblings count, and operations may omit `responses`.
    v31: bool,
}

/// Rewrites `doc` in place into an OpenAPI 3.0 document; what has no 3.0 equivalent is a
/// located unsupported error.
pub(crate) fn translate(doc: &mut Value, version: Version) -> Result<(), Error> {
    let v31 = version == Version::V31;
    if v31 {
        if let Value::Object(map) = doc {
            document(map)?;
        }
    }
    walk::document(doc, Options { v31 })
}

/// The document-level differences: the version, 3.1-only fields, optional `paths`.
fn document(map: &mut Map<String, Value>) -> Result<(), Error> {
    map.insert("openapi".to_owned(), json!("3.0.3"));
    // Webhooks are requests the API sends, not ones a client makes; they stay as an
    // extension (3.0's `x-webhooks`) only so that the payload types they name are kept.
    if let Some(webhooks) = map.shift_remove("webhooks") {
        map.entry("x-webhooks").or_insert(webhooks);
    }
    map.shift_remove("jsonSchemaDialect");
    if let Some(Value::Object(info)) = map.get_mut("info") {
        info.shift_remove("summary");
        if let Some(Value::Object(license)) = info.get_mut("license") {
            license.shift_remove("identifier");
        }
    }
    map.entry("paths").or_insert_with(|| json!({}));
    path_items::inline(map)
}

#[cfg(test)]
mod tests;
