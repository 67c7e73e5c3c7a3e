//! Keeps only the operations a caller asked for (by tag or operation ID) and the types they
//! reach: a client for a few endpoints of a large API then compiles in proportion to them.
//! A whole client also leaves out the component types nothing reaches (but keeps webhook
//! payloads), unless asked to keep them.
//!
//! It works on the lowered [`Api`], so names stay what they would be in the full client (a
//! method or type never changes name because the selection changed).

use std::collections::BTreeSet;

use crate::error::Error;
use crate::model::{Api, ApiReach, Operation, TypeIndex, TypeRef};

/// Which operations to generate: those with any of `tags` or any of `operations` (IDs).
/// Both empty means every operation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Selection {
    pub(crate) tags: Vec<String>,
    pub(crate) operations: Vec<String>,
    /// Keep every component type, reached or not (a whole client only).
    pub(crate) keep_unreachable_types: bool,
}

impl Selection {
    fn keeps(&self, op: &Operation) -> bool {
        self.operations.contains(&op.api_id) || op.tags.iter().any(|t| self.tags.contains(t))
    }

    fn is_everything(&self) -> bool {
        self.tags.is_empty() && self.operations.is_empty()
    }
}

/// Drops the operations `selection` does not keep, then every type, and every client setting,
/// that no kept operation uses. A whole client keeps every operation and setting, and the
/// types its operations and its webhooks reach (all of them with
/// [`Selection::keep_unreachable_types`]).
///
/// # Errors
/// [`Error::Setting`] when a tag or operation ID is not in the spec, naming the closest ones.
pub(crate) fn select(api: &mut Api, selection: &Selection) -> Result<(), Error> {
    if selection.is_everything() {
        // A document of models alone (no paths: webhooks or components only) is kept whole:
        // nothing reaches its types, yet they are what the user generates it for.
        let models_only =
            api.operations.is_empty() && api.omitted.iter().all(|o| o.operation_id.is_none());
        if !selection.keep_unreachable_types && !models_only {
            drop_unreachable_types(api, true);
        }
        return Ok(());
    }
    let left_out = || api.omitted.iter();
    let tags = api.operations.iter().flat_map(|op| &op.tags);
    check_known(
        "tag",
        &selection.tags,
        tags.chain(left_out().flat_map(|o| &o.tags)),
    )?;
    let ids = api.operations.iter().map(|op| &op.api_id);
    let left_out_ids = left_out().filter_map(|o| o.operation_id.as_ref());
    check_known(
        "operation ID",
        &selection.operations,
        ids.chain(left_out_ids),
    )?;
    // An operation asked for by ID cannot quietly be missing from the result.
    if let Some(asked) = left_out().find(|o| {
        o.operation_id
            .as_ref()
            .is_some_and(|id| selection.operations.contains(id))
    }) {
        return Err(asked.clone().into_error());
    }

    api.operations.retain(|op| selection.keeps(op));
    // Only what the selection would have had is worth a warning.
    api.omitted
        .retain(|o| o.tags.iter().any(|t| selection.tags.contains(t)));
    drop_unreachable_types(api, false);
    let used_settings: BTreeSet<&String> = api
        .operations
        .iter()
        .flat_map(|op| &op.params)
        .filter_map(|p| p.client_param.as_ref())
        .collect();
    api.client_params
        .retain(|setting| used_settings.contains(&setting.rust_name));
    Ok(())
}

/// Keeps only the types the operations reach, and with `webhooks` those the webhook payloads
/// reach.
fn drop_unreachable_types(api: &mut Api, webhooks: bool) {
    let index = TypeIndex::new(&api.types);
    let mut used = ApiReach::new(api, &index).used;
    if webhooks {
        let roots: Vec<TypeRef> = api
            .webhook_types
            .iter()
            .cloned()
            .map(TypeRef::Named)
            .collect();
        used.extend(index.reachable(&roots));
    }
    api.types.retain(|t| used.contains(t.rust_name.as_str()));
    api.webhook_types
        .retain(|name| webhooks && used.contains(name.as_str()));
}

