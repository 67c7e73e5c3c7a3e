//! The `client` module: the client, its builder, and one async method per operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code_safe, doc_lines, paragraphs, sanitize};
use super::ident;
use super::types::arg_type;
use crate::model::{Api, Operation, Param, ParamLocation, ParamStyle, PathPart, Signing, TypeRef};

pub(crate) fn emit_client(api: &Api, runtime: &TokenStream) -> TokenStream {
    emit_client_with(
        api,
        &super::validate::Ctx::new(api, runtime.clone()),
        runtime,
    )
}

/// [`emit_client`], with the request checks already known.
pub(crate) fn emit_client_with(
    api: &Api,
    checks: &super::validate::Ctx<'_>,
    runtime: &TokenStream,
) -> TokenStream {
    let client = emit_client_struct(api, runtime);
    let builder = emit_builder(api, runtime);
    let methods = api
        .operations
        .iter()
        .map(|op| emit_operation(op, api, checks, runtime));
    let server_enums = super::server_enum::emit_server_enums(api, runtime);
    let docs = doc_lines(&module_docs(api));
    let options = emit_with_options(runtime);
    quote! {
        #docs
        #[allow(deprecated, clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)]
        pub mod client {
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

/// Per-call settings: the mechanics are the runtime's, the client only hands them on.
fn emit_with_options(runtime: &TokenStream) -> TokenStream {
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

fn emit_client_struct(api: &Api, runtime: &TokenStream) -> TokenStream {
    let docs = doc_lines(&paragraphs(&[
        Some(&format!("Client for {}.", sanitize(&api.title))),
        api.description.as_deref().map(sanitize).as_deref(),
        Some("Build one with [`Client::builder`]; it is cheap to clone, and clones share one connection pool."),
    ]));
    let params = api.client_params.iter().map(|p| {
        let name = ident(&p.rust_name);
        quote!(#name: ::std::string::String,)
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

fn emit_builder(api: &Api, runtime: &TokenStream) -> TokenStream {
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
        quote!(#name: ::std::option::Option<::std::string::String>,)
    });
    let param_inits = api.client_params.iter().map(|p| {
        let name = ident(&p.rust_name);
        quote!(#name: ::std::option::Option::None,)
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
        let default = v.default.as_deref().map(|d| format!("Defaults to `{}`.", code_safe(d)));
        let allowed = v.type_name.as_deref().map(|t| {
            format!("One of [`{t}`]'s values (a [`{t}`] or its text); `build` refuses others.")
        });
        let docs = doc_lines(&paragraphs(&[
            Some(&format!("Sets the server variable `{}`.", code_safe(api_name))),
            v.description.as_deref().map(sanitize).as_deref(),
            allowed.as_deref(),
            default.as_deref(),
        ]));
        quote! {
            #docs
            pub fn #name(mut self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.inner = self.inner.server_variable(#api_name, value);
                self
            }
        }
    });
    let params = api.client_params.iter().map(|p| {
        let name = ident(&p.rust_name);
        let docs = doc_lines(&paragraphs(&[
            Some(&format!("Sets `{}`, used by every operation that needs it (required).", p.rust_name)),
            p.description.as_deref().map(sanitize).as_deref(),
        ]));
        quote! {
            #docs
            pub fn #name(mut self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.#name = ::std::option::Option::Some(value.into());
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
        pub fn endpoint(mut self, url: impl ::std::convert::Into<::std::string::String>) -> Self {
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
            credentials: impl ::std::convert::Into<#runtime::CredentialSource>,
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
        pub fn build(self) -> ::std::result::Result<Client, #runtime::Error> {
            ::std::result::Result::Ok(Client {
                #(#params)*
                http: self.inner.build()?,
            })
        }
    }
}

/// The method's argument declarations (required parameters, the optional-parameters struct,
/// the body) and the expressions a wrapper uses to forward them.
pub(crate) fn arg_decls(
    op: &Operation,
    runtime: &TokenStream,
) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let models = quote!(super::models::);
    let mut decls = Vec::new();
    let mut forwards = Vec::new();
    for p in op
        .params
        .iter()
        .filter(|p| p.required && p.client_param.is_none())
    {
        let name = ident(&p.rust_name);
        let ty = arg_type(&p.ty, &models, runtime);
        decls.push(quote!(#name: #ty));
        forwards.push(quote!(#name));
    }
    if let Some(params) = &op.params_struct {
        let params = ident(params);
        decls.push(quote!(params: &#models #params));
        forwards.push(quote!(&params));
    }
    if let Some(body) = &op.body {
        let ty = super::bodies::arg_type(body, runtime);
        decls.push(quote!(body: #ty));
        forwards.push(super::bodies::forward(body));
    }
    (decls, forwards)
}

pub(crate) fn emit_operation(
    op: &Operation,
    api: &Api,
    checks: &super::validate::Ctx<'_>,
    runtime: &TokenStream,
) -> TokenStream {
    let name = ident(&op.rust_name);
    let args: Vec<&Param> = op
        .params
        .iter()
        .filter(|p| p.client_param.is_none() && p.required)
        .collect();
    let (arg_decls, _) = arg_decls(op, runtime);
    let (output, send) = super::responses::output_and_send(op, runtime);
    let too_many = (arg_decls.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let docs = doc_lines(&operation_docs(op, &args));
    let path = emit_path(op, runtime);
    let checks = super::validate::operation_checks(op, checks);
    let method = ident(&op.method);
    let api_id = &op.api_id;
    let idempotent = op.idempotent.map(|b| quote!(.idempotent(#b)));
    let security = super::security::operation_requirement(op, api);
    let all_pages = op
        .pagination
        .as_ref()
        .map(|p| super::pagination::emit_all_pages(op, p, runtime));
    let params = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(|p| emit_param_use(p, runtime));
    let body = op.body.as_ref().map(super::bodies::attach);
    let accept = (!op.accept.is_empty()).then(|| {
        let types = &op.accept;
        quote!(.accept(&[#(#types),*]))
    });
    let fixed_query = op
        .fixed_query
        .iter()
        .map(|(key, value)| quote!(.query(#key, #value)));
    quote! {
        #docs
        #deprecated
        #too_many
        pub async fn #name(&self #(, #arg_decls)*) -> ::std::result::Result<#runtime::Response<#output>, #runtime::Error> {
            #checks
            #path
            let request = #runtime::Request::new(#runtime::Method::#method, path).operation(#api_id)#accept #idempotent #security #(#fixed_query)*;
            #(#params)*
            #body
            #send
        }
        #all_pages
    }
}

/// The path, built from literal pieces and per-segment encoded parameters.
fn emit_path(op: &Operation, runtime: &TokenStream) -> TokenStream {
    let pieces = op.path.iter().map(|part| match part {
        PathPart::Literal(text) => quote!(#text),
        PathPart::Param(index) => {
            let param = &op.params[*index];
            let api_name = &param.api_name;
            let value = param_value(param);
            if let Some(style) = param.style {
                let style = style_tokens(style, runtime);
                return quote!(#runtime::Request::path_styled(#api_name, #value, #style)?.as_str());
            }
            let value = match param.ty {
                TypeRef::String => value,
                _ => quote!(&#value.to_string()),
            };
            quote!(#runtime::Request::path_param(#api_name, #value)?.as_str())
        }
    });
    if let [PathPart::Literal(text)] = op.path.as_slice() {
        return quote!(let path = ::std::string::String::from(#text););
    }
    quote!(let path: ::std::string::String = [#(#pieces),*].concat();)
}

/// The expression holding a parameter's value: a method argument or a client setting.
fn param_value(param: &Param) -> TokenStream {
    match &param.client_param {
        Some(setting) => {
            let setting = ident(setting);
            quote!(self.#setting.as_str())
        }
        None if param.required => {
            let name = ident(&param.rust_name);
            quote!(#name)
        }
        None => {
            let name = ident(&param.rust_name);
            quote!(&params.#name)
        }
    }
}

fn emit_param_use(param: &Param, runtime: &TokenStream) -> TokenStream {
    let api_name = &param.api_name;
    let value = param_value(param);
    let is_list = matches!(param.ty, TypeRef::Vec(_));
    let add = |v: TokenStream| match (param.location, param.style) {
        (location, Some(style)) => {
            let style = style_tokens(style, runtime);
            let method = match location {
                ParamLocation::Header => quote!(header_styled),
                ParamLocation::Cookie => quote!(cookie_styled),
                _ => quote!(query_styled),
            };
            quote!(request.#method(#api_name, #v, #style)?)
        }
        (ParamLocation::Header, None) => match param.ty {
            TypeRef::String => quote!(request.header(#api_name, #v)),
            _ => quote!(request.header(#api_name, #v.to_string())),
        },
        (ParamLocation::Cookie, None) => quote!(request.cookie(#api_name, #v)),
        (_, None) if is_list => quote!(request.query_all(#api_name, #v.iter())),
        (_, None) => quote!(request.query(#api_name, #v)),
    };
    if param.required || param.client_param.is_some() {
        let add = add(value);
        quote!(let request = #add;)
    } else {
        let add = add(quote!(value));
        quote! {
            let request = match #value {
                ::std::option::Option::Some(value) => #add,
                ::std::option::Option::None => request,
            };
        }
    }
}

/// The runtime's `ParamStyle` for a model one.
fn style_tokens(style: ParamStyle, runtime: &TokenStream) -> TokenStream {
    let style = match style {
        ParamStyle::Form { explode } => quote!(Form { explode: #explode }),
        ParamStyle::Simple { explode } => quote!(Simple { explode: #explode }),
        ParamStyle::SpaceDelimited => quote!(SpaceDelimited),
        ParamStyle::PipeDelimited => quote!(PipeDelimited),
        ParamStyle::DeepObject => quote!(DeepObject),
        ParamStyle::Json => quote!(Json),
    };
    quote!(#runtime::ParamStyle::#style)
}

fn operation_docs(op: &Operation, args: &[&Param]) -> String {
    let mut sends = format!("Sends `{} {}`", op.method, code_safe(&op.path_template));
    // A method named otherwise than its operation ID (shortened, or made unique) says which
    // operation it is, so the ID in the service's docs can be found.
    if crate::naming::snake(&op.api_id) != op.rust_name {
        sends.push_str(&format!(" (operation `{}`)", code_safe(&op.api_id)));
    }
    sends.push('.');
    let mut arg_lines: Vec<String> = args
        .iter()
        .map(|p| {
            let text = sanitize(p.description.as_deref().unwrap_or("")).replace('\n', " ");
            format!("- `{}`: {}", p.rust_name, text.trim())
        })
        .collect();
    if let Some(params) = &op.params_struct {
        let names: Vec<String> = op
            .params
            .iter()
            .filter(|p| !p.required && p.client_param.is_none())
            .map(|p| format!("`{}`", p.rust_name))
            .collect();
        arg_lines.push(format!(
            "- `params`: the optional parameters ({}); see [`{params}`](super::models::{params}).",
            names.join(", ")
        ));
    }
    if let Some(body) = &op.body {
        let text =
            sanitize(body.description.as_deref().unwrap_or("The request body.")).replace('\n', " ");
        let others = match body.other_media_types.as_slice() {
            [] => String::new(),
            others => format!(
                "; the operation also accepts {}, which this client does not send",
                others
                    .iter()
                    .map(|m| format!("`{}`", code_safe(m)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        // The usual case, JSON and nothing else, goes without saying.
        let sent = match body.media_type.as_str() {
            "application/json" if others.is_empty() => String::new(),
            media_type => format!(" (sent as `{}`{others})", code_safe(media_type)),
        };
        // The spec names no parts, so the caller has to know how to build them.
        let parts = match body.kind {
            crate::model::BodyKind::MultipartParts => {
                ". The spec names no parts: build them with `Multipart::new()` and its `text`, `json` and `file`."
            }
            _ => "",
        };
        arg_lines.push(format!("- `body`: {}{sent}{parts}", text.trim()));
    }
    let args = (!arg_lines.is_empty()).then(|| format!("# Arguments\n{}", arg_lines.join("\n")));
    let errors = super::responses::errors_doc(op);
    let summary = op.summary.as_deref().map(sanitize);
    let description = op.description.as_deref().map(sanitize);
    paragraphs(&[
        summary.as_deref(),
        description.as_deref(),
        Some(&sends),
        args.as_deref(),
        Some(&errors),
    ])
}
