//! A typed value list for each server variable with an `enum` (e.g. the vendor's regions):
//! a `Copy` enum with the values as `&'static str`, parsing that names the valid values when it
//! refuses one, and the list the client builder checks a plain string against.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code_safe, doc_lines};
use super::ident;
use crate::model::{Api, ServerVariable};
use crate::naming::{self, Scope};

/// The enums, in server variable order.
pub(crate) fn emit_server_enums(api: &Api, runtime: &TokenStream) -> TokenStream {
    let enums = api
        .server
        .variables
        .iter()
        .filter_map(|v| Some(emit_enum(v, v.type_name.as_deref()?, runtime)));
    quote!(#(#enums)*)
}

/// The names of the enums, for the crate root's re-exports.
pub(crate) fn server_enum_names(api: &Api) -> Vec<proc_macro2::Ident> {
    api.server
        .variables
        .iter()
        .filter_map(|v| v.type_name.as_deref().map(ident))
        .collect()
}

fn emit_enum(variable: &ServerVariable, type_name: &str, runtime: &TokenStream) -> TokenStream {
    let name = ident(type_name);
    let api_name = &variable.api_name;
    let mut scope = Scope::new();
    let variants: Vec<_> = variable
        .allowed
        .iter()
        .map(|value| ident(&scope.unique(naming::pascal(value))))
        .collect();
    let values = &variable.allowed;
    let variant_docs = values
        .iter()
        .map(|v| doc_lines(&format!("`{}`", code_safe(v))));
    let docs = doc_lines(&format!(
        "The {} values of the server variable `{}`.\n\nThe builder's setter takes one of these \
         or its text; `build` refuses any other text.",
        values.len(),
        code_safe(api_name),
    ));
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variant_docs #variants,)*
        }

        impl #name {
            /// Every value, in the spec's order.
            pub const ALL: &'static [#name] = &[#(#name::#variants),*];
            /// Every value as text, in the spec's order.
            pub const VALUES: &'static [&'static str] = &[#(#values),*];

            /// The value as it goes into the server URL.
            pub const fn as_str(self) -> &'static str {
                match self {
                    #(#name::#variants => #values,)*
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = #runtime::Error;

            /// Exactly one of [`Self::VALUES`] (case matters); the error lists them.
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                match value {
                    #(#values => Ok(#name::#variants),)*
                    other => Err(
                        #runtime::unknown_server_variable_value(#api_name, other, Self::VALUES),
                    ),
                }
            }
        }

        impl From<#name> for String {
            fn from(value: #name) -> Self {
                value.as_str().to_owned()
            }
        }
    }
}
