//! Step 3: lower an `openapiv3` document into the [`crate::model`] the emitter works from.

mod accept;
mod body;
mod compose;
mod depth;
mod docs;
mod events;
mod leave_out;
mod nullable_refs;
mod operation;
mod operation_names;
mod pagination;
mod param_style;
mod pinned;
mod recursion;
mod refs;
mod responses;
mod schema;
mod security;
mod shapes;
mod types;
mod webhook_payloads;
mod webhooks;

use openapiv3::OpenAPI;

use crate::custom::{Customization, Extras};
use crate::error::{Error, Pointer, SpecError};
use crate::model::{Api, ClientParam, SecurityScheme, Server, ServerVariable, Signing, TypeDef};
use crate::naming::{self, Scope};

/// Lowers a validated document with the user's type settings.
pub(crate) fn lower(doc: &OpenAPI, custom: &Customization) -> Result<Api, Error> {
    let typed_formats = match custom.typed_formats {
        Some(typed) => typed,
        None => types::document_typed_formats(doc)?,
    };
    types::check_type_names(doc, custom)?;
    let mut lowerer = Lowerer::new(doc, custom, typed_formats);
    let server = lower_server(doc, &mut lowerer.setting_names)?;
    lowerer.security_schemes = security::lower_schemes(doc, &mut lowerer.setting_names)?;
    let default_security = security::lower_requirements(
        doc,
        &lowerer.security_schemes,
        doc.security.as_deref().unwrap_or_default(),
        &Pointer::root().push("security"),
    )?;
    let failed = lowerer.lower_components();
    nullable_refs::apply(&mut lowerer.types, &mut lowerer.nullable_components);
    let (mut operations, mut omitted) = operation::lower_operations(&mut lowerer);
    let (inline_payloads, mut payloads_left_out) = webhook_payloads::lower_inline(&mut lowerer);
    omitted.append(&mut payloads_left_out);
    let renamed = shapes::name_shared(
        &lowerer.shapes,
        &mut lowerer.types,
        &mut operations,
        &mut lowerer.type_names,
    );
    let components = lowerer.component_names.values().cloned().collect();
    pinned::settle_unions(&mut lowerer.types, &components, &mut lowerer.type_names);
    let mut types = lowerer.types;
    let chains = depth::Chains::new(&types);
    let longest_chain = chains.longest();
    if let Some(limit) = custom.recursion_limit {
        if let Some(error) = too_deep_to_build(&types, &chains, limit, &lowerer.component_names) {
            return Err(error);
        }
    }
    let failed_count = failed.len();
    let mut dropped = leave_out::drop_unusable(
        &mut operations,
        &mut types,
        failed,
        &lowerer.component_names,
    );
    // Schemas are lowered before operations, so their failures come first (what strict
    // mode reports), then the operations' own, then what depended on a failed schema.
    let dependents = dropped.split_off(failed_count.min(dropped.len()));
    dropped.append(&mut omitted);
    dropped.extend(dependents);
    let omitted = dropped;
    recursion::box_recursive_fields(&mut types);
    depth::cut_deep_chains(&mut types);
    recursion::reject_alias_cycles(&types)?;
    types::check_extras_names(&types, custom)?;
    let webhook_types = webhooks::webhook_schemas(doc)
        .iter()
        .filter_map(|name| lowerer.component_names.get(name).cloned())
        .chain(
            inline_payloads
                .into_iter()
                .map(|name| renamed.get(&name).cloned().unwrap_or(name)),
        )
        .collect();
    Ok(Api {
        omitted,
        title: doc.info.title.clone(),
        description: doc.info.description.clone(),
        server,
        signing: lower_signing(doc)?,
        security_schemes: lowerer.security_schemes,
        default_security,
        client_params: lowerer.client_params,
        operations,
        types,
        nullable_components: lowerer.nullable_components.into_iter().collect(),
        custom: custom.clone(),
        own_extras: lowerer.own_extras,
        webhook_types,
        longest_chain,
    })
}

/// A chain of types nested deeper than the including crate's `recursion_limit` lets rustc
/// build refuses the spec, naming the chain and the two ways out: a generated crate (which
/// declares the limit it needs) or a higher limit declared in the including crate's root.
/// (Leaving out the chain with everything that holds it would list thousands of omissions
/// for a long chain, each located in the document: minutes, not milliseconds.)
fn too_deep_to_build(
    types: &[TypeDef],
    chains: &depth::Chains,
    recursion_limit: usize,
    components: &indexmap::IndexMap<String, String>,
) -> Option<Error> {
    let max = depth::max_chain(recursion_limit);
    let deep = chains.too_deep(types, max).into_iter().next()?;
    let def = &types[deep.ty];
    let pointer = match components.iter().find(|(_, rust)| **rust == def.rust_name) {
        Some((api, _)) => Pointer::root().push("components").push("schemas").push(api),
        None => Pointer::root(),
    };
    let needed = depth::recursion_limit(chains.longest()).unwrap_or(recursion_limit);
    Some(SpecError::unsupported(
        pointer,
        format!(
            "the chain of nested types {} is longer than the {max} that rustc builds under the crate root's `recursion_limit` of {recursion_limit} (it stops at that many nested instantiations of serde's helpers); generate a crate instead (`--crate`, `Generator::krate`), which declares the limit it needs, or declare `#![recursion_limit = \"{needed}\"]` in your crate root and pass `--recursion-limit {needed}` (`Generator::recursion_limit({needed})`)",
            depth::describe(&deep.chain),
        ),
    ))
}

