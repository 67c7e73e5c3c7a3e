//! The `client` module, assembled: the client and its builder ([`super::builder`]), the server
//! enums, and one method per operation ([`super::operation`]), returning the runtime's `Call`.

use proc_macro2::TokenStream;
use quote::quote;

use super::builder::{emit_builder, emit_client_struct, emit_with_options};
use super::docs::{code_safe, doc_lines, sanitize};
use super::operation::emit_operation;
use crate::model::Api;

pub(crate) fn emit_client(api: &Api, runtime: &TokenStream, imports: &TokenStream) -> TokenStream {
    emit_client_with(
        api,
        &api.operations,
        &super::validate::Ctx::new(api, runtime.clone()),
        runtime,
        imports,
    )
}

/// [`emit_client`], with the request checks already known.
///
/// `operations`: the methods in this module (none in a crate split by tag, whose methods are
/// in the tag modules), so that the rest of the model need not be copied without them.
pub(crate) fn emit_client_with(
    api: &Api,
    operations: &[crate::model::Operation],
    checks: &super::validate::Ctx<'_>,
    runtime: &TokenStream,
    imports: &TokenStream,
) -> TokenStream {
    let client = emit_client_struct(api, runtime);
    let builder = emit_builder(api, runtime);
    let methods = operations
        .iter()
        .map(|op| emit_operation(op, api, checks, runtime));
    let server_enums = super::server_enum::emit_server_enums(api, runtime);
    let docs = doc_lines(&module_docs(api));
    let options = emit_with_options(runtime);
    quote! {
        #docs
        // `type_complexity`: a method returns `Call<'_, Response<T>, D>`, and a spec's `T` can
        // be a map of lists; an alias per method would only move the type.
        #[allow(
            deprecated,
            clippy::doc_lazy_continuation,
            clippy::doc_overindented_list_items,
            clippy::type_complexity
        )]
        pub mod client {
            #imports
            #client
            #builder
            #server_enums
            #options
            impl Client {
                #(#methods)*
            }
        }
    }
}

/// The client module's docs: what it holds, and what the spec has that it leaves out.
fn module_docs(api: &Api) -> String {
    let mut docs = "The API client and its builder.".to_owned();
    if api.omitted.is_empty() {
        return docs;
    }
    docs.push_str(
        "\n\n# Left out\n\nThe generator cannot express these parts of the spec yet, so this client does not have them:\n",
    );
    for omission in &api.omitted {
        docs.push_str(&format!("\n- {}", omission_line(omission)));
    }
    docs
}

/// One omission in the docs: what, where, and why. Pointers only, no file or line: the
/// output must not change when the spec is reformatted or read from elsewhere.
fn omission_line(omission: &crate::error::Omission) -> String {
    let cause = &omission.cause;
    format!(
        "{} (`#{}`): {}{} (at `#{}`)",
        sanitize(&omission.item),
        code_safe(&omission.pointer),
        match cause.kind {
            crate::error::SpecErrorKind::Unsupported => "not supported: ",
            crate::error::SpecErrorKind::Invalid => "",
        },
        sanitize(&cause.message),
        code_safe(&cause.pointer),
    )
}
