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
    let name = ident(&pagination.rust_name);
    let page_method = ident(&op.rust_name);
    let (decls, forwards) = arg_decls(op, runtime);
    let marker = ident(&op.params[pagination.marker_param].rust_name);
    let next_marker = field_chain(&pagination.next_marker, false);
    let items = field_chain(&pagination.items, true);
    let api_id = &op.api_id;
    let too_many = (decls.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let docs = doc_lines(&format!(
        "Every item of [`Client::{0}`], across all pages.\n\nTakes the same arguments; starting \
         from `params.{1}` (usually unset), it follows the next marker until the last page, \
         which has none.\n\n# Errors\nAs [`Client::{0}`]; also when the service repeats a \
         marker, which would otherwise loop forever.",
        op.rust_name, op.params[pagination.marker_param].rust_name
    ));
    quote! {
        #docs
        #too_many
        pub async fn #name(&self #(, #decls)*) -> ::std::result::Result<::std::vec::Vec<#item_ty>, #runtime::Error> {
            fn next_marker(page: &#page_ty) -> ::std::option::Option<::std::string::String> {
                ::std::option::Option::Some(page #next_marker)
            }
            fn items(page: #page_ty) -> ::std::option::Option<::std::vec::Vec<#item_ty>> {
                ::std::option::Option::Some(page #items)
            }
            let mut params = params.clone();
            let mut seen = ::std::collections::BTreeSet::new();
            let mut all = ::std::vec::Vec::new();
            loop {
                let page = self.#page_method(#(#forwards),*).await?.into_body();
                let next = next_marker(&page);
                all.extend(items(page).unwrap_or_default());
                match next {
                    ::std::option::Option::Some(next) if !next.is_empty() => {
                        if !seen.insert(next.clone()) {
                            return ::std::result::Result::Err(#runtime::Error::pagination_loop(#api_id, &next));
                        }
                        params.#marker = ::std::option::Option::Some(next);
                    }
                    _ => return ::std::result::Result::Ok(all),
                }
            }
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
