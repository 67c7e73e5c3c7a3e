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
mod decode;
mod derives;
mod docs;
mod features;
mod plan;

pub(crate) use features::Features;
pub(crate) use plan::{crate_attribute_lines, plan, plan_crate, Part, PartEmitter, PlannedFile};

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

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::{Api, Signing};
use crate::settings::Settings;

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
        pub use #runtime::{Call, Config, Error, Nullable, Response, RetryPolicy, Secret};
        #signer
        #streams
        /// Typed string formats (`DateTime`, `Uuid`, …), so callers need no runtime dependency.
        pub use #runtime::formats;
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
            collections::BTreeMap,
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
