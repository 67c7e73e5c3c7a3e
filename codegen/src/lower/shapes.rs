//! Structurally identical inline schemas share one type. Specs without components (Hetzner's
//! has none) repeat the same inline object or enum under every operation that returns it; each
//! copy would otherwise be its own type (`ServerStatus`, `ServerStatus2`, …), which callers
//! cannot pass from one operation to another.
//!
//! Lowering is bottom-up for shapes: a type's fields and variants name the types of its parts,
//! which were shared already, so comparing one level (the [`TypeKind`]) compares the whole
//! tree. Component schemas are never merged: their names are the spec's own.
//!
//! A shared type is first named after its first use (`GetServersResponseServersItemStatus`);
//! once everything is lowered, [`name_shared`] gives it the name its uses agree on (see
//! [`shared_name`]), so the result is the same on every run and never takes a name in use.

use std::collections::HashMap;

use indexmap::IndexMap;

use super::schema::{hint_name, NameHint};
use super::Lowerer;
use crate::model::{BodyKind, Operation, PartKind, ResponseKind, TypeDef, TypeRef};
use crate::naming::{self, Scope};

/// Inline types defined so far, by shape: the text of their kind → (index in the lowerer's
/// types, name). The index is checked on use, since a failed schema's types are truncated.
#[derive(Debug, Default)]
pub(crate) struct Shapes {
    seen: HashMap<String, (usize, String)>,
    /// What each inline type's uses would have called it, by the type's name: the schema's
    /// `title` and the name each use made from its context, without the operation's prefix.
    uses: IndexMap<String, Uses>,
    /// The current operation's type name prefix (`GetServers`), empty outside operations.
    pub(crate) context: String,
}

#[derive(Debug, Default)]
struct Uses {
    title: Option<String>,
    tails: Vec<Vec<String>>,
}

/// The shape of a type: everything but its name and the schema's own description (the parts'
/// descriptions are part of it, so differently documented fields stay apart).
fn shape(def: &TypeDef) -> String {
    format!("{:?}", def.kind)
}

impl Lowerer<'_> {
    /// Completes the type just defined at `slot` (the last one, or followed by its parts): for an inline schema whose
    /// shape is already defined, removes it, frees its name and returns the earlier type's name.
    pub(crate) fn share_shape(
        &mut self,
        slot: usize,
        hint: NameHint<'_>,
        title: Option<&str>,
    ) -> String {
        let own = self.types[slot].rust_name.clone();
        if !matches!(hint, NameHint::Inline(_)) {
            return own;
        }
        let key = shape(&self.types[slot]);
        let tail = tail_words(hint_name(&hint), &self.shapes.context);
        // A type followed by new types of its own (its parts) names them, so it cannot equal
        // an earlier one; it is only recorded.
        let last = slot + 1 == self.types.len();
        if let Some((index, name)) = self.shapes.seen.get(&key) {
            let alive = self.types.get(*index).is_some_and(|t| &t.rust_name == name);
            if alive && last && *index != slot {
                let name = name.clone();
                self.types.truncate(slot);
                self.type_names.release(&own);
                let uses = self.shapes.uses.entry(name.clone()).or_default();
                uses.tails.push(tail);
                if uses.title.as_deref() != title {
                    // Uses titled differently agree on no title.
                    uses.title = None;
                }
                return name;
            }
        }
        self.shapes.seen.insert(key, (slot, own.clone()));
        self.shapes.uses.insert(
            own.clone(),
            Uses {
                title: title.map(naming::pascal),
                tails: vec![tail],
            },
        );
        own
    }
}

