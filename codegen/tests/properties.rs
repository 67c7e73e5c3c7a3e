//! Hardening properties: whatever a spec holds — keywords and unicode as names, code and comment
//! markers as prose, broken, self and cyclic references, deep nesting — the generator returns
//! code that parses, or a spec error naming a JSON pointer. It never panics, never hangs, and
//! spec text never becomes tokens.
//!
//! The documents are generated as `serde_json::Value`s from a small model of a spec, then
//! rendered as JSON and YAML text. Every property is bounded (64 cases) so the file runs in CI.

use std::collections::{BTreeMap, BTreeSet};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use quote::ToTokens;
use serde_json::{json, Map, Value};

/// Planted only in prose (descriptions, titles, summaries, defaults, examples, patterns, server
/// URLs and variables): it must never appear in the output as code.
const MARKER: &str = "INJECTED_MARKER_fn_evil";

/// Names that stress identifier conversion: keywords, empty, digits first, punctuation, comment
/// and attribute markers, control characters, unicode (CJK, RTL, emoji, combining marks), names
/// that collide after case conversion, and names the generated code itself uses.
const HOSTILE_NAMES: &[&str] = &[
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "fn",
    "gen",
    "async",
    "await",
    "r#try",
    "try",
    "_",
    "__",
    "",
    "dyn",
    "union",
    "macro_rules",
    "static",
    "Unknown",
    "unknown",
    "builder",
    "body",
    "value",
    "Option",
    "String",
    "Result",
    "Box",
    "Vec",
    "serde",
    "std",
    "models",
    "client",
    "Client",
    "1st",
    "123",
    "0",
    "::",
    "a::b",
    "\"",
    "'",
    "#[",
    "*/",
    "/*",
    "//",
    "```",
    "\u{0}",
    "\r\n",
    "\t",
    "<b>x</b>",
    "名前",
    "مرحبا",
    "🦀",
    "e\u{301}",
    "fooBar",
    "foo_bar",
    "FOO_BAR",
    "FooBar",
    "foo-bar",
    "foo bar",
    "-",
    " ",
    "$ref",
    "a~b",
    "%20",
    "\u{feff}",
    "ǅ",
];

/// Names that are fine anywhere except where the generated code already uses them: a client
/// setting called `http` or `endpoint`, an argument called `request`.
const GENERATED_NAMES: &[&str] = &[
    "path",
    "request",
    "http",
    "inner",
    "endpoint",
    "credentials",
    "config",
    "http_client",
    "build",
    "region",
];

/// Prose that tries to end a comment or a string, open an attribute, start a doctest, or hide
/// in control characters; every one carries the marker.
fn hostile_texts() -> Vec<String> {
    vec![
        format!("*/ fn {MARKER}() {{}} /*"),
        format!("\"); {MARKER}(); (\""),
        format!("```rust\nfn {MARKER}() {{}}\n```"),
        format!("```\nunclosed {MARKER}"),
        format!("~~~\n{MARKER}\n~~~"),
        format!("#[{MARKER}] #![{MARKER}]"),
        format!("line1\r\n{MARKER}\r\nline3\rline4"),
        format!("\u{0}{MARKER}\u{0}\u{7}\u{1b}[31m"),
        format!("<script>{MARKER}</script> [link]({MARKER}) <{MARKER}>"),
        format!("\t\ttabbed {MARKER}\t"),
        format!("\\\" \\n {MARKER} \\u{{0}} \\"),
        format!("// {MARKER}\n/// {MARKER}\n//! {MARKER}\n/** {MARKER} */"),
        format!("r#\"{MARKER}\"# '{MARKER}' b\"{MARKER}\""),
        format!("名前 مرحبا 🦀 e\u{301} {MARKER}"),
        format!("`{MARKER}` `` ` `` `"),
        format!("{}{MARKER}", "\u{301}".repeat(40)),
        format!("\u{85}NEL \u{2028}LS \u{2029}PS {MARKER}"),
        format!("*/\n#[doc = \"{MARKER}\"]\n/*"),
        format!("\"#]\n{MARKER}!()"),
        format!("{{{MARKER}}} }} {{"),
        format!("{}{MARKER}", "x".repeat(300)),
        String::new(),
        " ".to_owned(),
        "\n\n\n".to_owned(),
    ]
}

/// Text rustc rejects in comments and literals by default (`text_direction_codepoint_in_*`).
const BIDI: &[char] = &[
    '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}',
    '\u{2069}',
];

/// A string strategy from a regex, compiled once (a `&str` strategy recompiles it per value).
fn regex(pattern: &str) -> BoxedStrategy<String> {
    proptest::string::string_regex(pattern)
        .expect("a valid regex")
        .boxed()
}

fn name() -> BoxedStrategy<String> {
    prop_oneof![
        4 => regex("[a-z][a-zA-Z0-9_]{0,8}"),
        4 => prop::sample::select(HOSTILE_NAMES).prop_map(str::to_owned),
        1 => regex("(?s).{0,10}"),
        1 => (prop::sample::select(HOSTILE_NAMES), 2usize..4).prop_map(|(n, k)| n.repeat(k)),
        1 => prop::sample::select(vec!["aB".repeat(150), "\u{5d0}".repeat(300), "9".repeat(300)]),
    ]
    .boxed()
}

fn text() -> BoxedStrategy<String> {
    prop_oneof![
        4 => prop::sample::select(hostile_texts()),
        1 => regex("(?s).{0,24}").prop_map(|t| format!("{t} {MARKER}")),
    ]
    .boxed()
}

/// Prose including the bidi controls rustc refuses (kept apart: only the compile property
/// checks for them).
fn prose() -> BoxedStrategy<String> {
    prop_oneof![
        8 => text(),
        1 => Just(format!("\u{202e}{MARKER}\u{202c} \u{2066}rtl\u{2069}")),
    ]
    .boxed()
}

/// A `default` or `example` value: any JSON, with hostile text in strings and keys.
fn any_value() -> BoxedStrategy<Value> {
    prop_oneof![
        3 => prose().prop_map(Value::String),
        1 => any::<i64>().prop_map(Value::from),
        // Short decimals: `serde_json` (without `float_roundtrip`) may read a 17-digit float
        // one ulp off, which would make JSON and YAML documentation differ.
        1 => (any::<i32>(), 0i32..8).prop_map(|(m, e)| Value::from(f64::from(m) / 10f64.powi(e))),
        1 => any::<bool>().prop_map(Value::Bool),
        1 => Just(Value::Null),
        1 => prop::collection::vec(prose(), 0..3).prop_map(|v| json!(v)),
        1 => (prose(), prose()).prop_map(|(k, v)| json!({ k: v })),
    ]
    .boxed()
}

