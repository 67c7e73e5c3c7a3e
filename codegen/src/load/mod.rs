//! Stage 1, **load**: a spec file (YAML or JSON; OpenAPI 3.0 or 3.1) becomes `openapiv3` types.
//!
//! Its sub-steps, in order (see [`parse`]):
//! 1. [`yaml`] / JSON reading with [`shape`]'s structure checks (no repeated keys, bounded
//!    nesting), errors at line and column;
//! 2. the OpenAPI version;
//! 3. [`bundle`]: references into other files inlined, read only through the [`sandbox`];
//! 4. [`translate31`]: 3.1 constructs rewritten as 3.0 ones;
//! 5. [`keywords`]: the types of schema keywords;
//! 6. the OpenAPI reader itself, then [`document`]'s document-level checks.
//!
//! Everything local to one node (references, parameters, media types) is checked later, where
//! lowering meets it, with the node's pointer.

use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;
use serde::de::DeserializeSeed;
use serde::Deserialize;
use serde_json::Value;

use crate::error::{Error, Omission, Pointer, SpecError, SpecErrorKind};
use sandbox::{RefPolicy, Sandbox};
use shape::Shape;
use translate31::Version;

pub(crate) mod bundle;
mod document;
mod inline;
pub(crate) mod keywords;
mod leave_out;
pub(crate) mod sandbox;
pub(crate) mod shape;
pub(crate) mod translate31;
pub(crate) mod yaml;

/// A loaded document: the OpenAPI model, the other files its references led to, and the
/// operations left out because a loading step refused them.
pub(crate) struct Loaded {
    pub(crate) doc: OpenAPI,
    pub(crate) external: Vec<PathBuf>,
    pub(crate) omitted: Vec<Omission>,
}

/// Reads and parses the document at `path`; the text is returned for locating later errors.
/// External references are read only as `refs` allows.
pub(crate) fn load_file(path: &Path, refs: &RefPolicy) -> Result<(Loaded, String), Error> {
    let mut text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        action: "cannot read the spec",
        source,
    })?;
    // Editors on Windows save UTF-8 with a byte-order mark; it is not part of the document.
    if text.starts_with(BOM) {
        text.drain(..BOM.len_utf8());
    }
    let sandbox = Sandbox::new(path.parent().unwrap_or(Path::new(".")), refs);
    let mut loaded =
        parse_in(&text, is_json(path, &text), Some(&sandbox)).map_err(|e| e.in_file(path))?;
    for omission in &mut loaded.omitted {
        omission
            .cause
            .file
            .get_or_insert_with(|| path.to_path_buf());
    }
    Ok((loaded, text))
}

/// Parses a document from text (JSON as JSON: faster, exact positions; YAML as YAML), in
/// three passes, each of which turns what it finds into a located spec error:
/// 1. the raw structure ([`Shape`]): no repeated keys (the OpenAPI reader panics on them) and
///    bounded nesting;
/// 2. the OpenAPI version; 3.1 constructs rewritten as 3.0 ones ([`translate31`]); the types
///    of schema keywords ([`keywords`]);
/// 3. the OpenAPI reader itself, and the document-level checks.
///
/// An operation one of them refuses is left out ([`leave_out`]) and the passes run again.
pub(crate) fn parse(text: &str, json: bool) -> Result<Loaded, Error> {
    parse_in(text, json, None)
}

/// More operations refused while loading than this, and the spec is taken as broken.
const MAX_LEFT_OUT: usize = 256;

/// [`parse`], with references into other files read through `sandbox`.
fn parse_in(text: &str, json: bool, sandbox: Option<&Sandbox>) -> Result<Loaded, Error> {
    let text = without_bom(text);
    let value = read_structure(text, json)?;
    let version = check_version(&value).map_err(|e| e.located(text))?;
    let mut omitted = Vec::new();
    let has_paths = value
        .get("paths")
        .and_then(Value::as_object)
        .is_some_and(|paths| !paths.is_empty());
    let mut error = match prepare(value, version, sandbox, &|| read_structure(text, json)) {
        Ok((doc, external)) => return finish(doc, external, omitted, text),
        // Without paths nothing could be generated anyway: the problem is the answer.
        Err(error) if !has_paths => return Err(error.located(text)),
        Err(error) => error,
    };
    // The steps change the value as they go, so each attempt starts again from the text,
    // without the operations refused so far.
    let mut causes: Vec<SpecError> = Vec::new();
    // The text without the operations refused so far.
    let without = |causes: &[SpecError]| -> Result<Value, Error> {
        let mut value = read_structure(text, json)?;
        for cause in causes {
            let _ = leave_out::take_out(&mut value, Error::Spec(Box::new(cause.clone())));
        }
        Ok(value)
    };
    for _ in 0..MAX_LEFT_OUT {
        let mut value = without(&causes)?;
        let cause = error.located(text).into_spec()?;
        causes.push(cause.clone());
        omitted.extend(leave_out::take_out(
            &mut value,
            Error::Spec(Box::new(cause)),
        )?);
        error = match prepare(value, version, sandbox, &|| without(&causes)) {
            Ok((doc, external)) => return finish(doc, external, omitted, text),
            Err(error) => error,
        };
    }
    Err(error.located(text))
}

fn finish(
    doc: OpenAPI,
    external: Vec<PathBuf>,
    omitted: Vec<Omission>,
    text: &str,
) -> Result<Loaded, Error> {
    document::check(&doc).map_err(|e| e.located(text))?;
    Ok(Loaded {
        doc,
        external,
        omitted,
    })
}

