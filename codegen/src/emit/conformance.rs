//! The opt-in `conformance` module ([`crate::Generator::conformance`]): for a test harness that
//! feeds instances of each component schema through the generated types. It maps a component's
//! name in the spec to "decode this JSON as its type, then encode it again", which a harness
//! cannot do by itself because Rust type names are derived, renamed and made unique.

use indexmap::IndexMap;
use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::model::Api;

/// `components` maps each component schema's name to its Rust type name; components that have
/// no type in `api` (left out by a selection) are left out here too.
pub(crate) fn emit_conformance(
    api: &Api,
    components: &IndexMap<String, String>,
    runtime: &TokenStream,
    imports: &TokenStream,
) -> TokenStream {
    let defined = |rust: &String| api.types.iter().any(|t| &t.rust_name == rust);
    let kept: Vec<(&String, &String)> = components.iter().filter(|(_, r)| defined(r)).collect();
    let names = kept.iter().map(|(api_name, _)| api_name);
    let arms = kept.iter().map(|(api_name, rust_name)| {
        let ty = ident(rust_name);
        // A nullable component's instances include `null`, which its uses hold as `None`.
        if api.nullable_components.contains(rust_name) {
            quote!(#api_name => via::<Option<models::#ty>>,)
        } else {
            quote!(#api_name => via::<models::#ty>,)
        }
    });
    let (body, via) = if kept.is_empty() {
        let body = quote! {
            let _ = (component, json);
            None
        };
        (body, quote!())
    } else {
        let body = quote! {
            let round_trip: fn(&str) -> Result<String, String> =
                match component {
                    #(#arms)*
                    _ => return None,
                };
            Some(round_trip(json))
        };
        (body, via_fn(runtime))
    };
    quote! {
        /// Decodes and re-encodes instances of the spec's component schemas, for conformance
        /// tests (generated with `--conformance`).
        // Deprecated schemas are tested like the others.
        #[doc(hidden)]
        #[allow(deprecated)]
        pub mod conformance {
            #imports

            /// The component schemas that have a type here, by their names in the spec.
            pub const COMPONENTS: &[&str] = &[#(#names),*];

            /// Decodes `json` as the type of the component schema named `component` and encodes
            /// the result again; `None` when no such component has a type here.
            pub fn round_trip(
                component: &str,
                json: &str,
            ) -> Option<Result<String, String>> {
                #body
            }

            #via
        }
    }
}

/// Decodes JSON text as `T` and encodes the value again.
fn via_fn(runtime: &TokenStream) -> TokenStream {
    quote! {
        fn via<T>(json: &str) -> Result<String, String>
        where
            T: #runtime::serde::de::DeserializeOwned + #runtime::serde::Serialize,
        {
            let value: T = #runtime::serde_json::from_str(json).map_err(|e| e.to_string())?;
            #runtime::serde_json::to_string(&value).map_err(|e| e.to_string())
        }
    }
}
