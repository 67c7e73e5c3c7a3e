//! Readable method names from framework-made operation IDs.
//!
//! FastAPI (and so every service built on it) makes an operation's ID from the handler's name
//! followed by the route's path and method, every non-word character turned into `_`:
//! `create_flow_run_from_deployment` on `POST /deployments/{id}/create_flow_run` becomes
//! `create_flow_run_from_deployment_deployments__id__create_flow_run_post`. The suffix repeats
//! what the method's documentation already says, so it is left out of the Rust name when the
//! document plainly follows that convention: when most of its operation IDs end with a suffix
//! derived from their own path and method. An ID is shortened only if the shorter name is
//! still unique among the document's operations; the operation's real ID is kept in the model
//! (docs, `--operation` selection, tracing).

use std::collections::HashMap;

/// An operation as named by the document: its ID (when it has one), path and method.
pub(super) struct Named<'a> {
    pub(super) id: Option<&'a str>,
    pub(super) path: &'a str,
    pub(super) method: &'a str,
}

/// The name each operation's Rust items are derived from, in the order given: the ID without
/// its framework-made suffix where that applies (see the module docs), else the ID, else
/// `"<method> <path>"`.
pub(super) fn base_names(operations: &[Named<'_>]) -> Vec<String> {
    let full: Vec<String> = operations.iter().map(full_name).collect();
    let stripped: Vec<Option<&str>> = operations
        .iter()
        .map(|op| {
            op.id
                .and_then(|id| strip_route_suffix(id, op.path, op.method))
        })
        .collect();
    let with_ids = operations.iter().filter(|op| op.id.is_some()).count();
    let following = stripped.iter().filter(|s| s.is_some()).count();
    // The convention holds for the document only when most of its IDs follow it; a document
    // with one accidental match keeps its names as written.
    if with_ids < 2 || following * 2 <= with_ids {
        return full;
    }
    let mut uses: HashMap<String, usize> = HashMap::new();
    let every_name = stripped
        .iter()
        .flatten()
        .copied()
        .chain(full.iter().map(String::as_str));
    for name in every_name {
        *uses.entry(crate::naming::snake(name)).or_default() += 1;
    }
    full.into_iter()
        .zip(stripped)
        .map(|(full, stripped)| match stripped {
            Some(short) if uses.get(&crate::naming::snake(short)) == Some(&1) => short.to_owned(),
            _ => full,
        })
        .collect()
}

fn full_name(op: &Named<'_>) -> String {
    match op.id {
        Some(id) => id.to_owned(),
        None => format!("{} {}", op.method, op.path),
    }
}

/// `id` without a trailing `<path>_<method>` in FastAPI's spelling, where `<path>` is the
/// operation's path or a tail of it that starts at a `/` (a service mounted under a prefix
/// names its routes without the prefix). The longest match wins; what remains must contain a
/// letter or digit.
fn strip_route_suffix<'a>(id: &'a str, path: &str, method: &str) -> Option<&'a str> {
    let method = method.to_ascii_lowercase();
    path.char_indices()
        .filter(|&(_, c)| c == '/')
        .map(|(start, _)| format!("{}_{method}", underscored(&path[start..])))
        .find_map(|suffix| {
            let head = id.strip_suffix(suffix.as_str())?;
            head.chars().any(|c| c.is_alphanumeric()).then_some(head)
        })
}

/// Python's `re.sub(r"\W", "_", text)`: every character other than a letter, digit or `_`
/// becomes `_`.
fn underscored(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op<'a>(id: &'a str, path: &'a str, method: &'a str) -> Named<'a> {
        Named {
            id: Some(id),
            path,
            method,
        }
    }

    #[test]
    fn fastapi_suffixes_are_left_out() {
        let ops = [
            op(
                "create_flow_run_from_deployment_deployments__id__create_flow_run_post",
                "/deployments/{id}/create_flow_run",
                "post",
            ),
            op("read_flow_flows__id__get", "/flows/{id}", "get"),
            op("read_health_api_health_get", "/api/health", "get"),
        ];
        assert_eq!(
            base_names(&ops),
            [
                "create_flow_run_from_deployment",
                "read_flow",
                "read_health"
            ]
        );
    }

    #[test]
    fn a_mount_prefix_missing_from_the_id_still_matches() {
        let ops = [
            op("read_flow_flows__id__get", "/api/flows/{id}", "get"),
            op("delete_flow_flows__id__delete", "/api/flows/{id}", "delete"),
        ];
        assert_eq!(base_names(&ops), ["read_flow", "delete_flow"]);
    }

    #[test]
    fn names_that_would_collide_stay_whole() {
        let ops = [
            op("list_a_get", "/a", "get"),
            op("list_b_get", "/b", "get"),
            op("show_c_get", "/c", "get"),
            op("show", "/d", "get"),
        ];
        // `list` twice, and `show` is another operation's own ID.
        assert_eq!(
            base_names(&ops),
            ["list_a_get", "list_b_get", "show_c_get", "show"]
        );
    }

    #[test]
    fn documents_that_do_not_follow_the_convention_keep_their_ids() {
        let ops = [
            op("list_users_get", "/users", "get"), // an accidental match
            op("getUser", "/users/{id}", "get"),
            op("createUser", "/users", "post"),
        ];
        assert_eq!(
            base_names(&ops),
            ["list_users_get", "getUser", "createUser"]
        );
    }

    #[test]
    fn a_suffix_alone_is_not_a_name() {
        assert_eq!(strip_route_suffix("_items_get", "/items", "get"), None);
        assert_eq!(
            strip_route_suffix("x_items_get", "/items", "GET"),
            Some("x")
        );
    }

    #[test]
    fn operations_without_ids_are_named_by_method_and_path() {
        let ops = [Named {
            id: None,
            path: "/a",
            method: "get",
        }];
        assert_eq!(base_names(&ops), ["get /a"]);
    }
}
