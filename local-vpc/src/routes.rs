//! Which of the 17 operations a method and path name (ref §1, the operations table).
//!
//! Paths are matched on the raw, still percent-encoded path and split before decoding, so
//! an id containing `%2F` stays one segment.

use axum::http::Method;
use percent_encoding::percent_decode_str;

use crate::errors::ApiError;

/// The three resource collections under `/v3/{project_id}/vpc/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Resource {
    Sessions,
    Filters,
    Rules,
}

impl Resource {
    /// The collection's path segment.
    fn from_segment(segment: &str) -> Option<Self> {
        match segment {
            "traffic-mirror-sessions" => Some(Resource::Sessions),
            "traffic-mirror-filters" => Some(Resource::Filters),
            "traffic-mirror-filter-rules" => Some(Resource::Rules),
            _ => None,
        }
    }
}

/// One of the 17 operations, with its decoded path id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Operation {
    List(Resource),
    Create(Resource),
    Show(Resource, String),
    Update(Resource, String),
    Delete(Resource, String),
    AddSources(String),
    RemoveSources(String),
}

impl Operation {
    /// Whether the operation reads a JSON request body.
    pub(crate) fn takes_body(&self) -> bool {
        matches!(
            self,
            Operation::Create(_)
                | Operation::Update(..)
                | Operation::AddSources(_)
                | Operation::RemoveSources(_)
        )
    }
}

/// A path that names an API, before the method is considered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Route {
    /// The decoded `{project_id}` segment.
    pub(crate) project_id: String,
    shape: Shape,
}

/// The kinds of path the API has.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Shape {
    /// `…/traffic-mirror-sessions`: GET list, POST create.
    Collection(Resource),
    /// `…/traffic-mirror-sessions/{id}`: GET, PUT, DELETE.
    Item(Resource, String),
    /// `…/traffic-mirror-sessions/{id}/add-sources`: PUT.
    AddSources(String),
    /// `…/traffic-mirror-sessions/{id}/remove-sources`: PUT.
    RemoveSources(String),
}

/// Methods each shape accepts, for 405 answers.
const COLLECTION_METHODS: &[Method] = &[Method::GET, Method::POST];
const ITEM_METHODS: &[Method] = &[Method::GET, Method::PUT, Method::DELETE];
const ACTION_METHODS: &[Method] = &[Method::PUT];

/// Matches a raw path against the API's templates; `None` means no such API (404).
pub(crate) fn match_route(raw_path: &str) -> Option<Route> {
    let segments: Vec<&str> = raw_path.split('/').collect();
    let (project, rest) = match segments.as_slice() {
        ["", "v3", project, "vpc", rest @ ..] if !project.is_empty() => (decode(project), rest),
        _ => return None,
    };
    let shape = match rest {
        [collection] => Shape::Collection(Resource::from_segment(collection)?),
        [collection, id] if !id.is_empty() => {
            Shape::Item(Resource::from_segment(collection)?, decode(id))
        }
        ["traffic-mirror-sessions", id, "add-sources"] if !id.is_empty() => {
            Shape::AddSources(decode(id))
        }
        ["traffic-mirror-sessions", id, "remove-sources"] if !id.is_empty() => {
            Shape::RemoveSources(decode(id))
        }
        _ => return None,
    };
    Some(Route {
        project_id: project,
        shape,
    })
}

impl Route {
    /// The operation this method selects on this path, or 405 listing the allowed methods.
    pub(crate) fn operation(self, method: &Method) -> Result<Operation, ApiError> {
        let allowed = match &self.shape {
            Shape::Collection(_) => COLLECTION_METHODS,
            Shape::Item(..) => ITEM_METHODS,
            Shape::AddSources(_) | Shape::RemoveSources(_) => ACTION_METHODS,
        };
        let operation = match (self.shape, method.as_str()) {
            (Shape::Collection(resource), "GET") => Operation::List(resource),
            (Shape::Collection(resource), "POST") => Operation::Create(resource),
            (Shape::Item(resource, id), "GET") => Operation::Show(resource, id),
            (Shape::Item(resource, id), "PUT") => Operation::Update(resource, id),
            (Shape::Item(resource, id), "DELETE") => Operation::Delete(resource, id),
            (Shape::AddSources(id), "PUT") => Operation::AddSources(id),
            (Shape::RemoveSources(id), "PUT") => Operation::RemoveSources(id),
            _ => return Err(ApiError::MethodNotAllowed(allowed)),
        };
        Ok(operation)
    }
}

/// Percent-decodes one path segment. Invalid UTF-8 is decoded lossily: such an id can
/// never match a stored one, which yields the same not-found answer as the vendor.
fn decode(segment: &str) -> String {
    percent_decode_str(segment).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(method: Method, path: &str) -> Result<Operation, ApiError> {
        match_route(path)
            .ok_or(ApiError::NoSuchApi)?
            .operation(&method)
    }

    #[test]
    fn all_seventeen_operations_are_routed() {
        let base = "/v3/p/vpc";
        let cases = [
            (
                Method::GET,
                "traffic-mirror-sessions",
                Operation::List(Resource::Sessions),
            ),
            (
                Method::POST,
                "traffic-mirror-filters",
                Operation::Create(Resource::Filters),
            ),
            (
                Method::GET,
                "traffic-mirror-filter-rules/r",
                Operation::Show(Resource::Rules, "r".into()),
            ),
            (
                Method::PUT,
                "traffic-mirror-sessions/s%2Fx",
                Operation::Update(Resource::Sessions, "s/x".into()),
            ),
            (
                Method::DELETE,
                "traffic-mirror-filters/f",
                Operation::Delete(Resource::Filters, "f".into()),
            ),
            (
                Method::PUT,
                "traffic-mirror-sessions/s/add-sources",
                Operation::AddSources("s".into()),
            ),
            (
                Method::PUT,
                "traffic-mirror-sessions/s/remove-sources",
                Operation::RemoveSources("s".into()),
            ),
        ];
        for (method, path, expected) in cases {
            assert_eq!(
                op(method, &format!("{base}/{path}")),
                Ok(expected),
                "{path}"
            );
        }
    }

    #[test]
    fn unknown_paths_and_methods_are_refused() {
        assert_eq!(
            op(Method::GET, "/v3/p/vpc/traffic-mirror-sessions/"),
            Err(ApiError::NoSuchApi)
        );
        assert_eq!(
            op(
                Method::GET,
                "/v3/p/vpc/traffic-mirror-filters/f/add-sources"
            ),
            Err(ApiError::NoSuchApi)
        );
        assert_eq!(
            op(Method::GET, "/v3//vpc/traffic-mirror-sessions"),
            Err(ApiError::NoSuchApi)
        );
        assert_eq!(
            op(
                Method::POST,
                "/v3/p/vpc/traffic-mirror-sessions/s/remove-sources"
            ),
            Err(ApiError::MethodNotAllowed(ACTION_METHODS))
        );
    }
}