/// Fails on the first name in `asked` that is not among `known`, listing what exists.
fn check_known<'a>(
    what: &str,
    asked: &[String],
    known: impl Iterator<Item = &'a String>,
) -> Result<(), Error> {
    let known: BTreeSet<&str> = known.map(String::as_str).collect();
    match asked.iter().find(|name| !known.contains(name.as_str())) {
        None => Ok(()),
        Some(unknown) => Err(Error::Setting(unknown_message(what, unknown, &known))),
    }
}

/// How many names an error lists in full; beyond this it lists only the closest.
const LIST_ALL_UP_TO: usize = 12;
/// How many of the closest names an error lists for a large spec.
const CLOSEST: usize = 5;

pub(crate) fn unknown_message(what: &str, unknown: &str, known: &BTreeSet<&str>) -> String {
    if known.is_empty() {
        return format!("unknown {what} {unknown:?}: the spec's operations have no {what}s");
    }
    let ranked = closest(unknown, known);
    let mut message = format!("unknown {what} {unknown:?}");
    match ranked.first() {
        Some((best, score)) if *score >= 0.6 => {
            message.push_str(&format!("; did you mean {best:?}?"));
        }
        _ => message.push('.'),
    }
    let quoted = |names: &mut dyn Iterator<Item = &str>| {
        names
            .map(|n| format!("{n:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if known.len() <= LIST_ALL_UP_TO {
        let all = quoted(&mut known.iter().copied());
        message.push_str(&format!(" The spec's {what}s: {all}"));
    } else {
        let near = quoted(&mut ranked.iter().take(CLOSEST).map(|(n, _)| *n));
        let count = known.len();
        message.push_str(&format!(
            " The closest of the spec's {count} {what}s: {near}"
        ));
    }
    message
}

/// `known`, most similar to `name` first (case-insensitive; containing it counts as close).
fn closest<'a>(name: &str, known: &BTreeSet<&'a str>) -> Vec<(&'a str, f64)> {
    let name = name.to_lowercase();
    let mut ranked: Vec<(&str, f64)> = known
        .iter()
        .map(|candidate| {
            let lower = candidate.to_lowercase();
            let score = match lower.contains(&name) || name.contains(&lower) {
                true => 1.0,
                false => strsim::normalized_damerau_levenshtein(&name, &lower),
            };
            (*candidate, score)
        })
        .collect();
    // Stable sort: equal scores stay in name order, so messages are deterministic.
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&'static str]) -> BTreeSet<&'static str> {
        list.iter().copied().collect()
    }

    #[test]
    fn a_near_miss_is_suggested_and_all_names_are_listed() {
        let message = unknown_message("tag", "pest", &names(&["pet", "store", "user"]));
        assert_eq!(
            message,
            r#"unknown tag "pest"; did you mean "pet"? The spec's tags: "pet", "store", "user""#
        );
    }

    #[test]
    fn a_large_spec_lists_only_the_closest_names() {
        let many: Vec<String> = (0..40).map(|i| format!("op{i:02}")).collect();
        let known: BTreeSet<&str> = many
            .iter()
            .map(String::as_str)
            .chain(["repos/get"])
            .collect();
        let message = unknown_message("operation ID", "repos/gte", &known);
        assert!(
            message.starts_with(r#"unknown operation ID "repos/gte"; did you mean "repos/get"? The closest of the spec's 41 operation IDs: "repos/get", "#),
            "{message}"
        );
        assert_eq!(message.matches(", ").count(), CLOSEST - 1, "{message}");
    }

    #[test]
    fn nothing_close_is_not_suggested() {
        let message = unknown_message("tag", "zzz", &names(&["pet", "store"]));
        assert_eq!(
            message,
            r#"unknown tag "zzz". The spec's tags: "pet", "store""#
        );
    }

    #[test]
    fn no_tags_at_all_says_so() {
        let message = unknown_message("tag", "pets", &BTreeSet::new());
        assert_eq!(
            message,
            r#"unknown tag "pets": the spec's operations have no tags"#
        );
    }
}
