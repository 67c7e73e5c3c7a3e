//! Building models without naming every field: `Default` where every field has a meaningful
//! default, `new(required…)` plus `with_…` setters on request models and `…Params` structs,
//! and `From` impls that put a union member into its union.
//!
//! Why hand-emitted rather than a builder-derive crate: one `impl` block per request model is
//! all it takes, nothing is checked at run time (a missing required field is a compile error,
//! as with a struct literal), and no proc-macro runs in the generated crate's build.
//!
//! Pinned values (union tags, runtime `Constant`s) are set here, never by the caller: they
//! get no argument and no setter. Deprecated optional fields start unset, so a caller who does
//! not set them sees no deprecation warning; their setters carry `#[deprecated]`.

use std::collections::{BTreeSet, HashMap, HashSet};

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::ident;
use super::types::rust_type;
use crate::model::{
    Api, ApiReach, BodyKind, Field, MultipartField, Operation, PartKind, TypeIndex, TypeKind,
    TypeRef, Union,
};

/// What construction needs to know about the API.
pub(crate) struct Construct<'a> {
    kinds: HashMap<&'a str, &'a TypeKind>,
    /// Types a request can contain: they get `new` and the setters.
    request: BTreeSet<String>,
    runtime: TokenStream,
}

/// How a field is stored (mirrors `models::emit_field`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    Plain,
    Option,
    /// Optional and nullable: the runtime's three-state `Nullable`.
    Nullable,
}

fn slot(field: &Field) -> Slot {
    if field.three_state() {
        Slot::Nullable
    } else if !field.required || field.nullable {
        Slot::Option
    } else {
        Slot::Plain
    }
}

/// How a struct gets `Default`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum DefaultImpl {
    None,
    Derive,
    /// Written out: an optional pinned field starts as its constant, not `None`.
    Manual,
}

impl<'a> Construct<'a> {
    pub(crate) fn new(api: &'a Api, runtime: TokenStream) -> Self {
        Construct {
            kinds: api
                .types
                .iter()
                .map(|t| (t.rust_name.as_str(), &t.kind))
                .collect(),
            request: request_types(api),
            runtime,
        }
    }

    /// The type through aliases (bounded: an alias cycle stops the walk).
    fn resolve<'t>(&'t self, ty: &'t TypeRef) -> &'t TypeRef {
        let mut ty = ty;
        for _ in 0..=self.kinds.len() {
            match ty {
                TypeRef::Named(name) => match self.kinds.get(name.as_str()) {
                    Some(TypeKind::Alias(target)) => ty = target,
                    _ => return ty,
                },
                _ => return ty,
            }
        }
        ty
    }

