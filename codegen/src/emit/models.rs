//! The `models` module: one Rust type per named schema.

use proc_macro2::TokenStream;
use quote::quote;

use super::construct::{Construct, DefaultImpl};
use super::derives::{derive_attr, Derives, Serde};
use super::docs::{code_safe, doc_lines, sanitize, schema_doc};
use super::ident;
use super::types::rust_type;
use crate::custom::Extras;
use crate::model::{Api, ConstValue, Field, Operation, TypeDef, TypeKind, TypeRef, Variant};

pub(crate) fn emit_models(
    api: &Api,
    derives: &Derives,
    runtime: &TokenStream,
    imports: &TokenStream,
) -> TokenStream {
    let checks = super::validate::Ctx::new(api, runtime.clone());
    let construct = Construct::new(api, runtime.clone());
    let model = Models {
        checks: &checks,
        construct: &construct,
        derives,
        runtime,
    };
    let types = type_items(api, 0..api.types.len(), &model);
    let operations = operation_items(&api.operations, &model);
    models_module(quote!(#types #operations), Some(imports))
}

/// The `models` module around `items`; `with_docs` adds its docs and lint allowances (only
/// the first of the pieces a module is rendered in carries them: see `render::render_parts`).
pub(crate) fn models_module(items: TokenStream, imports: Option<&TokenStream>) -> TokenStream {
    let with_docs = imports.is_some();
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
            #imports
            #items
        }
    }
}

/// What emitting models needs besides the API.
pub(crate) struct Models<'m> {
    pub(crate) checks: &'m super::validate::Ctx<'m>,
    pub(crate) construct: &'m Construct<'m>,
    pub(crate) derives: &'m Derives,
    pub(crate) runtime: &'m TokenStream,
}

