//! Responses in the generated code: the method's output type, how the success body is
//! decoded, the enum of outcomes when success statuses differ, and the error docs.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::{code_safe, doc_lines, sanitize};
use super::ident;
use super::types::rust_type;
use crate::model::{Operation, ResponseKind, StatusMatch, TypeRef};

/// The method's return type (`Call<'_, Response<T>, D>`: `D`, how the answer is decoded, left
/// out for JSON, its default), and the expression sending `request`.
pub(crate) fn output_and_send(op: &Operation, runtime: &TokenStream) -> (TokenStream, TokenStream) {
    let (body, decode, send) = body_and_send(op, runtime);
    let decode = decode.map(|d| quote!(, #d));
    (
        quote!(#runtime::Call<'_, #runtime::Response<#body> #decode>),
        send,
    )
}

/// The body type, the decoder type unless JSON, and the expression sending `request`.
fn body_and_send(
    op: &Operation,
    runtime: &TokenStream,
) -> (TokenStream, Option<TokenStream>, TokenStream) {
    if let Some((body, send)) = super::streaming::output_and_send(&op.response, runtime) {
        return (body, Some(quote!(#runtime::decode::Raw)), send);
    }
    let models = quote!(models::);
    let raw = Some(quote!(#runtime::decode::Raw));
    match &op.response {
        ResponseKind::Json(ty) => (
            rust_type(ty, &models, runtime),
            None,
            quote!(self.http.send_json(request)),
        ),
        ResponseKind::Text => (quote!(String), raw, quote!(self.http.send_text(request))),
        ResponseKind::Empty => (quote!(()), raw, quote!(self.http.send_empty(request))),
        // Streamed above.
        ResponseKind::Bytes | ResponseKind::Events(_) => (
            quote!(#runtime::bytes::Bytes),
            raw,
            quote!(self.http.send_bytes(request)),
        ),
        ResponseKind::Several(outcomes) => {
            let name = ident(&outcomes.rust_name);
            let has_range = outcomes
                .variants
                .iter()
                .any(|v| matches!(v.status, StatusMatch::Range(_)));
            let arms = outcomes.variants.iter().map(|v| {
                let variant = ident(&v.rust_name);
                let pattern = match v.status {
                    StatusMatch::Code(code) => {
                        let code = Literal::u16_unsuffixed(code);
                        quote!(#code)
                    }
                    // The runtime passes only 2xx statuses here: the range is the rest.
                    StatusMatch::Range(_) | StatusMatch::Default => quote!(_),
                };
                let value = decode(&v.body);
                quote!(#pattern => #models #name::#variant #value,)
            });
            let other = (!has_range).then(|| quote!(_ => #models #name::Other(raw.bytes()),));
            (
                quote!(#models #name),
                Some(quote!(#runtime::decode::Custom<#models #name>)),
                quote! {
                    self.http.send_with(request, |raw| Ok(match raw.status().as_u16() {
                        #(#arms)*
                        #other
                    }))
                },
            )
        }
    }
}

/// `(raw.json()?)` and the like: the variant's payload, if it has one.
fn decode(body: &ResponseKind) -> TokenStream {
    match body {
        ResponseKind::Json(_) => quote!((raw.json()?)),
        // An enum variant is read whole (lowering keeps event streams out of enums).
        ResponseKind::Text | ResponseKind::Events(_) => quote!((raw.text()?)),
        ResponseKind::Bytes => quote!((raw.bytes())),
        ResponseKind::Empty | ResponseKind::Several(_) => TokenStream::new(),
    }
}

/// The enum of an operation's success outcomes, next to the models (`eq`: it derives
/// `PartialEq`).
pub(crate) fn emit_response_enum(
    op: &Operation,
    runtime: &TokenStream,
    eq: bool,
) -> Option<TokenStream> {
    let ResponseKind::Several(outcomes) = &op.response else {
        return None;
    };
    let name = ident(&outcomes.rust_name);
    let docs = doc_lines(&format!(
        "What [`Client::{0}`](super::client::Client::{0}) returns: one variant per documented success status.",
        op.rust_name
    ));
    let has_range = outcomes
        .variants
        .iter()
        .any(|v| matches!(v.status, StatusMatch::Range(_)));
    let variants = outcomes.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let docs = doc_lines(&format!(
            "`{}`: {}",
            status_text(v.status),
            sanitize(&v.description)
        ));
        let payload = match &v.body {
            ResponseKind::Json(ty) => {
                let ty = rust_type(ty, &quote!(), runtime);
                quote!((#ty))
            }
            ResponseKind::Text | ResponseKind::Events(_) => quote!((String)),
            ResponseKind::Bytes => quote!((#runtime::bytes::Bytes)),
            ResponseKind::Empty | ResponseKind::Several(_) => TokenStream::new(),
        };
        quote!(#docs #variant #payload,)
    });
    let other = (!has_range).then(|| {
        quote! {
            /// A success status the spec does not document, with its raw body.
            Other(#runtime::bytes::Bytes),
        }
    });
    let derive = super::derives::derive_attr(
        [quote!(Debug), quote!(Clone)]
            .into_iter()
            .chain(eq.then(|| quote!(PartialEq))),
    );
    Some(quote! {
        #docs
        #derive
        pub enum #name {
            #(#variants)*
            #other
        }
    })
}

/// The `# Errors` section: the documented error statuses and how to read their bodies.
pub(crate) fn errors_doc(op: &Operation) -> Option<String> {
    // What every operation can fail with is said once, on the client (`CLIENT_ERRORS_DOC`).
    if op.errors.is_empty() {
        return None;
    }
    let mut text = "# Errors\nSee [`Client`](Client#errors); the service documents:".to_owned();
    // Statuses sharing a description and body are listed together (`400`, `404`: ...).
    let mut groups: Vec<(Vec<String>, String, Option<&TypeRef>)> = Vec::new();
    for error in &op.errors {
        let status = format!("`{}`", code_safe(&status_text(error.status)));
        let summary = first_sentence(&sanitize(&error.description));
        match groups
            .iter_mut()
            .find(|(_, d, b)| *d == summary && *b == error.body.as_ref())
        {
            Some(group) => group.0.push(status),
            None => groups.push((vec![status], summary, error.body.as_ref())),
        }
    }
    for (statuses, summary, body) in groups {
        let model = match body {
            Some(TypeRef::Named(name)) => format!(" (body: [`{name}`](super::models::{name}))"),
            _ => String::new(),
        };
        text.push_str(&format!("\n- {}: {summary}{model}", statuses.join(", ")));
    }
    Some(text)
}

/// The client's `# Errors` section: what every operation's errors are, said once instead of
/// in each method's docs.
pub(crate) const CLIENT_ERRORS_DOC: &str = "# Errors\nEach operation method returns a `Call`, \
    a future: nothing is sent until it is awaited, and it fails with `Error`: an \
    invalid argument (nothing is sent), a transport failure or timeout, an error status from \
    the service (`Error::Service`, with its error code, message and request ID) or an \
    undecodable response. An error body the service documents for an operation (listed in \
    that method's docs) is read with `error.as_service_error().and_then(|e| \
    e.body_as::<T>().ok())`.";

fn status_text(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Range(range) => format!("{range}XX"),
        StatusMatch::Default => "default".to_owned(),
    }
}

/// The first line, cut after its first sentence: enough for a list of statuses.
fn first_sentence(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    match line.find(". ") {
        Some(end) => line[..=end].to_owned(),
        None => line.to_owned(),
    }
}
