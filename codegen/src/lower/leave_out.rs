//! Partial generation: what cannot be expressed is left out, and so is everything that uses it.
//!
//! A component schema the generator cannot lower is recorded as [`Failed`]; then every type
//! that mentions it (through any chain of types) goes too, and so does every operation that
//! uses one of those types. Each loss becomes an [`Omission`] that says what caused it, so the
//! generated code compiles and its docs list what is missing.

use std::collections::HashMap;

use crate::error::{Error, Omission, SpecError};
use crate::model::{Operation, TypeDef, TypeRef};

/// A component schema that could not be lowered.
pub(crate) struct Failed {
    pub(crate) api_name: String,
    pub(crate) rust_name: String,
    pub(crate) error: Error,
}

/// Removes the types that reach a failed one and the operations that use any of them;
/// returns an omission for each failed schema, each component that depended on one, and each
/// operation lost.
pub(super) fn drop_unusable(
    operations: &mut Vec<Operation>,
    types: &mut Vec<TypeDef>,
    failed: Vec<Failed>,
    components: &indexmap::IndexMap<String, String>,
) -> Vec<Omission> {
    if failed.is_empty() {
        return Vec::new();
    }
    let causes: Vec<SpecError> = failed
        .iter()
        .map(|f| match f.error.clone_spec() {
            Some(spec) => spec,
            None => SpecError {
                kind: crate::error::SpecErrorKind::Unsupported,
                file: None,
                line_column: None,
                pointer: format!("/components/schemas/{}", f.api_name),
                message: f.error.to_string(),
            },
        })
        .collect();
    // Rust type name → the index of the failed schema it depends on.
    let mut broken: HashMap<String, usize> = failed
        .iter()
        .enumerate()
        .map(|(i, f)| (f.rust_name.clone(), i))
        .collect();
    spread(types, &mut broken);
    let mut omitted: Vec<Omission> = failed
        .iter()
        .zip(&causes)
        .map(|(f, cause)| Omission::schema(&f.api_name, cause.clone()))
        .collect();
    let api_names: HashMap<&String, &String> = components.iter().map(|(a, r)| (r, a)).collect();
    for def in types.iter() {
        let Some(&root) = broken.get(&def.rust_name) else {
            continue;
        };
        if let Some(api_name) = api_names.get(&def.rust_name) {
            omitted.push(Omission::schema(
                api_name,
                uses(&failed[root], &causes[root]),
            ));
        }
    }
    types.retain(|def| !broken.contains_key(&def.rust_name));
    operations.retain(|op| {
        let Some(root) = crate::model::operation_types(op)
            .into_iter()
            .find_map(|ty| first_broken(ty, &broken))
        else {
            return true;
        };
        omitted.push(Omission::operation(
            Some(&op.api_id),
            &op.method.to_ascii_lowercase(),
            &op.path_template,
            op.tags.clone(),
            uses(&failed[root], &causes[root]),
        ));
        false
    });
    omitted
}

/// Marks every type that mentions a broken type as broken, until nothing changes.
fn spread(types: &[TypeDef], broken: &mut HashMap<String, usize>) {
    loop {
        let newly: Vec<(String, usize)> = types
            .iter()
            .filter(|def| !broken.contains_key(&def.rust_name))
            .filter_map(|def| {
                let root = def
                    .kind
                    .held_types()
                    .into_iter()
                    .find_map(|ty| first_broken(ty, broken))?;
                Some((def.rust_name.clone(), root))
            })
            .collect();
        if newly.is_empty() {
            return;
        }
        broken.extend(newly);
    }
}

/// The failed schema `ty` leads to, if any.
fn first_broken(ty: &TypeRef, broken: &HashMap<String, usize>) -> Option<usize> {
    match ty {
        TypeRef::Named(name) => broken.get(name).copied(),
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            first_broken(inner, broken)
        }
        _ => None,
    }
}

/// The cause of a loss that comes from using `failed`: its problem, at its node.
fn uses(failed: &Failed, cause: &SpecError) -> SpecError {
    SpecError {
        message: format!(
            "it uses schema `{}`, which cannot be generated: {}",
            failed.api_name, cause.message
        ),
        ..cause.clone()
    }
}
