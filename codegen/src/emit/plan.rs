//! The generated output as parts that are emitted and rendered on their own (in parallel, see
//! [`crate::render::render_parts`]): one file, or a crate split into files and cargo features
//! by tag ([`super::Features`]).

use std::ops::Range;

use proc_macro2::TokenStream;
use quote::quote;

use super::features::{Features, TagModule};
use super::{client, emit_conformance, exports, ident, models, validate};
use super::{construct, docs, operation};
use super::{derives, imports, runtime_path, runtime_root};
use crate::model::Api;
use crate::render::{Edges, Piece};
use crate::settings::Settings;

/// How many types one rendered piece of the `models` module holds: small enough that a
/// piece's tokens and syntax tree are freed long before the file is done, large enough that
/// the per-piece cost stays negligible.
const TYPES_PER_PIECE: usize = 64;

/// A piece of the output that is emitted and rendered on its own.
pub(crate) enum Part {
    /// Some of the schema types, inside the `models` module.
    Types(Range<usize>),
    /// The models that belong to operations, closing the `models` module.
    OperationModels,
    /// The `client` module.
    Client,
    /// The root re-exports, and the conformance module when it is asked for.
    Exports,
    /// A split crate's `lib.rs`: its docs, attributes, modules and the re-exports.
    Root,
    /// A split crate's tag modules, declared in `client.rs`.
    TagModules,
    /// One tag's methods (`src/client/<tag>.rs`), by index into [`Features::modules`].
    Tag(usize),
}

/// One file of a split crate: its path under the crate's directory and its parts.
pub(crate) struct PlannedFile {
    pub(crate) path: std::path::PathBuf,
    /// The parts are one module's contents (`pub mod models { … }` written as `models.rs`).
    pub(crate) module_file: bool,
    pub(crate) parts: Vec<(Part, Edges)>,
}

/// The single file's parts in output order, with which module edges each prints.
pub(crate) fn plan(api: &Api) -> Vec<(Part, Edges)> {
    let mut parts = type_parts(api);
    let open = parts.is_empty();
    parts.push((Part::OperationModels, Edges { open, close: true }));
    parts.push((Part::Client, Edges::WHOLE));
    parts.push((Part::Exports, Edges::WHOLE));
    parts
}

fn type_parts(api: &Api) -> Vec<(Part, Edges)> {
    let mut parts = Vec::new();
    let mut start = 0;
    while start < api.types.len() {
        let end = (start + TYPES_PER_PIECE).min(api.types.len());
        let open = start == 0;
        parts.push((Part::Types(start..end), Edges { open, close: false }));
        start = end;
    }
    parts
}

/// The files of a crate split by tag: `lib.rs`, `models.rs`, `client.rs` and one
/// `client/<tag>.rs` per tag.
pub(crate) fn plan_crate(api: &Api, features: &Features) -> Vec<PlannedFile> {
    let src = std::path::Path::new("src");
    let file = |path: std::path::PathBuf, module_file, parts| PlannedFile {
        path,
        module_file,
        parts,
    };
    let mut models = type_parts(api);
    let open = models.is_empty();
    models.push((Part::OperationModels, Edges { open, close: true }));
    let mut files = vec![
        file(src.join("lib.rs"), false, vec![(Part::Root, Edges::WHOLE)]),
        file(src.join("models.rs"), true, models),
        file(
            src.join("client.rs"),
            true,
            vec![
                (Part::Client, Edges::WHOLE),
                (Part::TagModules, Edges::WHOLE),
            ],
        ),
    ];
    for (index, module) in features.modules.iter().enumerate() {
        let path = src.join("client").join(format!("{}.rs", module.name));
        files.push(file(path, true, vec![(Part::Tag(index), Edges::WHOLE)]));
    }
    files
}