/// What a schema says besides its type: the documentation keywords.
#[derive(Debug, Clone, Default)]
struct Docs {
    description: Option<String>,
    title: Option<String>,
    default: Option<Value>,
    example: Option<Value>,
    deprecated: bool,
}

fn docs() -> impl Strategy<Value = Docs> {
    (
        prop::option::weighted(0.4, prose()),
        prop::option::weighted(0.2, prose()),
        prop::option::weighted(0.2, any_value()),
        prop::option::weighted(0.2, any_value()),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(description, title, default, example, deprecated)| Docs {
            description,
            title,
            default,
            example,
            deprecated,
        })
}

#[derive(Debug, Clone)]
enum Kind {
    /// `type` and `format`, with the constraints that type allows.
    Primitive {
        ty: &'static str,
        format: Option<&'static str>,
        pattern: Option<String>,
        bounds: Option<(i64, i64)>,
    },
    /// A string enum; `None` is a `null` value. `described` adds `x-enum-descriptions`.
    Enum {
        values: Vec<Option<String>>,
        described: bool,
    },
    /// `$ref` to the component at this index (modulo the number of components).
    Ref(usize),
    /// A `$ref` that cannot resolve or is not supported.
    BrokenRef(&'static str),
    Array(Box<Schema>),
    Map(Box<Schema>),
    Object(Vec<(String, Schema, bool)>),
    /// `allOf` with one member.
    AllOf(Box<Schema>),
    /// No `type` at all: any JSON value.
    Any,
}

#[derive(Debug, Clone)]
struct Schema {
    kind: Kind,
    docs: Docs,
    nullable: bool,
}

const PRIMITIVES: &[(&str, Option<&str>)] = &[
    ("string", None),
    ("string", Some("date-time")),
    ("string", Some("byte")),
    ("string", Some("binary")),
    ("string", Some("uuid")),
    ("integer", None),
    ("integer", Some("int32")),
    ("integer", Some("int64")),
    ("integer", Some("uint8")),
    ("number", None),
    ("number", Some("float")),
    ("number", Some("double")),
    ("boolean", None),
];

const BROKEN_REFS: &[&str] = &[
    "#/components/schemas/DoesNotExist",
    "#/components/schemas/",
    "#/components/schemas/a/b",
    "#/components/parameters/X",
    "#/definitions/X",
    "other.yaml#/components/schemas/X",
    "#",
    "",
];

fn leaf() -> BoxedStrategy<Kind> {
    let primitive = (
        prop::sample::select(PRIMITIVES),
        prop::option::weighted(0.2, prose()),
        prop::option::weighted(0.2, (-5i64..5, 0i64..100)),
    )
        .prop_map(|((ty, format), pattern, bounds)| Kind::Primitive {
            ty,
            format,
            pattern: pattern.filter(|_| ty == "string"),
            bounds,
        });
    let enumeration = (
        prop::collection::vec(
            prop_oneof![8 => name().prop_map(Some), 1 => Just(None)],
            1..6,
        ),
        prop::bool::weighted(0.3),
    )
        .prop_map(|(values, described)| Kind::Enum { values, described });
    // Any broken reference fails the whole document, so they are rare (about one in ten).
    prop_oneof![
        64 => primitive,
        24 => enumeration,
        32 => (0usize..8).prop_map(Kind::Ref),
        8 => Just(Kind::Any),
        1 => prop::sample::select(BROKEN_REFS).prop_map(Kind::BrokenRef),
    ]
    .boxed()
}

/// Leaves that are valid parameter schemas (scalars).
fn scalar() -> BoxedStrategy<Kind> {
    leaf()
        .prop_filter("scalars only", |k| {
            matches!(k, Kind::Primitive { .. } | Kind::Enum { .. })
        })
        .boxed()
}

fn schema() -> BoxedStrategy<Schema> {
    let node = |kind: BoxedStrategy<Kind>| {
        (kind, docs(), prop::bool::weighted(0.15))
            .prop_map(|(kind, docs, nullable)| Schema {
                kind,
                docs,
                nullable,
            })
            .boxed()
    };
    node(leaf())
        .prop_recursive(6, 48, 5, move |inner| {
            let kind = prop_oneof![
                2 => inner.clone().prop_map(|s| Kind::Array(Box::new(s))),
                2 => inner.clone().prop_map(|s| Kind::Map(Box::new(s))),
                5 => prop::collection::vec((name(), inner.clone(), any::<bool>()), 1..5)
                    .prop_map(Kind::Object),
                1 => inner.clone().prop_map(|s| Kind::AllOf(Box::new(s))),
            ];
            node(kind.boxed())
        })
        .boxed()
}

/// A parameter's schema: scalars, rarely something unsupported (an object, any value).
fn param_schema() -> BoxedStrategy<Schema> {
    let kind = prop_oneof![
        40 => scalar(),
        1 => schema().prop_map(|s| s.kind),
    ];
    (kind, docs(), prop::bool::weighted(0.01))
        .prop_map(|(kind, docs, nullable)| Schema {
            kind,
            docs,
            nullable,
        })
        .boxed()
}

#[derive(Debug, Clone)]
struct Param {
    name: String,
    location: &'static str,
    schema: Schema,
    required: bool,
    description: Option<String>,
    client_param: Option<String>,
}

fn query_or_header_param(names: BoxedStrategy<String>) -> impl Strategy<Value = Param> {
    (
        names,
        prop_oneof![
            30 => Just("query"),
            20 => Just("header"),
            1 => Just("cookie"),
        ],
        param_schema(),
        // A list: fine in the query, unsupported (so rare) in a header.
        prop::bool::weighted(0.2),
        prop::bool::weighted(0.05),
        any::<bool>(),
        prop::option::weighted(0.5, prose()),
    )
        .prop_map(
            |(name, location, schema, list, list_anywhere, required, description)| {
                let schema = if list && (location == "query" || list_anywhere) {
                    Schema {
                        kind: Kind::Array(Box::new(schema)),
                        docs: Docs::default(),
                        nullable: false,
                    }
                } else {
                    schema
                };
                Param {
                    name,
                    location,
                    schema,
                    required,
                    description,
                    client_param: None,
                }
            },
        )
}

#[derive(Debug, Clone)]
enum Segment {
    Literal(String),
    Param {
        name: String,
        declared: bool,
        client_param: Option<String>,
    },
}

#[derive(Debug, Clone)]
struct Operation {
    method: &'static str,
    id: Option<String>,
    summary: Option<String>,
    description: Option<String>,
    deprecated: bool,
    params: Vec<Param>,
    body: Option<(Schema, bool, &'static str, Option<String>)>,
    success: (&'static str, Option<(&'static str, Option<Schema>)>),
    errors: Vec<(&'static str, Schema)>,
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "patch", "head", "options", "trace",
];

fn operation(extra_names: bool) -> impl Strategy<Value = Operation> {
    let names = if extra_names {
        prop_oneof![4 => name(), 1 => prop::sample::select(GENERATED_NAMES).prop_map(str::to_owned)]
            .boxed()
    } else {
        name()
    };
    let media = prop_oneof![
        20 => Just("application/json"),
        5 => Just("application/json; charset=utf-8"),
        5 => Just("application/problem+json"),
        1 => Just("text/plain"),
    ];
    (
        (
            prop::sample::select(METHODS),
            prop_oneof![
                6 => name().prop_map(Some),
                2 => Just(None),
                1 => Just(Some("duplicate".to_owned())),
            ],
            prop::option::weighted(0.4, prose()),
            prop::option::weighted(0.4, prose()),
            prop::bool::weighted(0.1),
        ),
        prop::collection::vec(query_or_header_param(names), 0..4),
        prop::option::weighted(
            0.4,
            (
                schema(),
                any::<bool>(),
                media.clone(),
                prop::option::weighted(0.5, prose()),
            ),
        ),
        (
            prop::sample::select(vec!["200", "201", "204", "2XX"]),
            prop::option::weighted(0.7, (media, prop::option::weighted(0.9, schema()))),
        ),
        prop::collection::vec(
            (
                prop::sample::select(vec!["400", "404", "default"]),
                schema(),
            ),
            0..2,
        ),
    )
        .prop_map(
            |((method, id, summary, description, deprecated), params, body, success, errors)| {
                Operation {
                    method,
                    id,
                    summary,
                    description,
                    deprecated,
                    params,
                    body,
                    success,
                    errors,
                }
            },
        )
}

#[derive(Debug, Clone)]
struct PathItem {
    segments: Vec<Segment>,
    operations: Vec<Operation>,
}

fn path_item(extra_names: bool) -> impl Strategy<Value = PathItem> {
    let client_param = if extra_names {
        prop::option::weighted(
            0.2,
            prop_oneof![
                name(),
                prop::sample::select(GENERATED_NAMES).prop_map(str::to_owned)
            ],
        )
        .boxed()
    } else {
        prop::option::weighted(0.2, name()).boxed()
    };
    let segment = prop_oneof![
        3 => prop_oneof![
            4 => regex("[a-z0-9._-]{1,8}"),
            1 => name().prop_map(|n| n.replace(['{', '}', '/'], "")),
        ].prop_map(Segment::Literal),
        2 => (
            name().prop_map(|n| n.replace(['{', '}', '/'], "")),
            prop::bool::weighted(0.97),
            client_param,
        )
            .prop_map(|(name, declared, client_param)| Segment::Param {
                name,
                declared,
                client_param,
            }),
    ];
    (
        prop::collection::vec(segment, 0..4),
        prop::collection::vec(operation(extra_names), 1..3),
    )
        .prop_map(|(segments, operations)| PathItem {
            segments,
            operations,
        })
}

#[derive(Debug, Clone)]
struct Server {
    url: String,
    description: Option<String>,
    variables: Vec<(String, String, Option<String>)>,
}

fn server(extra_names: bool) -> impl Strategy<Value = Server> {
    let names = if extra_names {
        prop_oneof![3 => name(), 1 => prop::sample::select(GENERATED_NAMES).prop_map(str::to_owned)]
            .boxed()
    } else {
        name()
    };
    (
        prop_oneof![
            2 => Just("https://api.example.com/v1".to_owned()),
            1 => Just("https://{region}.example.com".to_owned()),
            2 => prose(),
        ],
        prop::option::weighted(0.5, prose()),
        prop::collection::vec((names, prose(), prop::option::weighted(0.5, prose())), 0..3),
    )
        .prop_map(|(url, description, variables)| Server {
            url,
            description,
            variables,
        })
}

/// A whole spec, before it becomes JSON.
#[derive(Debug, Clone)]
struct Spec {
    title: String,
    description: Option<String>,
    version: String,
    server: Option<Server>,
    components: Vec<(String, Schema)>,
    paths: Vec<PathItem>,
    signed: bool,
}

fn spec_with(extra_names: bool) -> impl Strategy<Value = Spec> {
    (
        prose(),
        prop::option::weighted(0.5, prose()),
        prose(),
        prop::option::weighted(0.7, server(extra_names)),
        prop::collection::vec((name(), schema()), 0..6),
        prop::collection::vec(path_item(extra_names), 1..4),
        prop::bool::weighted(0.2),
    )
        .prop_map(
            |(title, description, version, server, components, paths, signed)| Spec {
                title,
                description,
                version,
                server,
                components,
                paths,
                signed,
            },
        )
}

fn spec() -> impl Strategy<Value = Spec> {
    spec_with(false)
}

fn insert_opt(map: &mut Map<String, Value>, key: &str, value: Option<&String>) {
    if let Some(value) = value {
        map.insert(key.to_owned(), Value::String(value.clone()));
    }
}

fn schema_value(schema: &Schema, components: &[String]) -> Value {
    let mut map = Map::new();
    match &schema.kind {
        Kind::Primitive {
            ty,
            format,
            pattern,
            bounds,
        } => {
            map.insert("type".into(), json!(ty));
            if let Some(format) = format {
                map.insert("format".into(), json!(format));
            }
            insert_opt(&mut map, "pattern", pattern.as_ref());
            if let Some((low, high)) = bounds {
                let (min, max) = match *ty {
                    "string" => ("minLength", "maxLength"),
                    "integer" | "number" => ("minimum", "maximum"),
                    _ => ("x-min", "x-max"),
                };
                map.insert(min.into(), json!(low.unsigned_abs()));
                map.insert(max.into(), json!(high));
            }
        }
        Kind::Enum { values, described } => {
            map.insert("type".into(), json!("string"));
            map.insert("enum".into(), json!(values));
            if *described {
                let descriptions: Vec<String> =
                    values.iter().map(|_| format!("`{MARKER}` */")).collect();
                map.insert("x-enum-descriptions".into(), json!(descriptions));
            }
        }
        Kind::Ref(index) => {
            let Some(name) = components.get(index % components.len().max(1)) else {
                return json!({ "type": "string" });
            };
            let reference = format!("#/components/schemas/{name}");
            // A `$ref` object has no siblings in OpenAPI 3.0.
            return json!({ "$ref": reference });
        }
        Kind::BrokenRef(reference) => return json!({ "$ref": reference }),
        Kind::Array(items) => {
            map.insert("type".into(), json!("array"));
            map.insert("items".into(), schema_value(items, components));
        }
        Kind::Map(values) => {
            map.insert("type".into(), json!("object"));
            map.insert(
                "additionalProperties".into(),
                schema_value(values, components),
            );
        }
        Kind::Object(properties) => {
            map.insert("type".into(), json!("object"));
            let mut props = Map::new();
            let mut required = Vec::new();
            for (name, schema, is_required) in properties {
                props.insert(name.clone(), schema_value(schema, components));
                if *is_required {
                    required.push(name.clone());
                }
            }
            map.insert("properties".into(), Value::Object(props));
            if !required.is_empty() {
                map.insert("required".into(), json!(required));
            }
        }
        Kind::AllOf(member) => {
            map.insert("allOf".into(), json!([schema_value(member, components)]));
        }
        Kind::Any => {}
    }
    let docs = &schema.docs;
    insert_opt(&mut map, "description", docs.description.as_ref());
    insert_opt(&mut map, "title", docs.title.as_ref());
    if let Some(default) = &docs.default {
        map.insert("default".into(), default.clone());
    }
    if let Some(example) = &docs.example {
        map.insert("example".into(), example.clone());
    }
    if docs.deprecated {
        map.insert("deprecated".into(), json!(true));
    }
    if schema.nullable {
        map.insert("nullable".into(), json!(true));
    }
    Value::Object(map)
}

fn param_value(param: &Param, components: &[String]) -> Value {
    let mut map = Map::new();
    map.insert("name".into(), json!(param.name));
    map.insert("in".into(), json!(param.location));
    map.insert(
        "required".into(),
        json!(param.required || param.location == "path"),
    );
    map.insert("schema".into(), schema_value(&param.schema, components));
    insert_opt(&mut map, "description", param.description.as_ref());
    insert_opt(&mut map, "x-client-parameter", param.client_param.as_ref());
    Value::Object(map)
}

impl Spec {
    fn to_value(&self) -> Value {
        let names: Vec<String> = self.components.iter().map(|(n, _)| n.clone()).collect();
        let mut info = json!({ "title": self.title, "version": self.version });
        if let Some(description) = &self.description {
            info["description"] = json!(description);
        }
        let mut doc = json!({ "openapi": "3.0.3", "info": info, "paths": {} });
        if let Some(server) = &self.server {
            let mut value = json!({ "url": server.url });
            if let Some(description) = &server.description {
                value["description"] = json!(description);
            }
            if !server.variables.is_empty() {
                let variables: Map<String, Value> = server
                    .variables
                    .iter()
                    .map(|(name, default, description)| {
                        let mut v = json!({ "default": default });
                        if let Some(description) = description {
                            v["description"] = json!(description);
                        }
                        (name.clone(), v)
                    })
                    .collect();
                value["variables"] = Value::Object(variables);
            }
            doc["servers"] = json!([value]);
        }
        let mut paths = Map::new();
        for item in &self.paths {
            let mut template = String::new();
            let mut path_params = Vec::new();
            for segment in &item.segments {
                template.push('/');
                match segment {
                    Segment::Literal(text) => template.push_str(text),
                    Segment::Param {
                        name,
                        declared,
                        client_param,
                    } => {
                        template.push_str(&format!("{{{name}}}"));
                        if *declared {
                            path_params.push(Param {
                                name: name.clone(),
                                location: "path",
                                schema: Schema {
                                    kind: Kind::Primitive {
                                        ty: "string",
                                        format: None,
                                        pattern: None,
                                        bounds: None,
                                    },
                                    docs: Docs::default(),
                                    nullable: false,
                                },
                                required: true,
                                description: Some(format!("`{MARKER}` */")),
                                client_param: client_param.clone(),
                            });
                        }
                    }
                }
            }
            if template.is_empty() {
                template.push('/');
            }
            let mut path_item = Map::new();
            for op in &item.operations {
                let mut value = Map::new();
                if let Some(id) = &op.id {
                    value.insert("operationId".into(), json!(id));
                }
                insert_opt(&mut value, "summary", op.summary.as_ref());
                insert_opt(&mut value, "description", op.description.as_ref());
                if op.deprecated {
                    value.insert("deprecated".into(), json!(true));
                }
                let params: Vec<Value> = path_params
                    .iter()
                    .chain(&op.params)
                    .map(|p| param_value(p, &names))
                    .collect();
                if !params.is_empty() {
                    value.insert("parameters".into(), Value::Array(params));
                }
                if let Some((schema, required, media, description)) = &op.body {
                    let mut body = json!({
                        "required": required,
                        "content": { *media: { "schema": schema_value(schema, &names) } },
                    });
                    if let Some(description) = description {
                        body["description"] = json!(description);
                    }
                    value.insert("requestBody".into(), body);
                }
                let mut responses = Map::new();
                let (code, content) = &op.success;
                let mut success = json!({ "description": format!("ok {MARKER} */") });
                if let Some((media, schema)) = content {
                    let media_value = match schema {
                        Some(schema) => json!({ "schema": schema_value(schema, &names) }),
                        None => json!({}),
                    };
                    success["content"] = json!({ *media: media_value });
                }
                responses.insert((*code).to_owned(), success);
                for (code, schema) in &op.errors {
                    responses.insert(
                        (*code).to_owned(),
                        json!({
                            "description": format!("error {MARKER}"),
                            "content": { "application/json": { "schema": schema_value(schema, &names) } },
                        }),
                    );
                }
                value.insert("responses".into(), Value::Object(responses));
                path_item.insert(op.method.to_owned(), Value::Object(value));
            }
            paths.insert(template, Value::Object(path_item));
        }
        doc["paths"] = Value::Object(paths);
        let mut components = Map::new();
        if !self.components.is_empty() {
            let schemas: Map<String, Value> = self
                .components
                .iter()
                .map(|(name, schema)| (name.clone(), schema_value(schema, &names)))
                .collect();
            components.insert("schemas".into(), Value::Object(schemas));
        }
        if self.signed {
            components.insert(
                "securitySchemes".into(),
                json!({ "aksk": { "type": "apiKey", "in": "header", "name": "Authorization", "x-signer": "sdk-hmac-sha256" } }),
            );
        }
        if !components.is_empty() {
            doc["components"] = Value::Object(components);
        }
        doc
    }
}

fn spec_name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => Just("spec.yaml".to_owned()),
        1 => prose().prop_map(|t| format!("{t}.yaml")),
        1 => Just("dir/名前 \n\"*/.json".to_owned()),
        1 => Just(String::new()),
    ]
}