/// Renames every inline type used in more than one place to the first free name of its
/// `title` and [`shared_name`] of its uses; `types` and `operations` follow. Returns the old
/// names' new ones.
pub(super) fn name_shared(
    shapes: &Shapes,
    types: &mut [TypeDef],
    operations: &mut [Operation],
    names: &mut Scope,
) -> HashMap<String, String> {
    let defined: std::collections::HashSet<&str> =
        types.iter().map(|t| t.rust_name.as_str()).collect();
    let mut renamed: HashMap<String, String> = HashMap::new();
    // The most used types choose first (Hetzner's server, used by every server operation,
    // gets `Server` before a load balancer target's `{server: {id}}`); then document order.
    let mut shared: Vec<(&String, &Uses)> = shapes
        .uses
        .iter()
        .filter(|(name, uses)| uses.tails.len() > 1 && defined.contains(name.as_str()))
        .collect();
    shared.sort_by_key(|(_, uses)| std::cmp::Reverse(uses.tails.len()));
    for (name, uses) in shared {
        let title = uses.title.clone().filter(|t| says_more(t, &uses.tails));
        let wanted = title.into_iter().chain(shared_name(&uses.tails));
        for candidate in wanted {
            if candidate == *name {
                break;
            }
            if names.take(&candidate) {
                names.release(name);
                renamed.insert(name.clone(), candidate);
                break;
            }
        }
    }
    if renamed.is_empty() {
        return renamed;
    }
    for def in types.iter_mut() {
        if let Some(new) = renamed.get(&def.rust_name) {
            def.rust_name = new.clone();
        }
        match &mut def.kind {
            crate::model::TypeKind::Struct(fields) => {
                fields.iter_mut().for_each(|f| rename(&mut f.ty, &renamed))
            }
            crate::model::TypeKind::Alias(target) => rename(target, &renamed),
            crate::model::TypeKind::Union(union) => union
                .variants
                .iter_mut()
                .for_each(|v| rename(&mut v.ty, &renamed)),
            crate::model::TypeKind::Enum(_) | crate::model::TypeKind::Const(_) => {}
        }
    }
    for op in operations {
        rename_in_operation(op, &renamed);
    }
    renamed
}

/// Whether a `title` says more than the property names its uses end with: pydantic titles
/// every property with its own name (`value: {title: Value}`), which would name a type shared
/// by `Variable.value` and `VariableCreate.value` just `Value`.
fn says_more(title: &str, tails: &[Vec<String>]) -> bool {
    let words = pascal_words(title);
    !tails
        .iter()
        .filter(|t| !t.is_empty())
        .all(|t| t.ends_with(&words))
}

/// Every type an operation names: parameters, body and its parts, responses (every outcome
/// and the stream twin), error bodies and page items.
fn rename_in_operation(op: &mut Operation, renamed: &HashMap<String, String>) {
    op.params
        .iter_mut()
        .for_each(|p| rename(&mut p.ty, renamed));
    match op.body.as_mut().map(|b| &mut b.kind) {
        Some(BodyKind::Json(ty) | BodyKind::Form(ty)) => rename(ty, renamed),
        Some(BodyKind::Multipart(multipart)) => {
            for field in &mut multipart.fields {
                if let PartKind::Text(ty) | PartKind::Json(ty) = &mut field.part {
                    rename(ty, renamed);
                }
            }
        }
        Some(BodyKind::MultipartParts | BodyKind::Text | BodyKind::Binary) | None => {}
    }
    rename_in_response(&mut op.response, renamed);
    if let Some(stream) = &mut op.stream {
        rename_in_response(&mut stream.response, renamed);
    }
    op.errors
        .iter_mut()
        .filter_map(|e| e.body.as_mut())
        .for_each(|ty| rename(ty, renamed));
    if let Some(pagination) = &mut op.pagination {
        rename(&mut pagination.item_ty, renamed);
    }
}

fn rename_in_response(response: &mut ResponseKind, renamed: &HashMap<String, String>) {
    match response {
        ResponseKind::Json(ty) | ResponseKind::Events(Some(ty)) => rename(ty, renamed),
        ResponseKind::Several(outcomes) => outcomes
            .variants
            .iter_mut()
            .for_each(|v| rename_in_response(&mut v.body, renamed)),
        ResponseKind::Events(None)
        | ResponseKind::Text
        | ResponseKind::Bytes
        | ResponseKind::Empty => {}
    }
}

