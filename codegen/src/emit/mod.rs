//! Step 4: turn the [`crate::model::Api`] into tokens with `quote`.
//!
//! Nothing from the spec is pasted as text: names become identifiers only after
//! [`crate::naming`] has made them valid, and every other string (descriptions, wire names,
//! URLs) is emitted as a string literal, so a spec cannot add tokens to the output.

mod bodies;
mod builder;
mod client;
mod conformance;
mod construct;
mod derives;
mod docs;

pub(crate) use conformance::emit_conformance;
mod models;
mod operation;
mod pagination;
mod responses;
mod security;
mod server_enum;
mod streaming;
mod types;
mod unions;
mod validate;

use std::ops::Range;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::{Api, Signing};
use crate::render::Edges;
use crate::settings::Settings;

/// How many types one rendered piece of the `models` module holds: small enough that a
/// piece's tokens and syntax tree are freed long before the file is done, large enough that
/// the per-piece cost stays negligible.
const TYPES_PER_PIECE: usize = 64;

/// The whole generated file, as tokens.
pub(crate) fn emit(api: &Api, settings: &Settings) -> TokenStream {
    let runtime = runtime_path(settings);
    let derives = derives::Derives::new(api, settings, false);
    let models = models::emit_models(api, &derives, &runtime, &imports(settings, false));
    let client = client::emit_client(api, &runtime, &imports(settings, true));
    let exports = exports(api, &runtime_root(settings));
    quote! {
        #models
        #client
        #exports
    }
}

/// The re-exports at the file's root.
fn exports(api: &Api, runtime: &TokenStream) -> TokenStream {
    let server_enums = server_enum::server_enum_names(api);
    // The vendor's AK/SK signer is part of a client's API only when its spec asks for it
    // (`x-signer`): a generic client offers the spec's own security schemes and nothing else.
    let signer = (api.signing == Signing::AkSk).then(|| {
        quote! {
            pub use #runtime::{AkSkCredentials, CredentialChain, MetadataCredentials, SigningAlgorithm};
        }
    });
    let streams = streaming::exports(api, runtime);
    quote! {
        pub use client::{Client, ClientBuilder #(, #server_enums)*};
        pub use #runtime::{Config, Error, Nullable, Response, RetryPolicy, Secret};
        #signer
        #streams
        /// Typed string formats (`DateTime`, `Uuid`, …), so callers need no runtime dependency.
        pub use #runtime::formats;
    }
}

/// A piece of the generated file that is emitted and rendered on its own (in parallel with
/// the others, see [`crate::render::render_parts`]).
pub(crate) enum Part {
    /// Some of the schema types, inside the `models` module.
    Types(Range<usize>),
    /// The models that belong to operations, closing the `models` module.
    OperationModels,
    /// The `client` module.
    Client,
    /// The root re-exports, and the conformance module when it is asked for.
    Exports,
}

/// The file's parts in output order, with which module edges each prints.
pub(crate) fn plan(api: &Api) -> Vec<(Part, Edges)> {
    let mut parts = Vec::new();
    let mut start = 0;
    while start < api.types.len() {
        let end = (start + TYPES_PER_PIECE).min(api.types.len());
        let open = start == 0;
        parts.push((Part::Types(start..end), Edges { open, close: false }));
        start = end;
    }
    let open = parts.is_empty();
    parts.push((Part::OperationModels, Edges { open, close: true }));
    parts.push((Part::Client, Edges::WHOLE));
    parts.push((Part::Exports, Edges::WHOLE));
    parts
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
}

impl<'a> PartEmitter<'a> {
    /// `conformance`: the component names, when the conformance module is to be emitted.
    pub(crate) fn new(
        api: &'a Api,
        settings: &Settings,
        conformance: Option<&'a indexmap::IndexMap<String, String>>,
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
        }
    }

    pub(crate) fn emit(&self, part: &Part, edges: Edges) -> TokenStream {
        let (api, runtime) = (self.api, &self.runtime);
        let m = models::Models {
            checks: &self.checks,
            construct: &self.construct,
            derives: &self.derives,
            runtime,
        };
        match part {
            Part::Types(range) => {
                let items = models::type_items(api, range.clone(), &m);
                models::models_module(items, edges.open.then_some(&self.model_imports))
            }
            Part::OperationModels => {
                let items = models::operation_items(api, &m);
                models::models_module(items, edges.open.then_some(&self.model_imports))
            }
            Part::Client => {
                client::emit_client_with(api, &self.checks, runtime, &self.client_imports)
            }
            Part::Exports => {
                let exports = exports(api, &self.root);
                let conformance = self.conformance.map(|components| {
                    emit_conformance(api, components, runtime, &self.client_imports)
                });
                quote!(#exports #conformance)
            }
        }
    }
}

/// The path generated code inside its modules uses for the runtime: `rt`, the runtime's
/// `codegen` door, imported at the top of each module (see [`imports`]).
pub(crate) fn runtime_path(_settings: &Settings) -> TokenStream {
    quote!(rt)
}

/// The runtime crate itself, e.g. `::specforge_runtime`: for the file's root, where nothing is
/// imported (it is the user's own crate root when the file is `include!`d).
fn runtime_root(settings: &Settings) -> TokenStream {
    let ident = ident(&settings.runtime_crate);
    quote!(::#ident)
}

/// The `use` lines opening a generated module, so that its code says `Option`, `String`,
/// `rt::Request` and `models::Pet` instead of fully qualified paths. The names imported here
/// are reserved: no spec name can take them ([`crate::naming::IMPORTED_NAMES`]).
fn imports(settings: &Settings, with_models: bool) -> TokenStream {
    let root = runtime_root(settings);
    let models = with_models.then(|| {
        quote! {
            #[allow(unused_imports)]
            use super::models;
        }
    });
    quote! {
        #[allow(unused_imports)]
        use ::std::{
            boxed::Box,
            option::Option::{self, None, Some},
            result::Result::{self, Err, Ok},
            string::String,
            vec::Vec,
        };
        #[allow(unused_imports)]
        use #root::codegen as rt;
        #models
    }
}

/// `#[serde(crate = "rt::serde")]`: derives reach serde through the runtime, so a generated
/// crate needs no serde dependency of its own.
pub(crate) fn serde_crate(runtime: &TokenStream) -> TokenStream {
    let path = format!("{runtime}::serde").replace(' ', "");
    quote!(#[serde(crate = #path)])
}

/// An identifier from a name that [`crate::naming`] already made valid.
pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}