/// Passes 2 and 3 on the raw structure: everything but the document-level checks.
///
/// The document is read from the value it consumes (strings move into it, and the structure
/// is freed as it is read), without tracking the path, which is needed only to locate an
/// error: when that read fails, `rebuild` gives the same structure again (as `value` was
/// made), and the read is repeated with tracking.
fn prepare(
    mut value: Value,
    version: Version,
    sandbox: Option<&Sandbox>,
    rebuild: &dyn Fn() -> Result<Value, Error>,
) -> Result<(OpenAPI, Vec<PathBuf>), Error> {
    let external = steps(&mut value, version, sandbox)?;
    if let Ok(doc) = OpenAPI::deserialize(value) {
        return Ok((doc, external));
    }
    let mut value = rebuild()?;
    let external = steps(&mut value, version, sandbox)?;
    let doc = serde_path_to_error::deserialize::<_, OpenAPI>(&value).map_err(|e| {
        let pointer = path_to_pointer(e.path());
        // Inside an untagged enum the reader loses its place; find the operation itself.
        let vague = pointer.split('/').filter(|s| !s.is_empty()).count() < 3;
        match vague && pointer.starts_with("/paths") {
            true => leave_out::locate_in_paths(&value),
            false => None,
        }
        .unwrap_or_else(|| SpecError::invalid(pointer, e.inner().to_string()))
    })?;
    Ok((doc, external))
}

/// Pass 2 on the raw structure: references inlined, other files bundled, 3.1 translated,
/// keywords checked. Returns the other files read.
fn steps(
    value: &mut Value,
    version: Version,
    sandbox: Option<&Sandbox>,
) -> Result<Vec<PathBuf>, Error> {
    inline::inline(value)?;
    // Bundling first, so that what other files hold is translated too.
    let external = bundle::bundle(value, sandbox)?;
    translate31::translate(value, version)?;
    keywords::check(value)?;
    Ok(external)
}

/// Pass 1: the text as a JSON value, with syntax errors at their line and column.
pub(crate) fn read_structure(text: &str, json: bool) -> Result<Value, Error> {
    let text = without_bom(text);
    if !json {
        return yaml::read(text).map_err(|failure| {
            structure_error(failure.line_column, failure.pointer, failure.message)
        });
    }
    // Untracked first (see `prepare`): the path is needed only to locate an error.
    let mut de = serde_json::Deserializer::from_str(text);
    if let Ok(value) = Shape::root()
        .deserialize(&mut de)
        .and_then(|value| de.end().map(|()| value))
    {
        return Ok(value);
    }
    let mut track = serde_path_to_error::Track::new();
    let mut de = serde_json::Deserializer::from_str(text);
    Shape::root()
        .deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track))
        .map_err(|e| {
            (
                Some((e.line(), e.column())).filter(|(l, _)| *l > 0),
                e.to_string(),
            )
        })
        .and_then(|value| {
            de.end()
                .map(|()| value)
                .map_err(|e| (Some((e.line(), e.column())), e.to_string()))
        })
        .map_err(|(line_column, message)| {
            structure_error(line_column, path_to_pointer(&track.path()), message)
        })
}

/// The UTF-8 byte-order mark, which JSON and YAML readers would take as content.
pub(crate) const BOM: char = '\u{feff}';

/// `text` without a leading byte-order mark.
pub(crate) fn without_bom(text: &str) -> &str {
    text.strip_prefix(BOM).unwrap_or(text)
}

fn structure_error(line_column: Option<(usize, usize)>, pointer: String, message: String) -> Error {
    Error::Spec(Box::new(SpecError {
        kind: SpecErrorKind::Invalid,
        file: None,
        line_column,
        pointer,
        message,
    }))
}

/// Pass 2a: OpenAPI 3.0 and 3.1 documents are read; Swagger 2.0 is said to be what it is.
fn check_version(doc: &Value) -> Result<Version, Error> {
    let at = Pointer::root().push("openapi");
    let Value::Object(map) = doc else {
        return Err(SpecError::invalid(
            Pointer::root(),
            "the document is not an object, so it is not an OpenAPI document",
        ));
    };
    if let Some(swagger) = map.get("swagger") {
        return Err(SpecError::unsupported(
            Pointer::root().push("swagger"),
            format!("this is a Swagger {} document (`swagger:`), not an OpenAPI 3 one (`openapi: 3.0.x` or `3.1.x`); convert it first", scalar_text(swagger)),
        ));
    }
    match map.get("openapi") {
        None => Err(SpecError::invalid(
            at,
            "this is not an OpenAPI document: the `openapi` version field is missing",
        )),
        Some(Value::String(v)) if v.trim().starts_with("3.0") => Ok(Version::V30),
        // YAML reads `openapi: 3.1` as a number.
        Some(v) if scalar_text(v).trim().starts_with("3.1") => Ok(Version::V31),
        Some(v) => Err(SpecError::unsupported(
            at,
            format!(
                "`openapi: {}` is not an OpenAPI 3.0.x or 3.1.x version",
                scalar_text(v)
            ),
        )),
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn is_json(path: &Path, text: &str) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        Some("json") => true,
        Some("yaml" | "yml") => false,
        _ => text.trim_start().starts_with('{'),
    }
}

/// `serde_path_to_error` paths (`paths./v3/x.get`) as JSON pointers (`/paths/~1v3~1x/get`).
fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = Pointer::root();
    for segment in path.iter() {
        pointer = match segment {
            Segment::Seq { index } => pointer.push(index.to_string()),
            Segment::Map { key } | Segment::Enum { variant: key } => pointer.push(key),
            // A segment serde could not name (inside an untagged enum): stop at its parent.
            Segment::Unknown => break,
        };
    }
    pointer.into()
}
