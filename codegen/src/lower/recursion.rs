//! Recursive types: a struct that contains itself (directly or through other structs) needs a
//! `Box`, and type aliases may not refer to themselves at all. Both are found with one pass
//! over the type graph (strongly connected components), so thousands of types stay fast.

use std::collections::HashMap;

use crate::error::{Error, Pointer, SpecError};
use crate::model::{TypeDef, TypeKind, TypeRef};

/// Boxes every struct field and union variant whose type leads back to its owner without
/// passing through a `Vec` or map (those already allocate, so they break the infinite size).
pub(crate) fn box_recursive_fields(types: &mut [TypeDef]) {
    let (component, slot_targets) = {
        let graph = Graph::new(types, inline_named);
        let targets: Vec<Vec<Option<usize>>> = types
            .iter()
            .map(|def| match &def.kind {
                TypeKind::Struct(_) | TypeKind::Union(_) => def
                    .kind
                    .held_types()
                    .into_iter()
                    .map(|ty| inline_named(ty).and_then(|name| graph.index.get(name).copied()))
                    .collect(),
                _ => Vec::new(),
            })
            .collect();
        (graph.components(), targets)
    };
    for (owner, def) in types.iter_mut().enumerate() {
        let on_cycle = |target: &Option<usize>| {
            target.is_some_and(|t| t == owner || component[t] == component[owner])
        };
        match &mut def.kind {
            TypeKind::Struct(fields) => {
                for (field, target) in fields.iter_mut().zip(&slot_targets[owner]) {
                    field.boxed = on_cycle(target);
                }
            }
            TypeKind::Union(union) => {
                for (variant, target) in union.variants.iter_mut().zip(&slot_targets[owner]) {
                    variant.boxed = on_cycle(target);
                }
            }
            _ => {}
        }
    }
}

/// Type aliases are expanded by the compiler, so a cycle through aliases alone cannot compile.
pub(crate) fn reject_alias_cycles(types: &[TypeDef]) -> Result<(), Error> {
    let graph = Graph::new(types, |_| None);
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Alias(ty) => all_named(ty)
                .into_iter()
                .filter_map(|n| graph.index.get(n).copied())
                .filter(|t| matches!(types[*t].kind, TypeKind::Alias(_)))
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    let graph = Graph {
        index: graph.index,
        edges,
    };
    let component = graph.components();
    for (i, def) in types.iter().enumerate() {
        let in_cycle = graph.edges[i]
            .iter()
            .any(|t| *t == i || component[*t] == component[i]);
        if in_cycle {
            return Err(SpecError::invalid(
                Pointer::root().push("components").push("schemas").push(&def.api_name),
                format!("schema `{}` is a reference cycle: it refers back to itself through references alone", def.api_name),
            ));
        }
    }
    Ok(())
}

/// Types as nodes, with an edge to each named type a type refers to.
pub(super) struct Graph<'t> {
    pub(super) index: HashMap<&'t str, usize>,
    pub(super) edges: Vec<Vec<usize>>,
}

impl<'t> Graph<'t> {
    pub(super) fn new(types: &'t [TypeDef], edge: fn(&TypeRef) -> Option<&str>) -> Self {
        let index: HashMap<&str, usize> = types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.rust_name.as_str(), i))
            .collect();
        let edges = types
            .iter()
            .map(|def| {
                def.kind
                    .held_types()
                    .into_iter()
                    .filter_map(edge)
                    .filter_map(|n| index.get(n).copied())
                    .collect()
            })
            .collect();
        Graph { index, edges }
    }

    /// The strongly connected component of every node (Tarjan's algorithm, iterative so that
    /// long chains cannot exhaust the stack). Components are numbered in reverse topological
    /// order: every edge leads to the same component or to a lower-numbered one.
    pub(super) fn components(&self) -> Vec<usize> {
        let n = self.edges.len();
        let (mut index, mut low, mut component) =
            (vec![usize::MAX; n], vec![0; n], vec![usize::MAX; n]);
        let (mut on_stack, mut stack, mut next_index, mut next_component) =
            (vec![false; n], Vec::new(), 0, 0);
        for root in 0..n {
            if index[root] != usize::MAX {
                continue;
            }
            let mut work = vec![(root, 0usize)];
            while let Some((node, edge)) = work.pop() {
                if edge == 0 {
                    index[node] = next_index;
                    low[node] = next_index;
                    next_index += 1;
                    stack.push(node);
                    on_stack[node] = true;
                }
                if let Some(&next) = self.edges[node].get(edge) {
                    work.push((node, edge + 1));
                    if index[next] == usize::MAX {
                        work.push((next, 0));
                    } else if on_stack[next] {
                        low[node] = low[node].min(index[next]);
                    }
                    continue;
                }
                if low[node] == index[node] {
                    while let Some(member) = stack.pop() {
                        on_stack[member] = false;
                        component[member] = next_component;
                        if member == node {
                            break;
                        }
                    }
                    next_component += 1;
                }
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[node]);
                }
            }
        }
        component
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Docs, Field};

    fn def(name: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            rust_name: name.into(),
            api_name: name.into(),
            docs: Docs::default(),
            kind,
        }
    }

    fn field(ty: TypeRef) -> Field {
        Field {
            api_name: "f".into(),
            rust_name: "f".into(),
            ty,
            required: true,
            nullable: false,
            boxed: false,
            indirect: false,
            flatten: false,
            docs: Docs::default(),
            pinned_integer: None,
            any_value: false,
        }
    }

    fn named(name: &str) -> TypeRef {
        TypeRef::Named(name.into())
    }

    #[test]
    fn only_fields_on_a_cycle_are_boxed() {
        let mut types = vec![
            def("A", TypeKind::Struct(vec![field(named("B"))])),
            def(
                "B",
                TypeKind::Struct(vec![field(named("A")), field(named("C"))]),
            ),
            def(
                "C",
                TypeKind::Struct(vec![field(TypeRef::Vec(Box::new(named("C"))))]),
            ),
            def("D", TypeKind::Struct(vec![field(named("D"))])),
        ];
        box_recursive_fields(&mut types);
        let boxed: Vec<Vec<bool>> = types
            .iter()
            .map(|t| match &t.kind {
                TypeKind::Struct(fields) => fields.iter().map(|f| f.boxed).collect(),
                _ => Vec::new(),
            })
            .collect();
        assert_eq!(
            boxed,
            vec![vec![true], vec![true, false], vec![false], vec![true]]
        );
    }

    #[test]
    fn alias_cycles_are_found_and_chains_are_not() {
        let chain = vec![
            def("A", TypeKind::Alias(named("B"))),
            def("B", TypeKind::Alias(TypeRef::String)),
        ];
        assert!(reject_alias_cycles(&chain).is_ok());
        let cycle = vec![
            def("A", TypeKind::Alias(named("B"))),
            def("B", TypeKind::Alias(TypeRef::Vec(Box::new(named("A"))))),
        ];
        assert!(reject_alias_cycles(&cycle).is_err());
        let through_struct = vec![
            def("A", TypeKind::Alias(named("S"))),
            def(
                "S",
                TypeKind::Struct(vec![field(TypeRef::Vec(Box::new(named("A"))))]),
            ),
        ];
        assert!(reject_alias_cycles(&through_struct).is_ok());
        let self_alias = vec![def("A", TypeKind::Alias(named("A")))];
        assert!(reject_alias_cycles(&self_alias).is_err());
    }
}
