//! Unions (`oneOf`/`anyOf`): an enum with one variant per member type.
//!
//! Untagged unions encode as serde's `untagged`; they decode as the first variant that keeps
//! the whole value (the runtime's `decode_untagged`), not merely the first that decodes. Tagged
//! ones dispatch on the discriminator property and keep values with an unknown tag, so a
//! service that adds a kind does not break the client; the runtime's `union` module does the
//! reading and writing, leaving one `match` per impl here.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::derives::Serde;
use super::docs::{code_safe, doc_lines, sanitize};
use super::ident;
use super::types::rust_type;
use crate::model::{Union, UnionVariant};

/// `derive`: the union's `#[derive(…)]` (without serde); `serde`: which impls it gets.
pub(crate) fn emit_union(
    name: &Ident,
    union: &Union,
    derive: &TokenStream,
    serde: Serde,
    runtime: &TokenStream,
) -> TokenStream {
    match &union.tag {
        Some(tag) => tagged(name, union, tag, derive, serde, runtime),
        None => untagged(name, union, derive, serde, runtime),
    }
}

fn untagged(
    name: &Ident,
    union: &Union,
    derive: &TokenStream,
    serde: Serde,
    runtime: &TokenStream,
) -> TokenStream {
    let variants = union.variants.iter().map(|v| declaration(v, None, runtime));
    let members = union.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        quote!(|value| #runtime::serde::Deserialize::deserialize(value).map(Self::#variant),)
    });
    let union_name = name.to_string();
    let serde_crate = super::serde_crate(runtime);
    let serialize = serde
        .serialize
        .then(|| quote!(#[derive(#runtime::serde::Serialize)] #serde_crate #[serde(untagged)]));
    let deserialize = serde.deserialize.then(|| {
        quote! {
            impl<'de> #runtime::serde::Deserialize<'de> for #name {
                fn deserialize<D: #runtime::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    #runtime::union::decode_untagged(deserializer, #union_name, &[#(#members)*])
                }
            }
        }
    });
    quote! {
        #derive
        #serialize
        pub enum #name {
            #(#variants)*
        }

        #deserialize
    }
}

fn tagged(
    name: &Ident,
    union: &Union,
    tag: &str,
    derive: &TokenStream,
    serde: Serde,
    runtime: &TokenStream,
) -> TokenStream {
    let variants = union
        .variants
        .iter()
        .map(|v| declaration(v, Some(tag), runtime));
    let unknown_doc = doc_lines(&format!(
        "A value whose `{}` this client does not know, kept as received.",
        code_safe(tag)
    ));
    let writes = union.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = v.tag_values.first().map(String::as_str).unwrap_or_default();
        quote!(Self::#variant(value) => #runtime::union::write_tagged(value, #tag, #value, serializer),)
    });
    let reads = union.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let values = &v.tag_values;
        let wrap = v.boxed.then(|| {
            let pointer = super::types::pointer(v.indirect, runtime);
            quote!(.map(#pointer::new))
        });
        let value = match (v.constant_tag, v.tag_values.first()) {
            (true, Some(pinned)) => quote!(#runtime::union::pin_tag(value, #tag, #pinned)),
            _ => quote!(value),
        };
        quote!(Some(#(#values)|*) => #runtime::union::decode_variant(#value)#wrap.map(Self::#variant),)
    });
    let shared = union.shared_tags.iter().map(|shared| {
        let value = &shared.value;
        let members = shared.variants.iter().filter_map(|i| union.variants.get(*i)).map(|v| {
            let variant = ident(&v.rust_name);
            quote!(|value| #runtime::serde::Deserialize::deserialize(value).map(Self::#variant),)
        });
        let union_name = name.to_string();
        quote! {
            Some(#value) => #runtime::union::decode_untagged(value, #union_name, &[#(#members)*])
                .map_err(<D::Error as #runtime::serde::de::Error>::custom),
        }
    });
    let serialize = serde.serialize.then(|| {
        quote! {
            impl #runtime::serde::Serialize for #name {
                fn serialize<S: #runtime::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    match self {
                        #(#writes)*
                        Self::Unknown(value) => #runtime::serde::Serialize::serialize(value, serializer),
                    }
                }
            }
        }
    });
    let deserialize = serde.deserialize.then(|| {
        quote! {
            impl<'de> #runtime::serde::Deserialize<'de> for #name {
                fn deserialize<D: #runtime::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let (tag, value) = #runtime::union::read_tagged(deserializer, #tag)?;
                    match tag.as_deref() {
                        #(#reads)*
                        #(#shared)*
                        _ => Ok(Self::Unknown(value)),
                    }
                }
            }
        }
    });
    quote! {
        #derive
        pub enum #name {
            #(#variants)*
            #unknown_doc
            Unknown(#runtime::serde_json::Value),
        }

        #serialize
        #deserialize
    }
}

fn declaration(variant: &UnionVariant, tag: Option<&str>, runtime: &TokenStream) -> TokenStream {
    let mut text = variant
        .description
        .as_deref()
        .map(sanitize)
        .unwrap_or_default();
    if let Some(tag) = tag {
        let values: Vec<String> = variant
            .tag_values
            .iter()
            .map(|v| format!("`{}`", code_safe(v)))
            .collect();
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&format!("`{}`: {}", code_safe(tag), values.join(", ")));
    }
    let docs = doc_lines(&text);
    let name = ident(&variant.rust_name);
    let mut ty = rust_type(&variant.ty, &quote!(), runtime);
    if variant.boxed {
        let pointer = super::types::pointer(variant.indirect, runtime);
        ty = quote!(#pointer<#ty>);
    }
    quote!(#docs #name(#ty),)
}
