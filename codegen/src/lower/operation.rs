//! Lowering operations: names, parameters, path templates, bodies and success responses.

use openapiv3::{Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr};

use super::operation_names::{self, Named};
use super::pagination;
use super::refs;
use super::schema::type_of;
use super::Lowerer;
use crate::error::{Error, Omission, Pointer, SpecError};
use crate::model::{Operation, Param, ParamLocation, ParamStyle, PathPart, TypeRef};
use crate::naming::{self, Scope};

/// Lowers every operation, in document order. One the generator cannot express is left out
/// (with the types it had defined so far) and returned as an [`Omission`].
pub(super) fn lower_operations(lowerer: &mut Lowerer<'_>) -> (Vec<Operation>, Vec<Omission>) {
    let doc = lowerer.doc;
    let mut method_names = Scope::new();
    method_names.reserve("builder");
    let mut seen_ids: Vec<(String, Pointer)> = Vec::new();
    let mut operations = Vec::new();
    let mut omitted = Vec::new();
    let mut base_names = operation_base_names(doc).into_iter();
    for (path, item) in &doc.paths.paths {
        let item_at = Pointer::root().push("paths").push(path);
        let item = match refs::resolve(item, "pathItems", |_| None, &item_at) {
            Ok((item, _)) => item,
            Err(error) => {
                omitted.push(path_omission(path, error));
                continue;
            }
        };
        for (method, op) in item.iter() {
            let base_name = base_names.next().unwrap_or_default();
            let at = item_at.push(method);
            let api_id = op
                .operation_id
                .clone()
                .unwrap_or_else(|| format!("{method} {path}"));
            let leave_out = |error: Error| {
                let cause = error
                    .clone_spec()
                    .unwrap_or_else(|| SpecError::internal(at.clone(), error.to_string()));
                Omission::operation(
                    op.operation_id.as_deref(),
                    method,
                    path,
                    op.tags.clone(),
                    cause,
                )
            };
            if let Some((_, first)) = seen_ids.iter().find(|(id, _)| *id == api_id) {
                omitted.push(leave_out(SpecError::invalid(
                    at.push("operationId"),
                    format!("operationId {api_id:?} is also used at `#{}`; operation IDs must be unique", first.as_str()),
                )));
                continue;
            }
            seen_ids.push((api_id.clone(), at.clone()));
            let rust_name = method_names.unique(naming::snake(&base_name));
            // The walk's three methods: every item at once, and lazy streams of pages and items.
            let all_pages_name = match op.extensions.contains_key("x-pagination") {
                true => ["all", "pages", "items"]
                    .map(|suffix| method_names.unique(format!("{rust_name}_{suffix}"))),
                false => Default::default(),
            };
            let context = OperationContext {
                api_id,
                base_name,
                rust_name,
                all_pages_name,
                path,
                method,
                item,
                at: at.clone(),
            };
            let defined = lowerer.types.len();
            match lower_operation(lowerer, context, op) {
                Ok(mut operation) => {
                    if let Some(stream) = &mut operation.stream {
                        stream.rust_name =
                            method_names.unique(format!("{}_stream", operation.rust_name));
                    }
                    operations.push(operation)
                }
                Err(error) => {
                    lowerer.types.truncate(defined);
                    omitted.push(leave_out(error));
                }
            }
        }
    }
    (operations, omitted)
}

/// A path item that is a reference the generator cannot follow: its operations are unknown,
/// so the path itself is what is left out.
fn path_omission(path: &str, error: Error) -> Omission {
    let at = Pointer::root().push("paths").push(path);
    let cause = error
        .clone_spec()
        .unwrap_or_else(|| SpecError::internal(at.clone(), error.to_string()));
    Omission {
        item: format!("path `{path}`"),
        operation_id: None,
        tags: Vec::new(),
        pointer: at.into(),
        line: None,
        cause,
    }
}