/// The `recursion_limit` a generated crate's root declares: `None` when rustc's default
/// builds its longest chain of nested types.
pub(crate) fn crate_recursion_limit(api: &Api) -> Option<usize> {
    depth::recursion_limit(api.longest_chain)
}

/// The `recursion_limit` included code assumes when the user does not say.
pub(crate) const DEFAULT_RECURSION_LIMIT: usize = depth::DEFAULT_RECURSION_LIMIT;

/// Component schema name → the Rust name of its type, in the order of the document: the first
/// names taken in `scope`, so they are the same whatever else the spec defines.
fn assign_component_names(doc: &OpenAPI, scope: &mut Scope) -> indexmap::IndexMap<String, String> {
    for name in naming::IMPORTED_NAMES {
        scope.reserve(name);
    }
    doc.components
        .iter()
        .flat_map(|c| c.schemas.keys())
        .map(|name| (name.clone(), scope.unique(naming::pascal(name))))
        .collect()
}

/// The Rust type name of every component schema, as [`lower`] names them.
pub(crate) fn component_type_names(doc: &OpenAPI) -> indexmap::IndexMap<String, String> {
    assign_component_names(doc, &mut Scope::new())
}

/// State shared while lowering: the document, the types defined so far and the names taken.
pub(crate) struct Lowerer<'a> {
    pub(crate) doc: &'a OpenAPI,
    pub(crate) types: Vec<TypeDef>,
    pub(crate) type_names: Scope,
    /// Component schema name → Rust type name, assigned before anything is lowered so that
    /// references resolve whatever the order.
    pub(crate) component_names: indexmap::IndexMap<String, String>,
    pub(crate) client_params: Vec<ClientParam>,
    /// Names of client settings: builder methods and client fields share one namespace.
    pub(crate) setting_names: Scope,
    pub(crate) security_schemes: Vec<SecurityScheme>,
    /// Rust names of the component types whose schema admits `null` (`nullable: true`, a
    /// `null` member): their uses are `Option`s.
    pub(crate) nullable_components: std::collections::BTreeSet<String>,
    /// Component schema name → the type the user put in its place (`Generator::replace`).
    pub(crate) replace: &'a std::collections::BTreeMap<String, crate::custom::RustPath>,
    /// Strings with a known `format` become the runtime's typed values.
    pub(crate) typed_formats: bool,
    /// Derives a schema asks for itself (`x-rust-derives`), by Rust type name.
    pub(crate) own_extras: std::collections::BTreeMap<String, Extras>,
    /// Inline types by shape, so that identical inline schemas share one type.
    pub(crate) shapes: shapes::Shapes,
}

impl<'a> Lowerer<'a> {
    fn new(doc: &'a OpenAPI, custom: &'a Customization, typed_formats: bool) -> Self {
        let mut type_names = Scope::new();
        let component_names = assign_component_names(doc, &mut type_names);
        Lowerer {
            doc,
            types: Vec::new(),
            type_names,
            component_names,
            client_params: Vec::new(),
            setting_names: setting_scope(),
            security_schemes: Vec::new(),
            nullable_components: Default::default(),
            replace: &custom.replace,
            typed_formats,
            own_extras: Default::default(),
            shapes: Default::default(),
        }
    }

    /// Lowers every component schema; one the generator cannot express is left out (with
    /// whatever it had defined so far) and returned with its Rust name and the problem.
    fn lower_components(&mut self) -> Vec<leave_out::Failed> {
        let Some(components) = &self.doc.components else {
            return Vec::new();
        };
        let base = Pointer::root().push("components").push("schemas");
        let mut failed = Vec::new();
        for (api_name, schema) in &components.schemas {
            let rust_name = self.component_names[api_name].clone();
            let defined = self.types.len();
            let lowered =
                schema::lower_component(self, api_name, &rust_name, schema, &base.push(api_name));
            if let Err(error) = lowered {
                self.types.truncate(defined);
                failed.push(leave_out::Failed {
                    api_name: api_name.clone(),
                    rust_name,
                    error,
                });
            }
        }
        failed
    }

    /// The Rust name of the client setting `api_name`, recording it on first use.
    pub(crate) fn client_param(&mut self, api_name: &str, description: Option<&String>) -> String {
        if let Some(known) = self.client_params.iter().find(|p| p.api_name == api_name) {
            return known.rust_name.clone();
        }
        let rust_name = self.setting_names.unique(naming::snake(api_name));
        self.client_params.push(ClientParam {
            api_name: api_name.to_owned(),
            rust_name: rust_name.clone(),
            description: description.cloned(),
        });
        rust_name
    }
}

