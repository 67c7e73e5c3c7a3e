//! Step 1: read a spec file (YAML or JSON) into `openapiv3` types.

use std::path::Path;

use openapiv3::OpenAPI;

use crate::error::{Error, Pointer, SpecError, SpecErrorKind};

/// Reads and parses the document at `path`; the text is kept for locating later errors.
pub(crate) fn load_file(path: &Path) -> Result<(OpenAPI, String), Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        action: "cannot read the spec",
        source,
    })?;
    let doc = parse(&text, is_json(path, &text)).map_err(|e| e.in_file(path))?;
    Ok((doc, text))
}

/// Parses a document from text. JSON is parsed as JSON (faster, exact positions); YAML as YAML.
pub(crate) fn parse(text: &str, json: bool) -> Result<OpenAPI, Error> {
    let result = if json {
        let mut de = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize::<_, OpenAPI>(&mut de).map_err(|e| {
            let position = Some((e.inner().line(), e.inner().column())).filter(|(l, _)| *l > 0);
            (path_to_pointer(e.path()), position, e.inner().to_string())
        })
    } else {
        let de = serde_yaml::Deserializer::from_str(text);
        serde_path_to_error::deserialize::<_, OpenAPI>(de).map_err(|e| {
            let position = e.inner().location().map(|l| (l.line(), l.column()));
            (path_to_pointer(e.path()), position, e.inner().to_string())
        })
    };
    result.map_err(|(pointer, line_column, message)| {
        let message = explain_parse_failure(text, json, message);
        Error::Spec(Box::new(SpecError {
            kind: SpecErrorKind::Invalid,
            file: None,
            line_column,
            pointer,
            message,
        }))
    })
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

/// Swagger 2.0 and OpenAPI 3.1 documents fail deep inside; say what they are instead.
fn explain_parse_failure(text: &str, json: bool, message: String) -> String {
    #[derive(serde::Deserialize)]
    struct Version {
        openapi: Option<serde_json::Value>,
        swagger: Option<serde_json::Value>,
    }
    let version: Option<Version> = if json {
        serde_json::from_str(text).ok()
    } else {
        serde_yaml::from_str(text).ok()
    };
    match version {
        Some(Version {
            swagger: Some(v), ..
        }) => format!(
            "this is a Swagger {} document (`swagger:`), not an OpenAPI 3.0 one (`openapi: 3.0.x`); convert it first",
            display_version(&v)
        ),
        Some(Version {
            openapi: Some(v), ..
        }) if display_version(&v).starts_with("3.1") => {
            format!(
                "OpenAPI {} is not supported yet, only 3.0.x ({message})",
                display_version(&v)
            )
        }
        Some(Version { openapi: None, .. }) => {
            format!("this is not an OpenAPI document: the `openapi` version field is missing ({message})")
        }
        _ => message,
    }
}

fn display_version(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