/// The name each operation's Rust items derive from, in document order (see
/// [`operation_names`]).
fn operation_base_names(doc: &openapiv3::OpenAPI) -> Vec<String> {
    let mut named = Vec::new();
    for (path, item) in &doc.paths.paths {
        let item_at = Pointer::root().push("paths").push(path);
        let Ok((item, _)) = refs::resolve(item, "pathItems", |_| None, &item_at) else {
            continue;
        };
        for (method, op) in item.iter() {
            named.push(Named {
                id: op.operation_id.as_deref(),
                path,
                method,
            });
        }
    }
    operation_names::base_names(&named)
}

struct OperationContext<'a> {
    api_id: String,
    /// What the method and its types are named from: the ID, perhaps shortened.
    base_name: String,
    rust_name: String,
    /// The name an all-pages method would get (reserved only when used).
    all_pages_name: [String; 3],
    path: &'a str,
    method: &'a str,
    item: &'a PathItem,
    at: Pointer,
}

fn lower_operation(
    lowerer: &mut Lowerer<'_>,
    cx: OperationContext<'_>,
    op: &openapiv3::Operation,
) -> Result<Operation, Error> {
    let type_hint = naming::pascal(&cx.base_name);
    // Shared inline types are later named without the prefix of the operations using them.
    lowerer.shapes.context.clone_from(&type_hint);
    // A path key may carry fixed query values (`/responses?beta=true`, OpenAI's spec).
    let (path_only, fixed_query) = split_fixed_query(cx.path);
    let mut params = lower_params(lowerer, &cx, op, &type_hint)?;
    add_undeclared_path_params(path_only, &mut params);
    let path = parse_path_template(path_only, &params, &cx.at)?;
    let has_optional = params
        .iter()
        .any(|p| !p.required && p.client_param.is_none());
    let params_struct =
        has_optional.then(|| lowerer.type_names.unique(format!("{type_hint}Params")));
    let body = match &op.request_body {
        Some(body) => {
            super::body::lower_body(lowerer, body, &type_hint, &cx.at.push("requestBody"))?
        }
        None => None,
    };
    let responses_at = cx.at.push("responses");
    let response =
        super::responses::lower_success(lowerer, &op.responses, &type_hint, &responses_at)?;
    let stream = super::events::stream_variant(
        lowerer,
        &op.responses,
        &response,
        &type_hint,
        &responses_at,
    )?;
    let errors = super::responses::lower_errors(lowerer, &op.responses, &responses_at)?;
    let accept = super::accept::accepted_media_types(lowerer, &op.responses, &responses_at)?;
    let pagination = pagination::lower_pagination(
        lowerer,
        op.extensions.get("x-pagination"),
        &params,
        &response,
        cx.all_pages_name.clone(),
        &cx.at,
    )?;
    let binary_body = matches!(
        body.as_ref().map(|b| &b.kind),
        Some(crate::model::BodyKind::Binary)
    );
    if pagination.is_some() && binary_body {
        // The body may be a stream, which can be sent only once, not once per page.
        return Err(SpecError::unsupported(
            cx.at.push("x-pagination"),
            "a paginated operation cannot take a binary (streamable) request body",
        ));
    }
    let security = match &op.security {
        Some(requirements) => Some(super::security::lower_requirements(
            lowerer.doc,
            &lowerer.security_schemes,
            requirements,
            &cx.at.push("security"),
        )?),
        None => None,
    };
    let idempotent = match op.extensions.get("x-idempotent") {
        None => None,
        Some(serde_json::Value::Bool(b)) => Some(*b),
        Some(_) => {
            return Err(SpecError::invalid(
                cx.at.push("x-idempotent"),
                "`x-idempotent` must be true or false",
            ))
        }
    };
    Ok(Operation {
        api_id: cx.api_id,
        rust_name: cx.rust_name,
        summary: op.summary.clone(),
        description: op.description.clone(),
        deprecated: op.deprecated,
        tags: op.tags.clone(),
        method: cx.method.to_ascii_uppercase(),
        path_template: cx.path.to_owned(),
        path,
        fixed_query,
        params,
        params_struct,
        body,
        response,
        stream,
        accept,
        errors,
        security,
        idempotent,
        pagination,
    })
}

