//! Chains of types too deep for rustc. rustc walks a type's layout (through what it holds by
//! value) and its drop-check rules (through everything it owns: `Box`, `Option`, `Vec`, maps)
//! recursively, to the crate's `recursion_limit` (128 by default). A spec's chain of 64 schemas
//! held by value, or a ring of 100 that refer to each other, exceeds it, and the crate fails
//! with "queries overflow the depth limit" or thousands of E0320 errors.
//!
//! Both walks stop at `specforge_runtime::Indirect`, a pointer whose contents rustc's
//! drop-check does not look into. This pass puts one on every field or union variant where a
//! chain would otherwise grow past [`MAX_DEPTH`] types, and on every link inside a large cycle,
//! so that no walk from any type goes deeper than [`MAX_DEPTH`] types. Ordinary specs never
//! come near it, and keep their plain fields and `Box`es.

use super::recursion::Graph;
use crate::model::{TypeDef, TypeKind, TypeRef};

/// The most types one chain of ownership may pass through before an `Indirect` ends it. Each
/// type costs rustc one to three levels (the type, an `Option`, a `Vec`), and a caller's own
/// wrappers (`Result`, `Response`, an async fn's state) some more: 24 stays well inside 128.
pub(crate) const MAX_DEPTH: usize = 24;

/// Marks the fields and variants that need an `Indirect` (see the module docs).
pub(crate) fn cut_deep_chains(types: &mut [TypeDef]) {
    let (component, targets) = {
        let graph = Graph::new(types, owned_named);
        let targets: Vec<Vec<Option<usize>>> = types
            .iter()
            .map(|def| {
                def.kind
                    .held_types()
                    .into_iter()
                    .map(|ty| owned_named(ty).and_then(|name| graph.index.get(name).copied()))
                    .collect()
            })
            .collect();
        (graph.components(), targets)
    };
    let count = component.iter().max().map_or(0, |max| max + 1);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (ty, c) in component.iter().enumerate() {
        members[*c].push(ty);
    }
    // Components are numbered so that every edge leads to the same one or a lower one: the
    // heights of the targets are known when a component is reached.
    let mut height = vec![0usize; count];
    for (c, types_in) in members.iter().enumerate() {
        let size = types_in.len();
        // Inside a large cycle every link is cut: a walk may go round all of it.
        let cut_inside = size > MAX_DEPTH / 2;
        let own = if cut_inside { 1 } else { size };
        let mut deepest = 0;
        for &ty in types_in {
            for (slot, target) in targets[ty].iter().enumerate() {
                let Some(target) = *target else { continue };
                // An alias is expanded where it is used: its users' links are cut instead.
                let alias = matches!(types[ty].kind, TypeKind::Alias(_));
                let cut = if component[target] == c {
                    cut_inside
                } else if !alias && own + height[component[target]] > MAX_DEPTH {
                    true
                } else {
                    deepest = deepest.max(height[component[target]]);
                    false
                };
                if cut {
                    mark_indirect(&mut types[ty].kind, slot);
                }
            }
        }
        height[c] = own + deepest;
    }
}

fn mark_indirect(kind: &mut TypeKind, slot: usize) {
    match kind {
        TypeKind::Struct(fields) => {
            if let Some(field) = fields.get_mut(slot) {
                field.boxed = true;
                field.indirect = true;
            }
        }
        TypeKind::Union(union) => {
            if let Some(variant) = union.variants.get_mut(slot) {
                variant.boxed = true;
                variant.indirect = true;
            }
        }
        TypeKind::Alias(_) | TypeKind::Enum(_) | TypeKind::Const(_) => {}
    }
}

/// The named type a slot owns, through `Option`, `Vec` and maps (all of which drop it).
fn owned_named(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        TypeRef::Nullable(inner) | TypeRef::Vec(inner) | TypeRef::Map(inner) => owned_named(inner),
        _ => None,
    }
}

/// rustc's `recursion_limit` when a crate root does not declare one.
pub(crate) const DEFAULT_RECURSION_LIMIT: usize = 128;