/// The types `range` of [`Api::types`] indexes, each with its `Validate` impl.
pub(crate) fn type_items(api: &Api, range: std::ops::Range<usize>, m: &Models<'_>) -> TokenStream {
    let defs = api.types.get(range).unwrap_or_default().iter().map(|def| {
        let mut own = own_derives(def, m);
        own.table_decode = !has_user_extras(api, def);
        let (extras, schema_by_macro) = user_extras(api, def, &own);
        let ty = emit_type(def, &extras, &own, m);
        let schema = schema_by_macro.then(|| json_schema_impl(def, m.runtime));
        let validate = super::validate::emit_validate_impl(def, m.checks);
        quote!(#ty #schema #validate)
    });
    quote!(#(#defs)*)
}

/// The models that belong to operations: optional-parameter structs, multipart bodies and
/// response enums.
pub(crate) fn operation_items(operations: &[Operation], m: &Models<'_>) -> TokenStream {
    let (construct, runtime) = (m.construct, m.runtime);
    let eq = m.derives.eq_everywhere();
    let params = operations
        .iter()
        .filter_map(|op| emit_params_struct(op, construct, eq, m.checks, runtime));
    let bodies = operations
        .iter()
        .filter_map(|op| {
            let body = super::bodies::emit_multipart_struct(op, runtime, eq)?;
            let construction = construct.multipart_impl(op);
            Some(quote!(#body #construction))
        })
        .chain(
            operations
                .iter()
                .filter_map(|op| super::responses::emit_response_enum(op, runtime, eq)),
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
    eq: bool,
    checks: &super::validate::Ctx<'_>,
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
                pub #field: Option<#ty>,
            }
        });
    let docs = doc_lines(&format!(
        "Optional parameters of [`Client::{}`](super::client::Client::{}); leave unset what you do not need (`Default::default()` and the `with_…` methods, or `..Default::default()`).",
        op.rust_name, op.rust_name
    ));
    let setters = construct.params_impl(op);
    let derive = derive_attr(
        [quote!(Debug), quote!(Clone)]
            .into_iter()
            .chain(eq.then(|| quote!(PartialEq)))
            .chain([quote!(Default)]),
    );
    let validate = super::validate::params_impl(op, checks);
    Some(quote! {
        #docs
        #derive
        pub struct #name {
            #(#fields)*
        }

        #setters
        #validate
    })
}

/// No serde derive: enums, constants and unions implement serde by hand or by macro.
const NO_SERDE: Serde = Serde {
    serialize: false,
    deserialize: false,
};

/// The standard derives a model type gets (see [`Derives`]), by name, and its serde impls.
struct OwnDerives {
    names: Vec<&'static str>,
    serde: Serde,
    /// A struct's `Default`, derived or written out (see [`DefaultImpl`]).
    default: DefaultImpl,
    /// A struct may decode through the runtime's table (see `decode`) rather than the derive.
    table_decode: bool,
}

fn own_derives(def: &TypeDef, m: &Models<'_>) -> OwnDerives {
    let derives = m.derives;
    let serde = derives.serde(&def.rust_name);
    let default = match &def.kind {
        TypeKind::Struct(fields) => m.construct.default_impl(fields),
        _ => DefaultImpl::None,
    };
    let eq = derives.eq(&def.rust_name);
    let mut names = vec!["Debug", "Clone"];
    match &def.kind {
        TypeKind::Alias(_) => names.clear(),
        TypeKind::Struct(_) | TypeKind::Union(_) => names.extend(eq.then_some("PartialEq")),
        TypeKind::Enum(_) => names.extend(if eq {
            &["PartialEq", "Eq", "Hash"][..]
        } else {
            &[]
        }),
        TypeKind::Const(_) => {
            names.push("Copy");
            names.extend(if eq {
                &["PartialEq", "Eq", "Hash"][..]
            } else {
                &[]
            });
            names.push("Default");
        }
    }
    OwnDerives {
        names,
        serde,
        default,
        table_decode: true,
    }
}

impl OwnDerives {
    /// The derive list as tokens, with the serde derives in `serde`; a struct's derived
    /// `Default` and serde derives come last.
    fn tokens(&self, serde: Serde, runtime: &TokenStream) -> TokenStream {
        let names = self.names.iter().map(|n| {
            let n = ident(n);
            quote!(#n)
        });
        let default = (self.default == DefaultImpl::Derive).then(|| quote!(Default));
        let serialize = serde.serialize.then(|| quote!(#runtime::serde::Serialize));
        let deserialize = serde
            .deserialize
            .then(|| quote!(#runtime::serde::Deserialize));
        derive_attr(names.chain(default).chain(serialize).chain(deserialize))
    }

    /// Whether the type already has the derive `name` (a last path segment).
    fn has(&self, def: &TypeDef, name: &str) -> bool {
        let serde = match (&def.kind, name) {
            (TypeKind::Struct(_), "Serialize") => self.serde.serialize,
            (TypeKind::Struct(_), "Deserialize") => self.serde.deserialize,
            // Enums and constants implement serde through the runtime's macros, unions by
            // hand: a derive would be a second impl.
            (_, "Serialize" | "Deserialize") => true,
            _ => false,
        };
        let default = self.default != DefaultImpl::None && name == "Default";
        serde || default || self.names.contains(&name)
    }
}

/// The derives and attributes the user added to this type, as tokens (nothing for an alias,
/// and no derive the type already has, which would not compile twice), and whether a
/// `JsonSchema` derive is left to the runtime's macro instead (see [`json_schema_impl`]).
fn user_extras(api: &Api, def: &TypeDef, own: &OwnDerives) -> (TokenStream, bool) {
    if matches!(def.kind, TypeKind::Alias(_)) {
        return (TokenStream::new(), false);
    }
    // Enums, constants and unions have hand-written serde: a derived schema would describe
    // the wrong shape.
    let by_macro = !matches!(def.kind, TypeKind::Struct(_));
    let mut schema_by_macro = false;
    let none = Extras::default();
    let own_extras = api.own_extras.get(&def.rust_name).unwrap_or(&none);
    let extras = api
        .custom
        .extras_for(&def.api_name, &def.rust_name, own_extras);
    let derives: Vec<TokenStream> = extras
        .derives
        .iter()
        .filter(|d| !own.has(def, d.last_name()))
        .filter(|d| {
            let schema = by_macro && d.last_name() == "JsonSchema";
            schema_by_macro |= schema;
            !schema
        })
        .map(|d| d.tokens())
        .collect();
    let attributes = extras.attributes.iter().map(|a| a.tokens());
    let derive = (!derives.is_empty()).then(|| quote!(#[derive(#(#derives),*)]));
    (quote!(#(#attributes)* #derive), schema_by_macro)
}

/// Whether the user added derives or attributes to this type: they may read or write serde's
/// attributes (`schemars::JsonSchema` reads the fields' `rename`s, `serde_with::skip_serializing_none`
/// adds some, `#[serde(deny_unknown_fields)]` is one), so such a struct keeps
/// `#[derive(Deserialize)]` and its fields' `#[serde(…)]`.
fn has_user_extras(api: &Api, def: &TypeDef) -> bool {
    let none = Extras::default();
    let own_extras = api.own_extras.get(&def.rust_name).unwrap_or(&none);
    let extras = api
        .custom
        .extras_for(&def.api_name, &def.rust_name, own_extras);
    !extras.attributes.is_empty() || !extras.derives.is_empty()
}

/// `JsonSchema` of an enum, constant or union, from the runtime's macro (its `schemars`
/// feature): the known values, the constant, or any of the members.
fn json_schema_impl(def: &TypeDef, runtime: &TokenStream) -> TokenStream {
    let name = ident(&def.rust_name);
    let input = match &def.kind {
        TypeKind::Enum(_) => quote!(string_enum #name),
        TypeKind::Const(_) => quote!(constant #name),
        TypeKind::Union(union) => {
            let members = union.variants.iter().map(|v| {
                let ty = rust_type(&v.ty, &quote!(), runtime);
                match v.boxed {
                    true => {
                        let pointer = super::types::pointer(v.indirect, runtime);
                        quote!(#pointer<#ty>)
                    }
                    false => ty,
                }
            });
            quote!(union #name [#(#members),*])
        }
        TypeKind::Struct(_) | TypeKind::Alias(_) => return TokenStream::new(),
    };
    quote!(#runtime::impl_json_schema!(#input);)
}

fn emit_type(def: &TypeDef, extras: &TokenStream, own: &OwnDerives, m: &Models<'_>) -> TokenStream {
    let (construct, runtime) = (m.construct, m.runtime);
    let docs = match &def.kind {
        TypeKind::Alias(ty) => typed_doc(&def.docs, ty),
        _ => schema_doc(&def.docs),
    };
    let deprecated = def.docs.deprecated.then(|| quote!(#[deprecated]));
    let name = ident(&def.rust_name);
    let body = match &def.kind {
        TypeKind::Struct(fields) => emit_struct(&name, fields, own, construct, runtime),
        TypeKind::Enum(variants) => emit_enum(&name, variants, own, runtime),
        TypeKind::Union(union) => {
            let derive = own.tokens(NO_SERDE, runtime);
            let union_def = super::unions::emit_union(&name, union, &derive, own.serde, runtime);
            let froms = construct.union_froms(&name, union);
            quote!(#union_def #froms)
        }
        TypeKind::Const(value) => emit_const(&name, value, own, runtime),
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
    own: &OwnDerives,
    construct: &Construct<'_>,
    runtime: &TokenStream,
) -> TokenStream {
    let manual_default =
        (own.default == DefaultImpl::Manual).then(|| construct.manual_default(name, fields));
    let construction = construct.struct_impl(name, fields);
    // `Deserialize` from the runtime's table where it can (see `decode`), derived otherwise.
    let table = own.serde.deserialize && own.table_decode && super::decode::by_table(fields);
    let derived = Serde {
        serialize: own.serde.serialize,
        deserialize: own.serde.deserialize && !table,
    };
    let decode = table.then(|| super::decode::decode_impl(name, fields, runtime));
    let serde_derive = derived.serialize || derived.deserialize;
    let derive = own.tokens(derived, runtime);
    let serde_crate = serde_derive.then(|| super::serde_crate(runtime));
    let fields = fields
        .iter()
        .map(|field| emit_field(field, serde_derive, runtime));
    quote! {
        #derive
        #serde_crate
        pub struct #name {
            #(#fields)*
        }

        #decode
        #manual_default
        #construction
    }
}

fn is_option(field: &Field) -> bool {
    !field.required || field.nullable
}

fn emit_field(field: &Field, serde: bool, runtime: &TokenStream) -> TokenStream {
    let docs = field_doc(field);
    let deprecated = field.docs.deprecated.then(|| quote!(#[deprecated]));
    let name = ident(&field.rust_name);
    let ty = field_type(field, runtime);
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
    } else if !field.required {
        // Absent stays absent: an unset optional field is not sent as `null`.
        serde_args.push(quote!(default, skip_serializing_if = "Option::is_none"));
        if field.any_value {
            // `null` is a value of this field, not "absent".
            let keep_null = format!("{runtime}::keep_null").replace(' ', "");
            serde_args.push(quote!(deserialize_with = #keep_null));
        }
    }
    // Field attributes belong to a serde derive: none without one.
    let serde = (serde && !serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
    quote! {
        #docs
        #deprecated
        #serde
        pub #name: #ty,
    }
}

/// A field's declared type: boxed, and an `Option` or a three-state `Nullable` when it may be
/// absent or `null`.
pub(crate) fn field_type(field: &Field, runtime: &TokenStream) -> TokenStream {
    let mut ty = rust_type(&field.ty, &quote!(), runtime);
    if field.boxed {
        let pointer = super::types::pointer(field.indirect, runtime);
        ty = quote!(#pointer<#ty>);
    }
    if field.three_state() {
        quote!(#runtime::Nullable<#ty>)
    } else if is_option(field) {
        quote!(Option<#ty>)
    } else {
        ty
    }
}

/// A field's docs, without the documented `format` where its type already says it
/// (`formats::DateTime` for `date-time`).
fn field_doc(field: &Field) -> TokenStream {
    typed_doc(&field.docs, &field.ty)
}

/// Docs of something of type `ty` (a field, an alias), without the documented `format` when
/// `ty` is one of the runtime's format types, whose name says it.
fn typed_doc(docs: &crate::model::Docs, ty: &TypeRef) -> TokenStream {
    if !matches!(ty, TypeRef::Formatted(_)) {
        return schema_doc(docs);
    }
    let mut docs = docs.clone();
    docs.keywords.format = None;
    schema_doc(&docs)
}

/// A property pinned to one value: a unit struct, its impls from the runtime's macro.
fn emit_const(
    name: &proc_macro2::Ident,
    value: &ConstValue,
    own: &OwnDerives,
    runtime: &TokenStream,
) -> TokenStream {
    let (literal, text) = match value {
        ConstValue::String(value) => (quote!(#value), format!("`{}`", code_safe(value))),
        ConstValue::Integer(value) => {
            let literal = proc_macro2::Literal::i64_suffixed(*value);
            (quote!(#literal), format!("`{value}`"))
        }
    };
    let docs = doc_lines(&format!("Always {text} on the wire."));
    let derive = own.tokens(NO_SERDE, runtime);
    quote! {
        #docs
        #derive
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
    own: &OwnDerives,
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
    let derive = own.tokens(NO_SERDE, runtime);
    quote! {
        #derive
        #[non_exhaustive]
        pub enum #name {
            #(#decls)*
            /// A value this client does not know, kept as received.
            Unknown(String),
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
