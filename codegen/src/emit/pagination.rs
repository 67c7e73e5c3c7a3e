//! The all-pages method of a marker-paginated list operation (`x-pagination`).

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_lines;
use super::ident;
use super::operation::arg_decls;
use super::types::rust_type;
use crate::model::{FieldStep, Operation, Pagination, PaginationStyle, ResponseKind, TypeRef};

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
    let param = &op.params[pagination.marker_param];
    let marker_name = &param.rust_name;
    let marker = ident(marker_name);
    let items = owned_option(&pagination.items);
    let page_method = ident(&op.rust_name);
    let api_id = &op.api_id;
    let response_ty = quote!(#runtime::Response<#page_ty>);
    let (start, set) = match param.ty {
        TypeRef::String => (quote!(params.#marker.clone()), quote!(cursor)),
        _ => {
            let message = format!(
                "{api_id}: the next page's `{}` is not a number",
                param.api_name
            );
            (
                quote!(params.#marker.map(|value| value.to_string())),
                quote! {
                    cursor.map(|cursor| cursor.parse()).transpose().map_err(|_| {
                        #runtime::Error::InvalidRequest(#message.to_owned())
                    })?
                },
            )
        }
    };
    let next = next_cursor(pagination, &page_ty, &response_ty, runtime, &param.api_name);
    // The walk itself (lazy, bounded, loop-checked) is the runtime's; this only says how to
    // fetch a page from a cursor and where the next cursor and the items are.
    let pages = quote! {
        self.http.pages(
            #api_id,
            #start,
            move |cursor| {
                let mut params = params.clone();
                async move {
                    params.#marker = #set;
                    self.#page_method(#(#forwards),*).await
                }
            },
            #next,
        )
    };
    let items_fn = quote! {
        fn items(page: #response_ty) -> ::std::vec::Vec<#item_ty> {
            fn field(page: #page_ty) -> ::std::option::Option<::std::vec::Vec<#item_ty>> {
                #items
            }
            field(page.into_body()).unwrap_or_default()
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
    let stream = |item: &TokenStream| quote!(impl #runtime::futures_core::Stream<Item = ::std::result::Result<#item, #runtime::Error>> + ::std::marker::Send + ::std::marker::Unpin + '_);
    let pages_ret = stream(&response_ty);
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

/// The closure giving the next page's cursor from a page and the current cursor.
fn next_cursor(
    pagination: &Pagination,
    page_ty: &TokenStream,
    response_ty: &TokenStream,
    runtime: &TokenStream,
    param_name: &str,
) -> TokenStream {
    let string = quote!(::std::option::Option<::std::string::String>);
    if pagination.style == PaginationStyle::Link {
        return quote! {
            |page: &#response_ty, _| -> #string {
                #runtime::paginate::next_link(page.headers())
                    .and_then(|url| #runtime::paginate::query_value(&url, #param_name))
            }
        };
    }
    if pagination.style == PaginationStyle::Marker {
        let next_marker = field_chain(&pagination.next_marker, false);
        return quote! {
            |page: &#response_ty, _| -> #string {
                let page = page.body();
                ::std::option::Option::Some(page #next_marker)
            }
        };
    }
    // Offset and page number: count this page's items; an empty page is the last.
    let path = field_path(&pagination.items, false);
    let len = quote!(#path.len());
    let first = match pagination.style {
        PaginationStyle::Offset => quote!(0),
        _ => quote!(1),
    };
    let step = match pagination.style {
        PaginationStyle::Offset => quote!(count),
        _ => quote!(1),
    };
    quote! {
        |page: &#response_ty, current: ::std::option::Option<&str>| -> #string {
            fn count(page: &#page_ty) -> ::std::option::Option<u64> {
                u64::try_from(page #len).ok()
            }
            let count = count(page.body()).unwrap_or(0);
            let current = current.and_then(|c| c.parse::<u64>().ok()).unwrap_or(#first);
            (count > 0).then(|| current.saturating_add(#step).to_string())
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
            quote!(::std::option::Option::Some(page #path))
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
