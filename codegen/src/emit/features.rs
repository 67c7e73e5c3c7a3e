//! Which cargo feature compiles what, in a crate split by tag ([`crate::TagFeatures`]).
//!
//! Each tag is a feature and a module of client methods (`src/client/<tag>.rs`); operations
//! without a tag share the feature `untagged`, and webhook payloads the feature `webhooks`.
//! An operation (its method and its own models) compiles when any of its tags is enabled. A
//! schema type compiles when any feature whose operations reach it is enabled: through the
//! feature itself when only one does, else through a hidden group feature (`_types-N`) that
//! each of those features enables, so no `cfg` lists hundreds of features.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{operation_types, Api, TypeIndex, TypeRef};
use crate::naming::{self, Scope};

/// The feature of operations without a tag.
const UNTAGGED: &str = "untagged";
/// The feature of webhook payload types.
const WEBHOOKS: &str = "webhooks";
/// The feature enabling every other one.
pub(crate) const FULL: &str = "full";

/// One tag's feature and module.
pub(crate) struct TagModule {
    /// The feature's name, also the module's (`src/client/<name>.rs`).
    pub(crate) name: String,
    /// The tag as the spec writes it (for docs); `None` for the operations without one.
    pub(crate) tag: Option<String>,
    /// Indexes into [`Api::operations`] of the operations in this module (first tag).
    pub(crate) operations: Vec<usize>,
}

/// The feature layout of a split crate.
pub(crate) struct Features {
    /// One per tag, plus `untagged` when some operation has no tag; in the spec's order.
    pub(crate) modules: Vec<TagModule>,
    /// Per operation: the modules (indexes into `modules`) whose feature enables it.
    op_features: Vec<BTreeSet<usize>>,
    /// Per type (index into [`Api::types`]): the feature that compiles it, none for always.
    type_feature: Vec<Option<String>>,
    /// The `[features]` table: each feature and the features it enables, in order.
    pub(crate) table: Vec<(String, Vec<String>)>,
}

impl Features {
    pub(crate) fn new(api: &Api) -> Self {
        let (modules, op_features) = modules(api);
        let mut names: Vec<String> = modules.iter().map(|m| m.name.clone()).collect();
        let index = TypeIndex::new(&api.types);
        // Which features reach each type.
        let mut reach: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
        for feature in 0..modules.len() {
            let ops = op_features
                .iter()
                .enumerate()
                .filter(|(_, features)| features.contains(&feature))
                .flat_map(|(op, _)| operation_types(&api.operations[op]));
            for name in index.reachable(ops) {
                if let Some(def) = index.get(&name) {
                    reach
                        .entry(def.rust_name.as_str())
                        .or_default()
                        .insert(feature);
                }
            }
        }
        if !api.webhook_types.is_empty() {
            let webhooks = names.len();
            names.push(unique_feature(&names, WEBHOOKS));
            let roots: Vec<TypeRef> = api
                .webhook_types
                .iter()
                .cloned()
                .map(TypeRef::Named)
                .collect();
            for name in index.reachable(&roots) {
                if let Some(def) = index.get(&name) {
                    reach
                        .entry(def.rust_name.as_str())
                        .or_default()
                        .insert(webhooks);
                }
            }
        }
        let mut groups: BTreeMap<&BTreeSet<usize>, String> = BTreeMap::new();
        let mut enables: Vec<Vec<String>> = vec![Vec::new(); names.len()];
        let type_feature = api
            .types
            .iter()
            .map(|def| {
                let set = reach.get(def.rust_name.as_str())?;
                if let [only] = set.iter().copied().collect::<Vec<_>>().as_slice() {
                    return names.get(*only).cloned();
                }
                let count = groups.len();
                let group = groups.entry(set).or_insert_with(|| {
                    let group = format!("_types-{}", count + 1);
                    for &feature in set {
                        enables[feature].push(group.clone());
                    }
                    group
                });
                Some(group.clone())
            })
            .collect();
        let mut table = vec![(FULL.to_owned(), names.clone())];
        table.extend(names.iter().cloned().zip(enables));
        let mut groups: Vec<String> = groups.into_values().collect();
        groups.sort_by(|a, b| (a.len(), a).cmp(&(b.len(), b)));
        table.extend(groups.into_iter().map(|group| (group, Vec::new())));
        Features {
            modules,
            op_features,
            type_feature,
            table,
        }
    }

    /// `#[cfg(…)]` for the type at `index` of [`Api::types`] (none: always compiled).
    pub(crate) fn type_cfg(&self, index: usize) -> Option<TokenStream> {
        let feature = self.type_feature.get(index)?.as_deref()?;
        Some(quote!(#[cfg(feature = #feature)]))
    }

    /// `#[cfg(…)]` for the operation at `index` of [`Api::operations`].
    pub(crate) fn operation_cfg(&self, index: usize) -> TokenStream {
        let set = self.op_features.get(index).cloned().unwrap_or_default();
        self.any(&set)
    }

    /// `#[cfg(…)]` for a whole module: any feature of any of its operations.
    pub(crate) fn module_cfg(&self, module: &TagModule) -> TokenStream {
        self.any(&self.module_features(module))
    }

    /// The features that compile a module: those of any of its operations.
    pub(crate) fn module_features(&self, module: &TagModule) -> BTreeSet<usize> {
        module
            .operations
            .iter()
            .flat_map(|&op| self.op_features.get(op).into_iter().flatten().copied())
            .collect()
    }

    /// Whether the operation compiles exactly when its module (with `module_features`) does.
    pub(crate) fn same_as_module(&self, op: usize, module_features: &BTreeSet<usize>) -> bool {
        self.op_features.get(op) == Some(module_features)
    }

    fn any(&self, set: &BTreeSet<usize>) -> TokenStream {
        let features: Vec<&str> = set
            .iter()
            .filter_map(|&i| self.modules.get(i).map(|m| m.name.as_str()))
            .collect();
        match features.as_slice() {
            [one] => quote!(#[cfg(feature = #one)]),
            many => quote!(#[cfg(any(#(feature = #many),*))]),
        }
    }
}

/// The tag modules, in the order tags first appear, and each operation's features.
fn modules(api: &Api) -> (Vec<TagModule>, Vec<BTreeSet<usize>>) {
    let mut scope = Scope::new();
    for reserved in [FULL, WEBHOOKS, "default", "models"] {
        scope.reserve(reserved);
    }
    let mut by_tag: BTreeMap<String, usize> = BTreeMap::new();
    let mut modules: Vec<TagModule> = Vec::new();
    let mut op_features = Vec::new();
    for (op_index, op) in api.operations.iter().enumerate() {
        let untagged = [UNTAGGED.to_owned()];
        let tags = if op.tags.is_empty() {
            &untagged[..]
        } else {
            &op.tags[..]
        };
        let mut features = BTreeSet::new();
        for tag in tags {
            let feature = *by_tag.entry(tag.clone()).or_insert_with(|| {
                modules.push(TagModule {
                    name: scope.unique(naming::snake(tag)),
                    tag: (!op.tags.is_empty()).then(|| tag.clone()),
                    operations: Vec::new(),
                });
                modules.len() - 1
            });
            features.insert(feature);
        }
        if let Some(first) = tags.first().and_then(|t| by_tag.get(t)) {
            modules[*first].operations.push(op_index);
        }
        op_features.push(features);
    }
    (modules, op_features)
}

/// `name`, or `name_2`, … when a tag already took it.
fn unique_feature(taken: &[String], name: &str) -> String {
    let mut candidate = name.to_owned();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{name}_{n}");
        n += 1;
    }
    candidate
}
