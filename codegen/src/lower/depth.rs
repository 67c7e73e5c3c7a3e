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
