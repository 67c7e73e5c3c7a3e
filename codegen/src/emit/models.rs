//! The `models` module: one Rust type per named schema.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code_safe, doc_lines, sanitize, schema_doc};
use super::ident;
use super::types::rust_type;
use crate::model::{Api, ConstValue, Field, Operation, TypeDef, TypeKind, TypeRef, Variant};

pub(crate) fn emit_models(api: &Api, runtime: &TokenStream) -> TokenStream {
    let checks = super::validate::Ctx::new(api, runtime);
    let defs = api.types.iter().map(|def| {
        let ty = emit_type(def, runtime);
        let validate = super::validate::emit_validate_impl(def, &checks);
        quote!(#ty #validate)
    });
    let params = api
        .operations
        .iter()
        .filter_map(|op| emit_params_struct(op, runtime));
    let bodies = api
        .operations
        .iter()
        .filter_map(|op| super::bodies::emit_multipart_struct(op, runtime))
        .chain(
            api.operations
                .iter()
                .filter_map(|op| super::responses::emit_response_enum(op, runtime)),
        );
    quote! {
        /// Request and response models.
        // Deprecated schemas are still defined and used here; spec prose may hold markdown
        // lists that clippy's doc-formatting lints dislike; union variants mirror the spec's
        // members, however different their sizes.
        #[allow(
            deprecated,
            clippy::doc_lazy_continuation,
            clippy::doc_overindented_list_items,
            clippy::large_enum_variant
        )]
        pub mod models {
            #(#defs)*
            #(#params)*
            #(#bodies)*
        }
    }
}

/// The optional parameters of one operation, as a struct with `Default`.
fn emit_params_struct(op: &Operation, runtime: &TokenStream) -> Option<TokenStream> {
    let name = ident(op.params_struct.as_ref()?);
    let fields = op
        .params
        .iter()
        .filter(|p| !p.required && p.client_param.is_none())
        .map(|p| {
            let docs = doc_lines(&p.description.as_deref().map(sanitize).unwrap_or_default());
            let field = ident(&p.rust_name);
            let ty = rust_type(&p.ty, &quote!(), runtime);
            quote! {
                #docs
                pub #field: ::std::option::Option<#ty>,
            }
        });
    let docs = doc_lines(&format!(
        "Optional parameters of [`Client::{}`](super::client::Client::{}); leave unset what you do not need (`..Default::default()`).",
        op.rust_name, op.rust_name
    ));
    Some(quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct #name {
            #(#fields)*
        }
    })
}

fn emit_type(def: &TypeDef, runtime: &TokenStream) -> TokenStream {
    let docs = schema_doc(&def.docs);
    let deprecated = def.docs.deprecated.then(|| quote!(#[deprecated]));
    let name = ident(&def.rust_name);
    let body = match &def.kind {
        TypeKind::Struct(fields) => emit_struct(&name, fields, runtime),
        TypeKind::Enum(variants) => emit_enum(&name, variants, runtime),
        TypeKind::Union(union) => super::unions::emit_union(&name, union, runtime),
        TypeKind::Const(value) => emit_const(&name, value, runtime),
        TypeKind::Alias(ty) => {
            let ty = rust_type(ty, &quote!(), runtime);
            quote!(pub type #name = #ty;)
        }
    };
    quote! {
        #docs
        #deprecated
        #body
    }
}

fn emit_struct(name: &proc_macro2::Ident, fields: &[Field], runtime: &TokenStream) -> TokenStream {
    // A flattened map of extra properties is empty by default.
    let all_optional = fields
        .iter()
        .all(|f| is_option(f) || (f.flatten && matches!(f.ty, TypeRef::Map(_))));
    let default = all_optional.then(|| quote!(Default,));
    let fields = fields.iter().map(|field| emit_field(field, runtime));
    quote! {
        #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #(#fields)*
        }
    }
}

fn is_option(field: &Field) -> bool {
    !field.required || field.nullable
}

fn emit_field(field: &Field, runtime: &TokenStream) -> TokenStream {
    let docs = schema_doc(&field.docs);
    let deprecated = field.docs.deprecated.then(|| quote!(#[deprecated]));
    let name = ident(&field.rust_name);
    let mut ty = rust_type(&field.ty, &quote!(), runtime);
    if field.boxed {
        let pointer = super::types::pointer(field.indirect, runtime);
        ty = quote!(#pointer<#ty>);
    }
    let mut serde_args = Vec::new();
    if field.flatten {
        serde_args.push(quote!(flatten));
    } else if field.rust_name != field.api_name {
        let api_name = &field.api_name;
        serde_args.push(quote!(rename = #api_name));
    }
    if field.three_state() {
        // Absent, `null` and a value each travel as they are: a PATCH can clear a value.
        let is_absent = format!("{runtime}::Nullable::is_absent").replace(' ', "");
        serde_args.push(quote!(default, skip_serializing_if = #is_absent));
        ty = quote!(#runtime::Nullable<#ty>);
    } else {
        if !field.required {
            // Absent stays absent: an unset optional field is not sent as `null`.
            serde_args.push(quote!(
                default,
                skip_serializing_if = "::std::option::Option::is_none"
            ));
        }
        if is_option(field) {
            ty = quote!(::std::option::Option<#ty>);
        }
    }
    let serde = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
    quote! {
        #docs
        #deprecated
        #serde
        pub #name: #ty,
    }
}

/// A property pinned to one value: a unit struct, its impls from the runtime's macro.
fn emit_const(name: &proc_macro2::Ident, value: &ConstValue, runtime: &TokenStream) -> TokenStream {
    let (literal, text) = match value {
        ConstValue::String(value) => (quote!(#value), format!("`{}`", code_safe(value))),
        ConstValue::Integer(value) => {
            let literal = proc_macro2::Literal::i64_suffixed(*value);
            (quote!(#literal), format!("`{value}`"))
        }
    };
    let docs = doc_lines(&format!("Always {text} on the wire."));
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct #name;

        #runtime::impl_constant!(#name, #literal);
    }
}

/// A string enum that keeps unknown values: services add values, and a client that fails on
/// them breaks in production. (The vendor answers `""` for an unset target type, too.) The two
/// `match`es are written out; the impls built on them come from the runtime's macro.
fn emit_enum(
    name: &proc_macro2::Ident,
    variants: &[Variant],
    runtime: &TokenStream,
) -> TokenStream {
    let decls = variants.iter().map(|v| {
        let docs = match &v.description {
            Some(description) => doc_lines(&sanitize(description)),
            None => doc_lines(&format!("`{}`", code_safe(&v.api_value))),
        };
        let variant = ident(&v.rust_name);
        quote!(#docs #variant,)
    });
    let values = variants.iter().map(|v| &v.api_value);
    let to_str = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = &v.api_value;
        quote!(Self::#variant => #value,)
    });
    let from_str = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = &v.api_value;
        quote!(#value => Self::#variant,)
    });
    quote! {
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#decls)*
            /// A value this client does not know, kept as received.
            Unknown(::std::string::String),
        }

        impl #runtime::StringEnum for #name {
            const VALUES: &'static [&'static str] = &[#(#values),*];

            fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::Unknown(value) => value,
                }
            }

            fn from_wire(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        #runtime::impl_string_enum!(#name);
    }
}