fn yaml(value: &Value) -> String {
    let mut out = String::new();
    yaml_rust2::YamlEmitter::new(&mut out)
        .dump(&to_yaml(value))
        .expect("any JSON value is YAML");
    out
}

fn to_yaml(value: &Value) -> yaml_rust2::Yaml {
    use yaml_rust2::Yaml;
    match value {
        Value::Null => Yaml::Null,
        Value::Bool(b) => Yaml::Boolean(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Yaml::Integer(i),
            None => Yaml::Real(n.to_string()),
        },
        Value::String(s) => Yaml::String(s.clone()),
        Value::Array(items) => Yaml::Array(items.iter().map(to_yaml).collect()),
        Value::Object(map) => Yaml::Hash(
            map.iter()
                .map(|(k, v)| (Yaml::String(k.clone()), to_yaml(v)))
                .collect(),
        ),
    }
}

/// Renders and checks the outcome: code that parses (`Some`), or a spec error that names a JSON
/// pointer (`None`). A panic fails the case too: proptest catches it.
fn render(text: &str, json: bool, spec_name: &str) -> Result<Option<String>, TestCaseError> {
    render_checked(text, json, spec_name, true)
}

/// As [`render`]; `parse: false` skips parsing output that is compared with parsed output.
fn render_checked(
    text: &str,
    json: bool,
    spec_name: &str,
    parse: bool,
) -> Result<Option<String>, TestCaseError> {
    match specforge::render_str(text, json, spec_name) {
        Ok(code) => {
            if parse {
                if let Err(error) = syn::parse_file(&code) {
                    return Err(TestCaseError::fail(format!(
                        "the output does not parse: {error}\n{code}"
                    )));
                }
            }
            Ok(Some(code))
        }
        Err(specforge::Error::Spec(error)) => {
            let message = error.to_string();
            prop_assert!(
                message.contains(&format!("at `#{}`", error.pointer)),
                "the error does not name its JSON pointer: {message}"
            );
            prop_assert!(
                error.pointer.is_empty() || error.pointer.starts_with('/'),
                "not a JSON pointer: {:?}",
                error.pointer
            );
            Ok(None)
        }
        Err(other) => Err(TestCaseError::fail(format!(
            "neither code nor a spec error: {other}"
        ))),
    }
}

