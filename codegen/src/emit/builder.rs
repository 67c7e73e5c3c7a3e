//! The client struct and its builder: server variables, client parameters, auth and the
//! runtime's settings, and `with_options` for per-call settings.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code_safe, doc_lines, paragraphs, sanitize};
use super::ident;
use crate::model::{Api, Signing};

/// Per-call settings: the mechanics are the runtime's, the client only hands them on.
pub(super) fn emit_with_options(runtime: &TokenStream) -> TokenStream {
    quote! {
        impl Client {
            /// A copy of this client (sharing its connections) whose calls use `options`:
            /// a timeout, deadline or retry policy of their own, extra headers, an idempotency
            /// key. `client.with_options(options).some_operation(..)` for one call.
            pub fn with_options(&self, options: #runtime::CallOptions) -> Self {
                let mut client = self.clone();
                client.http = self.http.with_options(options);
                client
            }
        }
    }
}

pub(super) fn emit_client_struct(api: &Api, runtime: &TokenStream) -> TokenStream {
    let docs = doc_lines(&paragraphs(&[
        Some(&format!("Client for {}.", sanitize(&api.title))),
        api.description.as_deref().map(sanitize).as_deref(),
        Some("Build one with [`Client::builder`]; it is cheap to clone, and clones share one connection pool."),
        Some(super::responses::CLIENT_ERRORS_DOC),
    ]));
    let params = api.client_params.iter().map(|p| {
        let name = ident(&p.rust_name);
        quote!(#name: String,)
    });
    quote! {
        #docs
        #[derive(Debug, Clone)]
        pub struct Client {
            http: #runtime::HttpClient,
            #(#params)*
        }
    }
}

pub(super) fn emit_builder(api: &Api, runtime: &TokenStream) -> TokenStream {
    let url = &api.server.url;
    let defaults = api.server.variables.iter().filter_map(|v| {
        let (name, default) = (&v.api_name, v.default.as_ref()?);
        Some(quote!(.server_variable(#name, #default)))
    });
    let value_checks = server_variable_checks(api);
    let signing = (api.signing == Signing::AkSk).then(|| quote!(.require_signing()));
    let auth = super::security::register(api, runtime);
    let param_fields = api.client_params.iter().map(|p| {
        let name = ident(&p.rust_name);
        quote!(#name: Option<String>,)
    });
    let param_inits = api.client_params.iter().map(|p| {
        let name = ident(&p.rust_name);
        quote!(#name: None,)
    });
    let setters = builder_setters(api, runtime);
    let build = emit_build(api, runtime);
    let server_doc = doc_lines(&format!(
        "Starts configuring a client for `{}`{}.",
        code_safe(url),
        api.server
            .description
            .as_deref()
            .map(|d| format!(" ({})", sanitize(d)))
            .unwrap_or_default()
    ));
    quote! {
        /// Configures a [`Client`].
        #[derive(Debug, Clone)]
        pub struct ClientBuilder {
            inner: #runtime::ClientBuilder,
            #(#param_fields)*
        }

        impl Client {
            #server_doc
            pub fn builder() -> ClientBuilder {
                ClientBuilder {
                    inner: #runtime::ClientBuilder::new(#url)
                        #(#defaults)*
                        #value_checks
                        #signing
                        #auth
                        .user_agent(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"))),
                    #(#param_inits)*
                }
            }
        }

        impl ClientBuilder {
            #setters
            #build
        }
    }
}

/// The value lists and endpoint environment overrides of the server variables.
fn server_variable_checks(api: &Api) -> TokenStream {
    let checks = api.server.variables.iter().map(|v| {
        let name = &v.api_name;
        let values = v.type_name.as_deref().map(|t| {
            let type_name = ident(t);
            quote!(.server_variable_values(#name, #type_name::VALUES))
        });
        let env = v
            .env_prefix
            .as_deref()
            .map(|prefix| quote!(.endpoint_env_override(#name, #prefix)));
        quote!(#values #env)
    });
    quote!(#(#checks)*)
}

/// Setters for server variables and client parameters, then the runtime's own settings.
fn builder_setters(api: &Api, runtime: &TokenStream) -> TokenStream {
    let variables = api.server.variables.iter().map(|v| {
        let name = ident(&v.rust_name);
        let api_name = &v.api_name;
        let default = v
            .default
            .as_deref()
            .map(|d| format!("Defaults to `{}`.", code_safe(d)));
        let allowed = v.type_name.as_deref().map(|t| {
            format!("One of [`{t}`]'s values (a [`{t}`] or its text); `build` refuses others.")
        });
        let docs = doc_lines(&paragraphs(&[
            Some(&format!(
                "Sets the server variable `{}`.",
                code_safe(api_name)
            )),
            v.description.as_deref().map(sanitize).as_deref(),
            allowed.as_deref(),
            default.as_deref(),
        ]));
        quote! {
            #docs
            pub fn #name(mut self, value: impl Into<String>) -> Self {
                self.inner = self.inner.server_variable(#api_name, value);
                self
            }
        }
    });
    let params = api.client_params.iter().map(|p| {
        let name = ident(&p.rust_name);
        let docs = doc_lines(&paragraphs(&[
            Some(&format!(
                "Sets `{}`, used by every operation that needs it (required).",
                p.rust_name
            )),
            p.description.as_deref().map(sanitize).as_deref(),
        ]));
        quote! {
            #docs
            pub fn #name(mut self, value: impl Into<String>) -> Self {
                self.#name = Some(value.into());
                self
            }
        }
    });
    let auth = super::security::setters(api, runtime);
    let signer = (api.signing == Signing::AkSk).then(|| signer_setter(runtime));
    let endpoint_doc = endpoint_doc(&api.server.url);
    quote! {
        #(#variables)*
        #(#params)*
        #auth
        #endpoint_doc
        pub fn endpoint(mut self, url: impl Into<String>) -> Self {
            self.inner = self.inner.endpoint(url);
            self
        }
        #signer
        /// Sets timeouts, the deadline, retries, hooks, default parameters, the response size
        /// limit and other transport settings.
        pub fn config(mut self, config: #runtime::Config) -> Self {
            self.inner = self.inner.config(config);
            self
        }
        /// Sends requests through this transport instead of the default one (see
        /// `Config::with_transport` for what it must do itself).
        pub fn transport(mut self, transport: impl #runtime::Transport) -> Self {
            self.inner = self.inner.transport(transport);
            self
        }
    }
}

/// `credentials(..)`, for a spec that signs with the vendor's AK/SK scheme (`x-signer`) only.
fn signer_setter(runtime: &TokenStream) -> TokenStream {
    quote! {
        /// Sets the credentials that sign every request: fixed AK/SK, ECS metadata
        /// credentials, or what the vendor's credential chain found.
        pub fn credentials(
            mut self,
            credentials: impl Into<#runtime::CredentialSource>,
        ) -> Self {
            self.inner = self.inner.credentials(credentials);
            self
        }
    }
}

/// A relative server URL (`/api`) is joined to the endpoint rather than replaced by it.
fn endpoint_doc(server_url: &str) -> TokenStream {
    let path = server_url.trim_start_matches("./").trim_start_matches('/');
    let absolute = server_url.contains("://") || server_url.starts_with("//");
    doc_lines(&match (absolute, path.is_empty()) {
        (true, _) => "Sends requests to this URL instead of the server template (e.g. a local test service).".to_owned(),
        (false, true) => "Sets the URL requests are sent to (required: the spec names no server host).".to_owned(),
        (false, false) => format!(
            "Sets the URL the relative server URL `{}` is joined to (required): `http://127.0.0.1:8080` sends to `http://127.0.0.1:8080{}`.",
            code_safe(server_url),
            code_safe(&format!("/{path}")),
        ),
    })
}

fn emit_build(api: &Api, runtime: &TokenStream) -> TokenStream {
    let params = api.client_params.iter().map(|p| {
        let name = ident(&p.rust_name);
        let message = format!("`{0}` is not set: call `ClientBuilder::{0}`", p.rust_name);
        quote! {
            #name: self.#name.ok_or_else(|| #runtime::Error::Config(#message.to_owned()))?,
        }
    });
    quote! {
        /// Checks the settings and builds the client.
        ///
        /// # Errors
        /// `Error::Config` when a required setting is missing or the endpoint is not a valid
        /// `https://` URL.
        pub fn build(self) -> Result<Client, #runtime::Error> {
            Ok(Client {
                #(#params)*
                http: self.inner.build()?,
            })
        }
    }
}
