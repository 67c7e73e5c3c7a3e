//! Recursive types: a struct that contains itself (directly or through other structs) needs a
//! `Box`, and type aliases may not refer to themselves at all.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{Error, Pointer, SpecError};
use crate::model::{TypeDef, TypeKind, TypeRef};

/// Boxes every struct field whose type leads back to the struct without passing through a
/// `Vec` or map (those already allocate, so they break the infinite size).
pub(crate) fn box_recursive_fields(types: &mut [TypeDef]) {
    let edges = inline_edges(types);
    for def in types.iter_mut() {
        let owner = def.rust_name.clone();
        if let TypeKind::Struct(fields) = &mut def.kind {
            for field in fields {
                if let Some(target) = inline_named(&field.ty) {
                    field.boxed = target == owner || reaches(&edges, target, &owner);
                }
            }
        }
    }
}

/// Type aliases are expanded by the compiler, so a cycle through aliases alone cannot compile.
pub(crate) fn reject_alias_cycles(types: &[TypeDef]) -> Result<(), Error> {
    let aliases: BTreeMap<&str, Vec<&str>> = types
        .iter()
        .filter_map(|def| match &def.kind {
            TypeKind::Alias(ty) => Some((def.rust_name.as_str(), all_named(ty))),
            _ => None,
        })
        .collect();
    for def in types {
        if !aliases.contains_key(def.rust_name.as_str()) {
            continue;
        }
        let mut seen = BTreeSet::new();
        let mut stack = aliases[def.rust_name.as_str()].clone();
        while let Some(next) = stack.pop() {
            if next == def.rust_name {
                return Err(SpecError::invalid(
                    Pointer::root().push("components").push("schemas").push(&def.api_name),
                    format!("schema `{}` is a reference cycle: it refers back to itself through references alone", def.api_name),
                ));
            }
            if seen.insert(next) {
                stack.extend(aliases.get(next).into_iter().flatten());
            }
        }
    }
    Ok(())
}

/// For each type, the named types it holds inline (not behind a `Vec` or map).
fn inline_edges(types: &[TypeDef]) -> BTreeMap<String, Vec<String>> {
    types
        .iter()
        .map(|def| {
            let targets = match &def.kind {
                TypeKind::Struct(fields) => fields
                    .iter()
                    .filter_map(|f| inline_named(&f.ty))
                    .map(str::to_owned)
                    .collect(),
                TypeKind::Alias(ty) => inline_named(ty).map(str::to_owned).into_iter().collect(),
                TypeKind::Enum(_) => Vec::new(),
            };
            (def.rust_name.clone(), targets)
        })
        .collect()
}

fn reaches(edges: &BTreeMap<String, Vec<String>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from];
    while let Some(current) = stack.pop() {
        if current == to {
            return true;
        }
        if seen.insert(current) {
            stack.extend(edges.get(current).into_iter().flatten().map(String::as_str));
        }
    }
    false
}

fn inline_named(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        TypeRef::Nullable(inner) => inline_named(inner),
        _ => None,
    }
}

fn all_named(ty: &TypeRef) -> Vec<&str> {
    match ty {
        TypeRef::Named(name) => vec![name.as_str()],
        TypeRef::Nullable(inner) | TypeRef::Vec(inner) | TypeRef::Map(inner) => all_named(inner),
        _ => Vec::new(),
    }
}
