//! The last step of loading: checks of the document as a whole, once it is read.

use openapiv3::OpenAPI;

use crate::error::{Error, Pointer, SpecError};

pub(super) fn check(doc: &OpenAPI) -> Result<(), Error> {
    let version = doc.openapi.trim();
    // Loading already refused other versions and rewrote 3.1 as 3.0; this guards the rest of
    // the pipeline against a document that came another way.
    if !version.starts_with("3.0") {
        return Err(SpecError::unsupported(
            Pointer::root().push("openapi"),
            format!("`openapi: {version}` is not an OpenAPI 3.0.x version"),
        ));
    }
    // OpenAPI 3.1 allows a document of webhooks or components alone (Adyen's notification
    // services): its models are the point, so only a document with none of the three is empty.
    if doc.paths.paths.is_empty() && !has_models(doc) {
        return Err(SpecError::invalid(
            Pointer::root().push("paths"),
            "the document has no paths, webhooks or component schemas, so there is nothing to generate",
        ));
    }
    Ok(())
}

/// Whether the document defines types without operations: component schemas or webhooks.
fn has_models(doc: &OpenAPI) -> bool {
    let schemas = doc
        .components
        .as_ref()
        .is_some_and(|c| !c.schemas.is_empty());
    let webhooks = doc
        .extensions
        .get("x-webhooks")
        .and_then(|w| w.as_object())
        .is_some_and(|w| !w.is_empty());
    schemas || webhooks
}