/// Every identifier in the output, at any depth (doc comments are attributes with string
/// literals, so their text is not an identifier).
fn identifiers(tokens: proc_macro2::TokenStream, out: &mut BTreeSet<String>) {
    for token in tokens {
        match token {
            proc_macro2::TokenTree::Ident(ident) => {
                out.insert(ident.to_string());
            }
            proc_macro2::TokenTree::Group(group) => identifiers(group.stream(), out),
            _ => {}
        }
    }
}

/// The code with comment lines dropped and string literal contents blanked.
fn code_outside_comments_and_strings(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    for line in code.lines() {
        if line.trim_start().starts_with("//") {
            continue;
        }
        let mut in_string = false;
        let mut escaped = false;
        for c in line.chars() {
            if in_string {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    in_string = false;
                    out.push(c);
                }
            } else {
                if c == '"' {
                    in_string = true;
                }
                out.push(c);
            }
        }
        out.push('\n');
    }
    out
}

fn assert_no_injection(code: &str) -> Result<(), TestCaseError> {
    let stripped = code_outside_comments_and_strings(code);
    prop_assert!(
        !stripped.contains(MARKER),
        "spec prose became code:\n{}",
        stripped
            .lines()
            .filter(|l| l.contains(MARKER))
            .collect::<Vec<_>>()
            .join("\n")
    );
    let tokens: proc_macro2::TokenStream = code
        .parse()
        .map_err(|e| TestCaseError::fail(format!("the output does not lex: {e:?}")))?;
    let mut idents = BTreeSet::new();
    identifiers(tokens, &mut idents);
    let planted = ["injected_marker", "injectedmarker"];
    for ident in &idents {
        let lower = ident.to_ascii_lowercase();
        prop_assert!(
            !planted.iter().any(|p| lower.contains(p)),
            "spec prose became the identifier `{ident}`"
        );
    }
    Ok(())
}