fn rename(ty: &mut TypeRef, renamed: &HashMap<String, String>) {
    match ty {
        TypeRef::Named(name) => {
            if let Some(new) = renamed.get(name) {
                *name = new.clone();
            }
        }
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            rename(inner, renamed)
        }
        _ => {}
    }
}

/// The words of the name a use made for an inline type, without what only says where in the
/// operation it is: the operation's prefix, `RequestBody`, `Response` (and its status),
/// `StreamEvent`, `Multipart`; a list's `…sItem` becomes the singular (`ServersItemStatus` →
/// `ServerStatus`). Empty when nothing else is left (the items of a list response).
fn tail_words(hint: &str, context: &str) -> Vec<String> {
    let pascal = naming::pascal(hint);
    let mut rest = pascal.as_str();
    if !context.is_empty() {
        rest = rest.strip_prefix(context).unwrap_or(rest);
    }
    for marker in ["RequestBody", "StreamEvent", "Response", "Multipart"] {
        if let Some(after) = rest.strip_prefix(marker) {
            rest = after.trim_start_matches(|c: char| c.is_ascii_digit());
            break;
        }
    }
    let mut words: Vec<String> = Vec::new();
    for word in pascal_words(rest) {
        if word == "Item" {
            if let Some(last) = words.last_mut() {
                *last = singular(last);
            }
            continue;
        }
        words.push(word);
    }
    words
}

/// `ServersItem` → `Server`, `PoliciesItem` → `Policy`, `AddressesItem` → `Address`: the one
/// of a list, as people say it. Words that only look plural (`Status`, `Access`) stay.
fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for ending in ["sses", "shes", "ches", "xes"] {
        if let Some(stem) = word.strip_suffix(ending) {
            return format!("{stem}{}", &ending[..ending.len() - 2]);
        }
    }
    match word.strip_suffix('s') {
        Some(stem) if !stem.is_empty() && !stem.ends_with(['s', 'u', 'i']) => stem.to_owned(),
        _ => word.to_owned(),
    }
}

/// The words of a PascalCase name (`PublicNetIpv4` → `Public`, `Net`, `Ipv4`).
fn pascal_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for c in name.chars() {
        match words.last_mut() {
            Some(word) if !c.is_ascii_uppercase() => word.push(c),
            _ => words.push(c.to_string()),
        }
    }
    words
}

