//! Step 4: turn the [`crate::model::Api`] into tokens with `quote`.
//!
//! Nothing from the spec is pasted as text: names become identifiers only after
//! [`crate::naming`] has made them valid, and every other string (descriptions, wire names,
//! URLs) is emitted as a string literal, so a spec cannot add tokens to the output.

mod bodies;
mod client;
mod conformance;
mod construct;
mod docs;
mod features;
mod plan;

pub(crate) use features::Features;
pub(crate) use plan::{plan, plan_crate, Part, PartEmitter, PlannedFile};

pub(crate) use conformance::emit_conformance;
mod models;
mod pagination;
mod responses;
mod security;
mod server_enum;
mod types;
mod unions;
mod validate;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::{Api, Signing};
use crate::settings::Settings;

/// The whole generated file, as tokens.
pub(crate) fn emit(api: &Api, settings: &Settings) -> TokenStream {
    let runtime = runtime_path(settings);
    let models = models::emit_models(api, &runtime);
    let client = client::emit_client(api, &runtime);
    let exports = exports(api, &runtime);
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
    quote! {
        pub use client::{Client, ClientBuilder #(, #server_enums)*};
        pub use #runtime::{Config, Error, Nullable, Response, RetryPolicy, Secret};
        #signer
        /// Typed string formats (`DateTime`, `Uuid`, …), so callers need no runtime dependency.
        pub use #runtime::formats;
    }
}

/// The path generated code uses for the runtime crate, e.g. `::specforge_runtime`.
pub(crate) fn runtime_path(settings: &Settings) -> TokenStream {
    let ident = ident(&settings.runtime_crate);
    quote!(::#ident)
}

/// An identifier from a name that [`crate::naming`] already made valid.
pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}
