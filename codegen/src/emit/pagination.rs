//! The all-pages method of a marker-paginated list operation (`x-pagination`).

use proc_macro2::TokenStream;
use quote::quote;

use super::client::arg_decls;
use super::docs::doc_lines;
use super::ident;
use super::types::rust_type;
use crate::model::{FieldStep, Operation, Pagination, ResponseKind};

pub(crate) fn emit_all_pages(
    op: &Operation,
    pagination: &Pagination,
    runtime: &TokenStream,
) -> TokenStream {
    let models = quote!(super::models::);
    let ResponseKind::Json(page_ty) = &op.response else {
        return TokenStream::new();
    };
    let page_ty = rust_type(page_ty, &models, runtime);
    let item_ty = rust_type(&pagination.item_ty, &models, runtime);
    let (decls, forwards) = arg_decls(op, runtime);
    let marker_name = &op.params[pagination.marker_param].rust_name;
    let marker = ident(marker_name);
    let next_marker = field_chain(&pagination.next_marker, false);
    let items = field_chain(&pagination.items, true);
    let page_method = ident(&op.rust_name);
    let api_id = &op.api_id;
    // The walk itself (lazy, bounded, loop-checked) is the runtime's; this only says how to
    // fetch a page from a marker and where the next marker and the items are.
    let pages = quote! {
        self.http.pages(
            #api_id,
            params.#marker.clone(),
            move |marker| {
                let mut params = params.clone();
                params.#marker = marker;
                async move { ::std::result::Result::Ok(self.#page_method(#(#forwards),*).await?.into_body()) }
            },
            |page: &#page_ty, _| -> ::std::option::Option<::std::string::String> {
                ::std::option::Option::Some(page #next_marker)
            },
        )
    };
    let items_fn = quote! {
        fn items(page: #page_ty) -> ::std::vec::Vec<#item_ty> {
            fn field(page: #page_ty) -> ::std::option::Option<::std::vec::Vec<#item_ty>> {
                ::std::option::Option::Some(page #items)
            }
            field(page).unwrap_or_default()
        }
    };
    let too_many = (decls.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let all_name = ident(&pagination.rust_name);
    let all_docs = doc_lines(&format!(
        "Every item of [`Client::{0}`], across all pages.\n\nTakes the same arguments; starting \
         from `params.{1}` (usually unset), it follows the next marker until the last page, \
         which has none, within the client's `PageLimits` (by default 1,000 pages, 100,000 \
         items, 10 minutes).\n\n# Errors\nAs [`Client::{0}`]; also when the service repeats a \
         marker, and `Error::PaginationLimit` past a limit.",
        op.rust_name, marker_name
    ));
    let all = quote! {
        #all_docs
        #too_many
        pub async fn #all_name(&self #(, #decls)*) -> ::std::result::Result<::std::vec::Vec<#item_ty>, #runtime::Error> {
            #items_fn
            let params = params.clone();
            self.http.collect_items(#api_id, #pages, items).await
        }
    };
    // Streams borrow only the client: with other arguments (path parameters, a body) they
    // would borrow those too, so such operations get `…_all` alone.
    if decls.len() != 1 {
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
    let stream = |item: &TokenStream| quote!(impl #runtime::futures_core::Stream<Item = ::std::result::Result<#item, #runtime::Error>> + ::std::marker::Send + '_);
    let pages_ret = stream(&page_ty);
    let items_ret = stream(&item_ty);
    quote! {
        #all
        #pages_docs
        pub fn #pages_name(&self #(, #decls)*) -> #pages_ret {
            let params = params.clone();
            #pages
        }
        #items_docs
        pub fn #items_name(&self #(, #decls)*) -> #items_ret {
            #items_fn
            #runtime::HttpClient::items(self.#pages_name(params), items)
        }
    }
}

/// The expression after `page` that reaches the field: in an owned page, optional fields are
/// moved out with `?`; in a borrowed one they are stepped through by reference and the
/// final value cloned.
fn field_chain(steps: &[FieldStep], owned: bool) -> TokenStream {
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
    if !owned {
        chain.extend(quote!(.clone()));
    }
    chain
}
