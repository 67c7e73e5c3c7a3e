//! Step 4: turn the [`crate::model::Api`] into tokens with `quote`.
//!
//! Nothing from the spec is pasted as text: names become identifiers only after
//! [`crate::naming`] has made them valid, and every other string (descriptions, wire names,
//! URLs) is emitted as a string literal, so a spec cannot add tokens to the output.

mod bodies;
mod client;
mod conformance;
mod docs;

pub(crate) use conformance::emit_conformance;
pub(crate) use docs::is_bidi_control;
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

use crate::model::Api;
use crate::Settings;

/// The whole generated file, as tokens.
pub(crate) fn emit(api: &Api, settings: &Settings) -> TokenStream {
    let runtime = runtime_path(settings);
    let models = models::emit_models(api, &runtime);
    let client = client::emit_client(api, &runtime);
    let server_enums = server_enum::server_enum_names(api);
    quote! {
        #models
        #client
        pub use client::{Client, ClientBuilder #(, #server_enums)*};
        pub use #runtime::{
            AkSkCredentials, Config, CredentialChain, Error, MetadataCredentials, Nullable,
            Response, RetryPolicy, Secret, SigningAlgorithm,
        };
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