/// Bidi control characters, which rustc rejects in comments and literals by default.
fn bidi_problems(code: &str) -> Vec<String> {
    code.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let c = line.chars().find(|c| BIDI.contains(c))?;
            Some(format!("line {}: {c:?} in {line:?}", i + 1))
        })
        .collect()
}

/// What rustc would reject although the file parses: a name defined twice (fields, variants,
/// items, methods of one type, arguments), or an argument the method body shadows with its
/// own `let` before using it.
fn definition_problems(code: &str) -> Vec<String> {
    let mut problems = Vec::new();
    match syn::parse_file(code) {
        Ok(file) => check_items(&file.items, "crate", &mut problems),
        Err(error) => problems.push(format!("the output does not parse: {error}")),
    }
    problems
}

fn duplicates(names: impl IntoIterator<Item = String>, what: &str, out: &mut Vec<String>) {
    let mut seen = BTreeSet::new();
    for name in names {
        if !seen.insert(name.clone()) {
            out.push(format!("{what}: `{name}` is defined twice"));
        }
    }
}

fn check_items(items: &[syn::Item], scope: &str, problems: &mut Vec<String>) {
    let mut types = Vec::new();
    let mut values = Vec::new();
    let mut methods: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for item in items {
        match item {
            syn::Item::Struct(s) => {
                types.push(s.ident.to_string());
                let fields = s
                    .fields
                    .iter()
                    .filter_map(|f| f.ident.as_ref().map(ToString::to_string));
                duplicates(
                    fields,
                    &format!("fields of {}::{}", scope, s.ident),
                    problems,
                );
            }
            syn::Item::Enum(e) => {
                types.push(e.ident.to_string());
                let variants = e.variants.iter().map(|v| v.ident.to_string());
                duplicates(
                    variants,
                    &format!("variants of {}::{}", scope, e.ident),
                    problems,
                );
            }
            syn::Item::Type(t) => types.push(t.ident.to_string()),
            syn::Item::Mod(m) => {
                types.push(m.ident.to_string());
                if let Some((_, items)) = &m.content {
                    check_items(items, &format!("{scope}::{}", m.ident), problems);
                }
            }
            syn::Item::Fn(f) => {
                values.push(f.sig.ident.to_string());
                check_fn(&f.sig, &f.block, scope, problems);
            }
            syn::Item::Const(c) => values.push(c.ident.to_string()),
            syn::Item::Impl(i) => {
                let self_ty = i.self_ty.to_token_stream().to_string();
                let trait_name = i
                    .trait_
                    .as_ref()
                    .map(|(_, path, _)| path.to_token_stream().to_string());
                let key = format!("{self_ty} {}", trait_name.unwrap_or_default());
                for impl_item in &i.items {
                    if let syn::ImplItem::Fn(f) = impl_item {
                        methods
                            .entry(key.clone())
                            .or_default()
                            .push(f.sig.ident.to_string());
                        check_fn(&f.sig, &f.block, scope, problems);
                    }
                }
            }
            _ => {}
        }
    }
    duplicates(types, &format!("types in {scope}"), problems);
    duplicates(values, &format!("functions in {scope}"), problems);
    // Inherent methods of one type share one namespace across `impl` blocks.
    let mut inherent: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (key, names) in methods {
        let (self_ty, trait_name) = key.split_once(' ').unwrap_or((&key, ""));
        if trait_name.is_empty() {
            inherent
                .entry(self_ty.to_owned())
                .or_default()
                .extend(names);
        } else {
            duplicates(names, &format!("methods of {key} in {scope}"), problems);
        }
    }
    for (self_ty, names) in inherent {
        duplicates(names, &format!("methods of {self_ty} in {scope}"), problems);
    }
}

