//! Rust types for [`TypeRef`]s, with absolute paths so that no spec name can shadow them.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::model::TypeRef;

/// The type, relative to the `models` module (`prefix` is how the emitting module reaches it).
pub(crate) fn rust_type(ty: &TypeRef, prefix: &TokenStream, runtime: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::U64 => quote!(u64),
        TypeRef::U32 => quote!(u32),
        TypeRef::U16 => quote!(u16),
        TypeRef::U8 => quote!(u8),
        TypeRef::F64 => quote!(f64),
        TypeRef::Bool => quote!(bool),
        TypeRef::Json => quote!(#runtime::serde_json::Value),
        TypeRef::Vec(inner) => {
            let inner = rust_type(inner, prefix, runtime);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(inner, prefix, runtime);
            quote!(BTreeMap<String, #inner>)
        }
        TypeRef::Nullable(inner) => {
            let inner = rust_type(inner, prefix, runtime);
            quote!(Option<#inner>)
        }
        TypeRef::Named(name) => {
            let name = ident(name);
            quote!(#prefix #name)
        }
        TypeRef::Formatted(format) => {
            let name = ident(format.type_name());
            quote!(#runtime::formats::#name)
        }
        TypeRef::External(path) => path.tokens(),
    }
}

/// The pointer around a boxed field or variant: a `Box`, or the runtime's `Indirect` where a
/// chain of types would be too deep for rustc (see `lower::depth`).
pub(crate) fn pointer(indirect: bool, runtime: &TokenStream) -> TokenStream {
    if indirect {
        quote!(#runtime::Indirect)
    } else {
        quote!(Box)
    }
}

/// How a method takes a parameter of this type: `&str` for strings, `&[T]` for lists.
pub(crate) fn arg_type(ty: &TypeRef, prefix: &TokenStream, runtime: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::String => quote!(&str),
        TypeRef::Vec(inner) => {
            let inner = rust_type(inner, prefix, runtime);
            quote!(&[#inner])
        }
        TypeRef::Named(_)
        | TypeRef::Map(_)
        | TypeRef::Json
        | TypeRef::Formatted(_)
        | TypeRef::External(_) => {
            let ty = rust_type(ty, prefix, runtime);
            quote!(&#ty)
        }
        other => rust_type(other, prefix, runtime),
    }
}