/// Builder methods and fields the generated code defines itself; settings must not take them.
fn setting_scope() -> Scope {
    let mut scope = Scope::new();
    for reserved in [
        "endpoint",
        "credentials",
        "config",
        "http_client",
        "build",
        "http",
        "inner",
    ] {
        scope.reserve(reserved);
    }
    scope
}

/// The first server is the default; its variables become client settings.
fn lower_server(doc: &OpenAPI, scope: &mut Scope) -> Result<Server, Error> {
    let Some(server) = doc.servers.first() else {
        return Ok(Server::default());
    };
    let mut type_names = Scope::new();
    for reserved in ROOT_NAMES.iter().chain(naming::IMPORTED_NAMES) {
        type_names.reserve(reserved);
    }
    let variables = server
        .variables
        .iter()
        .flatten()
        .map(|(name, variable)| {
            let at = Pointer::root()
                .push("servers")
                .push("0")
                .push("variables")
                .push(name);
            check_default_is_allowed(variable, &at)?;
            Ok(ServerVariable {
                api_name: name.clone(),
                rust_name: scope.unique(naming::snake(name)),
                default: Some(variable.default.clone()).filter(|d| !d.is_empty()),
                description: variable.description.clone(),
                allowed: variable.enumeration.clone(),
                type_name: (!variable.enumeration.is_empty())
                    .then(|| type_names.unique(naming::pascal(name))),
                env_prefix: env_prefix(&variable.extensions, &at)?,
            })
        })
        .collect::<Result<_, Error>>()?;
    Ok(Server {
        url: server.url.clone(),
        description: server.description.clone(),
        variables,
    })
}

/// OpenAPI requires a listed variable's default to be one of its values.
fn check_default_is_allowed(
    variable: &openapiv3::ServerVariable,
    at: &Pointer,
) -> Result<(), Error> {
    let listed =
        variable.enumeration.is_empty() || variable.enumeration.contains(&variable.default);
    match listed {
        true => Ok(()),
        false => Err(SpecError::unsupported(
            at.push("default"),
            format!(
                "default {:?} is not one of the variable's `enum` values",
                variable.default
            ),
        )),
    }
}

/// Names the crate root already exports, which a server variable's value list must not take.
const ROOT_NAMES: &[&str] = &[
    "Call",
    "Client",
    "ClientBuilder",
    "AkSkCredentials",
    "Config",
    "CredentialChain",
    "Error",
    "MetadataCredentials",
    "Response",
    "RetryPolicy",
    "Secret",
    "SigningAlgorithm",
    "Nullable",
    "Body",
    "ByteStream",
    "EventStream",
    "JsonEventStream",
    "Pages",
    "Items",
    "Multipart",
    "FilePart",
];

/// `x-endpoint-env-prefix`, which must be a plain environment variable name (`A-Z 0-9 _`).
fn env_prefix(
    extensions: &indexmap::IndexMap<String, serde_json::Value>,
    at: &Pointer,
) -> Result<Option<String>, Error> {
    let Some(value) = extensions.get("x-endpoint-env-prefix") else {
        return Ok(None);
    };
    let plain = value.as_str().filter(|prefix| {
        !prefix.is_empty()
            && prefix
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    });
    match plain {
        Some(prefix) => Ok(Some(prefix.to_owned())),
        None => Err(SpecError::unsupported(
            at.push("x-endpoint-env-prefix"),
            format!("{value} is not an environment variable name (A-Z, 0-9 and `_` only)"),
        )),
    }
}

/// Finds a security scheme marked `x-signer` among those the document requires.
fn lower_signing(doc: &OpenAPI) -> Result<Signing, Error> {
    let Some(components) = &doc.components else {
        return Ok(Signing::None);
    };
    let required: Vec<&String> = doc
        .security
        .iter()
        .flatten()
        .flat_map(|r| r.keys())
        .collect();
    for (name, scheme) in &components.security_schemes {
        let openapiv3::ReferenceOr::Item(scheme) = scheme else {
            continue;
        };
        let pointer = Pointer::root()
            .push("components")
            .push("securitySchemes")
            .push(name);
        let in_use = required.is_empty() || required.contains(&name);
        if signer_of(scheme, &pointer)? == Some(Signing::AkSk) && in_use {
            return Ok(Signing::AkSk);
        }
    }
    Ok(Signing::None)
}

/// The signer a scheme's `x-signer` extension names, if any.
fn signer_of(scheme: &openapiv3::SecurityScheme, at: &Pointer) -> Result<Option<Signing>, Error> {
    let extensions = match scheme {
        openapiv3::SecurityScheme::APIKey { extensions, .. }
        | openapiv3::SecurityScheme::HTTP { extensions, .. }
        | openapiv3::SecurityScheme::OAuth2 { extensions, .. }
        | openapiv3::SecurityScheme::OpenIDConnect { extensions, .. } => extensions,
    };
    match extensions.get("x-signer") {
        None => Ok(None),
        Some(serde_json::Value::String(s)) if s == "sdk-hmac-sha256" => Ok(Some(Signing::AkSk)),
        Some(other) => Err(SpecError::unsupported(
            at.push("x-signer"),
            format!("signer {other}: the only known signer is \"sdk-hmac-sha256\""),
        )),
    }
}
