//! The `…_all`, `…_pages` and `…_items` methods of a paginated list operation
//! (`x-pagination`): one runtime call each.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_lines;
use super::ident;
use super::operation::arg_decls;
use super::types::rust_type;
use crate::model::{FieldStep, Operation, Pagination, PaginationStyle, ResponseKind};

pub(crate) fn emit_all_pages(
    op: &Operation,
    pagination: &Pagination,
    runtime: &TokenStream,
) -> TokenStream {
    let models = quote!(models::);
    let ResponseKind::Json(page_ty) = &op.response else {
        return TokenStream::new();
    };
    let page_ty = rust_type(page_ty, &models, runtime);
    let item_ty = rust_type(&pagination.item_ty, &models, runtime);
    let (decls, forwards) = arg_decls(op, runtime);
    let param = &op.params[pagination.marker_param];
    let marker = ident(&param.rust_name);
    let page_method = ident(&op.rust_name);
    let api_id = &op.api_id;
    let next = next_page(pagination, &page_ty, runtime, &param.api_name);
    let items = match pagination.items.is_empty() {
        // The body is the list itself.
        true => quote!(Some),
        false => {
            let items = owned_option(&pagination.items);
            quote!(|page| #items)
        }
    };
    // The walk itself (lazy, bounded, loop-checked) is the runtime's; this only says where
    // the cursor goes, how a page is fetched and how the next one is found.
    let walk = quote! {
        self.http.walk(#api_id, params, |params| &mut params.#marker, #next, move |params| self.#page_method(#(#forwards),*))
    };
    let too_many = (decls.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let all_name = ident(&pagination.rust_name);
    let all_docs = doc_lines(&all_docs(op, pagination, &param.rust_name));
    // Streams borrow only the client: with other arguments (path parameters, a body) they
    // would borrow those too, so such operations get `…_all` alone.
    let streams = decls.len() == 1;
    let pages = match streams {
        true => {
            let pages_name = ident(&pagination.pages_name);
            quote!(self.#pages_name(params))
        }
        false => walk.clone(),
    };
    // The walk is a stream and `all_items` collects it: an `async fn` (one per listing) keeps
    // the arguments the walk borrows alive.
    let all = quote! {
        #all_docs
        #too_many
        pub async fn #all_name(&self #(, #decls)*) -> Result<Vec<#item_ty>, #runtime::Error> {
            self.http.all_items(#api_id, #pages, #items).await
        }
    };
    if !streams {
        return all;
    }
    let pages_name = ident(&pagination.pages_name);
    let items_name = ident(&pagination.items_name);
    let pages_docs = doc_lines(&format!(
        "The pages of [`Client::{0}`] as a stream, each fetched when polled for, within the \
         client's `PageLimits` (pages, time).",
        op.rust_name
    ));
    let items_docs = doc_lines(&format!(
        "The items of [`Client::{0}`], page after page, as a stream fetched lazily.",
        op.rust_name
    ));
    quote! {
        #all
        #pages_docs
        pub fn #pages_name(&self #(, #decls)*) -> #runtime::Pages<'_, #page_ty> {
            #walk
        }
        #items_docs
        pub fn #items_name(&self #(, #decls)*) -> #runtime::Items<'_, #item_ty> {
            #runtime::page_items(self.#pages_name(params), #items)
        }
    }
}

/// The `…_all` method's docs: how this operation's pages follow each other.
fn all_docs(op: &Operation, pagination: &Pagination, param: &str) -> String {
    let walk = match pagination.style {
        PaginationStyle::Marker => format!(
            "starting from `params.{param}` (usually unset), it follows the next marker until \
             the last page, which has none"
        ),
        PaginationStyle::Offset => format!(
            "starting from `params.{param}` (unset: 0), each page starts after the items seen \
             so far, until a page is empty"
        ),
        PaginationStyle::PageNumber => format!(
            "starting from `params.{param}` (unset: page 1), it asks for the next page number \
             until a page is empty"
        ),
        PaginationStyle::Link => format!(
            "starting from `params.{param}` (usually unset), it follows the response's \
             `Link: <…>; rel=\"next\"` header until there is none"
        ),
    };
    let repeats = match pagination.style {
        PaginationStyle::Marker | PaginationStyle::Link => {
            "also when the service repeats a \
             cursor, and "
        }
        _ => "also ",
    };
    format!(
        "Every item of [`Client::{0}`], across all pages.\n\nTakes the same arguments; {walk}, \
         within the client's `PageLimits` (by default 1,000 pages, 100,000 items, 10 \
         minutes).\n\n# Errors\nAs [`Client::{0}`]; {repeats}`Error::PaginationLimit` past a \
         limit.",
        op.rust_name
    )
}

/// The runtime's `Next` for the operation's style: how the next page is found from a page.
fn next_page(
    pagination: &Pagination,
    page_ty: &TokenStream,
    runtime: &TokenStream,
    param_name: &str,
) -> TokenStream {
    let count = || {
        let path = field_path(&pagination.items, false);
        quote!(|page: &#page_ty| Some(page #path.len()))
    };
    match pagination.style {
        PaginationStyle::Link => quote!(#runtime::Next::Link(#param_name)),
        PaginationStyle::Marker => {
            let next_marker = field_chain(&pagination.next_marker, false);
            let value = match pagination.next_marker.last() {
                Some(last) if last.optional => {
                    let (before, field) = (
                        field_path(
                            &pagination.next_marker[..pagination.next_marker.len() - 1],
                            false,
                        ),
                        ident(&last.rust_name),
                    );
                    match last.three_state {
                        true => quote!(page #before.#field.as_option().cloned()),
                        false => quote!(page #before.#field.clone()),
                    }
                }
                _ => quote!(Some(page #next_marker)),
            };
            quote!(#runtime::Next::Marker(|page: &#page_ty| #value))
        }
        PaginationStyle::Offset => {
            let count = count();
            quote!(#runtime::Next::Offset(#count))
        }
        PaginationStyle::PageNumber => {
            let count = count();
            quote!(#runtime::Next::Page(#count))
        }
    }
}

/// The expression after `page` that reaches the field: in an owned page, optional fields are
/// moved out with `?`; in a borrowed one they are stepped through by reference and the
/// final value cloned.
fn field_chain(steps: &[FieldStep], owned: bool) -> TokenStream {
    let mut chain = field_path(steps, owned);
    if !owned {
        chain.extend(quote!(.clone()));
    }
    chain
}

/// An `Option` of the field, moved out of `page`: a final optional field is that option
/// itself (`Some(page.x?)` would be a needless `?`).
fn owned_option(steps: &[FieldStep]) -> TokenStream {
    match steps.split_last() {
        Some((last, before)) if last.optional => {
            let path = field_path(before, true);
            let field = ident(&last.rust_name);
            match last.three_state {
                true => quote!(page #path.#field.into_option()),
                false => quote!(page #path.#field),
            }
        }
        _ => {
            let path = field_path(steps, true);
            quote!(Some(page #path))
        }
    }
}

/// The steps to the field, owned or by reference, without a final clone.
fn field_path(steps: &[FieldStep], owned: bool) -> TokenStream {
    let mut chain = TokenStream::new();
    for step in steps {
        let field = ident(&step.rust_name);
        chain.extend(match (step.optional, owned) {
            (true, true) if step.three_state => quote!(.#field.into_option()?),
            (true, false) if step.three_state => quote!(.#field.as_option()?),
            (true, true) => quote!(.#field?),
            (true, false) => quote!(.#field.as_ref()?),
            (false, _) => quote!(.#field),
        });
    }
    chain
}
