//! `Validate` impls for request models, and the checks an operation runs before sending.
//!
//! Only request types with something to check get an impl: responses stay tolerant (a
//! service may answer values its own docs rule out), and empty impls would only cost compile
//! time.

use std::collections::{BTreeSet, HashMap};

use proc_macro2::{Literal, TokenStream, TokenTree};
use quote::{format_ident, quote};

use super::ident;
use crate::model::{
    named_in, Api, ApiReach, Field, Limit, Operation, Param, Rules, TypeDef, TypeIndex, TypeKind,
    TypeRef, Union,
};

/// What the checks need to know about the API.
pub(crate) struct Ctx<'a> {
    types: TypeIndex<'a>,
    /// Request types that have something to check (they get an impl of `Validate`).
    checked: BTreeSet<String>,
    runtime: TokenStream,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(api: &'a Api, runtime: TokenStream) -> Self {
        let types = TypeIndex::new(&api.types);
        let mut ctx = Ctx {
            types,
            checked: BTreeSet::new(),
            runtime,
        };
        ctx.checked = checked_types(api, &ctx);
        ctx
    }

    fn kind(&self, name: &str) -> Option<&'a TypeKind> {
        self.types.kind(name)
    }
}

/// Request types with rules to check: enums (an `Unknown` value is not allowed in a request),
/// structs with a rule on a field, and — propagated backwards through the references, once
/// per type — structs holding a checked type.
fn checked_types(api: &Api, ctx: &Ctx<'_>) -> BTreeSet<String> {
    let request = ApiReach::new(api, &ctx.types).requests;
    let mut patterns = Patterns::default();
    let mut checked = BTreeSet::new();
    let mut holders: HashMap<String, Vec<&str>> = HashMap::new();
    for def in api.types.iter().filter(|t| request.contains(&t.rust_name)) {
        let direct = match &def.kind {
            TypeKind::Enum(_) => true,
            // With nothing marked checked yet, a field check is non-empty only for its own rules.
            TypeKind::Struct(fields) => fields
                .iter()
                .any(|f| !field_check(f, ctx, &mut patterns).is_empty()),
            TypeKind::Alias(_) | TypeKind::Union(_) | TypeKind::Const(_) => false,
        };
        if direct {
            checked.insert(def.rust_name.clone());
        }
        for name in def.kind.held_types().into_iter().flat_map(named_in) {
            holders
                .entry(name.to_owned())
                .or_default()
                .push(&def.rust_name);
        }
    }
    let mut work: Vec<String> = checked.iter().cloned().collect();
    while let Some(name) = work.pop() {
        for holder in holders.get(&name).into_iter().flatten() {
            if checked.insert((*holder).to_owned()) {
                work.push((*holder).to_owned());
            }
        }
    }
    // Aliases were marked only to pass the mark on; they have no impl of their own.
    checked.retain(|name| !matches!(ctx.kind(name), Some(TypeKind::Alias(_))));
    checked
}

/// The `Validate` impl of one request type, if it has anything to check.
pub(crate) fn emit_validate_impl(def: &TypeDef, ctx: &Ctx<'_>) -> TokenStream {
    if !ctx.checked.contains(&def.rust_name) {
        return TokenStream::new();
    }
    let runtime = &ctx.runtime;
    let name = ident(&def.rust_name);
    let mut patterns = Patterns::default();
    let body = match &def.kind {
        TypeKind::Struct(fields) => {
            let checks = fields
                .iter()
                .map(|f| field_check(f, ctx, &mut patterns))
                .collect::<Vec<_>>();
            quote!(#(#checks)*)
        }
        // Every string enum implements `Validate` through the runtime's `impl_string_enum!`.
        TypeKind::Enum(_) => return TokenStream::new(),
        TypeKind::Union(union) => union_check(union, ctx, &mut patterns),
        // A constant cannot hold a wrong value; `impl_constant!` gives it an empty impl.
        TypeKind::Alias(_) | TypeKind::Const(_) => return TokenStream::new(),
    };
    let statics = patterns.statics(runtime);
    quote! {
        impl #runtime::Validate for #name {
            fn validate(&self, v: &mut #runtime::Validator) {
                #statics
                #body
            }
        }
    }
}