/// Path-level and operation-level parameters; an operation's own declaration wins.
fn lower_params(
    lowerer: &mut Lowerer<'_>,
    cx: &OperationContext<'_>,
    op: &openapiv3::Operation,
    type_hint: &str,
) -> Result<Vec<Param>, Error> {
    let doc = lowerer.doc;
    let lookup = |name: &str| doc.components.as_ref()?.parameters.get(name);
    let item_at = cx.at.clone().parent();
    let mut resolved: Vec<(&Parameter, Pointer)> = Vec::new();
    let declared = cx
        .item
        .parameters
        .iter()
        .enumerate()
        .map(|(i, p)| (p, item_at.push("parameters").push(i.to_string())));
    let own = op
        .parameters
        .iter()
        .enumerate()
        .map(|(i, p)| (p, cx.at.push("parameters").push(i.to_string())));
    for (param, at) in declared.chain(own) {
        let (param, _) = refs::resolve(param, "parameters", lookup, &at)?;
        let data = param.parameter_data_ref();
        resolved.retain(|(p, _)| {
            let d = p.parameter_data_ref();
            !(d.name == data.name && std::mem::discriminant(*p) == std::mem::discriminant(param))
        });
        resolved.push((param, at));
    }
    let mut arg_names = Scope::new();
    resolved
        .into_iter()
        .map(|(param, at)| lower_param(lowerer, param, &at, type_hint, &mut arg_names))
        .collect()
}

fn lower_param(
    lowerer: &mut Lowerer<'_>,
    param: &Parameter,
    at: &Pointer,
    type_hint: &str,
    arg_names: &mut Scope,
) -> Result<Param, Error> {
    let data = param.parameter_data_ref();
    let location = match param {
        Parameter::Path { .. } => ParamLocation::Path,
        Parameter::Query { .. } => ParamLocation::Query,
        Parameter::Header { .. } => ParamLocation::Header,
        Parameter::Cookie { .. } => ParamLocation::Cookie,
    };
    let (schema, schema_at, json) = match &data.format {
        ParameterSchemaOrContent::Schema(schema) => (schema, at.push("schema"), false),
        ParameterSchemaOrContent::Content(content) => {
            let media = content.iter().find(|(m, _)| super::body::is_json(m));
            match media.and_then(|(m, media)| Some((m, media.schema.as_ref()?))) {
                Some((m, schema)) => (schema, at.push("content").push(m).push("schema"), true),
                None => {
                    return Err(SpecError::unsupported(
                        at.push("content"),
                        format!("parameter {:?}: only `content` in a JSON media type (with a schema) is supported", data.name),
                    ))
                }
            }
        }
    };
    let hint = format!("{type_hint}{}", naming::pascal(&data.name));
    let ty = match type_of(lowerer, schema, &hint, &schema_at)? {
        // A parameter that "may be null" is one that may be left out.
        TypeRef::Nullable(inner) => *inner,
        other => other,
    };
    let style = match json {
        true => Some(ParamStyle::Json),
        false => super::param_style::style_of(lowerer, param, &ty, at)?,
    };
    let client_param = client_param_name(data, at)?
        .map(|setting| lowerer.client_param(setting, data.description.as_ref()));
    let required = data.required || location == ParamLocation::Path;
    let rust_name = naming::snake(&data.name);
    // Optional parameters are fields of the `…Params` struct, read as `params.page`: only
    // method arguments can collide with the method body's own locals.
    if (required || client_param.is_some()) && METHOD_LOCALS.contains(&rust_name.as_str()) {
        arg_names.reserve(&rust_name);
    }
    Ok(Param {
        api_name: data.name.clone(),
        rust_name: arg_names.unique(rust_name),
        location,
        ty,
        // Path parameters are always required, whatever the document says.
        required,
        description: data.description.clone(),
        rules: match schema {
            ReferenceOr::Item(schema) => super::docs::schema_rules(schema),
            ReferenceOr::Reference { .. } => Default::default(),
        },
        style,
        client_param,
    })
}

