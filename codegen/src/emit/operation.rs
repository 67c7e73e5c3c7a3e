//! One method per operation: its arguments, checks, path, parameters, body and docs; it returns
//! the runtime's `Call` future.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code_safe, doc_lines, paragraphs, sanitize};
use super::ident;
use super::types::arg_type;
use crate::model::{Api, Operation, Param, ParamLocation, ParamStyle, PathPart, TypeRef};

/// The method's argument declarations (required parameters, the optional-parameters struct,
/// the body) and the expressions a wrapper uses to forward them.
pub(crate) fn arg_decls(
    op: &Operation,
    runtime: &TokenStream,
) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let models = quote!(models::);
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
    let stream_variant =
        super::streaming::stream_variant(op).map(|v| emit_operation(&v, api, checks, runtime));
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
    // One builder chain: the request as the spec describes it, every optional part attached
    // by one runtime call that skips it when unset.
    let build = quote! {
        #checks
        #path
        let request = #runtime::Request::new(#runtime::Method::#method, path)
            .operation(#api_id)
            #accept #idempotent #security #(#fixed_query)*
            #(#params)*
            #body;
    };
    // A plain `fn`, not an `async fn`: the request is built here and the runtime's `Call`
    // sends it, so the compiler lays out no coroutine per operation. A step that can fail
    // (`?`) runs inside `Call::new`, which makes its error the future's.
    let body = match can_fail(&build) {
        true => quote!(#runtime::Call::new(|| { #build Ok(#send) })),
        false => quote!(#build #send),
    };
    // `#[inline]`: as with an `async fn`'s body, the client crate compiles a method's machine
    // code only where it is called, not every operation of the API up front.
    quote! {
        #docs
        #deprecated
        #too_many
        #[inline]
        pub fn #name(&self #(, #arg_decls)*) -> #output {
            #body
        }
        #all_pages
        #stream_variant
    }
}

/// Whether building the request has a step that can fail: a `?` anywhere in it (string
/// literals are single tokens, so a `?` inside spec text does not count).
fn can_fail(tokens: &TokenStream) -> bool {
    tokens.clone().into_iter().any(|token| match token {
        proc_macro2::TokenTree::Punct(punct) => punct.as_char() == '?',
        proc_macro2::TokenTree::Group(group) => can_fail(&group.stream()),
        _ => false,
    })
}

/// The path in one expression: the spec's template, its placeholders filled in order with
/// the parameters, each encoded as one segment (the runtime refuses values that would change
/// the path: empty, `.`, `..`).
fn emit_path(op: &Operation, runtime: &TokenStream) -> TokenStream {
    let mut template = String::new();
    let mut segments = Vec::new();
    for part in &op.path {
        match part {
            PathPart::Literal(text) => template.push_str(text),
            PathPart::Param(index) => {
                let param = &op.params[*index];
                template.push_str(&format!("{{{}}}", param.api_name));
                segments.push(path_segment(param, runtime));
            }
        }
    }
    // A brace in the spec's own text would read as a placeholder: such a path is joined from
    // its pieces instead.
    let literal_brace = op.path.iter().any(|part| match part {
        PathPart::Literal(text) => text.contains(['{', '}']),
        PathPart::Param(_) => false,
    });
    if segments.is_empty() {
        return quote!(let path = String::from(#template););
    }
    if literal_brace {
        let pieces = op.path.iter().map(|part| match part {
            PathPart::Literal(text) => quote!(#text),
            PathPart::Param(index) => {
                let segment = path_segment(&op.params[*index], runtime);
                quote!(&#segment)
            }
        });
        return quote!(let path = [#(#pieces),*].concat(););
    }
    quote!(let path = #runtime::fill_path(#template, &[#(#segments),*]);)
}

/// One path parameter, encoded as one segment.
fn path_segment(param: &Param, runtime: &TokenStream) -> TokenStream {
    let api_name = &param.api_name;
    let value = param_value(param);
    if let Some(style) = param.style {
        let style = style_tokens(style, runtime);
        return quote!(#runtime::Request::path_styled(#api_name, #value, #style)?);
    }
    let value = match param.ty {
        TypeRef::String => value,
        _ => quote!(&#value.to_string()),
    };
    quote!(#runtime::Request::path_param(#api_name, #value)?)
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

/// The builder step adding one query, header or cookie parameter; an optional one goes
/// through the runtime's `…_opt` form, which adds nothing when it is unset.
fn emit_param_use(param: &Param, runtime: &TokenStream) -> TokenStream {
    let api_name = &param.api_name;
    let value = param_value(param);
    let optional = !param.required && param.client_param.is_none();
    let is_list = matches!(param.ty, TypeRef::Vec(_));
    if let Some(style) = param.style {
        let style = style_tokens(style, runtime);
        let method = match (param.location, optional) {
            (ParamLocation::Header, false) => quote!(header_styled),
            (ParamLocation::Header, true) => quote!(header_styled_opt),
            (ParamLocation::Cookie, false) => quote!(cookie_styled),
            (ParamLocation::Cookie, true) => quote!(cookie_styled_opt),
            (_, false) => quote!(query_styled),
            (_, true) => quote!(query_styled_opt),
        };
        return quote!(.#method(#api_name, #value, #style)?);
    }
    match (param.location, optional) {
        (ParamLocation::Header, true) => quote!(.header_opt(#api_name, #value)),
        (ParamLocation::Header, false) => match param.ty {
            TypeRef::String => quote!(.header(#api_name, #value)),
            _ => quote!(.header(#api_name, #value.to_string())),
        },
        (ParamLocation::Cookie, true) => quote!(.cookie_opt(#api_name, #value)),
        (ParamLocation::Cookie, false) => quote!(.cookie(#api_name, #value)),
        (_, true) if is_list => quote!(.query_all_opt(#api_name, #value)),
        (_, true) => quote!(.query_opt(#api_name, #value)),
        (_, false) if is_list => quote!(.query_all(#api_name, #value.iter())),
        (_, false) => quote!(.query(#api_name, #value)),
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
        errors.as_deref(),
    ])
}
