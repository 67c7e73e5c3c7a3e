//! The `models` module: one Rust type per named schema.

use proc_macro2::TokenStream;
use quote::quote;

use super::construct::{Construct, DefaultImpl};
use super::docs::{code_safe, doc_lines, sanitize, schema_doc};
use super::ident;
use super::types::rust_type;
use crate::custom::Extras;
use crate::model::{Api, ConstValue, Field, Operation, TypeDef, TypeKind, TypeRef, Variant};

pub(crate) fn emit_models(api: &Api, runtime: &TokenStream) -> TokenStream {
    let checks = super::validate::Ctx::new(api, runtime.clone());
    let construct = Construct::new(api, runtime.clone());
    let types = type_items(api, 0..api.types.len(), &checks, &construct, runtime);
    let operations = operation_items(&api.operations, &construct, runtime);
    models_module(quote!(#types #operations), true)
}

/// The `models` module around `items`; `with_docs` adds its docs and lint allowances (only
/// the first of the pieces a module is rendered in carries them: see `render::render_parts`).
pub(crate) fn models_module(items: TokenStream, with_docs: bool) -> TokenStream {
    let head = with_docs.then(|| {
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
        }
    });
    quote! {
        #head
        pub mod models {
            #items
        }
    }
}

/// The types `range` of [`Api::types`] indexes, each with its `Validate` impl.
pub(crate) fn type_items(
    api: &Api,
    range: std::ops::Range<usize>,
    checks: &super::validate::Ctx<'_>,
    construct: &Construct<'_>,
    runtime: &TokenStream,
) -> TokenStream {
    let defs = api.types.get(range).unwrap_or_default().iter().map(|def| {
        let extras = user_extras(api, def);
        let ty = emit_type(def, &extras, construct, runtime);
        let validate = super::validate::emit_validate_impl(def, checks);
        quote!(#ty #validate)
    });
    quote!(#(#defs)*)
}

/// The models that belong to operations: optional-parameter structs, multipart bodies and
/// response enums.
pub(crate) fn operation_items(
    operations: &[Operation],
    construct: &Construct<'_>,
    runtime: &TokenStream,
) -> TokenStream {
    let params = operations
        .iter()
        .filter_map(|op| emit_params_struct(op, construct, runtime));
    let bodies = operations
        .iter()
        .filter_map(|op| {
            let body = super::bodies::emit_multipart_struct(op, runtime)?;
            let construction = construct.multipart_impl(op);
            Some(quote!(#body #construction))
        })
        .chain(
            operations
                .iter()
                .filter_map(|op| super::responses::emit_response_enum(op, runtime)),
        );
    quote! {
        #(#params)*
        #(#bodies)*
    }
}

/// The optional parameters of one operation, as a struct with `Default`.
fn emit_params_struct(
    op: &Operation,
    construct: &Construct<'_>,
    runtime: &TokenStream,
) -> Option<TokenStream> {
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
        "Optional parameters of [`Client::{}`](super::client::Client::{}); leave unset what you do not need (`Default::default()` and the `with_…` methods, or `..Default::default()`).",
        op.rust_name, op.rust_name
    ));
    let setters = construct.params_impl(op);
    Some(quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct #name {
            #(#fields)*
        }

        #setters
    })
}

/// The derives and attributes the user added to this type, as tokens (nothing for an alias,
/// and no derive the type already has, which would not compile twice).
fn user_extras(api: &Api, def: &TypeDef) -> TokenStream {
    let none = Extras::default();
    let own = api.own_extras.get(&def.rust_name).unwrap_or(&none);
    let extras = api.custom.extras_for(&def.api_name, &def.rust_name, own);
    let builtin: &[&str] = match &def.kind {
        TypeKind::Alias(_) => return TokenStream::new(),
        TypeKind::Struct(fields) if struct_has_default(fields) => &["Default"],
        TypeKind::Struct(_) | TypeKind::Union(_) => &[],
        TypeKind::Enum(_) => &["Eq", "Hash"],
        TypeKind::Const(_) => &["Copy", "Eq", "Hash", "Default"],
    };
    let always = ["Debug", "Clone", "PartialEq", "Serialize", "Deserialize"];
    let derives: Vec<TokenStream> = extras
        .derives
        .iter()
        .filter(|d| !always.contains(&d.last_name()) && !builtin.contains(&d.last_name()))
        .map(|d| d.tokens())
        .collect();
    let attributes = extras.attributes.iter().map(|a| a.tokens());
    let derive = (!derives.is_empty()).then(|| quote!(#[derive(#(#derives),*)]));
    quote!(#(#attributes)* #derive)
}

fn emit_type(
    def: &TypeDef,
    extras: &TokenStream,
    construct: &Construct<'_>,
    runtime: &TokenStream,
) -> TokenStream {
    let docs = schema_doc(&def.docs);
    let deprecated = def.docs.deprecated.then(|| quote!(#[deprecated]));
    let name = ident(&def.rust_name);
    let body = match &def.kind {
        TypeKind::Struct(fields) => emit_struct(&name, fields, construct, runtime),
        TypeKind::Enum(variants) => emit_enum(&name, variants, runtime),
        TypeKind::Union(union) => {
            let union_def = super::unions::emit_union(&name, union, runtime);
            let froms = construct.union_froms(&name, union);
            quote!(#union_def #froms)
        }
        TypeKind::Const(value) => emit_const(&name, value, runtime),
        TypeKind::Alias(ty) => {
            let ty = rust_type(ty, &quote!(), runtime);
            quote!(pub type #name = #ty;)
        }
    };
    quote! {
        #docs
        #deprecated
        #extras
        #body
    }
}

fn emit_struct(
    name: &proc_macro2::Ident,
    fields: &[Field],
    construct: &Construct<'_>,
    runtime: &TokenStream,
) -> TokenStream {
    let default_impl = construct.default_impl(fields);
    let derive_default = (default_impl == DefaultImpl::Derive).then(|| quote!(Default,));
    let manual_default =
        (default_impl == DefaultImpl::Manual).then(|| construct.manual_default(name, fields));
    let construction = construct.struct_impl(name, fields);
    let fields = fields.iter().map(|field| emit_field(field, runtime));
    quote! {
        #[derive(Debug, Clone, PartialEq, #derive_default ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #(#fields)*
        }

        #manual_default
        #construction
    }
}

/// Every field has a default: it is optional, or a flattened map of extra properties (empty).
fn struct_has_default(fields: &[Field]) -> bool {
    fields
        .iter()
        .all(|f| is_option(f) || (f.flatten && matches!(f.ty, TypeRef::Map(_))))
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
            if field.any_value {
                // `null` is a value of this field, not "absent".
                let keep_null = format!("{runtime}::keep_null").replace(' ', "");
                serde_args.push(quote!(deserialize_with = #keep_null));
            }
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
