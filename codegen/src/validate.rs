//! Step 2: document-level checks before lowering. Everything local to one node (references,
//! parameters, media types) is checked where lowering meets it, with the node's pointer.

use openapiv3::OpenAPI;

use crate::error::{Error, Pointer, SpecError};

pub(crate) fn validate(doc: &OpenAPI) -> Result<(), Error> {
    let version = doc.openapi.trim();
    if !version.starts_with("3.0") {
        let message = if version.starts_with("3.1") {
            format!("OpenAPI {version} is not supported yet; only 3.0.x documents are")
        } else {
            format!("`openapi: {version}` is not an OpenAPI 3.0.x version")
        };
        return Err(SpecError::unsupported(
            Pointer::root().push("openapi"),
            message,
        ));
    }
    if doc.paths.paths.is_empty() {
        return Err(SpecError::invalid(
            Pointer::root().push("paths"),
            "the document has no paths, so there is nothing to generate",
        ));
    }
    Ok(())
}