/// `x-client-parameter: NAME` — the value comes from the client setting `NAME`.
fn client_param_name<'d>(
    data: &'d openapiv3::ParameterData,
    at: &Pointer,
) -> Result<Option<&'d str>, Error> {
    match data.extensions.get("x-client-parameter") {
        None => Ok(None),
        Some(serde_json::Value::String(name)) if !name.is_empty() => Ok(Some(name)),
        Some(_) => Err(SpecError::invalid(
            at.push("x-client-parameter"),
            "`x-client-parameter` must be a non-empty string naming the client setting",
        )),
    }
}

/// `/a?x=1&y` → (`/a`, [(x, 1), (y, "")]), percent-decoded (the runtime encodes them again).
fn split_fixed_query(path: &str) -> (&str, Vec<(String, String)>) {
    let Some((path, query)) = path.split_once('?') else {
        return (path, Vec::new());
    };
    let pairs = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    (path, pairs)
}

/// Names the generated method body uses itself (arguments would shadow or be shadowed).
const METHOD_LOCALS: &[&str] = &[
    "body",
    "params",
    "path",
    "request",
    "validator",
    "v",
    "value",
    "item",
    "index",
    "key",
    "page",
    "next",
    "seen",
    "all",
    "self",
];

/// A `{name}` in the path that no parameter declares (a common slip: Intercom's spec has
/// some) still has to be filled in: it becomes a required string argument, documented as such.
fn add_undeclared_path_params(template: &str, params: &mut Vec<Param>) {
    let mut rest = template;
    while let (Some(open), Some(close)) = (rest.find('{'), rest.find('}')) {
        if close < open {
            break;
        }
        let name = &rest[open + 1..close];
        rest = &rest[close + 1..];
        let declared = params
            .iter()
            .any(|p| p.location == ParamLocation::Path && p.api_name == name);
        if name.is_empty() || declared {
            continue;
        }
        let base = naming::snake(name);
        let rust_name = std::iter::once(base.clone())
            .chain((2..).map(|n| format!("{base}{n}")))
            .find(|candidate| {
                !METHOD_LOCALS.contains(&candidate.as_str())
                    && params.iter().all(|p| &p.rust_name != candidate)
            })
            .unwrap_or(base);
        params.push(Param {
            api_name: name.to_owned(),
            rust_name,
            location: ParamLocation::Path,
            ty: TypeRef::String,
            required: true,
            description: Some(format!(
                "`{{{name}}}` in the path; the spec does not declare it, so it is taken as text."
            )),
            rules: Default::default(),
            style: None,
            client_param: None,
        });
    }
}

/// Splits `/a/{b}/c` into literals and parameters, checking both directions of the match.
fn parse_path_template(
    template: &str,
    params: &[Param],
    at: &Pointer,
) -> Result<Vec<PathPart>, Error> {
    let mut parts = Vec::new();
    let mut rest = template;
    let mut used = Vec::new();
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').map(|i| open + i).ok_or_else(|| {
            SpecError::invalid(
                at.clone(),
                format!("path {template:?} has an unclosed `{{`"),
            )
        })?;
        if open > 0 {
            parts.push(PathPart::Literal(encode_literal(&rest[..open])));
        }
        let name = &rest[open + 1..close];
        let index = params
            .iter()
            .position(|p| p.location == ParamLocation::Path && p.api_name == name)
            .ok_or_else(|| SpecError::invalid(at.clone(), format!("path {template:?} has `{{{name}}}` but no path parameter named {name:?} is declared")))?;
        used.push(index);
        parts.push(PathPart::Param(index));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(encode_literal(rest)));
    }
    if let Some(unused) = params
        .iter()
        .enumerate()
        .find(|(i, p)| p.location == ParamLocation::Path && !used.contains(i))
    {
        return Err(SpecError::invalid(
            at.clone(),
            format!(
                "path parameter {:?} does not appear in the path {template:?}",
                unused.1.api_name
            ),
        ));
    }
    Ok(parts)
}

/// A literal piece of a path as it must go on the wire: characters a path cannot hold
/// (`#`, `"`, spaces, non-ASCII, ...) percent-encoded; `/`, existing `%XX` escapes and the
/// characters RFC 3986 allows in a path kept.
fn encode_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || "-._~/!$&'()*+,;=:@%".contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    out
}