fn pattern_name(pat: &syn::Pat) -> Option<String> {
    match pat {
        syn::Pat::Ident(p) => Some(p.ident.to_string()),
        syn::Pat::Type(t) => pattern_name(&t.pat),
        _ => None,
    }
}

fn check_fn(sig: &syn::Signature, body: &syn::Block, scope: &str, problems: &mut Vec<String>) {
    let args: Vec<String> = sig
        .inputs
        .iter()
        .filter_map(|arg| match arg {
            syn::FnArg::Typed(t) => pattern_name(&t.pat),
            syn::FnArg::Receiver(_) => None,
        })
        .collect();
    let what = format!("arguments of {scope}::{}", sig.ident);
    duplicates(args.iter().cloned(), &what, problems);
    for stmt in &body.stmts {
        if let syn::Stmt::Local(local) = stmt {
            if let Some(name) = pattern_name(&local.pat) {
                if args.contains(&name) {
                    problems.push(format!(
                        "{scope}::{}: the argument `{name}` is shadowed by the body's own `let {name}`",
                        sig.ident
                    ));
                }
            }
        }
    }
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 64,
        // Shrinking re-renders many times; keep failures quick to report.
        max_shrink_iters: 256,
        // Failures are reported with their minimal input; nothing is written to the tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// Any document, as JSON and as YAML: code that parses, or a spec error with a pointer.
    #[test]
    fn renders_parsable_code_or_a_located_spec_error(spec in spec(), name in spec_name()) {
        let value = spec.to_value();
        let json_text = serde_json::to_string_pretty(&value).expect("JSON");
        let from_json = render(&json_text, true, &name)?;
        // Compared with the JSON output below, so parsed once.
        let from_yaml = render_checked(&yaml(&value), false, &name, false)?;
        // One document, two syntaxes: the same outcome, and the same code.
        prop_assert_eq!(from_json.is_some(), from_yaml.is_some());
        if let (Some(a), Some(b)) = (&from_json, &from_yaml) {
            let first = a.lines().zip(b.lines()).find(|(x, y)| x != y);
            prop_assert!(a == b, "JSON and YAML give different code; first difference:\n{first:?}");
        }
    }

    /// The same spec always gives the same bytes.
    #[test]
    fn output_is_deterministic(spec in spec(), name in spec_name()) {
        let text = serde_json::to_string(&spec.to_value()).expect("JSON");
        let first = specforge::render_str(&text, true, &name).map_err(|e| e.to_string());
        let second = specforge::render_str(&text, true, &name).map_err(|e| e.to_string());
        prop_assert_eq!(first, second);
    }

    /// Prose from the spec only ever lands in comments and string literals, and never with
    /// bidi controls (RTL overrides), which rustc rejects there
    /// (`text_direction_codepoint_in_comment`, denied by default).
    #[test]
    fn spec_prose_stays_inert(spec in spec(), name in spec_name()) {
        let text = serde_json::to_string(&spec.to_value()).expect("JSON");
        if let Some(code) = render(&text, true, &name)? {
            assert_no_injection(&code)?;
            let problems = bidi_problems(&code);
            prop_assert!(problems.is_empty(), "{}", problems.join("\n"));
        }
    }

    /// Beyond parsing: no name defined twice and no argument shadowed by the method body,
    /// with names that include those the generated code itself uses (`http`, `request`, ...).
    #[test]
    fn output_defines_every_name_once(spec in spec_with(true)) {
        let text = serde_json::to_string(&spec.to_value()).expect("JSON");
        if let Some(code) = render(&text, true, "spec.json")? {
            let problems = definition_problems(&code);
            prop_assert!(problems.is_empty(), "{}", problems.join("\n"));
        }
    }
}

/// A document with one component schema and one operation returning it.
fn document_with_schema(schema: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": { "title": "t", "version": "1" },
        "paths": { "/a": { "get": { "responses": { "200": {
            "description": "ok",
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/A" } } },
        } } } } },
        "components": { "schemas": { "A": schema } },
    })
}

fn nested(depth: usize, leaf: Value, wrap: impl Fn(Value) -> Value) -> Value {
    (0..depth).fold(leaf, |inner, _| wrap(inner))
}

fn nested_objects(depth: usize, leaf: Value) -> Value {
    nested(
        depth,
        leaf,
        |inner| json!({ "type": "object", "properties": { "p": inner } }),
    )
}

/// Names that are distinct on the wire but collide after case conversion (`x`, `x-`, `x.`, ...).
fn colliding_names(count: usize) -> Vec<String> {
    let separators = ['-', '.', ' ', '_', '$', '@'];
    (0..count)
        .map(|mut i| {
            let mut name = "x".to_owned();
            loop {
                name.push(separators[i % separators.len()]);
                i /= separators.len();
                if i == 0 {
                    break name;
                }
            }
        })
        .collect()
}

/// `count` more component schemas `c0`, `c1`, ..., each made by `link` from the next name.
fn chain(count: usize, link: impl Fn(&str) -> Value) -> Value {
    let mut doc = document_with_schema(json!({ "type": "string" }));
    let schemas = doc["components"]["schemas"]
        .as_object_mut()
        .expect("schemas");
    for i in 0..count {
        let next = if i + 1 < count {
            format!("c{}", i + 1)
        } else {
            "A".to_owned()
        };
        schemas.insert(
            format!("c{i}"),
            link(&format!("#/components/schemas/{next}")),
        );
    }
    doc
}