/// Emits parts; one per rendering thread, since tokens cannot cross threads.
pub(crate) struct PartEmitter<'a> {
    api: &'a Api,
    runtime: TokenStream,
    /// The runtime crate's own path, for the re-exports at the file's root.
    root: TokenStream,
    /// The `use` lines opening the models module, and the client and conformance modules.
    model_imports: TokenStream,
    client_imports: TokenStream,
    checks: validate::Ctx<'a>,
    construct: construct::Construct<'a>,
    derives: derives::Derives,
    conformance: Option<&'a indexmap::IndexMap<String, String>>,
    /// Set for a crate split by tag.
    features: Option<&'a Features>,
}

impl<'a> PartEmitter<'a> {
    /// `conformance`: the component names, when the conformance module is to be emitted;
    /// `features`: the crate's features, when it is split by tag.
    pub(crate) fn new(
        api: &'a Api,
        settings: &Settings,
        conformance: Option<&'a indexmap::IndexMap<String, String>>,
        features: Option<&'a Features>,
    ) -> Self {
        let runtime = runtime_path(settings);
        let checks = validate::Ctx::new(api, runtime.clone());
        let construct = construct::Construct::new(api, runtime.clone());
        let derives = derives::Derives::new(api, settings, conformance.is_some());
        PartEmitter {
            api,
            runtime,
            root: runtime_root(settings),
            model_imports: imports(settings, false),
            client_imports: imports(settings, true),
            checks,
            construct,
            derives,
            conformance,
            features,
        }
    }