    /// The value a pinned field always holds: a constant (a union member's tag), or a
    /// required one-value enum. The generated code sets it; the caller never does.
    fn pinned_value(&self, field: &Field) -> Option<TokenStream> {
        let TypeRef::Named(name) = self.resolve(&field.ty) else {
            return None;
        };
        match self.kinds.get(name.as_str())? {
            TypeKind::Const(_) => Some(quote!(::std::default::Default::default())),
            TypeKind::Enum(variants) if variants.len() == 1 && slot(field) == Slot::Plain => {
                let (ty, variant) = (ident(name), ident(&variants[0].rust_name));
                Some(quote!(#ty::#variant))
            }
            _ => None,
        }
    }

    fn is_pinned(&self, field: &Field) -> bool {
        self.pinned_value(field).is_some()
    }

    /// A field whose start value is known without the caller: unset, pinned, or a flattened
    /// map of extra properties (empty).
    fn has_default(&self, field: &Field) -> bool {
        slot(field) != Slot::Plain
            || self.is_pinned(field)
            || (field.flatten && matches!(field.ty, TypeRef::Map(_)))
    }

    pub(crate) fn default_impl(&self, fields: &[Field]) -> DefaultImpl {
        if !fields.iter().all(|f| self.has_default(f)) {
            return DefaultImpl::None;
        }
        // A derived `Default` starts every field at its type's default: right for a required
        // constant, wrong for an optional one (`None`) or a one-value enum (no `Default`).
        let derivable = fields.iter().all(|f| {
            !self.is_pinned(f)
                || (slot(f) == Slot::Plain
                    && matches!(self.resolve(&f.ty), TypeRef::Named(n)
                        if matches!(self.kinds.get(n.as_str()), Some(TypeKind::Const(_)))))
        });
        match derivable {
            true => DefaultImpl::Derive,
            false => DefaultImpl::Manual,
        }
    }

    /// The start value of a field the caller does not pass.
    fn start_value(&self, field: &Field) -> TokenStream {
        let runtime = &self.runtime;
        match (slot(field), self.pinned_value(field)) {
            (Slot::Plain, Some(value)) => value,
            (Slot::Plain, None) => quote!(::std::default::Default::default()),
            (Slot::Option, Some(value)) => quote!(Some(#value)),
            (Slot::Option, None) => quote!(None),
            (Slot::Nullable, Some(value)) => quote!(#runtime::Nullable::Value(#value)),
            (Slot::Nullable, None) => quote!(#runtime::Nullable::Absent),
        }
    }

    /// A hand-written `Default` (see [`DefaultImpl::Manual`]).
    pub(crate) fn manual_default(&self, name: &Ident, fields: &[Field]) -> TokenStream {
        let inits = fields.iter().map(|f| {
            let field = ident(&f.rust_name);
            let value = self.start_value(f);
            quote!(#field: #value,)
        });
        quote! {
            impl ::std::default::Default for #name {
                fn default() -> Self {
                    Self { #(#inits)* }
                }
            }
        }
    }

    /// `new(required…)` (unless every field has a default) and one `with_…` setter per
    /// optional field, for a struct a request can contain.
    pub(crate) fn struct_impl(&self, name: &Ident, fields: &[Field]) -> TokenStream {
        if !self.request.contains(&name.to_string()) {
            return TokenStream::new();
        }
        let names = setter_names(fields.iter().map(|f| f.rust_name.as_str()));
        let taken: HashSet<String> = names.iter().map(ToString::to_string).collect();
        let setters: Vec<TokenStream> = fields
            .iter()
            .zip(names)
            .filter(|(f, _)| slot(f) != Slot::Plain && !self.is_pinned(f))
            .map(|(f, setter)| {
                let value = self.setter(f, &setter);
                let null =
                    (slot(f) == Slot::Nullable).then(|| self.null_setter(f, &setter, &taken));
                quote!(#value #null)
            })
            .collect();
        let new = (self.default_impl(fields) == DefaultImpl::None)
            .then(|| self.new_fn(fields, !setters.is_empty()));
        if new.is_none() && setters.is_empty() {
            return TokenStream::new();
        }
        let wrapper = new.is_some().then(|| self.wrapper_from(name, fields));
        quote! {
            impl #name {
                #new
                #(#setters)*
            }

            #wrapper
        }
    }

    /// `From<Inner> for Wrapper` when `new` takes one model and nothing else (the vendor's
    /// `{"traffic_mirror_session": {...}}` bodies): `&option.into()` is then the body.
    fn wrapper_from(&self, name: &Ident, fields: &[Field]) -> Option<TokenStream> {
        let mut required = fields.iter().filter(|f| !self.has_default(f));
        let (Some(only), None) = (required.next(), required.next()) else {
            return None;
        };
        let TypeRef::Named(inner) = &only.ty else {
            return None;
        };
        let convertible = name != inner
            && matches!(
                self.kinds.get(inner.as_str()),
                Some(TypeKind::Struct(_) | TypeKind::Union(_) | TypeKind::Enum(_))
            );
        let inner = ident(inner);
        convertible.then(|| {
            quote! {
                impl From<#inner> for #name {
                    fn from(value: #inner) -> Self {
                        Self::new(value)
                    }
                }
            }
        })
    }

    fn new_fn(&self, fields: &[Field], has_setters: bool) -> TokenStream {
        let mut args = Vec::new();
        let mut inits = Vec::new();
        for f in fields {
            let field = ident(&f.rust_name);
            if self.has_default(f) {
                let value = self.start_value(f);
                inits.push(quote!(#field: #value,));
                continue;
            }
            let (ty, value) = self.argument(f, &field);
            // A value taken as it is uses the shorthand (clippy's `redundant_field_names`).
            inits.push(match (f.boxed, value) {
                (true, value) => {
                    let value = value.unwrap_or_else(|| quote!(#field));
                    let pointer = super::types::pointer(f.indirect, &self.runtime);
                    quote!(#field: #pointer::new(#value),)
                }
                (false, Some(value)) => quote!(#field: #value,),
                (false, None) => quote!(#field,),
            });
            args.push(quote!(#field: #ty));
        }
        let too_many = (args.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
        let doc = match has_setters {
            true => {
                " From the required fields; optional ones start unset (see the `with_…` methods)."
            }
            false => " From the required fields.",
        };
        quote! {
            #[doc = #doc]
            #too_many
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits)* }
            }
        }
    }

    /// How a value of the field's type is taken: `impl Into<T>` for text and named types (a
    /// `&str`, or a union member for its union), the type itself otherwise (an `impl Into`
    /// of a number type would refuse plain integer literals). `value.into()` resolves through
    /// the argument's own `Into` bound, so a spec type named `Into` cannot shadow it.
    fn argument(&self, field: &Field, name: &Ident) -> (TokenStream, Option<TokenStream>) {
        let ty = rust_type(&field.ty, &quote!(), &self.runtime);
        match self.takes_into(&field.ty) {
            true => (quote!(impl Into<#ty>), Some(quote!(#name.into()))),
            false => (ty, None),
        }
    }

    /// Text and named types are taken as `impl Into<T>` (see [`Self::argument`]).
    fn takes_into(&self, ty: &TypeRef) -> bool {
        matches!(self.resolve(ty), TypeRef::String | TypeRef::Named(_))
    }

    fn setter(&self, field: &Field, setter: &Ident) -> TokenStream {
        let ty = rust_type(&field.ty, &quote!(), &self.runtime);
        let into = self.takes_into(&field.ty);
        let store = Store {
            nullable: slot(field) == Slot::Nullable,
            into,
            boxed: field.boxed,
            deprecated: field.docs.deprecated,
        };
        setter_line(&self.runtime, setter, &field.rust_name, ty, store)
    }

    /// `with_…_null()` for a three-state field: sends an explicit `null` (`with_…_as_null` if
    /// another field's setter has that name).
    fn null_setter(&self, field: &Field, setter: &Ident, taken: &HashSet<String>) -> TokenStream {
        let mut name = format_ident!("{}_null", setter);
        if taken.contains(&name.to_string()) {
            name = format_ident!("{}_as_null", setter);
        }
        let deprecated = field.docs.deprecated.then(|| quote!(#[deprecated]));
        let (runtime, field) = (&self.runtime, ident(&field.rust_name));
        quote!(#runtime::setter!(#deprecated #name => #field = Null);)
    }

    /// One `with_…` setter per optional parameter of an operation's `…Params` struct.
    pub(crate) fn params_impl(&self, op: &Operation) -> TokenStream {
        let Some(params) = &op.params_struct else {
            return TokenStream::new();
        };
        let optional: Vec<_> = op
            .params
            .iter()
            .filter(|p| !p.required && p.client_param.is_none())
            .collect();
        let names = setter_names(optional.iter().map(|p| p.rust_name.as_str()));
        let setters = optional.iter().zip(names).map(|(p, setter)| {
            let ty = rust_type(&p.ty, &quote!(), &self.runtime);
            let into = self.takes_into(&p.ty);
            let store = Store {
                into,
                ..Store::default()
            };
            setter_line(&self.runtime, &setter, &p.rust_name, ty, store)
        });
        let name = ident(params);
        quote! {
            impl #name {
                #(#setters)*
            }
        }
    }

    /// `new(required…)` and a `with_…` setter per optional part of an operation's multipart
    /// body struct (file parts take a `FilePart`, lists a `Vec`).
    pub(crate) fn multipart_impl(&self, op: &Operation) -> TokenStream {
        let Some(BodyKind::Multipart(multipart)) = op.body.as_ref().map(|b| &b.kind) else {
            return TokenStream::new();
        };
        let runtime = &self.runtime;
        let take = |field: &MultipartField, name: &Ident| {
            let item = match &field.part {
                PartKind::File => quote!(#runtime::FilePart),
                PartKind::Text(ty) | PartKind::Json(ty) => rust_type(ty, &quote!(), runtime),
            };
            let into = match &field.part {
                PartKind::Text(ty) | PartKind::Json(ty) if !field.list => self.takes_into(ty),
                _ => false,
            };
            match (field.list, into) {
                (true, _) => (quote!(Vec<#item>), None),
                (false, true) => (item, Some(quote!(#name.into()))),
                (false, false) => (item, None),
            }
        };
        let (mut args, mut inits) = (Vec::new(), Vec::new());
        for field in multipart.fields.iter() {
            let name = ident(&field.rust_name);
            if field.required {
                let (ty, value) = take(field, &name);
                let ty = match value.is_some() {
                    true => quote!(impl Into<#ty>),
                    false => ty,
                };
                args.push(quote!(#name: #ty));
                inits.push(match value {
                    Some(value) => quote!(#name: #value,),
                    None => quote!(#name,),
                });
            } else {
                inits.push(quote!(#name: None,));
            }
        }
        let new = (!args.is_empty()).then(|| {
            let too_many = (args.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
            quote! {
                /// From the required parts; optional ones start unset.
                #too_many
                pub fn new(#(#args),*) -> Self {
                    Self { #(#inits)* }
                }
            }
        });
        let optional: Vec<&MultipartField> =
            multipart.fields.iter().filter(|f| !f.required).collect();
        let names = setter_names(optional.iter().map(|f| f.rust_name.as_str()));
        let setters = optional.iter().zip(names).map(|(field, setter)| {
            let (ty, converted) = take(field, &format_ident!("value"));
            let store = Store {
                into: converted.is_some(),
                ..Store::default()
            };
            setter_line(runtime, &setter, &field.rust_name, ty, store)
        });
        let name = ident(&multipart.rust_name);
        quote! {
            impl #name {
                #new
                #(#setters)*
            }
        }
    }

    /// `From<Member> for Union` for each member that is a struct, enum or union of its own
    /// and appears once, so a member converts into the union with `.into()` (and setters
    /// taking `impl Into<Union>` take the member itself).
    pub(crate) fn union_froms(&self, name: &Ident, union: &Union) -> TokenStream {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for v in &union.variants {
            if let TypeRef::Named(member) = &v.ty {
                *counts.entry(member.as_str()).or_default() += 1;
            }
        }
        let own = name.to_string();
        let froms = union.variants.iter().filter_map(|v| {
            let TypeRef::Named(member) = &v.ty else {
                return None;
            };
            let convertible = counts.get(member.as_str()) == Some(&1)
                && *member != own
                && matches!(
                    self.kinds.get(member.as_str()),
                    Some(TypeKind::Struct(_) | TypeKind::Enum(_) | TypeKind::Union(_))
                );
            if !convertible {
                return None;
            }
            let (member, variant) = (ident(member), ident(&v.rust_name));
            let value = match v.boxed {
                true => {
                    let pointer = super::types::pointer(v.indirect, &self.runtime);
                    quote!(#pointer::new(value))
                }
                false => quote!(value),
            };
            Some(quote! {
                impl From<#member> for #name {
                    fn from(value: #member) -> Self {
                        Self::#variant(#value)
                    }
                }
            })
        });
        quote!(#(#froms)*)
    }
}

/// How a setter stores its value (see the runtime's `setter!`).
#[derive(Default)]
struct Store {
    /// A three-state field: `Nullable::Value` rather than `Some`.
    nullable: bool,
    /// Takes `impl Into<T>`.
    into: bool,
    boxed: bool,
    deprecated: bool,
}

/// `runtime::setter!(with_x => x = Some(Into<T>));`: one line per setter, expanded by the runtime.
fn setter_line(
    runtime: &TokenStream,
    setter: &Ident,
    field: &str,
    ty: TokenStream,
    store: Store,
) -> TokenStream {
    let field = ident(field);
    let deprecated = store.deprecated.then(|| quote!(#[deprecated]));
    let wrap = match store.nullable {
        true => quote!(Nullable),
        false => quote!(Some),
    };
    let taken = match (store.boxed, store.into) {
        (true, _) => quote!(box Into<#ty>),
        (false, true) => quote!(Into<#ty>),
        (false, false) => ty,
    };
    quote!(#runtime::setter!(#deprecated #setter => #field = #wrap(#taken));)
}

/// Types a request can contain: those validation checks (bodies and parameters) and those in
/// the parts of a multipart body.
fn request_types(api: &Api) -> BTreeSet<String> {
    ApiReach::new(api, &TypeIndex::new(&api.types)).sent
}

/// `with_<field>`, without the `_` that escaped a keyword (`type_` → `with_type`) or a leading
/// digit (`_123` → `with_123`; `with__123` is not snake case) unless that makes two setters the
/// same; then the field's own name (its leading `_` still dropped).
fn setter_names<'n>(fields: impl Iterator<Item = &'n str>) -> Vec<Ident> {
    let fields: Vec<&str> = fields.collect();
    let short: Vec<String> = fields
        .iter()
        .map(|f| format!("with_{}", f.trim_matches('_')))
        .collect();
    let mut seen = HashSet::new();
    let duplicated: HashSet<&String> = short.iter().filter(|s| !seen.insert(*s)).collect();
    fields
        .iter()
        .zip(&short)
        .map(|(field, short)| match duplicated.contains(short) {
            true => format_ident!("with_{}", field.trim_start_matches('_')),
            false => ident(short),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::setter_names;

    #[test]
    fn setter_names_drop_the_keyword_escape_unless_two_would_clash() {
        let names: Vec<String> = setter_names(["type_", "name", "a_", "a__", "_123"].into_iter())
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            names,
            ["with_type", "with_name", "with_a_", "with_a__", "with_123"]
        );
    }
}
