//! Request bodies in the generated code: the argument type, the statement that attaches the
//! body to the request, and the struct of a multipart body.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_lines, sanitize};
use super::ident;
use super::types::rust_type;
use crate::model::{
    BodyKind, MultipartBody, MultipartField, Operation, PartKind, RequestBody, TypeRef,
};

/// How the method takes the body.
pub(crate) fn arg_type(body: &RequestBody, runtime: &TokenStream) -> TokenStream {
    let models = quote!(models::);
    let ty = match &body.kind {
        BodyKind::Json(ty) | BodyKind::Form(ty) => {
            let ty = rust_type(ty, &models, runtime);
            quote!(&#ty)
        }
        BodyKind::Multipart(multipart) => {
            let name = ident(&multipart.rust_name);
            quote!(&#models #name)
        }
        BodyKind::MultipartParts => quote!(&#runtime::Multipart),
        BodyKind::Text => quote!(&str),
        BodyKind::Binary => return super::streaming::upload_arg_type(body.required, runtime),
    };
    optional(body, ty)
}

fn optional(body: &RequestBody, ty: TokenStream) -> TokenStream {
    match body.required {
        true => ty,
        false => quote!(Option<#ty>),
    }
}

/// How a wrapper (the all-pages method) passes the body on.
pub(crate) fn forward(body: &RequestBody) -> TokenStream {
    match body.kind {
        BodyKind::Binary => quote!(body.clone()),
        _ => quote!(body),
    }
}

/// The builder step attaching the body: `.json(body)?` and the like, or for an optional body
/// the runtime's `body_opt`, which attaches it only when given.
pub(crate) fn attach(body: &RequestBody) -> TokenStream {
    let media_type = &body.media_type;
    // The request method and whether it can fail (serializing can; raw bytes cannot).
    let (call, fallible) = match &body.kind {
        BodyKind::Json(_) if media_type == "application/json" => (quote!(json(body)), true),
        BodyKind::Json(_) => (quote!(json_as(#media_type, body)), true),
        BodyKind::Form(_) => (quote!(form(body)), true),
        BodyKind::Multipart(_) => (quote!(multipart(&body.to_multipart()?)), true),
        BodyKind::MultipartParts => (quote!(multipart(body)), true),
        BodyKind::Text => (quote!(bytes(#media_type, String::from(body))), false),
        BodyKind::Binary => (super::streaming::upload_call(media_type), false),
    };
    match (body.required, fallible) {
        (true, true) => quote!(.#call?),
        (true, false) => quote!(.#call),
        (false, true) => quote!(.body_opt(body, |request, body| request.#call)?),
        (false, false) => {
            quote!(.body_opt(body, |request, body| Ok(request.#call))?)
        }
    }
}

/// The struct a caller fills for a multipart body, and its conversion into parts (`eq`: it
/// derives `PartialEq`).
pub(crate) fn emit_multipart_struct(
    op: &Operation,
    runtime: &TokenStream,
    eq: bool,
) -> Option<TokenStream> {
    let BodyKind::Multipart(multipart) = &op.body.as_ref()?.kind else {
        return None;
    };
    let name = ident(&multipart.rust_name);
    let docs = doc_lines(&format!(
        "{}\n\nThe `multipart/form-data` body of [`Client::{}`](super::client::Client::{}): one part per field.",
        multipart.description.as_deref().map(sanitize).unwrap_or_default(),
        op.rust_name,
        op.rust_name
    ));
    let fields = multipart
        .fields
        .iter()
        .map(|f| field_declaration(f, runtime));
    let parts: Vec<TokenStream> = multipart.fields.iter().map(add_part).collect();
    let mutable = (!parts.is_empty()).then(|| quote!(mut));
    let derives = [quote!(Debug), quote!(Clone)]
        .into_iter()
        .chain(eq.then(|| quote!(PartialEq)))
        .chain(defaultable(multipart).then(|| quote!(Default)));
    let derive = super::derives::derive_attr(derives);
    Some(quote! {
        #docs
        #derive
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            /// The parts of the body, in field order.
            ///
            /// # Errors
            /// `Error::InvalidRequest` when a JSON part cannot be serialized.
            pub fn to_multipart(&self) -> Result<#runtime::Multipart, #runtime::Error> {
                let #mutable form = #runtime::Multipart::new();
                #(#parts)*
                Ok(form)
            }
        }
    })
}

/// `pub name: T,` of one part, with its docs: a list is a `Vec`, an optional part an `Option`.
fn field_declaration(field: &MultipartField, runtime: &TokenStream) -> TokenStream {
    let rust_name = ident(&field.rust_name);
    let item = match &field.part {
        PartKind::File => quote!(#runtime::FilePart),
        PartKind::Text(ty) | PartKind::Json(ty) => rust_type(ty, &quote!(), runtime),
    };
    let ty = match (field.list, field.required) {
        (true, true) => quote!(Vec<#item>),
        (true, false) => quote!(Option<Vec<#item>>),
        (false, true) => item,
        (false, false) => quote!(Option<#item>),
    };
    let field_docs = doc_lines(
        &field
            .description
            .as_deref()
            .map(sanitize)
            .unwrap_or_default(),
    );
    quote!(#field_docs pub #rust_name: #ty,)
}

/// The statement of `to_multipart` that adds one field's part (or parts) to `form`.
fn add_part(field: &MultipartField) -> TokenStream {
    let rust_name = ident(&field.rust_name);
    let api_name = &field.api_name;
    let add = match &field.part {
        PartKind::File => quote!(form = form.file(#api_name, value);),
        PartKind::Text(_) => quote!(form = form.text(#api_name, value);),
        PartKind::Json(_) => quote!(form = form.json(#api_name, value)?;),
    };
    // Optional fields and lists are loops over the values present: none, one or many.
    match (field.list, field.required) {
        (true, true) => quote!(for value in &self.#rust_name { #add }),
        (true, false) => quote!(for value in self.#rust_name.iter().flatten() { #add }),
        (false, true) => quote!({ let value = &self.#rust_name; #add }),
        (false, false) => {
            quote!(if let Some(value) = &self.#rust_name { #add })
        }
    }
}

/// `Default` only when every required field has one (models may not).
fn defaultable(multipart: &MultipartBody) -> bool {
    multipart.fields.iter().all(|f| {
        !f.required
            || f.list
            || match &f.part {
                PartKind::File => true,
                PartKind::Text(ty) | PartKind::Json(ty) => !matches!(
                    ty,
                    TypeRef::Named(_) | TypeRef::Formatted(_) | TypeRef::External(_)
                ),
            }
    })
}