/// The inputs the hang guard runs, each in a child process with a deadline. Sizes are chosen
/// so that linear work takes well under a second in debug, and quadratic work far longer.
fn hang_case(case: &str) -> (String, bool) {
    let string = json!({ "type": "string" });
    let as_json = |v: Value| (v.to_string(), true);
    let as_yaml = |v: Value| (yaml(&v), false);
    let wide = |names: Vec<String>| {
        let properties: Map<String, Value> = names
            .into_iter()
            .map(|n| (n, json!({ "type": "string", "description": MARKER })))
            .collect();
        document_with_schema(json!({ "type": "object", "properties": properties }))
    };
    match case {
        "deep_objects_json" => as_json(document_with_schema(nested_objects(200, string))),
        "deep_objects_yaml" => as_yaml(document_with_schema(nested_objects(200, string))),
        "deep_arrays_json" => as_json(document_with_schema(nested(
            200,
            string,
            |i| json!({ "type": "array", "items": i }),
        ))),
        "deep_maps_yaml" => as_yaml(document_with_schema(nested(
            200,
            string,
            |i| json!({ "type": "object", "additionalProperties": i }),
        ))),
        "wide_json" => as_json(wide((0..2000).map(|i| format!("p{i}")).collect())),
        "wide_yaml" => as_yaml(wide((0..2000).map(|i| format!("p{i}")).collect())),
        // Found by this suite: each name that collides after `snake_case` retried every
        // suffix from 2 (`naming::Scope::unique`), quadratic: 4,000 names took ~22 s in debug.
        "wide_colliding_json" => as_json(wide(colliding_names(4000))),
        // Found by this suite: the alias-cycle check walked the alias graph once per alias
        // (`recursion::reject_alias_cycles`): 4,000 chained aliases took ~24 s in debug.
        "alias_chain_json" => as_json(chain(4000, |next| json!({ "$ref": next }))),
        // Found by this suite: boxing walked the type graph once per field
        // (`recursion::box_recursive_fields`): 4,000 chained structs took ~29 s in debug.
        "struct_chain_json" => as_json(chain(
            4000,
            |next| json!({ "type": "object", "properties": { "next": { "$ref": next } } }),
        )),
        // Found by this suite: a valid schema nested 61 deep overflowed a 2 MiB stack while
        // the document was deserialized (the default stack of a spawned thread or a test).
        "nested_61_on_2mib_stack" => as_json(document_with_schema(nested_objects(61, string))),
        // Found by this suite: one wrong-typed keyword under 24 nested schemas took 2^24
        // deserialization attempts (`openapiv3::ReferenceOr` retries every failure).
        "deep_invalid_leaf" => as_json(document_with_schema(nested_objects(
            24,
            json!({ "type": "string", "nullable": "yes" }),
        ))),
        // Each `d{i}` reaches `d{i+1}` twice (directly and through `e{i}`): gathering `allOf`
        // members without remembering visited components is exponential (2^30 here; deeper chains hit the depth limit).
        "all_of_diamonds_json" => as_json(all_of_diamonds(30)),
        // 2,000 union members, half of them duplicates (deduplicated by type).
        "one_of_wide_json" => as_json(document_with_schema(json!({
            "oneOf": (0..2000)
                .map(|i| if i % 2 == 0 {
                    json!({ "$ref": "#/components/schemas/A" })
                } else {
                    json!({ "type": "object", "properties": { format!("p{i}"): string } })
                })
                .collect::<Vec<_>>()
        }))),
        other => panic!("unknown hang case {other}"),
    }
}

/// `d0` … `d{count}` where `d{i}` is `allOf: [d{i+1}, e{i}]` and `e{i}` is `allOf: [d{i+1}]`
/// plus a property of its own.
fn all_of_diamonds(count: usize) -> Value {
    let mut doc = document_with_schema(json!({ "$ref": "#/components/schemas/d0" }));
    let schemas = doc["components"]["schemas"]
        .as_object_mut()
        .expect("schemas");
    let reference = |name: String| json!({ "$ref": format!("#/components/schemas/{name}") });
    for i in 0..count {
        schemas.insert(
            format!("d{i}"),
            json!({ "allOf": [reference(format!("d{}", i + 1)), reference(format!("e{i}"))] }),
        );
        schemas.insert(
            format!("e{i}"),
            json!({
                "allOf": [reference(format!("d{}", i + 1))],
                "properties": { format!("e{i}"): { "type": "string" } }
            }),
        );
    }
    schemas.insert(
        format!("d{count}"),
        json!({ "type": "object", "properties": { "leaf": { "type": "string" } } }),
    );
    doc
}

const HANG_CASES: &[&str] = &[
    "deep_objects_json",
    "deep_objects_yaml",
    "deep_arrays_json",
    "deep_maps_yaml",
    "wide_json",
    "wide_yaml",
    "wide_colliding_json",
    "alias_chain_json",
    "struct_chain_json",
    "nested_61_on_2mib_stack",
    "deep_invalid_leaf",
    "all_of_diamonds_json",
    "one_of_wide_json",
];

/// Run by [`hostile_inputs_finish_quickly`] in a child process, so that a stack overflow
/// (which aborts the process) or a hang cannot take the whole test binary with it.
#[test]
#[ignore = "run by `hostile_inputs_finish_quickly` in a child process"]
fn hang_guard_child() {
    let Ok(case) = std::env::var("CODEGEN_HANG_CASE") else {
        return;
    };
    let (text, json) = hang_case(&case);
    // The stack a spawned thread (or a test) gets by default.
    let worker = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(
            move || match specforge::render_str(&text, json, "hostile.json") {
                Ok(code) => {
                    syn::parse_file(&code).expect("the output parses");
                }
                Err(specforge::Error::Spec(error)) => {
                    assert!(error.to_string().contains("at `#"), "{error}");
                }
                Err(other) => panic!("neither code nor a spec error: {other}"),
            },
        )
        .expect("spawn the worker");
    worker
        .join()
        .expect("the worker finishes without panicking");
}

