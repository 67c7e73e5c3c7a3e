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
    if doc.paths.paths.is_empty() {
        return Err(SpecError::invalid(
            Pointer::root().push("paths"),
            "the document has no paths, so there is nothing to generate",
        ));
    }
    Ok(())
}
