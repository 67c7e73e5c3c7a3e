//! Uses of components that admit `null`. A component's `nullable: true` (or its `null` member)
//! says that wherever it is used, `null` is a value; the component's own type does not hold
//! `null` (so it reads like any other type), its uses do: a field becomes nullable (an
//! `Option`, or three-state `Nullable` when also optional), a list item or map value an
//! `Option`. Applied once every component is lowered, since a use may precede the definition.
//!
//! Fields whose type is any JSON value (through aliases) are marked here too: `null` is one of
//! their values, which an optional field must not confuse with "absent".

use std::collections::{BTreeSet, HashMap};

use crate::model::{TypeDef, TypeKind, TypeRef};

/// How many aliases deep a type is followed (cycles are reported later, by the recursion pass).
const MAX_ALIAS_DEPTH: usize = 32;

pub(super) fn apply(types: &mut [TypeDef], nullable: &mut BTreeSet<String>) {
    let aliases: HashMap<String, TypeRef> = types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Alias(target) => Some((t.rust_name.clone(), target.clone())),
            _ => None,
        })
        .collect();
    // An alias of a nullable component (`A: {$ref: B}`) admits `null` as B does: its uses are
    // `Option`s, not the alias (an optional field of it would be `Option<Option<B>>`).
    while let Some(alias) = aliases
        .iter()
        .find(|(name, target)| !nullable.contains(*name) && is_nullable_use(target, nullable))
        .map(|(name, _)| name.clone())
    {
        nullable.insert(alias);
    }
    for def in types.iter_mut() {
        match &mut def.kind {
            TypeKind::Struct(fields) => {
                for field in fields.iter_mut().filter(|f| !f.flatten) {
                    if is_nullable_use(&field.ty, nullable) {
                        field.nullable = true;
                    } else {
                        wrap_inner(&mut field.ty, nullable);
                    }
                    field.any_value = is_any(&field.ty, &aliases, 0);
                }
            }
            TypeKind::Alias(target) => wrap_inner(target, nullable),
            // A union's members stay as they are: a `null` is kept by a nullable union.
            TypeKind::Union(_) | TypeKind::Enum(_) | TypeKind::Const(_) => {}
        }
    }
}

fn is_nullable_use(ty: &TypeRef, nullable: &BTreeSet<String>) -> bool {
    matches!(ty, TypeRef::Named(name) if nullable.contains(name))
}

/// `ty` itself and the types nested in it.
fn wrap(ty: &mut TypeRef, nullable: &BTreeSet<String>) {
    if is_nullable_use(ty, nullable) {
        *ty = ty.clone().nullable();
    } else {
        wrap_inner(ty, nullable);
    }
}

/// The types nested in `ty` (list items, map values), not `ty` itself.
fn wrap_inner(ty: &mut TypeRef, nullable: &BTreeSet<String>) {
    match ty {
        TypeRef::Vec(inner) | TypeRef::Map(inner) => wrap(inner, nullable),
        // Already an `Option`: only what it holds may need one.
        TypeRef::Nullable(inner) => wrap_inner(inner, nullable),
        _ => {}
    }
}

/// Whether `ty` is any JSON value, directly or through aliases.
fn is_any(ty: &TypeRef, aliases: &HashMap<String, TypeRef>, depth: usize) -> bool {
    match ty {
        TypeRef::Json => true,
        TypeRef::Named(name) if depth < MAX_ALIAS_DEPTH => aliases
            .get(name)
            .is_some_and(|target| is_any(target, aliases, depth + 1)),
        _ => false,
    }
}