    pub(crate) fn emit(&self, part: &Part, edges: Edges) -> Vec<Piece> {
        let (api, runtime) = (self.api, &self.runtime);
        let checks = &self.checks;
        let m = models::Models {
            checks,
            construct: &self.construct,
            derives: &self.derives,
            runtime,
        };
        let imports = edges.open.then_some(&self.model_imports);
        match (part, self.features) {
            (Part::Types(range), None) => {
                let items = models::type_items(api, range.clone(), &m);
                vec![Piece::new(models::models_module(items, imports))]
            }
            (Part::Types(range), Some(features)) => {
                let head = Piece::new(models::models_module(quote!(), imports));
                let types = range.clone().map(|index| {
                    let items = models::type_items(api, index..index + 1, &m);
                    Piece::gated(features.type_cfg(index), items)
                });
                std::iter::once(head).chain(types).collect()
            }
            (Part::OperationModels, None) => {
                let items = models::operation_items(&api.operations, &m);
                vec![Piece::new(models::models_module(items, imports))]
            }
            (Part::OperationModels, Some(features)) => {
                let head = Piece::new(models::models_module(quote!(), imports));
                let ops = api.operations.iter().enumerate().map(|(index, op)| {
                    let items = models::operation_items(std::slice::from_ref(op), &m);
                    Piece::gated(Some(features.operation_cfg(index)), items)
                });
                std::iter::once(head).chain(ops).collect()
            }
            (Part::Client, None) => vec![Piece::new(client::emit_client_with(
                api,
                &api.operations,
                checks,
                runtime,
                &self.client_imports,
            ))],
            (Part::Client, Some(_)) => {
                // The methods are in the tag modules.
                vec![Piece::new(client::emit_client_with(
                    api,
                    &[],
                    checks,
                    runtime,
                    &self.client_imports,
                ))]
            }
            (Part::Exports, _) => {
                let exports = exports(api, &self.root);
                let conformance = self.conformance.map(|components| {
                    emit_conformance(api, components, runtime, &self.client_imports)
                });
                vec![Piece::new(quote!(#exports #conformance))]
            }
            (Part::Root, features) => vec![Piece::new(self.root(features))],
            (Part::TagModules, Some(features)) => vec![Piece::new(tag_modules(features))],
            (Part::Tag(index), Some(features)) => {
                let Some(module) = features.modules.get(*index) else {
                    return Vec::new();
                };
                self.tag_module(features, module)
            }
            (Part::TagModules | Part::Tag(_), None) => Vec::new(),
        }
    }

    /// `lib.rs` of a split crate.
    fn root(&self, features: Option<&Features>) -> TokenStream {
        let exports = exports(self.api, &self.root);
        let docs = inner_docs(
            &features
                .map(|f| crate_docs(self.api, f))
                .unwrap_or_default(),
        );
        let attributes = crate_attributes(self.api);
        quote! {
            #docs
            #attributes
            pub mod client;
            pub mod models;
            #exports
        }
    }

    /// One tag's methods: one `impl` block for those that compile with the module, one more
    /// per method that needs another of its tags.
    fn tag_module(&self, features: &Features, module: &TagModule) -> Vec<Piece> {
        let doc = match &module.tag {
            Some(tag) => format!(
                "Operations tagged `{}` (feature `{}`).",
                docs::code_safe(tag),
                module.name
            ),
            None => format!("Operations without a tag (feature `{}`).", module.name),
        };
        let doc = inner_docs(&doc);
        let head = Piece::new(quote! {
            #doc
            use super::*;
        });
        let (api, runtime) = (self.api, &self.runtime);
        let method =
            |op: usize| operation::emit_operation(&api.operations[op], api, &self.checks, runtime);
        let module_features = features.module_features(module);
        let (plain, gated): (Vec<usize>, Vec<usize>) = module
            .operations
            .iter()
            .partition(|&&op| features.same_as_module(op, &module_features));
        let plain_methods = plain.iter().map(|&op| method(op));
        let mut pieces = vec![head, Piece::new(quote!(impl Client { #(#plain_methods)* }))];
        pieces.extend(gated.into_iter().map(|op| {
            let cfg = features.operation_cfg(op);
            let method = method(op);
            Piece::new(quote!(#cfg impl Client { #method }))
        }));
        pieces
    }
}

/// The tag modules' declarations, each compiled with any of its operations' features.
fn tag_modules(features: &Features) -> TokenStream {
    let modules = features.modules.iter().map(|module| {
        let cfg = features.module_cfg(module);
        let name = ident(&module.name);
        quote!(#cfg mod #name;)
    });
    // The tag modules' methods name models as `models::…` through `use super::*;`: the
    // client module's imports (its `Client` part) include `use super::models;`.
    quote!(#(#modules)*)
}

/// A crate root's inner attributes: the `recursion_limit` its longest chain of nested types
/// needs to build, when rustc's default is too low (see `lower::depth`).
fn crate_attributes(api: &Api) -> TokenStream {
    match crate::lower::crate_recursion_limit(api) {
        Some(limit) => {
            let limit = limit.to_string();
            quote!(#![recursion_limit = #limit])
        }
        None => quote!(),
    }
}

/// [`crate_attributes`] as the lines that open a crate's single `lib.rs` (after its header),
/// which is otherwise the code a build script includes and has no inner attributes.
pub(crate) fn crate_attribute_lines(api: &Api) -> String {
    crate::lower::crate_recursion_limit(api)
        .map(|limit| format!("\n#![recursion_limit = \"{limit}\"]\n"))
        .unwrap_or_default()
}

/// `//!` lines (a space after each `//!`, as people write them).
fn inner_docs(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| match line {
        "" => String::new(),
        line => format!(" {line}"),
    });
    quote!(#(#![doc = #lines])*)
}

/// A split crate's docs: how to choose what compiles.
fn crate_docs(api: &Api, features: &Features) -> String {
    let mut text = format!(
        "Client for {}.\n\nThis crate is split by tag: each tag is a cargo feature, and only the operations (and the models they use) of the enabled features compile. None is enabled by default; `full` enables all. For example `features = [\"{}\"]`.\n\n| feature | tag | operations |\n|---|---|---|\n",
        docs::sanitize(&api.title),
        features.modules.first().map_or("full", |m| m.name.as_str()),
    );
    for module in &features.modules {
        text.push_str(&format!(
            "| `{}` | {} | {} |\n",
            module.name,
            module.tag.as_deref().map_or_else(
                || "(none)".to_owned(),
                |tag| format!("`{}`", docs::code_safe(tag).replace('|', "\\|"))
            ),
            module.operations.len()
        ));
    }
    if features.table.iter().any(|(name, _)| name == "webhooks") {
        text.push_str("\nThe feature `webhooks` compiles the webhook payload models.\n");
    }
    text
}
