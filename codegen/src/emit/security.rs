//! Authentication in the generated code: the schemes the builder registers, one setter per
//! scheme, and an operation's own requirement when it differs from the document's.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::{code_safe, doc_lines, paragraphs, sanitize};
use super::ident;
use crate::model::{Api, AuthKind, KeyLocation, Operation, Security};

/// `.auth_scheme(..)` per scheme and `.default_security(..)`, chained onto the runtime builder.
pub(crate) fn register(api: &Api, runtime: &TokenStream) -> TokenStream {
    let schemes = api.security_schemes.iter().map(|scheme| {
        let scheme = match &scheme.kind {
            AuthKind::ApiKey { location, name } => {
                let location = match location {
                    KeyLocation::Header => quote!(Header),
                    KeyLocation::Query => quote!(Query),
                    KeyLocation::Cookie => quote!(Cookie),
                };
                quote!(#runtime::AuthScheme::ApiKey { location: #runtime::KeyLocation::#location, name: #name })
            }
            AuthKind::Bearer => quote!(#runtime::AuthScheme::Bearer),
            AuthKind::Basic => quote!(#runtime::AuthScheme::Basic),
        };
        quote!(.auth_scheme(#scheme))
    });
    let default = (!api.default_security.is_empty()).then(|| {
        let requirement = requirement(&api.default_security);
        quote!(.default_security(#requirement))
    });
    quote!(#(#schemes)* #default)
}

/// One builder method per scheme: `api_key`, `bearer_token`, `basic_auth` (prefixed with the
/// scheme's name when several share a kind).
pub(crate) fn setters(api: &Api, runtime: &TokenStream) -> TokenStream {
    let setters = api.security_schemes.iter().enumerate().map(|(index, scheme)| {
        let name = ident(&scheme.setter);
        let index = Literal::usize_unsuffixed(index);
        let what = match &scheme.kind {
            AuthKind::ApiKey { location, name } => {
                let place = match location {
                    KeyLocation::Header => "header",
                    KeyLocation::Query => "query parameter",
                    KeyLocation::Cookie => "cookie",
                };
                format!("Sets the API key sent as the {place} `{}`", code_safe(name))
            }
            AuthKind::Bearer => "Sets the token sent as `Authorization: Bearer …`".to_owned(),
            AuthKind::Basic => "Sets the user and password sent as `Authorization: Basic …`".to_owned(),
        };
        let docs = doc_lines(&paragraphs(&[
            Some(&format!("{what} (security scheme `{}`). It never appears in `Debug` output, logs or errors.", code_safe(&scheme.api_name))),
            scheme.description.as_deref().map(sanitize).as_deref(),
        ]));
        match scheme.kind {
            AuthKind::Basic => quote! {
                #docs
                pub fn #name(mut self, user: impl Into<String>, password: impl Into<#runtime::Secret>) -> Self {
                    self.inner = self.inner.auth_credential(#index, #runtime::Credential::Basic { user: user.into(), password: password.into() });
                    self
                }
            },
            _ => quote! {
                #docs
                pub fn #name(mut self, secret: impl Into<#runtime::Secret>) -> Self {
                    self.inner = self.inner.auth_credential(#index, #runtime::Credential::Token(secret.into()));
                    self
                }
            },
        }
    });
    quote!(#(#setters)*)
}

/// `.security(..)` when the operation's requirement differs from the document's.
pub(crate) fn operation_requirement(op: &Operation, api: &Api) -> Option<TokenStream> {
    let own = op
        .security
        .as_ref()
        .filter(|s| **s != api.default_security)?;
    let requirement = requirement(own);
    Some(quote!(.security(#requirement)))
}

fn requirement(security: &Security) -> TokenStream {
    let sets = security.iter().map(|set| {
        let indexes = set.iter().map(|i| Literal::usize_unsuffixed(*i));
        quote!(&[#(#indexes),*])
    });
    quote!(&[#(#sets),*])
}