/// The names a person would give a type its uses call by `tails`, best first: the words they
/// all end with, when that says more than a bare property name (`ServerTypeCpuType` for
/// `ServerTypeCpuType` and `ServerServerTypeCpuType`) or is all they say (`Sort` for every
/// operation's `sort` parameter); else the name most uses give it (`ServerStatus` for the
/// server lists and single servers, over a `status` filter's bare `Status`); on a tie, the
/// first that says whose it is (`PetStatus` over `Status`). Then the others, most used first.
fn shared_name(tails: &[Vec<String>]) -> Vec<String> {
    let mut counts: IndexMap<&[String], usize> = IndexMap::new();
    for tail in tails.iter().filter(|t| !t.is_empty()) {
        *counts.entry(tail.as_slice()).or_default() += 1;
    }
    let Some(top) = counts.values().copied().max() else {
        return Vec::new();
    };
    let all: Vec<&[String]> = counts.keys().copied().collect();
    let common = common_suffix(&all);
    let mut ranked: Vec<Vec<String>> = Vec::new();
    if common.len() > 1 || all.len() == 1 {
        ranked.push(common);
    }
    let tied: Vec<&[String]> = counts
        .iter()
        .filter(|(_, n)| **n == top)
        .map(|(t, _)| *t)
        .collect();
    if let [only] = tied.as_slice() {
        ranked.push(only.to_vec());
    }
    ranked.extend(tied.iter().filter(|t| t.len() > 1).map(|t| t.to_vec()));
    let mut by_count: Vec<(&[String], usize)> = counts.into_iter().collect();
    by_count.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    ranked.extend(by_count.into_iter().map(|(t, _)| t.to_vec()));
    let mut names: Vec<String> = Vec::new();
    for words in ranked {
        // A repeat said once (`LoadBalancerLoadBalancerType` → `LoadBalancerType`) reads
        // better, when that name is free.
        for name in [collapse_repeats(&words), words].map(|w| naming::pascal(&w.concat())) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

/// `words` with a run of one to three words that repeats right after itself said once.
fn collapse_repeats(words: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    for word in words {
        out.push(word.clone());
        for run in 1..=3 {
            let n = out.len();
            if n >= 2 * run && out[n - 2 * run..n - run] == out[n - run..] {
                out.truncate(n - run);
                break;
            }
        }
    }
    out
}

/// The words every tail ends with.
fn common_suffix(tails: &[&[String]]) -> Vec<String> {
    let Some(first) = tails.first() else {
        return Vec::new();
    };
    let mut len = 0;
    while len < first.len()
        && tails
            .iter()
            .all(|t| t.len() > len && t[t.len() - 1 - len] == first[first.len() - 1 - len])
    {
        len += 1;
    }
    first[first.len() - len..].to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(name: &str) -> Vec<String> {
        pascal_words(name)
    }

    #[test]
    fn tails_drop_the_operation_and_where_in_it() {
        assert_eq!(
            tail_words("GetServersResponseServersItemStatus", "GetServers"),
            words("ServerStatus")
        );
        assert_eq!(
            tail_words("PostServersResponse201ServerStatus", "PostServers"),
            words("ServerStatus")
        );
        assert_eq!(
            tail_words("ListPoliciesResponseItem", "ListPolicies"),
            Vec::<String>::new()
        );
        assert_eq!(tail_words("PetStatus", ""), words("PetStatus"));
        assert_eq!(
            tail_words("GetPoliciesResponsePoliciesItem", "GetPolicies"),
            words("Policy")
        );
    }

    #[test]
    fn a_title_that_only_repeats_the_property_is_no_name() {
        let tails = [words("VariableValue"), words("VariableCreateValue")];
        assert!(!says_more("Value", &tails));
        assert!(says_more("ParameterSort", &[words("Sort"), words("Sort")]));
    }

    #[test]
    fn lists_name_their_items_in_the_singular() {
        let singulars: Vec<String> = [
            "Servers",
            "Policies",
            "Addresses",
            "Status",
            "Access",
            "Ips",
        ]
        .map(singular)
        .into();
        assert_eq!(
            singulars,
            ["Server", "Policy", "Address", "Status", "Access", "Ip"]
        );
    }

    #[test]
    fn the_words_every_use_ends_with_win_when_they_say_more_than_a_property() {
        let tails = [words("ServerTypeCpuType"), words("ServerServerTypeCpuType")];
        assert_eq!(shared_name(&tails)[0], "ServerTypeCpuType");
        assert_eq!(shared_name(&[words("Sort"), words("Sort")]), ["Sort"]);
    }

    #[test]
    fn a_repeat_is_said_once_when_that_name_is_free() {
        let tails = [
            words("LoadBalancerLoadBalancerTypePrice"),
            words("LoadBalancerLoadBalancerTypePrice"),
        ];
        assert_eq!(
            shared_name(&tails),
            ["LoadBalancerTypePrice", "LoadBalancerLoadBalancerTypePrice"]
        );
        assert_eq!(
            collapse_repeats(&words("ItemsValueValue")),
            words("ItemsValue")
        );
    }

    #[test]
    fn else_the_name_most_uses_give() {
        let tails = [
            words("ServerStatus"),
            words("Status"),
            words("ServerStatus"),
        ];
        assert_eq!(shared_name(&tails), ["ServerStatus", "Status"]);
    }

    #[test]
    fn on_a_tie_the_first_that_says_whose_it_is() {
        assert_eq!(
            shared_name(&[words("Status"), words("PetStatus")])[0],
            "PetStatus"
        );
        assert_eq!(
            shared_name(&[words("DrawingKind"), words("PhotoKind")])[0],
            "DrawingKind"
        );
        assert!(shared_name(&[Vec::new(), Vec::new()]).is_empty());
    }
}
