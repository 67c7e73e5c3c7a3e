//! `Deserialize` for structs through the runtime's table (`rt::decode_struct`), instead of
//! `#[derive(Deserialize)]`: the derive writes a field-identifier enum, its visitor, and a
//! branch per field in both a `visit_seq` and a `visit_map` for every struct — half of what
//! rustc checked in Oxide Nexus' client. Here each struct says only its wire names, one slot
//! per field, and how the slots become the struct; the runtime reads the input exactly as the
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

/// The struct's `Deserialize` and `DecodeStruct` impls.
pub(crate) fn decode_impl(name: &Ident, fields: &[Field], runtime: &TokenStream) -> TokenStream {
    let rust_name = name.to_string();
    let wire_names = fields.iter().map(|field| &field.api_name);
    let slot_types = fields.iter().map(|field| slot_type(field, runtime));
    let empty = fields.iter().map(|_| quote!(None));
    let indices: Vec<Literal> = (0..fields.len()).map(Literal::usize_unsuffixed).collect();
    let fills = indices
        .iter()
        .map(|i| quote!(#i => slot.put(&mut slots.#i),));
    let values = fields.iter().zip(&indices).map(|(field, i)| {
        let name = ident(&field.rust_name);
        let value = if field.three_state() || (!field.required && !field.any_value) {
            // Absent is the default: `None`, or `Nullable::Absent`.
            quote!(slots.#i.unwrap_or_default())
        } else if !field.required {
            // Any JSON value: the slot holds the field, `Some(null)` when sent as `null`.
            quote!(slots.#i)
        } else {
            quote!(missing.take(slots.#i, #i)?)
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
            type Slots = (#(Option<#slot_types>,)*);

            fn slots() -> Self::Slots {
                (#(#empty,)*)
            }

            fn fill<S: #runtime::FieldSlot<'de>>(slots: &mut Self::Slots, index: usize, slot: S) -> Result<(), S::Error> {
                match index {
                    #(#fills)*
                    _ => Ok(()),
                }
            }

            fn finish<E: #runtime::serde::de::Error>(slots: Self::Slots, #missing: #runtime::Missing) -> Result<Self, E> {
                Ok(Self {
                    #(#values)*
                })
            }
        }
    }
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
