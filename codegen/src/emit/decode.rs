//! `Deserialize` for structs through the runtime's table (`rt::decode_struct`), instead of
//! `#[derive(Deserialize)]`: the derive writes a field-identifier enum, its visitor, and a
//! branch per field in both a `visit_seq` and a `visit_map` for every struct — half of what
//! rustc checked in Oxide Nexus' client. Here each struct says only its wire names, its
//! slots' types (a tuple of one `Option` per field) and how the slots become the struct; the runtime reads the input exactly as the
//! derive would (same errors, unknown fields ignored, `None` for a missing `Option`).
//!
//! A struct with a flattened field keeps the derive: flattening buffers the unclaimed entries
//! with serde's private machinery, which a hand-written impl cannot reach.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::ident;
use super::models::field_type;
use crate::model::Field;

/// Whether the struct decodes through the table: it has fields, and none is flattened.
pub(crate) fn by_table(fields: &[Field]) -> bool {
    !fields.is_empty() && !fields.iter().any(|field| field.flatten)
}

/// How many slots one tuple holds: the runtime implements `FieldSlots` for tuples of up to
/// 16 members; a struct with more fields nests tuples of 16.
const SLOT_CHUNK: usize = 16;

/// The struct's `Deserialize` and `DecodeStruct` impls.
pub(crate) fn decode_impl(name: &Ident, fields: &[Field], runtime: &TokenStream) -> TokenStream {
    let rust_name = name.to_string();
    let wire_names = fields.iter().map(|field| &field.api_name);
    let slot_types: Vec<TokenStream> = fields
        .iter()
        .map(|field| {
            let ty = slot_type(field, runtime);
            quote!(Option<#ty>)
        })
        .collect();
    let slots = slots_type(&slot_types);
    let values = fields.iter().enumerate().map(|(index, field)| {
        let name = ident(&field.rust_name);
        let slot = slot_access(index, fields.len());
        let value = if field.three_state() || (!field.required && !field.any_value) {
            // Absent is the default: `None`, or `Nullable::Absent`.
            quote!(#slot.unwrap_or_default())
        } else if !field.required {
            // Any JSON value: the slot holds the field, `Some(null)` when sent as `null`.
            quote!(#slot)
        } else {
            let index = Literal::usize_unsuffixed(index);
            quote!(missing.take(#slot, #index)?)
        };
        quote!(#name: #value,)
    });
    // A struct of optional fields has no use for `missing`.
    let missing = match fields.iter().any(|field| field.required) {
        true => quote!(missing),
        false => quote!(_),
    };
    quote! {
        #runtime::impl_deserialize_by_table!(#name);

        impl<'de> #runtime::DecodeStruct<'de> for #name {
            const NAME: &'static str = #rust_name;
            const FIELDS: &'static [&'static str] = &[#(#wire_names),*];
            type Slots = #slots;

            fn finish<E: #runtime::serde::de::Error>(slots: Self::Slots, #missing: #runtime::Missing) -> Result<Self, E> {
                Ok(Self {
                    #(#values)*
                })
            }
        }
    }
}

/// The slots' type: a tuple of the fields' `Option`s, or tuples of [`SLOT_CHUNK`] of them.
fn slots_type(slot_types: &[TokenStream]) -> TokenStream {
    if slot_types.len() <= SLOT_CHUNK {
        return quote!((#(#slot_types,)*));
    }
    let chunks = slot_types
        .chunks(SLOT_CHUNK)
        .map(|chunk| quote!((#(#chunk,)*)));
    quote!((#(#chunks,)*))
}

/// Where field `index` of `count` sits in the slots: `slots.3`, or `slots.1.3` when nested.
fn slot_access(index: usize, count: usize) -> TokenStream {
    if count <= SLOT_CHUNK {
        let index = Literal::usize_unsuffixed(index);
        return quote!(slots.#index);
    }
    let outer = Literal::usize_unsuffixed(index / SLOT_CHUNK);
    let inner = Literal::usize_unsuffixed(index % SLOT_CHUNK);
    quote!(slots.#outer.#inner)
}

/// What a field's slot holds: the value read, which is the field's type except for an
/// any-value optional field, whose slot is the field (`keep_null`'s `Some(null)`).
fn slot_type(field: &Field, runtime: &TokenStream) -> TokenStream {
    if field.required || !field.any_value || field.three_state() {
        return field_type(field, runtime);
    }
    // The field is `Option<Value>` (or an alias of `Value`); the slot reads the value itself.
    let mut ty = super::types::rust_type(&field.ty, &quote!(), runtime);
    if field.boxed {
        let pointer = super::types::pointer(field.indirect, runtime);
        ty = quote!(#pointer<#ty>);
    }
    ty
}