/// Deep (200 levels) and wide (2,000+ names) documents finish (no hang), in a 2 MiB stack.
/// Each case runs in a child process (two at a time) with its own deadline.
#[test]
fn hostile_inputs_finish_quickly() {
    // A hang guard, not a benchmark: generous, since CI shares two cores with other jobs.
    let deadline = Duration::from_secs(30);
    let exe = std::env::current_exe().expect("the test binary");
    let spawn = |case: &'static str| -> (&'static str, Instant, Child) {
        let child = Command::new(&exe)
            .args([
                "hang_guard_child",
                "--exact",
                "--ignored",
                "--test-threads=1",
            ])
            .env("CODEGEN_HANG_CASE", case)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn the test binary");
        (case, Instant::now(), child)
    };
    let mut queue = HANG_CASES.iter().copied();
    let mut running: Vec<_> = queue.by_ref().take(2).map(spawn).collect();
    let mut failures = Vec::new();
    while !running.is_empty() {
        let mut still = Vec::new();
        for (case, started, mut child) in running {
            match child.try_wait().expect("poll the child") {
                Some(status) if status.success() => {}
                Some(status) => {
                    let output = child.wait_with_output().expect("child output");
                    let stderr = String::from_utf8_lossy(&output.stderr);
                    let lines: Vec<&str> = stderr
                        .lines()
                        .filter(|l| !l.trim().is_empty() && !l.starts_with("note:"))
                        .collect();
                    let tail = lines[lines.len().saturating_sub(3)..].join(" | ");
                    failures.push(format!("{case}: {status}: {tail}"));
                }
                None if started.elapsed() > deadline => {
                    let _ = child.kill();
                    let _ = child.wait();
                    failures.push(format!("{case}: still running after {deadline:?}"));
                }
                None => {
                    still.push((case, started, child));
                    continue;
                }
            }
            still.extend(queue.next().map(spawn));
        }
        running = still;
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Found by this suite and the fuzzer: a key twice in one mapping panicked inside `openapiv3`
/// ("somehow this parsed successfully the second time"). It must be a spec error.
#[test]
fn duplicate_keys_are_a_spec_error() {
    let json_text = r##"{"openapi":"3.0.3","info":{"title":"t","version":"1"},
        "paths":{"/a":{"get":{"responses":{"200":{"description":"ok"}}}}},
        "components":{"schemas":{"A":{"type":"string","type":"string"}}}}"##;
    let yaml_text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n\
        paths: {/a: {get: {responses: {'200': {description: ok}}}}}\n\
        components: {schemas: {A: {type: string, type: string}}}\n";
    for (text, json) in [(json_text, true), (yaml_text, false)] {
        let result = std::panic::catch_unwind(|| specforge::render_str(text, json, "dup.yaml"));
        match result {
            Ok(Err(specforge::Error::Spec(error))) => {
                assert!(error.to_string().contains("at `#"), "{error}")
            }
            Ok(other) => panic!("expected a spec error, got {other:?}"),
            Err(_) => panic!("render_str panicked on a duplicate key (json: {json})"),
        }
    }
}

/// `codegen/tests/fixtures/hostile.yaml`: every hostile construct that should generate, at once.
#[test]
fn the_hostile_fixture_generates_sound_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile.yaml");
    let text = std::fs::read_to_string(path).expect("the hostile fixture");
    let code = specforge::render_str(&text, false, "hostile.yaml")
        .unwrap_or_else(|e| panic!("hostile.yaml should generate: {e}"));
    syn::parse_file(&code).expect("the output parses");
    let injected = code_outside_comments_and_strings(&code).contains(MARKER);
    assert!(!injected, "spec prose became code");
    let mut problems = definition_problems(&code);
    problems.extend(bidi_problems(&code));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The checks themselves: they find what they are meant to find.
#[test]
fn the_checks_catch_what_they_look_for() {
    let code =
        format!("/// {MARKER}\nconst A: &str = \"{MARKER} \\\" {MARKER}\";\nfn {MARKER}() {{}}\n");
    assert_eq!(
        code_outside_comments_and_strings(&code)
            .matches(MARKER)
            .count(),
        1
    );
    let bad = "pub struct S { a: i32, a: i32 }\n\
               pub struct C;\n\
               impl C { pub fn m(&self) {} }\n\
               impl C { pub fn m(&self) {} pub fn f(&self, path: &str) { let path = 1; } }\n\
               /// \u{202e}\n\
               pub enum E { V, V }\n";
    let problems = definition_problems(bad);
    assert_eq!(problems.len(), 4, "{problems:#?}");
    assert_eq!(bidi_problems(bad).len(), 1);
}

/// A ring of `count` component schemas, each holding the next (and the last the first).
fn ring(count: usize) -> Value {
    let schemas: Map<String, Value> = (0..count)
        .map(|i| {
            let next = format!("#/components/schemas/r{}", (i + 1) % count);
            (
                format!("r{i}"),
                json!({ "type": "object", "properties": { "next": { "$ref": next } } }),
            )
        })
        .collect();
    let mut doc = document_with_schema(json!({ "$ref": "#/components/schemas/r0" }));
    doc["components"]["schemas"]
        .as_object_mut()
        .expect("schemas")
        .extend(schemas);
    doc
}

/// Parsing is not compiling: a sample of what the properties generate — eight random documents
/// (fixed seed, so a failure repeats) and the deep shapes rustc itself limits (a chain of 100
/// schemas held by value and a ring of 100: the longest code included under rustc's default
/// `recursion_limit` may hold; see `shapes_and_depth.rs`, and `deep_crates.rs` for longer ones
/// in a generated crate) — is checked with rustc, warnings denied, in a scratch crate beside
/// the workspace's target directory. Bounded: one `cargo check` of nine modules.
#[test]
fn a_sample_of_generated_code_compiles() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]),
    );
    let mut documents = vec![
        chain(
            100,
            |next| json!({ "type": "object", "required": ["next"], "properties": { "next": { "$ref": next } } }),
        ),
        ring(100),
    ];
    let strategy = spec();
    while documents.len() < 10 {
        let value = strategy
            .new_tree(&mut runner)
            .expect("a document")
            .current()
            .to_value();
        documents.push(value);
    }
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace = manifest.parent().expect("the workspace");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| workspace.join("target"));
    let scratch = target.join("compile-sample");
    let src = scratch.join("src");
    std::fs::create_dir_all(&src).expect("scratch dir");
    let mut lib = String::from("#![deny(warnings)]\n");
    for (i, doc) in documents.iter().enumerate() {
        let text = serde_json::to_string(doc).expect("JSON");
        // Documents the generator refuses (with a located error) have nothing to compile.
        let Ok(code) = specforge::render_str(&text, true, "sample.json") else {
            assert!(i >= 2, "the deep shape {i} was refused");
            continue;
        };
        std::fs::write(src.join(format!("s{i}.rs")), code).expect("write");
        lib.push_str(&format!("pub mod s{i};\n"));
    }
    std::fs::write(src.join("lib.rs"), lib).expect("write");
    let runtime = workspace.join("runtime");
    // Some random documents sign (`x-signer`): the vendor's signer is the runtime's `huawei`.
    std::fs::write(
        scratch.join("Cargo.toml"),
        format!(
            "[package]\nname = \"compile-sample\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n\
             [dependencies]\nspecforge-runtime = {{ path = {:?}, features = [\"huawei\"] }}\n\
             serde = {{ version = \"1\", features = [\"derive\"] }}\n\n[workspace]\n",
            runtime.display().to_string()
        ),
    )
    .expect("write");
    std::fs::copy(workspace.join("Cargo.lock"), scratch.join("Cargo.lock")).expect("lock");
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["check", "--offline", "--quiet", "--message-format=short"])
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "the sample does not compile:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