/// Checks the variant a union holds.
fn union_check(union: &Union, ctx: &Ctx<'_>, patterns: &mut Patterns) -> TokenStream {
    let arms = union.variants.iter().map(|variant| {
        let name = ident(&variant.rust_name);
        let check = value_check(&variant.ty, quote!(value), &Rules::default(), ctx, patterns);
        if check.is_empty() {
            return quote!(Self::#name(_) => {});
        }
        let unbox = variant.boxed.then(|| quote!(let value = &**value;));
        quote!(Self::#name(value) => { #unbox #check })
    });
    let unknown = union.tag.is_some().then(|| quote!(Self::Unknown(_) => {}));
    quote! {
        match self {
            #(#arms)*
            #unknown
        }
    }
}

fn field_check(field: &Field, ctx: &Ctx<'_>, patterns: &mut Patterns) -> TokenStream {
    let name = ident(&field.rust_name);
    let api_name = &field.api_name;
    let check = value_check(&field.ty, quote!(value), field.rules(), ctx, patterns);
    if check.is_empty() {
        return TokenStream::new();
    }
    if !field.boxed && !field.flatten && !field.three_state() && nested_only(&field.ty, ctx) {
        // Only the field's own type has rules (an `Option` of it checks when set).
        return quote!(v.nested(#api_name, &self.#name););
    }
    let closure = closure(&check);
    let unbox = field.boxed.then(|| quote!(let value = &**value;));
    if field.flatten {
        // Its fields are the struct's own on the wire, so they are reported without a prefix.
        return quote!({ let value = &self.#name; #check });
    }
    if field.three_state() {
        // Absent and `null` have no value to check.
        let runtime = &ctx.runtime;
        quote! {
            if let #runtime::Nullable::Value(value) = &self.#name {
                #unbox
                v.field(#api_name, #closure);
            }
        }
    } else if !field.required || field.nullable {
        quote! {
            if let Some(value) = &self.#name {
                #unbox
                v.field(#api_name, #closure);
            }
        }
    } else {
        let value = if field.boxed {
            quote!(&*self.#name)
        } else {
            quote!(&self.#name)
        };
        quote!(v.field(#api_name, |v| { let value = #value; #check });)
    }
}

/// The closure that runs `checks`: `|v| v.pattern(value, &P)` for one statement, so that it
/// prints on the call's line, else `|v| { … }`.
fn closure(checks: &TokenStream) -> TokenStream {
    let tokens: Vec<TokenTree> = checks.clone().into_iter().collect();
    let is_semicolon = |t: &TokenTree| matches!(t, TokenTree::Punct(p) if p.as_char() == ';');
    match tokens.split_last() {
        Some((last, body)) if is_semicolon(last) && !body.iter().any(is_semicolon) => {
            let body: TokenStream = body.iter().cloned().collect();
            quote!(|v| #body)
        }
        _ => quote!(|v| { #checks }),
    }
}

/// Whether the only checks of a `ty` value are its own type's `Validate` impl (a named, checked
/// type, through aliases).
fn nested_only(ty: &TypeRef, ctx: &Ctx<'_>) -> bool {
    match ty {
        TypeRef::Named(name) => match ctx.kind(name) {
            Some(TypeKind::Alias(target)) => nested_only(target, ctx),
            Some(_) => ctx.checked.contains(name),
            None => false,
        },
        _ => false,
    }
}

/// Checks of `value` (an expression of type `&T` for the type `ty`), or nothing.
fn value_check(
    ty: &TypeRef,
    value: TokenStream,
    rules: &Rules,
    ctx: &Ctx<'_>,
    patterns: &mut Patterns,
) -> TokenStream {
    match ty {
        TypeRef::String => string_checks(&value, rules, patterns),
        TypeRef::I32
        | TypeRef::I64
        | TypeRef::U64
        | TypeRef::U32
        | TypeRef::U16
        | TypeRef::U8
        | TypeRef::F64 => number_checks(ty, &value, rules),
        TypeRef::Vec(inner) => {
            let mut checks = TokenStream::new();
            if let Some(min) = rules
                .min_items
                .filter(|min| *min > 0)
                .map(Literal::usize_unsuffixed)
            {
                checks.extend(quote!(v.min_items(#value.len(), #min);));
            }
            if let Some(max) = rules.max_items.map(Literal::usize_unsuffixed) {
                checks.extend(quote!(v.max_items(#value.len(), #max);));
            }
            let item = value_check(inner, quote!(item), &Rules::default(), ctx, patterns);
            if !item.is_empty() {
                let closure = closure(&item);
                checks.extend(quote! {
                    for (index, item) in #value.iter().enumerate() {
                        v.index(index, #closure);
                    }
                });
            }
            checks
        }
        TypeRef::Map(inner) => {
            let item = value_check(inner, quote!(item), &Rules::default(), ctx, patterns);
            if item.is_empty() {
                return item;
            }
            let closure = closure(&item);
            quote! {
                for (key, item) in #value {
                    v.field(key, #closure);
                }
            }
        }
        TypeRef::Nullable(inner) => {
            let inner = value_check(inner, quote!(value), rules, ctx, patterns);
            if inner.is_empty() {
                return inner;
            }
            quote!(if let Some(value) = #value { #inner })
        }
        TypeRef::Named(name) => match ctx.kind(name) {
            Some(TypeKind::Alias(target)) => value_check(target, value, rules, ctx, patterns),
            Some(_) if ctx.checked.contains(name) => {
                let runtime = &ctx.runtime;
                quote!(#runtime::Validate::validate(#value, v);)
            }
            _ => TokenStream::new(),
        },
        // A formatted value is sent as it was received or built: echoing a service's own odd
        // timestamp back (read, modify, write) must keep working.
        TypeRef::Bool | TypeRef::Json | TypeRef::Formatted(_) | TypeRef::External(_) => {
            TokenStream::new()
        }
    }
}

fn string_checks(value: &TokenStream, rules: &Rules, patterns: &mut Patterns) -> TokenStream {
    let mut checks = TokenStream::new();
    // A zero minimum allows everything: no check.
    if let Some(min) = rules
        .min_length
        .filter(|min| *min > 0)
        .map(Literal::usize_unsuffixed)
    {
        checks.extend(quote!(v.min_length(#value, #min);));
    }
    if let Some(max) = rules.max_length.map(Literal::usize_unsuffixed) {
        checks.extend(quote!(v.max_length(#value, #max);));
    }
    if let Some(pattern) = &rules.pattern {
        let pattern = patterns.add(pattern);
        checks.extend(quote!(v.pattern(#value, &#pattern);));
    }
    checks
}

fn number_checks(ty: &TypeRef, value: &TokenStream, rules: &Rules) -> TokenStream {
    // As `f64`: exact for every bound a spec writes, and one comparison for all number types.
    let number = match ty {
        TypeRef::F64 => quote!(*#value),
        TypeRef::I64 | TypeRef::U64 => quote!(*#value as f64),
        _ => quote!(f64::from(*#value)),
    };
    let mut checks = TokenStream::new();
    if let Some(min) = rules.minimum.map(Limit::as_f64).filter(|m| m.is_finite()) {
        let (min, exclusive) = (Literal::f64_unsuffixed(min), rules.exclusive_minimum);
        checks.extend(quote!(v.minimum(#number, #min, #exclusive);));
    }
    if let Some(max) = rules.maximum.map(Limit::as_f64).filter(|m| m.is_finite()) {
        let (max, exclusive) = (Literal::f64_unsuffixed(max), rules.exclusive_maximum);
        checks.extend(quote!(v.maximum(#number, #max, #exclusive);));
    }
    checks
}

/// The checks an operation runs on its arguments and body before sending anything.
pub(crate) fn operation_checks(op: &Operation, ctx: &Ctx<'_>) -> TokenStream {
    let runtime = &ctx.runtime;
    let mut patterns = Patterns::default();
    let mut checks = TokenStream::new();
    // Values checked as a whole through their `Validate` impl; with nothing else to check,
    // one of them is one `validate(..)?` line.
    let mut wholes = Vec::new();
    for param in op
        .params
        .iter()
        .filter(|p| p.client_param.is_none() && p.required)
    {
        checks.extend(param_check(param, &quote!(params), ctx, &mut patterns));
    }
    if op.params_struct.is_some() && has_params_checks(op, ctx) {
        wholes.push(quote!(params));
    }
    if let Some((body, ty)) = op.body.as_ref().and_then(|b| Some((b, b.model_type()?))) {
        let check = value_check(ty, quote!(body), &Rules::default(), ctx, &mut patterns);
        match (check.is_empty(), ty) {
            (true, _) => {}
            (false, TypeRef::Named(name))
                if !matches!(ctx.kind(name), Some(TypeKind::Alias(_))) =>
            {
                wholes.push(match body.required {
                    true => quote!(body),
                    false => quote!(&body),
                })
            }
            (false, _) => checks.extend(match body.required {
                true => check,
                false => quote!(if let Some(body) = body { #check }),
            }),
        }
    }
    if checks.is_empty() {
        return match wholes.as_slice() {
            [] => TokenStream::new(),
            [whole] => quote!(#runtime::validate(#whole)?;),
            _ => quote! {
                let mut v = #runtime::Validator::new();
                #(#runtime::Validate::validate(#wholes, &mut v);)*
                v.finish()?;
            },
        };
    }
    let statics = patterns.statics(runtime);
    quote! {
        #statics
        let mut validator = #runtime::Validator::new();
        let v = &mut validator;
        #checks
        #(#runtime::Validate::validate(#wholes, v);)*
        validator.finish()?;
    }
}

fn has_params_checks(op: &Operation, ctx: &Ctx<'_>) -> bool {
    let mut patterns = Patterns::default();
    optional_params(op).any(|p| !param_check(p, &quote!(self), ctx, &mut patterns).is_empty())
}

fn optional_params(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params
        .iter()
        .filter(|p| p.client_param.is_none() && !p.required)
}

/// `impl Validate for …Params`: the documented rules of the optional parameters, checked by
/// the operation in one call. Nothing when no parameter has a rule.
pub(crate) fn params_impl(op: &Operation, ctx: &Ctx<'_>) -> Option<TokenStream> {
    let name = ident(op.params_struct.as_ref()?);
    let runtime = &ctx.runtime;
    let mut patterns = Patterns::default();
    let checks: TokenStream = optional_params(op)
        .map(|p| param_check(p, &quote!(self), ctx, &mut patterns))
        .collect();
    if checks.is_empty() {
        return None;
    }
    let statics = patterns.statics(runtime);
    Some(quote! {
        impl #runtime::Validate for #name {
            fn validate(&self, v: &mut #runtime::Validator) {
                #statics
                #checks
            }
        }
    })
}

/// The checks of one parameter: a required one is a method argument, an optional one a field
/// of `holder` (the `…Params` struct).
fn param_check(
    param: &Param,
    holder: &TokenStream,
    ctx: &Ctx<'_>,
    patterns: &mut Patterns,
) -> TokenStream {
    let name = ident(&param.rust_name);
    let api_name = &param.api_name;
    let check = value_check(&param.ty, quote!(value), &param.rules, ctx, patterns);
    if check.is_empty() {
        return check;
    }
    if !param.required {
        let closure = closure(&check);
        return quote! {
            if let Some(value) = &#holder.#name {
                v.field(#api_name, #closure);
            }
        };
    }
    // Arguments of string, list and named types are references already; numbers are not.
    let value = match &param.ty {
        TypeRef::String
        | TypeRef::Vec(_)
        | TypeRef::Named(_)
        | TypeRef::Formatted(_)
        | TypeRef::External(_) => quote!(#name),
        _ => quote!(&#name),
    };
    quote!(v.field(#api_name, |v| { let value = #value; #check });)
}

/// The patterns one function uses, declared as lazily compiled statics at its top.
#[derive(Default)]
struct Patterns(Vec<String>);

impl Patterns {
    fn add(&mut self, pattern: &str) -> proc_macro2::Ident {
        let index = match self.0.iter().position(|p| p == pattern) {
            Some(index) => index,
            None => {
                self.0.push(pattern.to_owned());
                self.0.len() - 1
            }
        };
        format_ident!("PATTERN_{}", index)
    }

    fn statics(&self, runtime: &TokenStream) -> TokenStream {
        let statics = self.0.iter().enumerate().map(|(i, pattern)| {
            let name = format_ident!("PATTERN_{}", i);
            quote!(static #name: #runtime::Pattern = #runtime::Pattern::new(#pattern);)
        });
        quote!(#(#statics)*)
    }
}