/// How far rustc's `recursion_limit` must exceed a chain's length for the crate to *build*
/// (not only check). Decoding, encoding, cloning or comparing a value instantiates serde's and
/// std's generic helpers (`Option::deserialize`, `deserialize_struct`, `Option::clone`, …) once
/// per type of the chain, each nested in the one above, and rustc refuses a function
/// instantiated inside itself more than `recursion_limit` times: "reached the recursion limit
/// while instantiating". No pointer helps, since every level is still instantiated from the
/// one above; rings count once round. Measured (README, "Deep type graphs compile"): a chain
/// of 300 types, each holding a list of the next, needs 307 (one level per type and a few for
/// the caller's code above it); the rest of the 28 is margin for shapes not measured, and keeps
/// rustc's default at the 100 types included code was always allowed.
pub(crate) const LIMIT_MARGIN: usize = 28;

/// The longest chain a crate root with `recursion_limit` builds (100 for rustc's default).
pub(crate) fn max_chain(recursion_limit: usize) -> usize {
    recursion_limit.saturating_sub(LIMIT_MARGIN)
}

/// The `recursion_limit` a chain of `chain` types needs, when rustc's default is not enough.
pub(crate) fn recursion_limit(chain: usize) -> Option<usize> {
    let needed = chain + LIMIT_MARGIN;
    (needed > DEFAULT_RECURSION_LIMIT).then_some(needed)
}

/// A type whose chain of nested types is longer than allowed: its index and the chain.
pub(crate) struct TooDeep {
    pub(crate) ty: usize,
    pub(crate) chain: Vec<String>,
}

/// The chains of nested types of a spec's types, by strongly connected component.
pub(crate) struct Chains {
    members: Vec<Vec<usize>>,
    /// The longest chain from each component (a cycle counts all its types once) …
    height: Vec<usize>,
    /// … and the component it continues into.
    next: Vec<Option<usize>>,
}

impl Chains {
    pub(crate) fn new(types: &[TypeDef]) -> Chains {
        let graph = Graph::new(types, owned_named);
        let component = graph.components();
        let count = component.iter().max().map_or(0, |max| max + 1);
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); count];
        for (ty, c) in component.iter().enumerate() {
            members[*c].push(ty);
        }
        let targets = |ty: usize| -> Vec<usize> {
            types[ty]
                .kind
                .held_types()
                .into_iter()
                .filter_map(|t| owned_named(t).and_then(|name| graph.index.get(name).copied()))
                .collect()
        };
        let mut height = vec![0usize; count];
        let mut next: Vec<Option<usize>> = vec![None; count];
        for (c, types_in) in members.iter().enumerate() {
            let mut deepest: Option<usize> = None;
            for &ty in types_in {
                for target in targets(ty) {
                    let t = component[target];
                    if t != c && deepest.is_none_or(|d| height[t] > height[d]) {
                        deepest = Some(t);
                    }
                }
            }
            // An alias is the type it names: no level of its own.
            let own = types_in
                .iter()
                .filter(|&&t| !matches!(types[t].kind, TypeKind::Alias(_)))
                .count();
            height[c] = own + deepest.map_or(0, |d| height[d]);
            next[c] = deepest;
        }
        Chains {
            members,
            height,
            next,
        }
    }

    /// The most types any chain passes through.
    pub(crate) fn longest(&self) -> usize {
        self.height.iter().copied().max().unwrap_or(0)
    }

    /// The types where a chain first grows past `max` (each one's nested types are all
    /// shorter; whatever holds it is longer).
    pub(crate) fn too_deep(&self, types: &[TypeDef], max: usize) -> Vec<TooDeep> {
        let mut found = Vec::new();
        for (c, types_in) in self.members.iter().enumerate() {
            let below = self.next[c].map_or(0, |d| self.height[d]);
            if self.height[c] <= max || below > max {
                continue;
            }
            let mut chain = Vec::new();
            let mut at = Some(c);
            while let Some(c) = at {
                chain.extend(
                    self.members[c]
                        .iter()
                        .filter(|&&t| !matches!(types[t].kind, TypeKind::Alias(_)))
                        .map(|&t| types[t].rust_name.clone()),
                );
                at = self.next[c];
            }
            found.push(TooDeep {
                ty: types_in[0],
                chain,
            });
        }
        found
    }
}

/// How a chain is named in an error: its first three types, the last, and its length.
pub(crate) fn describe(chain: &[String]) -> String {
    let shown: Vec<String> = chain.iter().take(3).map(|n| format!("`{n}`")).collect();
    let last = chain
        .last()
        .map(|n| format!(" → … → `{n}`"))
        .unwrap_or_default();
    format!("{}{last} ({} types)", shown.join(" → "), chain.len())
}
